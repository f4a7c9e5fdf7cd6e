import { useEffect, useMemo, useRef, useState } from 'react'

import { CATALOG } from '../../../../shared/catalog'
import type { PrinterFamily } from '../../../../shared/catalog/types'
import type { DeviceCapabilities, TriState } from '../../../../shared/decision/types'
import { displayText } from '../../../../shared/display-text'
import type { Job, JobDevice } from '../../../../shared/job-types'
import { TextField } from '../../components/text-field'
import { searchCatalog, type FamilyMatch } from '../../domain/catalog-search'
import { CAPABILITY_ORDER, CAPABILITY_QUESTIONS, catalogueAnswer } from '../../domain/device-facts'
import { jobFamily } from '../../domain/job-decision'
import { useAppStore } from '../../store'
import { ConfidenceTag, FactSources } from '../fact-source'
import { IdentifyDevice } from '../identify-device'
import { StepHeader } from '../step-header'
import { TriRadioGroup, type TriOption } from '../tri-radio-group'

/** For a fact the catalogue knows: confirm it differs, or leave the catalogue's answer. */
const CORRECTION_OPTIONS: readonly TriOption[] = [
  { value: 'clear', label: 'As the catalogue says' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
]

function useDeviceUpdate() {
  const update = useAppStore((s) => s.jobs.update)
  return (recipe: (d: JobDevice) => JobDevice) =>
    update((j): Job => ({ ...j, device: recipe(j.device) }))
}

/** The searchable list of families: a native radio group in a box of fixed height. */
function FamilyPicker({
  selectedId,
  onPick,
}: {
  selectedId: string | null
  onPick(m: FamilyMatch): void
}) {
  const [query, setQuery] = useState('')
  const matches = useMemo(() => searchCatalog(CATALOG, query), [query])
  const boxRef = useRef<HTMLDivElement>(null)
  const listed = matches.length - 1

  // Show the picked family when the step opens, without scrolling the page itself.
  useEffect(() => {
    const box = boxRef.current
    const checked = box?.querySelector<HTMLElement>('input:checked')?.closest('label')
    if (box && checked) box.scrollTop = checked.offsetTop - box.offsetTop - 8
    // Only on open: while searching, the list starts at the best match.
  }, [])

  return (
    <div className="family-picker">
      <TextField
        label="Search the catalogue"
        type="search"
        value={query}
        onValueChange={setQuery}
        error={null}
        hint='Vendor, series or the model on the label, e.g. "Ricoh IM C3000" or "FutureSmart".'
        autoComplete="off"
        spellCheck={false}
      />
      <p className="family-picker__count" role="status">
        {query.trim() === ''
          ? `${listed} families in the catalogue`
          : listed === 0
            ? 'No family matches: pick "Generic SMTP device" below, or search for less.'
            : `${listed} ${listed === 1 ? 'family matches' : 'families match'}`}
      </p>
      <fieldset className="family-picker__fieldset">
        <legend className="sr-only">Model family</legend>
        <div className="family-picker__box" ref={boxRef}>
          {matches.map((m) => (
            <label
              key={m.family.id}
              className={`family-option${m.family.id === selectedId ? ' family-option--checked' : ''}`}
            >
              <input
                type="radio"
                name="family"
                value={m.family.id}
                checked={m.family.id === selectedId}
                onChange={() => onPick(m)}
              />
              <span className="family-option__text">
                <span className="family-option__name">
                  <strong>
                    {m.family.vendor === 'generic' ? 'Not listed' : m.family.vendorName}
                  </strong>{' '}
                  {m.family.family}
                </span>
                <span className="family-option__models">
                  {m.model
                    ? `Matches ${m.model}`
                    : m.family.exampleModels.length > 0
                      ? `e.g. ${m.family.exampleModels.slice(0, 3).join(', ')}`
                      : 'Answer what it can do below'}
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
    </div>
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
      <h4 className="capability__name">{q.name}</h4>
      {fact.kind === 'known' ? (
        <>
          <p className="capability__catalogue">
            Catalogue: <strong>{fact.text}</strong> <ConfidenceTag confidence={fact.confidence} />
          </p>
          {fact.note ? <p className="capability__note">{fact.note}</p> : null}
          <FactSources sources={fact.sources} about={q.name} />
          <TriRadioGroup
            question="On this device"
            value={answer ?? 'clear'}
            onChange={onAnswer}
            options={CORRECTION_OPTIONS}
          />
        </>
      ) : (
        <>
          <p className="capability__catalogue">
            Catalogue: <span className="tag tag--neutral">Not known</span>
            {fact.note ? <span className="capability__note"> {fact.note}</span> : null}
          </p>
          <TriRadioGroup question={q.question} value={answer ?? null} onChange={onAnswer} />
        </>
      )}
    </li>
  )
}

/** The printer or scanner: its catalogue family, what it can do, and where it is. */
export function StepDevice() {
  const job = useAppStore((s) => s.jobs.current)
  const flush = useAppStore((s) => s.jobs.flush)
  const updateDevice = useDeviceUpdate()
  if (!job) return null
  const device = job.device
  const family = device.familyId ? jobFamily(job) : null
  const isGeneric = family?.vendor === 'generic'
  const common = { onBlur: () => void flush(), autoComplete: 'off', spellCheck: false }

  const pick = (m: FamilyMatch) =>
    updateDevice((d) => {
      const wasExample = family?.exampleModels.includes(d.model) ?? false
      return {
        ...d,
        familyId: m.family.id,
        // The model the search matched fills an empty field (or replaces an earlier pick's).
        model: m.model && (d.model === '' || wasExample) ? m.model : d.model,
        custom: m.family.vendor === 'generic' ? (d.custom ?? { vendor: '', model: '' }) : null,
      }
    })
  const setField = (field: 'model' | 'firmware' | 'address' | 'serial') => (value: string) =>
    updateDevice((d) => ({ ...d, [field]: value }))
  const setCustom = (field: 'vendor' | 'model') => (value: string) =>
    updateDevice((d) => ({ ...d, custom: { vendor: '', model: '', ...d.custom, [field]: value } }))
  const answer = (key: keyof DeviceCapabilities) => (v: TriState | 'clear') =>
    updateDevice((d) => {
      const answers = { ...d.capabilityAnswers }
      if (v === 'clear') delete answers[key]
      else answers[key] = v
      return { ...d, capabilityAnswers: answers }
    })

  return (
    <section className="step step-device" aria-labelledby="step-device-title">
      <StepHeader title="Device" titleId="step-device-title">
        Find the printer or scanner in the catalogue, then note where it is on the network.
      </StepHeader>
      <div className="device-layout">
        <FamilyPicker selectedId={device.familyId} onPick={pick} />
        <div className="device-fields">
          <h3 className="device-fields__title">
            {family ? (
              isGeneric ? (
                'Device not in the catalogue'
              ) : (
                <>
                  {family.vendorName} {family.family}
                </>
              )
            ) : (
              'No model picked yet'
            )}
          </h3>
          {isGeneric ? (
            <div className="form-grid form-grid--two">
              <TextField
                label="Vendor"
                value={device.custom?.vendor ?? ''}
                onValueChange={setCustom('vendor')}
                error={null}
                maxLength={100}
                {...common}
              />
              <TextField
                label="Model"
                value={device.custom?.model ?? ''}
                onValueChange={setCustom('model')}
                error={null}
                maxLength={200}
                {...common}
              />
            </div>
          ) : (
            <TextField
              label="Model (as on the device's label)"
              value={device.model}
              onValueChange={setField('model')}
              error={null}
              maxLength={200}
              list={family ? 'family-models' : undefined}
              {...common}
            />
          )}
          {family && !isGeneric ? (
            <datalist id="family-models">
              {family.exampleModels.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          ) : null}
          <div className="form-grid form-grid--two">
            <TextField
              label="Firmware version"
              value={device.firmware}
              onValueChange={setField('firmware')}
              error={null}
              hint="From the configuration page or the web page's device information."
              maxLength={200}
              {...common}
            />
            <TextField
              label="IP address or host name"
              value={device.address}
              onValueChange={setField('address')}
              error={null}
              placeholder="192.0.2.25"
              maxLength={253}
              {...common}
            />
            <TextField
              label="Serial number"
              value={device.serial}
              onValueChange={setField('serial')}
              error={null}
              maxLength={200}
              {...common}
            />
          </div>
          <IdentifyDevice
            address={device.address}
            currentFamilyId={device.familyId}
            onAddress={(a) => {
              setField('address')(a)
              void flush()
            }}
            onUse={(f, identity) => {
              // What the device reported becomes text the technician typed: as it was shown.
              const model = identity.model === null ? null : displayText(identity.model)
              const firmware = identity.firmware === null ? null : displayText(identity.firmware)
              pick({ family: f, model })
              updateDevice((d) => ({
                ...d,
                firmware: d.firmware === '' && firmware ? firmware : d.firmware,
              }))
              void flush()
            }}
          />
        </div>
      </div>
      {family ? (
        <section className="capabilities" aria-labelledby="capabilities-title">
          <h3 id="capabilities-title">What it can do</h3>
          <p className="capabilities__lead">
            {isGeneric
              ? 'Nothing is known in advance: answer from the device’s settings pages or its manual. "Don’t know" is fine; the decision then tells you what to check.'
              : 'What the catalogue says, and how sure it is. If the device shows otherwise (another firmware, another menu), correct it here: your answer wins.'}
          </p>
          <ul className="capabilities__list">
            {CAPABILITY_ORDER.map((key) => (
              <Capability
                key={key}
                family={family}
                capKey={key}
                answer={device.capabilityAnswers[key]}
                onAnswer={answer(key)}
              />
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  )
}
