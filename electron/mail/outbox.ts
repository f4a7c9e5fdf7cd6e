/**
 * The office outbox: "Send to office" puts a report here, and a sender delivers it through the
 * office's sending profile. Runs under plain Node (no Electron), so tests drive it directly.
 *
 * Durability: each entry is a folder `<dir>/<id>/` holding its attachments and `entry.json`,
 * all written with writeFileAtomic; `entry.json` is written last, so an entry exists exactly
 * when enqueue() has returned. Every state change is written before it is acted on: an entry
 * is marked 'sending' on disk before the connection opens, so a crash mid-send leaves
 * 'sending', which the next start turns back into 'queued'.
 *
 * Exactly-once is impossible over SMTP (the server may accept the message and the reply be
 * lost), so the outbox is at-least-once with a stable Message-ID: a resend carries the same
 * Message-ID and Date, and the office's mail system (or a person) can drop the duplicate.
 *
 * Security: STARTTLS is required and the certificate verified, whatever a test override says;
 * the password or token is read from the keychain for each attempt, only handed to nodemailer,
 * and scrubbed from anything that is stored or shown.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { join } from 'node:path'
import { createTransport } from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import { z } from 'zod'

import {
  OUTBOX_SCHEMA_VERSION,
  type OutboxAttachment,
  type OutboxEntry,
  type OutboxError,
  type OutboxReply,
  type OutboxView,
} from '../../shared/outbox-types'
import { systemLookup, type ProbeDeps } from '../probes/probe-deps'
import type { MailboxProfile } from '../../shared/profile-types'
import { enhancedOf, explainAnyReply } from '../../shared/smtp-replies'
import type { ProfileService } from '../services/profile-service'
import { credentialsProblem, type SecretKind } from '../probes/sasl'
import { loadOrQuarantine, writeFileAtomic } from '../store/atomic-file'
import { refuseNewer } from '../store/migrations'

export type OutboxProfiles = Pick<ProfileService, 'credentials' | 'accessToken'>

export interface OutboxOptions {
  dir: string
  profiles: OutboxProfiles
  now?: () => Date
  /**
   * Extra nodemailer options per profile (tests: a CA to trust, shorter timeouts). They are
   * merged under the security settings, so they cannot turn STARTTLS or verification off.
   */
  transportFor?: (profile: MailboxProfile) => SMTPTransport.Options
  /** Retry delays: firstMs after the first failure, doubling up to maxMs. */
  backoff?: { firstMs: number; maxMs: number }
  /**
   * Name → addresses for the office server (default: the OS resolver, as the probes use it).
   * nodemailer would otherwise query DNS itself, bypassing the app's (and tests') resolver.
   */
  lookup?: ProbeDeps['lookup']
}

export interface OutboxEnqueueInput {
  jobId: string
  profileId: string
  to: string
  subject: string
  summary: string
  attachments: Array<{ name: string; contentType: string; content: Buffer }>
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
const ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/

const replySchema = z.object({
  code: z.number(),
  enhanced: z.string().nullable(),
  text: z.string(),
})

const entrySchema = z.object({
  id: z.string().regex(ID_PATTERN),
  schemaVersion: z.literal(OUTBOX_SCHEMA_VERSION),
  jobId: z.string(),
  messageId: z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/),
  createdAt: z.string(),
  profileId: z.string(),
  to: z.string(),
  subject: z.string(),
  summary: z.string(),
  attachments: z.array(
    z.object({
      name: z.string(),
      contentType: z.string(),
      // A bare file name: a stored path must never lead outside the entry's folder.
      file: z.string().regex(/^[A-Za-z0-9._-]+$/),
      size: z.number().int().nonnegative(),
    }),
  ),
  state: z.enum(['queued', 'sending', 'sent', 'failed']),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
  lastError: z
    .object({
      code: z
        .enum([
          'network',
          'reply',
          'starttls-missing',
          'tls',
          'certificate',
          'auth',
          'no-secret',
          'profile',
          'interrupted',
          'attachment',
          'unknown',
        ])
        .optional(),
      reply: replySchema.optional(),
      gate: z.string().optional(),
      explanation: z.string(),
      fix: z.string(),
    })
    .nullable(),
  sentAt: z.string().nullable(),
  serverReply: z.string().nullable(),
})

function parseEntry(raw: unknown): OutboxEntry {
  const r = entrySchema.safeParse(raw)
  if (!r.success) throw new Error(`is not an outbox entry (${r.error.issues[0]?.message ?? '?'})`)
  return r.data as OutboxEntry
}

