/**
 * Exchange Online (and generic SMTP) replies in plain words: which gate refused, what it means,
 * and what to change — with the admin's PowerShell where one exists. Exact texts, meanings and
 * fixes: ../shared/reference/m365-and-tools.md §B.1, §B.5–B.7 and the Microsoft articles cited
 * in each rule. Pure: used by the probes, the Verify step, the CLI and the report.
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
  | 'not-authenticated'
  | 'starttls-required'
  | 'legacy-tls'
  | 'tls-unavailable'
  | 'send-as-denied'
  | 'restricted-sender'
  | 'connector-mismatch'
  | 'reject-direct-send'
  | 'relay-denied'
  | 'ip-reputation'
  | 'tenant-threshold'
  | 'unregistered-domain'
  | 'throttling'
  | 'blocklist'
  | 'banned'
  | 'spf-dmarc'
  | 'ipv6-rules'
  | 'quota'
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

interface Rule {
  code?: number | number[]
  /** Enhanced code, exact (`5.7.139`) or a range `[class, subject, from, to]`. */
  enhanced?: string | [string, number, number]
  text?: RegExp
  gate: ReplyGate
  title: string
  meaning: string
  fix: string
  powershell?: string
  source: string
}

const NDR =
  'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online'
const SMTP_AUTH =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission'
const LEGACY_TLS =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/opt-in-exchange-online-endpoint-for-legacy-tls-using-smtp-auth'
const BASIC_RETIREMENT =
  'https://techcommunity.microsoft.com/blog/exchange/updated-exchange-online-smtp-auth-basic-authentication-deprecation-timeline/4489835'
const REJECT_DIRECT_SEND =
  'https://techcommunity.microsoft.com/blog/exchange/introducing-more-control-over-direct-send-in-exchange-online/4408790'
const RFC4954_ERRORS = 'https://www.rfc-editor.org/rfc/rfc4954#section-6'
const PRINTERS_ARTICLE =
  'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/fix-issues-with-printers-scanners-and-lob-applications-that-send-email-using-off'

