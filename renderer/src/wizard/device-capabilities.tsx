/**
 * "What it can do": one compact row per capability with the catalogue's answer and how sure it
 * is, its reasons and sources folded away, and the technician's own answer (which wins).
 */
import type { PrinterFamily } from '../../../shared/catalog/types'
import type { DeviceCapabilities, TriState } from '../../../shared/decision/types'
import { CAPABILITY_ORDER, CAPABILITY_QUESTIONS, catalogueAnswer } from '../domain/device-facts'
import { ConfidenceTag, FactSources } from './fact-source'
import { TriRadioGroup, type TriOption } from './tri-radio-group'

/** For a fact the catalogue knows: confirm it differs, or leave the catalogue's answer. */
const CORRECTION_OPTIONS: readonly TriOption[] = [
  { value: 'clear', label: 'As the catalogue says' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
]

/** The catalogue's reasons and sources, folded: opened only by who wants to check them. */
function Why({
  note,
  sources,
  about,
}: {
  note: string | null
  sources: readonly string[]
  about: string
}) {
  if (!note && sources.length === 0) return null
  const what = [
    note ? 'Why' : null,
    sources.length > 0 ? `${sources.length} source${sources.length > 1 ? 's' : ''}` : null,
  ]
    .filter(Boolean)
    .join(', ')
  return (
    <details className="capability__why">
      <summary>
        {what}
        <span className="sr-only"> for {about}</span>
      </summary>
      {note ? <p className="capability__note">{note}</p> : null}
      <FactSources sources={sources} about={about} />
    </details>
  )
}

function Capability({
  family,
  capKey,
  answer,
  onAnswer,
}: {
  family: PrinterFamily
  capKey: keyof DeviceCapabilities
  answer: TriState | undefined
  onAnswer(v: TriState | 'clear'): void
}) {
  const q = CAPABILITY_QUESTIONS[capKey]
  const fact = catalogueAnswer(family, capKey)
  return (
    <li className="capability" data-capability={capKey}>
      <div className="capability__fact">
        <h4 className="capability__name">{q.name}</h4>
        {fact.kind === 'known' ? (
          <>
            <p className="capability__catalogue">
              Catalogue: <strong>{fact.text}</strong> <ConfidenceTag confidence={fact.confidence} />
            </p>
            <Why note={fact.note} sources={fact.sources} about={q.name} />
          </>
        ) : (
          <>
            <p className="capability__catalogue">
              Catalogue: <span className="tag tag--neutral">Not known</span>
            </p>
            <Why note={fact.note} sources={[]} about={q.name} />
          </>
        )}
      </div>
      {fact.kind === 'known' ? (
        <TriRadioGroup
          question="On this device"
          value={answer ?? 'clear'}
          onChange={onAnswer}
          options={CORRECTION_OPTIONS}
        />
      ) : (
        <TriRadioGroup question={q.question} value={answer ?? null} onChange={onAnswer} />
      )}
    </li>
  )
}

export function DeviceCapabilities({
  family,
  answers,
  onAnswer,
}: {
  family: PrinterFamily
  answers: Partial<DeviceCapabilities>
  onAnswer(key: keyof DeviceCapabilities, v: TriState | 'clear'): void
}) {
  const generic = family.vendor === 'generic'
  return (
    <section className="capabilities" aria-labelledby="capabilities-title">
      <h3 id="capabilities-title">What it can do</h3>
      <p className="capabilities__lead">
        {generic
          ? 'Answer from the device’s settings pages or its manual; "Don’t know" is fine, the decision then says what to check.'
          : 'What the catalogue says and how sure it is. Where the device shows otherwise, answer for it: your answer wins.'}
      </p>
      <ul className="capabilities__list">
        {CAPABILITY_ORDER.map((key) => (
          <Capability
            key={key}
            family={family}
            capKey={key}
            answer={answers[key]}
            onAnswer={(v) => onAnswer(key, v)}
          />
        ))}
      </ul>
    </section>
  )
}