function toView(e: OutboxEntry): OutboxView {
  const { attachments, schemaVersion: _schemaVersion, ...rest } = e
  return {
    ...rest,
    attachments: attachments.map(({ name, contentType, size }) => ({ name, contentType, size })),
  }
}

function safeFileName(index: number, name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')
  return `${index}-${cleaned.slice(0, 80) || 'attachment'}`
}

/**
 * The same report (job, recipient, texts, attachment bytes) always gets the same Message-ID,
 * so "Send to office" twice, or a resend after a crash, is recognisably one message.
 */
function messageIdFor(input: OutboxEnqueueInput): string {
  const h = createHash('sha256')
  const field = (s: string) => h.update(`${Buffer.byteLength(s)}:${s}`)
  for (const s of [input.jobId, input.to, input.subject, input.summary]) field(s)
  for (const a of input.attachments) {
    field(a.name)
    field(a.contentType)
    field(createHash('sha256').update(a.content).digest('hex'))
  }
  const job = input.jobId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64) || 'job'
  return `<report-${job}-${h.digest('hex').slice(0, 24)}@scanpath.local>`
}

/** `550-5.7.1 first\r\n550 5.7.1 second` → code, enhanced code and the text without prefixes. */
function parseReply(response: string): OutboxReply | null {
  const lines = response.split(/\r?\n/).filter((l) => l.trim() !== '')
  const code = Number(/^(\d{3})/.exec(lines[0] ?? '')?.[1])
  if (!Number.isInteger(code) || code < 200) return null
  const text = lines.map((l) => l.replace(/^\d{3}[ -]?/, '')).join('\n')
  return { code, enhanced: enhancedOf(text), text }
}

interface NodemailerError {
  code?: string
  originalCode?: string
  responseCode?: number
  response?: string
  command?: string
  message?: string
}

interface Verdict {
  retry: boolean
  error: OutboxError
}

const CERT_PROBLEM =
  /certificate|self[- ]signed|CERT_|unable to (?:verify|get)|altnames|Hostname\/IP does not match/i
const CUT_SHORT = /disconnected before secure|ECONNRESET|socket hang up|EPIPE/i

