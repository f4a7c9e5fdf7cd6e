/**
 * SMTP relay through a connector to the tenant MX on port 25 [MS option 3]: it needs a static
 * public address of the site's own, and reaches outside recipients too.
 */
import { Assessment } from './assessment'
import { port25Requirement, sentItems, spfAndIp } from './mx-requirements'
import type { DecisionInput, MethodAssessment } from './types'

export function smtpRelay(i: DecisionInput): MethodAssessment {
  const a = new Assessment('smtp-relay', 25)
  const { answers, site } = i
  port25Requirement(a, i)
  // [MS option 3] "A dynamic IP address isn't supported or allowed"; "static IP addresses that are not shared".
  // Only what was measured blocks from the site facts: a private or carrier-grade NAT address, or
  // sources that disagree. A reverse name is only a hint, and the technician's answer wins.
  if (answers.staticPublicIp === 'no') {
    a.block(
      'answers.staticPublicIp',
      'An IP-based connector needs a static public address not shared with another organisation (a certificate-based connector is the exception, if the device can present a certificate).',
    )
  } else if (site.publicIpStatic === 'no' && site.publicIpNotStatic !== 'sources-disagree') {
    a.block(
      'site.publicIpStatic',
      "The site's public address is private or carrier-grade NAT (shared with the ISP's other customers), so an IP-based connector cannot name it.",
    )
  } else if (site.publicIpStatic === 'no' && answers.staticPublicIp !== 'yes') {
    a.block(
      'site.publicIpStatic',
      'The public-address sources disagree (several internet lines, or mail leaving another way than web traffic): confirm which static address mail leaves from, then answer the static-IP question.',
    )
  } else if (site.publicIpStatic === 'no') {
    a.warn(
      'site.publicIpStatic',
      'The public-address sources disagree: the connector must list every address mail can leave this site from.',
    )
  } else if (answers.staticPublicIp === 'unknown') {
    a.check(
      'answers.staticPublicIp',
      site.publicIpDynamicName
        ? `Confirm with the ISP that the public address is static and not shared (its reverse name ${site.publicIpDynamicName} looks like a dynamic pool, which is only a hint).`
        : 'Confirm with the ISP that the public address is static and not shared.',
    )
  } else {
    a.reason(
      'answers.staticPublicIp',
      `The connector can name this site's static address${site.publicIp ? ` (${site.publicIp})` : ''}.`,
    )
  }
  // [MS table] "Supports mail sent from applications hosted by a third party: No".
  if (answers.thirdPartyHosted === 'yes') {
    a.block(
      'answers.thirdPartyHosted',
      'SMTP relay cannot be used from a service hosted by a third party.',
    )
  }
  sentItems(a, i)
  spfAndIp(a, i)
  if (answers.externalRecipients === 'yes')
    a.reason('answers.externalRecipients', 'Relays to outside recipients as well.')
  // [MS option 3] "direct send is recommended over SMTP relay, unless you must send email to
  // external recipients": relay's base score sits below direct send's for that reason.
  // [MS table] "Reasonable limits are imposed. The service can't be used to send spam or bulk mail."
  if (answers.highVolume === 'yes')
    a.warn(
      'answers.highVolume',
      'Relay has higher limits than client submission but is not for bulk mail.',
    )
  a.reason(
    i.device.smtpAuth === 'unknown' ? 'method' : 'device.smtpAuth',
    'Needs no password on the device; the tenant admin creates a connector for the site address.',
  )
  // [MS option 3] Licensing: unlicensed senders need an Exchange Online Protection licence.
  a.warn(
    'method',
    'The tenant admin must create the connector; senders without a Microsoft 365 licence need an Exchange Online Protection licence.',
  )
  return a.done()
}
