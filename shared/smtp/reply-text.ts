/**
 * The one reader of SMTP reply text (RFC 5321 §4.2) and of RFC 3463 enhanced status codes: a
 * reply line, a whole reply given as text, and the enhanced code a reply's text starts with.
 */
import type { SmtpReplySummary } from '../probe-types'

/**
 * RFC 3463 §2 `class.subject.detail`: the class is 2, 4 or 5 (it is not checked against the reply
 * code's first digit), subject and detail one to three digits. Every pattern below is built on it.
 */
const ENHANCED_CODE = String.raw`[245]\.\d{1,3}\.\d{1,3}`
const ENHANCED_AT_FIRST_CHARACTER = new RegExp(`^(${ENHANCED_CODE})\\b`)
const ENHANCED_AFTER_BLANKS = new RegExp(`^\\s*(${ENHANCED_CODE})\\b`)
const ENHANCED_ALONE = new RegExp(`^${ENHANCED_CODE}$`)
// No `\b`: the prefix goes even when digits follow it (what the report has always stripped).
const ENHANCED_PREFIX = new RegExp(`^\\s*${ENHANCED_CODE}\\s*`)

// `s` (dotAll): the text is whatever follows the separator. Without it `.` stops at U+2028,
// U+2029 and a lone CR, and a reply whose (UTF-8) text holds one was called "not an SMTP reply".
const SERVER_LINE = /^(\d{3})(?:([ -])(.*))?$/s
// The same, with the separator optional: `250OK` is code 250 and text `OK`.
const QUOTED_LINE = /^(\d{3})([ -]?)(.*)$/s

/** One line of a reply, without its line end. */
export interface ReplyLine {
  code: number
  /** `250-…`: more lines of the same reply follow. `250 …` and a bare `250` end the reply. */
  continues: boolean
  /** What follows the code and its separator ('' for a bare code). */
  text: string
}

/** A line as a server must send it: `250`, `250 text` or `250-text`; null for anything else. */
export function parseReplyLine(line: string): ReplyLine | null {
  const m = SERVER_LINE.exec(line)
  if (!m) return null
  return { code: Number(m[1]), continues: m[2] === '-', text: m[3] ?? '' }
}

/**
 * A line quoted by someone else (a recorded transcript, a mail library's error): as
 * parseReplyLine, but the separator may be missing, so `250OK` is code 250 with text `OK`.
 */
export function parseQuotedReplyLine(line: string): ReplyLine | null {
  const m = QUOTED_LINE.exec(line)
  if (!m) return null
  return { code: Number(m[1]), continues: m[2] === '-', text: m[3] ?? '' }
}

/**
 * One reply given as text (`550-5.7.1 first\r\n550 5.7.1 second`): the code of its first line,
 * the enhanced code (enhancedCodeOf) and every non-blank line without its code and separator,
 * joined by `\n`. A line without a code is kept whole. Null when the first line has no code.
 */
export function parseReplyText(reply: string): SmtpReplySummary | null {
  const lines = reply.split(/\r?\n/).filter((l) => l.trim() !== '')
  const first = parseQuotedReplyLine(lines[0] ?? '')
  if (!first) return null
  const text = lines.map((l) => parseQuotedReplyLine(l)?.text ?? l).join('\n')
  return { code: first.code, enhanced: enhancedCodeOf(text), text }
}

/**
 * The enhanced status code a reply's text starts with (`5.7.139 Authentication…` → `5.7.139`),
 * blanks before it allowed; null when the text does not start with one.
 */
export function enhancedCodeOf(text: string): string | null {
  return ENHANCED_AFTER_BLANKS.exec(text)?.[1] ?? null
}

/**
 * The enhanced status code at the very first character of a reply line's text, where RFC 2034 §4
 * puts it (after the reply code and one space); a code after more blanks does not count.
 */
export function strictEnhancedCodeOf(lineText: string): string | null {
  return ENHANCED_AT_FIRST_CHARACTER.exec(lineText)?.[1] ?? null
}

/** Whether the whole string is an enhanced status code (`4.7.66`: yes; `4.7.66 x`, `3.1.1`: no). */
export function isEnhancedCode(candidate: string): boolean {
  return ENHANCED_ALONE.test(candidate)
}

/** The text without the enhanced code it starts with (and the blanks around it), if any. */
export function withoutEnhancedCode(text: string): string {
  return text.replace(ENHANCED_PREFIX, '')
}
