/**
 * The relay's status link: a TLS server (the relay's own certificate, TLS 1.2+) that proves it
 * knows the pairing code, checks the app's proof, then sends one `{"status": …}` line at once, on
 * every change and every 15 s. Only the relay's allowlisted addresses may connect; wrong proofs
 * are logged and, five in a minute from one address, shut that address out for a minute.
 */
import { createServer, type Server, type Socket } from 'node:net'
import { createSecureContext, TLSSocket } from 'node:tls'

import type { RelayLinkStatus } from '../../../shared/relay-link'
import { inAnyRange, type IpRange } from '../ip-ranges'
import {
  ERR_WRONG_CODE,
  GREETING_WORD,
  linkKey,
  NOT_PAIRED,
  proof,
  proofMatches,
  PROTOCOL_VERSION,
  sessionBinding,
  WATCH,
} from './proof'

export interface StatusLinkOptions {
  host: string
  port: number
  tls: { key: string; cert: string }
  /** The relay's allowlist and status.allow: empty both, anyone may connect (as to the relay). */
  allowRanges: readonly IpRange[]
  statusAllowRanges: readonly IpRange[]
  /** The stored pairing code (normalised), or null when `relay pair` was never run. */
  readCode: () => Promise<string | null>
  status: () => RelayLinkStatus
  log: (line: string) => void
  /** A refusal (wrong code, address not allowed, shut out), for the support log. */
  refused?: (peer: string, reason: string) => void
  maxConnections?: number
  heartbeatMs?: number
  /** From connect to the app's proof. */
  handshakeTimeoutMs?: number
  /** How long a code read from the store is used before it is read again. */
  codeCacheMs?: number
}

export interface StatusLink {
  address: string
  port: number
  /** The status changed: send it to every watcher (soon, coalesced). */
  changed(): void
  close(): Promise<void>
}

const MAX_CLIENT_LINE = 256
const MAX_CLIENT_BYTES = 1024
const MAX_BUFFERED = 1024 * 1024
const WRONG_PROOFS = 5
const WINDOW_MS = 60_000
const MAX_TRACKED = 1000

const bare = (a: string): string => a.replace(/^::ffff:/, '')

/** Wrong proofs per address: five in a minute shut it out for a minute. */
class WrongProofLimiter {
  private readonly seen = new Map<string, { at: number[]; until: number }>()
  blocked(peer: string, now = Date.now()): boolean {
    return (this.seen.get(peer)?.until ?? 0) > now
  }
  shut(peer: string, now = Date.now()): void {
    this.seen.set(peer, { at: [], until: now + WINDOW_MS })
    this.trim()
  }
  private trim(): void {
    if (this.seen.size > MAX_TRACKED) this.seen.delete(this.seen.keys().next().value ?? '')
  }
  /** Records a wrong proof; true when this one shuts the address out. */
  wrong(peer: string, now = Date.now()): boolean {
    const entry = this.seen.get(peer) ?? { at: [], until: 0 }
    entry.at = [...entry.at.filter((t) => now - t < WINDOW_MS), now]
    this.seen.delete(peer)
    this.seen.set(peer, entry)
    this.trim()
    if (entry.at.length < WRONG_PROOFS) return false
    entry.until = now + WINDOW_MS
    entry.at = []
    return true
  }
}

function cachedReader(read: () => Promise<string | null>, ttlMs: number) {
  let cached: { at: number; code: Promise<string | null> } | null = null
  return (): Promise<string | null> => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const code = read().catch(() => null)
      cached = { at: Date.now(), code }
    }
    return cached.code
  }
}

