/**
 * Capture verdict: what a captured device session means for each way of sending through
 * Microsoft 365. Pure: facts in, words out, so the CLI, the app and the tests agree.
 *
 * Client submission: smtp.office365.com:587 (or 25), STARTTLS, TLS 1.2 or later, AUTH LOGIN or XOAUTH2
 * with a mailbox. Direct send / SMTP relay: the tenant's MX endpoint on port 25, no sign-in, TLS
 * optional (STARTTLS when offered). ScanPath Relay at the site: the relay's address and port, any TLS
 * or none, no sign-in (judged under the direct send/relay verdict's method, as a relay it is).
 */
import { captureMethodFor } from '../../shared/capture-record'
import type {
  CaptureMethodVerdict,
  CaptureSession,
  CaptureSetting,
  CaptureSwitchBack,
  CaptureVerdict,
} from '../../shared/capture-types'
import type { DeviceTarget, SiteRelayDeviceTarget } from '../../shared/configure/plan'
import { SITE_RELAY_TITLE } from '../../shared/configure/site-relay-plan'

export const M365_SUBMISSION_HOST = 'smtp.office365.com'
export const M365_SUBMISSION_PORT = 587

const TLS_LABEL: Record<string, string> = {
  SSLv3: 'SSL 3.0',
  TLSv1: 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
  'TLSv1.2': 'TLS 1.2',
  'TLSv1.3': 'TLS 1.3',
}

export function tlsLabel(protocol: string | null): string {
  if (protocol === null) return 'an unknown TLS version'
  return TLS_LABEL[protocol] ?? protocol
}

/** True for TLS 1.2 and 1.3, what Exchange Online accepts on 587. */
export function isModernTls(protocol: string | null): boolean {
  return protocol === 'TLSv1.2' || protocol === 'TLSv1.3'
}

const SUBMISSION_MECHANISMS = new Set(['LOGIN', 'XOAUTH2'])

function lastAuth(s: CaptureSession) {
  return s.auth[s.auth.length - 1] ?? null
}

function sentMessage(s: CaptureSession) {
  return s.messages.find((m) => m.complete) ?? null
}

/** Where the device stopped, for sessions that never finished a message. */
function stoppedAt(s: CaptureSession): string {
  if (s.messages.some((m) => m.complete)) return ''
  if (s.starttlsAttempted && !s.tls)
    return "The device sent STARTTLS but never completed the TLS handshake: it may not support the TLS versions offered, or it checks certificates and refused the capture's self-signed one (turn certificate checking off for the capture only)."
  const last = s.commands[s.commands.length - 1]
  if (!last) return 'The device connected but sent no command.'
  if (s.messages.some((m) => !m.complete && m.mailFrom !== null))
    return `The device gave up during the message (last command ${last}): check its error log or display.`
  return `The device gave up before sending a message (last command ${last}): check its error log or display.`
}

