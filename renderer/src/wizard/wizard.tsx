import { useEffect, useRef } from 'react'

import { assertNever } from '../../../shared/assert-never'
import type { WizardStepKind } from '../../../shared/job-types'
import { useAppStore } from '../store'
import { SaveError, SaveStatus } from './save-status'
import { StepBar } from './step-bar'
import { StepNav } from './step-nav'
import { StepConfigure } from './steps/step-configure'
import { StepDecision } from './steps/step-decision'
import { StepDevice } from './steps/step-device'
import { StepJob } from './steps/step-job'
import { StepReport } from './steps/step-report'
import { StepSiteChecks } from './steps/step-site-checks'
import { StepVerify } from './steps/step-verify'

function StepContent({ step }: { step: WizardStepKind }) {
  switch (step) {
    case 'job':
      return <StepJob />
    case 'device':
      return <StepDevice />
    case 'site-checks':
      return <StepSiteChecks />
    case 'decision':
      return <StepDecision />
    case 'configure':
      return <StepConfigure />
    case 'verify':
      return <StepVerify />
    case 'report':
      return <StepReport />
    default:
      return assertNever(step, 'wizard step')
  }
}

/** "Contoso — Main office", or what there is of it. */
function jobTitle(customer: string, site: string): string {
  const parts = [customer.trim(), site.trim()].filter(Boolean)
  return parts.length > 0 ? parts.join(' — ') : 'New job'
}

/** One job, step by step: the job bar, the step bar, the step, Back/Next. */
export function Wizard({ step }: { step: WizardStepKind }) {
  const customer = useAppStore((s) => s.jobs.current?.customer ?? '')
  const site = useAppStore((s) => s.jobs.current?.site ?? '')
  const goTo = useAppStore((s) => s.wizard.goTo)
  const showJobList = useAppStore((s) => s.wizard.showJobList)
  const focusTarget = useAppStore((s) => s.wizard.focusTarget)
  const clearFocusTarget = useAppStore((s) => s.wizard.clearFocusTarget)
  const stepRef = useRef<HTMLDivElement>(null)
  const firstRender = useRef(true)

  // A new step starts at its top, and keyboard focus moves to its heading (the button that was
  // pressed may be gone), so the step's name is what a screen reader says next. Not on the first
  // render: opening a job focuses the step bar's step.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      document.querySelector<HTMLButtonElement>('.step-bar__button--current')?.focus()
      return
    }
    window.scrollTo({ top: 0 })
    const heading = stepRef.current?.querySelector<HTMLElement>('h2[tabindex="-1"]')
    const target = heading ?? stepRef.current
    target?.focus({ preventScroll: true })
  }, [step])

  // A way here that names what to show (the ways out from a dead end): it comes into view and
  // takes the focus, after the step's own focus above.
  useEffect(() => {
    if (!focusTarget) return
    const target = document.getElementById(focusTarget)
    if (target) {
      target.scrollIntoView({ block: 'start' })
      target.focus({ preventScroll: true })
    }
    clearFocusTarget()
  }, [step, focusTarget, clearFocusTarget])

  return (
    <div className="wizard">
      <div className="job-bar">
        <p className="job-bar__title">
          <span className="job-bar__kicker">Job</span> {jobTitle(customer, site)}
        </p>
        <SaveStatus />
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void showJobList()}
        >
          All jobs
        </button>
      </div>
      <StepBar current={step} onSelect={goTo} />
      <SaveError />
      <div className="wizard__step" ref={stepRef} tabIndex={-1} data-step={step}>
        <StepContent step={step} />
      </div>
      <StepNav step={step} />
    </div>
  )
}
