/**
 * Exchange Online replies, table-driven over the exact texts in Microsoft's "Email non-delivery
 * reports and SMTP errors in Exchange Online" and its per-code pages, its SMTP AUTH, legacy TLS
 * and High Volume Email pages, and replies seen from smtp.office365.com and the MX endpoints in
 * public issue threads (named next to each group).
 * Where Microsoft's wording of a reply was not found, the comment says so.
 */
import { describe, expect, it } from 'vitest'

import { explainAnyReply, explainReply } from '../../../../shared/smtp/explain-reply'
import type { ReplyGate } from '../../../../shared/smtp/reply-rule'
import { enhancedCodeOf } from '../../../../shared/smtp/reply-text'

interface Expect {
  /** Words the fix must contain. */
  fix?: string
  /** Words the fix must not contain. */
  notFix?: string
  /** Words the admin's PowerShell must contain. */
  powershell?: string
  /** Words the source URL must contain. */
  source?: string
}

const cases: Array<[reply: string, gate: ReplyGate, expect?: Expect]> = [
  // --- Sign-in: §B.7, authenticated-client-smtp-submission ---------------------------------------
  [
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
    'tenant-smtp-auth-disabled',
    { powershell: '-SmtpClientAuthenticationDisabled $false' },
  ],
  [
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.',
    'mailbox-smtp-auth-disabled',
    { powershell: 'Set-CASMailbox' },
  ],
  [
    "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator.",
    'security-defaults',
  ],
  [
    '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.',
    'conditional-access',
  ],
  [
    '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.',
    'basic-auth-disabled',
  ],
  [
    '535 5.7.139 Authentication unsuccessful, the federated STS service was unreachable.',
    'federated-sts',
  ],
  [
    '535 5.7.139 Authentication unsuccessful, the federated STS URL does not support HTTPS.',
    'federated-sts',
  ],
  // github.com/codassassin/email-bomber-v2.0/issues/1 (not in Microsoft's table).
  [
    '535 5.7.139 Authentication unsuccessful, the user credentials were incorrect. [PH0PR07CA0004.namprd07.prod.outlook.com]',
    'wrong-credentials',
    { fix: 'Retype the password' },
  ],
  ['535 5.7.3 Authentication unsuccessful', 'wrong-credentials', { powershell: 'Get-CASMailbox' }],
  ['535 5.7.8 Authentication credentials invalid', 'wrong-credentials'],
  ['535 5.7.8 Error: authentication failed: authentication failure', 'wrong-credentials'],
  ['535 Incorrect authentication data', 'wrong-credentials'],
  // RFC 4954 §6; Microsoft's wording not found.
  [
    '454 4.7.0 Temporary authentication failure',
    'auth-temporary',
    { fix: 'Do not change the password' },
  ],
  // github.com/harishkrupo/oauth2ms/issues/5, in reply to AUTH; PRX codes undocumented.
  [
    '451 4.7.0 Temporary server error. Please try again later. PRX4 [server.prod.outlook.com]',
    'temporary-server-error',
    { fix: 'licence' },
  ],
  // github.com/deanproxy/eMail/issues/44.
  [
    '504 5.7.4 Unrecognized authentication type [SN1NAM02FT025.eop-nam02.prod.protection.outlook.com]',
    'auth-mechanism',
    { fix: 'LOGIN' },
  ],
  ['550 5.7.30 Basic authentication is not supported for Client Submission.', 'basic-auth-retired'],
  ['530 5.7.57 Client not authenticated to send mail', 'not-authenticated'],
  [
    '550 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM',
    'not-authenticated',
  ],
  // Microsoft's NDR page, "How to interpret an Exchange NDR".
  ['530 5.7.1 Client was not authenticated', 'not-authenticated'],
  ['451 5.7.3 STARTTLS is required to send mail', 'starttls-required'],
  [
    '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls',
    'legacy-tls',
    { powershell: 'AllowLegacyTLSClients' },
  ],
  ['454 4.7.0 TLS not available due to temporary reason', 'tls-unavailable'],

  // --- Sender and sending limits: NDR table, smtp-submission-improvements --------------------------
  [
    '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    'send-as-denied',
    { powershell: 'SendAs' },
  ],
  [
    '554 5.2.252 SendAsDenied; scanner@contoso.com not allowed to send as ceo@contoso.com',
    'send-as-denied',
  ],
  ['550 5.1.8 Access denied, bad outbound sender', 'restricted-sender'],
  [
    '550 5.7.501 Access denied, spam abuse detected',
    'account-banned',
    { notFix: 'sender.office.com' },
  ],
  ['550 5.7.502 Access denied, banned sender', 'account-banned', { fix: 'support' }],
  ['550 5.7.503 Access denied, banned sender', 'account-banned'],
  [
    '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException',
    'quota',
    { fix: '24 hours', source: 'smtp-submission-improvements' },
  ],
  ['554 5.2.2 Submission quota exceeded', 'quota'],
  [
    "550 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients",
    'quota',
  ],
  [
    '554 5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded',
    'sender-mailbox-full',
    { fix: 'Sent Items', powershell: 'SentItems' },
  ],
  [
    '554 5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException.MapiExceptionQuotaExceeded',
    'sender-mailbox-full',
  ],
  // learn.microsoft.com …/cannot-send-mail-mepf ("The recipient's mailbox is full").
  [
    '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionQuotaExceeded',
    'mailbox-full',
    { fix: 'recipient' },
  ],
  [
    '432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded',
    'throttling',
    { fix: 'one message at a time' },
  ],
  ['432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded', 'throttling'],
  ['452 4.5.3 Too many recipients', 'too-many-recipients', { fix: 'fewer' }],
  // Exchange's wording (several servers use it too); Microsoft's page for it not found.
  [
    '552 5.3.4 Message size exceeds fixed maximum message size',
    'message-too-large',
    { fix: 'resolution', powershell: 'MaxSendSize' },
  ],
  [
    '550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient',
    'message-too-large',
  ],
  // github.com/pankleks/pm2-health/issues/52 (the code before 5.2.0 was not shown).
  [
    '554 5.2.0 STOREDRV.Submission.Exception:MessageSubmissionExceededException.MapiExceptionMaxSubmissionExceeded; Failed to process message due to a permanent exception with message [BeginDiagnosticData]Cannot save changes made to an item to store.',
    'message-too-large',
  ],
  // §E: an HVE account to an external recipient. Microsoft's reply text not found: code alone.
  ['550 5.5.105', 'hve-external', { fix: "tenant's own domains" }],

  // --- Recipient: NDR table and per-code pages --------------------------------------------------
  [
    '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    'recipient-not-found',
    { powershell: 'Get-Recipient', source: '5-1-10' },
  ],
  ['550 5.1.1 RESOLVER.ADR.RecipNotFound; not found', 'recipient-not-found'],
  // Directory Based Edge Blocking: github.com/MicrosoftDocs/OfficeDocs-Exchange/issues/2336 and a
  // pastebin NDR from *.mail.protection.outlook.com.
  [
    '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
    'recipient-not-found',
    { source: 'directory-based-edge-blocking' },
  ],
  [
    '550 5.4.1 [ap@contoso.com]: Recipient address rejected: Access denied [CY1GCC01FT007.eop-gcc01.prod.protection.outlook.com]',
    'recipient-not-found',
  ],
  [
    '550 5.7.504 [ap@contoso.com]: Recipient address rejected: Access denied',
    'recipient-not-found',
  ],
  ['550 5.4.1 Relay Access Denied', 'relay-denied', { source: '5-4-1' }],
  // The NDR table's description of 5.7.12 (the server's own line was not found).
  [
    '550 5.7.12 Sender was not authenticated by organization',
    'sender-auth-required',
    { powershell: 'RequireSenderAuthenticationEnabled $false', source: '5-7-12' },
  ],
  [
    '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction check failed because the sender was not authenticated when sending to this group',
    'sender-auth-required',
    { fix: 'client submission', powershell: 'Set-DistributionGroup', source: '5-7-133' },
  ],
  ['550 5.7.134 Sender was not authenticated for mailbox', 'sender-auth-required'],
  ['550 5.7.135 Sender was not authenticated for public folder', 'sender-auth-required'],
  ['550 5.7.136 Sender was not authenticated', 'sender-auth-required'],
  [
    '550 5.7.1 RESOLVER.RST.AuthRequired; authentication required [Stage: CreateMessage]',
    'sender-auth-required',
  ],
  [
    '554 5.7.1 Delivery not authorized',
    'recipient-restricted',
    { powershell: 'AcceptMessagesOnlyFromSendersOrMembers' },
  ],
  ['550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized', 'recipient-restricted'],
  ['550 5.7.124 Sender not in allowed-senders list', 'recipient-restricted'],
  ['550 5.7.1 Unable to relay', 'relay-denied'],

  // --- Connectors, direct send and reputation: §B.5, §B.7 -----------------------------------------
  ['550 5.7.64 TenantAttribution; Relay Access Denied', 'connector-mismatch'],
  [
    "550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or RestrictDomainsToCertificate set",
    'connector-mismatch',
  ],
  ['451 4.4.62 Mail sent to the wrong Office 365 region', 'connector-mismatch'],
  [
    '550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources',
    'reject-direct-send',
    { powershell: 'RejectDirectSend' },
  ],
  ['550 5.7.708 Access denied, traffic not accepted from this IP', 'ip-reputation'],
  ['550 5.7.705 Access denied, tenant has exceeded threshold', 'tenant-threshold'],
  [
    '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains',
    'unregistered-domain',
  ],
  ['451 4.7.500 Server busy. Please try again later from [203.0.113.7]. (AS770)', 'throttling'],
  [
    '451 4.7.650 The mail server [203.0.113.7] has been temporarily rate limited due to IP reputation.',
    'throttling',
  ],
  ['451 4.7.850 Access denied, please try again later', 'throttling'],
  [
    '550 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using Blocklist 1',
    'blocklist',
  ],
  // Microsoft's 5.7.1 page.
  [
    '550 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using Blocklist 1; To request removal from this list please forward this message to delist@messaging.microsoft.com',
    'blocklist',
    { fix: 'request removal' },
  ],
  // Outlook.com's MX (pastebin NDRs).
  [
    "550 5.7.1 Unfortunately, messages from [203.0.113.7] weren't sent. Please contact your Internet service provider since part of their network is on our block list (AS3150).",
    'blocklist',
  ],
  ['550 5.7.606 Access denied, banned sending IP [203.0.113.7]', 'banned'],
  // NDR table: "email delist@microsoft.com and provide the full NDR code and IP address".
  [
    '550 5.7.511 Access denied, banned sender',
    'banned',
    { fix: 'delist@microsoft.com', notFix: 'sender.office.com' },
  ],
  ['550 5.7.23 The message was rejected because of Sender Policy Framework violation', 'spf-dmarc'],
  [
    '550 5.7.509 Access denied, sending domain contoso.com does not pass DMARC verification and has a DMARC policy of reject.',
    'spf-dmarc',
  ],
  // support.microsoft.com "Fix NDR error 550 5.7.515 in Outlook.com".
  [
    '550 5.7.515 Access denied, sending domain contoso.com does not meet the required authentication level.',
    'spf-dmarc',
    { fix: 'DKIM', source: '5-7-515' },
  ],
  [
    '450 4.7.26 Service unavailable, message sent over IPv6 must pass either SPF or DKIM validation',
    'ipv6-rules',
  ],
  [
    '550 5.7.25 Access denied, the sending IPv6 address must have a reverse DNS record',
    'ipv6-rules',
  ],

  // --- The basic code: RFC 5321 ------------------------------------------------------------------
  ['554 No SMTP service here', 'no-service'],
  ['421 4.3.2 Service not available, closing transmission channel', 'service-unavailable'],
]

