/**
 * The Configure step's inputs from a job (the same plan the report prints: shared/report), the
 * checklist's progress, and which earlier steps a step needs. Pure, unit-tested.
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

/** The numbers (1-based, in plan order) of the steps `step` needs done first. */
export function stepNeeds(steps: readonly ConfigStep[], step: ConfigStep): number[] {
  return (step.needs ?? [])
    .map((id) => steps.findIndex((s) => s.id === id) + 1)
    .filter((n) => n > 0)
    .sort((a, b) => a - b)
}
