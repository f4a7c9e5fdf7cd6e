/**
 * Direct send to the tenant MX on port 25 [MS option 2]: internal recipients only, no sign-in,
 * and only while the tenant's Reject Direct Send is off.
 */
import { Assessment } from './assessment'
import { port25Requirement, sentItems, spfAndIp } from './mx-requirements'
import type { DecisionInput, MethodAssessment } from './types'

export function directSend(i: DecisionInput): MethodAssessment {
  const a = new Assessment('direct-send', 25)
  const { answers, site } = i
  port25Requirement(a, i)
  // [MS table] "Relay to internet via Microsoft 365: No. Direct delivery only" — internal recipients only.
  if (answers.externalRecipients === 'yes') {
    a.block(
      'answers.externalRecipients',
      'Direct send only delivers to mailboxes in Microsoft 365; it cannot send to outside recipients such as Gmail.',
    )
  } else if (answers.externalRecipients === 'unknown') {
    a.check(
      'answers.externalRecipients',
      'Direct send only reaches mailboxes in Microsoft 365: confirm nobody outside needs the scans.',
    )
  } else {
    a.reason(
      'answers.externalRecipients',
      'Only internal recipients are needed, which is what direct send is for.',
    )
  }
  // Reject Direct Send: "550 5.7.68 TenantInboundAttribution; Direct Send not allowed"
  // (docs/microsoft-365-facts.md, "Direct send and Reject Direct Send").
  if (answers.rejectDirectSend === 'yes') {
    a.block(
      'answers.rejectDirectSend',
      'The tenant rejects direct send (Reject Direct Send is on): mail would get "550 5.7.68" unless a partner connector is set up.',
    )
  } else if (answers.rejectDirectSend === 'unknown') {
    a.check(
      'answers.rejectDirectSend',
      'Ask the tenant admin whether Reject Direct Send is on (Get-OrganizationConfig | fl RejectDirectSend).',
    )
  }
  // [MS option 2] "Doesn't require your device or application to have a static IP address. However, this is recommended".
  if (answers.staticPublicIp === 'no' || site.publicIpStatic === 'no') {
    a.warn(
      'answers.staticPublicIp',
      'Without a static public address no SPF entry can name the site, so messages are more prone to spam filtering.',
    )
  }
  spfAndIp(a, i)
  if (site.mxIsMicrosoft === 'no') {
    a.warn(
      'site.mxIsMicrosoft',
      "The domain's MX is a third-party filter: send to the Microsoft 365 MX endpoint, and check the tenant accepts mail that bypasses the filter.",
    )
  }
  sentItems(a, i)
  // [MS option 2 features] no licensed mailbox; "Doesn't require your device to support TLS"; higher limits.
  // An unknown is never a reason: while the device's sign-in is not known, this is the method's own merit.
  a.reason(
    i.device.smtpAuth === 'unknown' ? 'method' : 'device.smtpAuth',
    'Needs no mailbox, licence or password on the device.',
  )
  if (i.device.tls12 === 'no')
    a.reason(
      'device.tls12',
      'Works without TLS 1.2 on the device (TLS is optional for direct send).',
    )
  if (answers.highVolume === 'yes')
    a.reason(
      'answers.highVolume',
      'Not bound by the 30 messages a minute / 10,000 recipients a day limit.',
    )
  // [MS table] third-party hosted: "Yes. We recommend updating your SPF record".
  if (answers.thirdPartyHosted === 'yes')
    a.warn(
      'answers.thirdPartyHosted',
      "Add the hosting provider's sending addresses to the domain's SPF record.",
    )
  return a.done()
}
