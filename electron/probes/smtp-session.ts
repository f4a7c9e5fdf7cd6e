/**
 * One SMTP session as a small state machine with named stop points, in the manner of swaks'
 * `--quit-after`: connect → banner → ehlo → starttls → tls → ehlo-tls. It records what the server
 * said (banner, capabilities before and after TLS, the STARTTLS reply, the negotiated TLS and the
 * certificate, the client IP echoed in the EHLO greeting), a transcript, and per-phase timings.
 *
 * Rules it keeps (the parts that keep them are named):
 * - every phase has a hard timeout, the whole session an overall deadline (by default a small
 *   multiple of the phase timeout, so a slow-but-alive server cannot hold it for steps × timeout),
 *   and an AbortSignal ends the whole session at once (smtp-phase-clock.ts);
 * - replies are assembled at line boundaries with caps on line and reply size (smtp-wire.ts,
 *   smtp-reply.ts);
 * - a missing or failed STARTTLS is a failure, never a silent plaintext continuation;
 * - bytes received after the STARTTLS reply and before TLS are discarded (RFC 3207 §6), and
 *   capabilities learnt before TLS are forgotten and asked for again over TLS (RFC 3207 §4.2);
 * - the certificate is always inspected (rejectUnauthorized: false) and judged afterwards, so a
 *   bad certificate is reported with its details instead of a bare handshake error (smtp-tls.ts);
 * - nothing goes past EHLO over TLS (no AUTH, so no password or token; no MAIL) unless the
 *   certificate verified for the host name asked for: the session stops there instead. There is
 *   no switch to skip this; a private CA is trusted through deps.extraCa (NODE_EXTRA_CA_CERTS).
 */
import type { Socket } from 'node:net'

import type {
  ProbePhase,
  SmtpSessionData,
  SmtpStopPoint,
  TranscriptLine,
} from '../../shared/probe-types'
import type { ProbeDeps, ResolvedAddress } from './probe-deps'
import { chooseMechanism, credentialsProblem, type SaslMechanism, saslResponses } from './sasl'
import { SmtpSessionError, sessionFailure } from './smtp-failure'
import { isAtOrPast, nextPhase, PhaseClock } from './smtp-phase-clock'
import {
  clip,
  echoedClientIp,
  parseEhlo,
  replyLines,
  type SmtpReply,
  summarizeReply,
} from './smtp-reply'
import { formatTestMessage, oneLine, type SmtpTestMessage } from './smtp-test-message'
import { describeTls, type TlsLimits, tlsSummary, upgradeToTls } from './smtp-tls'
import { resolveTarget, Wire } from './smtp-wire'
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
  tls?: TlsLimits
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
  mechanism: 'auto' | SaslMechanism
  username: string
  /** The password, or the OAuth access token for XOAUTH2. Never recorded anywhere. */
  secret: string
  kind: 'password' | 'token'
}

export interface SmtpSessionOutcome {
  data: SmtpSessionData
  phases: ProbePhase[]
  transcript: TranscriptLine[]
  durationMs: number
}

/** Time allowed for the server to see our QUIT before the socket is destroyed. */
const QUIT_GRACE_MS = 1000

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
  const data = emptyData(input)
  const wire = new Wire()
  let socket: Socket | null = null
  let inTls = false
  const clock = new PhaseClock(
    input,
    elapsed,
    {
      onPhaseTimeout: (e) => wire.cancelRead(e),
      onStop: (e) => {
        wire.cancelRead(e)
        socket?.destroy()
      },
    },
    signal,
  )
  const phase = <T>(name: SmtpStopPoint, work: () => Promise<T>): Promise<T> =>
    clock.run(name, work)

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
    throw new SmtpSessionError(
      'rejected',
      `${what}: the server answered ${reply.code} ${clip(reply.lines[0] ?? '')}`,
      reply,
    )
  }

  /** Records the phase as reached; true when it is where the caller asked to stop. */
  const done = (name: SmtpStopPoint) => {
    data.reached = name
    return isAtOrPast(name, input.quitAfter)
  }

  try {
    // --- connect ------------------------------------------------------------------
    await phase('connect', async () => {
      const target = await resolveTarget(input.host, input.address, deps)
      data.address = target.address
      transcript.info(`connecting to ${target.address} port ${input.port}`, false)
      await wire.connect(target, input.port, (s) => (socket = s))
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
      data.ehlo = parseEhlo(reply)
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
          throw new SmtpSessionError('no-starttls', 'the server does not offer STARTTLS')
        }
        send('STARTTLS')
        const reply = await receive()
        data.starttls = summarizeReply(reply)
        if (reply.code === 421) expect(reply, 220, 'the server ended the session')
        if (reply.code !== 220) {
          throw new SmtpSessionError(
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
        const tlsSocket = await upgradeToTls(
          socket as Socket,
          { host: input.host, limits: input.tls, extraCa: deps.extraCa },
          (t) => (socket = t),
        )
        inTls = true
        data.tls = tlsSummary(tlsSocket)
        transcript.info(describeTls(data.tls), true)
        wire.attach(tlsSocket)
      })
      if (done('tls')) return finish()

      // --- EHLO again over TLS (RFC 3207 §4.2: forget what was learnt before TLS) -----------
      await phase('ehlo-tls', async () => {
        send(`EHLO ${input.ehloName}`)
        const reply = await receive()
        expect(reply, 250, 'EHLO over TLS was refused')
        data.ehloTls = parseEhlo(reply)
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
      throw new SmtpSessionError(
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
        if (problem) throw new SmtpSessionError('bad-credential', problem)
        const mech = chooseMechanism(creds, data.authMechanisms)
        if (!mech) {
          throw new SmtpSessionError(
            'no-auth-mechanism',
            `the server offers AUTH ${data.authMechanisms.join(' ') || '(none)'}, not ${creds.mechanism === 'auto' ? (creds.kind === 'token' ? 'XOAUTH2' : 'LOGIN or PLAIN') : creds.mechanism}`,
          )
        }
        tx.mechanism = mech
        // The encoders repeat the checks above, so they cannot refuse what passed them.
        const encoded = saslResponses(mech, creds.username, creds.secret)
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
          throw new SmtpSessionError(
            'auth-failed',
            `the sign-in was refused: ${reply.code} ${clip(reply.lines[0] ?? '')}`,
            reply,
          )
        }
      })
    }
    if (done('auth')) return finish()

    // --- The test message (RFC 5321 §3.3): MAIL, RCPT, DATA ---------------------------------------
    const m = input.message
    if (!m) throw new SmtpSessionError('protocol', 'no test message was given')
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
    const failure = sessionFailure(e, nextPhase(data.reached))
    data.failure = failure
    transcript.error(`stopped at ${failure.phase}: ${failure.message}`, inTls)
    return finish()
  }

  function finish(): SmtpSessionOutcome {
    clock.dispose()
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
    return {
      data,
      phases: clock.phases,
      transcript: transcript.finish(),
      durationMs: Math.round(elapsed()),
    }
  }
}
