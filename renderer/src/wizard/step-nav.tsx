import type { WizardStepKind } from '../../../shared/job-types'
import { localDate } from '../domain/job-decision'
import { stepHold } from '../domain/step-hold'
import { neighbourStep, stepMeta } from '../domain/wizard-steps'
import { useAppStore } from '../store'

/**
 * Back and Next at the end of every step; Next names where it goes. Next is the main button only
 * while the step can move on: when something holds it (no method confirmed, none fits), the
 * step's own action is the main one and Next a secondary way past it.
 */
export function StepNav({ step }: { step: WizardStepKind }) {
  const job = useAppStore((s) => s.jobs.current)
  const back = useAppStore((s) => s.wizard.back)
  const next = useAppStore((s) => s.wizard.next)
  const showJobList = useAppStore((s) => s.wizard.showJobList)
  const previous = neighbourStep(step, -1)
  const following = neighbourStep(step, 1)
  const hold = job ? stepHold(job, step, localDate()) : null
  const nextClass = hold ? 'button button--secondary' : 'button button--primary'
  return (
    <div className="step-nav" data-step-hold={hold?.kind ?? 'none'}>
      {previous ? (
        <button type="button" className="button button--secondary" onClick={back}>
          <span aria-hidden="true">← </span>Back
          <span className="sr-only"> to {stepMeta(previous).label}</span>
        </button>
      ) : (
        <span />
      )}
      {following ? (
        <button type="button" className={nextClass} onClick={next}>
          Next: {stepMeta(following).label}
          <span aria-hidden="true"> →</span>
        </button>
      ) : (
        <button type="button" className="button button--primary" onClick={() => void showJobList()}>
          Done: back to all jobs
        </button>
      )}
    </div>
  )
}
