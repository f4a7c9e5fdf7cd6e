/**
 * The relay's Microsoft 365 side: takes queued messages oldest first, paces them within Exchange
 * Online's limits, signs in with XOAUTH2 over STARTTLS (TLS 1.2+, certificate verified) and sends
 * each with its recorded Message-ID. A message leaves the queue only after 250 to DATA; a 4xx is
 * retried with backoff, a 5xx is kept as failed with the reply explained.
 *
 * nodemailer, as the outbox uses it (electron/mail/outbox/office-transport.ts): it streams the
 * message from disk (`raw` as a stream) so memory does not grow with message size, and its
 * STARTTLS/XOAUTH2 path is the one the outbox already trusts with the same pinned settings. A few
 * sessions run side by side; each keeps its signed-in connection for the next queued message and
 * closes it when the queue is empty or the token changes.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP } from 'node:net'

import { createTransport, type Transporter } from 'nodemailer'

import { openPacingStore } from './pacing-store'
import { classifySendFailure, type SendOutcome } from './send-outcome'
import type { Spool, SpoolEntry, SpoolRecord } from './spool'
import type { RelayTokenSource } from './token-source'

export type ForwarderEvent =
  | {
      kind: 'delivered'
      record: SpoolRecord
      response: string
      /** Refused for good: they will not get it. */
      rejected: string[]
      /** Refused for now (4xx): a copy for them is queued (same Message-ID). */
      requeued: SpoolRecord | null
      rejectedOutcome: SendOutcome | null
    }
  | { kind: 'retry'; record: SpoolRecord; outcome: SendOutcome; nextAttemptAt: string }
  | { kind: 'failed'; record: SpoolRecord; outcome: SendOutcome }
  | { kind: 'problem'; outcome: SendOutcome; retryAt: string }
  | { kind: 'token'; expiresOn: string }
  /** Held back by Exchange Online's limits (30 messages a minute, 10,000 recipients a day). */
  | { kind: 'paced'; until: string; queued: number }
  /** Something to fix that does not stop sending. */
  | { kind: 'warning'; text: string; fix: string }

export interface ForwarderOptions {
  spool: Spool
  tokenSource: RelayTokenSource
  host: string
  port: number
  /** null: no pacing (tests, benchmarks). */
  pacing: { perMinute: number; perDay: number } | null
  /** Sessions to Microsoft 365 at once (default DEFAULT_CONNECTIONS). */
  connections?: number
  /** Messages sent on one connection before it is replaced (default 100). */
  messagesPerConnection?: number
  /** Extra CAs to trust (tests); added to the system's, never replacing the verification. */
  ca?: string[]
  /** First retry delay, doubled each attempt up to maxMs. Default 1 minute, 1 hour. */
  retry?: { baseMs: number; maxMs: number }
  /** A message still not accepted after this long is failed (default 2 days, as Exchange). */
  giveUpAfterMs?: number
  timeoutMs?: number
  lookup?: (host: string) => Promise<string>
  /**
   * Cleans a server's reply and error text before it is explained (the explainer quotes and cuts
   * it, and a cut secret would escape a later scrub): the relay hides its known secrets here.
   */
  cleanReply?: (text: string) => string
  onEvent: (event: ForwarderEvent) => void
}

export interface Forwarder {
  /** A message was queued (or the queue reopened): look again now. */
  wake(): void
  /** Finishes the messages in flight, then stops. */
  stop(): Promise<void>
}

const DAY_MS = 24 * 60 * 60 * 1000
/**
 * Exchange Online allows three SMTP AUTH connections per mailbox at once; more get `432 4.3.2`,
 * retried like any 4xx (config `outbound.connections` lowers it when something else signs in as
 * the same mailbox). Source: docs/microsoft-365-facts.md, "Sending limits".
 */
export const DEFAULT_CONNECTIONS = 3
/** How long an idle connection waits for the next message before the relay closes it. */
const KEEP_IDLE_MS = 5000

