import { useEffect, useId, useRef, useState } from 'react'

import type { DeviceCapabilities, TriState } from '../../../../shared/decision/types'
import { displayText } from '../../../../shared/display-text'
import type { Job, JobDevice } from '../../../../shared/job-types'
import { TextField } from '../../components/text-field'
import type { FamilyMatch } from '../../domain/catalog-search'
import { jobFamily } from '../../domain/job-decision'
import { useAppStore } from '../../store'
import { DeviceCapabilities as CapabilityList } from '../device-capabilities'
import { FamilyChoice } from '../family-choice'
import { FamilyPicker } from '../family-picker'
import { IdentifyDevice } from '../identify-device'
import { StepHeader } from '../step-header'

function useDeviceUpdate() {
  const update = useAppStore((s) => s.jobs.update)
  return (recipe: (d: JobDevice) => JobDevice) =>
    update((j): Job => ({ ...j, device: recipe(j.device) }))
}

/**
 * The printer or scanner: its catalogue family (summarised at the top once chosen, the list
 * opened with Change), its model and address, and what it can do.
 */
export function StepDevice() {
  const job = useAppStore((s) => s.jobs.current)
  const flush = useAppStore((s) => s.jobs.flush)
  const updateDevice = useDeviceUpdate()
  const listId = useId()
  // The list is open while no family is chosen; once one is, Change opens it again.
  const [listOpen, setListOpen] = useState(() => !job?.device.familyId)
  /** Where focus goes once the list has opened or closed. */
  const focusNext = useRef<'toggle' | 'search' | null>(null)
  const toggleRef = useRef<HTMLButtonElement>(null)

  // After the list closes the clicked family is gone from view: focus goes to its summary's
  // button. After Change, to the search field.
  useEffect(() => {
    if (focusNext.current === 'toggle') toggleRef.current?.focus()
    if (focusNext.current === 'search')
      document
        .getElementById(listId)
        ?.querySelector<HTMLInputElement>('input[type="search"]')
        ?.focus()
    focusNext.current = null
  }, [listOpen, listId])

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
  const closeList = () => {
    focusNext.current = 'toggle'
    setListOpen(false)
  }
  const setField = (field: 'model' | 'firmware' | 'address' | 'serial') => (value: string) =>
    updateDevice((d) => ({ ...d, [field]: value }))
  const setCustom = (field: 'vendor' | 'model') => (value: string) =>
    updateDevice((d) => ({ ...d, custom: { vendor: '', model: '', ...d.custom, [field]: value } }))
  const answer = (key: keyof DeviceCapabilities, v: TriState | 'clear') =>
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
      {family ? (
        <FamilyChoice
          family={family}
          listOpen={listOpen}
          listId={listId}
          toggleRef={toggleRef}
          onToggle={() => {
            if (listOpen) return closeList()
            focusNext.current = 'search'
            setListOpen(true)
          }}
        />
      ) : null}
      <FamilyPicker
        id={listId}
        open={listOpen || !family}
        selectedId={device.familyId}
        onPick={(m, byPointer) => {
          pick(m)
          // A click chooses; arrow keys only move through the list, which stays open.
          if (byPointer) closeList()
        }}
      />
      <div className="device-fields">
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
        ) : null}
        <div className="form-grid form-grid--two">
          {isGeneric ? null : (
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
        {family && !isGeneric ? (
          <datalist id="family-models">
            {family.exampleModels.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        ) : null}
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
            setListOpen(false)
            void flush()
          }}
        />
      </div>
      {family ? (
        <CapabilityList family={family} answers={device.capabilityAnswers} onAnswer={answer} />
      ) : null}
    </section>
  )
}
