import { useId, type RefObject } from 'react'

interface PasswordFieldProps {
  label: string
  inputRef: RefObject<HTMLInputElement | null>
  /** Told whether the field holds anything (never what). */
  onHasText(hasText: boolean): void
  hint?: string
  disabled?: boolean
  autoFocus?: boolean
}

/**
 * A password input that React never holds: uncontrolled (no `value` prop, so the text is not
 * mirrored into a DOM attribute or into any state), read once through the ref when sent.
 */
export function PasswordField({
  label,
  inputRef,
  onHasText,
  hint,
  disabled,
  autoFocus,
}: PasswordFieldProps) {
  const id = useId()
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        className="field__input"
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        maxLength={16 * 1024}
        disabled={disabled}
        autoFocus={autoFocus}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onInput={(e) => onHasText(e.currentTarget.value !== '')}
      />
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  )
}
