/**
 * One SMTP session as a small state machine with named stop points, in the manner of swaks'
 * `--quit-after`: connect → banner → ehlo → starttls → tls → ehlo-tls. It records what the server
 * said (banner, capabilities before and after TLS, the STARTTLS reply, the negotiated TLS and the
 * certificate, the client IP echoed in the EHLO greeting), a transcript, and per-phase timings.
 *
 * Rules it keeps:
 * - every phase has a hard timeout, the whole session an overall deadline (by default a small
 *   multiple of the phase timeout, so a slow-but-alive server cannot hold it for steps × timeout),
 *   and an AbortSignal ends the whole session at once;
 * - replies are assembled at line boundaries with caps on line and reply size (smtp-reply.ts);
 * - a missing or failed STARTTLS is a failure, never a silent plaintext continuation;
 * - bytes received after the STARTTLS reply and before TLS are discarded (RFC 3207 §6), and
 *   capabilities learnt before TLS are forgotten and asked for again over TLS (RFC 3207 §4.2);
 * - the certificate is always inspected (rejectUnauthorized: false) and judged afterwards, so a
 *   bad certificate is reported with its details instead of a bare handshake error;
 * - nothing goes past EHLO over TLS (no AUTH, so no password or token; no MAIL) unless the
 *   certificate verified for the host name asked for: the session stops there instead. There is
 *   no switch to skip this; a private CA is trusted through deps.extraCa (NODE_EXTRA_CA_CERTS).
 */
import net from 'node:net'
import tls from 'node:tls'

import { DEADLINE_FACTOR } from '../../shared/diagnose-defaults'
import type {
  CertificateSummary,
  EhloSummary,
  ProbePhase,
  SmtpFailure,
  SmtpFailureKind,
  SmtpSessionData,
  SmtpStopPoint,
  TlsSummary,
  TranscriptLine,
} from '../../shared/probe-types'
import { DNS_NETWORK_ERRORS } from './dns-client'
import type { ProbeDeps, ResolvedAddress } from './probe-deps'
import {
  clip,
  parseEhlo,
  ReplyParser,
  replyLines,
  summarizeReply,
  type SmtpReply,
} from './smtp-reply'
import { credentialsProblem, saslLogin, saslPlain, saslXoauth2 } from './sasl'
import { Transcript } from './transcript'

export interface SmtpSessionInput {
  /** Resolved through deps.lookup; also the name for SNI and the certificate check. */
  host: string
  port: number
  quitAfter: SmtpStopPoint
  /** The name given in EHLO (already validated as a host name by the caller). */
  ehloName: string
  /** Hard limit for each phase, in milliseconds. */
  timeoutMs: number
  /** Hard limit for the whole session; default DEADLINE_FACTOR × timeoutMs. */
  deadlineMs?: number
  /** TLS limits of the client we pretend to be (a device): TLS 1.2+ unless told otherwise. */
  tls?: { minVersion?: tls.SecureVersion; maxVersion?: tls.SecureVersion; ciphers?: string }
  /** Connect to this address instead of resolving `host` (the TCP probe's pick, for instance). */
  address?: ResolvedAddress
  /**
   * `required` (the default): no STARTTLS is a failure. `when-offered`: a server that does not
   * offer STARTTLS is talked to in plaintext (an MX test send, as a device without TLS would);
   * ignored when there are credentials, which never go out without verified TLS.
   */
  tlsMode?: 'required' | 'when-offered'
  /** Sign in after EHLO over TLS (stop point `auth` or later). */
  auth?: SmtpCredentials
  /** The test message (stop points `mail`, `rcpt`, `data`). */
  message?: SmtpTestMessage
}

export interface SmtpCredentials {
  /** `auto`: XOAUTH2 for a token; LOGIN (else PLAIN) for a password. */
  mechanism: 'auto' | 'LOGIN' | 'PLAIN' | 'XOAUTH2'
  username: string
  /** The password, or the OAuth access token for XOAUTH2. Never recorded anywhere. */
  secret: string
  kind: 'password' | 'token'
}

export interface SmtpTestMessage {
  from: string
  to: string
  subject: string
  body: string
}

