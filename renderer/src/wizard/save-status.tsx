import { assertNever } from '../../../shared/assert-never'
import { useAppStore } from '../store'

/** Whether main has everything typed so far. Fixed width, so the bar never shifts as it changes. */
export function SaveStatus() {
  const save = useAppStore((s) => s.jobs.save)
  let text: string
  let icon: string
  switch (save.kind) {
    case 'saved':
      ;[icon, text] = ['✓', 'Saved']
      break
    case 'pending':
    case 'saving':
      ;[icon, text] = ['◌', 'Saving…']
      break
    case 'failed':
      ;[icon, text] = ['✕', 'Not saved']
      break
    default:
      return assertNever(save, 'save state')
  }
  return (
    <p className={`save-status save-status--${save.kind}`} role="status" data-save={save.kind}>
      <span aria-hidden="true">{icon} </span>
      {text}
    </p>
  )
}

/** The reason the last save failed, with a retry; the edits stay in the window meanwhile. */
export function SaveError() {
  const save = useAppStore((s) => s.jobs.save)
  const flush = useAppStore((s) => s.jobs.flush)
  if (save.kind !== 'failed') return null
  return (
    <div className="alert save-error" role="alert">
      <p className="alert__title">
        <span aria-hidden="true">✕ </span>Your last changes are not saved yet
      </p>
      <p className="alert__message">
        {save.error.message} Everything you typed is still here; keep this window open and try
        again.
      </p>
      <button type="button" className="button button--secondary" onClick={() => void flush()}>
        Try saving again
      </button>
    </div>
  )
}
