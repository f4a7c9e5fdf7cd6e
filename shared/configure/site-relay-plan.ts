/**
 * The plan for the "a relay at this site" way out: ScanPath Relay on an always-on machine on the
 * device's network, the tenant's part for the relay's mailbox, its sign-in, then the device
 * pointing at the relay (no sign-in on the device) and a test. Pure.
 */
import type { TriState } from '../decision/types'
import { emailProblem, isIpLiteral } from '../host-syntax'
import type { SiteRelay } from '../job-types'
import type { RelayTlsMode } from '../schemas/relay-config'
import { smtpAuthStep } from './admin-steps'
import { configField } from './config-field'
import { deviceField, openSettingsStep, pitfallSteps } from './device-steps'
import type { ConfigStep, PlanInput } from './plan-types'
import { OFFICE_365_SMTP } from './submission-plan'

/** Microsoft, "Authenticate an IMAP, POP or SMTP connection using OAuth" (SMTP.Send, XOAUTH2). */
const OAUTH_SMTP_DOC =
  'https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth'
/** Microsoft Entra, "Grant tenant-wide admin consent to an application". */
const ADMIN_CONSENT_DOC =
  'https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/grant-admin-consent'
/** Microsoft, "Device code flow" of the identity platform: the sign-in on a machine without a browser. */
const DEVICE_CODE_DOC =
  'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-device-code'
/** Microsoft Entra, "Register an application" quickstart. */
const REGISTER_APP_DOC =
  'https://learn.microsoft.com/en-us/entra/identity-platform/quickstart-register-app'
/** Microsoft Entra, desktop app registration: "Allow public client flows" for the device code flow. */
const PUBLIC_CLIENT_DOC =
  'https://learn.microsoft.com/en-us/entra/identity-platform/scenario-desktop-app-registration'
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Where the deb's systemd unit reads the relay's configuration (README, "Running ScanPath Relay as a service"). */
export const RELAY_CONFIG_PATH_LINUX = '/etc/scanpath-relay/relay.json'
export const RELAY_CONFIG_PATH_WINDOWS = 'C:\\ProgramData\\ScanPath Relay\\relay.json'
/** The only folder the systemd unit lets the relay write to. */
export const RELAY_SPOOL_DIR_LINUX = '/var/lib/scanpath-relay/spool'
/** The key of the relay's encrypted secrets file, made once as root (docs/relay-secrets.md). */
export const RELAY_KEY_COMMAND_LINUX =
  '(umask 077; head -c 32 /dev/urandom > /etc/scanpath-relay/relay.key)'
/** The name the Decision step, the plan and the report give this way out. */
export const SITE_RELAY_TITLE = 'ScanPath Relay at this site'

/** What the relay plan is built from: the job's relay, device and sender. */
export interface SiteRelayPlanInput {
  relay: SiteRelay
  family: PlanInput['family']
  domain: string
  /** The sender address typed in the job (trimmed); empty while not typed. */
  senderAddress: string
  /** The device's address as typed in the Device step (IP or host name); empty while not typed. */
  deviceAddress: string
  /** Whether the device does STARTTLS on 587 and on 25, and only implicit TLS on 465. */
  starttls587: TriState
  starttls25: TriState
  implicitTls465Only: TriState
}

/**
 * The relay's TLS mode on the LAN hop: STARTTLS offered (TLS 1.0 and later are accepted there, so
 * a device without TLS 1.2 still uses it), unless the device cannot do STARTTLS at all.
 */
export function siteRelayTlsMode(
  i: Pick<SiteRelayPlanInput, 'starttls587' | 'starttls25' | 'implicitTls465Only'>,
): RelayTlsMode {
  const noStarttls = i.starttls587 === 'no' && i.starttls25 === 'no'
  return noStarttls || i.implicitTls465Only === 'yes' ? 'none' : 'starttls'
}

