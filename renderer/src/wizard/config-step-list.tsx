/**
 * The Configure checklist of a plan: its steps in order, each ticked and noted in the open job
 * (job.checklist[stepId]). Shared by the method's Configure step and the site relay's.
 */
import type { ConfigStep } from '../../../shared/configure/plan-types'
import type { ChecklistItem, Job } from '../../../shared/job-types'
import { stepNeeds } from '../domain/job-plan'
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
