/**
 * The Configure step: for the chosen method and the device's catalogue family, the steps to
 * follow and every value to type, with the device's own field labels where the catalogue knows
 * them (docs/microsoft-365-facts.md, "The three ways to send"). Where the device's menu is
 * unknown the step says so instead of guessing.
 */
import type { MethodId } from '../decision/types'
import type { RelayTlsMode } from '../schemas/relay-config'
import { testSendStep } from './device-steps'
import { mxEndpointPlan } from './mx-endpoint-plan'
import type { ConfigStep, PlanInput } from './plan-types'
import { siteRelayPlan, type SiteRelayPlanInput } from './site-relay-plan'
import {
  clientSubmissionPlan,
  highVolumeEmailPlan,
  HVE_SMTP,
  OFFICE_365_SMTP,
} from './submission-plan'

function methodSteps(i: PlanInput): ConfigStep[] {
  switch (i.method) {
    case 'client-submission-oauth':
      return clientSubmissionPlan(i, true)
    case 'client-submission-basic':
      return clientSubmissionPlan(i, false)
    case 'direct-send':
      return mxEndpointPlan(i, false)
    case 'smtp-relay':
      return mxEndpointPlan(i, true)
    case 'high-volume-email':
      return highVolumeEmailPlan(i)
  }
}

export function configurationPlan(i: PlanInput): ConfigStep[] {
  return [...methodSteps(i), testSendStep()]
}

/** The plan when the technician took the "relay at this site" way out (ScanPath Relay). */
export function siteRelayConfigurationPlan(i: SiteRelayPlanInput): ConfigStep[] {
  return [...siteRelayPlan(i), testSendStep()]
}

/**
 * Where the device sends with the chosen method: what capture mode's switch-back lists, so the
 * device goes back to the values the Configure step gave (the port the decision chose, the MX host
 * found in DNS), not to a fixed 587.
 */
export type DeviceTarget = M365DeviceTarget | SiteRelayDeviceTarget

/** Where the device sends with a Microsoft 365 method. */
export interface M365DeviceTarget {
  method: MethodId
  /** smtp.office365.com, smtp.hve.mx.microsoft, or the tenant MX host (null: not found yet). */
  host: string | null
  port: 587 | 25
  /**
   * The job's sending mailbox (a valid address), for the user name when the device gave none;
   * absent or null: say where to find it.
   */
  mailbox?: string | null
}

/**
 * Where the device sends with ScanPath Relay at the site: the relay's address and port, security
 * as the relay plan says (STARTTLS unless the device cannot), no sign-in.
 */
export interface SiteRelayDeviceTarget {
  method: 'site-relay'
  /** The relay machine's IP address or host name (null: not typed yet). */
  host: string | null
  port: number
  security: RelayTlsMode
}

export function deviceTarget(
  method: MethodId,
  port: 587 | 25,
  mxHost: string | null,
): M365DeviceTarget {
  switch (method) {
    case 'client-submission-oauth':
    case 'client-submission-basic':
      return { method, host: OFFICE_365_SMTP, port }
    case 'high-volume-email':
      return { method, host: HVE_SMTP, port: 587 }
    case 'direct-send':
    case 'smtp-relay':
      return { method, host: mxHost, port: 25 }
  }
}