export interface SmtpSessionOutcome {
  data: SmtpSessionData
  phases: ProbePhase[]
  transcript: TranscriptLine[]
  durationMs: number
}

const STOP_ORDER: readonly SmtpStopPoint[] = [
  'connect',
  'banner',
  'ehlo',
  'starttls',
  'tls',
  'ehlo-tls',
  'auth',
  'mail',
  'rcpt',
  'data',
]

/** The overall deadline for a session with these limits. */
export function sessionDeadlineMs(
  input: Pick<SmtpSessionInput, 'timeoutMs' | 'deadlineMs'>,
): number {
  return input.deadlineMs ?? input.timeoutMs * DEADLINE_FACTOR
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`)

/** Header-safe: no CR/LF can reach a command or a header line (no injection through inputs). */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ')
}

/** The test message on the wire: headers, dot-stuffed body (RFC 5321 §4.5.2), CRLF line ends. */
export function formatTestMessage(m: SmtpTestMessage, now: Date): string {
  const headers = [
    `From: <${oneLine(m.from)}>`,
    `To: <${oneLine(m.to)}>`,
    `Subject: ${oneLine(m.subject)}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${now.getTime()}.${Math.random().toString(36).slice(2)}@scanpath.localdomain>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ]
  const body = m.body
    .split(/\r?\n/)
    .map((l) => (l.startsWith('.') ? `.${l}` : l))
    .join('\r\n')
  return `${headers.join('\r\n')}\r\n\r\n${body}\r\n.\r\n`
}

/** Which mechanism to use for these credentials among those the server offers. */
export function chooseMechanism(c: SmtpCredentials, offered: string[]): string | null {
  if (c.mechanism !== 'auto') return offered.includes(c.mechanism) ? c.mechanism : null
  if (c.kind === 'token') return offered.includes('XOAUTH2') ? 'XOAUTH2' : null
  // Exchange Online offers LOGIN and XOAUTH2, not PLAIN; other servers may offer only PLAIN.
  if (offered.includes('LOGIN')) return 'LOGIN'
  if (offered.includes('PLAIN')) return 'PLAIN'
  return null
}

/** Time allowed for the server to see our QUIT before the socket is destroyed. */
const QUIT_GRACE_MS = 1000

class SessionError extends Error {
  constructor(
    readonly kind: SmtpFailureKind,
    message: string,
    readonly reply: SmtpReply | null = null,
    readonly code: string | null = null,
  ) {
    super(message)
  }
}

/** Maps a socket error to what it means on a network a technician is standing in. */
export function classifySocketError(e: unknown): {
  kind: SmtpFailureKind
  code: string | null
  message: string
} {
  const code = (e as NodeJS.ErrnoException | null)?.code ?? null
  const raw = e instanceof Error ? e.message : String(e)
  switch (code) {
    case 'ECONNREFUSED':
      return {
        kind: 'refused',
        code,
        message: 'the connection was refused (nothing listens there, or a firewall rejects it)',
      }
    case 'ETIMEDOUT':
      return { kind: 'timeout', code, message: 'no answer (the port is filtered)' }
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
    case 'EHOSTDOWN':
    case 'EADDRNOTAVAIL':
      return {
        kind: 'unreachable',
        code,
        message: `no route to the host from this network (${code})`,
      }
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'closed', code, message: 'the connection was reset' }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'ENODATA':
      return { kind: 'dns-error', code, message: `the name did not resolve (${code})` }
    default:
      return { kind: 'closed', code, message: raw }
  }
}

/** Reads replies off whichever socket is current (plain, then TLS). */
class Wire {
  private parser = new ReplyParser()
  private queue: SmtpReply[] = []
  private failure: SessionError | null = null
  private waiter: { resolve: (r: SmtpReply) => void; reject: (e: SessionError) => void } | null =
    null
  private socket: net.Socket | null = null
  /** Bytes received on the current socket, and the bytes of the replies handed out by read(). */
  private received = 0
  private consumed = 0

  private readonly onData = (chunk: Buffer) => {
    this.received += chunk.length
    const { replies, error } = this.parser.push(chunk)
    this.queue.push(...replies)
    if (error) this.fail(new SessionError(error.kind, error.message))
    this.flush()
  }
  private readonly onEnd = () =>
    this.fail(new SessionError('closed', 'the server closed the connection'))
  private readonly onError = (e: Error) => {
    const c = classifySocketError(e)
    this.fail(new SessionError(c.kind, c.message, null, c.code))
  }

