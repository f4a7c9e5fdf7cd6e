/**
 * Which Microsoft 365 sending method fits this site and this device. A pure function of the site
 * checks, the device's capabilities and a few answers.
 *
 * Sources (each summarised, with its address, in docs/microsoft-365-facts.md):
 * - Microsoft's article "How to set up a multifunction device or application to send email using
 *   Microsoft 365": options 1–3, their requirements, limits, and the comparison table. Cited
 *   below as [MS table] / [MS option N].
 * - The Basic-auth timeline (27 January 2026 update), OAuth/XOAUTH2, High Volume Email, direct
 *   send and Reject Direct Send, TLS 1.0 and 1.1: the sections of the same names there.
 * - Microsoft's "Enable or disable authenticated client SMTP submission (SMTP AUTH) in Exchange
 *   Online" (SMTP_AUTH_DOC in sources.ts): Security Defaults and authentication policies.
 *
 * When no method fits, ways-out.ts says what would get mail flowing instead.
 */
import type {
  Decision,
  DecisionInput,
  DeviceCapabilities,
  FactKey,
  Finding,
  MethodAssessment,
  MethodId,
  TriState,
  WayOut,
} from './types'
import { SECURITY_DEFAULTS_QUOTE } from './sources'
import { waysOut } from './ways-out'

/** "End of December 2026: SMTP AUTH Basic Authentication will be disabled by default for existing tenants" (§B.1). */
export const BASIC_AUTH_DEFAULT_OFF = '2026-12-31'
/** HVE keeps Basic auth "until September 2028" (§B.3). */
export const HVE_BASIC_UNTIL = '2028-09'

export const METHOD_TITLES: Record<MethodId, string> = {
  'client-submission-oauth': 'SMTP AUTH client submission with OAuth 2.0',
  'client-submission-basic': 'SMTP AUTH client submission with a password (Basic auth)',
  'direct-send': 'Direct send to the tenant MX',
  'smtp-relay': 'SMTP relay through a connector',
  'high-volume-email': 'High Volume Email (HVE)',
}

/** Base preference when all else is equal: Microsoft's recommended option first [MS option 1]. */
const BASE_SCORE: Record<MethodId, number> = {
  'client-submission-oauth': 100,
  'direct-send': 80,
  'smtp-relay': 70,
  'high-volume-email': 60,
  'client-submission-basic': 55,
}

const UNKNOWN_PENALTY = 8
const WARNING_PENALTY = 4

class Assessment {
  readonly reasons: Finding[] = []
  readonly blockers: Finding[] = []
  readonly warnings: Finding[] = []
  private unknowns = 0
  private extraPenalty = 0

  /** `port`: where the method sends here; submissionPort() may move client submission to 25. */
  constructor(
    readonly method: MethodId,
    public port: 587 | 25,
  ) {}

  reason(fact: FactKey, text: string): void {
    this.reasons.push({ fact, text })
  }
  block(fact: FactKey, text: string): void {
    this.blockers.push({ fact, text })
  }
  warn(fact: FactKey, text: string): void {
    this.warnings.push({ fact, text })
  }
  /** A warning about something nobody could check yet: it ranks the method lower. */
  check(fact: FactKey, text: string): void {
    this.warnings.push({ fact, text })
    this.unknowns += 1
  }
  penalize(points: number): void {
    this.extraPenalty += points
  }

  done(): MethodAssessment {
    const viable = this.blockers.length === 0
    const score =
      BASE_SCORE[this.method] -
      this.unknowns * UNKNOWN_PENALTY -
      (this.warnings.length - this.unknowns) * WARNING_PENALTY -
      this.extraPenalty
    return {
      method: this.method,
      title: METHOD_TITLES[this.method],
      viable,
      score,
      port: this.port,
      reasons: this.reasons,
      blockers: this.blockers,
      warnings: this.warnings,
    }
  }
}

// --- Shared requirement groups --------------------------------------------------------------

type DeviceKey = keyof DeviceCapabilities

/** What to check on the device, for each capability (asked when the catalogue is unsure). */
const CHECK_ON_DEVICE: Record<DeviceKey, string> = {
  starttls587: 'STARTTLS ("TLS", "SSL/TLS: STARTTLS") with the port set to 587',
  starttls25: 'STARTTLS and SMTP sign-in with the port set to 25',
  tls12: 'TLS 1.2 in the firmware (release notes or security settings)',
  implicitTls465Only: 'whether the only encryption offered is "SSL/TLS" on port 465',
  smtpAuth: 'SMTP authentication (user name and password)',
  oauthM365: 'an OAuth 2.0 / Microsoft 365 sign-in option in the email settings',
}

