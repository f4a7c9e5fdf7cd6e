/**
 * Text as the PDFs print it: strings the built-in fonts can draw (WinAnsi), times and durations
 * that read the same on every machine.
 *
 * Only pdfkit's built-in fonts (Helvetica, Courier): nothing to embed or ship. They are WinAnsi
 * encoded, so every string goes through `pdfSafe` first, or a '≥' would print as garbage.
 */
import { displayLines } from '../../shared/display-text'

// --- text the standard fonts can draw ---------------------------------------------------------

/** The 0x80–0x9F characters of Windows-1252 (the rest of WinAnsi is Latin-1). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ')

const REPLACEMENTS: Record<string, string> = {
  '≥': '>=',
  '≤': '<=',
  '≠': '!=',
  '→': '->',
  '⇒': '=>',
  '←': '<-',
  '↔': '<->',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '―': '—',
  '′': "'",
  '″': '"',
  '✓': 'v',
  '✔': 'v',
  '✗': 'x',
  '✘': 'x',
  '⚠': '!',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u200d': '',
  '\ufe0f': '',
}

function drawable(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)
}

/**
 * Text the built-in fonts can draw: known symbols become ASCII look-alikes, accented letters
 * outside Latin-1 lose their accent (ő → o), emoji are dropped, anything else becomes '?'.
 * First, what servers and devices sent (replies, EHLO and device names, certificate names,
 * records) is shown as the shared display function shows it on every screen: controls, escape
 * sequences and bidi characters as visible escapes (`\x1b`, `\u202e`), not as '?'. Line breaks
 * stay; a TAB is shown as `\t` (our own text has none).
 */
export function pdfSafe(text: string): string {
  let out = ''
  for (const ch of displayLines(text.replace(/\r\n/g, '\n'))) {
    if (ch === '\n' || drawable(ch)) out += ch
    else if (ch in REPLACEMENTS) out += REPLACEMENTS[ch]
    else if (/\p{Extended_Pictographic}/u.test(ch)) continue
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}/gu, '')
      out += base !== '' && [...base].every(drawable) ? base : '?'
    }
  }
  return out
}

// --- times and durations ---------------------------------------------------------------------------

/** "2026-03-14 10:05 UTC": the same text on every machine (no locale, no local time zone). */
export function formatTime(iso: string | null): string {
  if (!iso) return '-'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** "850 ms", or "12.3 s" from ten seconds on. */
export function formatMs(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`
}
