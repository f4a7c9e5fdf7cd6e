/**
 * The wire of an SMTP session: where to connect, the TCP connection, and the replies read off
 * whichever socket is current, with every byte received accounted for.
 */
import net from 'node:net'

import { DNS_NETWORK_ERRORS } from './dns-client'
import type { ProbeDeps, ResolvedAddress } from './probe-deps'
import { SmtpSessionError } from './smtp-failure'
import { ReplyParser, type SmtpReply } from './smtp-reply'
import { classifySocketError } from './socket-error'

/**
 * Where to connect: the address given, the host itself when it is an IP address, else the first
 * address it resolves to. A lookup that fails is a `dns-error`, worded by whether DNS answered.
 */
export async function resolveTarget(
  host: string,
  address: ResolvedAddress | undefined,
  deps: ProbeDeps,
): Promise<ResolvedAddress> {
  let target = address
  if (!target) {
    if (net.isIP(host)) {
      target = { address: host, family: net.isIP(host) as 4 | 6 }
    } else {
      let found: ResolvedAddress[]
      try {
        found = await deps.lookup(host)
      } catch (e) {
        const c = classifySocketError(e)
        const silent = c.code !== null && DNS_NETWORK_ERRORS.has(c.code)
        throw new SmtpSessionError(
          'dns-error',
          silent
            ? `the DNS server did not answer for ${host} (${c.code})`
            : `${host} did not resolve (${c.code ?? c.message})`,
          null,
          c.code,
        )
      }
      target = found[0]
      if (!target) throw new SmtpSessionError('dns-error', `${host} resolved to no address`)
    }
  }
  return target
}

/**
 * Reads replies off whichever socket is current (plain, then TLS), counting the bytes it received
 * and the bytes of the replies it handed out, so what was never read can be told (RFC 3207 §6).
 */
export class Wire {
  private parser = new ReplyParser()
  private queue: SmtpReply[] = []
  private failure: SmtpSessionError | null = null
  private waiter: {
    resolve: (r: SmtpReply) => void
    reject: (e: SmtpSessionError) => void
  } | null = null
  private socket: net.Socket | null = null
  /** Bytes received on the current socket, and the bytes of the replies handed out by read(). */
  private received = 0
  private consumed = 0

  private readonly onData = (chunk: Buffer) => {
    this.received += chunk.length
    const { replies, error } = this.parser.push(chunk)
    this.queue.push(...replies)
    if (error) this.fail(new SmtpSessionError(error.kind, error.message))
    this.flush()
  }
  private readonly onEnd = () =>
    this.fail(new SmtpSessionError('closed', 'the server closed the connection'))
  private readonly onError = (e: Error) => {
    const c = classifySocketError(e)
    this.fail(new SmtpSessionError(c.kind, c.message, null, c.code))
  }

  /**
   * Opens the TCP connection and reads from it once connected. `onSocket` learns the socket at
   * once, so the session can destroy it while it is still connecting.
   */
  connect(target: ResolvedAddress, port: number, onSocket: (s: net.Socket) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const s = net.connect({ host: target.address, port, family: target.family })
      onSocket(s)
      s.setNoDelay(true)
      const onError = (e: Error) => {
        const c = classifySocketError(e)
        reject(new SmtpSessionError(c.kind, c.message, null, c.code))
      }
      s.once('error', onError)
      s.once('connect', () => {
        s.off('error', onError)
        this.attach(s)
        resolve()
      })
    })
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

  fail(e: SmtpSessionError): void {
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

  cancelRead(e: SmtpSessionError): void {
    const w = this.waiter
    this.waiter = null
    w?.reject(e)
  }
}
