import { connect, type Socket } from 'node:net'
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  startScenarioServer,
  type ScenarioServer,
  type ScenarioServerOptions,
} from '../helpers/scenario-smtp-server'
import { startSmtpServerPeer } from '../helpers/smtp-server-peer'
import { createTestPki, type TestPki } from '../helpers/test-pki'

// Self-test of the test peers with bare node:net/tls, so a probe failure can be told apart
// from a peer bug. Not a test of the probe.

/** Minimal line-based SMTP client: just enough to drive the peers. */
class RawSmtpClient {
  private buf = ''
  private waiter: (() => void) | null = null
  readonly chunks: string[] = []
  ended = false

  private constructor(private socket: Socket | TLSSocket) {
    this.attach(socket)
  }

  static async open(port: number): Promise<RawSmtpClient> {
    const socket = connect({ host: '127.0.0.1', port })
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('error', reject)
    })
    return new RawSmtpClient(socket)
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      this.chunks.push(chunk)
      this.buf += chunk
      this.waiter?.()
    })
    socket.on('end', () => {
      this.ended = true
      this.waiter?.()
    })
    socket.on('error', () => {})
  }

  /** Reads one reply, multi-line per RFC 5321 §4.2.1 (`xyz-` continues, `xyz ` ends). */
  async reply(): Promise<string[]> {
    const lines: string[] = []
    for (;;) {
      const crlf = this.buf.indexOf('\r\n')
      if (crlf !== -1) {
        const line = this.buf.slice(0, crlf)
        this.buf = this.buf.slice(crlf + 2)
        lines.push(line)
        if (line[3] !== '-') return lines
        continue
      }
      if (this.ended) throw new Error(`connection closed mid-reply: ${JSON.stringify(lines)}`)
      await new Promise<void>((resolve) => (this.waiter = resolve))
      this.waiter = null
    }
  }

  async command(line: string): Promise<string[]> {
    this.socket.write(`${line}\r\n`)
    return this.reply()
  }

  async waitEnd(): Promise<void> {
    while (!this.ended) {
      await new Promise<void>((resolve) => (this.waiter = resolve))
      this.waiter = null
    }
  }

  /** Upgrades in place after a 220 to STARTTLS; leftover plaintext is dropped (RFC 3207 §6). */
  async startTls(opts: ConnectionOptions): Promise<TLSSocket> {
    this.socket.removeAllListeners('data')
    this.socket.removeAllListeners('end')
    this.buf = ''
    const secure = tlsConnect({ socket: this.socket, ...opts })
    await new Promise<void>((resolve, reject) => {
      secure.once('secureConnect', resolve)
      secure.once('error', reject)
    })
    this.socket = secure
    this.attach(secure)
    return secure
  }

  destroy(): void {
    this.socket.destroy()
  }
}

const EXCHANGE_NAME = 'AM0PR01CA0123.outlook.office365.com'
const EHLO_BEFORE_TLS = [
  `250-${EXCHANGE_NAME} Hello [127.0.0.1]`,
  '250-SIZE 157286400',
  '250-PIPELINING',
  '250-DSN',
  '250-ENHANCEDSTATUSCODES',
  '250-STARTTLS',
  '250-8BITMIME',
  '250-BINARYMIME',
  '250-CHUNKING',
  '250 SMTPUTF8',
]
const EHLO_AFTER_TLS = [
  `250-${EXCHANGE_NAME} Hello [127.0.0.1]`,
  '250-SIZE 157286400',
  '250-PIPELINING',
  '250-DSN',
  '250-ENHANCEDSTATUSCODES',
  '250-AUTH LOGIN XOAUTH2',
  '250-8BITMIME',
  '250-BINARYMIME',
  '250-CHUNKING',
  '250 SMTPUTF8',
]

// OpenSSL 3 only speaks TLS 1.0/1.1 at security level 0, and Node's default minVersion
// (TLSv1.2) must be lowered explicitly or maxVersion TLSv1.1 leaves no protocol at all.
const LEGACY_CLIENT: ConnectionOptions = {
  minVersion: 'TLSv1',
  maxVersion: 'TLSv1.1',
  ciphers: 'DEFAULT:@SECLEVEL=0',
}

let pki: TestPki
const servers: Array<{ close(): Promise<void> }> = []
const clients: RawSmtpClient[] = []

