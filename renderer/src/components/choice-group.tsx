import { useId } from 'react'

export interface Choice<T extends string> {
  value: T
  label: string
}

/**
 * A native radio group (one Tab stop, arrows move the choice), the legend its question. With a
 * null value nothing is checked, so an unanswered question is never mistaken for an answer.
 */
export function ChoiceGroup<T extends string>({
  legend,
  value,
  options,
  onChange,
  hint,
}: {
  legend: string
  value: T | null
  options: readonly Choice<T>[]
  onChange(value: T): void
  hint?: string | undefined
}) {
  const name = useId()
  return (
    <fieldset className="tri" aria-describedby={hint ? `${name}-hint` : undefined}>
      <legend className="tri__legend">{legend}</legend>
      {hint ? (
        <p className="tri__hint" id={`${name}-hint`}>
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
