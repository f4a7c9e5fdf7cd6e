/**
 * The relay's device side: an SMTP listener (smtp-server, as capture mode) on the configured LAN
 * address. It refuses any peer outside the allowlist, any sign-in that does not match a device's
 * scrypt hash, any MAIL FROM outside `senders`, and messages over Exchange Online's limits, with
 * the codes Exchange would use; it answers 250 only once the spool has the message on disk.
 */
import type { TLSSocket } from 'node:tls'

import { SMTPServer } from 'smtp-server'
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server'

import type { LoadedRelayConfig } from './config'
import { inAnyRange } from './ip-ranges'
import { verifyPassword } from './password-hash'
import { MessageTooLargeError, type Spool, type SpoolRecord } from './spool'

export type InboundEvent =
  | {
      kind: 'refused'
      remoteAddress: string
      stage: 'connect' | 'auth' | 'mail-from' | 'rcpt-to' | 'data'
      reply: string
    }
  | {
      kind: 'accepted'
      remoteAddress: string
      record: SpoolRecord
      tls: string | null
      user: string | null
    }

export interface InboundOptions {
  config: LoadedRelayConfig
  spool: Spool
  tls: { key: string; cert: string }
  onEvent: (event: InboundEvent) => void
  /** A message was queued: the forwarder may start on it. */
  onQueued: (record: SpoolRecord) => void
  /** A device signed in with this password: it is hidden wherever it might be echoed. */
  onSecret?: (secret: string) => void
}

export interface InboundListener {
  address: string
  port: number
  close(): Promise<void>
}

/** An smtp-server refusal: replied as `code text` (enhanced codes are written by us). */
function refusal(code: number, text: string): Error & { responseCode: number } {
  return Object.assign(new Error(text), { responseCode: code })
}

const NOT_ALLOWED = '5.7.1 Client host not allowed to relay through this server'

/**
 * A connection from the relay's own machine: to the address it listens on, from that same
 * address. It is trusted as a device would be (whoever can run a program there can read the
 * relay's secrets anyway); `scanpath relay test` sends from here. Any other address, loopback
 * included, goes through the allowlist.
 */
function fromThisMachine(session: SMTPServerSession): boolean {
  const bare = (a: string) => a.replace(/^::ffff:/, '')
  return bare(session.remoteAddress) === bare(session.localAddress)
}

