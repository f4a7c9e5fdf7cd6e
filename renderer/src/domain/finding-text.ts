/**
 * Names a decision finding's fact for the technician, with the value it had: "Port 25 — blocked
 * on this network", "External recipients — yes". A blocker that does not say which fact it
 * comes from cannot be fixed on site. Pure, unit-tested.
 */
import { assertNever } from '../../../shared/assert-never'
import type { DecisionInput, FactKey, TriState } from '../../../shared/decision/types'

function tri(v: TriState): string {
  switch (v) {
    case 'yes':
      return 'yes'
    case 'no':
      return 'no'
    case 'unknown':
      return 'not known yet'
    default:
      return assertNever(v, 'tri-state')
  }
}

function port(v: 'open' | 'blocked' | 'unknown'): string {
  return v === 'unknown' ? 'not checked from this network' : `${v} on this network`
}

/** The fact's name and its value in this decision, e.g. `{ name: 'Port 25', value: 'blocked on this network' }`. */
export function describeFact(
  fact: FactKey,
  input: DecisionInput,
): { name: string; value: string | null } {
  const { site, answers } = input
  // A catalogue fact of low confidence says so wherever it is named.
  const device = (key: keyof DecisionInput['device']): string => {
    const v = tri(input.device[key])
    return input.hints?.weak[key] && input.device[key] !== 'unknown' ? `${v} (low confidence)` : v
  }
  switch (fact) {
    case 'site.port587':
      return { name: 'Port 587', value: port(site.port587) }
    case 'site.port25':
      return { name: 'Port 25', value: port(site.port25) }
    case 'site.starttls':
      return {
        name: 'STARTTLS to Microsoft 365',
        value:
          site.starttls === 'ok' ? 'works' : site.starttls === 'failed' ? 'failed' : 'not checked',
      }
    case 'site.publicIp':
      return { name: 'Public IP address', value: site.publicIp ?? 'not found' }
    case 'site.publicIpStatic':
    case 'site.publicIpNotStatic':
      return {
        name: 'Public IP address',
        value:
          site.publicIpNotStatic === 'private-or-cgnat'
            ? 'private or carrier-grade NAT'
            : site.publicIpNotStatic === 'sources-disagree'
              ? 'the sources disagree'
              : tri(site.publicIpStatic),
      }
    case 'site.publicIpDynamicName':
      return { name: 'Reverse name of the public IP', value: site.publicIpDynamicName ?? 'none' }
    case 'site.spf':
      return {
        name: 'SPF for the site address',
        value:
          site.spf === 'pass' ? 'pass' : site.spf === 'not-pass' ? 'does not pass' : 'not checked',
      }
    case 'site.mxIsMicrosoft':
      return { name: 'MX is Microsoft 365', value: tri(site.mxIsMicrosoft) }
    case 'site.blocklisted':
      return { name: 'Site address on a blocklist', value: tri(site.blocklisted) }
    case 'device.starttls587':
      return { name: 'Device: STARTTLS on 587', value: device('starttls587') }
    case 'device.starttls25':
      return { name: 'Device: STARTTLS and sign-in on 25', value: device('starttls25') }
    case 'device.tls12':
      return { name: 'Device: TLS 1.2', value: device('tls12') }
    case 'device.implicitTls465Only':
      return { name: 'Device: only SSL/TLS on 465', value: device('implicitTls465Only') }
    case 'device.smtpAuth':
      return { name: 'Device: SMTP sign-in', value: device('smtpAuth') }
    case 'device.oauthM365':
      return { name: 'Device: Microsoft 365 OAuth', value: device('oauthM365') }
    case 'answers.mfaOrSecurityDefaults':
      return { name: 'Security Defaults or MFA', value: tri(answers.mfaOrSecurityDefaults) }
    case 'answers.externalRecipients':
      return { name: 'External recipients', value: tri(answers.externalRecipients) }
    case 'answers.staticPublicIp':
      return { name: 'Static public IP', value: tri(answers.staticPublicIp) }
    case 'answers.highVolume':
      return { name: 'High volume', value: tri(answers.highVolume) }
    case 'answers.sentItemsCopy':
      return { name: 'Copy in Sent Items', value: tri(answers.sentItemsCopy) }
    case 'answers.thirdPartyHosted':
      return { name: 'Hosted by a third party', value: tri(answers.thirdPartyHosted) }
    case 'answers.rejectDirectSend':
      return { name: 'Reject Direct Send', value: tri(answers.rejectDirectSend) }
    case 'answers.basicAuthBlocked':
      return { name: 'Basic auth blocked in the tenant', value: tri(answers.basicAuthBlocked) }
    case 'today':
      return { name: 'Date', value: input.today }
    case 'method':
      return { name: 'Method requirement', value: null }
    default:
      return assertNever(fact, 'fact')
  }
}

/** "Port 25 — blocked on this network" (the label a finding is shown with). */
export function factLabel(fact: FactKey, input: DecisionInput): string {
  const { name, value } = describeFact(fact, input)
  return value === null ? name : `${name} — ${value}`
}

/**
 * The label a finding is shown with in the Decision step. A reason that is the method's own merit
 * (not a fact of this site) says so: "By design", not "Method requirement".
 */
export function findingLabel(
  kind: 'reason' | 'warning' | 'blocker' | 'open',
  fact: FactKey,
  input: DecisionInput,
): string {
  return fact === 'method' && kind === 'reason' ? 'By design' : factLabel(fact, input)
}
