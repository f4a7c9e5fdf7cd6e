/**
 * The Configure step's inputs from a job (the same plan the report prints: shared/report), and
 * the checklist's progress. Pure, unit-tested.
 */
import type { ConfigStep } from '../../../shared/configure/plan-types'
import type { Job } from '../../../shared/job-types'

export { jobDeviceTarget, jobPlan } from '../../../shared/report/job-derive'

/** "3 of 7 steps done". */
export function checklistProgress(
  steps: readonly ConfigStep[],
  job: Job,
): { done: number; total: number } {
  const done = steps.filter((s) => job.checklist[s.id]?.done).length
  return { done, total: steps.length }
}
