import { useEffect, useState, type FormEvent } from 'react'

import type { OutboxState } from '../../../shared/outbox-types'
import { TextField } from '../components/text-field'
import {
  checkSend,
  defaultOfficeProfile,
  officeProfiles,
  recipientProblem,
} from '../domain/send-form'
import { useAppStore } from '../store'

/**
 * "Send to office": the report goes into the durable outbox at once (offline too) and the office
 * profile delivers it when it can. The entry then shows under "Sent from this job" below.
 */
export function SendToOffice({ jobId }: { jobId: string }) {
  const list = useAppStore((s) => s.profiles.list)
  const loadProfiles = useAppStore((s) => s.profiles.load)
  const picked = useAppStore((s) => s.profiles.pickedForJob[`report:${jobId}`] ?? null)
  const pick = useAppStore((s) => s.profiles.pickForJob)
  const to = useAppStore((s) => s.report.recipientForJob[jobId] ?? '')
  const setRecipient = useAppStore((s) => s.report.setRecipient)
  const send = useAppStore((s) => s.report.send)
  const sendToOffice = useAppStore((s) => s.report.sendToOffice)
  const showSettings = useAppStore((s) => s.wizard.showSettings)
  // What became of the report this form queued, as the outbox reports it now.
  const queuedState = useAppStore((s) => {
    const { send: sent, outbox } = s.report
    if (sent.kind !== 'queued') return null
    const now =
      outbox.kind === 'idle' ? undefined : outbox.entries.find((e) => e.id === sent.entry.id)
    return (now ?? sent.entry).state
  })
  const [touched, setTouched] = useState(false)

  useEffect(() => {
    void loadProfiles()
  }, [loadProfiles])

  if (list.kind === 'failed')
    return (
      <p className="send-office__problem" role="alert">
        <span aria-hidden="true">✕ </span>The mailbox profiles could not be loaded:{' '}
        {list.error.message}
      </p>
    )
  if (list.kind !== 'ready')
    return (
      <p className="muted" role="status">
        Loading the office sending profile…
      </p>
    )

  const office = officeProfiles(list.profiles)
  if (office.length === 0)
    return (
      <div className="send-office send-office--none">
        <p>
          No office sending profile yet: add the office's mailbox in Settings, then come back to
          send.
        </p>
        <button type="button" className="button button--secondary" onClick={showSettings}>
          Open Settings
        </button>
      </div>
    )

  const profileId = defaultOfficeProfile(office, picked)
  const check = checkSend(office, profileId, to)
  const sending = send.kind === 'sending'
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    // No navigation ever (form-action 'none'); the store queues the report.
    e.preventDefault()
    setTouched(true)
    if (check.problem || !profileId || sending) return
    void sendToOffice(profileId, to.trim())
  }
  return (
    <form className="send-office" onSubmit={onSubmit} noValidate>
      {office.length > 1 ? (
        <div className="field">
          <label className="field__label" htmlFor="send-office-profile">
            Send with
          </label>
          <select
            id="send-office-profile"
            className="field__input"
            value={profileId ?? ''}
            onChange={(e) => pick(`report:${jobId}`, e.target.value)}
          >
            {office.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.address})
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p className="send-office__from">
          Sends with <strong>{office[0]?.name}</strong>{' '}
          <span className="mono">({office[0]?.address})</span>
        </p>
      )}
      <TextField
        label="Recipient at the office"
        type="email"
        autoComplete="email"
        value={to}
        onValueChange={(v) => setRecipient(jobId, v)}
        onBlur={() => setTouched(true)}
        error={touched || to !== '' ? recipientProblem(to) : null}
      />
      {check.warning ? <p className="send-office__warning">{check.warning}</p> : null}
      <div className="actions">
        {/* Secondary, like Save PDF and Print checklist: three equal ways to hand the report
            over. The step's one main action is StepNav's "Done: back to all jobs". */}
        <button type="submit" className="button button--secondary" disabled={sending}>
          {sending ? 'Queuing…' : 'Send to office'}
        </button>
        {/* Always there, filled once queued: a live region already in the page is announced
            when its text arrives (one added together with its text may be missed). */}
        <p className="send-office__queued" role="status">
          {queuedState ? <QueuedNote state={queuedState} /> : null}
        </p>
      </div>
      {send.kind === 'failed' ? (
        <p className="send-office__problem" role="alert">
          <span aria-hidden="true">✕ </span>The report could not be queued: {send.error.message}
        </p>
      ) : null}
    </form>
  )
}

/** The form's word on the report it queued; the entry under "Sent from this job" has the detail. */
function QueuedNote({ state }: { state: OutboxState }) {
  switch (state) {
    case 'sent':
      return (
        <>
          <span aria-hidden="true">✓ </span>Sent to the office.
        </>
      )
    case 'failed':
      return (
        <>
          <span aria-hidden="true">✕ </span>Not sent: what went wrong is shown below.
        </>
      )
    case 'queued':
    case 'sending':
      return (
        <>
          <span aria-hidden="true">✓ </span>In the outbox: it goes out as soon as the office's
          server can be reached.
        </>
      )
  }
}
