import { createServer, connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CaptureEvent, CaptureSession } from '../../shared/capture-types'
import {
  CaptureListenError,
  explainListenError,
  startCapture,
  type CaptureHandle,
} from '../../electron/capture/capture-listener'
import { captureVerdict } from '../../electron/capture/capture-verdict'

const HOST = '127.0.0.1'
const PASSWORD = 'S3cret-Passw0rd!'

/** A line-oriented scripted SMTP client: send a command, wait for the complete reply. */
class Dialog {
  private buf = ''
  private waiters: Array<() => void> = []
  constructor(public socket: Socket | TLSSocket) {
    this.attach(socket)
  }
  attach(socket: Socket | TLSSocket): void {
    this.socket = socket
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => {
      this.buf += d
      for (const w of this.waiters.splice(0)) w()
    })
    socket.on('error', () => {})
  }
  async reply(): Promise<string> {
    for (;;) {
      const m = /(^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buf)
      if (m) {
        const end = m.index + m[0].length
        const r = this.buf.slice(0, end)
        this.buf = this.buf.slice(end)
        return r
      }
      await new Promise<void>((res, rej) => {
        const t = setTimeout(() => rej(new Error(`no reply; buffer: ${this.buf}`)), 5000)
        this.waiters.push(() => {
          clearTimeout(t)
          res()
        })
      })
    }
  }
  async cmd(line: string): Promise<string> {
    this.socket.write(`${line}\r\n`)
    return this.reply()
  }
  /** Hands the socket to TLS after a 220 to STARTTLS. */
  async starttls(opts: ConnectionOptions): Promise<TLSSocket> {
    const r = await this.cmd('STARTTLS')
    expect(r).toMatch(/^220/)
    this.socket.removeAllListeners('data')
    const secure = tlsConnect({ socket: this.socket, rejectUnauthorized: false, ...opts })
    await new Promise<void>((res, rej) => {
      secure.once('secureConnect', () => res())
      secure.once('error', rej)
    })
    this.attach(secure)
    return secure
  }
}

function b64(s: string): string {
  return Buffer.from(s).toString('base64')
}

const PDF_BYTES = Buffer.alloc(3000, 7)

function scanMessage(from: string, to: string): string {
  const pdf = PDF_BYTES.toString('base64').replace(/.{76}/g, '$&\r\n')
  return [
    `From: <${from}>`,
    `To: <${to}>`,
    'Subject: Scan from MFP',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="XyZ"',
    '',
    '--XyZ',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Scanned document attached.',
    '--XyZ',
    'Content-Type: application/pdf; name="scan0001.pdf"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="scan0001.pdf"',
    '',
    pdf,
    '--XyZ--',
    '',
  ].join('\r\n')
}

async function sendMessage(d: Dialog, from: string, to: string): Promise<void> {
  expect(await d.cmd(`MAIL FROM:<${from}>`)).toMatch(/^250/)
  expect(await d.cmd(`RCPT TO:<${to}>`)).toMatch(/^250/)
  expect(await d.cmd('DATA')).toMatch(/^354/)
  expect(await d.cmd(`${scanMessage(from, to)}\r\n.`)).toMatch(/^250/)
}

async function open(port: number): Promise<Dialog> {
  const s = netConnect({ host: HOST, port })
  await new Promise<void>((res, rej) => {
    s.once('connect', () => res())
    s.once('error', rej)
  })
  const d = new Dialog(s)
  expect(await d.reply()).toMatch(/^220/)
  return d
}

async function quit(d: Dialog): Promise<void> {
  await d.cmd('QUIT')
  d.socket.end()
}

let capture: CaptureHandle
const events: CaptureEvent[] = []

/** Waits until the listener has seen the session end, then returns its record. */
async function endedSession(remotePort: number): Promise<CaptureSession> {
  for (let i = 0; i < 200; i++) {
    const e = events.find((x) => x.kind === 'session-ended' && x.session.remotePort === remotePort)
    if (e && e.kind === 'session-ended') return e.session
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`session from port ${remotePort} never ended`)
}

function verdict(s: CaptureSession) {
  const v = captureVerdict(s, { host: HOST, port: capture.addresses.port })
  const by = (m: string) => v.methods.find((x) => x.method === m)
  return { v, submission: by('client-submission'), direct: by('direct-send-relay') }
}