/**
 * A device fact as the rules use it. A catalogue fact of low confidence never decides alone: a
 * weak "yes" counts, but lowers the method and asks to check on the device; a weak "no" does not
 * block, it only asks to check. `bad` is the value that rules a method out.
 */
function deviceFact(a: Assessment, i: DecisionInput, key: DeviceKey, bad: 'yes' | 'no'): TriState {
  const v = i.device[key]
  const weak = i.hints?.weak[key]
  if (!weak || v === 'unknown') return v
  a.check(
    `device.${key}`,
    `Check on the device: ${CHECK_ON_DEVICE[key]}. The catalogue's "${v}" rests on a weak source only (low confidence; the Device step shows it).`,
  )
  return v === bad ? 'unknown' : v
}

/**
 * The port client submission uses here. Microsoft: "Port 587 (recommended) or port 25" [MS
 * option 1]. 587 unless it is not possible (blocked on this network, or the device cannot use
 * STARTTLS there); then 25, when the site can reach it and the device can use STARTTLS and sign
 * in on it. HVE documents 587 only (§B.3), so `allow25` is false for it.
 */
function submissionPort(a: Assessment, i: DecisionInput, endpoint: string, allow25: boolean): void {
  const { site } = i
  const implicitOnly = deviceFact(a, i, 'implicitTls465Only', 'yes')
  // [MS option 1 note] "If your device recommends or defaults to port 465, it does not support SMTP AUTH client submission."
  if (implicitOnly === 'yes') {
    a.block(
      'device.implicitTls465Only',
      'The device only offers SSL/TLS on port 465; Microsoft 365 submission needs STARTTLS on 587 (or 25).',
    )
  }
  const tls587 = deviceFact(a, i, 'starttls587', 'no')
  const ok587 = site.port587 !== 'blocked' && tls587 !== 'no'
  // Port 25 is only looked at when 587 is not possible (and a device with only implicit TLS has
  // no STARTTLS on any port).
  const try25 = !ok587 && allow25 && implicitOnly !== 'yes'
  const tls25: TriState = try25 ? deviceFact(a, i, 'starttls25', 'no') : 'no'
  const ok25 = try25 && site.port25 !== 'blocked' && tls25 !== 'no'
  if (ok587 || !ok25) {
    a.port = 587
    if (site.port587 === 'blocked') {
      a.block('site.port587', `Port 587 to ${endpoint} is blocked on this network.`)
    } else if (site.port587 === 'unknown') {
      a.check('site.port587', `Port 587 to ${endpoint} was not checked from this network.`)
    }
    if (tls587 === 'no') {
      a.block('device.starttls587', 'The device cannot use STARTTLS on port 587.')
    } else if (tls587 === 'unknown' && implicitOnly !== 'yes' && !i.hints?.weak.starttls587) {
      a.check(
        'device.starttls587',
        'Check that the device offers STARTTLS ("TLS", "SSL/TLS: STARTTLS") on port 587.',
      )
    }
    if (try25) {
      // Neither port: say what stands against 25 as well, so the technician sees both.
      if (site.port25 === 'blocked')
        a.block(
          'site.port25',
          'Port 25, which Microsoft also accepts for submission, is blocked on this network too.',
        )
      if (tls25 === 'no')
        a.block(
          'device.starttls25',
          'The device cannot use STARTTLS and sign in on port 25 either.',
        )
    }
    return
  }
  // 587 is not possible here; 25 is.
  a.port = 25
  if (site.port587 === 'blocked') {
    a.warn(
      'site.port587',
      `Port 587 is blocked here; ${endpoint} also accepts submission on port 25${site.port25 === 'open' ? ', which is open' : ''}: set the device to port 25.`,
    )
  } else {
    a.warn(
      'device.starttls587',
      `The device cannot use STARTTLS on port 587; ${endpoint} also accepts submission on port 25: set the device to port 25.`,
    )
  }
  if (site.port25 === 'unknown')
    a.check('site.port25', `Port 25 to ${endpoint} was not checked from this network.`)
  if (tls25 === 'unknown' && !i.hints?.weak.starttls25)
    a.check(
      'device.starttls25',
      'Check that the device offers STARTTLS and SMTP sign-in with the port set to 25.',
    )
}