function split(reply: string): [number, string | null, string] {
  const code = Number(reply.slice(0, 3))
  const text = reply.slice(4)
  return [code, enhancedCodeOf(text), text]
}

// What a reply that no rule knows is told: a rule's fix must say more.
const GENERIC_FIXES = new Set([
  explainAnyReply(451, '4.9.9', '4.9.9 x').fix,
  explainAnyReply(550, '5.9.9', '5.9.9 x').fix,
])

describe('Exchange Online replies', () => {
  it('the table holds every reply the issue counts (53) and more, each once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(53)
    expect(new Set(cases.map(([reply]) => reply)).size).toBe(cases.length)
  })

  it.each(cases)('%s → %s', (reply, gate, want = {}) => {
    const [code, enhanced, text] = split(reply)
    const e = explainReply(code, enhanced, text)
    expect(e?.gate).toBe(gate)
    expect(e?.temporary).toBe(code >= 400 && code < 500)
    expect(e?.gateTitle.length).toBeGreaterThan(5)
    expect(e?.meaning.length).toBeGreaterThan(20)
    expect(e?.fix.length).toBeGreaterThan(20)
    expect(GENERIC_FIXES.has(e?.fix ?? '')).toBe(false)
    expect(e?.source).toMatch(/^https:\/\//)
    if (want.fix) expect(e?.fix).toContain(want.fix)
    if (want.notFix) expect(e?.fix).not.toContain(want.notFix)
    if (want.powershell) expect(e?.powershell).toContain(want.powershell)
    if (want.source) expect(e?.source).toContain(want.source)
    // A known reply is explained the same by explainAnyReply.
    expect(explainAnyReply(code, enhanced, text)).toEqual(e)
  })

  it.each<[string, ReplyGate, ReplyGate]>([
    // The daily limit is not "no SMTP service here": the enhanced code wins over a bare 554.
    [
      '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException',
      'quota',
      'no-service',
    ],
    // 4.7.0 is shared by AUTH and STARTTLS: the text tells them apart.
    ['454 4.7.0 Temporary authentication failure', 'auth-temporary', 'tls-unavailable'],
    // A group that accepts only some senders is not a relay refusal.
    ['554 5.7.1 Delivery not authorized', 'recipient-restricted', 'relay-denied'],
    // A full mailbox is not the sending limit, and the recipient's is not the sender's.
    [
      '554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded',
      'mailbox-full',
      'quota',
    ],
    // Same text as 5.7.511 ("Access denied, banned sender"), another gate: the code decides.
    ['550 5.7.502 Access denied, banned sender', 'account-banned', 'banned'],
  ])('was explained wrong: %s is %s, not %s', (reply, gate, not) => {
    const [code, enhanced, text] = split(reply)
    const e = explainAnyReply(code, enhanced, text)
    expect(e.gate).toBe(gate)
    expect(e.gate).not.toBe(not)
  })

  it('5.7.511 sends the technician to delist@microsoft.com, 5.7.606 to the delist portal', () => {
    expect(explainAnyReply(550, '5.7.511', '5.7.511 Access denied, banned sender').fix).toContain(
      'delist@microsoft.com',
    )
    expect(
      explainAnyReply(550, '5.7.606', '5.7.606 Access denied, banned sending IP [203.0.113.7]').fix,
    ).toContain('https://sender.office.com')
  })

  it('535 5.7.8, the standard wrong-credentials reply, gets its own fix, not the generic one', () => {
    const e = explainAnyReply(535, '5.7.8', '5.7.8 Authentication credentials invalid')
    expect(e.gateTitle).toBe('Wrong user name or password')
    expect(e.fix).toContain('Retype the password')
    expect(e.fix).toContain('full email address')
    expect(e.source).toBe('https://www.rfc-editor.org/rfc/rfc4954#section-6')
  })

  it('the admin line names the device mailbox only where it is the mailbox to change', () => {
    // The report and the outbox put the job's mailbox in place of <mailbox>: a recipient or group
    // must never get it.
    for (const reply of [
      '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required',
      '550 5.7.12 Sender was not authenticated by organization',
      '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
      '554 5.7.1 Delivery not authorized',
    ]) {
      const [code, enhanced, text] = split(reply)
      expect(explainReply(code, enhanced, text)?.powershell).not.toContain('<mailbox>')
    }
  })

  it('reads the enhanced code from the text when it is not given', () => {
    expect(explainReply(535, null, '5.7.3 Authentication unsuccessful')?.gate).toBe(
      'wrong-credentials',
    )
    expect(
      explainReply(
        554,
        null,
        '5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException',
      )?.gate,
    ).toBe('quota')
    expect(enhancedCodeOf('4.7.66 TLS 1.0')).toBe('4.7.66')
    expect(enhancedCodeOf('Hello')).toBeNull()
  })

  it("a documented text without an enhanced code: the sender's submission quota", () => {
    const e = explainReply(
      554,
      null,
      "The message can't be submitted because the sender's submission quota was exceeded.",
    )
    expect(e?.gate).toBe('quota')
    expect(e?.source).toContain('submission-quota-exceeded')
  })
})

