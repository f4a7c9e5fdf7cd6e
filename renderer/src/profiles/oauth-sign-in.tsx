import { useState } from 'react'

import { displayText } from '../../../shared/display-text'
import type { MailboxProfileView } from '../../../shared/profile-types'
import { formatClock, formatDateTime } from '../domain/profile-view'
import { useAppStore } from '../store'
import { CopyButton } from '../components/copy-button'
import '../styles/sign-in-help.css'

/**
 * A saved sign-in: the account and when its token was last refreshed (main reads both from the
 * keychain item, never a token). `announce` when it has just happened.
 */
function SignedIn({ profile, announce }: { profile: MailboxProfileView; announce: boolean }) {
  const signIn = profile.oauthSignIn ?? null
  return (
    <p className="note note--pass oauth__signed-in" role={announce ? 'status' : undefined}>
      <span aria-hidden="true">✓ </span>
      {signIn ? (
        <>
          Signed in as <strong>{displayText(signIn.account)}</strong>.{' '}
          <span className="oauth__refreshed">
            {signIn.refreshedAt
              ? `Token last refreshed ${formatDateTime(signIn.refreshedAt)}.`
              : 'Last refresh not recorded yet.'}
          </span>
        </>
      ) : (
        'Signed in with Microsoft.'
      )}
    </p>
  )
}

/**
 * Microsoft's device-code sign-in for an OAuth profile: the code to type, big and copyable, and
 * the page to type it on (in any browser, even on a phone). Cancel only stops waiting here. Once
 * signed in, the account and the last refresh; signing in again is then a secondary action.
 */
export function OAuthSignIn({
  profile,
  firstIsMain = true,
}: {
  profile: MailboxProfileView
  /** The first sign-in is the view's main (blue) action; Settings, with many cards, says no. */
  firstIsMain?: boolean
}) {
  const state = useAppStore((s) => s.profiles.signIns[profile.id])
  const signIn = useAppStore((s) => s.profiles.signIn)
  const cancel = useAppStore((s) => s.profiles.cancelSignIn)
  const openInBrowser = useAppStore((s) => s.desktop.openInBrowser)
  const [linkError, setLinkError] = useState<string | null>(null)

  const again = profile.hasSecret
  const start = (
    <button
      type="button"
      className={`button ${again || !firstIsMain ? 'button--secondary button--small' : 'button--primary'}`}
      onClick={() => void signIn(profile.id)}
    >
      {again ? 'Sign in with Microsoft again' : 'Sign in with Microsoft'}
      <span className="sr-only"> for {profile.name}</span>
    </button>
  )
  if (!state || state.kind === 'done') {
    if (!again) return <div className="oauth">{start}</div>
    return (
      <div className="oauth oauth--signed-in" data-oauth={state ? 'done' : 'signed-in'}>
        <SignedIn profile={profile} announce={state !== undefined} />
        {start}
      </div>
    )
  }
  switch (state.kind) {
    case 'waiting': {
      const prompt = state.prompt
      // The code and the page are what Microsoft's answer said: shown (and copied) as the shared
      // display function shows them; the page still opens as given (main checks the address).
      const userCode = prompt ? displayText(prompt.userCode) : ''
      return (
        <div className="oauth oauth--waiting" data-oauth="waiting">
          {prompt ? (
            <>
              <p className="oauth__lead">
                On any browser, open the sign-in page and type this code, then sign in as{' '}
                <strong>{profile.address}</strong>:
              </p>
              <div className="oauth__code-row">
                <p className="oauth__code mono">{userCode}</p>
                <CopyButton value={userCode} label="sign-in code" />
              </div>
              <p className="oauth__link">
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() =>
                    void openInBrowser(prompt.verificationUri).then((e) =>
                      setLinkError(e ? e.message : null),
                    )
                  }
                >
                  Open the sign-in page<span aria-hidden="true"> ↗</span>
                  <span className="sr-only"> (opens in your browser)</span>
                </button>{' '}
                <span className="mono oauth__uri">{displayText(prompt.verificationUri)}</span>
              </p>
              {linkError ? (
                <p className="field__error">
                  <span aria-hidden="true">✕ </span>
                  {displayText(linkError)}
                </p>
              ) : null}
              <p className="muted oauth__expires">
                The code works until {formatClock(prompt.expiresAt)}.
              </p>
            </>
          ) : null}
          <p className="oauth__status" role="status">
            <span className="spinner" aria-hidden="true" />
            {prompt
              ? 'Waiting for you to finish signing in…'
              : 'Asking Microsoft for a sign-in code…'}
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => cancel(profile.id)}
          >
            Cancel
          </button>
        </div>
      )
    }
    case 'failed':
      return (
        <div className="oauth" data-oauth="failed">
          <p className="note note--fail" role="alert">
            {/* Quotes Microsoft's own words (error and description). */}
            <span className="note__label">The sign-in did not finish:</span>{' '}
            {displayText(state.error.message)}
          </p>
          {start}
        </div>
      )
  }
}