/** SMTP AUTH on smtp.office365.com (and HVE's endpoint): port, TLS 1.2, STARTTLS, AUTH. */
function submissionRequirements(
  a: Assessment,
  i: DecisionInput,
  endpoint: string,
  allow25: boolean,
): void {
  const { site } = i
  submissionPort(a, i, endpoint, allow25)
  // [MS option 1] "Your device must be able to use TLS version 1.2 and above"; TLS 1.0/1.1 get 421 4.7.66 (§B.6).
  const tls12 = deviceFact(a, i, 'tls12', 'no')
  if (tls12 === 'no') {
    a.block(
      'device.tls12',
      'The device cannot use TLS 1.2, which Microsoft 365 requires here (old TLS gets "421 4.7.66").',
    )
  } else if (tls12 === 'unknown' && !i.hints?.weak.tls12) {
    a.check('device.tls12', 'Check that the device firmware supports TLS 1.2.')
  }
  const auth = deviceFact(a, i, 'smtpAuth', 'no')
  if (auth === 'no') {
    a.block('device.smtpAuth', 'The device cannot sign in to an SMTP server (no SMTP AUTH).')
  } else if (auth === 'unknown' && !i.hints?.weak.smtpAuth) {
    a.check(
      'device.smtpAuth',
      'Check that the device can sign in to the SMTP server (user name and password, or OAuth).',
    )
  }
  if (site.starttls === 'failed') {
    a.block(
      'site.starttls',
      'STARTTLS to Microsoft 365 failed from this network (see the site checks): a device would fail the same way.',
    )
  }
}

/** Port 25 to the tenant MX: direct send and relay [MS table: "Open network port: Port 25"]. */
function port25Requirement(a: Assessment, i: DecisionInput): void {
  if (i.site.port25 === 'blocked') {
    a.block('site.port25', 'Outbound port 25 is blocked on this network (most ISPs block it).')
  } else if (i.site.port25 === 'unknown') {
    a.check('site.port25', 'Outbound port 25 was not checked from this network.')
  } else {
    a.reason('site.port25', 'Outbound port 25 is open from this network.')
  }
}

function sentItems(a: Assessment, i: DecisionInput): void {
  // [MS table] "Saves to Sent Items folder": client submission Yes; direct send No; relay No.
  if (i.answers.sentItemsCopy === 'yes') {
    a.block(
      'answers.sentItemsCopy',
      'Messages are not saved to a Sent Items folder with this method.',
    )
  }
}

function spfAndIp(a: Assessment, i: DecisionInput): void {
  if (i.site.spf === 'not-pass') {
    a.warn(
      'site.spf',
      "The site's address does not pass SPF for the domain yet: publish the record from the site checks, or mail may land in junk.",
    )
  } else if (i.site.spf === 'pass') {
    a.reason('site.spf', "The site's address passes SPF for the domain.")
  }
  // [MS option 2] "Sent mail might be disrupted if your IP addresses are blocked by a spam list."
  if (i.site.blocklisted === 'yes') {
    a.warn(
      'site.blocklisted',
      "The site's address is on a blocklist: mail may be refused or junked.",
    )
  }
}

/**
 * Whether the tenant lets the mailbox sign in with a password. SMTP_AUTH_DOC: "If your
 * authentication policy disables basic authentication for SMTP, clients cannot use the SMTP AUTH
 * protocol even if you enable the settings outlined in this article." From the end of December
 * 2026 Basic is off by default for existing tenants (§B.1, §E): unknown then counts as blocked.
 */
function basicAuthPolicy(a: Assessment, i: DecisionInput): void {
  const v = i.answers.basicAuthBlocked
  const afterDefaultOff = i.today > BASIC_AUTH_DEFAULT_OFF
  if (v === 'yes') {
    a.block(
      'answers.basicAuthBlocked',
      'The tenant blocks password (Basic) sign-in for SMTP AUTH (an authentication policy, a Conditional Access rule against legacy authentication, or the end-of-2026 default): the device would get "535 5.7.139".',
    )
  } else if (v === 'unknown' && afterDefaultOff) {
    a.block(
      'answers.basicAuthBlocked',
      'Counted as blocked: since the end of December 2026 Microsoft turns Basic auth for SMTP AUTH off by default for existing tenants. The admin can turn it back on until the final removal (to be announced in the second half of 2027); if they confirm it is on, answer "No" to the question.',
    )
  } else if (v === 'unknown') {
    a.check(
      'answers.basicAuthBlocked',
      'Ask the tenant admin whether an authentication policy or Conditional Access blocks password (Basic) sign-in for SMTP AUTH; from the end of December 2026 it is off by default.',
    )
  }
}

