/**
 * Capture mode's listener: a throwaway SMTP server the technician points the device at, to see
 * what it really does (EHLO name, STARTTLS or not, TLS version and cipher, AUTH mechanism,
 * envelope, attachments). It accepts everything a device may send and keeps facts only: the
 * message is discarded and the password is reduced to its length.
 *
 * Runtime dependencies: smtp-server and selfsigned (both devDependencies today).
 */
import { generateKeyPair } from 'node:crypto'
import { isIP } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { promisify } from 'node:util'

import { generate } from 'selfsigned'
import { SMTPServer } from 'smtp-server'
import type { SMTPServerAuthentication, SMTPServerSession } from 'smtp-server'

import type {
  CaptureEvent,
  CaptureListenerKind,
  CaptureMessage,
  CaptureSession,
} from '../../shared/capture-types'
import { MimeScanner } from './mime-scan'

export interface StartCaptureOptions {
  /**
   * The laptop's own address on the device's network. Required and never a wildcard: a capture
   * accepts any password, so it must not be reachable from networks other than the device's.
   */
  host: string
  /** Plain/STARTTLS listener; 0 picks a free port (tests). */
  port: number
  /** Implicit-TLS listener for devices that only do "SSL" on 465. */
  implicitTlsPort?: number
  /** The listeners stop by themselves after this long. */
  timeoutMs: number
  onEvent?: (event: CaptureEvent) => void
}

export interface CaptureAddresses {
  host: string
  port: number
  implicitTlsPort: number | null
}

export interface CaptureHandle {
  sessions(): CaptureSession[]
  stop(): Promise<void>
  addresses: CaptureAddresses
  /** Resolves once the capture has stopped, by timeout or stop(). */
  stopped: Promise<'timeout' | 'stopped'>
}

export type CaptureListenErrorCode =
  'needs-admin' | 'port-in-use' | 'address-not-available' | 'invalid-host' | 'listen-failed'

export class CaptureListenError extends Error {
  constructor(
    readonly code: CaptureListenErrorCode,
    message: string,
    readonly port: number | null = null,
  ) {
    super(message)
    this.name = 'CaptureListenError'
  }
}

const FALLBACK_PORT = 2525
const MAX_COMMANDS = 100
const MAX_SESSIONS = 500

/** Turns a listen() failure into words a technician can act on. */
export function explainListenError(err: unknown, host: string, port: number): CaptureListenError {
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (code === 'EACCES' || code === 'EPERM')
    return new CaptureListenError(
      'needs-admin',
      `Cannot listen on port ${port}: ports below 1024 need administrator rights: use ${FALLBACK_PORT} and set the device's SMTP port to ${FALLBACK_PORT}.`,
      port,
    )
  if (code === 'EADDRINUSE')
    return new CaptureListenError(
      'port-in-use',
      `Port ${port} on ${host} is already in use by another program (a mail server, or another capture): pick another port, e.g. ${FALLBACK_PORT}, and set the device's SMTP port to it.`,
      port,
    )
  if (code === 'EADDRNOTAVAIL')
    return new CaptureListenError(
      'address-not-available',
      `${host} is not an address of this computer: use the laptop's own address on the device's network.`,
      port,
    )
  const detail = err instanceof Error ? err.message : String(err)
  return new CaptureListenError(
    'listen-failed',
    `Cannot listen on ${host}:${port}: ${detail}`,
    port,
  )
}

function checkHost(host: string): void {
  if (isIP(host) === 0)
    throw new CaptureListenError(
      'invalid-host',
      `"${host}" is not an IP address: give the laptop's address on the device's network.`,
    )
  if (host === '0.0.0.0' || host === '::' || /^0+(\.0+){3}$/.test(host) || /^[0:]+$/.test(host))
    throw new CaptureListenError(
      'invalid-host',
      "A capture accepts any password, so it only listens on the laptop's address on the device's network, never on all interfaces.",
    )
}

const generateKeyPairAsync = promisify(generateKeyPair)

/**
 * A fresh self-signed certificate for each capture, so no key outlives it. RSA, not ECDSA,
 * because old devices (the ones we most need to see) often have no ECDSA cipher suites.
 */