beforeAll(async () => {
  pki = await createTestPki()
})

afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function scenario(
  name: ScenarioServerOptions['scenario'],
  extra: Partial<ScenarioServerOptions> = {},
): Promise<ScenarioServer> {
  const server = await startScenarioServer({ scenario: name, pki, ...extra })
  servers.push(server)
  return server
}

async function client(port: number): Promise<RawSmtpClient> {
  const c = await RawSmtpClient.open(port)
  clients.push(c)
  return c
}

/** Banner, EHLO, STARTTLS, verified handshake, EHLO again; returns both EHLO replies. */
async function throughTls(
  c: RawSmtpClient,
  tlsOpts: ConnectionOptions = {},
): Promise<{ banner: string[]; before: string[]; after: string[]; secure: TLSSocket }> {
  const banner = await c.reply()
  const before = await c.command('EHLO client.example.test')
  expect(await c.command('STARTTLS')).toEqual(['220 2.0.0 SMTP server ready'])
  const secure = await c.startTls({ ca: [pki.ca.cert], servername: 'localhost', ...tlsOpts })
  const after = await c.command('EHLO client.example.test')
  return { banner, before, after, secure }
}

describe('test PKI', () => {
  it('yields verifiable, expired, wrong-host and self-signed certificates', async () => {
    const outcomes = await Promise.all(
      [pki.leaf, pki.expired, pki.wrongHost, pki.selfSigned].map(async (pair) => {
        const { createServer } = await import('node:tls')
        const server = createServer(pair, (s) => s.end())
        server.on('tlsClientError', () => {})
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
        const { port } = server.address() as { port: number }
        const outcome = await new Promise<string>((resolve) => {
          const s = tlsConnect({
            host: '127.0.0.1',
            port,
            ca: [pki.ca.cert],
            servername: 'localhost',
          })
          s.once('secureConnect', () => resolve(s.authorized ? 'authorized' : 'unauthorized'))
          s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
          s.once('close', () => s.destroy())
        })
        await new Promise<void>((resolve) => server.close(() => resolve()))
        return outcome
      }),
    )
    expect(outcomes).toEqual([
      'authorized',
      'CERT_HAS_EXPIRED',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    ])
  })
})