export async function startStatusLink(opts: StatusLinkOptions): Promise<StatusLink> {
  const context = createSecureContext({
    key: opts.tls.key,
    cert: opts.tls.cert,
    minVersion: 'TLSv1.2',
  })
  const maxConnections = opts.maxConnections ?? 8
  const readCode = cachedReader(opts.readCode, opts.codeCacheMs ?? 3000)
  const limiter = new WrongProofLimiter()
  const watchers = new Set<TLSSocket>()
  const open = new Set<Socket>()
  const refuse = (peer: string, reason: string): void => {
    opts.log(`relay: status link refused ${peer}: ${reason}`)
    opts.refused?.(peer, reason)
  }
  const allowed = (peer: string, local: string): boolean =>
    peer === local ||
    (opts.allowRanges.length === 0 && opts.statusAllowRanges.length === 0) ||
    inAnyRange(opts.allowRanges, peer) ||
    inAnyRange(opts.statusAllowRanges, peer)

  const send = (socket: TLSSocket, line = `${JSON.stringify({ status: opts.status() })}\n`) => {
    // A watcher that does not read is dropped rather than buffered without end.
    if (socket.writableLength > MAX_BUFFERED) socket.destroy()
    else socket.write(line)
  }
  const sendAll = (): void => {
    if (watchers.size === 0) return
    const line = `${JSON.stringify({ status: opts.status() })}\n`
    watchers.forEach((w) => send(w, line))
  }

  const onProof = (socket: TLSSocket, peer: string, key: Buffer, ekm: Buffer, line: string) => {
    const [given = '', command] = line.split(' ')
    if (!proofMatches(key, 'client', ekm, given)) {
      socket.end(`${ERR_WRONG_CODE}\n`)
      const shut = limiter.wrong(peer)
      refuse(
        peer,
        `a wrong pairing code (the app must use the code \`scanpath relay pair\` printed last)${shut ? `; ${WRONG_PROOFS} times in a minute, so connections from it are closed for a minute` : ''}`,
      )
      return
    }
    if (command !== WATCH) {
      socket.end('ERR unknown-command\n')
      return
    }
    watchers.add(socket)
    socket.once('close', () => watchers.delete(socket))
    opts.log(`relay: status link: ${peer} is watching`)
    send(socket)
  }

  const onSecure = async (socket: TLSSocket, peer: string): Promise<void> => {
    const code = await readCode()
    if (socket.destroyed) return
    if (code === null) {
      socket.end(`${GREETING_WORD} ${PROTOCOL_VERSION} ${NOT_PAIRED}\n`)
      refuse(peer, 'this relay has no pairing code yet: run `scanpath relay pair --config FILE`')
      return
    }
    const key = linkKey(code)
    const ekm = sessionBinding(socket)
    socket.write(`${GREETING_WORD} ${PROTOCOL_VERSION} ${proof(key, 'server', ekm)}\n`)
    let buffer = ''
    let total = 0
    let proved = false
    // An app with another code finds the relay's proof wrong and closes without its own: that
    // counts as a wrong code too (it is also what a man in the middle does).
    socket.once('close', () => {
      if (proved) return
      const shut = limiter.wrong(peer)
      refuse(
        peer,
        `it closed without proving it knows the pairing code (an app with another code, or not ScanPath)${shut ? `; ${WRONG_PROOFS} times in a minute, so connections from it are closed for a minute` : ''}`,
      )
    })
    socket.on('data', (d: Buffer) => {
      total += d.length
      if (total > MAX_CLIENT_BYTES) {
        socket.destroy()
        return
      }
      if (proved) return
      buffer += d.toString('latin1')
      const nl = buffer.indexOf('\n')
      if (nl < 0) {
        if (buffer.length > MAX_CLIENT_LINE) socket.destroy()
        return
      }
      proved = true
      socket.setTimeout(0)
      onProof(socket, peer, key, ekm, buffer.slice(0, nl).replace(/\r$/, ''))
    })
  }

  const onConnection = (raw: Socket): void => {
    const peer = bare(raw.remoteAddress ?? '')
    raw.on('error', () => {})
    if (!allowed(peer, bare(raw.localAddress ?? ''))) {
      raw.destroy()
      // Logged once a minute per address, so a stranger cannot flood the log.
      if (!limiter.blocked(`log:${peer}`)) {
        limiter.shut(`log:${peer}`)
        refuse(peer, 'its address is not in "allow" or "status.allow" of the relay’s config')
      }
      return
    }
    if (limiter.blocked(peer)) {
      raw.destroy()
      return
    }
    if (open.size >= maxConnections) {
      raw.destroy()
      refuse(peer, `already ${maxConnections} status connections open`)
      return
    }
    open.add(raw)
    raw.once('close', () => open.delete(raw))
    const socket = new TLSSocket(raw, { isServer: true, secureContext: context })
    socket.on('error', () => socket.destroy())
    socket.setTimeout(opts.handshakeTimeoutMs ?? 10_000, () => socket.destroy())
    socket.setKeepAlive(true, 30_000)
    socket.once('secure', () => void onSecure(socket, peer))
  }

  const server: Server = createServer(onConnection)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.on('error', (e) => opts.log(`relay: status link error: ${String(e)}`))
  const heartbeat = setInterval(sendAll, opts.heartbeatMs ?? 15_000)
  heartbeat.unref()
  let pending: NodeJS.Timeout | null = null
  const address = server.address()
  return {
    address: typeof address === 'object' && address ? address.address : opts.host,
    port: typeof address === 'object' && address ? address.port : opts.port,
    changed() {
      pending ??= setTimeout(() => {
        pending = null
        sendAll()
      }, 100)
    },
    async close() {
      clearInterval(heartbeat)
      if (pending) clearTimeout(pending)
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const s of open) s.destroy()
      await closed
    },
  }
}