beforeAll(async () => {
  capture = await startCapture({
    host: HOST,
    port: 0,
    implicitTlsPort: 0,
    timeoutMs: 60_000,
    onEvent: (e) => events.push(e),
  })
})

afterAll(async () => {
  await capture.stop()
})

describe('capture listener with scripted devices', () => {
  it('modern device: STARTTLS, TLS 1.2+, AUTH LOGIN, scan attached', async () => {
    const d = await open(capture.addresses.port)
    const localPort = d.socket.localPort as number
    const ehlo = await d.cmd('EHLO mfp-modern.local')
    expect(ehlo).toMatch(/STARTTLS/)
    expect(ehlo).toMatch(/AUTH LOGIN XOAUTH2/)
    const tls = await d.starttls({ minVersion: 'TLSv1.2' })
    const clientSaw = { protocol: tls.getProtocol(), cipher: tls.getCipher().name }
    expect(await d.cmd('EHLO mfp-modern.local')).toMatch(/^250/)
    expect(await d.cmd('AUTH LOGIN')).toMatch(/^334/)
    expect(await d.cmd(b64('scanner@contoso.com'))).toMatch(/^334/)
    expect(await d.cmd(b64(PASSWORD))).toMatch(/^235/)
    await sendMessage(d, 'scanner@contoso.com', 'alice@contoso.com')
    await quit(d)

    const s = await endedSession(localPort)
    expect(s.ehloName).toBe('mfp-modern.local')
    expect(s.remoteAddress).toBe(HOST)
    expect(s.transport).toBe('starttls')
    expect(s.starttlsAttempted).toBe(true)
    expect(s.tls?.protocol).toBe(clientSaw.protocol)
    expect(['TLSv1.2', 'TLSv1.3']).toContain(s.tls?.protocol)
    expect(s.tls?.cipher).toBe(clientSaw.cipher)
    expect(s.auth).toEqual([
      {
        mechanism: 'LOGIN',
        username: 'scanner@contoso.com',
        secret: { received: true, length: PASSWORD.length },
      },
    ])
    expect(JSON.stringify(events)).not.toContain(PASSWORD)
    expect(JSON.stringify(s)).not.toContain(b64(PASSWORD))
    expect(s.messages).toHaveLength(1)
    const m = s.messages[0]
    expect(m?.mailFrom).toBe('scanner@contoso.com')
    expect(m?.rcptTo).toEqual(['alice@contoso.com'])
    expect(m?.complete).toBe(true)
    expect(m?.size).toBeGreaterThan(4000)
    expect(m?.attachments).toEqual([
      { filename: 'scan0001.pdf', contentType: 'application/pdf', size: PDF_BYTES.length },
    ])

    const { v, submission, direct } = verdict(s)
    expect(submission?.status).toBe('ok')
    expect(direct?.status).toBe('warn') // it signs in, which direct send does not use
    expect(v.summary).toContain(`password received, ${PASSWORD.length} characters`)
    expect(v.summary).not.toContain(PASSWORD)
    expect(v.switchBack.settings).toContainEqual({
      label: 'SMTP server',
      value: 'smtp.office365.com',
    })
    expect(v.switchBack.settings).toContainEqual({ label: 'Port', value: '587' })
    expect(v.switchBack.settings).toContainEqual({
      label: 'Username',
      value: 'scanner@contoso.com',
    })
  })

  it('legacy device: TLS 1.0 only, AUTH PLAIN', async () => {
    const d = await open(capture.addresses.port)
    const localPort = d.socket.localPort as number
    await d.cmd('EHLO OLDMFP')
    await d.starttls({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' })
    await d.cmd('EHLO OLDMFP')
    expect(await d.cmd(`AUTH PLAIN ${b64(`\0scan\0${PASSWORD}`)}`)).toMatch(/^235/)
    await sendMessage(d, 'scan@contoso.com', 'bob@contoso.com')
    await quit(d)

    const s = await endedSession(localPort)
    expect(s.ehloName).toBe('OLDMFP')
    expect(s.transport).toBe('starttls')
    expect(s.tls?.protocol).toBe('TLSv1')
    expect(s.tls?.cipher).toBeTruthy()
    expect(s.auth[0]).toEqual({
      mechanism: 'PLAIN',
      username: 'scan',
      secret: { received: true, length: PASSWORD.length },
    })
    const { submission, direct } = verdict(s)
    expect(submission?.status).toBe('fail')
    expect(submission?.findings.join(' ')).toContain(
      'TLS 1.0 negotiated: Exchange Online will refuse this device on 587 with 421 4.7.66',
    )
    expect(submission?.findings.join(' ')).toContain('AUTH PLAIN')
    expect(submission?.findings.join(' ')).toContain('not an email address')
    expect(direct?.status).toBe('warn')
  })

  it('plaintext-only device: no STARTTLS, no AUTH', async () => {
    const d = await open(capture.addresses.port)
    const localPort = d.socket.localPort as number
    await d.cmd('HELO copier-3f')
    await sendMessage(d, 'copier@contoso.com', 'carol@contoso.com')
    await quit(d)

    const s = await endedSession(localPort)
    expect(s.greeting).toBe('HELO')
    expect(s.ehloName).toBe('copier-3f')
    expect(s.transport).toBe('plaintext')
    expect(s.starttlsAttempted).toBe(false)
    expect(s.tls).toBeNull()
    expect(s.auth).toEqual([])
    expect(s.messages[0]?.attachments[0]?.filename).toBe('scan0001.pdf')
    const { submission, direct } = verdict(s)
    expect(submission?.status).toBe('fail')
    expect(submission?.findings.join(' ')).toContain('plaintext')
    expect(direct?.status).toBe('ok')
  })

  it('implicit-TLS-only device (465 style)', async () => {
    const s0 = tlsConnect({
      host: HOST,
      port: capture.addresses.implicitTlsPort as number,
      rejectUnauthorized: false,
    })
    await new Promise<void>((res, rej) => {
      s0.once('secureConnect', () => res())
      s0.once('error', rej)
    })
    const d = new Dialog(s0)
    const localPort = s0.localPort as number
    expect(await d.reply()).toMatch(/^220/)
    await d.cmd('EHLO printer465')
    expect(await d.cmd('AUTH LOGIN')).toMatch(/^334/)
    await d.cmd(b64('printer@contoso.com'))
    expect(await d.cmd(b64(PASSWORD))).toMatch(/^235/)
    await sendMessage(d, 'printer@contoso.com', 'dave@contoso.com')
    await quit(d)

    const s = await endedSession(localPort)
    expect(s.listener).toBe('implicit-tls')
    expect(s.transport).toBe('implicit-tls')
    expect(s.ehloName).toBe('printer465')
    expect(s.tls?.protocol).toMatch(/^TLSv1\.[23]$/)
    const { submission, direct } = verdict(s)
    expect(submission?.status).toBe('fail')
    expect(submission?.findings.join(' ')).toContain('465')
    expect(direct?.status).toBe('fail')
  })

  it('device that gives up mid-session (during DATA)', async () => {
    const d = await open(capture.addresses.port)
    const localPort = d.socket.localPort as number
    await d.cmd('EHLO quitter')
    await d.cmd('MAIL FROM:<q@contoso.com>')
    await d.cmd('RCPT TO:<erin@contoso.com>')
    expect(await d.cmd('DATA')).toMatch(/^354/)
    d.socket.write('Subject: half\r\n\r\nonly part of it')
    d.socket.destroy()

    const s = await endedSession(localPort)
    expect(s.ehloName).toBe('quitter')
    expect(s.messages[0]?.mailFrom).toBe('q@contoso.com')
    expect(s.messages[0]?.rcptTo).toEqual(['erin@contoso.com'])
    expect(s.messages[0]?.complete).toBe(false)
    expect(s.endedAt).not.toBeNull()
    const { submission, direct } = verdict(s)
    expect(submission?.status).toBe('fail')
    expect(direct?.status).toBe('warn')
    expect(direct?.findings.join(' ')).toContain('gave up during the message')
  })

  it('device that gives up right after STARTTLS keeps its EHLO name', async () => {
    const d = await open(capture.addresses.port)
    const localPort = d.socket.localPort as number
    await d.cmd('EHLO tls-quitter')
    await d.cmd('STARTTLS')
    d.socket.destroy()
    const s = await endedSession(localPort)
    expect(s.ehloName).toBe('tls-quitter')
    expect(s.starttlsAttempted).toBe(true)
    expect(s.tls).toBeNull()
    const { submission, direct } = verdict(s)
    expect(submission?.status).toBe('fail')
    expect(submission?.findings.join(' ')).toContain('TLS handshake did not complete')
    expect(direct?.findings.join(' ')).toContain('never completed the TLS handshake')
  })

  it('survives garbage input and still serves the next device', async () => {
    const d = await open(capture.addresses.port)
    const localPort = d.socket.localPort as number
    d.socket.write(Buffer.from([0, 1, 2, 255, 254, 13, 10, 0x16, 3, 1, 0, 5, 13, 10]))
    d.socket.write(`${'A'.repeat(100_000)}\r\n`)
    d.socket.write('GET / HTTP/1.1\r\n\r\n')
    for (let i = 0; i < 20; i++) d.socket.write(`\u00ff\u00fe junk ${i}\r\n`)
    await new Promise((r) => setTimeout(r, 200))
    d.socket.destroy()
    const s = await endedSession(localPort)
    expect(s.messages).toEqual([])

    // Also garbage inside DATA, and a TLS ClientHello on the plaintext port.
    const raw = netConnect({ host: HOST, port: capture.addresses.port })
    raw.on('error', () => {})
    raw.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00]))
    await new Promise((r) => setTimeout(r, 100))
    raw.destroy()

    const d2 = await open(capture.addresses.port)
    const p2 = d2.socket.localPort as number
    await d2.cmd('EHLO after-garbage')
    await d2.cmd('MAIL FROM:<x@contoso.com>')
    await d2.cmd('RCPT TO:<y@contoso.com>')
    await d2.cmd('DATA')
    expect(
      await d2.cmd(
        'Content-Type: multipart/mixed; boundary=\r\n\r\n--\r\n--\r\n\u00ff\u0000\r\nContent-Type: ;;;\r\n.',
      ),
    ).toMatch(/^250/)
    await quit(d2)
    const s2 = await endedSession(p2)
    expect(s2.ehloName).toBe('after-garbage')
    expect(s2.messages[0]?.complete).toBe(true)
  })
})

