/**
 * How the rules read one device capability: a catalogue fact of low confidence never decides alone,
 * and asks the technician to check on the device.
 */
import type { Assessment } from './assessment'
import type { DecisionInput, DeviceCapabilities, TriState } from './types'

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
export function deviceFact(
  a: Assessment,
  i: DecisionInput,
  key: DeviceKey,
  bad: 'yes' | 'no',
): TriState {
  const v = i.device[key]
  const weak = i.hints?.weak[key]
  if (!weak || v === 'unknown') return v
  a.check(
    `device.${key}`,
    `Check on the device: ${CHECK_ON_DEVICE[key]}. The catalogue's "${v}" rests on a weak source only (low confidence; the Device step shows it).`,
  )
  return v === bad ? 'unknown' : v
}