export async function startInbound(opts: InboundOptions): Promise<InboundListener> {
  const { config, spool, onEvent } = opts
  const mode = config.tls.mode
  const senders = new Set(config.senders.map((s) => s.toLowerCase()))
  const hashes = new Map(config.devices.map((d) => [d.username.toLowerCase(), d.passwordHash]))
  const authRequired = config.devices.length > 0
  const refused = (
    session: SMTPServerSession,
    stage: Extract<InboundEvent, { kind: 'refused' }>['stage'],
    code: number,
    text: string,
  ) => {
    onEvent({
      kind: 'refused',
      remoteAddress: session.remoteAddress,
      stage,
      reply: `${code} ${text}`,
    })
    return refusal(code, text)
  }
  const tlsVersion = new Map<string, string | null>()

  const server = new SMTPServer({
    secure: false,
    key: opts.tls.key,
    cert: opts.tls.cert,
    // The LAN hop is what old devices need: TLS 1.0/1.1 and their ciphers, as capture mode. The
    // hop to Microsoft 365 is TLS 1.2+ whatever happens here (forwarder.ts).
    minVersion: 'TLSv1',
    ciphers: 'DEFAULT:@SECLEVEL=0',
    name: 'scanpath-relay',
    banner: 'ScanPath Relay',
    hideSTARTTLS: mode === 'none',
    disabledCommands: [...(mode === 'none' ? ['STARTTLS'] : []), ...(authRequired ? [] : ['AUTH'])],
    // Our replies carry their own enhanced codes (5.7.1, 4.5.3), as Exchange's do.
    hideENHANCEDSTATUSCODES: true,
    // Required sign-ins are enforced at MAIL FROM (below), so this machine's own test message
    // (`scanpath relay test`) can pass without a device password.
    authOptional: true,
    // A password only after STARTTLS, unless the site chose plaintext for devices without TLS.
    allowInsecureAuth: mode === 'none',
    authMethods: ['PLAIN', 'LOGIN'],
    disableReverseLookup: true,
    size: config.limits.maxMessageBytes,
    maxClients: 50,
    closeTimeout: 2000,
    logger: false,
    onConnect(session, callback) {
      if (
        config.allowRanges.length > 0 &&
        !fromThisMachine(session) &&
        !inAnyRange(config.allowRanges, session.remoteAddress)
      ) {
        callback(refused(session, 'connect', 550, NOT_ALLOWED))
        return
      }
      callback()
    },
    onSecure(socket, session, callback) {
      const s = socket as TLSSocket
      tlsVersion.set(session.id, typeof s.getProtocol === 'function' ? s.getProtocol() : null)
      callback()
    },
    onAuth(auth, session, callback) {
      const user = typeof auth.username === 'string' ? auth.username : ''
      const password = typeof auth.password === 'string' ? auth.password : ''
      void verifyPassword(password, hashes.get(user.toLowerCase()) ?? null).then(
        (ok) => {
          if (ok) {
            opts.onSecret?.(password)
            callback(null, { user })
          } else callback(refused(session, 'auth', 535, '5.7.8 Authentication unsuccessful'))
        },
        () => callback(refused(session, 'auth', 454, '4.7.0 Temporary authentication failure')),
      )
    },
    onMailFrom(address, session, callback) {
      if (mode === 'starttls-required' && !session.secure) {
        callback(refused(session, 'mail-from', 530, '5.7.0 Must issue a STARTTLS command first'))
        return
      }
      if (authRequired && !session.user && !fromThisMachine(session)) {
        callback(refused(session, 'mail-from', 530, '5.7.57 Client was not authenticated'))
        return
      }
      if (!senders.has(address.address.toLowerCase())) {
        callback(
          refused(
            session,
            'mail-from',
            550,
            `5.7.1 ${address.address} is not allowed to send through this relay`,
          ),
        )
        return
      }
      callback()
    },
    onRcptTo(_address, session, callback) {
      if (session.envelope.rcptTo.length >= config.limits.maxRecipients) {
        callback(
          refused(
            session,
            'rcpt-to',
            452,
            `4.5.3 Too many recipients (at most ${config.limits.maxRecipients} per message)`,
          ),
        )
        return
      }
      callback()
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const from = session.envelope.mailFrom
      spool
        .accept(
          stream,
          {
            mailFrom: from ? from.address : '',
            rcptTo: session.envelope.rcptTo.map((r) => r.address),
            clientAddress: session.remoteAddress,
          },
          config.limits.maxMessageBytes,
          () => stream.sizeExceeded,
        )
        .then(
          (record) => {
            // The device hears 250 first; the log line and the forwarder's wake-up come after.
            callback(null, `2.6.0 ${record.messageId} Queued mail for delivery`)
            onEvent({
              kind: 'accepted',
              remoteAddress: session.remoteAddress,
              record,
              tls: tlsVersion.get(session.id) ?? null,
              user: typeof session.user === 'string' ? session.user : null,
            })
            opts.onQueued(record)
          },
          (e: unknown) => {
            // Drain what is left so the session can go on.
            stream.resume()
            if (e instanceof MessageTooLargeError) {
              callback(
                refused(
                  session,
                  'data',
                  552,
                  '5.3.4 Message size exceeds fixed maximum message size',
                ),
              )
              return
            }
            const detail = e instanceof Error ? e.message : String(e)
            callback(
              refused(
                session,
                'data',
                451,
                `4.3.0 The relay could not queue the message (${detail})`,
              ),
            )
          },
        )
    },
    onClose(session) {
      tlsVersion.delete(session.id)
    },
  })
  server.on('error', () => {})

  const { address, port } = config.listen
  const bound = await new Promise<number>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const why =
        err.code === 'EADDRINUSE'
          ? `port ${port} on ${address} is already in use by another program`
          : err.code === 'EADDRNOTAVAIL'
            ? `${address} is not an address of this computer`
            : err.code === 'EACCES'
              ? `port ${port} needs administrator rights (use 2525 or another port above 1024)`
              : err.message
      reject(new Error(`listen.address/listen.port: cannot listen on ${address}:${port}: ${why}`))
    }
    server.server.once('error', onError)
    server.server.listen(port, address, () => {
      server.server.off('error', onError)
      const a = server.server.address()
      resolve(typeof a === 'object' && a ? a.port : port)
    })
  })

  return {
    address,
    port: bound,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