  attach(socket: net.Socket): void {
    this.socket = socket
    socket.on('data', this.onData)
    socket.on('end', this.onEnd)
    socket.on('close', this.onEnd)
    socket.on('error', this.onError)
  }

  /**
   * Stops reading from the current socket and returns how many received bytes were never read as
   * a reply: queued replies, a partial line, and bytes the parser gave up on. Whatever went wrong
   * on this socket stays with it: the next socket (TLS after STARTTLS) starts clean, so garbage
   * sent in plaintext before the upgrade cannot fail the TLS session (RFC 3207 §6).
   */
  detach(): number {
    const s = this.socket
    if (s) {
      s.off('data', this.onData)
      s.off('end', this.onEnd)
      s.off('close', this.onEnd)
      s.off('error', this.onError)
    }
    const dropped = this.received - this.consumed
    this.queue = []
    this.parser.reset()
    this.failure = null
    this.received = 0
    this.consumed = 0
    this.socket = null
    return dropped
  }

  fail(e: SessionError): void {
    if (!this.failure) this.failure = e
    this.flush()
  }

  private flush(): void {
    if (!this.waiter) return
    const next = this.queue.shift()
    const w = this.waiter
    if (next) {
      this.waiter = null
      this.consumed += next.bytes
      w.resolve(next)
    } else if (this.failure) {
      this.waiter = null
      w.reject(this.failure)
    }
  }

  read(): Promise<SmtpReply> {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject }
      this.flush()
    })
  }

  cancelRead(e: SessionError): void {
    const w = this.waiter
    this.waiter = null
    w?.reject(e)
  }
}

