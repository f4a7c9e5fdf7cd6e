import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { isIPv4, type Socket } from 'node:net'
import { type TLSSocket } from 'node:tls'

/**
 * Local stand-ins for "what is my IP" services (icanhazip, ipify, Cloudflare's /cdn-cgi/trace).
 * They run on loopback, so the address they see is always 127.0.0.1 or ::1; what they report is
 * the configured address instead, which lets tests simulate any public IP, or a broken service.
 */

export interface IpEchoOptions {
  /**
   * What to answer to a client that came in over IPv4 / IPv6; null (or omitted) = answer 404.
   * Sent verbatim, so a test may configure a private or malformed address to exercise the
   * client's own checks.
   */
  v4?: string | null
  v6?: string | null
  /**
   * 'plain' (default) = body is the IP + "\n" (icanhazip/ipify style); 'trace' = Cloudflare-trace
   * style lines `fl=..\nh=..\nip=<ip>\nts=..\n…`; 'garbage' = an HTML page with no IP; 'huge' = a
   * 10 MiB chunked body with no IP and no Content-Length (to test response caps); 'slow' = accepts
   * and never answers. v4/v6 only matter for 'plain' and 'trace'.
   */
  format?: 'plain' | 'trace' | 'garbage' | 'huge' | 'slow'
  /** HTTPS when given, else plain HTTP. */
  tls?: { cert: string; key: string }
}

export interface IpEchoServer {
  /** Listening on 127.0.0.1 and, when possible, ::1 on the SAME port number. */
  port: number
  /** e.g. https://127.0.0.1:PORT/ (or http://) */
  url4: string
  /** e.g. https://[::1]:PORT/ ; null if ::1 could not be bound on that port. */
  url6: string | null
  /** A name-based URL (https://localhost:PORT/) for tests that force the address family via DNS. */
  urlName: string
  requests: Array<{
    family: 4 | 6
    path: string
    headers: Record<string, string | string[] | undefined>
  }>
  /** Destroys every open connection (slow ones too), stops listening; leaves no timers. */
  close(): Promise<void>
}

/** Size of the 'huge' body: far above any sane cap for a one-line answer. */
export const HUGE_BODY_BYTES = 10 * 1024 * 1024

const GARBAGE_PAGE =
  '<!doctype html>\n<html><head><title>Welcome to nginx!</title></head>\n' +
  '<body><h1>Welcome to nginx!</h1><p>If you see this page, the web server works.</p></body>\n' +
  '</html>\n'

// 64-byte lines of filler: no digits, so nothing in it can be mistaken for an address.
const HUGE_CHUNK = Buffer.from(`${'x'.repeat(63)}\n`.repeat(1024))

/**
 * The family a peer connected over, from the socket's remote address. An IPv4-mapped IPv6
 * address (`::ffff:192.0.2.1`, RFC 4291 §2.5.5.2) is an IPv4 client on a dual-stack socket.
 */
export function remoteFamily(address: string | undefined): 4 | 6 {
  if (address === undefined) return 4
  if (isIPv4(address)) return 4
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return 4
  return 6
}

function traceBody(req: IncomingMessage, ip: string, tls: boolean): string {
  const socket = req.socket as Partial<TLSSocket>
  const tlsVersion = tls ? (socket.getProtocol?.() ?? 'TLSv1.3') : 'off'
  const servername = tls ? socket.servername : undefined
  // The same keys, in the same order, as https://www.cloudflare.com/cdn-cgi/trace.
  const lines = [
    'fl=29f123',
    `h=${req.headers.host ?? ''}`,
    `ip=${ip}`,
    `ts=${(Date.now() / 1000).toFixed(3)}`,
    `visit_scheme=${tls ? 'https' : 'http'}`,
    `uag=${req.headers['user-agent'] ?? ''}`,
    'colo=TST',
    'sliver=none',
    `http=http/${req.httpVersion}`,
    'loc=XX',
    `tls=${tlsVersion}`,
    `sni=${servername ? 'plaintext' : 'off'}`,
    'warp=off',
    'gateway=off',
    'rbi=off',
    `kex=${tls ? 'X25519' : 'none'}`,
  ]
  return `${lines.join('\n')}\n`
}