export async function generateCaptureCertificate(
  host: string,
): Promise<{ key: string; cert: string }> {
  const keys = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  const now = Date.now()
  const result = await generate([{ name: 'commonName', value: 'ScanPath capture' }], {
    algorithm: 'sha256',
    keyPair: keys,
    notBeforeDate: new Date(now - 60 * 60 * 1000),
    notAfterDate: new Date(now + 2 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: host }] },
    ],
  })
  return { key: keys.privateKey, cert: result.cert }
}

function emptyMessage(): CaptureMessage {
  return { mailFrom: null, rcptTo: [], size: 0, attachments: [], complete: false }
}

function secretLength(auth: SMTPServerAuthentication): number | null {
  if (typeof auth.password === 'string') return auth.password.length
  if (typeof auth.accessToken === 'string') return auth.accessToken.length
  return null
}

export async function startCapture(opts: StartCaptureOptions): Promise<CaptureHandle> {
  checkHost(opts.host)
  const { key, cert } = await generateCaptureCertificate(opts.host)
  const records = new Map<string, CaptureSession>()
  const emit = (event: CaptureEvent): void => {
    try {
      opts.onEvent?.(event)
    } catch {
      // A failing observer must not take the listener (and the device's session) down.
    }
  }
  const snapshot = (s: CaptureSession): CaptureSession => structuredClone(s)
  const updated = (s: CaptureSession): void =>
    emit({ kind: 'session-updated', session: snapshot(s) })

  const record = (session: SMTPServerSession, listener: CaptureListenerKind): CaptureSession => {
    let s = records.get(session.id)
    if (!s) {
      s = {
        id: session.id,
        listener,
        localPort: session.localPort,
        remoteAddress: session.remoteAddress,
        remotePort: session.remotePort,
        ehloName: null,
        greeting: null,
        transport: listener === 'implicit-tls' ? 'implicit-tls' : 'plaintext',
        starttlsAttempted: false,
        tls: null,
        auth: [],
        messages: [],
        commands: [],
        startedAt: new Date().toISOString(),
        endedAt: null,
      }
      // Bounded so a flood of connections cannot grow memory without end.
      if (records.size >= MAX_SESSIONS) {
        const oldest = records.keys().next().value
        if (oldest !== undefined) records.delete(oldest)
      }
      records.set(session.id, s)
    }
    return s
  }

  const currentMessage = (s: CaptureSession): CaptureMessage => {
    const last = s.messages[s.messages.length - 1]
    if (last && !last.complete && last.size === 0) return last
    const m = emptyMessage()
    s.messages.push(m)
    return m
  }

  const makeServer = (listener: CaptureListenerKind): SMTPServer => {
    const secure = listener === 'implicit-tls'
    // smtp-server resets session.hostNameAppearsAs when STARTTLS completes, so the EHLO name
    // and the STARTTLS attempt are read from its command log, keyed by connection id (verbs and
    // hostnames only: it already redacts AUTH arguments, and we keep no arguments but EHLO's).
    const onCommand = (entry: unknown, _msg?: unknown, line?: unknown): void => {
      const e = entry as { tnx?: unknown; cid?: unknown; command?: unknown } | null
      if (!e || e.tnx !== 'command' || typeof e.cid !== 'string') return
      const s = records.get(e.cid)
      if (!s) return
      const verb = typeof e.command === 'string' ? e.command.slice(0, 16) : '?'
      if (s.commands.length < MAX_COMMANDS) s.commands.push(verb)
      if (verb === 'STARTTLS') s.starttlsAttempted = true
      if ((verb === 'EHLO' || verb === 'HELO') && typeof line === 'string') {
        const name = line.trim().split(/\s+/)[1]
        s.greeting = verb
        s.ehloName = name ? name.slice(0, 255) : null
      }
      updated(s)
    }
    const server = new SMTPServer({
      secure,
      key,
      cert,
      // Old devices are what a capture is for: accept TLS 1.0/1.1 and their ciphers so they are
      // seen and named in the verdict rather than refused at the handshake.
      minVersion: 'TLSv1',
      ciphers: 'DEFAULT:@SECLEVEL=0',
      name: 'scanpath-capture',
      banner: 'ScanPath capture: messages are recorded as facts and discarded',
      hideSTARTTLS: false,
      authOptional: true,
      allowInsecureAuth: true,
      disableReverseLookup: true,
      // Exchange Online offers LOGIN and XOAUTH2; the rest are listed too so that a device that
      // insists on them is accepted and seen rather than refused.
      authMethods: ['LOGIN', 'XOAUTH2', 'PLAIN', 'CRAM-MD5'],
      size: 0,
      closeTimeout: 1000,
      logger: { debug: onCommand, info: () => {}, warn: () => {}, error: () => {} },
      onConnect(session, callback) {
        const s = record(session, listener)
        emit({ kind: 'session-started', session: snapshot(s) })
        callback()
      },
      onSecure(socket, session, callback) {
        const s = record(session, listener)
        const tlsSocket = socket as TLSSocket
        const cipher = typeof tlsSocket.getCipher === 'function' ? tlsSocket.getCipher() : null
        s.tls = {
          protocol: typeof tlsSocket.getProtocol === 'function' ? tlsSocket.getProtocol() : null,
          cipher: cipher?.name ?? null,
        }
        s.transport = secure ? 'implicit-tls' : 'starttls'
        updated(s)
        callback()
      },
      onAuth(auth, session, callback) {
        const s = record(session, listener)
        const length = secretLength(auth)
        s.auth.push({
          mechanism: String(auth.method).toUpperCase(),
          username: typeof auth.username === 'string' ? auth.username.slice(0, 320) : null,
          // CRAM-MD5 sends a digest, not the password: received, length unknown.
          secret: { received: length !== null || auth.method === 'CRAM-MD5', length },
        })
        updated(s)
        callback(null, { user: auth.username ?? 'device' })
      },
      onMailFrom(address, session, callback) {
        const s = record(session, listener)
        const m = emptyMessage()
        m.mailFrom = address.address.slice(0, 320)
        s.messages.push(m)
        updated(s)
        callback()
      },
      onRcptTo(address, session, callback) {
        const s = record(session, listener)
        const m = currentMessage(s)
        if (m.rcptTo.length < 100) m.rcptTo.push(address.address.slice(0, 320))
        updated(s)
        callback()
      },
      onData(stream, session, callback) {
        const s = record(session, listener)
        const m = currentMessage(s)
        const scanner = new MimeScanner()
        stream.on('data', (chunk: Buffer) => {
          m.size += chunk.length
          scanner.push(chunk)
        })
        stream.on('error', () => {})
        stream.on('end', () => {
          m.attachments = scanner.end()
          m.complete = true
          updated(s)
          callback(null, 'Captured by ScanPath: recorded and discarded')
        })
      },
      onClose(session) {
        const s = records.get(session.id)
        if (!s) return
        s.endedAt = new Date().toISOString()
        emit({ kind: 'session-ended', session: snapshot(s) })
      },
    })
    // Connection-level errors (failed handshakes, resets, garbage) arrive here; without a
    // listener the EventEmitter would throw and end the capture.
    server.on('error', () => {})
    return server
  }

  const listen = (server: SMTPServer, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const onError = (err: unknown): void => reject(explainListenError(err, opts.host, port))
      server.server.once('error', onError)
      server.server.listen(port, opts.host, () => {
        server.server.off('error', onError)
        const addr = server.server.address()
        resolve(typeof addr === 'object' && addr ? addr.port : port)
      })
    })

  const closeServer = (server: SMTPServer): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve())
    })

  const main = makeServer('submission')
  const port = await listen(main, opts.port)
  let implicit: SMTPServer | null = null
  let implicitTlsPort: number | null = null
  if (opts.implicitTlsPort !== undefined) {
    implicit = makeServer('implicit-tls')
    try {
      implicitTlsPort = await listen(implicit, opts.implicitTlsPort)
    } catch (e) {
      await closeServer(main)
      throw e
    }
  }

  let resolveStopped: (r: 'timeout' | 'stopped') => void = () => {}
  const stopped = new Promise<'timeout' | 'stopped'>((r) => (resolveStopped = r))
  let stopping: Promise<void> | null = null
  const stopWith = (reason: 'timeout' | 'stopped'): Promise<void> => {
    if (stopping) return stopping
    clearTimeout(timer)
    stopping = Promise.all([closeServer(main), implicit ? closeServer(implicit) : undefined]).then(
      () => {
        emit({ kind: 'stopped', reason })
        resolveStopped(reason)
      },
    )
    return stopping
  }
  const timer = setTimeout(() => void stopWith('timeout'), opts.timeoutMs)

  return {
    sessions: () => [...records.values()].map(snapshot),
    stop: () => stopWith('stopped'),
    addresses: { host: opts.host, port, implicitTlsPort },
    stopped,
  }
}
