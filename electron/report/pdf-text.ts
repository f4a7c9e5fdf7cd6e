/**
 * Text as the PDFs print it: strings the embedded fonts can draw, times and durations that read
 * the same on every machine.
 *
 * The PDFs embed Noto Sans and Noto Sans Mono (pdf-fonts.ts): Latin with its extensions, Greek and
 * Cyrillic print as written. Every string goes through `pdfSafe` first, for what they lack.
 */
import { displayLines } from '../../shared/display-text'
import { fontsCanDraw } from './pdf-fonts'

// --- text the embedded fonts can draw ---------------------------------------------------------------

/** Look-alikes for the symbols our own text uses that the fonts have no glyph for. */
const REPLACEMENTS: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '→': '->',
  '⇒': '=>',
  '←': '<-',
  '↔': '<->',
  '✓': 'v',
  '✔': 'v',
  '✗': 'x',
  '✘': 'x',
  '⚠': '!',
  '\u200d': '',
  '\ufe0f': '',
}

/** A character no font has, shown as its code point (as the display-safe escapes are). */
function codePoint(ch: string): string {
  const n = ch.codePointAt(0) ?? 0
  return n <= 0xffff ? `\\u${n.toString(16).padStart(4, '0')}` : `\\u{${n.toString(16)}}`
}

/**
 * Text the embedded fonts can draw. First, what servers and devices sent (replies, EHLO and
 * device names, certificate names, records) is shown as the shared display function shows it on
 * every screen: controls, escape sequences and bidi characters as visible escapes (`\x1b`,
 * `\u202e`). Then what the fonts lack: known symbols become ASCII look-alikes (≥ → >=), emoji
 * are dropped, a letter with an accent the fonts lack loses the accent, and anything else (CJK,
 * Arabic, Hebrew…: Noto Sans has none of them) is written as its code point, `\u6771`, never a
 * blank box. Line breaks stay; a TAB is shown as `\t` (our own text has none).
 */
export function pdfSafe(text: string): string {
  let out = ''
  for (const ch of displayLines(text.replace(/\r\n/g, '\n'))) {
    if (ch === '\n' || fontsCanDraw(ch)) out += ch
    else if (ch in REPLACEMENTS) out += REPLACEMENTS[ch]
    else if (/\p{Extended_Pictographic}/u.test(ch)) continue
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '')
      out += base !== '' && [...base].every(fontsCanDraw) ? base : codePoint(ch)
    }
  }
  return out
}

// --- times and durations ---------------------------------------------------------------------------

/** "850 ms", or "12.3 s" from ten seconds on. */
export function formatMs(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`
}