/** What went wrong, in words, and whether time alone can fix it (retry) or a person must. */
function classify(err: unknown, profile: MailboxProfile): Verdict {
  const e = (typeof err === 'object' && err !== null ? err : {}) as NodemailerError
  const message = e.message ?? String(err)
  const where = `${profile.host}:${profile.port}`
  const reply = e.response ? parseReply(e.response) : null

  if (e.code === 'EABORT') {
    return {
      retry: true,
      error: {
        code: 'interrupted',
        explanation: 'Sending stopped when ScanPath closed; the report goes on the next start.',
        fix: 'Nothing to do.',
      },
    }
  }

  if (reply && e.command === 'STARTTLS') {
    const quoted = `"${reply.code} ${reply.text.split('\n')[0]}"`
    const temporary = reply.code >= 400 && reply.code < 500
    return {
      retry: temporary,
      error: {
        code: temporary ? 'tls' : 'starttls-missing',
        reply,
        gate: temporary ? 'tls-unavailable' : 'starttls-required',
        explanation: temporary
          ? `${where} could not start encryption just now (STARTTLS answered ${quoted}); the report waits and is tried again.`
          : `${where} refused to encrypt the session (STARTTLS answered ${quoted}). ScanPath only sends reports, and the password, over an encrypted session, so nothing was sent.`,
        fix: temporary
          ? 'Nothing to do if it passes; if it repeats, the server or a firewall on the way has a TLS problem.'
          : `Check the sending profile's host and port: Microsoft 365 is smtp.office365.com port 587, which offers STARTTLS. If they are right, something on the site's network strips STARTTLS (a firewall's "SMTP inspection"); it must let ${where} through untouched.`,
      },
    }
  }

  if (reply && reply.code >= 400) {
    const x = explainAnyReply(reply.code, reply.enhanced, reply.text)
    // 503 is "wrong moment for the command", not a refusal of this message (RFC 5321 §4.2.4).
    const temporary = (reply.code < 500 || reply.code === 503) && reply.code < 600
    const isAuth = e.command?.toUpperCase().startsWith('AUTH') ?? false
    const quoted = `"${reply.code} ${reply.text.split('\n')[0]}"`
    const step = e.command ? ` to ${e.command.split(' ')[0]}` : ''
    return {
      retry: temporary,
      error: {
        code: isAuth ? 'auth' : 'reply',
        reply,
        gate: x.gate,
        // A reply no rule names is explained by its class, and that meaning quotes the reply.
        explanation: `${where} answered${step} ${quoted}. ${x.gate === 'temporary' || x.gate === 'permanent' ? `${x.gateTitle}.` : `${x.gateTitle}: ${x.meaning}`}${temporary ? ' The report waits and is tried again.' : ' Nothing was delivered; the report stays in the outbox.'}`,
        fix: x.powershell
          ? `${x.fix} Admin's PowerShell: ${x.powershell.replace('<mailbox>', profile.username)}`
          : x.fix,
      },
    }
  }

  // Node reports a failed verification as a socket error (ESOCKET) whose original code names
  // the certificate problem (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, …).
  const reason = message.replace(/^Error initiating TLS - /, '')
  if (
    (e.code === 'ETLS' || e.code === 'ESOCKET') &&
    CERT_PROBLEM.test(`${e.originalCode ?? ''} ${reason}`)
  ) {
    return {
      retry: false,
      error: {
        code: 'certificate',
        explanation: `The certificate of ${where} could not be verified (${e.originalCode ? `${e.originalCode}: ` : ''}${reason}). ScanPath does not send to a server it cannot verify: it could be someone in the middle. Nothing was sent.`,
        fix: `Check that the profile's host is the server's real name (the certificate must name it), that this computer's date and time are right, and that the site's network does not inspect TLS (a firewall or proxy doing so must let ${where} through untouched).`,
      },
    }
  }
  // A handshake cut short is the network's doing (retried below); any other is not.
  if (e.code === 'ETLS' && !CUT_SHORT.test(reason)) {
    return {
      retry: false,
      error: {
        code: 'tls',
        explanation: `Encryption with ${where} could not be set up (${reason}). Nothing was sent.`,
        fix: 'The server or something on the way does not speak TLS 1.2 or later properly; check the host and port, and whether a firewall intercepts the connection.',
      },
    }
  }

  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return {
      retry: false,
      error: {
        code: 'auth',
        explanation: `Signing in to ${where} failed (${message}). Nothing was sent.`,
        fix: "Check the sending profile's user name and method, then save its password again in Settings.",
      },
    }
  }

  if (e.code === 'EMESSAGE' || e.code === 'EENVELOPE') {
    return {
      retry: false,
      error: {
        code: 'reply',
        explanation: `${where} did not take the report (${message}).`,
        fix: 'Check the recipient address; a very large report may exceed the server size limit.',
      },
    }
  }

  // Connection refused, reset, timed out, no DNS, or a TLS handshake cut short: offline, or
  // the server is down; time fixes these.
  const cause = e.originalCode ?? e.code ?? 'error'
  return {
    retry: true,
    error: {
      code: 'network',
      explanation: `Could not reach ${where} (${cause}: ${message}). The report waits in the outbox and is tried again.`,
      fix: `Nothing to do if this computer is offline: it goes once the server can be reached. If it stays queued while online, check the profile's host and port and that the site's firewall allows outgoing connections to port ${profile.port}.`,
    },
  }
}

/** Thrown by the sender for a problem found before any connection (profile, keychain, files). */
class SendSetupError extends Error {
  constructor(
    readonly verdict: Verdict,
    message: string,
  ) {
    super(message)
  }
}

function setupFailure(code: OutboxError['code'], explanation: string, fix: string, retry = false) {
  return new SendSetupError({ retry, error: { code, explanation, fix } }, explanation)
}

/**
 * nodemailer frames the credentials itself (AUTH LOGIN, PLAIN or XOAUTH2); the same checks as
 * every other sign-in run first, so a separator inside a field never reaches its framing.
 */
function credentialsCheck(username: string, secret: string, kind: SecretKind): void {
  const problem = credentialsProblem(username, secret, kind)
  if (problem) {
    throw setupFailure(
      'auth',
      `Cannot sign in as the office sending profile: ${problem}`,
      kind === 'token'
        ? 'Sign in again to the office sending profile in Settings, then retry.'
        : 'Check the user name and save the password of the office sending profile again in Settings, then retry.',
    )
  }
}

/** The secret never reaches disk or the UI, not even echoed inside a server's reply. */
function scrubber(secrets: string[]): (s: string) => string {
  const needles = secrets
    .filter((s) => s.length >= 4)
    .flatMap((s) => [s, Buffer.from(s, 'utf8').toString('base64')])
  return (s) => needles.reduce((acc, n) => acc.split(n).join('[hidden]'), s)
}

