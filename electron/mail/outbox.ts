/**
 * The office outbox: "Send to office" puts a report here, and a sender delivers it through the
 * office's sending profile (./outbox/office-transport). Runs under plain Node (no Electron), so
 * tests drive it directly.
 *
 * Durability: each entry is a folder `<dir>/<id>/` holding its attachments and `entry.json`
 * (./outbox/entry), all written with writeFileAtomic; `entry.json` is written last, so an entry
 * exists exactly when enqueue() has returned. Every state change is written before it is acted
 * on: an entry is marked 'sending' on disk before the connection opens, so a crash mid-send
 * leaves 'sending', which the next start turns back into 'queued'.
 *
 * Exactly-once is impossible over SMTP (the server may accept the message and the reply be
 * lost), so the outbox is at-least-once with a stable Message-ID: a resend carries the same
 * Message-ID and Date, and the office's mail system (or a person) can drop the duplicate.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

import type { OutboxView } from '../../shared/outbox-types'
import { writeFileAtomic } from '../store/atomic-write'
import { loadOrQuarantine } from '../store/load-data-file'
import { refuseNewer } from '../store/migrations'
import {
  ENTRY_ID_PATTERN,
  messageIdFor,
  OUTBOX_SCHEMA_VERSION,
  parseEntry,
  safeFileName,
  toView,
  type OutboxAttachment,
  type OutboxEnqueueInput,
  type OutboxEntry,
} from './outbox/entry'
import {
  officeSignIn,
  sendThroughOffice,
  type OfficeMessage,
  type OfficeTransportOptions,
  type OutboxProfiles,
} from './outbox/office-transport'
import { setupFailure, verdictOf } from './outbox/send-failure'

export interface OutboxOptions extends OfficeTransportOptions {
  dir: string
  profiles: OutboxProfiles
  now?: () => Date
  /** Retry delays: firstMs after the first failure, doubling up to maxMs. */
  backoff?: { firstMs: number; maxMs: number }
}

export interface Outbox {
  /** Stores the report durably (before returning) and wakes the sender if it runs. */
  enqueue(input: OutboxEnqueueInput): Promise<OutboxView>
  /** Newest first. */
  list(): Promise<OutboxView[]>
  /** A queued or failed entry becomes due now (after the technician fixed the cause). */
  retryNow(id: string): Promise<OutboxView>
  /** Every queued entry becomes due now: call when the network comes back. */
  wake(): Promise<void>
  /** Loads the folder, recovers entries cut short by a crash, and starts sending. */
  start(): Promise<void>
  /** Stops sending: clears the timer and cancels an attempt in flight (it stays queued). */
  stop(): Promise<void>
  onChange(cb: (entry: OutboxView) => void): () => void
}

const ENTRY_FILE = 'entry.json'
const DEFAULT_BACKOFF = { firstMs: 30_000, maxMs: 30 * 60_000 }
// setTimeout fires at once for delays above 2^31-1 ms.
const MAX_TIMER_MS = 2 ** 31 - 1

