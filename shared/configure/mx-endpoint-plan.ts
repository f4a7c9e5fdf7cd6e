/**
 * The plans that send without signing in, to the tenant's MX host on port 25: direct send, and
 * SMTP relay through a connector that knows the site by its public IP.
 */
import { connectorStep, rejectDirectSendStep, spfStep } from './admin-steps'
import { deviceField, deviceTls12, openSettingsStep, pitfallSteps, senderOf } from './device-steps'
import type { ConfigField, ConfigStep, PlanInput } from './plan-types'

/**
 * The security setting, agreeing with what is known of the device's TLS 1.2: one instruction,
 * never "use STARTTLS" beside "it fails". [MS option 2 features] "Doesn't require your device to
 * support TLS"; the MX endpoints no longer accept TLS 1.0 and 1.1 (MC229914, from January 2021)
 * and inbound TLS is opportunistic, so a device without TLS 1.2 sends without STARTTLS.
 */
function securityField(i: PlanInput, relay: boolean): ConfigField {
  const way = relay ? 'relay' : 'direct send'
  switch (deviceTls12(i)) {
    case 'yes':
      return deviceField('security', i.family, 'STARTTLS (TLS)', {
        hint: `TLS is optional for ${way}; the device has TLS 1.2, so use it.`,
      })
    case 'no':
      return deviceField('security', i.family, 'Off (no STARTTLS)', {
        hint: `This device is recorded without TLS 1.2, and Microsoft 365 no longer accepts TLS 1.0 or 1.1, so a STARTTLS attempt would fail. ${relay ? 'Relay' : 'Direct send'} works without TLS; the mail then crosses the internet to Microsoft unencrypted.`,
      })
    case 'unknown':
      return deviceField('security', i.family, 'STARTTLS (TLS) if offered', {
        hint: `TLS is optional for ${way}: use STARTTLS when the device has TLS 1.2. If the device has only TLS 1.0 or 1.1, turn it off (Microsoft 365 no longer accepts them).`,
      })
  }
}

function smtpServerStep(i: PlanInput, relay: boolean): ConfigStep {
  const f = i.family
  // Never built from the domain: domains added from July 2026 get MX names under mx.microsoft
  // with a zone only Microsoft knows (MC1048624).
  const mx = i.mxHost
  return {
    id: 'smtp-server',
    title: 'Enter the SMTP server (the tenant MX endpoint)',
    who: 'device',
    where: null,
    // [MS option 2/3 settings tables]: server = MX endpoint, port 25, TLS/StartTLS enabled, any address in an accepted domain.
    text: `${mx ? '' : `The MX host was not found in DNS: read it in the Microsoft 365 admin center (Settings > Domains > ${i.domain} > MX record, "Points to address"), or run the site checks with the domain. `}Use the host name, never an IP address.`,
    fields: [
      mx
        ? deviceField('server', f, mx)
        : deviceField('server', f, "The tenant's MX host (not found yet)", {
            placeholder: true,
            hint: 'It ends in .mail.protection.outlook.com, or in .mx.microsoft for domains added from July 2026; copy it exactly, never guess it from the domain.',
          }),
      deviceField('port', f, '25'),
      securityField(i, relay),
      deviceField('authentication', f, 'Off', {
        hint: 'No user name or password: Microsoft 365 recognises the site by its address (relay) or accepts it as direct send.',
      }),
      deviceField('fromAddress', f, senderOf(i), {
        hint: `Any address in ${i.domain}; it needs no mailbox.`,
      }),
    ],
  }
}

/**
 * Direct send (relay false) or SMTP relay (relay true) to the tenant's MX host: the tenant's part
 * first (the connector the relay is recognised by, SPF, Reject Direct Send), then the device.
 */
export function mxEndpointPlan(i: PlanInput, relay: boolean): ConfigStep[] {
  return [
    ...(relay ? [connectorStep(i)] : []),
    spfStep(i),
    ...(relay ? [] : [rejectDirectSendStep()]),
    openSettingsStep(i.family),
    smtpServerStep(i, relay),
    ...pitfallSteps(i.family),
  ]
}
