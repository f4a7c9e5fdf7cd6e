/**
 * The plans that send without signing in, to the tenant's MX host on port 25: direct send, and
 * SMTP relay through a connector that knows the site by its public IP.
 */
import { connectorStep, rejectDirectSendStep, spfStep } from './admin-steps'
import { deviceField, openSettingsStep, pitfallSteps, senderOf } from './device-steps'
import type { ConfigStep, PlanInput } from './plan-types'

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
        : deviceField(
            'server',
            f,
            "The tenant's MX host (not found yet)",
            false,
            'It ends in .mail.protection.outlook.com, or in .mx.microsoft for domains added from July 2026; copy it exactly, never guess it from the domain.',
          ),
      deviceField('port', f, '25'),
      deviceField(
        'security',
        f,
        'STARTTLS (TLS) if offered',
        false,
        relay
          ? 'TLS is optional for relay but recommended.'
          : 'TLS is optional for direct send but recommended.',
      ),
      deviceField(
        'authentication',
        f,
        'Off',
        false,
        'No user name or password: Microsoft 365 recognises the site by its address (relay) or accepts it as direct send.',
      ),
      deviceField(
        'fromAddress',
        f,
        senderOf(i),
        true,
        `Any address in ${i.domain}; it needs no mailbox.`,
      ),
    ],
  }
}

/** Direct send (relay false) or SMTP relay (relay true) to the tenant's MX host. */
export function mxEndpointPlan(i: PlanInput, relay: boolean): ConfigStep[] {
  return [
    openSettingsStep(i.family),
    smtpServerStep(i, relay),
    ...(relay ? [connectorStep(i)] : []),
    spfStep(i),
    ...(relay ? [] : [rejectDirectSendStep()]),
    ...pitfallSteps(i.family),
  ]
}
