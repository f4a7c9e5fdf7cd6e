import { describe, expect, it } from 'vitest'

import { decodeOctetText } from '../../../../electron/discovery/snmp'

describe('decodeOctetText (SNMP OCTET STRING as text)', () => {
  it('reads UTF-8, and drops the NUL padding printers add', () => {
    expect(decodeOctetText(Buffer.from('RICOH IM C3000 1.12 Zürich\0\0\0'))).toBe(
      'RICOH IM C3000 1.12 Zürich',
    )
    // A U+FFFD that was really sent is UTF-8 like any other character.
    expect(decodeOctetText(Buffer.from('a\ufffdb'))).toBe('a\ufffdb')
  })

  it('reads Latin-1 text from older printers', () => {
    expect(decodeOctetText(Buffer.from('Xerox\xae WorkCentre \xa92019', 'latin1'))).toBe(
      'Xerox® WorkCentre ©2019',
    )
  })

  it('never turns a byte into a C1 control: 0x80-0x9F make it UTF-8 with U+FFFD', () => {
    // 0x9B is CSI to a terminal as a byte and as U+009B; with 0xAE around, Latin-1 would look
    // plausible, but no printer text holds a C1 byte.
    const text = decodeOctetText(Buffer.from([0x41, 0x9b, 0x32, 0x4a, 0xae, 0x42]))
    expect(text).toBe('A\ufffd2J\ufffdB')
    expect(text).not.toMatch(/[\u0080-\u009f]/)
  })

  it('keeps a UTF-8 byte order mark rather than hiding it', () => {
    expect(decodeOctetText(Buffer.from('\ufeffHP'))).toBe('\ufeffHP')
  })
})
