/**
 * A job's decision and configuration plan, computed the way the app's Decision and Configure steps
 * compute them (renderer/src/domain/job-decision.ts and job-plan.ts hold the same rules; they are
 * meant to re-export these once the renderer owner moves them). The report needs them in the main
 * process and in the CLI, where the renderer cannot be imported. Pure.
 */
import { findFamily, GENERIC_SMTP_DEVICE } from '../catalog'
import type { PrinterFamily } from '../catalog/types'
import { checkResult } from '../check-results'
import {
  configurationPlan,
  deviceTarget,
  siteRelayConfigurationPlan,
  type DeviceTarget,
} from '../configure/plan'
import type { ConfigStep } from '../configure/plan-types'
import { siteRelayTlsMode } from '../configure/site-relay-plan'
import { decide } from '../decision/decide'
import {
  capabilitiesFromFamily,
  deviceHints,
  mergeCapabilities,
  siteFactsFromReport,
} from '../decision/facts'
import { isMicrosoftMx } from '../decision/mx-host'
import { displayText } from '../display-text'
import type {
  Decision,
  DecisionAnswers,
  DecisionInput,
  MethodAssessment,
  MethodId,
} from '../decision/types'
import { emailProblem, hostProblem, normalizeMailDomain } from '../host-syntax'
import type { Job, SiteRelay } from '../job-types'
import type { SpfVerdictData } from '../site-identity-types'

export const DECISION_QUESTION_ORDER: readonly (keyof DecisionAnswers)[] = [
  'externalRecipients',
  'mfaOrSecurityDefaults',
  'basicAuthBlocked',
  'staticPublicIp',
  'highVolume',
  'sentItemsCopy',
  'thirdPartyHosted',
  'rejectDirectSend',
]

/** The job's catalogue family; the generic device (everything unknown) while none is picked. */
export function jobFamily(job: Job): PrinterFamily {
  return (job.device.familyId ? findFamily(job.device.familyId) : undefined) ?? GENERIC_SMTP_DEVICE
}

/** Every unanswered question counts as "don't know": an unknown lowers a method, never blocks it. */
export function decisionInput(job: Job, today: string): DecisionInput {
  const answers = Object.fromEntries(
    DECISION_QUESTION_ORDER.map((k) => [k, job.answers[k] ?? 'unknown']),
  ) as unknown as DecisionAnswers
  const family = jobFamily(job)
  const answered = job.device.capabilityAnswers
  return {
    site: siteFactsFromReport(job.lastReport),
    device: mergeCapabilities(capabilitiesFromFamily(family), answered),
    answers,
    today,
    hints: deviceHints(family, answered),
  }
}

export interface JobDecision {
  input: DecisionInput
  decision: Decision
  /** The method the Configure step uses: the technician's pick while it is viable, else the recommendation. */
  method: MethodId | null
  /** Set when the technician's pick is blocked now (answers or checks changed since). */
  pickBlocked: MethodAssessment | null
}

export function jobDecision(job: Job, today: string): JobDecision {
  const input = decisionInput(job, today)
  const decision = decide(input)
  const picked = job.method ? decision.ranked.find((m) => m.method === job.method) : undefined
  if (picked && picked.viable) return { input, decision, method: picked.method, pickBlocked: null }
  return { input, decision, method: decision.recommended, pickBlocked: picked ?? null }
}

/**
 * The tenant's Microsoft 365 MX host: typed in the job, else what DNS said (recognised by name,
 * so reports saved before the mx.microsoft names count too), as it is shown: the plan, the
 * checklist and capture's switch-back print it. Never built from the domain.
 */
export function jobMxHost(job: Job): string | null {
  const mx = checkResult(job.lastReport, 'dns-mx')?.data
  const fromDns = mx?.m365Endpoint ?? mx?.records.find((r) => isMicrosoftMx(r.exchange))?.exchange
  return job.mxHost.trim() || (fromDns ? displayText(fromDns) : null)
}

/**
 * The Configure step's plan for the chosen method at the port the decision chose for it (client
 * submission may use 25): the caller has the decision already (jobDecision). The MX host comes
 * from the job or DNS, SPF from the verdict.
 */
export function jobPlan(job: Job, chosen: Pick<MethodAssessment, 'method' | 'port'>): ConfigStep[] {
  return configurationPlan({
    method: chosen.method,
    port: chosen.port,
    family: jobFamily(job),
    domain: normalizeMailDomain(job.domain) || 'example.com',
    senderAddress: job.senderAddress.trim(),
    mxHost: jobMxHost(job),
    publicIp: siteFactsFromReport(job.lastReport).publicIp,
    spfRecord: jobSpfVerdict(job)?.suggestedRecord ?? null,
    // The technician's answer on the Device step wins over the catalogue.
    deviceTls12: mergeCapabilities(
      capabilitiesFromFamily(jobFamily(job)),
      job.device.capabilityAnswers,
    ).tls12,
  })
}

/** The SPF verdict check's data, when the site checks ran it. */
export function jobSpfVerdict(job: Job): SpfVerdictData | null {
  return checkResult(job.lastReport, 'spf-verdict')?.data ?? null
}

/**
 * Where the device should send for this job (the method the Configure step uses, the port the
 * decision chose, the MX host from the job or DNS; the relay when ScanPath Relay at this site is
 * chosen): capture mode's switch-back values. Null while no method fits.
 */
export function jobDeviceTarget(job: Job, today: string): DeviceTarget | null {
  if (job.siteRelay) return jobSiteRelayTarget(job, job.siteRelay)
  const { decision, method } = jobDecision(job, today)
  if (!method) return null
  const port = decision.ranked.find((m) => m.method === method)?.port ?? 587
  const sender = job.senderAddress.trim()
  const mailbox = sender && emailProblem(sender) === null ? sender : null
  return { ...deviceTarget(method, port, jobMxHost(job)), mailbox }
}

/**
 * The plan for ScanPath Relay at the site when the technician took that way out (job.siteRelay),
 * else null. It wins over the decision's method while chosen: choosing a method clears it.
 */
export function jobSiteRelayPlan(job: Job): ConfigStep[] | null {
  if (!job.siteRelay) return null
  const family = jobFamily(job)
  const caps = mergeCapabilities(capabilitiesFromFamily(family), job.device.capabilityAnswers)
  return siteRelayConfigurationPlan({
    relay: job.siteRelay,
    family,
    domain: normalizeMailDomain(job.domain) || 'example.com',
    senderAddress: job.senderAddress.trim(),
    deviceAddress: job.device.address.trim(),
    starttls587: caps.starttls587,
    starttls25: caps.starttls25,
    implicitTls465Only: caps.implicitTls465Only,
  })
}

/** The relay as the device's target: its address and port, the relay plan's TLS mode, no sign-in. */
function jobSiteRelayTarget(job: Job, relay: SiteRelay): DeviceTarget {
  const caps = mergeCapabilities(
    capabilitiesFromFamily(jobFamily(job)),
    job.device.capabilityAnswers,
  )
  const host = relay.address.trim()
  return {
    method: 'site-relay',
    host: host && hostProblem(host) === null ? host : null,
    port: relay.port,
    security: siteRelayTlsMode(caps),
  }
}