/** The relay's configuration file as the plan shows it, and whether every value in it is known. */
export function siteRelayConfig(i: SiteRelayPlanInput): { json: string; complete: boolean } {
  const address = i.relay.address.trim()
  const device = i.deviceAddress.trim()
  const sender = i.senderAddress.trim()
  const listenKnown = isIpLiteral(address)
  const deviceKnown = isIpLiteral(device)
  const senderKnown = sender !== '' && emailProblem(sender) === null
  const mailbox = senderKnown ? sender : '<the sender mailbox>'
  const clientId = (i.relay.clientId ?? '').trim()
  const clientIdKnown = GUID.test(clientId)
  const config = {
    listen: {
      address: listenKnown ? address : "<this machine's IP address on the device's network>",
      port: i.relay.port,
    },
    allow: [deviceKnown ? device : "<the device's IP address>"],
    senders: [mailbox],
    tls: { mode: siteRelayTlsMode(i) },
    outbound: { host: OFFICE_365_SMTP, port: 587, username: mailbox },
    // The mailbox signs in by device code through the customer's app registration.
    signIn: {
      kind: 'delegated',
      clientId: clientIdKnown ? clientId : '<Application (client) ID>',
    },
    // A headless service has no OS keychain: an encrypted file, its key from systemd.
    secrets: { store: 'file' },
    spoolDir: RELAY_SPOOL_DIR_LINUX,
  }
  return {
    json: JSON.stringify(config, null, 2),
    complete: listenKnown && deviceKnown && senderKnown && clientIdKnown,
  }
}

function relayMachineStep(i: SiteRelayPlanInput): ConfigStep {
  const { json, complete } = siteRelayConfig(i)
  return {
    id: 'relay-machine',
    title: 'Relay machine: install ScanPath Relay and write its configuration',
    who: 'relay',
    where: null,
    // relay.json names the app registration's client ID.
    needs: ['admin-relay-app'],
    text: [
      `Install ScanPath on an always-on machine on the device's network (a server, a NAS or a small PC) whose address is ${i.relay.address.trim() || 'the relay address typed above'}; it must stay on for mail to flow.`,
      `Debian or Ubuntu: install the ScanPath deb, write ${RELAY_CONFIG_PATH_LINUX} as below, create the key of its encrypted secrets file once, as root, then start the service. Windows: install ScanPath for all users, write the same file to ${RELAY_CONFIG_PATH_WINDOWS} without "secrets" (the relay then uses Credential Manager) and with spoolDir under C:\\ProgramData\\ScanPath Relay, and register the scheduled task from the README, "Running ScanPath Relay as a service".`,
      'The relay refuses anyone not in "allow" and any sender not in "senders": it is never an open relay.',
    ].join('\n'),
    fields: [
      configField('relay-config', 'relay.json', json, {
        placeholder: !complete,
        ...(complete
          ? {}
          : {
              hint: "Replace each <…> first: the relay machine's IP address and the app's client ID (above), the device's IP address (Device step) and the sender mailbox.",
            }),
      }),
      configField('relay-command', 'Create the key (as root)', RELAY_KEY_COMMAND_LINUX),
      configField(
        'relay-command',
        'Start it (Debian, Ubuntu)',
        'sudo systemctl enable --now scanpath-relay',
      ),
    ],
  }
}

/**
 * The customer's app registration the relay signs in through: a public client (device code flow,
 * PUBLIC_CLIENT_DOC) with the delegated SMTP.Send and offline_access permissions (OAUTH_SMTP_DOC),
 * consented for the organisation where users may not consent (ADMIN_CONSENT_DOC).
 */
function relayAppStep(): ConfigStep {
  return {
    id: 'admin-relay-app',
    title: 'Tenant admin: register the app the relay signs in through',
    who: 'admin',
    where: {
      path: ['Microsoft Entra admin center', 'App registrations', 'New registration'],
      confidence: 'high',
      sources: [REGISTER_APP_DOC, PUBLIC_CLIENT_DOC, OAUTH_SMTP_DOC, ADMIN_CONSENT_DOC],
    },
    text: [
      'New registration: its Overview page shows the Application (client) ID; type it above, for relay.json.',
      'Authentication > Advanced settings > Allow public client flows: Yes (the relay signs in with a device code).',
      'API permissions: the delegated permissions SMTP.Send (https://outlook.office.com/SMTP.Send) and offline_access; then "Grant admin consent", unless users may consent for themselves at the first sign-in.',
    ].join('\n'),
    fields: [],
  }
}

