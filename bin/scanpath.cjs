#!/usr/bin/env node
// Entry point of the `scanpath` command: runs the built CLI (out/main/cli.js) under plain Node.
'use strict'
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const built = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(built)) {
  process.stderr.write(
    'scanpath: the CLI is not built yet. Run "npm run build" in the ScanPath checkout first.\n',
  )
  process.exit(2)
}
require(built)
