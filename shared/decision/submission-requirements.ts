/**
 * What SMTP AUTH submission needs, shared by client submission and High Volume Email: the port
 * (587, or 25 when 587 is not possible), TLS 1.2, STARTTLS and sign-in.
 */
import type { Assessment } from './assessment'
import { deviceFact } from './device-fact'
import type { DecisionInput, TriState } from './types'

/**
 * The port client submission uses here. Microsoft: "Port 587 (recommended) or port 25" [MS
 * option 1]. 587 unless it is not possible (blocked on this network, or the device cannot use
 * STARTTLS there); then 25, when the site can reach it and the device can use STARTTLS and sign
 * in on it. HVE documents 587 only (docs/microsoft-365-facts.md, "High Volume Email"), so
 * `allow25` is false for it.
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
export function submissionRequirements(
  a: Assessment,
  i: DecisionInput,
  endpoint: string,
  allow25: boolean,
): void {
  const { site } = i
  submissionPort(a, i, endpoint, allow25)
  // [MS option 1] "Your device must be able to use TLS version 1.2 and above"; TLS 1.0/1.1 get 421 4.7.66
  // (docs/microsoft-365-facts.md, "TLS 1.0 and 1.1").
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
