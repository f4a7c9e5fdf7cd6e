/**
 * The text a hostile server or device sends in the display-safety tests (issue 12 §2), and the
 * checks that what ScanPath then shows is inert: no escape sequence, NUL, C1 control or bidi
 * override reaches the screen, and each is shown as a visible escape instead.
 */
import { expect } from 'vitest'

/** As characters (0x9B as U+009B): for peers that send strings (certificates, DNS, IPP text). */
export const HOSTILE = [
  'Evil',
  '\x1b[2J', // clear the screen
  '\x1b]0;pwned\x07', // retitle the terminal (OSC 0)
  '\x1b]8;;https://evil.test/\x07click\x1b]8;;\x07', // a hidden link (OSC 8)
  '\u202e', // right-to-left override: what follows reads backwards
  'gnp',
  '\x00', // NUL
  '\x9b', // C1 CSI, as a character
  '31m',
  'End',
].join('')

/** The visible escapes `HOSTILE` is shown as. */
export const HOSTILE_SHOWN =
  'Evil\\x1b[2J\\x1b]0;pwned\\x07\\x1b]8;;https://evil.test/\\x07click\\x1b]8;;\\x07\\u202egnp\\x00\\x9b31mEnd'

/**
 * As bytes, for peers that write raw bytes: the same as `HOSTILE` in UTF-8, then a raw 0x9B byte
 * (C1 CSI to an 8-bit terminal; invalid UTF-8) and more invalid UTF-8 (a lone 0xFF, a truncated
 * two-byte sequence, an encoded surrogate), each decoded as U+FFFD.
 */
export const HOSTILE_BYTES = Buffer.concat([
  Buffer.from(HOSTILE, 'utf8'),
  Buffer.from([0x9b]),
  Buffer.from('2J', 'ascii'),
  Buffer.from([0xff, 0xc3]),
  Buffer.from('x', 'ascii'),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from('Tail', 'ascii'),
])

/** Where `HOSTILE_BYTES` is decoded and shown: the invalid bytes as U+FFFD (one per byte here). */
export const HOSTILE_BYTES_SHOWN = `${HOSTILE_SHOWN}\ufffd2J\ufffd\ufffdx\ufffd\ufffd\ufffdTail`

/** `HOSTILE_BYTES` as Latin-1 characters, for peers that take a string and send one byte each. */
export const HOSTILE_LATIN1 = HOSTILE_BYTES.toString('latin1')

/**
 * What a terminal receives holds nothing it would obey: valid UTF-8 (so no stray 0x9B byte), no
 * ESC, BEL, NUL, C1 control, bidi control or line separator, and no line or paragraph separator.
 */
export function expectInert(output: Buffer | string): void {
  const bytes = typeof output === 'string' ? Buffer.from(output, 'utf8') : output
  const text = bytes.toString('utf8')
  expect(Buffer.from(text, 'utf8').equals(bytes), 'output is not valid UTF-8').toBe(true)
  // Every control but our own TAB and LF, the bidi controls and marks, the separators.
  const bad = /(?![\t\n])[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u
  const found = bad.exec(text)
  expect(
    found,
    found ? `raw U+${found[0].charCodeAt(0).toString(16)} at ${found.index}` : '',
  ).toBeNull()
}