/** Streams HUGE_BODY_BYTES with backpressure, and stops as soon as the client goes away. */
function sendHuge(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
  let remaining = HUGE_BODY_BYTES
  const pump = (): void => {
    while (remaining > 0) {
      if (res.destroyed) return
      const n = Math.min(HUGE_CHUNK.length, remaining)
      remaining -= n
      const more = res.write(n === HUGE_CHUNK.length ? HUGE_CHUNK : HUGE_CHUNK.subarray(0, n))
      if (!more) {
        res.once('drain', pump)
        return
      }
    }
    res.end()
  }
  pump()
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err)
    server.once('error', onError)
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve()
      return
    }
    server.close(() => resolve())
  })
}

/**
 * Waits out libuv's close phase. A server's 'close' event fires before libuv runs the handle's
 * close callback, so until the loop turns twice (the check phase, then close callbacks) the
 * handles still show in process.getActiveResourcesInfo(). After this, close() leaves nothing.
 */
async function handlesReleased(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve))
  await new Promise<void>((resolve) => setImmediate(resolve))
}

/** Starts the echo service on 127.0.0.1 (and ::1 on the same port when it can). */
export async function startIpEchoServer(opts: IpEchoOptions): Promise<IpEchoServer> {
  const format = opts.format ?? 'plain'
  const tls = opts.tls !== undefined
  const requests: IpEchoServer['requests'] = []
  const sockets = new Set<Socket>()

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const family = remoteFamily(req.socket.remoteAddress)
    requests.push({ family, path: req.url ?? '/', headers: { ...req.headers } })
    // Drain any request body so a POSTing client is not stuck on backpressure.
    req.resume()
    switch (format) {
      case 'slow':
        // Never answered; close() destroys the socket.
        return
      case 'garbage':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(GARBAGE_PAGE)
        return
      case 'huge':
        sendHuge(res)
        return
      case 'plain':
      case 'trace': {
        const ip = family === 4 ? opts.v4 : opts.v6
        if (ip == null) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
          res.end('not found\n')
          return
        }
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(format === 'plain' ? `${ip}\n` : traceBody(req, ip, tls))
        return
      }
    }
  }

  const make = (): Server => {
    const server: Server = opts.tls
      ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler)
      : createHttpServer(handler)
    // Raw TCP sockets (under TLS too), so close() can cut every connection, handshaking or idle.
    server.on('connection', (sock: Socket) => {
      sockets.add(sock)
      sock.once('close', () => sockets.delete(sock))
    })
    return server
  }

  // Port 0 on 127.0.0.1, then the same number on ::1. Another process may hold that number on
  // ::1 only, so a few fresh ports are tried before settling for IPv4 alone.
  let server4: Server | undefined
  let server6: Server | null = null
  for (let attempt = 0; attempt < 5 && !server6; attempt++) {
    if (server4) await closeServer(server4)
    server4 = make()
    await listen(server4, '127.0.0.1', 0)
    const candidate = make()
    try {
      await listen(candidate, '::1', (server4.address() as { port: number }).port)
      server6 = candidate
    } catch (err) {
      // No IPv6 loopback at all: retrying cannot help.
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') break
    }
  }
  const v4Server = server4 as Server
  const port = (v4Server.address() as { port: number }).port
  const scheme = tls ? 'https' : 'http'

  let closing: Promise<void> | undefined
  return {
    port,
    url4: `${scheme}://127.0.0.1:${port}/`,
    url6: server6 ? `${scheme}://[::1]:${port}/` : null,
    urlName: `${scheme}://localhost:${port}/`,
    requests,
    close(): Promise<void> {
      closing ??= (async () => {
        const done = Promise.all([closeServer(v4Server), server6 ? closeServer(server6) : null])
        for (const sock of sockets) sock.destroy()
        await done
        await handlesReleased()
      })()
      return closing
    },
  }
}
