import { useEffect, useRef, useState } from 'react'

import type { ProfilePurpose } from '../../../shared/profile-types'
import { ProfileCard } from '../profiles/profile-card'
import { ProfileForm } from '../profiles/profile-form'
import { StorageBanner } from '../profiles/storage-banner'
import { backLabel } from '../domain/back-label'
import { useAppStore } from '../store'

const SECTIONS: readonly { purpose: ProfilePurpose; title: string; lead: string; add: string }[] = [
  {
    purpose: 'device',
    title: 'Device mailboxes',
    lead: 'The mailboxes printers and scanners sign in as. Verify tests them from this laptop.',
    add: 'Add a device mailbox',
  },
  {
    purpose: 'office-reports',
    title: 'Office sending profile',
    lead: "The office's mailbox that sends job reports.",
    add: "Add the office's sending profile",
  },
]

function ProfileSection({ purpose, title, lead, add }: (typeof SECTIONS)[number]) {
  const list = useAppStore((s) => s.profiles.list)
  const [adding, setAdding] = useState(false)
  const addRef = useRef<HTMLButtonElement>(null)
  /** Set when the form closes: the focus goes back to the button that opened it, once it is back. */
  const refocus = useRef(false)
  useEffect(() => {
    if (adding || !refocus.current) return
    refocus.current = false
    addRef.current?.focus()
  }, [adding])
  const profiles = list.kind === 'ready' ? list.profiles.filter((p) => p.purpose === purpose) : []
  const headingId = `settings-${purpose}`
  const closeForm = () => {
    refocus.current = true
    setAdding(false)
  }
  return (
    <section className="settings-section" aria-labelledby={headingId} data-purpose={purpose}>
      <h3 id={headingId}>{title}</h3>
      <p className="muted settings-section__lead">{lead}</p>
      {profiles.length > 0 ? (
        <ul className="profile-list">
          {profiles.map((p) => (
            <ProfileCard key={p.id} profile={p} />
          ))}
        </ul>
      ) : list.kind === 'ready' && !adding ? (
        <p className="settings-section__empty">None yet.</p>
      ) : null}
      {adding ? (
        <ProfileForm editing={null} init={{ purpose }} onSaved={closeForm} onCancel={closeForm} />
      ) : (
        <button
          type="button"
          className="button button--secondary"
          ref={addRef}
          onClick={() => setAdding(true)}
        >
          {add}
        </button>
      )}
    </section>
  )
}

/** Mailbox profiles: add, edit, test, set or forget the password, delete. */
export function Settings() {
  const list = useAppStore((s) => s.profiles.list)
  const load = useAppStore((s) => s.profiles.load)
  const close = useAppStore((s) => s.wizard.closeSettings)
  const back = useAppStore((s) => (s.wizard.view.kind === 'settings' ? s.wizard.view.back : null))
  const headingRef = useRef<HTMLHeadingElement>(null)

  useEffect(() => {
    void load()
    // Keyboard and screen-reader users land on the new screen, not on the header button.
    headingRef.current?.focus()
  }, [load])

  return (
    <section className="settings" aria-labelledby="settings-title">
      <p className="back-link">
        <button type="button" className="button button--secondary button--small" onClick={close}>
          <span aria-hidden="true">← </span>
          {backLabel(back)}
        </button>
      </p>
      <header className="screen-header">
        <h2 id="settings-title" ref={headingRef} tabIndex={-1}>
          Settings
        </h2>
        <p className="screen-header__lead">
          Mailbox profiles for testing devices and sending reports. Passwords go to the system
          keychain and are never shown again.
        </p>
      </header>
      <StorageBanner />
      {list.kind === 'failed' ? (
        <div className="alert" role="alert">
          <p className="alert__title">
            <span aria-hidden="true">✕ </span>The mailbox profiles could not be loaded
          </p>
          <p className="alert__message">{list.error.message}</p>
          <button type="button" className="button button--secondary" onClick={() => void load()}>
            Try again
          </button>
        </div>
      ) : list.kind === 'ready' ? (
        SECTIONS.map((s) => <ProfileSection key={s.purpose} {...s} />)
      ) : (
        <p className="muted" role="status">
          Loading the mailbox profiles…
        </p>
      )}
    </section>
  )
}
