import { useId } from 'react'

import type { TriState } from '../../../shared/decision/types'

export interface TriOption {
  value: TriState | 'clear'
  label: string
}

export const TRI_OPTIONS: readonly TriOption[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unknown', label: "Don't know" },
]

interface TriRadioGroupProps {
  question: string
  hint?: string | undefined
  /** The checked option; null while unanswered (nothing checked). */
  value: TriState | 'clear' | null
  onChange(value: TriState | 'clear'): void
  options?: readonly TriOption[]
}

/**
 * A yes / no / don't-know question as a native radio group: one Tab stop, arrow keys move the
 * answer, the legend is the question. Nothing is checked until answered, so an unanswered
 * question is never mistaken for a "no".
 */
export function TriRadioGroup({
  question,
  hint,
  value,
  onChange,
  options = TRI_OPTIONS,
}: TriRadioGroupProps) {
  const name = useId()
  const hintId = `${name}-hint`
  return (
    <fieldset className="tri" aria-describedby={hint ? hintId : undefined}>
      <legend className="tri__legend">{question}</legend>
      {hint ? (
        <p className="tri__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <div className="tri__options">
        {options.map((o) => (
          <label key={o.value} className="tri__option">
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
