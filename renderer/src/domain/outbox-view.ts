/**
 * How an outbox entry is shown: state in words and an icon (never colour alone), when the next
 * attempt is, and the explained failure. Pure, unit-tested.
 */
import { assertNever } from '../../../shared/assert-never'
import type { OutboxError, OutboxState, OutboxView } from '../../../shared/outbox-types'
import { explainAnyReply } from '../../../shared/smtp/explain-reply'

export interface OutboxStateMeta {
  label: string
  /** Decorative; screen readers read the label. */
  icon: string
  className: string
}

export function outboxStateMeta(state: OutboxState): OutboxStateMeta {
  switch (state) {
    case 'queued':
      return { label: 'Queued', icon: '◷', className: 'outbox-state--queued' }
    case 'sending':
      return { label: 'Sending…', icon: '◌', className: 'outbox-state--sending' }
    case 'sent':
      return { label: 'Sent', icon: '✓', className: 'outbox-state--sent' }
    case 'failed':
      return { label: 'Failed', icon: '✕', className: 'outbox-state--failed' }
    default:
      return assertNever(state, 'outbox state')
  }
}

/** "in 12 s", "in 3 min", "now" — the next attempt relative to `now`. */
export function formatNextTry(nextAttemptAt: string | null, now: number): string | null {
  if (nextAttemptAt === null) return null
  const t = new Date(nextAttemptAt).getTime()
  if (Number.isNaN(t)) return null
  const s = Math.round((t - now) / 1000)
  if (s <= 0) return 'now'
  if (s < 60) return `in ${s} s`
  const m = Math.round(s / 60)
  if (m < 60) return `in ${m} min`
  return `at ${new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
}

/** "1 attempt", "3 attempts", "not tried yet". */
export function formatAttempts(n: number): string {
  if (n === 0) return 'not tried yet'
  return `${n} ${n === 1 ? 'attempt' : 'attempts'}`
}

/** A retry is worth offering while the entry is not delivered and not being delivered. */
export function canRetry(entry: Pick<OutboxView, 'state'>): boolean {
  return entry.state === 'queued' || entry.state === 'failed'
}

/** This job's entries, newest first (main lists newest first; this keeps that order). */
export function entriesForJob(entries: readonly OutboxView[], jobId: string): OutboxView[] {
  return entries.filter((e) => e.jobId === jobId)
}

/** True while something is still on its way: worth polling for. */
export function hasPending(entries: readonly OutboxView[]): boolean {
  return entries.some((e) => e.state === 'queued' || e.state === 'sending')
}

/**
 * The gate that refused, named for people: the reply explainer's title when the server replied,
 * else the gate id in words ("wrong-credentials" → "Wrong credentials"); null when none is named.
 */
export function gateLabel(err: Pick<OutboxError, 'gate' | 'reply'>): string | null {
  if (err.reply) {
    const e = explainAnyReply(err.reply.code, err.reply.enhanced, err.reply.text)
    if (!err.gate || e.gate === err.gate) return e.gateTitle
  }
  if (!err.gate) return null
  const words = err.gate.replace(/-/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}