describe('replies no rule knows', () => {
  it('an unknown code is answered by its class: 4xx temporary, 5xx permanent', () => {
    expect(explainReply(452, '4.3.1', 'Insufficient system storage')).toBeNull()
    const temp = explainAnyReply(452, '4.3.1', 'Insufficient system storage')
    expect(temp).toMatchObject({ gate: 'temporary', temporary: true })
    expect(temp.meaning).toContain('452 4.3.1')
    const perm = explainAnyReply(553, '5.1.3', 'Invalid address')
    expect(perm).toMatchObject({ gate: 'permanent', temporary: false })
    expect(perm.fix).toContain('before trying again')
  })

  it.each<[string, 'temporary' | 'permanent', string]>([
    ['550 5.7.999 Something new', 'permanent', 'security or policy'],
    ['451 4.4.999 Something new in routing', 'temporary', 'the network or the routing'],
    ['554 5.6.0 Corrupt message content; cannot convert message', 'permanent', 'content'],
    [
      "550 5.2.0 RESOLVER.ADR.Invalid; the recipient's directory object is misconfigured",
      'permanent',
      'a mailbox',
    ],
    ['535 5.7.139 Authentication unsuccessful, a reason Microsoft adds next year', 'permanent', ''],
    ['554 Transaction failed', 'permanent', ''],
    ['550 5.7.1 Message rejected due to local policy', 'permanent', 'security or policy'],
  ])('%s: by its class, with the reply quoted', (reply, gate, about) => {
    const [code, enhanced, text] = split(reply)
    const e = explainAnyReply(code, enhanced, text)
    if (code === 535) {
      // 535 means the sign-in was refused, whatever follows: the basic code is enough.
      expect(e.gate).toBe('wrong-credentials')
      expect(e.gateTitle).toBe('The sign-in was refused')
      return
    }
    expect(explainReply(code, enhanced, text)).toBeNull()
    expect(e.gate).toBe(gate)
    expect(e.meaning).toContain(`${code}${enhanced ? ` ${enhanced}` : ''}`)
    expect(e.meaning).toContain(`"${text.replace(enhanced ?? '', '').trim()}"`)
    if (about) expect(e.meaning).toContain(about)
    expect(e.source).toMatch(/^https:\/\/www\.rfc-editor\.org\//)
  })

  it('quotes what the server sent as it may be shown: controls escaped, one line, cut', () => {
    const hostile = `5.7.999 evil\u202e\u001b[2J\nsecond line`
    const e = explainAnyReply(550, '5.7.999', hostile)
    expect(e.meaning).toContain('"evil\\u202e\\x1b[2J"')
    expect(e.meaning).not.toContain('\u202e')
    expect(e.meaning).not.toContain('second line')
    const long = explainAnyReply(550, '5.7.999', `5.7.999 ${'x'.repeat(1000)}`)
    expect(long.meaning.length).toBeLessThan(300)
    expect(long.meaning).toContain('…')
  })

  it('a reply with no text says so instead of quoting nothing', () => {
    const e = explainAnyReply(550, null, '')
    expect(e.meaning).toContain('(550)')
    expect(e.meaning).toContain('no reason given')
  })

  it('a generic 554 is not "no SMTP service here" unless the server says so', () => {
    expect(explainReply(554, '5.2.0', '5.2.0 Something else')).toBeNull()
    expect(explainReply(554, null, 'Transaction failed')).toBeNull()
    expect(explainReply(554, null, 'No SMTP service here')?.gate).toBe('no-service')
  })
})
