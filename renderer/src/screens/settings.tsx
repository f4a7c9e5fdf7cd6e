import { useEffect, useRef, useState } from 'react'

import type { ProfilePurpose } from '../../../shared/profile-types'
import { ProfileCard } from '../profiles/profile-card'
import { ProfileForm } from '../profiles/profile-form'
import { StorageBanner } from '../profiles/storage-banner'
import { backLabel } from '../domain/back-label'
import { useAppStore } from '../store'

interface SectionText {
  purpose: ProfilePurpose
  title: string
  lead: string
  add: string
  /** At most one profile of this purpose: the add button goes once there is one. */
  single: boolean
}

const SECTIONS: readonly SectionText[] = [
  {
    purpose: 'device',
    title: 'Device mailboxes',
    lead: 'The mailboxes printers and scanners sign in as. Verify tests them from this laptop.',
    add: 'Add a device mailbox',
    single: false,
  },
  {
    purpose: 'office-reports',
    title: 'Office sending profile',
    lead: "The office's mailbox that sends job reports.",
    add: "Add the office's sending profile",
    single: true,
  },
]

function ProfileSection({ purpose, title, lead, add, single }: SectionText) {
  const list = useAppStore((s) => s.profiles.list)
  const [adding, setAdding] = useState(false)
  const addRef = useRef<HTMLButtonElement>(null)
  const sectionRef = useRef<HTMLElement>(null)
  /**
   * Set when the form closes: the focus goes back to the button that opened it, once it is back,
   * or (when the button is gone, the one profile saved) to the saved profile's name.
   */
  const refocus = useRef<{ savedId: string | null } | null>(null)
  const profiles = list.kind === 'ready' ? list.profiles.filter((p) => p.purpose === purpose) : []
  const canAdd = !single || profiles.length === 0
  useEffect(() => {
    const target = refocus.current
    if (adding || !target) return
    refocus.current = null
    if (addRef.current) addRef.current.focus()
    else if (target.savedId) {
      sectionRef.current
        ?.querySelector<HTMLElement>(
          `[data-profile-id="${CSS.escape(target.savedId)}"] .profile-card__name`,
        )
        ?.focus()
    }
  }, [adding, profiles.length])
  const headingId = `settings-${purpose}`
  const closeForm = (savedId: string | null) => {
    refocus.current = { savedId }
    setAdding(false)
  }
  return (
    <section
      className="settings-section"
      aria-labelledby={headingId}
      data-purpose={purpose}
      ref={sectionRef}
    >
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
        <ProfileForm
          editing={null}
          init={{ purpose }}
          onSaved={(p) => closeForm(p.id)}
          onCancel={() => closeForm(null)}
        />
      ) : canAdd ? (
        <button
          type="button"
          className="button button--secondary"
          ref={addRef}
          onClick={() => setAdding(true)}
        >
          {add}
        </button>
      ) : null}
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
          Mailbox profiles for testing devices and sending reports. Passwords and Microsoft sign-ins
          go to the system keychain; passwords are never shown again.
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
