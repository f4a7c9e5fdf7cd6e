/**
 * The Configure checklist of a plan: its steps in order, each ticked and noted in the open job
 * (job.checklist[stepId]), and the summary above it (how the device sends, with a way back to
 * the Decision step, and the steps done). Shared by the method's Configure step and the site relay's.
 */
import type { ReactNode } from 'react'

import type { ConfigStep } from '../../../shared/configure/plan-types'
import type { ChecklistItem, Job } from '../../../shared/job-types'
import { checklistProgress, stepNeeds } from '../domain/job-plan'
import { useAppStore } from '../store'
import { ConfigStepCard } from './config-step-card'

const EMPTY_ITEM: ChecklistItem = { done: false, note: '' }

export function ConfigStepList({ steps, job }: { steps: readonly ConfigStep[]; job: Job }) {
  const update = useAppStore((s) => s.jobs.update)
  const flush = useAppStore((s) => s.jobs.flush)
  const setItem = (stepId: string) => (item: ChecklistItem) =>
    update((j) => ({ ...j, checklist: { ...j.checklist, [stepId]: item } }))
  return (
    <ol className="config-steps">
      {steps.map((s, i) => (
        <ConfigStepCard
          key={s.id}
          step={s}
          number={i + 1}
          needs={stepNeeds(steps, s)}
          item={job.checklist[s.id] ?? EMPTY_ITEM}
          onChange={setItem(s.id)}
          onBlur={() => void flush()}
        />
      ))}
    </ol>
  )
}

/** "Method: … [Change]" and "N of M steps done", above the checklist. */
export function ConfigureSummary({
  steps,
  job,
  siteRelay = false,
  children,
}: {
  steps: readonly ConfigStep[]
  job: Job
  siteRelay?: boolean
  /** How the device sends, after "Method:". */
  children: ReactNode
}) {
  const goTo = useAppStore((s) => s.wizard.goTo)
  const { done, total } = checklistProgress(steps, job)
  return (
    <div className="configure-summary" {...(siteRelay ? { 'data-site-relay': '' } : {})}>
      <p className="configure-summary__method">
        <span className="config-step__label">Method:</span> {children}
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => goTo('decision')}
        >
          Change
        </button>
      </p>
      <p className="configure-summary__progress" role="status">
        {done} of {total} steps done
      </p>
    </div>
  )
}