export function clientSubmissionVerdict(s: CaptureSession): CaptureMethodVerdict {
  const findings: string[] = []
  let status: CaptureMethodVerdict['status'] = 'ok'
  const fail = (f: string): void => {
    status = 'fail'
    findings.push(f)
  }
  const warn = (f: string): void => {
    if (status === 'ok') status = 'warn'
    findings.push(f)
  }
  if (s.transport === 'implicit-tls') {
    fail(
      'The device used implicit TLS ("SSL", port 465): smtp.office365.com does not listen on 465. Set the device to STARTTLS on port 587; if it has no STARTTLS option, update the firmware or use direct send/relay on port 25.',
    )
  } else if (s.transport === 'plaintext') {
    fail(
      s.starttlsAttempted
        ? 'The device tried STARTTLS but the TLS handshake did not complete: Exchange Online requires STARTTLS with TLS 1.2 on 587. Update the firmware or use direct send/relay.'
        : 'The device stayed in plaintext (no STARTTLS): Exchange Online offers sign-in on 587 only after STARTTLS, so it will fail with 530 5.7.57. Set the device\'s security to STARTTLS (sometimes labelled "TLS").',
    )
  }
  if (s.tls && !isModernTls(s.tls.protocol)) {
    fail(
      `${tlsLabel(s.tls.protocol)} negotiated: Exchange Online will refuse this device on 587 with 421 4.7.66 (TLS 1.0 and 1.1 are not supported); update the firmware or use direct send/relay.`,
    )
  }
  const auth = lastAuth(s)
  if (!auth) {
    fail(
      'The device did not sign in: client submission needs SMTP authentication with a licensed mailbox (AUTH LOGIN). Turn on SMTP authentication on the device.',
    )
  } else {
    if (!SUBMISSION_MECHANISMS.has(auth.mechanism)) {
      fail(
        `The device signed in with AUTH ${auth.mechanism} although LOGIN was offered: Exchange Online offers only LOGIN and XOAUTH2, so this device cannot sign in there. Look for an authentication-method setting, or update the firmware.`,
      )
    }
    if (auth.username === null || !auth.username.includes('@')) {
      warn(
        `The username "${auth.username ?? ''}" is not an email address: Exchange Online expects the mailbox's full address (e.g. scanner@contoso.com).`,
      )
    }
    if (auth.mechanism !== 'XOAUTH2' && auth.mechanism !== 'CRAM-MD5' && !auth.secret.received) {
      warn('No password was sent: set the mailbox password on the device.')
    }
    const from = sentMessage(s)?.mailFrom ?? s.messages[0]?.mailFrom ?? null
    if (from && auth.username && from.toLowerCase() !== auth.username.toLowerCase()) {
      warn(
        `MAIL FROM <${from}> differs from the signed-in mailbox ${auth.username}: Exchange Online refuses this with 554 5.2.252 SendAsDenied unless the mailbox has Send As rights on that address.`,
      )
    }
  }
  const stop = stoppedAt(s)
  if (stop && status === 'ok') warn(stop)
  if (status === 'ok')
    findings.push(
      `STARTTLS with ${tlsLabel(s.tls?.protocol ?? null)} and AUTH ${auth?.mechanism ?? ''}: meets Exchange Online's requirements for client submission (the mailbox must have SMTP AUTH enabled).`,
    )
  return {
    method: 'client-submission',
    title: `Client submission (${M365_SUBMISSION_HOST}:${M365_SUBMISSION_PORT} or 25, STARTTLS, sign-in)`,
    status,
    findings,
  }
}

export function directSendVerdict(s: CaptureSession): CaptureMethodVerdict {
  const findings: string[] = []
  let status: CaptureMethodVerdict['status'] = 'ok'
  if (s.transport === 'implicit-tls') {
    status = 'fail'
    findings.push(
      'The device used implicit TLS ("SSL", port 465): the Microsoft 365 MX endpoint only takes port 25 with plaintext or STARTTLS. Set the device\'s security to none or STARTTLS on port 25, or use an on-site relay.',
    )
  } else if (s.tls && !isModernTls(s.tls.protocol)) {
    status = 'warn'
    findings.push(
      `${tlsLabel(s.tls.protocol)} negotiated: Microsoft 365 may refuse legacy TLS on its MX endpoint too; if sending fails, set the device's security to none (direct send/relay on port 25 does not require TLS).`,
    )
  }
  if (s.auth.length > 0) {
    if (status === 'ok') status = 'warn'
    findings.push(
      'The device signs in: direct send and relay use no sign-in, and the MX endpoint does not offer AUTH, so turn SMTP authentication off on the device for these methods.',
    )
  }
  const stop = stoppedAt(s)
  if (stop && status === 'ok') {
    status = 'warn'
    findings.push(stop)
  }
  if (status === 'ok')
    findings.push(
      "Port 25 without sign-in works for this device: direct send (to the tenant's own recipients only) or a relay connector (any recipient, from the site's static public IP).",
    )
  return {
    method: 'direct-send-relay',
    title: 'Direct send / SMTP relay (tenant MX endpoint, port 25, TLS optional)',
    status,
    findings,
  }
}

/** "192.168.1.20:2525", or the port alone while the relay's address is not typed. */
function relayEndpoint(t: SiteRelayDeviceTarget): string {
  return t.host ? `${t.host}:${t.port}` : `the relay machine, port ${t.port}`
}

/**
 * What a session means for ScanPath Relay at the site: the relay takes STARTTLS with TLS 1.0 or
 * later, or plain text on the LAN, and no sign-in (it lets the device send by its IP address).
 * Its method is the direct send/relay one: the device's side of both is port-25 style, no sign-in.
 */