function certSummary(socket: tls.TLSSocket): CertificateSummary | null {
  const c = socket.getPeerCertificate(false)
  if (!c || Object.keys(c).length === 0) return null
  const dn = (o: Record<string, string | string[] | undefined> | undefined) =>
    o
      ? Object.entries(o)
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : (v ?? '')}`)
          .join(', ')
      : ''
  const iso = (s: string | undefined) => {
    const d = s ? new Date(s) : null
    return d && !Number.isNaN(d.getTime()) ? d.toISOString() : (s ?? '')
  }
  return {
    subject: dn(c.subject),
    subjectAltNames: (c.subjectaltname ?? '').split(/,\s*/).filter(Boolean),
    issuer: dn(c.issuer),
    validFrom: iso(c.valid_from),
    validTo: iso(c.valid_to),
    fingerprint256: c.fingerprint256 ?? '',
    serialNumber: c.serialNumber ?? '',
  }
}

function tlsSummary(socket: tls.TLSSocket): TlsSummary {
  const cipher = socket.getCipher()
  const authError = socket.authorizationError as unknown as Error | string | null | undefined
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: cipher?.name ?? null,
    cipherStandardName: cipher?.standardName ?? null,
    certificate: certSummary(socket),
    verified: socket.authorized,
    verifyError: socket.authorized
      ? null
      : typeof authError === 'string'
        ? authError
        : ((authError as NodeJS.ErrnoException | undefined)?.code ??
          authError?.message ??
          'unknown'),
  }
}

const contexts = new Map<string, tls.SecureContext>()

/**
 * The client's TLS settings as a reusable context. Building one with extra CAs copies the whole
 * system store (`ca` replaces it, so the roots are passed again), which costs tens of
 * milliseconds; the same settings get the same context.
 */
function clientContext(
  limits: SmtpSessionInput['tls'],
  extraCa: string[] | undefined,
): tls.SecureContext {
  const key = JSON.stringify([limits?.minVersion, limits?.maxVersion, limits?.ciphers, extraCa])
  let ctx = contexts.get(key)
  if (!ctx) {
    ctx = tls.createSecureContext({
      minVersion: limits?.minVersion ?? 'TLSv1.2',
      ...(limits?.maxVersion ? { maxVersion: limits.maxVersion } : {}),
      ...(limits?.ciphers ? { ciphers: limits.ciphers } : {}),
      ...(extraCa?.length ? { ca: [...tls.rootCertificates, ...extraCa] } : {}),
    })
    if (contexts.size > 16) contexts.clear()
    contexts.set(key, ctx)
  }
  return ctx
}

/** `250-host Hello [203.0.113.7]` → `203.0.113.7` (Exchange Online's way of showing our public IP). */
export function echoedClientIp(greeting: string): string | null {
  const m = /\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]/.exec(greeting)
  const ip = m?.[1]
  return ip && net.isIP(ip) ? ip : null
}

function emptyData(input: SmtpSessionInput): SmtpSessionData {
  return {
    host: input.host,
    port: input.port,
    address: null,
    reached: null,
    banner: null,
    ehlo: null,
    starttls: null,
    tls: null,
    ehloTls: null,
    authMechanisms: [],
    authBeforeTls: [],
    sizeLimit: null,
    clientIpEchoed: null,
    discardedPlaintextBytes: 0,
    failure: null,
  }
}

export async function runSmtpSession(
  input: SmtpSessionInput,
  deps: ProbeDeps,
  signal?: AbortSignal,
): Promise<SmtpSessionOutcome> {
  const t0 = performance.now()
  const elapsed = () => performance.now() - t0
  const transcript = new Transcript(elapsed)
  const phases: ProbePhase[] = []
  const data = emptyData(input)
  const wire = new Wire()
  let socket: net.Socket | null = null
  let inTls = false
  let phaseTimer: NodeJS.Timeout | null = null
  let rejectPhase: ((e: SessionError) => void) | null = null

  /** Ends the session at once from outside the current phase (cancel, overall deadline). */
  let stopped: SessionError | null = null
  const stop = (e: SessionError) => {
    stopped ??= e
    rejectPhase?.(e)
    wire.cancelRead(e)
    socket?.destroy()
  }
  const onAbort = () => stop(new SessionError('cancelled', 'the check was cancelled'))
  signal?.addEventListener('abort', onAbort, { once: true })
  const deadlineMs = sessionDeadlineMs(input)
  const deadlineTimer = setTimeout(
    () =>
      stop(
        new SessionError(
          'deadline',
          `the check did not finish within its overall limit of ${seconds(deadlineMs)}`,
        ),
      ),
    deadlineMs,
  )

  /** Runs one phase under its own hard timeout; records its timing whether it succeeds or not. */
  const phase = async <T>(name: SmtpStopPoint, work: () => Promise<T>): Promise<T> => {
    if (signal?.aborted) throw new SessionError('cancelled', 'the check was cancelled')
    if (stopped) throw stopped
    const start = elapsed()
    try {
      return await new Promise<T>((resolve, reject) => {
        rejectPhase = reject
        phaseTimer = setTimeout(() => {
          const e = new SessionError(
            'timeout',
            `no answer within ${input.timeoutMs} ms (the limit for each step)`,
          )
          reject(e)
          wire.cancelRead(e)
        }, input.timeoutMs)
        work().then(resolve, reject)
      })
    } finally {
      if (phaseTimer) clearTimeout(phaseTimer)
      phaseTimer = null
      rejectPhase = null
      phases.push({ name, startMs: Math.round(start), durationMs: Math.round(elapsed() - start) })
    }
  }

  const send = (line: string) => {
    transcript.send(line, inTls)
    socket?.write(`${line}\r\n`)
  }

  const receive = async (): Promise<SmtpReply> => {
    const reply = await wire.read()
    transcript.recv(replyLines(reply), inTls)
    return reply
  }

  /** 421 at any point means the server is closing the session (RFC 5321 §3.8). */
  const expect = (reply: SmtpReply, ok: number, what: string): void => {
    if (reply.code === ok) return
    throw new SessionError(
      'rejected',
      `${what}: the server answered ${reply.code} ${clip(reply.lines[0] ?? '')}`,
      reply,
    )
  }

  const done = (name: SmtpStopPoint) => {
    data.reached = name
    return STOP_ORDER.indexOf(name) >= STOP_ORDER.indexOf(input.quitAfter)
  }

  const ehloSummary = (reply: SmtpReply): EhloSummary => parseEhlo(reply)

  try {
    // --- connect ------------------------------------------------------------------
    await phase('connect', async () => {
      let target = input.address
      if (!target) {
        if (net.isIP(input.host)) {
          target = { address: input.host, family: net.isIP(input.host) as 4 | 6 }
        } else {
          let found: ResolvedAddress[]
          try {
            found = await deps.lookup(input.host)
          } catch (e) {
            const c = classifySocketError(e)
            const silent = c.code !== null && DNS_NETWORK_ERRORS.has(c.code)
            throw new SessionError(
              'dns-error',
              silent
                ? `the DNS server did not answer for ${input.host} (${c.code})`
                : `${input.host} did not resolve (${c.code ?? c.message})`,
              null,
              c.code,
            )
          }
          target = found[0]
          if (!target) throw new SessionError('dns-error', `${input.host} resolved to no address`)
        }
      }
      data.address = target.address
      transcript.info(`connecting to ${target.address} port ${input.port}`, false)
      await new Promise<void>((resolve, reject) => {
        const s = net.connect({ host: target.address, port: input.port, family: target.family })
        socket = s
        s.setNoDelay(true)
        const onError = (e: Error) => {
          const c = classifySocketError(e)
          reject(new SessionError(c.kind, c.message, null, c.code))
        }
        s.once('error', onError)
        s.once('connect', () => {
          s.off('error', onError)
          wire.attach(s)
          resolve()
        })
      })
    })
    if (done('connect')) return finish()

    // --- banner (RFC 5321 §4.3.1: 220 ready, 554 no service) -----------------------
    await phase('banner', async () => {
      const reply = await receive()
      data.banner = summarizeReply(reply)
      expect(reply, 220, 'the greeting was a refusal')
    })
    if (done('banner')) return finish()

    // --- EHLO before TLS -------------------------------------------------------------
    await phase('ehlo', async () => {
      send(`EHLO ${input.ehloName}`)
      const reply = await receive()
      expect(reply, 250, 'EHLO was refused')
      data.ehlo = ehloSummary(reply)
      data.authBeforeTls = data.ehlo.capabilities['AUTH'] ?? []
      data.clientIpEchoed = echoedClientIp(data.ehlo.greeting)
    })
    if (done('ehlo')) return finish()

    // A device that sends to an MX may have no TLS at all: in 'when-offered' mode (never with a
    // secret to send) a server that does not offer STARTTLS is talked to in plaintext, as such a
    // device would be. Everywhere else a missing STARTTLS is a failure.
    if (input.tlsMode === 'when-offered' && !input.auth && !data.ehlo?.capabilities['STARTTLS']) {
      data.withoutTls = true
      transcript.info(
        'the server does not offer STARTTLS: going on without encryption, as a device without TLS would (nothing secret is sent)',
        false,
      )
      if (done('ehlo-tls')) return finish()
    } else {
      // --- STARTTLS (RFC 3207 §4: 220 go ahead, 454 TLS not available, 501 syntax) -----
      await phase('starttls', async () => {
        if (!data.ehlo?.capabilities['STARTTLS']) {
          throw new SessionError('no-starttls', 'the server does not offer STARTTLS')
        }
        send('STARTTLS')
        const reply = await receive()
        data.starttls = summarizeReply(reply)
        if (reply.code === 421) expect(reply, 220, 'the server ended the session')
        if (reply.code !== 220) {
          throw new SessionError(
            'starttls-refused',
            `STARTTLS was refused: ${reply.code} ${clip(reply.lines[0] ?? '')}`,
            reply,
          )
        }
      })
      if (done('starttls')) return finish()

      // --- TLS handshake -------------------------------------------------------------------
      await phase('tls', async () => {
        // RFC 3207 §6: anything the server sent after its 220 and before TLS is not trusted.
        const dropped = wire.detach()
        data.discardedPlaintextBytes = dropped
        if (dropped > 0) {
          transcript.error(
            `discarded ${dropped} bytes the server sent in plaintext after its STARTTLS reply (RFC 3207 §6)`,
            false,
          )
        }
        const plain = socket as net.Socket
        // Errors now surface on the TLS socket; keep a stray one on the raw socket from crashing us.
        plain.on('error', () => {})
        const tlsSocket = await new Promise<tls.TLSSocket>((resolve, reject) => {
          const t = tls.connect({
            socket: plain,
            host: input.host,
            ...(net.isIP(input.host) ? {} : { servername: input.host }),
            rejectUnauthorized: false,
            secureContext: clientContext(input.tls, deps.extraCa),
          })
          socket = t
          const onError = (e: Error) => {
            // OpenSSL messages carry file paths and hex; its `reason` is the readable part.
            const code = (e as NodeJS.ErrnoException).code ?? null
            const reason = (e as Error & { reason?: string }).reason ?? e.message
            reject(
              new SessionError(
                'tls-handshake',
                `the TLS handshake failed: ${reason}${code ? ` (${code})` : ''}`,
                null,
                code,
              ),
            )
          }
          t.once('error', onError)
          t.once('secureConnect', () => {
            t.off('error', onError)
            resolve(t)
          })
        })
        inTls = true
        data.tls = tlsSummary(tlsSocket)
        const cert = data.tls.certificate
        transcript.info(
          `TLS started: ${data.tls.protocol ?? '?'} ${data.tls.cipherStandardName ?? data.tls.cipher ?? ''}; ` +
            `certificate ${cert?.subject ?? '(none)'}; ${data.tls.verified ? 'verified' : `NOT verified: ${data.tls.verifyError}`}`,
          true,
        )
        wire.attach(tlsSocket)
      })
      if (done('tls')) return finish()

      // --- EHLO again over TLS (RFC 3207 §4.2: forget what was learnt before TLS) -----------
      await phase('ehlo-tls', async () => {
        send(`EHLO ${input.ehloName}`)
        const reply = await receive()
        expect(reply, 250, 'EHLO over TLS was refused')
        data.ehloTls = ehloSummary(reply)
        data.authMechanisms = data.ehloTls.capabilities['AUTH'] ?? []
        const size = Number(data.ehloTls.capabilities['SIZE']?.[0])
        data.sizeLimit = Number.isFinite(size) && size > 0 ? size : null
        data.clientIpEchoed = echoedClientIp(data.ehloTls.greeting) ?? data.clientIpEchoed
      })
      if (done('ehlo-tls')) return finish()
    }

    // --- The trust gate: nothing past this point over a certificate that did not verify -------
    // A TLS-inspecting firewall or a man in the middle would collect the password or token.
    if (!data.withoutTls && !data.tls?.verified) {
      const what = input.auth
        ? input.auth.kind === 'token'
          ? 'the sign-in token was not sent'
          : 'the password was not sent'
        : 'no message was sent'
      throw new SessionError(
        'untrusted-certificate',
        `stopped before ${input.auth ? 'signing in' : 'sending'}: the certificate did not verify (${data.tls?.verifyError ?? 'unknown'}); ${what}`,
        null,
        data.tls?.verifyError ?? null,
      )
    }

    // --- AUTH (RFC 4954): the secret goes out once and is never recorded ------------------------
    const tx: NonNullable<SmtpSessionData['transaction']> = {
      mechanism: null,
      auth: null,
      mailFrom: null,
      rcptTo: null,
      data: null,
    }
    data.transaction = tx
    const creds = input.auth
    if (creds) {
      await phase('auth', async () => {
        // Checked before anything else: a field that would break its framing is never sent.
        const problem = credentialsProblem(creds.username, creds.secret, creds.kind)
        if (problem) throw new SessionError('bad-credential', problem)
        const mech = chooseMechanism(creds, data.authMechanisms)
        if (!mech) {
          throw new SessionError(
            'no-auth-mechanism',
            `the server offers AUTH ${data.authMechanisms.join(' ') || '(none)'}, not ${creds.mechanism === 'auto' ? (creds.kind === 'token' ? 'XOAUTH2' : 'LOGIN or PLAIN') : creds.mechanism}`,
          )
        }
        tx.mechanism = mech
        // The encoders repeat the checks above, so they cannot refuse what passed them.
        const encoded: { initial: string } | { user: string; password: string } =
          mech === 'LOGIN'
            ? saslLogin(creds.username, creds.secret)
            : mech === 'PLAIN'
              ? { initial: saslPlain(creds.username, creds.secret) }
              : { initial: saslXoauth2(creds.username, creds.secret) }
        let reply: SmtpReply
        if ('user' in encoded) {
          send('AUTH LOGIN')
          reply = await receive()
          if (reply.code === 334) {
            transcript.send(`[user name ${creds.username}]`, inTls)
            socket?.write(`${encoded.user}\r\n`)
            reply = await receive()
            if (reply.code === 334) {
              transcript.sendSecret(inTls)
              socket?.write(`${encoded.password}\r\n`)
              reply = await receive()
            }
          }
        } else {
          // PLAIN (RFC 4616) and XOAUTH2 send the credentials as an initial response, which
          // the transcript redacts as it records the line.
          send(`AUTH ${mech} ${encoded.initial}`)
          reply = await receive()
          // XOAUTH2 failure: the server sends a 334 with an error document; an empty line ends it.
          if (mech === 'XOAUTH2' && reply.code === 334) {
            send('')
            reply = await receive()
          }
        }
        tx.auth = summarizeReply(reply)
        if (reply.code !== 235) {
          throw new SessionError(
            'auth-failed',
            `the sign-in was refused: ${reply.code} ${clip(reply.lines[0] ?? '')}`,
            reply,
          )
        }
      })
    }
    if (done('auth')) return finish()

    const m = input.message
    if (!m) throw new SessionError('protocol', 'no test message was given')
    await phase('mail', async () => {
      send(`MAIL FROM:<${oneLine(m.from)}>`)
      const reply = await receive()
      tx.mailFrom = summarizeReply(reply)
      expect(reply, 250, 'the sender was refused')
    })
    if (done('mail')) return finish()
    await phase('rcpt', async () => {
      send(`RCPT TO:<${oneLine(m.to)}>`)
      const reply = await receive()
      tx.rcptTo = summarizeReply(reply)
      if (reply.code !== 250 && reply.code !== 251) expect(reply, 250, 'the recipient was refused')
    })
    if (done('rcpt')) return finish()
    await phase('data', async () => {
      send('DATA')
      const go = await receive()
      expect(go, 354, 'DATA was refused')
      const text = formatTestMessage(m, new Date())
      transcript.info(
        `(message: ${Buffer.byteLength(text)} bytes, subject "${clip(oneLine(m.subject), 80)}")`,
        inTls,
      )
      socket?.write(text)
      const reply = await receive()
      tx.data = summarizeReply(reply)
      expect(reply, 250, 'the message was refused')
    })
    done('data')
    return finish()
  } catch (e) {
    const failure: SmtpFailure =
      e instanceof SessionError
        ? {
            phase: nextPhase(data.reached),
            kind: e.kind,
            message: e.message,
            errorCode: e.code,
            reply: e.reply ? summarizeReply(e.reply) : null,
          }
        : {
            phase: nextPhase(data.reached),
            kind: 'closed',
            message: e instanceof Error ? e.message : String(e),
            errorCode: null,
            reply: null,
          }
    data.failure = failure
    transcript.error(`stopped at ${failure.phase}: ${failure.message}`, inTls)
    return finish()
  }

  function finish(): SmtpSessionOutcome {
    clearTimeout(deadlineTimer)
    signal?.removeEventListener('abort', onAbort)
    wire.detach()
    const s = socket
    if (s && !s.destroyed) {
      if (!data.failure && data.reached !== 'connect') {
        // Polite end; we do not wait for the 221 (no round trip is spent on it), and a server
        // that never closes is cut off after a short grace.
        transcript.send('QUIT', inTls)
        s.on('error', () => {})
        s.end('QUIT\r\n')
        setTimeout(() => s.destroy(), QUIT_GRACE_MS).unref()
      } else {
        s.destroy()
      }
    }
    return { data, phases, transcript: transcript.finish(), durationMs: Math.round(elapsed()) }
  }
}

function nextPhase(reached: SmtpStopPoint | null): SmtpStopPoint {
  if (reached === null) return 'connect'
  return STOP_ORDER[Math.min(STOP_ORDER.indexOf(reached) + 1, STOP_ORDER.length - 1)] ?? 'ehlo-tls'
}