describe('scenario SMTP server', () => {
  it('exchange: banner, EHLO, STARTTLS, verified TLS, AUTH only after TLS', async () => {
    const server = await scenario('exchange')
    const c = await client(server.port)
    const { banner, before, after, secure } = await throughTls(c)

    expect(banner).toHaveLength(1)
    expect(banner[0]).toMatch(
      /^220 AM0PR01CA0123\.outlook\.office365\.com Microsoft ESMTP MAIL Service ready at \w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d \+0000$/,
    )
    expect(before).toEqual(EHLO_BEFORE_TLS)
    expect(secure.authorized).toBe(true)
    expect(after).toEqual(EHLO_AFTER_TLS)
    expect(await c.command('MAIL FROM:<a@example.test>')).toEqual([
      '530 5.7.57 Client not authenticated to send mail',
    ])
    expect(await c.command('QUIT')).toEqual(['221 2.0.0 Service closing transmission channel'])
    await c.waitEnd()

    const [session] = server.sessions
    expect(session?.remoteAddress).toBe('127.0.0.1')
    expect(session?.tlsProtocol).toBe('TLSv1.3')
    expect(session?.commands).toEqual([
      { line: 'EHLO client.example.test', tls: false },
      { line: 'STARTTLS', tls: false },
      { line: 'EHLO client.example.test', tls: true },
      { line: 'MAIL FROM:<a@example.test>', tls: true },
      { line: 'QUIT', tls: true },
    ])
    expect(session?.closedByClient).toBe(false)
  })

  it('echoIp overrides the address in Hello [ip]', async () => {
    const server = await scenario('exchange', { echoIp: '203.0.113.7' })
    const c = await client(server.port)
    await c.reply()
    const ehlo = await c.command('EHLO client.example.test')
    expect(ehlo[0]).toBe(`250-${EXCHANGE_NAME} Hello [203.0.113.7]`)
  })

  it('byte-by-byte still delivers complete replies, split across many reads', async () => {
    const server = await scenario('byte-by-byte')
    const c = await client(server.port)
    const { before, after, secure } = await throughTls(c)
    expect(before).toEqual(EHLO_BEFORE_TLS)
    expect(after).toEqual(EHLO_AFTER_TLS)
    expect(secure.authorized).toBe(true)
    // The EHLO reply alone is ~200 bytes; it must have arrived in far more than one read.
    expect(c.chunks.length).toBeGreaterThan(100)
  })

  it('simple hostile replies: banner-554, no-starttls, starttls-454, mid-session-421', async () => {
    const b554 = await client((await scenario('banner-554')).port)
    expect(await b554.reply()).toEqual([
      '554 5.7.1 Service unavailable; Client host [127.0.0.1] blocked using Spamhaus',
    ])
    await b554.waitEnd()

    const noTls = await client((await scenario('no-starttls')).port)
    await noTls.reply()
    expect(await noTls.command('EHLO x.test')).not.toContain('250-STARTTLS')
    expect(await noTls.command('STARTTLS')).toEqual(["500 5.3.3 Unrecognized command 'STARTTLS'"])

    const s454 = await client((await scenario('starttls-454')).port)
    await s454.reply()
    await s454.command('EHLO x.test')
    expect(await s454.command('STARTTLS')).toEqual([
      '454 4.7.0 TLS not available due to temporary reason',
    ])

    const mid = await client((await scenario('mid-session-421')).port)
    await mid.reply()
    await mid.command('EHLO x.test')
    expect(await mid.command('STARTTLS')).toEqual([
      '421 4.3.2 Service not available, closing transmission channel',
    ])
    await mid.waitEnd()
  })

  it('tls-handshake-fails, plaintext-injection, never-closes, greeting-never', async () => {
    const broken = await client((await scenario('tls-handshake-fails')).port)
    await broken.reply()
    await broken.command('EHLO x.test')
    await broken.command('STARTTLS')
    await expect(
      broken.startTls({ ca: [pki.ca.cert], servername: 'localhost' }),
    ).rejects.toMatchObject({ code: 'ERR_SSL_WRONG_VERSION_NUMBER' })

    const injected = await client((await scenario('plaintext-injection')).port)
    await injected.reply()
    await injected.command('EHLO x.test')
    expect(await injected.command('STARTTLS')).toEqual(['220 2.0.0 SMTP server ready'])
    expect(await injected.reply()).toEqual(['250-injected', '250 injected'])
    await injected.startTls({ ca: [pki.ca.cert], servername: 'localhost' })
    expect(await injected.command('EHLO x.test')).toEqual(EHLO_AFTER_TLS)

    const stubborn = await scenario('never-closes')
    const nc = await client(stubborn.port)
    await nc.reply()
    expect(await nc.command('QUIT')).toEqual(['221 2.0.0 Service closing transmission channel'])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(nc.ended).toBe(false)
    await stubborn.close()
    await nc.waitEnd()

    const silent = await scenario('greeting-never')
    const gn = await client(silent.port)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(gn.chunks).toEqual([])
    await silent.close()
    await gn.waitEnd()
  })

  it('certificate scenarios fail verification with the expected codes', async () => {
    const codes: Record<string, string> = {}
    for (const name of ['expired-cert', 'wrong-host-cert', 'self-signed-cert'] as const) {
      const c = await client((await scenario(name)).port)
      await c.reply()
      await c.command('EHLO x.test')
      await c.command('STARTTLS')
      const err = await c.startTls({ ca: [pki.ca.cert], servername: 'localhost' }).then(
        () => new Error('handshake unexpectedly verified'),
        (e: NodeJS.ErrnoException) => e,
      )
      codes[name] = (err as NodeJS.ErrnoException).code ?? err.message
    }
    expect(codes).toEqual({
      'expired-cert': 'CERT_HAS_EXPIRED',
      'wrong-host-cert': 'ERR_TLS_CERT_ALTNAME_INVALID',
      'self-signed-cert': 'DEPTH_ZERO_SELF_SIGNED_CERT',
    })
  })

  it('legacy-tls-421 refuses a TLS 1.1 session with 421 4.7.66; exchange refuses TLS 1.1', async () => {
    const server = await scenario('legacy-tls-421')
    const c = await client(server.port)
    await c.reply()
    await c.command('EHLO x.test')
    await c.command('STARTTLS')
    const secure = await c.startTls({
      ca: [pki.ca.cert],
      servername: 'localhost',
      ...LEGACY_CLIENT,
    })
    expect(secure.getProtocol()).toBe('TLSv1.1')
    expect(await c.command('EHLO x.test')).toEqual([
      '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls',
    ])
    await c.waitEnd()
    expect(server.sessions[0]?.tlsProtocol).toBe('TLSv1.1')

    // A TLS 1.2+ client gets the normal service from the same scenario.
    const modern = await client(server.port)
    expect((await throughTls(modern)).after).toEqual(EHLO_AFTER_TLS)

    const accepted = await client((await scenario('legacy-tls-accepted')).port)
    expect((await throughTls(accepted, LEGACY_CLIENT)).after).toEqual(EHLO_AFTER_TLS)

    const strict = await client((await scenario('exchange')).port)
    await strict.reply()
    await strict.command('EHLO x.test')
    await strict.command('STARTTLS')
    await expect(
      strict.startTls({ ca: [pki.ca.cert], servername: 'localhost', ...LEGACY_CLIENT }),
    ).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' })
  })

  it('endless-line is bounded at 50 MiB, and close() ends it early', async () => {
    const server = await scenario('endless-line')
    const total = await new Promise<{ bytes: number; head: string; crlf: boolean }>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: server.port })
      let bytes = 0
      let head = ''
      let crlf = false
      s.on('data', (chunk: Buffer) => {
        if (head.length < 8) head += chunk.subarray(0, 8).toString('latin1')
        bytes += chunk.length
        crlf ||= chunk.includes(0x0a)
      })
      s.on('end', () => {
        s.destroy()
        resolve({ bytes, head, crlf })
      })
    })
    expect(total.head.startsWith('220-AAAA')).toBe(true)
    expect(total.crlf).toBe(false)
    expect(total.bytes).toBe(4 + 50 * 1024 * 1024)

    const again = await scenario('endless-line')
    const ended = new Promise<number>((resolve) => {
      const s = connect({ host: '127.0.0.1', port: again.port })
      let bytes = 0
      let closing = false
      s.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (bytes > 1024 * 1024 && !closing) {
          closing = true
          void again.close()
        }
      })
      s.on('error', () => {})
      s.on('close', () => resolve(bytes))
    })
    expect(await ended).toBeLessThan(50 * 1024 * 1024)
  })
})

