import type { AppError } from '../../../shared/result'

/** An error from the bridge, announced at once (role="alert"), with a way to clear it. */
export function ErrorAlert({ error, onDismiss }: { error: AppError; onDismiss(): void }) {
  return (
    <div className="alert" role="alert">
      <p className="alert__title">
        <span aria-hidden="true">✕ </span>The checks could not run
      </p>
      <p className="alert__message">{error.message}</p>
      <button type="button" className="button button--secondary" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}
