import { useRef, useState, type FormEvent } from 'react'

import type { MailboxProfile, MailboxProfileView } from '../../../shared/profile-types'
import { ChoiceGroup } from '../components/choice-group'
import { FormError } from '../components/form-error'
import { TextField } from '../components/text-field'
import {
  DEFAULT_TENANT,
  draftFromProfile,
  draftProblems,
  editDraft,
  emptyDraft,
  methodLabel,
  profileFromDraft,
  purposeLabel,
  type DraftField,
  type ProfileDraft,
} from '../domain/profile-form'
import { savedAppFor } from '../domain/m365-sign-in'
import { useAppStore } from '../store'
import { PasswordField } from './password-field'
import { AppRegistrationHelp, BasicAuthNote, SavedAppOffer } from './sign-in-help'
import { SessionGateNote, useSessionGate } from './storage-banner'

export type ProfileFormInit = Partial<
  Pick<ProfileDraft, 'name' | 'purpose' | 'address' | 'method' | 'host'>
>

interface ProfileFormProps {
  /** The profile to edit, or null for a new one. */
  editing: MailboxProfileView | null
  /** Starting values for a new profile (the Verify step fills them from the job). */
  init?: ProfileFormInit
  onSaved(profile: MailboxProfile): void
  onCancel(): void
}

const LABELS: Record<DraftField, string> = {
  name: 'Profile name',
  address: 'Mailbox address',
  username: 'Sign-in name',
  host: 'SMTP host',
  port: 'Port',
  clientId: 'App (client) id',
  tenant: 'Tenant',
}

function newId(): string {
  return crypto.randomUUID()
}

/**
 * Adds or edits a mailbox profile: checked as typed (a field shows its problem once it has been
 * typed in or a save was tried). A new password profile takes its password here too; an edit
 * keeps the stored password (it is replaced from the profile's card).
 */
