import { useRef, useState, type FormEvent } from 'react'

import type { MailboxProfileView } from '../../../shared/profile-types'
import { FormError } from '../components/form-error'
import { useAppStore } from '../store'
import { PasswordField } from './password-field'
import { SessionGateNote, useSessionGate } from './storage-banner'

/**
 * Sets or replaces a profile's password. The text goes to main once and the field is emptied as
 * soon as main answered, whatever the answer; nothing keeps a copy.
 */
export function SecretForm({
  profile,
  onDone,
  onCancel,
}: {
  profile: MailboxProfileView
  onDone(): void
  onCancel?: () => void
}) {
  const setSecret = useAppStore((s) => s.profiles.setSecret)
  const gated = useSessionGate()
  const inputRef = useRef<HTMLInputElement>(null)
  const [hasText, setHasText] = useState(false)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const input = inputRef.current
    if (!input || saving || gated) return
    if (input.value === '') {
      setError('Type the password first.')
      return
    }
    setSaving(true)
    setError(null)
    const failure = await setSecret(profile.id, input.value)
    input.value = ''
    setHasText(false)
    setSaving(false)
    if (failure) {
      setError(`The password was not saved: ${failure.message} Type it again to retry.`)
      input.focus()
    } else onDone()
  }

  return (
    <form className="secret-form" onSubmit={(e) => void submit(e)} noValidate>
      <PasswordField
        label={
          profile.hasSecret
            ? `New password for ${profile.username}`
            : `Password for ${profile.username}`
        }
        inputRef={inputRef}
        onHasText={setHasText}
        disabled={saving}
        autoFocus
        hint="Sent once to ScanPath's main process for the keychain; it is never shown again."
      />
      {gated ? <SessionGateNote /> : null}
      <FormError error={error} />
      <div className="form-actions">
        <button
          type="submit"
          className="button button--primary"
          aria-disabled={gated || saving || !hasText || undefined}
        >
          {saving ? 'Saving…' : profile.hasSecret ? 'Replace password' : 'Save password'}
        </button>
        {onCancel ? (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  )
}
