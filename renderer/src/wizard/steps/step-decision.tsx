import { useId, useState } from 'react'

import type {
  DecisionInput,
  Finding,
  MethodAssessment,
  TriState,
} from '../../../../shared/decision/types'
import type { Job } from '../../../../shared/job-types'
import { CodeBlock } from '../../components/code-block'
import { DECISION_QUESTIONS, questionHint, type AdminLookup } from '../../domain/decision-questions'
import { findingLabel } from '../../domain/finding-text'
import { DECISION_QUESTION_ORDER, jobDecision, localDate } from '../../domain/job-decision'
import { confirmedMethod, deadEnd, type DeadEnd } from '../../domain/step-hold'
import { useAppStore } from '../../store'
import { FactSources } from '../fact-source'
import { StepHeader } from '../step-header'
import { TriRadioGroup } from '../tri-radio-group'
import {
  DeadEndWhy,
  SiteRelayOffer,
  siteRelayChoice,
  siteRelayOffer,
  WaysOutList,
  type SiteRelayChoice,
} from '../ways-out-panel'

type FindingKind = 'reason' | 'open' | 'warning' | 'blocker'

const FINDING_ICON: Record<FindingKind, string> = {
  reason: '✓',
  open: '?',
  warning: '⚠\uFE0E',
  blocker: '✕',
}

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
              <span className="finding__fact">{findingLabel(kind, f.fact, input)}:</span> {f.text}
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
          <Findings kind="open" title="Still to answer" items={m.openQuestions} input={input} />
          <Findings kind="warning" title="Check" items={m.warnings} input={input} />
        </>
      ) : null}
    </li>
  )
}

/**
 * Under the recommended method: nothing is chosen until the technician says so, and what looks
 * chosen is what the job records. Before that, confirming is the step's one main action.
 */
