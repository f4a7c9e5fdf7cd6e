/**
 * The relay's Microsoft 365 side: takes queued messages oldest first, paces them within Exchange
 * Online's limits, signs in with XOAUTH2 over STARTTLS (TLS 1.2+, certificate verified) and sends
 * each with its recorded Message-ID. A message leaves the queue only after 250 to DATA; a 4xx is
 * retried with backoff, a 5xx is kept as failed with the reply explained.
 *
 * nodemailer, as the outbox uses it (electron/mail/outbox/office-transport.ts): it streams the
 * message from disk (`raw` as a stream) so memory does not grow with message size, and its
 * STARTTLS/XOAUTH2 path is the one the outbox already trusts with the same pinned settings.
 */
import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP } from 'node:net'

import { createTransport } from 'nodemailer'

import { Pacer } from './pacer'
import { classifySendFailure, type SendOutcome } from './send-outcome'
import type { Spool, SpoolRecord } from './spool'
import type { RelayTokenSource } from './token-source'

export type ForwarderEvent =
  | {
      kind: 'delivered'
      record: SpoolRecord
      response: string
      rejected: string[]
      rejectedOutcome: SendOutcome | null
    }
  | { kind: 'retry'; record: SpoolRecord; outcome: SendOutcome; nextAttemptAt: string }
  | { kind: 'failed'; record: SpoolRecord; outcome: SendOutcome }
  | { kind: 'problem'; outcome: SendOutcome; retryAt: string }
  | { kind: 'token'; expiresOn: string }

export interface ForwarderOptions {
  spool: Spool
  tokenSource: RelayTokenSource
  host: string
  port: number
  /** null: no pacing (tests, benchmarks). */
  pacing: { perMinute: number; perDay: number } | null
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
  /** Finishes the message in flight, then stops. */
  stop(): Promise<void>
}

const DAY_MS = 24 * 60 * 60 * 1000

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
  const pacer = opts.pacing ? new Pacer(opts.pacing.perMinute, opts.pacing.perDay) : null
  let stopped = false
  let pausedUntil = 0
  let problemStreak = 0
  let wakeUp: (() => void) | null = null
  let timer: NodeJS.Timeout | null = null

  const sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      wakeUp = () => resolve()
      timer = setTimeout(resolve, Math.max(0, Math.min(ms, 2 ** 31 - 1)))
    }).then(() => {
      if (timer) clearTimeout(timer)
      wakeUp = null
    })

  const next = (now: number): { record: SpoolRecord | null; waitMs: number } => {
    let soonest = Infinity
    for (const r of opts.spool.list()) {
      if (r.state !== 'queued') continue
      const due = Date.parse(r.nextAttemptAt)
      if (due <= now) return { record: r, waitMs: 0 }
      soonest = Math.min(soonest, due - now)
    }
    return { record: null, waitMs: soonest }
  }

  const send = async (record: SpoolRecord): Promise<void> => {
    let token = ''
    try {
      const t = await opts.tokenSource.token()
      token = t.accessToken
      opts.onEvent({ kind: 'token', expiresOn: t.expiresOn })
      const address = isIP(opts.host) ? opts.host : await (opts.lookup ?? systemLookup)(opts.host)
      const timeout = opts.timeoutMs ?? 30_000
      const transport = createTransport({
        host: address,
        port: opts.port,
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
      try {
        const info = await transport.sendMail({
          envelope: { from: record.mailFrom, to: record.rcptTo },
          raw: opts.spool.openMessage(record),
        })
        await opts.spool.remove(record.id)
        problemStreak = 0
        opts.onEvent({
          kind: 'delivered',
          record,
          response: (opts.cleanReply ?? ((x: string) => x))(scrub(info.response, token)),
          rejected: info.rejected.map((r: unknown) =>
            typeof r === 'string' ? r : String((r as { address?: unknown }).address),
          ),
          // Refused recipients did not get it: explained like any refusal (the others did).
          rejectedOutcome:
            info.rejected.length > 0
              ? classifySendFailure(
                  cleanError(info.rejectedErrors?.[0] ?? new Error('recipient refused'), token),
                  where,
                )
              : null,
        })
      } finally {
        transport.close()
      }
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

  const loop = async (): Promise<void> => {
    while (!stopped) {
      const now = Date.now()
      if (pausedUntil > now) {
        await sleep(pausedUntil - now)
        continue
      }
      const { record, waitMs } = next(now)
      if (!record) {
        await sleep(waitMs)
        continue
      }
      const paceMs = pacer?.waitMs(now, record.rcptTo.length) ?? 0
      if (paceMs > 0) {
        await sleep(paceMs)
        continue
      }
      pacer?.record(now, record.rcptTo.length)
      try {
        await send(record)
      } catch (e) {
        // The spool could not be updated (disk full, permissions): stop for a while, say why.
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
      }
    }
  }
  const running = loop()

  return {
    wake() {
      wakeUp?.()
    },
    async stop() {
      stopped = true
      wakeUp?.()
      await running
    },
  }
}