export function createOutbox(opts: OutboxOptions): Outbox {
  const now = opts.now ?? (() => new Date())
  const backoff = opts.backoff ?? DEFAULT_BACKOFF
  const entries = new Map<string, OutboxEntry>()
  const listeners = new Set<(entry: OutboxView) => void>()
  // One write at a time per entry, so an older state can never land after a newer one.
  const writes = new Map<string, Promise<void>>()
  let loaded: Promise<void> | null = null
  let running = false
  let timer: NodeJS.Timeout | null = null
  let inflight: { id: string; abort: AbortController; done: Promise<void> } | null = null

  const entryDir = (id: string) => join(opts.dir, id)

  const emit = (e: OutboxEntry) => {
    const view = toView(e)
    for (const cb of listeners) {
      try {
        cb(view)
      } catch {
        // A listener's bug must not stop the sender.
      }
    }
  }

  const persist = (e: OutboxEntry): Promise<void> => {
    const body = JSON.stringify(e, null, 2)
    const next = (writes.get(e.id) ?? Promise.resolve())
      .catch(() => {})
      .then(() => writeFileAtomic(join(entryDir(e.id), ENTRY_FILE), body))
    writes.set(e.id, next)
    return next
  }

  /** Writes a change, and only then applies it and tells the UI: what it shows is on disk. */
  const update = async (e: OutboxEntry, change: Partial<OutboxEntry>): Promise<OutboxEntry> => {
    await persist({ ...e, ...change })
    Object.assign(e, change)
    emit(e)
    return e
  }

  // Memoised once it succeeds; a failed load (folder not creatable) is tried again next call.
  const load = (): Promise<void> =>
    (loaded ??= (async () => {
      await mkdir(opts.dir, { recursive: true })
      for (const name of await readdir(opts.dir)) {
        if (!ENTRY_ID_PATTERN.test(name) || entries.has(name)) continue
        // Damaged, or naming another entry (its saves would go elsewhere): moved to the entry's
        // quarantine/. 'missing': an enqueue that never returned (attachments written, entry
        // not); it was never acknowledged, so it is not an entry. 'newer': a newer ScanPath's
        // entry, left where it is for that version to send; this one neither sends nor moves it.
        const r = await loadOrQuarantine(
          join(entryDir(name), ENTRY_FILE),
          (raw) => {
            refuseNewer(raw, OUTBOX_SCHEMA_VERSION)
            const e = parseEntry(raw)
            if (e.id !== name) throw new Error(`holds entry ${e.id}, not ${name}`)
            return e
          },
          'outbox entry',
          now,
        )
        if (r.kind !== 'ok') continue
        const e = r.value
        entries.set(e.id, e)
        if (e.state === 'sending') {
          // Cut short by a crash: the server may or may not have the message. Sent again with
          // the same Message-ID, which is what lets the office drop a duplicate.
          const recovered: Partial<OutboxEntry> = {
            state: 'queued',
            nextAttemptAt: now().toISOString(),
            lastError: {
              code: 'interrupted',
              explanation:
                'ScanPath stopped while this report was being sent. It is sent again with the same Message-ID, so the office can recognise a duplicate.',
              fix: 'Nothing to do.',
            },
          }
          // Unwritable (read-only disk): resend anyway; the file says 'sending' either way.
          await update(e, recovered).catch(() => Object.assign(e, recovered))
        }
      }
    })().catch((err: unknown) => {
      loaded = null
      throw err
    }))

  const delayFor = (attempts: number): number => {
    const base = Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, attempts - 1))
    // Up to 20% less, so outboxes that went offline together do not retry in lockstep.
    return Math.round(base * (0.8 + 0.2 * Math.random()))
  }

  const send = async (
    e: OutboxEntry,
    signal: AbortSignal,
  ): Promise<{ response: string; scrub: (s: string) => string }> => {
    const signIn = await officeSignIn(opts.profiles, e.profileId)
    const attachments: OfficeMessage['attachments'] = []
    for (const a of e.attachments) {
      try {
        const content = await readFile(join(entryDir(e.id), a.file))
        attachments.push({ filename: a.name, contentType: a.contentType, content })
      } catch (err) {
        throw setupFailure(
          'attachment',
          `The stored attachment ${a.name} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`,
          'Open the job and send its report again.',
        )
      }
    }
    const message: OfficeMessage = {
      to: e.to,
      subject: e.subject,
      text: e.summary,
      messageId: e.messageId,
      // The enqueue time, so a resend is the same message down to its Date header.
      date: new Date(e.createdAt),
      headers: { 'X-ScanPath-Job': e.jobId },
      attachments,
    }
    const response = await sendThroughOffice(signIn, message, opts, signal)
    return { response, scrub: signIn.scrub }
  }

  /**
   * Records an attempt's outcome. If the disk refuses, memory still moves on (the UI shows the
   * truth, and the sender does not repeat itself this run); the file keeps 'sending', which
   * the next start resends with the same Message-ID.
   */
  const settle = async (e: OutboxEntry, change: Partial<OutboxEntry>): Promise<void> => {
    try {
      await update(e, change)
    } catch {
      Object.assign(e, change)
      emit(e)
    }
  }

  const attempt = async (e: OutboxEntry, abort: AbortController): Promise<void> => {
    try {
      // On disk before the connection opens: a crash from here on is recovered as a resend.
      await update(e, { state: 'sending', attempts: e.attempts + 1 })
    } catch {
      // Cannot even write the state (disk full, folder gone): send nothing, try again later.
      e.nextAttemptAt = new Date(now().getTime() + delayFor(e.attempts + 1)).toISOString()
      return
    }
    let sent: Awaited<ReturnType<typeof send>>
    try {
      sent = await send(e, abort.signal)
    } catch (err) {
      const verdict = verdictOf(err)
      // A stop() is not the server's fault: no backoff, it goes first on the next start.
      const delay = verdict.error.code === 'interrupted' ? 0 : delayFor(e.attempts)
      await settle(e, {
        state: verdict.retry ? 'queued' : 'failed',
        nextAttemptAt: verdict.retry ? new Date(now().getTime() + delay).toISOString() : null,
        lastError: verdict.error,
      })
      return
    }
    await settle(e, {
      state: 'sent',
      sentAt: now().toISOString(),
      serverReply: sent.scrub(sent.response),
      nextAttemptAt: null,
      lastError: null,
    })
  }

  /** Sends the next due entry, one at a time, or sleeps until the next one is due. */
  const schedule = () => {
    if (!running || inflight) return
    if (timer) clearTimeout(timer)
    timer = null
    let next: OutboxEntry | null = null
    for (const e of entries.values()) {
      if (e.state !== 'queued') continue
      if (
        !next ||
        (e.nextAttemptAt ?? '') < (next.nextAttemptAt ?? '') ||
        (e.nextAttemptAt === next.nextAttemptAt && e.createdAt < next.createdAt)
      ) {
        next = e
      }
    }
    if (!next) return
    const wait = Date.parse(next.nextAttemptAt ?? '') - now().getTime()
    if (wait > 0) {
      timer = setTimeout(schedule, Math.min(wait, MAX_TIMER_MS))
      // A pending retry must not keep a CLI or test process alive.
      timer.unref()
      return
    }
    const abort = new AbortController()
    const e = next
    const done = attempt(e, abort).finally(() => {
      inflight = null
      schedule()
    })
    inflight = { id: e.id, abort, done }
  }

  const need = (id: string): OutboxEntry => {
    const e = entries.get(id)
    if (!e) throw new Error(`no outbox entry ${id}`)
    return e
  }

  /** The view as of the change: the sender may pick the entry up (and change it) at once. */
  const requeue = async (e: OutboxEntry): Promise<OutboxView> => {
    if (e.state === 'sending' || e.state === 'sent' || inflight?.id === e.id) return toView(e)
    await update(e, { state: 'queued', nextAttemptAt: now().toISOString() })
    const view = toView(e)
    schedule()
    return view
  }

  return {
    async enqueue(input) {
      await load()
      if (!input.to.trim() || /[\r\n]/.test(input.to))
        throw new Error('no office address to send to')
      if (/[\r\n]/.test(input.subject)) throw new Error('the subject has a line break')
      const messageId = messageIdFor(input)
      for (const e of entries.values()) {
        // The same report again: one entry, one Message-ID. A failed one is tried again.
        if (e.messageId === messageId) return requeue(e)
      }
      const id = randomUUID()
      const attachments: OutboxAttachment[] = []
      for (const [i, a] of input.attachments.entries()) {
        const file = safeFileName(i, a.name)
        await writeFileAtomic(join(entryDir(id), file), a.content)
        attachments.push({ name: a.name, contentType: a.contentType, file, size: a.content.length })
      }
      const at = now().toISOString()
      const e: OutboxEntry = {
        id,
        schemaVersion: OUTBOX_SCHEMA_VERSION,
        jobId: input.jobId,
        messageId,
        createdAt: at,
        profileId: input.profileId,
        to: input.to.trim(),
        subject: input.subject,
        summary: input.summary,
        attachments,
        state: 'queued',
        attempts: 0,
        nextAttemptAt: at,
        lastError: null,
        sentAt: null,
        serverReply: null,
      }
      // The entry file last: its presence is the acknowledgement.
      await persist(e)
      entries.set(id, e)
      emit(e)
      const view = toView(e)
      schedule()
      return view
    },

    async list() {
      await load()
      return [...entries.values()]
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
        .map(toView)
    },

    async retryNow(id) {
      await load()
      return requeue(need(id))
    },

    async wake() {
      await load()
      const at = now().toISOString()
      for (const e of entries.values()) {
        if (e.state === 'queued' && (e.nextAttemptAt ?? '') > at) {
          await update(e, { nextAttemptAt: at })
        }
      }
      schedule()
    },

    async start() {
      await load()
      running = true
      schedule()
    },

    async stop() {
      running = false
      if (timer) clearTimeout(timer)
      timer = null
      const current = inflight
      if (current) {
        current.abort.abort()
        await current.done
      }
      await Promise.all([...writes.values()].map((w) => w.catch(() => {})))
    },

    onChange(cb) {
      listeners.add(cb)
      return () => {
        listeners.delete(cb)
      }
    },
  }
}