// --- The methods -------------------------------------------------------------------------------

function clientSubmission(i: DecisionInput, auth: 'oauth' | 'basic'): MethodAssessment {
  const a = new Assessment(
    auth === 'oauth' ? 'client-submission-oauth' : 'client-submission-basic',
    587,
  )
  const { answers } = i
  submissionRequirements(a, i, 'smtp.office365.com', true)
  if (auth === 'oauth') {
    // OAuth (XOAUTH2) is "the supported authentication method" from end of 2026 (§B.1, §B.2).
    const oauth = deviceFact(a, i, 'oauthM365', 'no')
    if (oauth === 'no') {
      a.block(
        'device.oauthM365',
        'The device (at this firmware) cannot sign in to Microsoft 365 with OAuth.',
      )
    } else if (oauth === 'unknown') {
      if (!i.hints?.weak.oauthM365)
        a.check(
          'device.oauthM365',
          'Check whether the device firmware offers OAuth 2.0 / Microsoft 365 sign-in.',
        )
    } else {
      a.reason(
        'device.oauthM365',
        i.hints?.weak.oauthM365
          ? 'The catalogue says the device can sign in to Microsoft 365 with OAuth 2.0, which keeps working after Basic auth is turned off (from a weak source: check it).'
          : 'The device can sign in to Microsoft 365 with OAuth 2.0, which keeps working after Basic auth is turned off.',
      )
    }
    if (answers.mfaOrSecurityDefaults === 'yes') {
      // SMTP_AUTH_DOC: with Security Defaults SMTP AUTH is disabled, OAuth included; MFA itself
      // is satisfied at the interactive OAuth sign-in.
      a.warn(
        'answers.mfaOrSecurityDefaults',
        `If it is Security Defaults, the admin must turn them off (Conditional Access can replace them) before the device can sign in, even with OAuth. ${SECURITY_DEFAULTS_QUOTE} MFA alone is fine: it is done at the OAuth sign-in.`,
      )
    }
  } else {
    // [MS option 1] "not compatible with Microsoft Security Defaults or multi-factor authentication (MFA)".
    if (answers.mfaOrSecurityDefaults === 'yes') {
      a.block(
        'answers.mfaOrSecurityDefaults',
        `A password sign-in does not work with Security Defaults or MFA on the mailbox. ${SECURITY_DEFAULTS_QUOTE}`,
      )
    } else if (answers.mfaOrSecurityDefaults === 'unknown') {
      a.check(
        'answers.mfaOrSecurityDefaults',
        'Ask the tenant admin whether Security Defaults or MFA apply to the mailbox: they block password sign-in.',
      )
    }
    basicAuthPolicy(a, i)
    // §B.1 timeline (Jan 27 2026 update).
    if (i.today > BASIC_AUTH_DEFAULT_OFF) {
      a.warn(
        'today',
        'Basic auth for SMTP AUTH has been disabled by default since the end of December 2026: the tenant admin must turn it back on, and Microsoft will announce its final removal (second half of 2027).',
      )
      a.penalize(25)
    } else {
      a.warn(
        'today',
        'Basic auth for SMTP AUTH will be disabled by default at the end of December 2026 (admins can turn it back on until Microsoft removes it): plan the move to OAuth.',
      )
      a.penalize(10)
    }
    a.reason(
      'device.smtpAuth',
      'Works with any device that can sign in with a user name and password.',
    )
  }
  // [MS table] Relay to internet: Yes; Saves to Sent Items: Yes; third-party hosted: Yes.
  if (answers.externalRecipients !== 'no')
    a.reason(
      'answers.externalRecipients',
      'Sends to recipients inside and outside the organisation.',
    )
  if (answers.sentItemsCopy === 'yes')
    a.reason('answers.sentItemsCopy', "Saves a copy in the mailbox's Sent Items.")
  if (answers.thirdPartyHosted === 'yes')
    a.reason('answers.thirdPartyHosted', 'Works from an application hosted by a third party.')
  // [MS option 1 limits] "30 messages sent per minute, and a limit of 10,000 recipients per day".
  if (answers.highVolume === 'yes') {
    a.block(
      'answers.highVolume',
      'Client submission is limited to 30 messages a minute and 10,000 recipients a day.',
    )
  } else if (answers.highVolume === 'unknown') {
    a.check(
      'answers.highVolume',
      'Check the volume: client submission allows 30 messages a minute and 10,000 recipients a day.',
    )
  }
  // [MS option 1] "Mailbox: You must have a licensed Microsoft 365 or Office 365 mailbox to send email from."
  a.warn(
    'method',
    'Needs a licensed mailbox to sign in with; mail is sent as that mailbox (with SMTP AUTH allowed for it).',
  )
  return a.done()
}

