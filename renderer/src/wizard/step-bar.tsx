import { useMemo, useRef, type KeyboardEvent } from 'react'

import type { WizardStepKind } from '../../../shared/job-types'
import { localDate } from '../domain/job-decision'
import { stepBarItems, type StepBarItem } from '../domain/wizard-steps'
import { useAppStore } from '../store'

/** The mark in a step's circle: its number until the job shows it done or needing attention. */
function mark(item: StepBarItem): string {
  return item.state === 'done' ? '✓' : item.state === 'attention' ? '!' : String(item.number)
}

/**
 * All seven steps, the current one marked (aria-current="step", bold, underlined), each done or
 * needing-attention step marked with ✓ or ! and described in words (aria-describedby), never by
 * colour alone. Every step is a button: Tab reaches them, Left/Right/Home/End move between them
 * as in a toolbar.
 */
export function StepBar({
  current,
  onSelect,
}: {
  current: WizardStepKind
  onSelect(step: WizardStepKind): void
}) {
  const job = useAppStore((s) => s.jobs.current)
  const items = useMemo(() => stepBarItems(job, current, localDate()), [job, current])
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
        {items.map((item) => {
          const descriptionId = `step-bar-state-${item.step}`
          return (
            <li key={item.step} className="step-bar__item">
              <button
                type="button"
                className={`step-bar__button step-bar__button--${item.state}${item.current ? ' step-bar__button--current' : ''}`}
                data-step={item.step}
                data-state={item.state}
                aria-current={item.current ? 'step' : undefined}
                aria-describedby={item.description ? descriptionId : undefined}
                title={item.description ?? undefined}
                onClick={() => onSelect(item.step)}
              >
                <span
                  className={`step-bar__number step-bar__number--${item.state}`}
                  aria-hidden="true"
                >
                  {mark(item)}
                </span>
                <span className="step-bar__label">{item.label}</span>
              </button>
              {item.description ? (
                <span id={descriptionId} className="step-bar__state" hidden>
                  {item.description}
                </span>
              ) : null}
            </li>
          )
        })}
      </ol>
    </nav>
  )
}
