/**
 * The customer's mail domain as a technician types it. Checked as they type, with the same rules
 * as main's schema (shared/diagnose-options.ts), which the renderer cannot load (zod and its CSP).
 * The most common slip is an address instead of a domain, so that one gets its own message.
 */
import { isHostName, isIpLiteral } from '../../../shared/host-syntax'

const MAX_DOMAIN_LENGTH = 253

/** What the run is given: trimmed, lower-case, without a trailing dot (DNS is case-blind). */
export function normalizeMailDomain(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '')
}

/** Why `value` is not a mail domain (a phrase to follow the field's label), or null when it is. */
export function mailDomainProblem(value: string): string | null {
  const d = normalizeMailDomain(value)
  if (d === '') return 'is empty'
  if (d.length > MAX_DOMAIN_LENGTH) return `is longer than ${MAX_DOMAIN_LENGTH} characters`
  if (d.includes('@')) return 'is an email address; give only the domain, e.g. contoso.com'
  if (d.includes('://')) return 'is a web address; give only the domain, e.g. contoso.com'
  if (/\s/.test(d)) return 'contains a space'
  if (isIpLiteral(d)) return 'is an IP address; give the domain name, e.g. contoso.com'
  // One label ("contoso") is a host on the local network, never a domain that receives mail.
  if (!isHostName(d) || !d.includes('.')) return 'is not a domain name, e.g. contoso.com'
  return null
}
