import { useAppStore } from '../store'

/** True while a password may not be sent yet: session-only storage, not yet accepted. */
export function useSessionGate(): boolean {
  return useAppStore(
    (s) =>
      s.profiles.list.kind === 'ready' &&
      s.profiles.list.storage.kind === 'session' &&
      !s.profiles.sessionConfirmed,
  )
}

/** Next to a password field while there is no keychain: where the password would go, and the yes. */
export function SessionGateNote() {
  return (
    <div className="note note--warn secret-form__gate">
      <p>
        <span className="note__label">No keychain on this computer.</span> The password would be
        kept only until ScanPath closes.
      </p>
      <SessionConfirmButton />
    </div>
  )
}

/** The "Use for this session only" button: the explicit yes before the first password is sent. */
export function SessionConfirmButton() {
  const confirm = useAppStore((s) => s.profiles.confirmSession)
  return (
    <button type="button" className="button button--secondary button--small" onClick={confirm}>
      Use for this session only
    </button>
  )
}

/**
 * Says where passwords go when there is no keychain (they live in main's memory until ScanPath
 * closes), and takes the technician's explicit consent before any is sent. Nothing otherwise.
 */
export function StorageBanner() {
  const storage = useAppStore((s) =>
    s.profiles.list.kind === 'ready' ? s.profiles.list.storage : null,
  )
  const confirmed = useAppStore((s) => s.profiles.sessionConfirmed)
  if (storage?.kind !== 'session') return null
  return (
    <div className="storage-banner" role="status" data-storage="session">
      <p className="storage-banner__text">
        <span className="storage-banner__icon" aria-hidden="true">
          ⚠{'\uFE0E'}{' '}
        </span>
        Passwords cannot be saved on this computer: {storage.reason}. They are kept for this session
        only and forgotten when ScanPath closes.
      </p>
      {confirmed ? (
        <p className="storage-banner__confirmed">
          <span aria-hidden="true">✓ </span>You chose to use passwords for this session only.
        </p>
      ) : (
        <SessionConfirmButton />
      )}
    </div>
  )
}
