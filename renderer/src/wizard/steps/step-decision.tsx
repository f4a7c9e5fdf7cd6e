import type {
  DecisionInput,
  Finding,
  MethodAssessment,
  TriState,
  WayOut,
} from '../../../../shared/decision/types'
import type { Job } from '../../../../shared/job-types'
import { CodeBlock } from '../../components/code-block'
import { DECISION_QUESTIONS, questionHint, type AdminLookup } from '../../domain/decision-questions'
import { factLabel } from '../../domain/finding-text'
import { DECISION_QUESTION_ORDER, jobDecision, localDate } from '../../domain/job-decision'
import { useAppStore } from '../../store'
import { ConfidenceTag, FactSources } from '../fact-source'
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

/** Where the tenant admin finds the answer: what to look at, read-only PowerShell, sources. */
function AdminLookupDetails({ lookup, about }: { lookup: AdminLookup; about: string }) {
  return (
    <details className="admin-lookup">
      <summary>Where the admin looks</summary>
      <p className="admin-lookup__text">{lookup.text}</p>
      {lookup.powershell.map((line) => (
        <CodeBlock key={line} label="PowerShell (read only)" text={line} copyable />
      ))}
      <FactSources sources={lookup.sources} about={about} />
    </details>
  )
}

/**
 * When no method fits: what gets the mail flowing instead, best first for this site, each with
 * what it takes, what to know before, its sources and how sure they are. The first is open.
 */
function WaysOut({ ways }: { ways: readonly WayOut[] }) {
  return (
    <section className="ways-out" aria-labelledby="ways-out-title">
      <h3 id="ways-out-title">Next: pick a way out</h3>
      <p className="ways-out__lead">
        No Microsoft 365 method fits as things stand (each method below says what blocks it; an
        answer or a check may still change that). These get the mail flowing instead, best first for
        this site:
      </p>
      <ol className="ways-out__list">
        {ways.map((w, i) => (
          <li key={w.id} className="way-out" data-way-out={w.id}>
            <details open={i === 0}>
              <summary className="way-out__summary">
                <span className="way-out__title">{w.title}</span>
                {i === 0 ? (
                  <span className="tag tag--pass">
                    <span className="tag__icon" aria-hidden="true">
                      ★
                    </span>
                    Best here
                  </span>
                ) : null}
              </summary>
              <p className="way-out__why">{w.why}</p>
              <p className="findings__title">What it takes</p>
              <ol className="way-out__takes">
                {w.takes.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ol>
              {w.caveats.length > 0 ? (
                <>
                  <p className="findings__title">Know before choosing it</p>
                  <ul className="way-out__caveats">
                    {w.caveats.map((c) => (
                      <li key={c}>{c}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              <p className="way-out__sources">
                <ConfidenceTag confidence={w.confidence} />
                <FactSources sources={w.sources} about={w.title} />
              </p>
            </details>
          </li>
        ))}
      </ol>
    </section>
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
          {DECISION_QUESTION_ORDER.map((key) => {
            const q = DECISION_QUESTIONS[key]
            return (
              <div key={key} className="question" data-question={key}>
                <TriRadioGroup
                  question={q.question}
                  hint={questionHint(key, input.site)}
                  value={job.answers[key] ?? null}
                  onChange={answer(key)}
                />
                {q.lookup ? <AdminLookupDetails lookup={q.lookup} about={q.question} /> : null}
              </div>
            )
          })}
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
          <WaysOut ways={decision.waysOut} />
        )}
        <h3 className="methods__heading">{best ? 'Other methods' : 'Why no method fits'}</h3>
        <p className="muted methods__lead">
          {best
            ? 'Pick another possible one if the customer prefers it.'
            : 'Each Microsoft 365 method with what blocks it here: remove a blocker (or correct an answer) and the recommendation appears.'}
        </p>
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
