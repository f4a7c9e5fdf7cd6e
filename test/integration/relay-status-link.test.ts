/**
 * The relay's status link with real peers: a relay on 127.0.0.1 in front of the Exchange-like
 * server, a printer-like sender, and the app's client (watchRelay); plus what is not a relay
 * (plain TLS, plaintext, nothing, a hostile peer) and a man in the middle with its own certificate.
 */
import { createServer as createNetServer, type Server } from 'node:net'
import { connect as tlsConnect, createServer as createTlsServer, type TLSSocket } from 'node:tls'

import { afterEach, describe, expect, it } from 'vitest'

import { watchRelay } from '../../electron/relay/status-link/client'
import { linkKey, proof, sessionBinding } from '../../electron/relay/status-link/proof'
import { displayText } from '../../shared/display-text'
import type { RelayLinkStatus } from '../../shared/relay-link'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  freePort,
  loopbackRelayConfig,
  linkWatcher,
  MAILBOX,
  PAIRING_CODE,
  pairedWith,
  relayRunner,
  scan,
  TOKEN,
  waitFor,
} from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
const closers: (() => void)[] = []
afterEach(async () => {
  closers.splice(0).forEach((c) => c())
  await runner.stopAll()
})

async function relayWithLink(code: string | null = PAIRING_CODE, serverPort = 9) {
  const spoolDir = await tempDir('relay-link-')
  const statusPort = await freePort()
  const config = await loopbackRelayConfig(serverPort, spoolDir, { status: { port: statusPort } })
  const relay = await runner.start({
    config,
    outboundCa: [peers.pki.ca.cert],
    ...pairedWith(code),
  })
  return { relay, statusPort, smtpPort: config.listen.port }
}

function watch(port: number, code = PAIRING_CODE, opts: { timeoutMs?: number } = {}) {
  const w = linkWatcher()
  const h = watchRelay({ host: '127.0.0.1', port, code }, w, opts)
  closers.push(() => h.close())
  return w
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  closers.push(() => server.close())
  const a = server.address()
  return typeof a === 'object' && a ? a.port : 0
}

