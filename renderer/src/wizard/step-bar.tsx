import { useRef, type KeyboardEvent } from 'react'

import { WIZARD_STEPS, type WizardStepKind } from '../../../shared/job-types'
import { stepMeta } from '../domain/wizard-steps'

/**
 * All seven steps, the current one marked (aria-current="step", bold, underlined). Every step is a
 * button: Tab reaches them, Left/Right/Home/End move between them as in a toolbar.
 */
export function StepBar({
  current,
  onSelect,
}: {
  current: WizardStepKind
  onSelect(step: WizardStepKind): void
}) {
  const listRef = useRef<HTMLOListElement>(null)
  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    const buttons = [...(listRef.current?.querySelectorAll('button') ?? [])]
    const i = buttons.findIndex((b) => b === document.activeElement)
    if (i < 0) return
    const target =
      e.key === 'ArrowRight'
        ? buttons[Math.min(i + 1, buttons.length - 1)]
        : e.key === 'ArrowLeft'
          ? buttons[Math.max(i - 1, 0)]
          : e.key === 'Home'
            ? buttons[0]
            : e.key === 'End'
              ? buttons[buttons.length - 1]
              : undefined
    if (!target) return
    e.preventDefault()
    target.focus()
  }
  return (
    <nav className="step-bar" aria-label="Steps of the job">
      <ol className="step-bar__list" ref={listRef} onKeyDown={onKeyDown}>
        {WIZARD_STEPS.map((step, i) => {
          const isCurrent = step === current
          return (
            <li key={step} className="step-bar__item">
              <button
                type="button"
                className={`step-bar__button${isCurrent ? ' step-bar__button--current' : ''}`}
                aria-current={isCurrent ? 'step' : undefined}
                onClick={() => onSelect(step)}
              >
                <span className="step-bar__number" aria-hidden="true">
                  {i + 1}
                </span>
                <span className="step-bar__label">{stepMeta(step).label}</span>
              </button>
            </li>
          )
        })}
      </ol>
    </nav>
  )
}
