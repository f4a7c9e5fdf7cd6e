/**
 * The explainer's first match wins, so the order of its passes (enhanced code, text, basic code),
 * of its rule tables and of the rules in each is behaviour. Each reply here could be named by two
 * rules or more; the test pins which one names it.
 */
import { describe, expect, it } from 'vitest'

import type { ReplyGate } from '../../../../shared/smtp/reply-rule'
import { explainReply } from '../../../../shared/smtp/explain-reply'
import { enhancedCodeOf } from '../../../../shared/smtp/reply-text'

function gateOf(reply: string): ReplyGate | undefined {
  const code = Number(reply.slice(0, 3))
  const text = reply.slice(4)
  return explainReply(code, enhancedCodeOf(text), text)?.gate
}

const cases: Array<[reply: string, gate: ReplyGate, why: string]> = [
  // Between tables: sign-in, sender, recipient, connectors, then the rules without an enhanced code.
  [
    '550 5.7.1 RESOLVER.RST.AuthRequired; Client host [x] blocked using Blocklist 1',
    'sender-auth-required',
    'the recipient rules come before the blocklist rule',
  ],
  [
    '550 5.7.1 Delivery not authorized; unable to relay',
    'recipient-restricted',
    'the recipient rules come before the relay rule',
  ],
  // Within a table.
  [
    '550 5.7.1 Client host blocked using Blocklist 1; unable to relay; not authenticated',
    'blocklist',
    'the blocklist rule comes before relaying and not-authenticated',
  ],
  [
    '550 5.7.1 Unable to relay; client was not authenticated',
    'relay-denied',
    'relaying comes before not-authenticated',
  ],
  [
    '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant; the user credentials were incorrect',
    'tenant-smtp-auth-disabled',
    'the tenant rule is the first 5.7.139 rule',
  ],
  ['535 5.7.3 STARTTLS is required', 'wrong-credentials', 'the 535 5.7.3 rule comes first'],
  ['530 5.7.3 STARTTLS is required', 'starttls-required', 'not a 535: the text rule names it'],
  [
    '554 5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException; Submission quota exceeded',
    'sender-mailbox-full',
    "the sender's full mailbox comes before the submission quota",
  ],
  ['554 5.2.2 mailbox full', 'mailbox-full', 'the generic 5.2.2 rule comes after the texts'],
  [
    '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Message size exceeds maximum',
    'quota',
    'the daily limit comes before the message size',
  ],
  // Between passes: enhanced code, then text, then the basic code.
  [
    "535 5.7.8 the sender's submission quota was exceeded",
    'wrong-credentials',
    'an enhanced-code rule wins over a text rule',
  ],
  [
    "554 the sender's submission quota was exceeded; no SMTP service here",
    'quota',
    'text rules in table order',
  ],
  [
    '454 4.7.0 TLS not available due to temporary reason',
    'tls-unavailable',
    'no 4.7.0 text matches: the text pass names it',
  ],
  ['535 Authentication failed', 'wrong-credentials', 'the basic code alone, last'],
  ['421 4.7.66 TLS 1.0 and 1.1 are not supported', 'legacy-tls', 'the enhanced code before 421'],
  ['421 Service not available', 'service-unavailable', 'the basic code alone, last'],
]

describe('explainReply rule order', () => {
  it.each(cases)('%s → %s (%s)', (reply, gate) => {
    expect(gateOf(reply)).toBe(gate)
  })
})
