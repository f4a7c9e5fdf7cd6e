import { useEffect, useState } from 'react'

import { displayText } from '../../../shared/display-text'
import type { OutboxView } from '../../../shared/outbox-types'
import {
  canRetry,
  entriesForJob,
  formatAttempts,
  formatNextTry,
  gateLabel,
  outboxStateMeta,
} from '../domain/outbox-view'
import { useAppStore } from '../store'

/** Re-renders once a second so "next try in 12 s" counts down between polls. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  return now
}

/** The clock time of `iso` ("10:42:13"), or '' when it is not a date. */
function clockTime(iso: string | null): string {
  const d = new Date(iso ?? '')
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString(undefined, { timeStyle: 'medium' })
}

function when(iso: string | null): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

function OutboxEntry({ entry, now }: { entry: OutboxView; now: number }) {
  const retry = useAppStore((s) => s.report.retry)
  const retrying = useAppStore((s) => s.report.retrying[entry.id] === true)
  const retryError = useAppStore((s) => s.report.retryErrors[entry.id] ?? null)
  const meta = outboxStateMeta(entry.state)
  const next = entry.state === 'queued' ? formatNextTry(entry.nextAttemptAt, now) : null
  const err = entry.lastError
  const gate = err ? gateLabel(err) : null
  return (
    <li
      className={`outbox-entry ${meta.className}`}
      data-outbox-id={entry.id}
      data-state={entry.state}
    >
      <div className="outbox-entry__head">
        <span className="outbox-state">
          <span className="outbox-state__icon" aria-hidden="true">
            {meta.icon}
          </span>
          <span className="outbox-state__label">{meta.label}</span>
        </span>
        <p className="outbox-entry__subject">{entry.subject}</p>
      </div>
      <p className="outbox-entry__meta muted">
        To <span className="mono">{entry.to}</span>
        <span aria-hidden="true"> · </span>
        <span className="outbox-entry__attempts">{formatAttempts(entry.attempts)}</span>
        {next ? (
          <>
            <span aria-hidden="true"> · </span>
            {/* The countdown changes every second: shown, but kept out of the live list (a
                screen reader would read out each tick); the clock time is read instead. */}
            <span className="outbox-entry__next">
              <span aria-hidden="true">next try {next}</span>
              <span className="sr-only">next try at {clockTime(entry.nextAttemptAt)}</span>
            </span>
          </>
        ) : null}
        {entry.sentAt ? (
          <>
            <span aria-hidden="true"> · </span>sent {when(entry.sentAt)}
          </>
        ) : null}
      </p>
      {entry.state === 'sent' && entry.serverReply ? (
        <p className="outbox-entry__reply">
          The office's server replied:{' '}
          <span className="mono">{displayText(entry.serverReply)}</span>
        </p>
      ) : null}
      {err && entry.state !== 'sent' ? (
        <div className="outbox-entry__error">
          {err.reply ? (
            <p className="outbox-entry__server-reply">
              Server reply:{' '}
              <span className="mono">
                {err.reply.code} {err.reply.enhanced ? `${err.reply.enhanced} ` : ''}
                {displayText(err.reply.text)}
              </span>
            </p>
          ) : null}
          <p className="outbox-entry__explanation">
            {gate ? <span className="outbox-entry__gate">{gate}: </span> : null}
            {/* Quotes the office server's reply. */}
            {displayText(err.explanation)}
          </p>
          <p className="outbox-entry__fix">
            <span className="check__fix-label">What to do:</span> {err.fix}
          </p>
        </div>
      ) : null}
      {canRetry(entry) ? (
        <div className="outbox-entry__actions">
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={retrying}
            onClick={() => void retry(entry.id)}
          >
            {retrying ? 'Trying…' : 'Try again'}
            <span className="sr-only"> to send {entry.subject}</span>
          </button>
          {retryError ? (
            <p className="outbox-entry__retry-error" role="alert">
              <span aria-hidden="true">✕ </span>
              {retryError.message}
            </p>
          ) : null}
        </div>
      ) : null}
    </li>
  )
}

/**
 * The office outbox (all of it, or one job's entries), polled every ~2 s while on screen: the
 * technician watches a queued report go out once the network is back.
 */
export function OutboxList({ jobId, titleId }: { jobId?: string; titleId?: string }) {
  const outbox = useAppStore((s) => s.report.outbox)
  const watchOutbox = useAppStore((s) => s.report.watchOutbox)
  const now = useNow()
  useEffect(() => watchOutbox(), [watchOutbox])
  const all = outbox.kind === 'idle' ? [] : outbox.entries
  const entries = jobId ? entriesForJob(all, jobId) : all
  return (
    // A region of its own only when titled (inside a job's report); the Outbox screen is
    // itself the region, and a second one of the same name would be noise.
    <div className="outbox" aria-labelledby={titleId} role={titleId ? 'region' : undefined}>
      {outbox.kind === 'failed' ? (
        <p className="outbox__error" role="alert">
          <span aria-hidden="true">✕ </span>The outbox could not be read: {outbox.error.message}
        </p>
      ) : null}
      {outbox.kind === 'idle' ? (
        <p className="muted" role="status">
          Reading the outbox…
        </p>
      ) : entries.length === 0 ? (
        <p className="muted">
          {jobId
            ? 'Nothing sent to the office for this job yet.'
            : 'Nothing sent to the office yet.'}
        </p>
      ) : (
        <ul className="outbox__list" aria-live="polite">
          {entries.map((e) => (
            <OutboxEntry key={e.id} entry={e} now={now} />
          ))}
        </ul>
      )}
    </div>
  )
}
