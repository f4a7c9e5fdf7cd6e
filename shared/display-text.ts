/**
 * Text that came from the network (SMTP replies, certificate names, EHLO and AUTH lines, SPF TXT
 * records, IPP and SNMP answers, DNS-SD names, a captured device's EHLO name), made safe to show.
 * This is the one place that decides what is shown and how (docs/ARCHITECTURE.md, "Security
 * model"): the CLI's writers, the renderer's views and the PDF all go through it.
 *
 * What a terminal or a bidi-aware renderer would act on instead of showing is written out as an
 * escape, so the technician reads what was sent and the screen cannot be cleared, retitled,
 * linked (OSC 8) or reordered:
 * - C0 and C1 controls and DEL (ESC, and so every escape sequence; NUL; CSI as 0x9B; TAB, CR and
 *   LF too: a field is one line) → `\x1b`, `\x9b`, `\x00`, `\t`…
 * - invisible format characters (Unicode category Cf): the bidi embeddings, overrides, isolates
 *   and marks (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C), zero-width space, BOM, word
 *   joiner, tag characters… → `\u202e`, `\u{e0041}`. ZWNJ and ZWJ (U+200C, U+200D) stay: scripts
 *   and emoji need them to render, and they cannot reorder or hide text.
 * - the line and paragraph separators U+2028 and U+2029 → `\u2028`, `\u2029`.
 * - lone UTF-16 surrogates (a string cut in a pair, or built from bad data) → U+FFFD.
 *
 * Backslashes are left alone, so a server that sends the four characters `\x1b` reads the same as
 * a real ESC shown escaped: both are harmless, and our own text (Windows paths) stays readable.
 * Invalid UTF-8 never reaches this module: every decoder of network bytes uses Node's UTF-8
 * decoding, which puts U+FFFD for each bad sequence.
 *
 * Pure, no Node or DOM: used by main, the CLI and the renderer alike.
 */

// `u` mode: a surrogate range matches only an unpaired half; \p{Cf} covers the bidi controls,
// ZWSP, BOM, word joiner, invisible operators and tag characters.
const SHOWN_ESCAPED = /[\p{Cc}\p{Cf}\u2028\u2029\ud800-\udfff]/gu
const KEPT_FORMAT = new Set(['\u200c', '\u200d'])

const SHORT: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' }

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0')
}

function escapeOne(ch: string): string {
  if (KEPT_FORMAT.has(ch)) return ch
  const short = SHORT[ch]
  if (short) return short
  const n = ch.codePointAt(0)!
  if (n >= 0xd800 && n <= 0xdfff) return '\ufffd'
  if (n <= 0xff) return `\\x${hex(n, 2)}`
  if (n <= 0xffff) return `\\u${hex(n, 4)}`
  return `\\u{${n.toString(16)}}`
}

/**
 * One line (a field, a reply line, a name) as it may be shown: every control, invisible format
 * character and line separator visible as an escape, lone surrogates replaced. Idempotent, and
 * text without such characters comes back unchanged.
 */
export function displayText(text: string): string {
  return text.replace(SHOWN_ESCAPED, escapeOne)
}

/**
 * A block of several lines (a record, a multi-line reply joined by `\n`): each line as
 * `displayText` shows it, the `\n` between them kept. A CR is shown, never obeyed.
 */
export function displayLines(text: string): string {
  return text.split('\n').map(displayText).join('\n')
}

// What JSON.stringify leaves raw but a terminal or viewer could act on: DEL and C1, every format
// character (here ZWNJ and ZWJ too: escaping costs nothing in JSON), and U+2028/2029. C0 and lone
// surrogates are escaped by JSON.stringify itself.
const JSON_ESCAPED = /[\u007f-\u009f\p{Cf}\u2028\u2029]/gu

/**
 * `JSON.stringify` that keeps every value exact but writes the characters above as `\uXXXX`
 * escapes (astral ones as their surrogate pair), so the JSON printed to a terminal is as inert as
 * the text view, and parses back to the very same value.
 */
export function displayJson(value: unknown, indent?: number): string {
  // Outside strings JSON is ASCII, so these characters can only be inside string literals.
  return (JSON.stringify(value, null, indent) ?? 'null').replace(JSON_ESCAPED, (ch) =>
    [...Array(ch.length).keys()].map((i) => `\\u${hex(ch.charCodeAt(i), 4)}`).join(''),
  )
}
