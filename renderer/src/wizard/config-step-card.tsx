/**
 * One step of the Configure checklist: its tick box, who does it, where, what it needs first, the
 * values to type (a Copy button only where the plan says the value is typed elsewhere) and one note.
 */
import { useEffect, useId, useRef, useState } from 'react'

import type { ConfigField, ConfigStep } from '../../../shared/configure/plan-types'
import type { ChecklistItem } from '../../../shared/job-types'
import { CopyButton } from '../components/copy-button'
import { whoLabel } from '../domain/report-view'
import { ConfidenceTag, FactSources } from './fact-source'
import '../styles/configure.css'

/** "step 1" or "steps 1 and 2". */
function stepNumbers(numbers: readonly number[]): string {
  if (numbers.length === 1) return `step ${numbers[0]}`
  return `steps ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`
}

function FieldRow({ f }: { f: ConfigField }) {
  return (
    <div className="config-field" data-field={f.key} data-copyable={f.copy}>
      <dt className="config-field__label">{f.label}</dt>
      <dd className="config-field__value">
        <span className={f.copy ? 'mono config-field__text' : 'config-field__text'}>{f.value}</span>
        {f.copy ? <CopyButton value={f.value} label={f.label} /> : null}
        {f.hint ? <span className="config-field__hint">{f.hint}</span> : null}
      </dd>
    </div>
  )
}

/**
 * The step's one note: shown when it holds text, else an "Add a note" button that opens it (and
 * moves the focus into it). Kept per step in the job (job.checklist[stepId].note).
 */
function StepNote({
  title,
  note,
  onNote,
  onBlur,
}: {
  title: string
  note: string
  onNote(note: string): void
  onBlur(): void
}) {
  const id = useId()
  // Open from the start when the step has a note, so clearing it does not hide the field.
  const [open, setOpen] = useState(() => note !== '')
  // Set by "Add a note": the field that replaces the button takes the focus.
  const focusOnOpen = useRef(false)
  const ref = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    if (!open || !focusOnOpen.current) return
    focusOnOpen.current = false
    ref.current?.focus()
  }, [open])
  if (!open && note === '')
    return (
      <button
        type="button"
        className="config-step__add-note"
        onClick={() => {
          focusOnOpen.current = true
          setOpen(true)
        }}
      >
        <span aria-hidden="true">+</span>Add a note<span className="sr-only"> to {title}</span>
      </button>
    )
  return (
    <div className="config-step__note">
      <label className="field__label" htmlFor={id}>
        Note<span className="sr-only"> for {title}</span>
      </label>
      <textarea
        id={id}
        ref={ref}
        className="note-input"
        rows={2}
        maxLength={4000}
        value={note}
        placeholder="What you saw, a label that differed, an error code…"
        onChange={(e) => onNote(e.target.value)}
        onBlur={onBlur}
      />
    </div>
  )
}

export function ConfigStepCard({
  step,
  number,
  needs,
  item,
  onChange,
  onBlur,
}: {
  step: ConfigStep
  /** Its number in the list (1-based). */
  number: number
  /** The numbers of the steps it needs done first. */
  needs: readonly number[]
  item: ChecklistItem
  onChange(item: ChecklistItem): void
  onBlur(): void
}) {
  const id = useId()
  return (
    <li
      className={`config-step${item.done ? ' config-step--done' : ''}`}
      data-config-step={step.id}
    >
      <div className="config-step__head">
        <input
          id={`${id}-done`}
          className="config-step__check"
          type="checkbox"
          checked={item.done}
          onChange={(e) => onChange({ ...item, done: e.target.checked })}
          aria-describedby={`${id}-text`}
        />
        <label className="config-step__title" htmlFor={`${id}-done`}>
          <span className="config-step__number">{number}.</span> {step.title}
        </label>
        <span className={`who who--${step.who}`}>{whoLabel(step.who)}</span>
      </div>
      <div className="config-step__body">
        {needs.length > 0 ? (
          <p className="config-step__needs">
            <span className="config-step__label">Needs first:</span> {stepNumbers(needs)}
          </p>
        ) : null}
        {step.where ? (
          <p className="config-step__where">
            <span className="config-step__label">Where:</span>{' '}
            <span className="menu-path">{step.where.path.join(' › ')}</span>{' '}
            <ConfidenceTag confidence={step.where.confidence} />
            <FactSources sources={step.where.sources} about={step.title} />
          </p>
        ) : step.id === 'open-settings' ? (
          <p className="config-step__where">
            <span className="config-step__label">Where:</span>{' '}
            <span className="tag tag--neutral">Not in the catalogue</span>
          </p>
        ) : null}
        <p className="config-step__text" id={`${id}-text`}>
          {step.text}
        </p>
        {step.fields.length > 0 ? (
          <dl className="config-fields">
            {step.fields.map((f) => (
              <FieldRow key={f.key} f={f} />
            ))}
          </dl>
        ) : null}
        <StepNote
          title={step.title}
          note={item.note}
          onNote={(note) => onChange({ ...item, note })}
          onBlur={onBlur}
        />
      </div>
    </li>
  )
}
