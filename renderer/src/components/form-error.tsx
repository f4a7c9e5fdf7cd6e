/** A form's error, announced at once (role="alert"); nothing when there is none. */
export function FormError({ error }: { error: string | null }) {
  if (!error) return null
  return (
    <p className="field__error" role="alert">
      <span aria-hidden="true">✕ </span>
      {error}
    </p>
  )
}
