import type {
  DecisionInput,
  Finding,
  MethodAssessment,
  TriState,
} from '../../../../shared/decision/types'
import type { Job } from '../../../../shared/job-types'
import { DECISION_QUESTIONS } from '../../domain/decision-questions'
import { factLabel } from '../../domain/finding-text'
import { DECISION_QUESTION_ORDER, jobDecision, localDate } from '../../domain/job-decision'
import { useAppStore } from '../../store'
import { StepHeader } from '../step-header'
import { TriRadioGroup } from '../tri-radio-group'

type FindingKind = 'reason' | 'warning' | 'blocker'

const FINDING_ICON: Record<FindingKind, string> = { reason: '✓', warning: '⚠\uFE0E', blocker: '✕' }

function Findings({
  kind,
  title,
  items,
  input,
}: {
  kind: FindingKind
  title: string
  items: readonly Finding[]
  input: DecisionInput
}) {
  if (items.length === 0) return null
  return (
    <div className={`findings findings--${kind}`}>
      <p className="findings__title">{title}</p>
      <ul className="findings__list">
        {items.map((f, i) => (
          <li key={`${f.fact}-${i}`} className="finding" data-fact={f.fact}>
            <span className="finding__icon" aria-hidden="true">
              {FINDING_ICON[kind]}
            </span>
            <span>
              <span className="finding__fact">{factLabel(f.fact, input)}:</span> {f.text}
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}

function MethodCard({
  m,
  input,
  chosen,
  recommended,
  onChoose,
}: {
  m: MethodAssessment
  input: DecisionInput
  chosen: boolean
  recommended: boolean
  onChoose(): void
}) {
  return (
    <li
      className={`method${m.viable ? '' : ' method--blocked'}${chosen ? ' method--chosen' : ''}`}
      data-method={m.method}
    >
      <div className="method__head">
        {m.viable ? (
          <label className="method__choose">
            <input
              type="radio"
              name="method"
              value={m.method}
              checked={chosen}
              onChange={onChoose}
            />
            <span className="method__title">{m.title}</span>
          </label>
        ) : (
          <span className="method__title method__title--blocked">{m.title}</span>
        )}
        <span
          className={`tag ${m.viable ? (recommended ? 'tag--pass' : 'tag--neutral') : 'tag--fail'}`}
        >
          <span className="tag__icon" aria-hidden="true">
            {m.viable ? (recommended ? '★' : '✓') : '✕'}
          </span>
          {m.viable ? (recommended ? 'Recommended' : 'Possible') : 'Blocked'}
        </span>
      </div>
      <Findings kind="blocker" title="Blocked by" items={m.blockers} input={input} />
      {m.viable ? (
        <>
          <Findings kind="reason" title="Why" items={m.reasons} input={input} />
          <Findings kind="warning" title="Check" items={m.warnings} input={input} />
        </>
      ) : null}
    </li>
  )
}

/** The few questions, then the method: recommended, why, what blocks the others. */
export function StepDecision() {
  const job = useAppStore((s) => s.jobs.current)
  const update = useAppStore((s) => s.jobs.update)
  const goTo = useAppStore((s) => s.wizard.goTo)
  if (!job) return null
  const { input, decision, method, pickBlocked } = jobDecision(job, localDate())
  const best = decision.ranked.find((m) => m.method === decision.recommended) ?? null
  const others = decision.ranked.filter((m) => m !== best)
  const answer = (key: keyof Job['answers']) => (v: TriState | 'clear') =>
    update((j) => ({ ...j, answers: { ...j.answers, [key]: v === 'clear' ? 'unknown' : v } }))
  const choose = (m: MethodAssessment) => update((j) => ({ ...j, method: m.method }))
  return (
    <section className="step step-decision" aria-labelledby="step-decision-title">
      <StepHeader title="Which Microsoft 365 method" titleId="step-decision-title">
        A few questions for the customer or their admin. With what the site checks found and what
        the device can do, they decide how the device sends.
      </StepHeader>
      {job.lastReport === null ? (
        <div className="note note--warn">
          <span className="note__label">No site checks saved for this job.</span> Ports and the
          public address count as not known.{' '}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => goTo('site-checks')}
          >
            Run the site checks
          </button>
        </div>
      ) : null}
      {job.device.familyId === null ? (
        <div className="note note--warn">
          <span className="note__label">No device picked.</span> Everything it can do counts as not
          known.{' '}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => goTo('device')}
          >
            Pick the device
          </button>
        </div>
      ) : null}
      <section className="questions" aria-labelledby="questions-title">
        <h3 id="questions-title">Questions</h3>
        <div className="questions__grid">
          {DECISION_QUESTION_ORDER.map((key) => (
            <TriRadioGroup
              key={key}
              question={DECISION_QUESTIONS[key].question}
              hint={DECISION_QUESTIONS[key].hint}
              value={job.answers[key] ?? null}
              onChange={answer(key)}
            />
          ))}
        </div>
      </section>
      <section className="recommendation" aria-labelledby="recommendation-title" aria-live="polite">
        <h3 id="recommendation-title">Recommendation</h3>
        {pickBlocked ? (
          <div className="note note--warn">
            <span className="note__label">Your earlier choice is blocked now:</span>{' '}
            {pickBlocked.title}. The recommendation below is used instead.
          </div>
        ) : null}
        {best ? (
          <ul className="methods methods--best">
            <MethodCard
              m={best}
              input={input}
              chosen={method === best.method}
              recommended
              onChoose={() => choose(best)}
            />
          </ul>
        ) : (
          <div className="note note--fail">
            <span className="note__label">No method fits as things stand.</span> Each method below
            says what blocks it; fix one of those (or correct an answer) and the recommendation
            appears.
          </div>
        )}
        <h3 className="methods__heading">Other methods</h3>
        <p className="muted methods__lead">Pick another possible one if the customer prefers it.</p>
        <ul className="methods">
          {others.map((m) => (
            <MethodCard
              key={m.method}
              m={m}
              input={input}
              chosen={method === m.method}
              recommended={false}
              onChoose={() => choose(m)}
            />
          ))}
        </ul>
      </section>
    </section>
  )
}