function relaySignInStep(i: SiteRelayPlanInput): ConfigStep {
  const sender = i.senderAddress.trim()
  return {
    id: 'relay-sign-in',
    title: 'Relay machine: sign the relay in to Microsoft 365',
    who: 'relay',
    where: {
      path: ['The relay machine'],
      confidence: 'medium',
      sources: [DEVICE_CODE_DOC, OAUTH_SMTP_DOC],
    },
    text: `Sign the relay in as ${sender || 'the sender mailbox'} with a device code: the command shows a code to enter in any browser; sign in there and complete MFA if asked. The relay keeps the refresh token in its secrets store (never in relay.json) and refreshes it daily, so it does not lapse after 90 days unused.`,
    needs: ['admin-smtp-auth', 'admin-relay-app', 'relay-machine'],
    fields: [
      configField(
        'relay-command',
        'Command',
        `scanpath relay sign-in --config ${RELAY_CONFIG_PATH_LINUX}`,
      ),
    ],
  }
}

function deviceToRelayStep(i: SiteRelayPlanInput): ConfigStep {
  const f = i.family
  const address = i.relay.address.trim()
  const sender = i.senderAddress.trim()
  const mode = siteRelayTlsMode(i)
  return {
    id: 'smtp-server',
    title: 'Point the device at the relay',
    who: 'device',
    where: null,
    text: 'The device sends to the relay on its own network, without signing in; the relay signs in to Microsoft 365 for it.',
    needs: ['open-settings', 'relay-machine'],
    fields: [
      address
        ? deviceField('server', f, address)
        : deviceField('server', f, "The relay machine's address (type it above)", {
            placeholder: true,
          }),
      deviceField('port', f, String(i.relay.port)),
      deviceField('security', f, mode === 'none' ? 'None' : 'STARTTLS (TLS)', {
        hint:
          mode === 'none'
            ? 'This device is recorded without STARTTLS: it sends in plain text on the LAN to the relay, which sends on to Microsoft 365 over TLS 1.2.'
            : 'The relay accepts TLS 1.0 and later on the LAN, so a device without TLS 1.2 can use it; the relay uses TLS 1.2 to Microsoft 365.',
      }),
      deviceField('authentication', f, 'Off', {
        hint: 'No password on the device: the relay lets it send by its IP address.',
      }),
      sender
        ? deviceField('fromAddress', f, sender, {
            hint: 'One of the relay\'s "senders": it refuses other From addresses.',
          })
        : deviceField('fromAddress', f, 'The sender mailbox (type it above)', {
            placeholder: true,
          }),
    ],
  }
}

function relayTestStep(): ConfigStep {
  return {
    id: 'relay-status',
    title: "Relay machine: check the relay's status",
    who: 'test',
    where: null,
    text: 'On the relay machine: it shows the listening address, the queue, the last delivery, the token expiry and the last error. Then scan a page from the device to an internal address.',
    needs: ['relay-sign-in', 'smtp-server'],
    fields: [
      configField(
        'relay-command',
        'Command',
        `scanpath relay status --config ${RELAY_CONFIG_PATH_LINUX}`,
      ),
    ],
  }
}

/**
 * The site relay plan: the tenant's part (SMTP AUTH for the mailbox, the app registration), the
 * relay machine, its sign-in, the device pointing at the relay, the family's pitfalls, the status.
 * Sources: smtpAuthStep's (SMTP AUTH per mailbox), OAUTH_SMTP_DOC (XOAUTH2 with SMTP.Send).
 */
export function siteRelayPlan(i: SiteRelayPlanInput): ConfigStep[] {
  // The relay sends by client submission with OAuth: the mailbox needs SMTP AUTH allowed.
  const smtpAuth = smtpAuthStep({
    method: 'client-submission-oauth',
    port: 587,
    family: i.family,
    domain: i.domain,
    senderAddress: i.senderAddress.trim(),
    mxHost: null,
    publicIp: null,
    spfRecord: null,
  })
  return [
    // Without the sender typed, its PowerShell names a made-up mailbox: not for copying.
    i.senderAddress.trim()
      ? smtpAuth
      : { ...smtpAuth, fields: smtpAuth.fields.map((f) => ({ ...f, copy: false })) },
    relayAppStep(),
    relayMachineStep(i),
    relaySignInStep(i),
    openSettingsStep(i.family),
    deviceToRelayStep(i),
    ...pitfallSteps(i.family),
    relayTestStep(),
  ]
}