async function systemLookup(host: string): Promise<string> {
  return (await dnsLookup(host)).address
}

/** The token never reaches the log or the status, not even echoed in a server's reply. */
function scrub(text: string, token: string): string {
  if (token.length < 8) return text
  const b64 = Buffer.from(token, 'utf8').toString('base64')
  return text.split(token).join('[hidden]').split(b64).join('[hidden]')
}

export function startForwarder(opts: ForwarderOptions): Forwarder {
  const where = `${opts.host}:${opts.port}`
  const retry = opts.retry ?? { baseMs: 60_000, maxMs: 60 * 60_000 }
  const giveUpAfterMs = opts.giveUpAfterMs ?? 2 * DAY_MS
  // The counts of the last run still apply: Exchange Online counts the mailbox, not the process.
  const pacing = opts.pacing
    ? openPacingStore(opts.spool.dir, opts.pacing, (detail) =>
        opts.onEvent({
          kind: 'warning',
          text: `The relay could not keep its pacing counts over a restart: ${detail}.`,
          fix: 'Check that the spool folder is writable and its disk has free space.',
        }),
      )
    : null
  let pacedUntil = 0
  const pacer = pacing?.pacer ?? null
  let stopped = false
  let pausedUntil = 0
  let problemStreak = 0
  const sleepers = new Set<() => void>()

  const sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        sleepers.delete(done)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, Math.min(ms, 2 ** 31 - 1)))
      sleepers.add(done)
    })

  const inFlight = new Set<string>()
  const next = (now: number): { entry: SpoolEntry | null; waitMs: number } => {
    let soonest = Infinity
    for (const r of opts.spool.inQueueOrder()) {
      if (r.state !== 'queued' || inFlight.has(r.id)) continue
      const due = Date.parse(r.nextAttemptAt)
      if (due <= now) return { entry: r, waitMs: 0 }
      soonest = Math.min(soonest, due - now)
    }
    return { entry: null, waitMs: soonest }
  }

  /** One session's connection, kept for the next message while the token stays the same. */
  interface Session {
    transport: Transporter | null
    token: string
    /** Since when it has had nothing to send (null while busy). */
    idleSince?: number | null
  }
  const connect = async (session: Session, token: string): Promise<Transporter> => {
    if (session.transport && session.token === token) return session.transport
    session.transport?.close()
    const address = isIP(opts.host) ? opts.host : await (opts.lookup ?? systemLookup)(opts.host)
    const timeout = opts.timeoutMs ?? 30_000
    session.token = token
    session.transport = createTransport({
      host: address,
      port: opts.port,
      pool: true,
      maxConnections: 1,
      maxMessages: opts.messagesPerConnection ?? 100,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: 2 * timeout,
      // Submission: plaintext first, then STARTTLS, which must happen (no fallback).
      secure: false,
      requireTLS: true,
      ignoreTLS: false,
      opportunisticTLS: false,
      tls: {
        ...(opts.ca ? { ca: opts.ca } : {}),
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        ...(isIP(opts.host) ? {} : { servername: opts.host }),
      },
      auth: { type: 'OAuth2', user: opts.tokenSource.username, accessToken: token },
      logger: false,
      debug: false,
    })
    return session.transport
  }
  const hangUp = (session: Session): void => {
    session.transport?.close()
    session.transport = null
    session.idleSince = null
  }

  /** A copy for the recipients refused for now, with the same Message-ID, tried after a wait. */
  const requeue = async (
    record: SpoolRecord,
    later: Array<{ error: unknown; recipient: string }>,
    token: string,
  ): Promise<SpoolRecord> => {
    const copy = await opts.spool.accept(opts.spool.openMessage(record), {
      mailFrom: record.mailFrom,
      rcptTo: later.map((r) => r.recipient),
      clientAddress: record.clientAddress,
    })
    const outcome = classifySendFailure(cleanError(later[0]?.error, token), where)
    return opts.spool.update(copy.id, {
      attempts: 1,
      nextAttemptAt: new Date(Date.now() + retry.baseMs).toISOString(),
      lastError: outcome.meaning,
    })
  }

  const send = async (session: Session, record: SpoolRecord): Promise<void> => {
    let token = ''
    try {
      const t = await opts.tokenSource.token()
      token = t.accessToken
      opts.onEvent({ kind: 'token', expiresOn: t.expiresOn })
      const transport = await connect(session, token)
      let info
      try {
        info = await transport.sendMail({
          envelope: { from: record.mailFrom, to: record.rcptTo },
          raw: opts.spool.openMessage(record),
        })
      } catch (err) {
        // The connection may be what failed: the next message starts a fresh one.
        hangUp(session)
        throw err
      }
      // Recipients refused for now (4xx) get the message later, in a copy queued before this one
      // leaves the queue; those refused for good are explained.
      const errors: unknown[] = info.rejectedErrors ?? []
      const refusals = errors.map((e) => {
        const r = e as { recipient?: unknown; responseCode?: unknown }
        const code = typeof r.responseCode === 'number' ? r.responseCode : 500
        return { error: e, recipient: String(r.recipient), temporary: code >= 400 && code < 500 }
      })
      const later = refusals.filter((r) => r.temporary)
      const never = refusals.filter((r) => !r.temporary)
      const requeued = later.length > 0 ? await requeue(record, later, token) : null
      await opts.spool.remove(record.id)
      problemStreak = 0
      opts.onEvent({
        kind: 'delivered',
        record,
        response: (opts.cleanReply ?? ((x: string) => x))(scrub(info.response ?? '', token)),
        rejected: never.map((r) => r.recipient),
        requeued,
        rejectedOutcome: never[0]
          ? classifySendFailure(cleanError(never[0].error, token), where)
          : null,
      })
    } catch (err) {
      const outcome = tokenProblem(err, token) ?? classifySendFailure(cleanError(err, token), where)
      const clean: SendOutcome = {
        ...outcome,
        reply: scrub(outcome.reply, token),
        meaning: scrub(outcome.meaning, token),
      }
      await settle(record, clean)
    }
  }

  // The reply and message with the token (and what cleanReply knows) hidden, before explaining.
  const cleanError = (err: unknown, token: string): unknown => {
    if (typeof err !== 'object' || err === null) return err
    const clean = (t: unknown): unknown =>
      typeof t === 'string' ? (opts.cleanReply ?? ((x: string) => x))(scrub(t, token)) : t
    const e = err as { response?: unknown; message?: unknown }
    return Object.assign(Object.create(Object.getPrototypeOf(err) as object) as object, err, {
      response: clean(e.response),
      message: clean(e.message),
    })
  }

  // The token source failed before any connection: its message says what to do.
  const tokenProblem = (err: unknown, token: string): SendOutcome | null =>
    token === ''
      ? {
          kind: 'relay-problem',
          reply: err instanceof Error ? err.message : String(err),
          meaning: `No Microsoft 365 sign-in for ${opts.tokenSource.username}: ${err instanceof Error ? err.message : String(err)}. Nothing was sent; the messages wait in the queue.`,
          fix: 'Sign the relay in again; the queued messages go once it can sign in.',
        }
      : null

  const settle = async (record: SpoolRecord, outcome: SendOutcome): Promise<void> => {
    const now = Date.now()
    const tooOld = now - Date.parse(record.receivedAt) > giveUpAfterMs
    if (outcome.kind === 'failed' || tooOld) {
      const failure = {
        at: new Date(now).toISOString(),
        reply: outcome.reply,
        gateTitle: outcome.kind === 'failed' ? outcome.gateTitle : 'Not delivered in time',
        meaning:
          tooOld && outcome.kind !== 'failed'
            ? `Not accepted within ${Math.round(giveUpAfterMs / 3_600_000)} hours; last: ${outcome.meaning}`
            : outcome.meaning,
        fix: outcome.fix,
      }
      const updated = await opts.spool.update(record.id, {
        state: 'failed',
        attempts: record.attempts + 1,
        lastError: failure.meaning,
        failure,
      })
      opts.onEvent({ kind: 'failed', record: updated, outcome })
      return
    }
    if (outcome.kind === 'relay-problem') {
      // Every message would meet the same problem: pause them all, backing off.
      problemStreak += 1
      pausedUntil = now + Math.min(retry.baseMs * 2 ** (problemStreak - 1), retry.maxMs)
      await opts.spool.update(record.id, { lastError: outcome.meaning })
      opts.onEvent({ kind: 'problem', outcome, retryAt: new Date(pausedUntil).toISOString() })
      return
    }
    const delay = Math.min(retry.baseMs * 2 ** record.attempts, retry.maxMs)
    const nextAttemptAt = new Date(now + delay).toISOString()
    const updated = await opts.spool.update(record.id, {
      attempts: record.attempts + 1,
      nextAttemptAt,
      lastError: outcome.meaning,
    })
    opts.onEvent({ kind: 'retry', record: updated, outcome, nextAttemptAt })
  }

  const worker = async (): Promise<void> => {
    const session: Session = { transport: null, token: '' }
    await pacing?.ready
    try {
      while (!stopped) {
        const now = Date.now()
        if (pausedUntil > now) {
          hangUp(session)
          await sleep(pausedUntil - now)
          continue
        }
        const { entry, waitMs } = next(now)
        if (!entry) {
          // Nothing due: the connection is kept a few seconds for the next scan of a batch, then
          // closed rather than left for Microsoft 365 to time out.
          if (!session.transport) await sleep(waitMs)
          else {
            session.idleSince ??= now
            const left = session.idleSince + KEEP_IDLE_MS - now
            if (left <= 0) hangUp(session)
            await sleep(left <= 0 ? waitMs : Math.min(waitMs, left))
          }
          continue
        }
        const paceMs = pacer?.waitMs(now, entry.recipients) ?? 0
        if (paceMs > 0) {
          if (Math.abs(now + paceMs - pacedUntil) > 1000) {
            pacedUntil = now + paceMs
            const queued = opts.spool.list().filter((r) => r.state === 'queued').length
            opts.onEvent({ kind: 'paced', until: new Date(pacedUntil).toISOString(), queued })
          }
          await sleep(paceMs)
          continue
        }
        pacing?.record(now, entry.recipients)
        session.idleSince = null
        inFlight.add(entry.id)
        try {
          const record = await opts.spool.read(entry.id)
          if (record) await send(session, record)
        } catch (e) {
          // The spool could not be read or updated (disk full, permissions): stop a while, say why.
          pausedUntil = Date.now() + retry.baseMs
          const detail = e instanceof Error ? e.message : String(e)
          opts.onEvent({
            kind: 'problem',
            outcome: {
              kind: 'relay-problem',
              reply: detail,
              meaning: `The relay could not update its queue (${detail}); a message delivered meanwhile may be sent again.`,
              fix: 'Check that the spool folder is writable and its disk has free space.',
            },
            retryAt: new Date(pausedUntil).toISOString(),
          })
        } finally {
          inFlight.delete(entry.id)
        }
      }
    } finally {
      hangUp(session)
    }
  }
  const running = Promise.all(
    Array.from({ length: Math.max(1, opts.connections ?? DEFAULT_CONNECTIONS) }, () => worker()),
  )

  return {
    wake() {
      for (const done of [...sleepers]) done()
    },
    async stop() {
      stopped = true
      for (const done of [...sleepers]) done()
      await running
      await pacing?.flush()
    },
  }
}
