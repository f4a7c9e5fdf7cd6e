import type { WizardStepKind } from '../../../shared/job-types'
import { neighbourStep, stepMeta } from '../domain/wizard-steps'
import { useAppStore } from '../store'

/** Back and Next at the end of every step; Next names where it goes. */
export function StepNav({ step }: { step: WizardStepKind }) {
  const back = useAppStore((s) => s.wizard.back)
  const next = useAppStore((s) => s.wizard.next)
  const showJobList = useAppStore((s) => s.wizard.showJobList)
  const previous = neighbourStep(step, -1)
  const following = neighbourStep(step, 1)
  return (
    <div className="step-nav">
      {previous ? (
        <button type="button" className="button button--secondary" onClick={back}>
          <span aria-hidden="true">← </span>Back
          <span className="sr-only"> to {stepMeta(previous).label}</span>
        </button>
      ) : (
        <span />
      )}
      {following ? (
        <button type="button" className="button button--primary" onClick={next}>
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
