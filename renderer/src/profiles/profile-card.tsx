import { useRef, useState } from 'react'

import type { MailboxProfileView } from '../../../shared/profile-types'
import { FormError } from '../components/form-error'
import { methodLabel, secretStatus } from '../domain/profile-form'
import { BASIC_END_OF_2026_SHORT } from '../domain/m365-sign-in'
import { endpointLabel } from '../domain/profile-view'
import { useAppStore } from '../store'
import { OAuthSignIn } from './oauth-sign-in'
import { ProfileForm } from './profile-form'
import { SecretForm } from './secret-form'
import { VerifyResult } from './verify-result'

type CardMode = 'view' | 'edit' | 'secret' | 'confirm-delete'

/**
 * One mailbox profile in Settings: what it is, its password or Microsoft sign-in, and what can be
 * done. Its buttons are secondary: the screen's one main action is the open form's.
 */
export function ProfileCard({ profile }: { profile: MailboxProfileView }) {
  const run = useAppStore((s) => s.profiles.verify[profile.id])
  const runVerify = useAppStore((s) => s.profiles.runVerify)
  const forgetSecret = useAppStore((s) => s.profiles.forgetSecret)
  const remove = useAppStore((s) => s.profiles.remove)
  const [mode, setMode] = useState<CardMode>('view')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const running = run?.kind === 'running'
  const oauth = profile.method === 'oauth'

  /** Back to the card, focus on its name (the button pressed is gone). */
  const back = () => {
    setMode('view')
    requestAnimationFrame(() => headingRef.current?.focus())
  }
  const act = async (what: () => Promise<{ message: string } | null>) => {
    setBusy(true)
    setError(null)
    const failure = await what()
    setBusy(false)
    if (failure) setError(failure.message)
    return failure
  }

  return (
    <li className="profile-card" data-profile-id={profile.id} aria-label={profile.name}>
      <div className="profile-card__head">
        <h4 className="profile-card__name" ref={headingRef} tabIndex={-1}>
          {profile.name}
        </h4>
        <span className={`tag ${profile.hasSecret ? 'tag--pass' : 'tag--neutral'}`}>
          <span className="tag__icon" aria-hidden="true">
            {profile.hasSecret ? '✓' : '○'}
          </span>
          {secretStatus(profile)}
        </span>
      </div>
      <dl className="profile-card__facts">
        <div>
          <dt>Mailbox</dt>
          <dd className="mono">{profile.address}</dd>
        </div>
        {profile.username !== profile.address ? (
          <div>
            <dt>Sign-in name</dt>
            <dd className="mono">{profile.username}</dd>
          </div>
        ) : null}
        <div>
          <dt>Server</dt>
          <dd className="mono">{endpointLabel(profile)}</dd>
        </div>
        <div>
          <dt>Sign-in</dt>
          <dd>{methodLabel(profile.method)}</dd>
        </div>
      </dl>
      {oauth ? null : (
        <p className="profile-card__basic" data-basic-warning>
          <span aria-hidden="true">⚠{'\uFE0E'} </span>
          {BASIC_END_OF_2026_SHORT}
        </p>
      )}

      {mode === 'edit' ? (
        <ProfileForm editing={profile} onSaved={back} onCancel={back} />
      ) : mode === 'secret' ? (
        <SecretForm profile={profile} onDone={back} onCancel={back} />
      ) : mode === 'confirm-delete' ? (
        <div
          className="note note--fail profile-card__confirm"
          role="alertdialog"
          aria-label={`Delete ${profile.name}?`}
        >
          <p>
            <span className="note__label">Delete {profile.name}?</span> Its{' '}
            {oauth ? 'Microsoft sign-in' : 'password'} is forgotten too. This cannot be undone.
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button button--primary button--danger"
              autoFocus
              aria-disabled={busy || undefined}
              onClick={() => void act(() => remove(profile.id))}
            >
              Delete {profile.name}
            </button>
            <button type="button" className="button button--secondary" onClick={back}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <>
          {oauth ? <OAuthSignIn profile={profile} firstIsMain={false} /> : null}
          <div className="profile-card__actions">
            {profile.hasSecret ? (
              <button
                type="button"
                className="button button--secondary button--small"
                aria-disabled={running || undefined}
                onClick={() => {
                  if (!running) void runVerify(profile.id, null)
                }}
              >
                Test sign-in<span className="sr-only"> for {profile.name}</span>
              </button>
            ) : null}
            {!oauth ? (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setMode('secret')}
              >
                {profile.hasSecret ? 'Replace password' : 'Set password'}
                <span className="sr-only"> for {profile.name}</span>
              </button>
            ) : null}
            {profile.hasSecret ? (
              <button
                type="button"
                className="button button--secondary button--small"
                aria-disabled={busy || undefined}
                onClick={() => void act(() => forgetSecret(profile.id))}
              >
                {oauth ? 'Sign out' : 'Forget password'}
                <span className="sr-only"> for {profile.name}</span>
              </button>
            ) : null}
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setMode('edit')}
            >
              Edit<span className="sr-only"> {profile.name}</span>
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setMode('confirm-delete')}
            >
              Delete<span className="sr-only"> {profile.name}</span>
            </button>
          </div>
          <VerifyResult run={run} />
        </>
      )}
      <FormError error={error} />
    </li>
  )
}