function ConfirmRow({
  best,
  confirmed,
  relayChosen,
  onConfirm,
}: {
  best: MethodAssessment
  confirmed: MethodAssessment | null
  relayChosen: boolean
  onConfirm(): void
}) {
  if (confirmed?.method === best.method)
    return (
      <p className="method-confirm method-confirm--done" data-method-confirm="chosen">
        <span aria-hidden="true">✓ </span>Chosen for this job: Configure, Verify and the report use
        it.
      </p>
    )
  return (
    <div className="method-confirm" data-method-confirm={confirmed ? 'other' : 'none'}>
      <button
        type="button"
        className={`button ${confirmed || relayChosen ? 'button--secondary' : 'button--primary'}`}
        onClick={onConfirm}
      >
        {confirmed || relayChosen ? 'Use the recommended method instead' : 'Use this method'}
      </button>
      <span className="method-confirm__text">
        {relayChosen
          ? 'Chosen for this job: ScanPath Relay at this site.'
          : confirmed
            ? `Chosen for this job: ${confirmed.title}.`
            : 'Not chosen yet: nothing is recorded for this job until you confirm it or pick another below.'}
      </span>
    </div>
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

/** When no method fits: why, whether an answer could help, the one next action, the ways out. */
function DecisionDeadEnd({ end, siteRelay }: { end: DeadEnd; siteRelay: SiteRelayChoice }) {
  const goTo = useAppStore((s) => s.wizard.goTo)
  return (
    <>
      <section className="dead-end" aria-labelledby="dead-end-title" data-dead-end>
        <h3 id="dead-end-title" className="dead-end__title">
          <span aria-hidden="true">✕ </span>No Microsoft 365 method fits here
        </h3>
        <DeadEndWhy end={end} />
        <p className="dead-end__lead">
          Nothing to configure or verify until a way out is taken: agree one with the customer. The
          report lists these ways out for them.
        </p>
        <p className="dead-end__actions">
          {/* Once the site relay is chosen, Next (to Configure) is the main action. */}
          <button
            type="button"
            className={`button ${siteRelay.chosen ? 'button--secondary' : 'button--primary'}`}
            onClick={() => goTo('report')}
          >
            Open the report with the ways out
          </button>
        </p>
      </section>
      <WaysOutList ways={end.waysOut} siteRelay={siteRelay} />
    </>
  )
}

/**
 * The methods besides the recommended one, folded behind a disclosure (open while the technician is
 * still choosing, or when their choice is among them); in a dead end, each with what blocks it.
 */
function OtherMethods({
  methods,
  input,
  confirmed,
  openByDefault,
  deadEndHere,
  onChoose,
}: {
  methods: readonly MethodAssessment[]
  input: DecisionInput
  confirmed: MethodAssessment | null
  openByDefault: boolean
  deadEndHere: boolean
  onChoose(m: MethodAssessment): void
}) {
  const [toggled, setToggled] = useState<boolean | null>(null)
  const open = toggled ?? openByDefault
  const listId = useId()
  return (
    <div className="other-methods">
      <h3 className="methods__heading">
        <button
          type="button"
          className="disclosure"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setToggled(!open)}
        >
          <span className="disclosure__marker" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {deadEndHere ? 'What blocks each method' : 'Other methods'} ({methods.length})
        </button>
      </h3>
      <div id={listId} hidden={!open}>
        <p className="muted methods__lead">
          {deadEndHere
            ? 'Each Microsoft 365 method with what blocks it here.'
            : 'Pick another possible one if the customer prefers it.'}
        </p>
        <ul className="methods">
          {methods.map((m) => (
            <MethodCard
              key={m.method}
              m={m}
              input={input}
              chosen={confirmed?.method === m.method}
              recommended={false}
              onChoose={() => onChoose(m)}
            />
          ))}
        </ul>
      </div>
    </div>
  )
}

/** The few questions, then the method: recommended, why, what blocks the others. */
export function StepDecision() {
  const job = useAppStore((s) => s.jobs.current)
  const update = useAppStore((s) => s.jobs.update)
  const goTo = useAppStore((s) => s.wizard.goTo)
  if (!job) return null
  const jd = jobDecision(job, localDate())
  const { input, decision, pickBlocked } = jd
  const end = deadEnd(jd)
  // What is shown chosen is what the job records: the technician's choice while it still fits.
  const confirmed = confirmedMethod(job, decision)
  const best = decision.ranked.find((m) => m.method === decision.recommended) ?? null
  const others = decision.ranked.filter((m) => m !== best)
  const answer = (key: keyof Job['answers']) => (v: TriState | 'clear') =>
    update((j) => ({ ...j, answers: { ...j.answers, [key]: v === 'clear' ? 'unknown' : v } }))
  // Choosing a method drops the site relay; taking the relay leaves no method chosen.
  const choose = (m: MethodAssessment) =>
    update((j) => ({ ...j, method: m.method, siteRelay: null }))
  const siteRelay = siteRelayChoice(job, update, () => goTo('configure'))
  const relayOffer = siteRelayOffer(input, decision, best)
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
      <section
        className="recommendation"
        aria-label={best ? 'Recommendation' : 'No method fits'}
        aria-live="polite"
      >
        {best ? <h3 id="recommendation-title">Recommendation</h3> : null}
        {pickBlocked ? (
          <div className="note note--warn">
            <span className="note__label">Your earlier choice is blocked now:</span>{' '}
            {pickBlocked.title}. Choose a method again; nothing is chosen for this job until then.
          </div>
        ) : null}
        {best ? (
          <>
            <ul className="methods methods--best">
              <MethodCard
                m={best}
                input={input}
                chosen={confirmed?.method === best.method}
                recommended
                onChoose={() => choose(best)}
              />
            </ul>
            <ConfirmRow
              best={best}
              confirmed={confirmed}
              relayChosen={siteRelay.chosen}
              onConfirm={() => choose(best)}
            />
            {relayOffer ? <SiteRelayOffer way={relayOffer} choice={siteRelay} /> : null}
          </>
        ) : end ? (
          <DecisionDeadEnd end={end} siteRelay={siteRelay} />
        ) : null}
        <OtherMethods
          methods={others}
          input={input}
          confirmed={confirmed}
          openByDefault={!end && (confirmed === null || confirmed.method !== best?.method)}
          deadEndHere={!best}
          onChoose={choose}
        />
      </section>
    </section>
  )
}