export function siteRelayVerdict(
  s: CaptureSession,
  t: SiteRelayDeviceTarget,
): CaptureMethodVerdict {
  const findings: string[] = []
  let status: CaptureMethodVerdict['status'] = 'ok'
  const warn = (f: string): void => {
    if (status === 'ok') status = 'warn'
    findings.push(f)
  }
  const where = relayEndpoint(t)
  if (s.transport === 'implicit-tls') {
    status = 'fail'
    findings.push(
      `The device used implicit TLS ("SSL", port 465): ScanPath Relay takes plain SMTP or STARTTLS only. Set the device's security to STARTTLS or none and its port to ${t.port}.`,
    )
  } else if (t.security === 'starttls-required' && s.transport === 'plaintext') {
    status = 'fail'
    findings.push(
      `The device stayed in plain text, but the relay requires STARTTLS: set the device's security to STARTTLS, or the relay's "tls" mode to "starttls".`,
    )
  } else if (t.security === 'none' && s.transport === 'starttls') {
    warn(
      `The device did STARTTLS, but the relay plan has the relay without TLS (the Device step records the device without STARTTLS): correct that answer so the relay offers STARTTLS, or set the device's security to none.`,
    )
  }
  if (s.auth.length > 0)
    warn(
      'The device signs in: ScanPath Relay offers no sign-in (it lets the device send by its IP address), so turn SMTP authentication off on the device.',
    )
  const stop = stoppedAt(s)
  if (stop && status === 'ok') warn(stop)
  if (status === 'ok')
    findings.push(
      `${s.tls ? `STARTTLS with ${tlsLabel(s.tls.protocol)}` : 'Plain SMTP'} without sign-in: this device can send through ${SITE_RELAY_TITLE} at ${where} (it takes any TLS version or none on the device's network, and signs in to Microsoft 365 for the device).`,
    )
  return {
    method: 'direct-send-relay',
    title: `${SITE_RELAY_TITLE} (${where}, TLS optional, no sign-in)`,
    status,
    findings,
  }
}

/** Where the CLI's switch-back points (it knows no job): client submission on 587. */
export const SUBMISSION_TARGET: DeviceTarget = {
  method: 'client-submission-basic',
  host: M365_SUBMISSION_HOST,
  port: M365_SUBMISSION_PORT,
}

/** The mailbox when the device gave none: never a made-up example address. */
const MAILBOX_FROM_CONFIGURE = 'the sending mailbox address from the Configure step'

/** The settings to put back on the device for a method (the job's Configure values). */
function targetSettings(t: DeviceTarget, username: string | null): CaptureSetting[] {
  switch (t.method) {
    case 'client-submission-oauth':
      return [
        { label: 'SMTP server', value: t.host ?? M365_SUBMISSION_HOST },
        { label: 'Port', value: String(t.port) },
        { label: 'Security', value: 'STARTTLS (sometimes labelled "TLS", not "SSL")' },
        { label: 'SMTP authentication', value: 'OAuth 2.0 (Microsoft 365)' },
        { label: 'Username', value: username ?? t.mailbox ?? MAILBOX_FROM_CONFIGURE },
        { label: 'Sign-in', value: "sign in on the device again with the mailbox's account" },
      ]
    case 'client-submission-basic':
    case 'high-volume-email':
      return [
        { label: 'SMTP server', value: t.host ?? M365_SUBMISSION_HOST },
        { label: 'Port', value: String(t.port) },
        { label: 'Security', value: 'STARTTLS (sometimes labelled "TLS", not "SSL")' },
        { label: 'SMTP authentication', value: 'On' },
        {
          label: 'Username',
          value:
            username ??
            t.mailbox ??
            (t.method === 'high-volume-email'
              ? 'the HVE account address from the Configure step'
              : MAILBOX_FROM_CONFIGURE),
        },
        {
          label: 'Password',
          value: "the account's password (re-enter it: the capture did not keep it)",
        },
      ]
    case 'site-relay':
      return [
        {
          label: 'SMTP server',
          value: t.host ?? "the relay machine's address from the Configure step",
        },
        { label: 'Port', value: String(t.port) },
        {
          label: 'Security',
          value: t.security === 'none' ? 'None' : 'STARTTLS (sometimes labelled "TLS", not "SSL")',
        },
        { label: 'SMTP authentication', value: 'Off' },
      ]
    case 'direct-send':
    case 'smtp-relay':
      return [
        {
          label: 'SMTP server',
          value:
            t.host ??
            "the tenant's MX host found in DNS (…mail.protection.outlook.com or …mx.microsoft)",
        },
        { label: 'Port', value: String(t.port) },
        { label: 'Security', value: 'STARTTLS if offered' },
        { label: 'SMTP authentication', value: 'Off' },
      ]
  }
}

