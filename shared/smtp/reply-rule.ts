/**
 * What the reply explainer says (the gate that refused, in plain words) and what one of its rules
 * is: the code, enhanced code and text it matches, and how a rule is matched against a reply.
 */

/** The gate that refused, named so a technician and a tenant admin can act on it. */
export type ReplyGate =
  | 'tenant-smtp-auth-disabled'
  | 'mailbox-smtp-auth-disabled'
  | 'security-defaults'
  | 'conditional-access'
  | 'basic-auth-disabled'
  | 'basic-auth-retired'
  | 'federated-sts'
  | 'wrong-credentials'
  | 'auth-temporary'
  | 'auth-mechanism'
  | 'not-authenticated'
  | 'starttls-required'
  | 'legacy-tls'
  | 'tls-unavailable'
  | 'send-as-denied'
  | 'restricted-sender'
  | 'account-banned'
  | 'connector-mismatch'
  | 'reject-direct-send'
  | 'relay-denied'
  | 'hve-external'
  | 'recipient-not-found'
  | 'recipient-restricted'
  | 'sender-auth-required'
  | 'mailbox-full'
  | 'sender-mailbox-full'
  | 'message-too-large'
  | 'too-many-recipients'
  | 'ip-reputation'
  | 'tenant-threshold'
  | 'unregistered-domain'
  | 'throttling'
  | 'blocklist'
  | 'banned'
  | 'spf-dmarc'
  | 'ipv6-rules'
  | 'quota'
  | 'temporary-server-error'
  | 'service-unavailable'
  | 'no-service'
  | 'temporary'
  | 'permanent'

export interface ReplyExplanation {
  gate: ReplyGate
  /** Short name of the gate for a heading. */
  gateTitle: string
  /** 4xx: try again later; 5xx: something must change first. */
  temporary: boolean
  meaning: string
  fix: string
  /** The admin's command, when one fixes it. */
  powershell: string | null
  source: string
}

/** One rule of the explainer's tables (shared/smtp/reply-rules-*). */
export interface ReplyRule {
  code?: number | number[]
  /** Enhanced code, exact (`5.7.139`) or a range `[class.subject, from, to]`. */
  enhanced?: string | [string, number, number]
  text?: RegExp
  gate: ReplyGate
  title: string
  meaning: string
  fix: string
  powershell?: string
  source: string
}

function enhancedMatches(rule: ReplyRule['enhanced'], enhanced: string | null): boolean {
  if (rule === undefined) return true
  if (enhanced === null) return false
  if (typeof rule === 'string') return rule === enhanced
  const [prefix, from, to] = rule
  if (!enhanced.startsWith(`${prefix}.`)) return false
  const detail = Number(enhanced.slice(prefix.length + 1))
  return detail >= from && detail <= to
}

function codeMatches(rule: ReplyRule['code'], code: number): boolean {
  return rule === undefined || (Array.isArray(rule) ? rule.includes(code) : rule === code)
}

/**
 * Whether the rule names this reply: its code and enhanced code where it gives them, and its text
 * where it has one (a text-specific rule wins only when its text is there; the generic rule after
 * it catches the rest).
 */
export function ruleMatches(
  rule: ReplyRule,
  code: number,
  enhanced: string | null,
  text: string,
): boolean {
  if (!codeMatches(rule.code, code) || !enhancedMatches(rule.enhanced, enhanced)) return false
  return !rule.text || rule.text.test(text)
}
