import type { TriState } from '../../../shared/decision/types'
import { ChoiceGroup, type Choice } from '../components/choice-group'

export type TriOption = Choice<TriState | 'clear'>

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
 * A yes / no / don't-know question (ChoiceGroup with the three answers, or "clear" added where
 * an answer may be taken back). Nothing is checked until answered.
 */
export function TriRadioGroup({
  question,
  hint,
  value,
  onChange,
  options = TRI_OPTIONS,
}: TriRadioGroupProps) {
  return (
    <ChoiceGroup
      legend={question}
      hint={hint}
      value={value}
      options={options}
      onChange={onChange}
    />
  )
}
