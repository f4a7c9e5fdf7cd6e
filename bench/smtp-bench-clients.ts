/**
 * Senders for the relay benchmark: nodemailer on a socket that timestamps the end of DATA and the
 * reply to it, and a stream of large generated messages (never held in memory whole).
 */
import { connect, type Socket } from 'node:net'
import { Readable } from 'node:stream'

import { createTransport } from 'nodemailer'

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 }

/**
 * A plaintext nodemailer sender (the same for every peer) whose sockets report the time from
 * the last byte of DATA ("\r\n.\r\n") written to the reply's first byte read.
 */
export function timedSender(port: number, onDataEnd: (ms: number, reply: string) => void) {
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: false,
    ...TIMEOUTS,
  })
  transport.getSocket = (_opts, cb) => {
    const socket: Socket = connect(port, '127.0.0.1')
    let sentAt: number | null = null
    const write = socket.write.bind(socket) as (...a: unknown[]) => boolean
    socket.write = (chunk: unknown, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString()
      const ok = write(chunk, ...rest)
      if (text.endsWith('\r\n.\r\n') || text === '.\r\n') sentAt = performance.now()
      return ok
    }
    socket.prependListener('data', (d: Buffer) => {
      if (sentAt === null) return
      onDataEnd(performance.now() - sentAt, d.toString().trim())
      sentAt = null
    })
    socket.once('connect', () => cb(null, { connection: socket }))
    socket.once('error', (e) => cb(e, {}))
  }
  return transport
}

/** A plaintext nodemailer sender with a pool of `connections` kept open. */
export function pooledSender(port: number, connections: number) {
  return createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: connections,
    maxMessages: Infinity,
    ...TIMEOUTS,
  })
}

export function smallMessage(from: string, id: string): string {
  return [
    `From: ${from}`,
    'To: office@contoso.example',
    'Subject: Scan from MFP',
    `Message-ID: ${id}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain',
    '',
    'Scanned document attached.',
    '',
  ].join('\r\n')
}

/** A message of about `bytes` bytes (base64-like lines of 76 characters), generated as read. */
export function largeMessage(from: string, id: string, bytes: number): Readable {
  const header = `From: ${from}\r\nTo: office@contoso.example\r\nSubject: Large scan\r\nMessage-ID: ${id}\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n`
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n'
  const block = line.repeat(Math.floor(65_536 / line.length))
  let left = Math.max(0, bytes - header.length)
  let headerSent = false
  return new Readable({
    read() {
      if (!headerSent) {
        headerSent = true
        this.push(header)
        return
      }
      if (left <= 0) {
        this.push(null)
        return
      }
      const n = Math.min(left, block.length)
      // Whole lines only, so the message stays valid at any size.
      const chunk =
        n === block.length ? block : line.repeat(Math.max(1, Math.floor(n / line.length)))
      left -= n
      this.push(chunk)
    },
  })
}
