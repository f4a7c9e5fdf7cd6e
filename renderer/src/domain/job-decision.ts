/**
 * The decision for a job, as the Decision and Configure steps both need it: the job's saved site
 * report, the device's capabilities (catalogue, corrected by the technician) and the answers,
 * with every unanswered question counted as "don't know". Pure, unit-tested.
 */
import { findFamily, GENERIC_SMTP_DEVICE } from '../../../shared/catalog'
import type { PrinterFamily } from '../../../shared/catalog/types'
import { decide } from '../../../shared/decision/decide'
import {
  capabilitiesFromFamily,
  mergeCapabilities,
  siteFactsFromReport,
} from '../../../shared/decision/facts'
import type {
  Decision,
  DecisionAnswers,
  DecisionInput,
  MethodAssessment,
  MethodId,
} from '../../../shared/decision/types'
import type { Job } from '../../../shared/job-types'

export const DECISION_QUESTION_ORDER: readonly (keyof DecisionAnswers)[] = [
  'externalRecipients',
  'mfaOrSecurityDefaults',
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

/** Today as YYYY-MM-DD in the technician's own time zone (the Basic-auth dates are calendar dates). */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

export function decisionInput(job: Job, today: string): DecisionInput {
  const answers = Object.fromEntries(
    DECISION_QUESTION_ORDER.map((k) => [k, job.answers[k] ?? 'unknown']),
  ) as unknown as DecisionAnswers
  return {
    site: siteFactsFromReport(job.lastReport),
    device: mergeCapabilities(capabilitiesFromFamily(jobFamily(job)), job.device.capabilityAnswers),
    answers,
    today,
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