describe('capture listener binding', () => {
  it('refuses wildcard and non-IP addresses', async () => {
    for (const host of ['0.0.0.0', '::', 'localhost', ''])
      await expect(startCapture({ host, port: 0, timeoutMs: 1000 })).rejects.toBeInstanceOf(
        CaptureListenError,
      )
  })

  it('binds to the given address only', () => {
    expect(capture.addresses.host).toBe(HOST)
  })

  it('explains a port in use', async () => {
    const busy = createServer()
    await new Promise<void>((r) => busy.listen(0, HOST, () => r()))
    const port = (busy.address() as { port: number }).port
    try {
      const err = await startCapture({ host: HOST, port, timeoutMs: 1000 }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(CaptureListenError)
      expect((err as CaptureListenError).code).toBe('port-in-use')
    } finally {
      busy.close()
    }
  })

  it('explains ports that need administrator rights', () => {
    const e = explainListenError(Object.assign(new Error('x'), { code: 'EACCES' }), HOST, 587)
    expect(e.code).toBe('needs-admin')
    expect(e.message).toContain(
      "ports below 1024 need administrator rights: use 2525 and set the device's SMTP port to 2525",
    )
  })

  it('stops by itself after the timeout', async () => {
    const seen: CaptureEvent[] = []
    const c = await startCapture({
      host: HOST,
      port: 0,
      timeoutMs: 200,
      onEvent: (e) => seen.push(e),
    })
    expect(await c.stopped).toBe('timeout')
    expect(seen).toContainEqual({ kind: 'stopped', reason: 'timeout' })
    const refused = netConnect({ host: HOST, port: c.addresses.port })
    await expect(
      new Promise((res, rej) => {
        refused.once('connect', res)
        refused.once('error', rej)
      }),
    ).rejects.toThrow()
  })
})