export function ProfileForm({ editing, init, onSaved, onCancel }: ProfileFormProps) {
  const save = useAppStore((s) => s.profiles.save)
  const setSecret = useAppStore((s) => s.profiles.setSecret)
  const gated = useSessionGate()
  const saved = useAppStore((s) =>
    s.profiles.list.kind === 'ready' ? s.profiles.list.profiles : null,
  )
  const [draft, setDraft] = useState<ProfileDraft>(() => {
    if (editing) return draftFromProfile(editing)
    const d = emptyDraft(newId(), init)
    return init?.host ? { ...d, host: init.host } : d
  })
  const [touched, setTouched] = useState<Partial<Record<DraftField, boolean>>>({})
  const [tried, setTried] = useState(false)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const passwordRef = useRef<HTMLInputElement>(null)
  const [hasPassword, setHasPassword] = useState(false)

  const problems = draftProblems(draft)
  const shown = (f: DraftField): string | null =>
    (tried || touched[f]) && problems[f] ? `${LABELS[f]} ${problems[f]}` : null
  const field = (f: DraftField) => ({
    label: LABELS[f],
    value: draft[f],
    error: shown(f),
    onValueChange: (v: string) => {
      setDraft((d) => editDraft(d, f, v))
      setTouched((t) => ({ ...t, [f]: true }))
    },
    autoComplete: 'off',
    spellCheck: false,
  })
  const takesPassword = !editing && draft.method === 'basic'
  // One app registration per customer tenant: the one saved with a profile of the same domain.
  const savedApp =
    draft.method === 'oauth' ? savedAppFor(saved ?? [], draft.address, draft.id) : null
  const offerApp = savedApp !== null && draft.clientId.trim() !== savedApp.clientId
  const useSavedApp = () => {
    if (!savedApp) return
    setDraft((d) => {
      const withId = editDraft(d, 'clientId', savedApp.clientId)
      const keepTenant = d.tenant.trim() !== '' && d.tenant.trim() !== DEFAULT_TENANT
      return keepTenant ? withId : editDraft(withId, 'tenant', savedApp.tenant)
    })
    setTouched((t) => ({ ...t, clientId: true }))
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (saving) return
    setTried(true)
    const profile = profileFromDraft(draft)
    if (!profile) {
      setError('Some fields need a fix first (see the messages under them).')
      return
    }
    const password = takesPassword ? (passwordRef.current?.value ?? '') : ''
    if (password !== '' && gated) {
      setError('Confirm "Use for this session only" before the password is sent.')
      return
    }
    setSaving(true)
    setError(null)
    const failure = await save(profile)
    if (failure) {
      setSaving(false)
      setError(`The profile was not saved: ${failure.message}`)
      return
    }
    if (password !== '') {
      const secretFailure = await setSecret(profile.id, password)
      if (passwordRef.current) passwordRef.current.value = ''
      setHasPassword(false)
      if (secretFailure) {
        setSaving(false)
        // The profile is saved; saving again (same id) retries the password.
        setError(`The profile was saved, but not its password: ${secretFailure.message}`)
        return
      }
    }
    setSaving(false)
    onSaved(profile)
  }

  const title = editing ? `Edit ${editing.name}` : 'New mailbox profile'
  return (
    <form
      className="profile-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={title}
      data-profile-form={editing ? 'edit' : 'new'}
    >
      <h4 className="profile-form__title">{title}</h4>
      <div className="form-grid form-grid--two">
        <TextField
          {...field('name')}
          autoFocus
          maxLength={120}
          placeholder="Contoso scanner mailbox"
        />
        <TextField
          {...field('address')}
          type="email"
          maxLength={254}
          placeholder="scanner@contoso.com"
          hint="The mailbox the messages come from."
        />
      </div>
      <ChoiceGroup
        legend="Used for"
        value={draft.purpose}
        options={[
          { value: 'device', label: purposeLabel('device') },
          { value: 'office-reports', label: purposeLabel('office-reports') },
        ]}
        onChange={(v) => setDraft((d) => editDraft(d, 'purpose', v))}
      />
      <ChoiceGroup
        legend="Sign-in method"
        value={draft.method}
        options={[
          { value: 'oauth', label: methodLabel('oauth') },
          { value: 'basic', label: methodLabel('basic') },
        ]}
        onChange={(v) => setDraft((d) => editDraft(d, 'method', v))}
      />
      {draft.method === 'basic' ? <BasicAuthNote /> : null}
      <div className="form-grid form-grid--host">
        <TextField
          {...field('username')}
          maxLength={254}
          hint="For Microsoft 365, the same as the address."
        />
        <TextField {...field('host')} maxLength={255} placeholder="smtp.office365.com" />
        <TextField {...field('port')} inputMode="numeric" maxLength={5} placeholder="587" />
      </div>
      {draft.method === 'oauth' ? (
        <div className="profile-form__oauth">
          <div className="form-grid form-grid--two">
            <TextField
              {...field('clientId')}
              maxLength={36}
              placeholder="00000000-0000-0000-0000-000000000000"
              hint="From the app registration in the customer's Microsoft Entra, with the delegated permission SMTP.Send. Kept per customer tenant: offered again for its mailboxes."
            />
            <TextField
              {...field('tenant')}
              maxLength={253}
              hint='Tenant id or domain; "organizations" when not known.'
            />
          </div>
          {offerApp && savedApp ? <SavedAppOffer app={savedApp} onUse={useSavedApp} /> : null}
          <AppRegistrationHelp />
        </div>
      ) : null}
      {takesPassword ? (
        <div className="profile-form__password">
          <PasswordField
            label="Password (optional now)"
            inputRef={passwordRef}
            onHasText={setHasPassword}
            disabled={saving}
            hint="Sent once for the keychain when you save; it is never shown again."
          />
          {gated && hasPassword ? <SessionGateNote /> : null}
        </div>
      ) : null}
      <FormError error={error} />
      <div className="form-actions">
        <button
          type="submit"
          className="button button--primary"
          aria-disabled={saving || undefined}
        >
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Save profile'}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
