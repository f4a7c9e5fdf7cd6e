import { useId } from 'react'

import { assertNever } from '../../../../shared/assert-never'
import type { ConfigStep } from '../../../../shared/configure/plan-types'
import type { ChecklistItem } from '../../../../shared/job-types'
import { TextField } from '../../components/text-field'
import { jobDecision, localDate } from '../../domain/job-decision'
import { checklistProgress, jobPlan } from '../../domain/job-plan'
import { useAppStore } from '../../store'
import { CopyButton } from '../../components/copy-button'
import { ConfidenceTag, FactSources } from '../fact-source'
import { StepHeader } from '../step-header'

function whoLabel(who: ConfigStep['who']): string {
  switch (who) {
    case 'device':
      return 'On the device'
    case 'admin':
      return 'Tenant admin'
    case 'test':
      return 'Test'
    default:
      return assertNever(who, 'who')
  }
}

const EMPTY_ITEM: ChecklistItem = { done: false, note: '' }

function ChecklistStep({
  step,
  index,
  item,
  onChange,
  onBlur,
}: {
  step: ConfigStep
  index: number
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
          <span className="config-step__number">{index + 1}.</span> {step.title}
        </label>
        <span className={`who who--${step.who}`}>{whoLabel(step.who)}</span>
      </div>
      <div className="config-step__body">
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
              <div className="config-field" key={f.key}>
                <dt className="config-field__label">{f.label}</dt>
                <dd className="config-field__value">
                  <span className={f.copy ? 'mono config-field__text' : 'config-field__text'}>
                    {f.value}
                  </span>
                  {f.copy ? <CopyButton value={f.value} label={f.label} /> : null}
                  {f.hint ? <span className="config-field__hint">{f.hint}</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        ) : null}
        <div className="config-step__note">
          <label className="field__label" htmlFor={`${id}-note`}>
            Note<span className="sr-only"> for {step.title}</span>
          </label>
          <textarea
            id={`${id}-note`}
            className="note-input"
            rows={2}
            maxLength={4000}
            value={item.note}
            placeholder="What you saw, a label that differed, an error code…"
            onChange={(e) => onChange({ ...item, note: e.target.value })}
            onBlur={onBlur}
          />
        </div>
      </div>
    </li>
  )
}

/** The chosen method's steps for this device, each a checklist item with the exact values. */
export function StepConfigure() {
  const job = useAppStore((s) => s.jobs.current)
  const update = useAppStore((s) => s.jobs.update)
  const flush = useAppStore((s) => s.jobs.flush)
  const goTo = useAppStore((s) => s.wizard.goTo)
  if (!job) return null
  const { method, decision } = jobDecision(job, localDate())
  const assessment = decision.ranked.find((m) => m.method === method)
  const header = (
    <StepHeader title="Configure the device" titleId="step-configure-title">
      Each step with the exact values to type. Tick a step when it is done; a note keeps what you
      saw.
    </StepHeader>
  )
  if (!method || !assessment) {
    return (
      <section className="step step-configure" aria-labelledby="step-configure-title">
        {header}
        <div className="note note--fail">
          <span className="note__label">No method to configure yet.</span> The Decision step finds
          none that fits as things stand.{' '}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => goTo('decision')}
          >
            Back to the decision
          </button>
        </div>
      </section>
    )
  }
  const steps = jobPlan(job, assessment)
  const { done, total } = checklistProgress(steps, job)
  const setItem = (stepId: string) => (item: ChecklistItem) =>
    update((j) => ({ ...j, checklist: { ...j.checklist, [stepId]: item } }))
  return (
    <section className="step step-configure" aria-labelledby="step-configure-title">
      {header}
      <div className="configure-summary">
        <p className="configure-summary__method">
          <span className="config-step__label">Method:</span> {assessment.title}{' '}
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
      <TextField
        wrapperClassName="sender-field"
        label="Sender address (the device's mailbox)"
        value={job.senderAddress}
        onValueChange={(v) => update((j) => ({ ...j, senderAddress: v }))}
        error={null}
        hint={
          job.senderAddress.trim()
            ? 'Used in the steps below.'
            : `Not set yet: the steps show scanner@${job.domain.trim() || 'example.com'} until you type it.`
        }
        placeholder={`scanner@${job.domain.trim() || 'contoso.com'}`}
        maxLength={320}
        autoComplete="off"
        spellCheck={false}
        onBlur={() => void flush()}
      />
      <ol className="config-steps">
        {steps.map((s, i) => (
          <ChecklistStep
            key={s.id}
            step={s}
            index={i}
            item={job.checklist[s.id] ?? EMPTY_ITEM}
            onChange={setItem(s.id)}
            onBlur={() => void flush()}
          />
        ))}
      </ol>
    </section>
  )
}
