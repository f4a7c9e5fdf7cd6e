/**
 * Exchange Online replies, table-driven over the exact texts in
 * ../shared/reference/m365-and-tools.md §B.1 and §B.5–B.7.
 */
import { describe, expect, it } from 'vitest'

import {
  enhancedOf,
  explainAnyReply,
  explainReply,
  type ReplyGate,
} from '../../../shared/smtp-replies'

const cases: Array<[string, ReplyGate, string?]> = [
  [
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
    'tenant-smtp-auth-disabled',
    '-SmtpClientAuthenticationDisabled $false',
  ],
  [
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.',
    'mailbox-smtp-auth-disabled',
    'Set-CASMailbox',
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
  ['535 5.7.3 Authentication unsuccessful', 'wrong-credentials'],
  ['535 5.7.8 Authentication credentials invalid', 'wrong-credentials'],
  ['535 5.7.8 Error: authentication failed: authentication failure', 'wrong-credentials'],
  ['535 Incorrect authentication data', 'wrong-credentials'],
  ['550 5.7.30 Basic authentication is not supported for Client Submission.', 'basic-auth-retired'],
  ['530 5.7.57 Client not authenticated to send mail', 'not-authenticated'],
  [
    '550 5.7.57 Client was not authenticated to send anonymous mail during MAIL FROM',
    'not-authenticated',
  ],
  ['451 5.7.3 STARTTLS is required to send mail', 'starttls-required'],
  [
    '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls',
    'legacy-tls',
    'AllowLegacyTLSClients',
  ],
  ['454 4.7.0 TLS not available due to temporary reason', 'tls-unavailable'],
  [
    '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    'send-as-denied',
    'SendAs',
  ],
  [
    '554 5.2.252 SendAsDenied; scanner@contoso.com not allowed to send as ceo@contoso.com',
    'send-as-denied',
  ],
  ['550 5.1.8 Access denied, bad outbound sender', 'restricted-sender'],
  ['550 5.7.64 TenantAttribution; Relay Access Denied', 'connector-mismatch'],
  ['451 4.4.62 Mail sent to the wrong Office 365 region', 'connector-mismatch'],
  [
    '550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources',
    'reject-direct-send',
    'RejectDirectSend',
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
  ['550 5.7.606 Access denied, banned sending IP [203.0.113.7]', 'banned'],
  ['550 5.7.511 Access denied, banned sender', 'banned'],
  ['550 5.7.23 The message was rejected because of Sender Policy Framework violation', 'spf-dmarc'],
  [
    '550 5.7.509 Access denied, sending domain contoso.com does not pass DMARC verification and has a DMARC policy of reject.',
    'spf-dmarc',
  ],
  [
    '450 4.7.26 Service unavailable, message sent over IPv6 must pass either SPF or DKIM validation',
    'ipv6-rules',
  ],
  [
    '550 5.7.25 Access denied, the sending IPv6 address must have a reverse DNS record',
    'ipv6-rules',
  ],
  ['554 5.2.2 Submission quota exceeded', 'quota'],
  [
    "550 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients",
    'quota',
  ],
  ['550 5.7.1 Unable to relay', 'relay-denied'],
  ['554 5.7.1 Delivery not authorized', 'relay-denied'],
  ['554 No SMTP service here', 'no-service'],
  ['421 4.3.2 Service not available, closing transmission channel', 'service-unavailable'],
]

function split(reply: string): [number, string | null, string] {
  const code = Number(reply.slice(0, 3))
  const text = reply.slice(4)
  return [code, enhancedOf(text), text]
}

describe('Exchange Online replies', () => {
  it.each(cases)('%s → %s', (reply, gate, command) => {
    const [code, enhanced, text] = split(reply)
    const e = explainReply(code, enhanced, text)
    expect(e?.gate).toBe(gate)
    expect(e?.temporary).toBe(code >= 400 && code < 500)
    expect(e?.meaning.length).toBeGreaterThan(20)
    expect(e?.fix.length).toBeGreaterThan(20)
    expect(e?.source).toMatch(/^https:\/\//)
    if (command) expect(e?.powershell).toContain(command)
  })

  it('535 5.7.8, the standard wrong-credentials reply, gets its own fix, not the generic one', () => {
    const e = explainAnyReply(535, '5.7.8', '5.7.8 Authentication credentials invalid')
    expect(e.gateTitle).toBe('Wrong user name or password')
    expect(e.fix).toContain('Retype the password')
    expect(e.fix).toContain('full email address')
    expect(e.source).toBe('https://www.rfc-editor.org/rfc/rfc4954#section-6')
  })

  it('reads the enhanced code from the text when it is not given', () => {
    expect(explainReply(535, null, '5.7.3 Authentication unsuccessful')?.gate).toBe(
      'wrong-credentials',
    )
    expect(enhancedOf('4.7.66 TLS 1.0')).toBe('4.7.66')
    expect(enhancedOf('Hello')).toBeNull()
  })

  it('an unknown code is answered by its class: 4xx temporary, 5xx permanent', () => {
    expect(explainReply(452, '4.3.1', 'Insufficient system storage')).toBeNull()
    const temp = explainAnyReply(452, '4.3.1', 'Insufficient system storage')
    expect(temp).toMatchObject({ gate: 'temporary', temporary: true })
    expect(temp.meaning).toContain('452 4.3.1')
    const perm = explainAnyReply(553, '5.1.3', 'Invalid address')
    expect(perm).toMatchObject({ gate: 'permanent', temporary: false })
    expect(perm.fix).toContain('before trying again')
  })

  it('a known reply is explained the same by explainAnyReply', () => {
    expect(explainAnyReply(421, '4.7.66', '4.7.66 TLS 1.0 and 1.1 are not supported.').gate).toBe(
      'legacy-tls',
    )
  })
})
