/**
 * Exchange Online (and generic SMTP) replies in plain words: which gate refused, what it means,
 * and what to change — with the admin's PowerShell where one exists. Exact texts, meanings and
 * fixes: the Microsoft articles and RFCs each rule cites as its source (the rule tables are
 * shared/smtp/reply-rules-*). Pure: used by the probes, the Verify step, the CLI and the report.
 *
 * How a reply is matched, as Microsoft's NDR reference reads one: the enhanced status code first
 * (5.7.139, 5.2.2), and the reply text second, only to tell apart the replies that share a code
 * ("5.2.2 Submission quota exceeded" and "5.2.2 mailbox full" are different gates). Then, for a
 * reply whose enhanced code no rule knows, a few documented texts; then the basic code, only where
 * the code alone says what happened (535: the sign-in was refused; 421: the server is closing).
 * A reply that matches nothing is explained by its class with the reply quoted (explainAnyReply),
 * never as something it is not.
 */

import { displayText } from '../display-text'
import { type ReplyExplanation, type ReplyRule, ruleMatches } from './reply-rule'
import { CONNECTOR_RULES } from './reply-rules-connectors'
import { RECIPIENT_RULES } from './reply-rules-recipient'
import { SENDER_RULES } from './reply-rules-sender'
import { SIGN_IN_RULES } from './reply-rules-sign-in'
import { TEXT_AND_CODE_RULES } from './reply-rules-text-and-code'
import { enhancedCodeOf, isEnhancedCode } from './reply-text'

// The fallback texts: a rule's fix must say more than these (the tests check it).
const GENERIC_TEMPORARY_FIX =
  'Try again in a few minutes; if it repeats, the reply text says what the server objects to.'
const GENERIC_PERMANENT_FIX =
  'Read the reply text for what the server objects to, and change that setting before trying again.'

// Every rule, in the order the matcher tries them within each pass: the first match wins, so the
// order of the tables, and of the rules in each, is part of the explainer's behaviour.
const RULES: readonly ReplyRule[] = [
  ...SIGN_IN_RULES,
  ...SENDER_RULES,
  ...RECIPIENT_RULES,
  ...CONNECTOR_RULES,
  ...TEXT_AND_CODE_RULES,
]

// Enhanced code first, text second, the basic code last (see the header).
const PASSES: ReplyRule[][] = [
  RULES.filter((r) => r.enhanced !== undefined),
  RULES.filter((r) => r.enhanced === undefined && r.text !== undefined),
  RULES.filter((r) => r.enhanced === undefined && r.text === undefined),
]

/** The known gate for a reply, or null when no rule names it (see explainAnyReply). */
export function explainReply(
  code: number,
  enhanced: string | null,
  text: string,
): ReplyExplanation | null {
  const e = enhanced ?? enhancedCodeOf(text)
  for (const rules of PASSES) {
    const r = rules.find((rule) => ruleMatches(rule, code, e, text))
    if (r) {
      return {
        gate: r.gate,
        gateTitle: r.title,
        temporary: code >= 400 && code < 500,
        meaning: r.meaning,
        fix: r.fix,
        powershell: r.powershell ?? null,
        source: r.source,
      }
    }
  }
  return null
}

// RFC 3463 §3: what the middle number of an enhanced code is about.
const SUBJECTS: Record<string, string> = {
  '0': 'no particular subject',
  '1': 'an address (sender or recipient)',
  '2': 'a mailbox (full, disabled or over a limit)',
  '3': 'the mail system',
  '4': 'the network or the routing',
  '5': 'the SMTP protocol (a command or its order)',
  '6': 'the message content or its format',
  '7': 'security or policy',
}

const QUOTE_MAX = 160

/** The reply's first line, without its enhanced code, cut and made safe to show, or '' if empty. */
function quoted(text: string, enhanced: string | null): string {
  let line = text.slice(0, 4 * QUOTE_MAX).split(/\r?\n|\r/)[0] ?? ''
  line = line.trim()
  if (enhanced && line.startsWith(enhanced)) line = line.slice(enhanced.length).trim()
  const points = [...line]
  if (points.length > QUOTE_MAX) line = `${points.slice(0, QUOTE_MAX).join('')}…`
  return line ? ` "${displayText(line)}"` : ''
}

/**
 * Every reply gets an answer: a named gate, or what its class means (4xx temporary, 5xx
 * permanent; the enhanced code's subject when there is one), with the reply quoted.
 */
export function explainAnyReply(
  code: number,
  enhanced: string | null,
  text: string,
): ReplyExplanation {
  const known = explainReply(code, enhanced, text)
  if (known) return known
  const temporary = code >= 400 && code < 500
  const e = enhanced ?? enhancedCodeOf(text)
  const valid = e !== null && isEnhancedCode(e) ? e : null
  const subject = valid ? SUBJECTS[valid.split('.')[1] ?? ''] : undefined
  const about = subject ? `, about ${subject}` : ''
  const said = quoted(text, valid)
  const head = `${code}${valid ? ` ${valid}` : ''}${about}`
  return {
    gate: temporary ? 'temporary' : 'permanent',
    gateTitle: temporary ? 'A temporary refusal' : 'A permanent refusal',
    temporary,
    meaning: temporary
      ? `The server refused for now (${head}):${said || ' no reason given'}. The same attempt may work later.`
      : `The server refused (${head}):${said || ' no reason given'}. Retrying the same way will fail again.`,
    fix: temporary ? GENERIC_TEMPORARY_FIX : GENERIC_PERMANENT_FIX,
    powershell: null,
    source: valid
      ? 'https://www.rfc-editor.org/rfc/rfc3463#section-3'
      : 'https://www.rfc-editor.org/rfc/rfc5321#section-4.2.1',
  }
}