describe('relay status link', () => {
  it('shows a device’s message queued, then delivered to Microsoft 365', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const { statusPort, smtpPort } = await relayWithLink(PAIRING_CODE, server.port)
    // As typed: lower case, dashes, O for 0 would all do.
    const w = watch(statusPort, '7kq4-m2xd-9t3p-hwrb-5n8e')
    await waitFor('the first status', () => w.statuses.length > 0)
    const first = w.statuses[0]
    expect(first?.running).toBe(true)
    expect(first?.account).toBe(MAILBOX)
    expect(first?.tlsMode).toBe('starttls')
    expect(first?.recent).toEqual([])
    await device(smtpPort, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<link-1@mfp.contoso.example>'),
    })
    const last = (): RelayLinkStatus | undefined => w.statuses.at(-1)
    await waitFor('delivered in recent', () =>
      Boolean(last()?.recent.some((e) => e.kind === 'delivered')),
    ).catch((e: unknown) => {
      console.log(JSON.stringify(w.statuses), runner.logs)
      throw e
    })
    const recent = last()?.recent ?? []
    expect(recent.map((e) => e.kind)).toEqual(['queued', 'delivered'])
    expect(recent[0]).toMatchObject({
      messageId: '<link-1@mfp.contoso.example>',
      device: '127.0.0.1',
      tls: expect.stringMatching(/^TLSv1\.[23]$/),
      text: expect.stringMatching(/^Queued [\d,]+ bytes from 127\.0\.0\.1 over TLSv1\.[23]$/),
    })
    expect(recent[1]?.text).toMatch(/^Delivered to Microsoft 365: 250 /)
    expect(last()?.lastDelivery?.messageId).toBe('<link-1@mfp.contoso.example>')
    expect(w.problem).toBeNull()
  })

  it('makes a hostile Message-ID display-safe before it is sent', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const { statusPort, smtpPort } = await relayWithLink(PAIRING_CODE, server.port)
    const w = watch(statusPort)
    await device(smtpPort, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<evil\u202e\u0007@mfp.contoso.example>'),
    })
    await waitFor('queued', () => Boolean(w.statuses.at(-1)?.recent.length))
    const id = w.statuses.at(-1)?.recent[0]?.messageId ?? ''
    expect(id).not.toContain('\u202e')
    expect(id).not.toContain('\u0007')
    // Shown as escapes (whatever the spool decoded the header bytes as).
    expect(id).toMatch(/^<evil\S*\\x07@mfp\.contoso\.example>$/)
    expect(displayText(id)).toBe(id)
    expect(w.problem).toBeNull()
  })

  it('a wrong code: wrong-code, and the relay logs the refusal with the address', async () => {
    const { statusPort } = await relayWithLink()
    const w = watch(statusPort, 'AAAA-BBBB-CCCC-DDDD-EEEE')
    await waitFor('a problem', () => w.problem !== null)
    expect(w.problem?.problem).toBe('wrong-code')
    expect(w.problem?.message).toMatch(/did not accept this code.*scanpath relay pair/)
    expect(w.statuses).toEqual([])
    await waitFor('the log line', () =>
      runner.logs.some((l) =>
        /status link refused 127\.0\.0\.1: it closed without proving it knows the pairing code/.test(
          l,
        ),
      ),
    )
  })

  it('a wrong proof from a peer that does not know the code: ERR wrong-code, logged', async () => {
    const { statusPort } = await relayWithLink()
    const reply = await new Promise<string>((resolve) => {
      let got = ''
      const s = tlsConnect({ host: '127.0.0.1', port: statusPort, rejectUnauthorized: false })
      s.on('data', (d: Buffer) => {
        if (!got)
          s.write(`${proof(linkKey('AAAABBBBCCCCDDDDEEEE'), 'client', sessionBinding(s))} WATCH\n`)
        got += d.toString()
      })
      s.on('close', () => resolve(got))
      s.on('error', () => {})
    })
    expect(reply).toMatch(/^SCANPATH-RELAY-STATUS 1 \S+\nERR wrong-code\n$/)
    await waitFor('the log line', () =>
      runner.logs.some((l) => /status link refused 127\.0\.0\.1: a wrong pairing code/.test(l)),
    )
  })

  it('five wrong codes in a minute shut the address out; the right code then gets closed', async () => {
    const { statusPort } = await relayWithLink()
    for (let i = 0; i < 5; i++) {
      const w = watch(statusPort, 'AAAA-BBBB-CCCC-DDDD-EEEE')
      await waitFor('a problem', () => w.problem !== null)
      expect(w.problem?.problem).toBe('wrong-code')
    }
    await waitFor('the shut-out log line', () =>
      runner.logs.some((l) => l.includes('5 times in a minute')),
    )
    const w = watch(statusPort)
    await waitFor('a problem', () => w.problem !== null)
    expect(w.problem?.problem).toBe('closed')
    expect(w.problem?.message).toMatch(/closed the connection at once.*wait a minute/)
    expect(w.statuses).toEqual([])
  })

  it('a relay never paired: wrong-code that says to run relay pair', async () => {
    const { statusPort } = await relayWithLink(null)
    const w = watch(statusPort)
    await waitFor('a problem', () => w.problem !== null)
    expect(w.problem?.problem).toBe('wrong-code')
    expect(w.problem?.message).toMatch(/has no pairing code yet.*scanpath relay pair --config/)
    expect(runner.logs.some((l) => l.includes('no pairing code yet'))).toBe(true)
  })

  it('the relay stopping: closed, with what to check', async () => {
    const { relay, statusPort } = await relayWithLink()
    const w = watch(statusPort)
    await waitFor('the first status', () => w.statuses.length > 0)
    await relay.stop()
    await waitFor('a problem', () => w.problem !== null)
    expect(w.problem?.problem).toBe('closed')
    expect(w.problem?.message).toMatch(/was lost: the relay stopped.*scanpath relay status/)
  })

  it('a port that is not one: unreachable, said at once', async () => {
    const w = watch(70000)
    await waitFor('a problem', () => w.problem !== null)
    expect(w.problem?.problem).toBe('unreachable')
    expect(w.problem?.message).toMatch(/^127\.0\.0\.1:70000 is not an address to connect to/)
  })

  it('a typo in the code is named before anything is sent', async () => {
    const w = watch(9, '7KQ4-M2XD-9T3P')
    await waitFor('a problem', () => w.problem !== null)
    expect(w.problem?.problem).toBe('wrong-code')
    expect(w.problem?.message).toMatch(/has 20 characters/)
  })

  it('a man in the middle with its own certificate: wrong-code, and the client never sends its proof', async () => {
    const { statusPort } = await relayWithLink()
    let fromClient = 0
    let relayGreeting = ''
    const mitm = createTlsServer(
      { key: peers.pki.selfSigned.key, cert: peers.pki.selfSigned.cert },
      (client) => {
        const upstream: TLSSocket = tlsConnect({
          host: '127.0.0.1',
          port: statusPort,
          rejectUnauthorized: false,
        })
        upstream.on('data', (d: Buffer) => {
          relayGreeting += d.toString()
          client.write(d)
        })
        client.on('data', (d: Buffer) => {
          fromClient += d.length
          upstream.write(d)
        })
        client.on('error', () => upstream.destroy())
        upstream.on('error', () => client.destroy())
        client.on('close', () => upstream.destroy())
      },
    )
    const port = await listen(mitm)
    const w = watch(port)
    await waitFor('a problem', () => w.problem !== null)
    expect(relayGreeting).toMatch(/^SCANPATH-RELAY-STATUS 1 \S+\n$/)
    expect(w.problem?.problem).toBe('wrong-code')
    expect(fromClient).toBe(0)
    expect(w.statuses).toEqual([])
  })

  it('a TLS server that is not a relay, and a plaintext one: not-a-relay', async () => {
    const tlsServer = createTlsServer({ key: peers.pki.leaf.key, cert: peers.pki.leaf.cert }, (s) =>
      s.write('220 mail.contoso.example ESMTP\r\n'),
    )
    const w1 = watch(await listen(tlsServer))
    const plain = createNetServer((s) => {
      s.on('error', () => {})
      s.write('220 mail.contoso.example ESMTP ready\r\n')
    })
    const w2 = watch(await listen(plain))
    await waitFor('both problems', () => w1.problem !== null && w2.problem !== null)
    expect(w1.problem?.problem).toBe('not-a-relay')
    expect(w1.problem?.message).toMatch(/is not a ScanPath Relay status link/)
    expect(w2.problem?.problem).toBe('not-a-relay')
  })

  it('nothing listening: unreachable, with what to check', async () => {
    const port = await freePort()
    const w = watch(port)
    await waitFor('a problem', () => w.problem !== null)
    expect(w.problem?.problem).toBe('unreachable')
    expect(w.problem?.message).toBe(
      `Nothing answered on 127.0.0.1:${port} (ECONNREFUSED). Check the relay is running there (\`scanpath relay status\` on that machine) and that its firewall lets this computer reach port ${port}.`,
    )
  })

  it('a server that accepts and says nothing: timeout', async () => {
    const silent = createNetServer((s) => s.on('error', () => {}))
    const w = watch(await listen(silent), PAIRING_CODE, { timeoutMs: 500 })
    await waitFor('a problem', () => w.problem !== null)
    expect(w.problem?.problem).toBe('timeout')
  })

  /** A peer that knows the code (proves it) and then misbehaves with `after`. */
  async function hostile(after: (s: TLSSocket) => void, greeting?: string): Promise<number> {
    const key = linkKey(PAIRING_CODE)
    const server = createTlsServer(
      { key: peers.pki.leaf.key, cert: peers.pki.leaf.cert, minVersion: 'TLSv1.2' },
      (s) => {
        s.on('error', () => {})
        if (greeting !== undefined) {
          s.write(greeting)
          return
        }
        s.write(`SCANPATH-RELAY-STATUS 1 ${proof(key, 'server', sessionBinding(s))}\n`)
        s.once('data', () => after(s))
      },
    )
    return listen(server)
  }

  it('a hostile peer: oversize lines, invalid JSON, unsafe text: not-a-relay, no crash', async () => {
    const huge = await hostile((s) => s.write('x'.repeat(2 * 1024 * 1024)))
    const badJson = await hostile((s) => s.write('{"status": \n'))
    const unsafe = await hostile((s) =>
      s.write(
        `${JSON.stringify({
          status: {
            running: true,
            listening: '127.0.0.1:25',
            tlsMode: 'starttls',
            account: 'a\u001b[2Jb@contoso.example',
            queued: 0,
            failed: 0,
            oldestQueuedAt: null,
            lastDelivery: null,
            lastError: null,
            tokenExpiresOn: null,
            signInWarning: null,
            recent: [],
          },
        })}\n`,
      ),
    )
    const extraField = await hostile((s) => s.write('{"status": {"running": true}, "x": 1}\n'))
    const longGreeting = await hostile(() => {}, 'SCANPATH-RELAY-STATUS 1 '.padEnd(100_000, 'A'))
    const ws = [huge, badJson, unsafe, extraField, longGreeting].map((p) => watch(p))
    await waitFor('every problem', () => ws.every((w) => w.problem !== null))
    for (const w of ws) {
      expect(w.problem?.problem).toBe('not-a-relay')
      expect(w.statuses).toEqual([])
    }
  })
})