function directSend(i: DecisionInput): MethodAssessment {
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
  // §B.5 Reject Direct Send: "550 5.7.68 TenantInboundAttribution; Direct Send not allowed".
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
  a.reason('device.smtpAuth', 'Needs no mailbox, licence or password on the device.')
  if (i.device.tls12 !== 'yes')
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

function smtpRelay(i: DecisionInput): MethodAssessment {
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
    'device.smtpAuth',
    'Needs no password on the device; the tenant admin creates a connector for the site address.',
  )
  // [MS option 3] Licensing: unlicensed senders need an Exchange Online Protection licence.
  a.warn(
    'method',
    'The tenant admin must create the connector; senders without a Microsoft 365 licence need an Exchange Online Protection licence.',
  )
  return a.done()
}

function highVolumeEmail(i: DecisionInput): MethodAssessment {
  const a = new Assessment('high-volume-email', 587)
  const { answers } = i
  // §B.3: "Internal recipients only (external sending removed June 2025)".
  if (answers.externalRecipients === 'yes') {
    a.block('answers.externalRecipients', 'High Volume Email only delivers to internal recipients.')
  } else if (answers.externalRecipients === 'unknown') {
    a.check(
      'answers.externalRecipients',
      'High Volume Email only reaches internal recipients: confirm nobody outside needs the mail.',
    )
  }
  submissionRequirements(a, i, 'smtp.hve.mx.microsoft', false)
  // "An HVE account is a special type of mail user" (learn.microsoft.com, Add-HVEAppAccess):
  // no mailbox, so no Sent Items.
  if (answers.sentItemsCopy === 'yes') {
    a.block(
      'answers.sentItemsCopy',
      'An HVE account is a mail user, not a mailbox: there is no Sent Items folder.',
    )
  }
  // §B.3: Basic auth for HVE "until September 2028"; OAuth apps allowed.
  a.reason('today', 'Keeps password (Basic) sign-in until September 2028, or OAuth.')
  if (answers.highVolume === 'yes')
    a.reason('answers.highVolume', 'Made for volume beyond client-submission limits.')
  // §B.3: billing from June 1 2026, $42 per 1M recipients; accounts without a billing policy show "Not active".
  a.warn(
    'method',
    'Needs an HVE account and a pay-as-you-go billing policy in the tenant ($42 per million recipients since June 2026, as message center post MC1243552 announced).',
  )
  return a.done()
}

// --- Decision ----------------------------------------------------------------------------------

function summarize(
  best: MethodAssessment | undefined,
  ranked: MethodAssessment[],
  out: readonly WayOut[],
): string {
  if (!best) {
    const first = ranked[0]
    const next = out[0] ? ` Best way out here: ${out[0].title}.` : ''
    return `No Microsoft 365 method fits as things stand. The closest is ${first?.title ?? 'none'}: ${first?.blockers.map((b) => b.text).join(' ') ?? ''}${next}`
  }
  const why = best.reasons
    .slice(0, 2)
    .map((r) => r.text)
    .join(' ')
  const checks = best.warnings.length ? ` Check: ${best.warnings.map((w) => w.text).join(' ')}` : ''
  return `${best.title}. ${why}${checks}`
}

export function decide(input: DecisionInput): Decision {
  const assessments = [
    clientSubmission(input, 'oauth'),
    directSend(input),
    smtpRelay(input),
    highVolumeEmail(input),
    clientSubmission(input, 'basic'),
  ]
  const ranked = [...assessments].sort(
    (x, y) =>
      Number(y.viable) - Number(x.viable) ||
      y.score - x.score ||
      x.blockers.length - y.blockers.length,
  )
  const best = ranked.find((r) => r.viable)
  const out = best ? [] : waysOut(input, ranked)
  return {
    recommended: best?.method ?? null,
    ranked,
    summary: summarize(best, ranked, out),
    waysOut: out,
  }
}