// Order matters: specific texts first, then codes, then classes.
const RULES: Rule[] = [
  {
    enhanced: '5.7.139',
    text: /SmtpClientAuthentication is disabled for the Tenant/i,
    gate: 'tenant-smtp-auth-disabled',
    title: 'SMTP AUTH is turned off for the whole tenant',
    meaning: 'The tenant does not allow SMTP AUTH at all, so no mailbox can sign in from a device.',
    fix: 'The tenant admin turns SMTP AUTH on for this one mailbox (a per-mailbox setting wins over the tenant setting), or for the tenant.',
    powershell: 'Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false',
    source: SMTP_AUTH,
  },
  {
    enhanced: '5.7.139',
    text: /SmtpClientAuthentication is disabled for the Mailbox/i,
    gate: 'mailbox-smtp-auth-disabled',
    title: 'SMTP AUTH is turned off for this mailbox',
    meaning: 'This mailbox is not allowed to sign in with SMTP AUTH.',
    fix: 'The tenant admin turns SMTP AUTH on for the mailbox.',
    powershell: 'Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false',
    source: SMTP_AUTH,
  },
  {
    enhanced: '5.7.139',
    text: /security defaults/i,
    gate: 'security-defaults',
    title: 'Security Defaults block the sign-in',
    meaning: "The tenant's Security Defaults block password sign-in for SMTP.",
    fix: 'Use OAuth on the device, or have the admin replace Security Defaults with Conditional Access that excludes this account, or use direct send or a relay connector.',
    source: SMTP_AUTH,
  },
  {
    enhanced: '5.7.139',
    text: /did not meet the criteria to be authenticated/i,
    gate: 'conditional-access',
    title: 'Conditional Access or an authentication policy blocks the sign-in',
    meaning: 'A Conditional Access or legacy-authentication policy refused this sign-in.',
    fix: 'The admin excludes this account from the blocking policy, or the device signs in with OAuth.',
    source: SMTP_AUTH,
  },
  {
    enhanced: '5.7.139',
    text: /basic authentication is disabled/i,
    gate: 'basic-auth-disabled',
    title: 'Basic authentication is disabled',
    meaning:
      'Password (Basic) sign-in is blocked for SMTP in this tenant (an authentication policy, or the end-of-2026 default).',
    fix: 'Use OAuth on the device; until Microsoft removes Basic for good, the admin can allow it for this mailbox.',
    source: BASIC_RETIREMENT,
  },
  {
    enhanced: '5.7.139',
    text: /federated STS/i,
    gate: 'federated-sts',
    title: 'The federation server (ADFS) could not be used',
    meaning:
      "The account is federated and Microsoft 365 could not reach the organisation's sign-in server (or it does not support HTTPS/TLS 1.2).",
    fix: "The identity admin fixes the federation server's reachability and TLS, or the device uses a cloud-only account.",
    source: SMTP_AUTH,
  },
  {
    code: 550,
    enhanced: '5.7.30',
    gate: 'basic-auth-retired',
    title: 'Basic authentication is retired for client submission',
    meaning: 'Microsoft 365 no longer accepts a password for SMTP client submission.',
    fix: 'Switch the device to OAuth 2.0; if it cannot, use direct send, a relay connector, or High Volume Email (internal recipients).',
    source: BASIC_RETIREMENT,
  },
  {
    enhanced: '5.7.3',
    code: 535,
    gate: 'wrong-credentials',
    title: 'The sign-in was refused',
    meaning:
      'Wrong user name or password (or token), or a gate that Exchange does not name: SMTP AUTH off, MFA, Security Defaults, Conditional Access, or a token for the wrong audience.',
    fix: 'Check the user name (the full address) and password; then ask the admin whether SMTP AUTH is on for the mailbox and no MFA or policy applies. With OAuth, check the token was issued for https://outlook.office.com/SMTP.Send.',
    powershell: 'Get-CASMailbox -Identity <mailbox> | Format-List SmtpClientAuthenticationDisabled',
    source: NDR,
  },
  {
    // RFC 4954 §6: "535 5.7.8 Authentication credentials invalid", the standard reply of most
    // mail servers. Exchange Online's own refusals are 5.7.3 and 5.7.139 (above).
    code: 535,
    enhanced: '5.7.8',
    gate: 'wrong-credentials',
    title: 'Wrong user name or password',
    meaning:
      'The server says the credentials are invalid (535 5.7.8, the standard reply for a wrong user name or password). Exchange Online itself usually answers 5.7.3 or 5.7.139, so when the device should be talking to smtp.office365.com, this answer may come from another server.',
    fix: 'Retype the password (watch Caps Lock and the keyboard layout) and use the full email address as the user name; with OAuth, sign in again. If the server should be smtp.office365.com, check the host name and port too.',
    source: RFC4954_ERRORS,
  },
  {
    // Any other 535: the sign-in was refused, whatever the server's wording.
    code: 535,
    gate: 'wrong-credentials',
    title: 'The sign-in was refused',
    meaning: 'The server refused the user name and password (or token) it was given.',
    fix: 'Check the user name (the full address) and retype the password; with OAuth, sign in again. Then read the reply text for what the server objects to.',
    source: RFC4954_ERRORS,
  },
  {
    enhanced: '5.7.3',
    text: /STARTTLS is required/i,
    gate: 'starttls-required',
    title: 'STARTTLS is required',
    meaning: 'The client tried to go on without encryption.',
    fix: 'Turn on STARTTLS ("TLS", "Use SSL/TLS: STARTTLS") on the device, port 587.',
    source: NDR,
  },
  {
    enhanced: '5.7.57',
    gate: 'not-authenticated',
    title: 'Not signed in',
    meaning: 'smtp.office365.com only accepts mail after a sign-in; the device sent without one.',
    fix: 'Enter the mailbox credentials with STARTTLS on smtp.office365.com:587 — or, for direct send, point the device at the tenant MX endpoint (…mail.protection.outlook.com) on port 25.',
    source: PRINTERS_ARTICLE,
  },
  {
    code: 421,
    enhanced: '4.7.66',
    gate: 'legacy-tls',
    title: 'TLS 1.0/1.1 refused',
    meaning:
      'Microsoft 365 refuses TLS 1.0 and 1.1 on smtp.office365.com: the client must use TLS 1.2 or newer.',
    fix: 'Update the device firmware to one with TLS 1.2. Only if impossible: the admin opts in to smtp-legacy.office365.com (also subject to the Basic-auth retirement).',
    powershell: 'Set-TransportConfig -AllowLegacyTLSClients $true',
    source: LEGACY_TLS,
  },
  {
    code: 454,
    gate: 'tls-unavailable',
    title: 'TLS not available right now',
    meaning: 'The server could not start TLS at the moment.',
    fix: 'Try again in a few minutes; if it keeps happening, something on the network is interfering with TLS.',
    source: 'https://www.rfc-editor.org/rfc/rfc3207#section-4',
  },
  {
    enhanced: '5.7.60',
    gate: 'send-as-denied',
    title: 'Not allowed to send as this address',
    meaning:
      'The From address is not the signed-in mailbox, and the mailbox has no Send As right for it.',
    fix: "Set the device's From address to the signed-in mailbox, or have the admin grant Send As, or use a relay connector.",
    powershell:
      'Add-RecipientPermission -Identity <from-address> -Trustee <mailbox> -AccessRights SendAs',
    source: NDR,
  },
  {
    enhanced: '5.2.252',
    gate: 'send-as-denied',
    title: 'Not allowed to send as this address',
    meaning: 'SendAsDenied: the signed-in mailbox may not send as the From address.',
    fix: 'Set the From address to the signed-in mailbox, or have the admin grant Send As.',
    powershell:
      'Add-RecipientPermission -Identity <from-address> -Trustee <mailbox> -AccessRights SendAs',
    source: NDR,
  },
  {
    enhanced: '5.1.8',
    gate: 'restricted-sender',
    title: 'The mailbox is blocked from sending',
    meaning:
      'The mailbox is on the Restricted users list (Microsoft 365 stopped it sending, usually after suspected spam).',
    fix: 'The admin checks the account for compromise, then removes it from Restricted users in the Microsoft Defender portal.',
    source: NDR,
  },
  {
    enhanced: '5.7.64',
    gate: 'connector-mismatch',
    title: 'The relay connector does not match this site',
    meaning:
      "TenantAttribution: the site's public IP (or certificate) is not the one the inbound connector names.",
    fix: "Update the connector (and SPF) with this site's public IP as Exchange Online sees it (see the site checks).",
    source: NDR,
  },
  {
    enhanced: '4.4.62',
    gate: 'connector-mismatch',
    title: 'Mail sent to the wrong Office 365 region',
    meaning: 'The connection did not match the connector it was meant for.',
    fix: "Check the connector's IP address or certificate against this site's.",
    source: NDR,
  },
  {
    enhanced: '5.7.68',
    gate: 'reject-direct-send',
    title: 'The tenant rejects direct send',
    meaning:
      "Reject Direct Send is on: anonymous mail from the tenant's own domains is refused unless it comes through a partner connector.",
    fix: 'Set up a partner inbound connector for the site, or use client submission.',
    powershell: 'Get-OrganizationConfig | Format-List RejectDirectSend',
    source: REJECT_DIRECT_SEND,
  },
  {
    enhanced: '5.7.708',
    gate: 'ip-reputation',
    title: 'Traffic not accepted from this IP',
    meaning:
      'Microsoft 365 does not accept mail from this address (low reputation, typical for new or trial tenants).',
    fix: 'Open a support case with Microsoft for an exception, or use client submission.',
    source: NDR,
  },
  {
    enhanced: '5.7.705',
    gate: 'tenant-threshold',
    title: 'The tenant is blocked from sending',
    meaning: 'The tenant exceeded its outbound spam threshold.',
    fix: 'The admin finds and fixes the compromised account, then contacts Microsoft support.',
    source: NDR,
  },
  {
    enhanced: '5.7.750',
    gate: 'unregistered-domain',
    title: 'Sending from a domain the tenant does not own',
    meaning: 'The From domain is not an accepted domain of the tenant.',
    fix: "Use an address in one of the tenant's accepted domains, or add and verify the domain.",
    source: NDR,
  },
  {
    enhanced: ['4.7', 500, 699],
    gate: 'throttling',
    title: 'Greylisted for now',
    meaning:
      'Microsoft 365 is throttling a new or changed sender address ("Access denied, please try again later").',
    fix: 'Wait and retry; a connector for the site stops it recurring.',
    source: NDR,
  },
  {
    enhanced: ['4.7', 850, 899],
    gate: 'throttling',
    title: 'This IP is restricted for now',
    meaning: 'The address is temporarily restricted.',
    fix: 'Wait and retry later.',
    source: NDR,
  },
  {
    enhanced: '5.7.1',
    text: /Blocklist 1|blocked using|banned/i,
    gate: 'blocklist',
    title: "This site's address is blocklisted",
    meaning: "The server refused this network's public IP: it is on a blocklist.",
    fix: "Find the cause (an infected machine, a shared address), then request removal: Microsoft's list at https://sender.office.com, other lists on their own sites.",
    source: NDR,
  },
  {
    enhanced: ['5.7', 606, 649],
    gate: 'banned',
    title: 'Sending IP banned',
    meaning: "Microsoft 365 banned this site's sending address.",
    fix: 'Request delisting at https://sender.office.com after fixing the cause.',
    source: NDR,
  },
  {
    enhanced: '5.7.511',
    gate: 'banned',
    title: 'Sender banned',
    meaning: 'Microsoft 365 banned this sender.',
    fix: 'Request delisting at https://sender.office.com after fixing the cause.',
    source: NDR,
  },
  {
    enhanced: '5.7.23',
    gate: 'spf-dmarc',
    title: 'SPF failed',
    meaning:
      "The recipient's server refused the mail because the sending address is not in the domain's SPF record.",
    fix: "Publish the SPF record from the site checks (with this site's address).",
    source: NDR,
  },
  {
    enhanced: '5.7.509',
    gate: 'spf-dmarc',
    title: 'DMARC failed',
    meaning: 'The mail failed DMARC for a domain whose policy is reject.',
    fix: "Make SPF pass for the site's address (or sign with DKIM through Microsoft 365).",
    source: NDR,
  },
  {
    enhanced: '4.7.26',
    gate: 'ipv6-rules',
    title: 'IPv6 mail must pass SPF or DKIM',
    meaning: 'Mail over IPv6 must pass SPF or DKIM.',
    fix: "Add the site's IPv6 address to SPF, or make the device use IPv4.",
    source: NDR,
  },
  {
    enhanced: '5.7.25',
    gate: 'ipv6-rules',
    title: 'IPv6 sender needs reverse DNS',
    meaning: 'The sending IPv6 address has no reverse DNS (PTR) record.',
    fix: 'Ask the ISP for a PTR record for the address, or make the device use IPv4.',
    source: NDR,
  },
  {
    enhanced: '5.2.2',
    gate: 'quota',
    title: 'Sending limit reached',
    meaning: 'The mailbox has reached its sending limit (submission quota).',
    fix: 'Wait for the limit to reset; for volume, use High Volume Email or a relay connector.',
    source: NDR,
  },
  {
    enhanced: '5.1.90',
    gate: 'quota',
    title: 'Sending limit reached',
    meaning: 'The mailbox has reached its recipient rate limit.',
    fix: 'Wait; for volume, use High Volume Email or a relay connector.',
    source: NDR,
  },
  {
    enhanced: '5.7.1',
    text: /not authorized|unable to relay|not authenticated/i,
    gate: 'relay-denied',
    title: 'Relaying refused',
    meaning:
      'The server would not accept mail for this recipient from this client (not signed in, or not allowed to relay).',
    fix: "Sign in (client submission), or send only to the tenant's own recipients (direct send), or set up a relay connector.",
    source: NDR,
  },
  {
    code: 554,
    gate: 'no-service',
    title: 'The server refuses service',
    meaning: 'The server will not serve this connection at all (554 = "no SMTP service here").',
    fix: 'Read the reply text: it usually names the reason (a blocklisted IP, a policy). Check the public IP of this site and the host name.',
    source: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.3.2',
  },
  {
    code: 421,
    gate: 'service-unavailable',
    title: 'The server is closing the connection',
    meaning: 'The server is closing the connection (421 = service not available right now).',
    fix: 'Try again in a few minutes; if it repeats, read the reply text for the reason.',
    source: 'https://www.rfc-editor.org/rfc/rfc5321#section-3.8',
  },
]