describe('smtp-server peer', () => {
  it('accepts STARTTLS and then AUTH LOGIN for a configured user', async () => {
    const peer = await startSmtpServerPeer({ pki, users: { alice: 's3cret' } })
    servers.push(peer)
    const c = await client(peer.port)
    expect(await c.reply()).toEqual(['220 localhost ESMTP'])
    const before = await c.command('EHLO client.example.test')
    expect(before.some((l) => /^250[- ]STARTTLS$/.test(l))).toBe(true)
    // smtp-server advertises AUTH before TLS too, but refuses to run it there.
    expect(await c.command('AUTH LOGIN')).toEqual([
      '538 Error: Must issue a STARTTLS command first',
    ])
    expect((await c.command('STARTTLS'))[0]).toMatch(/^220 /)
    const secure = await c.startTls({ ca: [pki.ca.cert], servername: 'localhost' })
    expect(secure.authorized).toBe(true)
    const after = await c.command('EHLO client.example.test')
    expect(after.some((l) => /^250[- ]AUTH PLAIN LOGIN$/.test(l))).toBe(true)
    expect(await c.command('AUTH LOGIN')).toEqual(['334 VXNlcm5hbWU6'])
    expect(await c.command(Buffer.from('alice').toString('base64'))).toEqual(['334 UGFzc3dvcmQ6'])
    expect((await c.command(Buffer.from('s3cret').toString('base64')))[0]).toMatch(/^235 /)
    expect((await c.command('MAIL FROM:<alice@example.test>'))[0]).toMatch(/^250 /)
    expect((await c.command('RCPT TO:<bob@example.test>'))[0]).toMatch(/^250 /)
    expect((await c.command('DATA'))[0]).toMatch(/^354 /)
    expect((await c.command('Subject: hi\r\n\r\nbody\r\n.'))[0]).toMatch(/^250 /)
    expect((await c.command('QUIT'))[0]).toMatch(/^221 /)
  })
})
