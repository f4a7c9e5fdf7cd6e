import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { createServer, type Socket } from 'node:net'

/**
 * A DNS server that never answers, on loopback: UDP and TCP bound on the same port (as
 * test/helpers/dns-server.ts does), queries taken in and dropped, TCP connections accepted and
 * left hanging. A resolver pointed at it times out — the peer is there, it just says nothing,
 * which is what a wrong `--dns-server` address behind a firewall that drops looks like.
 */
export interface SilentDnsServer {
  port: number
  /** "127.0.0.1:PORT", ready for a --dns-server flag. */
  address: string
  /** UDP queries received (and dropped), and TCP connections accepted. */
  readonly received: { udp: number; tcp: number }
  close(): Promise<void>
}

function bindUdp(port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4')
    sock.once('error', reject)
    sock.bind(port, '127.0.0.1', () => {
      sock.off('error', reject)
      resolve(sock)
    })
  })
}

export async function startSilentDnsServer(): Promise<SilentDnsServer> {
  const received = { udp: 0, tcp: 0 }
  const sockets = new Set<Socket>()
  const tcp = createServer((sock) => {
    received.tcp += 1
    sockets.add(sock)
    sock.on('error', () => {})
    sock.once('close', () => sockets.delete(sock))
    sock.resume()
  })
  // UDP picks a free port; TCP then takes the same number (a few tries if it is taken).
  let udp: UdpSocket | undefined
  for (let attempt = 0; !udp; attempt++) {
    const candidate = await bindUdp(0)
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject)
        tcp.listen(candidate.address().port, '127.0.0.1', () => {
          tcp.off('error', reject)
          resolve()
        })
      })
      udp = candidate
    } catch (err) {
      candidate.close()
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 9) throw err
    }
  }
  const sock = udp
  sock.on('error', () => {})
  sock.on('message', () => {
    received.udp += 1
  })
  const port = sock.address().port
  let closing: Promise<void> | undefined
  return {
    port,
    address: `127.0.0.1:${port}`,
    received,
    close() {
      closing ??= Promise.all([
        new Promise<void>((resolve) => sock.close(() => resolve())),
        new Promise<void>((resolve) => {
          tcp.close(() => resolve())
          for (const s of sockets) s.destroy()
        }),
      ]).then(() => undefined)
      return closing
    },
  }
}