function enhancedMatches(rule: Rule['enhanced'], enhanced: string | null): boolean {
  if (rule === undefined) return true
  if (enhanced === null) return false
  if (typeof rule === 'string') return rule === enhanced
  const [prefix, from, to] = rule
  if (!enhanced.startsWith(`${prefix}.`)) return false
  const detail = Number(enhanced.slice(prefix.length + 1))
  return detail >= from && detail <= to
}

function codeMatches(rule: Rule['code'], code: number): boolean {
  return rule === undefined || (Array.isArray(rule) ? rule.includes(code) : rule === code)
}

/** The enhanced status code (RFC 3463) at the start of a reply text, if any. */
export function enhancedOf(text: string): string | null {
  return /^\s*([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null
}

/** The known gate for a reply, or null when no rule names it (see explainAnyReply). */
export function explainReply(
  code: number,
  enhanced: string | null,
  text: string,
): ReplyExplanation | null {
  const e = enhanced ?? enhancedOf(text)
  for (const r of RULES) {
    if (!codeMatches(r.code, code) || !enhancedMatches(r.enhanced, e)) continue
    if (r.text && !r.text.test(text)) continue
    // A text-specific rule wins only when its text is there; the generic one after it catches the rest.
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
  return null
}

/** Every reply gets an answer: a named gate, or what its class means (4xx temporary, 5xx permanent). */
export function explainAnyReply(
  code: number,
  enhanced: string | null,
  text: string,
): ReplyExplanation {
  const known = explainReply(code, enhanced, text)
  if (known) return known
  const temporary = code >= 400 && code < 500
  return {
    gate: temporary ? 'temporary' : 'permanent',
    gateTitle: temporary ? 'A temporary refusal' : 'A permanent refusal',
    temporary,
    meaning: temporary
      ? `The server refused for now (${code}${enhanced ? ` ${enhanced}` : ''}): the same attempt may work later.`
      : `The server refused (${code}${enhanced ? ` ${enhanced}` : ''}): retrying the same way will fail again.`,
    fix: temporary
      ? 'Try again in a few minutes; if it repeats, the reply text says what the server objects to.'
      : 'Read the reply text for what the server objects to, and change that setting before trying again.',
    powershell: null,
    source: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.2.1',
  }
}
