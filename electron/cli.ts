console.log('scanpath')
