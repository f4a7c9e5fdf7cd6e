import { describe, expect, it } from 'vitest'

import { displayJson, displayLines, displayText } from '../../../shared/display-text'
import {
  HOSTILE,
  HOSTILE_BYTES,
  HOSTILE_BYTES_SHOWN,
  HOSTILE_SHOWN,
} from '../../helpers/hostile-text'

describe('displayText', () => {
  it('shows every escape sequence, NUL, C1 and bidi override as a visible escape', () => {
    expect(displayText(HOSTILE)).toBe(HOSTILE_SHOWN)
  })

  it('leaves nothing a terminal would obey', () => {
    const shown = displayText(HOSTILE)
    // Printable ASCII only here: no ESC, BEL, NUL, C1 or bidi control survives.
    expect(shown).toMatch(/^[\x20-\x7e]*$/)
  })

  it('shows the bidi embeddings, overrides, isolates and marks and the line separators', () => {
    const bidi = [
      ...'\u202a\u202b\u202c\u202d\u202e',
      ...'\u2066\u2067\u2068\u2069',
      ...'\u200e\u200f\u061c',
      ...'\u2028\u2029',
    ]
    for (const ch of bidi)
      expect(displayText(`x${ch}y`)).toBe(`x\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}y`)
  })

  it('shows every C0 and C1 control and DEL as \\xHH; TAB, CR and LF as \\t \\r \\n', () => {
    for (let n = 0; n < 0x20; n++) {
      const ch = String.fromCharCode(n)
      const expected =
        ch === '\t'
          ? '\\t'
          : ch === '\n'
            ? '\\n'
            : ch === '\r'
              ? '\\r'
              : `\\x${n.toString(16).padStart(2, '0')}`
      expect(displayText(ch)).toBe(expected)
    }
    for (let n = 0x7f; n <= 0x9f; n++)
      expect(displayText(String.fromCharCode(n))).toBe(`\\x${n.toString(16)}`)
  })

  it('shows invisible format characters (zero-width space, BOM, tag characters)', () => {
    expect(displayText('a\u200bb\ufeffc\u2060d')).toBe('a\\u200bb\\ufeffc\\u2060d')
    // "Tag" characters can smuggle invisible ASCII: E0041 is an invisible "A".
    expect(displayText('ok\u{e0041}\u{e0042}')).toBe('ok\\u{e0041}\\u{e0042}')
  })

  it('shows bytes decoded as UTF-8 the way every network decoder does (bad bytes as U+FFFD)', () => {
    // Buffer#toString('utf8') is what the reply parser, IPP, mDNS and SNMP decoders use.
    expect(displayText(HOSTILE_BYTES.toString('utf8'))).toBe(HOSTILE_BYTES_SHOWN)
  })

  it('replaces lone surrogates with U+FFFD and keeps pairs', () => {
    expect(displayText('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc')
    expect(displayText('fax \u{1f4e0}')).toBe('fax \u{1f4e0}')
  })

  it('keeps ordinary text as it is: accents, other scripts, spaces, emoji with joiners', () => {
    const fine = [
      'Kyocera ECOSYS M3655idn',
      'Dvořák, Zürich — ≥ 1.2 “ok” €5',
      'שלום עולם مرحبا 你好',
      'رونو\u200cشت', // ZWNJ, needed by Persian
      '👩\u200d💻 ⚠\ufe0e',
      'C:\\Users\\tech\\scan.pdf',
      '\u00a0nbsp',
    ]
    for (const t of fine) expect(displayText(t)).toBe(t)
  })

  it('is idempotent', () => {
    const once = displayText(HOSTILE + '\ud800\u2028\t')
    expect(displayText(once)).toBe(once)
  })
})

describe('displayLines', () => {
  it('keeps the line breaks between lines and shows everything else', () => {
    expect(displayLines('250-first\n250 second\x1b[2J\r')).toBe('250-first\n250 second\\x1b[2J\\r')
  })
})

describe('displayJson', () => {
  it('parses back to the exact value', () => {
    const value = { text: HOSTILE + '\u2028\u2029\u061c\u200d\u{e0041}', n: 1, list: ['é'] }
    expect(JSON.parse(displayJson(value, 2))).toEqual(value)
  })

  it('escapes what JSON.stringify leaves raw: C1, DEL, bidi controls, U+2028/2029', () => {
    const raw = JSON.stringify({ t: '\x9b\x7f\u202e\u2066\u200e\u2028\u2029\u{e0041}' })
    // The raw characters are still in JSON.stringify's output ...
    expect(raw).toContain('\u202e')
    expect(raw).toContain('\x9b')
    const shown = displayJson({ t: '\x9b\x7f\u202e\u2066\u200e\u2028\u2029\u{e0041}' })
    // ... and not in ours: printable ASCII only.
    expect(shown).toMatch(/^[\x20-\x7e]*$/)
    expect(shown).toBe('{"t":"\\u009b\\u007f\\u202e\\u2066\\u200e\\u2028\\u2029\\udb40\\udc41"}')
  })

  it('keeps the escapes JSON.stringify already writes (C0, lone surrogates)', () => {
    expect(displayJson(['\x1b[2J\x00', '\ud800'])).toBe('["\\u001b[2J\\u0000","\\ud800"]')
  })

  it('leaves readable text readable', () => {
    expect(displayJson({ name: 'Dvořák 你好', ok: true }, 2)).toBe(
      JSON.stringify({ name: 'Dvořák 你好', ok: true }, null, 2),
    )
  })
})