/** What to re-enter besides the values, by method: a password, a sign-in, or nothing. */
function switchBackAdvice(t: DeviceTarget): string {
  switch (t.method) {
    case 'client-submission-oauth':
      return "Enter the settings from the Configure step again and sign in on the device again with the mailbox's Microsoft 365 account. For this job they are:"
    case 'client-submission-basic':
    case 'high-volume-email':
      return 'Enter the settings from the Configure step again, including the password (the capture did not keep it). For this job they are:'
    case 'direct-send':
    case 'smtp-relay':
      return 'Enter the settings from the Configure step again: port 25 to the MX host, with no sign-in. For this job they are:'
    case 'site-relay':
      return `Enter the settings from the Configure step again: ${SITE_RELAY_TITLE}, with no sign-in. For this job they are:`
  }
}

/**
 * The banner shown with every capture: the device was pointed at the laptop and must be set back.
 * The values are the target's: the job's chosen method, the port the decision chose and the MX
 * host found in DNS (the CLI, which knows no job, passes client submission on 587). The username
 * the device used is kept when it gave one. Without a target (the job has no method yet) it says
 * so and lists nothing.
 */
export function switchBackBanner(
  capture: { host: string; port: number },
  username: string | null = null,
  target: DeviceTarget | null = SUBMISSION_TARGET,
): CaptureSwitchBack {
  const away = `This device now sends to ScanPath's capture at ${capture.host}:${capture.port}, not to ${target?.method === 'site-relay' ? SITE_RELAY_TITLE : 'Microsoft 365'}.`
  if (!target) {
    const advice =
      'No sending method is chosen for this job yet: choose one in the Decision step, then enter the settings the Configure step gives.'
    return {
      text: `${away} Switch it back when the capture is done. ${advice}`,
      advice,
      settings: [],
    }
  }
  const settings = targetSettings(target, username)
  return {
    text: `${away} Switch it back when the capture is done: ${settings.map((x) => `${x.label}: ${x.value}`).join('; ')}.`,
    advice: switchBackAdvice(target),
    settings,
  }
}

function summary(s: CaptureSession): string {
  const who = `${s.ehloName ?? 'unnamed device'} (${s.remoteAddress})`
  const how =
    s.transport === 'plaintext'
      ? s.starttlsAttempted
        ? 'STARTTLS attempted, handshake not completed'
        : 'plaintext, no STARTTLS'
      : `${s.transport === 'starttls' ? 'STARTTLS' : 'implicit TLS'}, ${tlsLabel(s.tls?.protocol ?? null)}${s.tls?.cipher ? ` ${s.tls.cipher}` : ''}`
  const auth = lastAuth(s)
  const who2 = auth
    ? `AUTH ${auth.mechanism} as ${auth.username ?? '(no username)'}, password ${auth.secret.received ? `received${auth.secret.length !== null ? `, ${auth.secret.length} characters` : ''}` : 'not sent'}`
    : 'no sign-in'
  const sent = s.messages.filter((m) => m.complete).length
  return `${who}: ${how}; ${who2}; ${sent === 0 ? 'no message sent' : `${sent} message${sent === 1 ? '' : 's'} sent`}.`
}

/**
 * What a session means for each method, the job's chosen method's verdict first. `target` is the
 * job's method and where it sends (null: no method chosen, the verdicts are shown side by side);
 * the CLI, which knows no job, leaves it at client submission on 587.
 */
export function captureVerdict(
  s: CaptureSession,
  capture: { host: string; port: number },
  target: DeviceTarget | null = SUBMISSION_TARGET,
): CaptureVerdict {
  // Direct send and relay sign in as nobody: a username the device sent is not put back.
  const chosen = !target
    ? null
    : target.method === 'site-relay'
      ? 'direct-send-relay'
      : captureMethodFor(target.method)
  const username = chosen === 'client-submission' ? (lastAuth(s)?.username ?? null) : null
  // With the site relay chosen, the relay's verdict stands for direct send/relay (one per method).
  const both = [
    clientSubmissionVerdict(s),
    target?.method === 'site-relay' ? siteRelayVerdict(s, target) : directSendVerdict(s),
  ]
  return {
    sessionId: s.id,
    summary: summary(s),
    chosen,
    methods: chosen
      ? [...both.filter((m) => m.method === chosen), ...both.filter((m) => m.method !== chosen)]
      : both,
    switchBack: switchBackBanner(capture, username, target),
  }
}
