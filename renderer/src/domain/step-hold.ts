/**
 * Whether a wizard step can move on, and if not why: the one place StepNav, the Decision, Configure
 * and Verify steps learn that "Next" is not the action that helps. Derived from the job; pure.
 */
import { answerFixes } from '../../../shared/decision/open-questions'
import type { Decision, MethodAssessment, MethodId, WayOut } from '../../../shared/decision/types'
import type { Job, WizardStepKind } from '../../../shared/job-types'
import { factLabel } from './finding-text'
import { jobDecision, type JobDecision } from './job-decision'

/** No Microsoft 365 method fits: why, what the technician can still change, and the best way out. */
export interface DeadEnd {
  kind: 'no-method-fits'
  /** Each fact that blocks a method, named with its value, once: "Port 25 — blocked on this network". */
  blockedBy: string[]
  /**
   * Blocked methods that answers alone stand in the way of, fewest answers first, each answer named
   * with its value ("External recipients — yes"). Empty: no answer helps.
   */
  answerFixes: { method: MethodId; title: string; answers: string[] }[]
  /** The ways out, best first (Decision.waysOut). */
  waysOut: WayOut[]
}

/** A method fits, but the technician has not chosen one (or their choice is blocked now). */
export interface NotConfirmed {
  kind: 'method-not-confirmed'
  recommended: MethodAssessment
  /** The technician's earlier choice, blocked since by an answer or a check. */
  pickBlocked: MethodAssessment | null
}

/** Verify has its own main action (a test) until a test has passed. */
export interface NotVerified {
  kind: 'not-verified'
}

/** Site checks have their own main action (run them) until a run is kept with the job. */
export interface ChecksNotRun {
  kind: 'checks-not-run'
}

export type StepHold = DeadEnd | NotConfirmed | NotVerified | ChecksNotRun

/** The dead end of a decision, or null when a method fits. */
export function deadEnd(jd: Pick<JobDecision, 'input' | 'decision'>): DeadEnd | null {
  const { decision, input } = jd
  if (decision.recommended !== null) return null
  const blockedBy = [
    ...new Set(decision.ranked.flatMap((m) => m.blockers.map((b) => factLabel(b.fact, input)))),
  ]
  return {
    kind: 'no-method-fits',
    blockedBy,
    answerFixes: answerFixes(decision).map((f) => ({
      ...f,
      answers: f.answers.map((a) => factLabel(`answers.${a}`, input)),
    })),
    waysOut: decision.waysOut,
  }
}

/** The method the technician confirmed, while it still fits; null otherwise. */
export function confirmedMethod(
  job: Pick<Job, 'method'>,
  decision: Pick<Decision, 'ranked'>,
): MethodAssessment | null {
  const picked = decision.ranked.find((m) => m.method === job.method)
  return picked?.viable ? picked : null
}

/**
 * What holds this step back, or null when "Next" is the way on. Site checks wait for a run, the
 * Decision step for a confirmed method (or the site relay), Verify for a test that passed;
 * Configure and Verify have nothing to do while no method fits, unless the site relay is chosen.
 */
export function stepHold(job: Job, step: WizardStepKind, today: string): StepHold | null {
  if (step === 'site-checks') return job.lastReport ? null : { kind: 'checks-not-run' }
  if (step !== 'decision' && step !== 'configure' && step !== 'verify') return null
  // ScanPath Relay at the site is a choice recorded for the job: the Decision step is done and
  // Configure has its plan, dead end or not; Verify waits for the relay's delivery to be seen.
  if (job.siteRelay && step !== 'verify') return null
  if (job.siteRelay) return verifyPassed(job) ? null : { kind: 'not-verified' }
  const jd = jobDecision(job, today)
  const end = deadEnd(jd)
  if (end) return end
  if (step === 'verify') return verifyPassed(job) ? null : { kind: 'not-verified' }
  if (step !== 'decision' || confirmedMethod(job, jd.decision)) return null
  const recommended = jd.decision.ranked.find((m) => m.method === jd.decision.recommended)
  return recommended
    ? { kind: 'method-not-confirmed', recommended, pickBlocked: jd.pickBlocked }
    : null
}

/**
 * A Verify test has passed for this job: "Next" is then the step's main action, and the tests
 * are offered again as secondary buttons.
 */
export function verifyPassed(job: Pick<Job, 'verifyOutcome'>): boolean {
  return job.verifyOutcome?.passed === true
}

/** True when "Next" is the screen's main action (StepNav demotes it otherwise). */
export function canProceed(job: Job | null, step: WizardStepKind, today: string): boolean {
  return job === null || stepHold(job, step, today) === null
}