function scrubError(error: OutboxError, scrub: (s: string) => string): OutboxError {
  return {
    ...error,
    explanation: scrub(error.explanation),
    fix: scrub(error.fix),
    ...(error.reply ? { reply: { ...error.reply, text: scrub(error.reply.text) } } : {}),
  }
}

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
        if (!ID_PATTERN.test(name) || entries.has(name)) continue
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
    let creds: Awaited<ReturnType<OutboxProfiles['credentials']>>
    try {
      creds = await opts.profiles.credentials(e.profileId)
    } catch (err) {
      throw setupFailure(
        'profile',
        `The sending profile of this report is gone (${err instanceof Error ? err.message : String(err)}).`,
        'Pick the office sending profile in Settings and send the report again.',
      )
    }
    const { profile, secret } = creds
    if (profile.purpose !== 'office-reports') {
      throw setupFailure(
        'profile',
        `"${profile.name}" is a device mailbox profile, not the office's sending profile.`,
        'Set up the office sending profile in Settings and send the report again.',
      )
    }
    let auth: SMTPTransport.Options['auth']
    let scrub = scrubber(secret ? [secret] : [])
    if (profile.method === 'oauth') {
      let token: string
      try {
        token = await opts.profiles.accessToken(profile.id)
      } catch (err) {
        const offline = (err as { code?: string }).code === 'network'
        throw setupFailure(
          offline ? 'network' : 'auth',
          `No Microsoft sign-in token for ${profile.username}: ${err instanceof Error ? err.message : String(err)}`,
          offline
            ? 'Nothing to do if this computer is offline: it goes once Microsoft can be reached.'
            : 'Sign in again to the office sending profile in Settings, then retry.',
          offline,
        )
      }
      scrub = scrubber([token, ...(secret ? [secret] : [])])
      credentialsCheck(profile.username, token, 'token')
      auth = { type: 'OAuth2', user: profile.username, accessToken: token }
    } else {
      if (!secret) {
        throw setupFailure(
          'no-secret',
          `No password is saved for "${profile.name}" on this computer.`,
          'Save the password of the office sending profile in Settings, then retry.',
        )
      }
      credentialsCheck(profile.username, secret, 'password')
      auth = { user: profile.username, pass: secret }
    }

    const attachments: Array<{ filename: string; contentType: string; content: Buffer }> = []
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

    const extra = opts.transportFor?.(profile) ?? {}
    // Connect to an address we resolved; the certificate is still checked against the name.
    let address = profile.host
    if (!isIP(profile.host)) {
      let found
      try {
        found = await (opts.lookup ?? systemLookup)(profile.host)
      } catch (err) {
        throw Object.assign(
          new Error(
            `${profile.host} did not resolve (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
          ),
          {
            code: 'EDNS',
          },
        )
      }
      if (!found[0])
        throw Object.assign(new Error(`${profile.host} resolved to no address`), { code: 'EDNS' })
      address = found[0].address
    }
    const transport = createTransport({
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
      ...extra,
      host: address,
      port: profile.port,
      // Submission on 587: plaintext first, then STARTTLS, which must happen (no fallback).
      secure: false,
      requireTLS: true,
      ignoreTLS: false,
      opportunisticTLS: false,
      tls: {
        ...extra.tls,
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2',
        // SNI and the certificate check use the name (RFC 6066 §3: SNI takes names only).
        ...(isIP(profile.host) ? {} : { servername: profile.host }),
      },
      auth,
      logger: false,
      debug: false,
    })
    try {
      const info = await transport.sendMail({
        from: profile.address,
        to: e.to,
        subject: e.subject,
        text: e.summary,
        messageId: e.messageId,
        // The enqueue time, so a resend is the same message down to its Date header.
        date: new Date(e.createdAt),
        headers: { 'X-ScanPath-Job': e.jobId },
        attachments,
        signal,
      })
      return { response: info.response, scrub }
    } catch (err) {
      const verdict = classify(err, profile)
      throw new SendSetupError(
        { retry: verdict.retry, error: scrubError(verdict.error, scrub) },
        'send failed',
      )
    } finally {
      transport.close()
    }
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
      const verdict: Verdict =
        err instanceof SendSetupError
          ? err.verdict
          : {
              retry: false,
              error: {
                code: 'unknown',
                explanation: `Sending failed unexpectedly (${err instanceof Error ? err.message : String(err)}).`,
                fix: 'Try again; if it repeats, send the diagnostics to support.',
              },
            }
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
