import { useId, type InputHTMLAttributes } from 'react'

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'value' | 'onChange' | 'aria-invalid' | 'aria-describedby'
>

interface TextFieldProps extends InputProps {
  label: string
  value: string
  onValueChange(value: string): void
  /** Shown under the field when present; the field is then marked invalid. */
  error: string | null
  hint?: string
  /** Extra class for the wrapper (grid placement). */
  wrapperClassName?: string
}

/** A labelled input with its hint and live validation message tied to it for screen readers. */
export function TextField({
  label,
  value,
  onValueChange,
  error,
  hint,
  wrapperClassName,
  ...input
}: TextFieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ')
  return (
    <div className={`field${error ? ' field--invalid' : ''} ${wrapperClassName ?? ''}`.trim()}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        {...input}
        id={id}
        className="field__input"
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          <span aria-hidden="true">✕ </span>
          {error}
        </p>
      ) : null}
    </div>
  )
}
