/**
 * ScanPath Relay end to end with real peers: printer-like senders (nodemailer) → the relay on
 * 127.0.0.1 → the Exchange-like scenario server speaking XOAUTH2 over verified TLS 1.2+.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { hashPassword } from '../../electron/relay/password-hash'
import { readRelayStatus } from '../../electron/relay/relay-status'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  freePort,
  loopbackRelayConfig,
  MAILBOX,
  relayConfig,
  relayRunner,
  scan,
  TOKEN,
  waitFor,
} from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
afterEach(() => runner.stopAll())

let deviceHash = ''
beforeAll(async () => {
  deviceHash = await hashPassword('mfp-Passw0rd')
})

async function exchange(extra: Parameters<typeof peers.serve>[1] = {}) {
  return peers.serve('exchange', { users: { [MAILBOX]: TOKEN }, ...extra })
}

async function relayTo(serverPort: number, raw: Record<string, unknown> = {}) {
  const spoolDir = await tempDir('relay-spool-')
  const config = await loopbackRelayConfig(serverPort, spoolDir, raw)
  const relay = await runner.start({ config, outboundCa: [peers.pki.ca.cert] })
  return { relay, port: config.listen.port, spoolDir }
}

describe('relay: devices in, Microsoft 365 out', () => {
  it('takes a modern STARTTLS + AUTH device and delivers with XOAUTH2 and the same Message-ID', async () => {
    const server = await exchange()
    const { relay, port } = await relayTo(server.port, {
      devices: [{ username: 'mfp-1', passwordHash: deviceHash }],
    })
    const info = await device(port, 'modern', {
      auth: { user: 'mfp-1', pass: 'mfp-Passw0rd' },
    }).sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<scan-1@mfp.contoso.example>'),
    })
    expect(info.response).toMatch(/^250 2\.6\.0 <scan-1@mfp\.contoso\.example> Queued/)
    await waitFor('delivery', () => server.messages.length === 1 && relay.status().queued === 0)
    expect(server.messages[0]?.messageId).toBe('<scan-1@mfp.contoso.example>')
    const session = server.sessions.find((s) => s.commands.some((c) => c.line.startsWith('AUTH')))
    const auth = session?.commands.find((c) => c.line.startsWith('AUTH'))
    expect(auth?.line).toMatch(/^AUTH XOAUTH2 /)
    expect(auth?.tls).toBe(true)
    expect(session?.tlsProtocol).toMatch(/^TLSv1\.[23]$/)
    expect(relay.status().lastDelivery?.messageId).toBe('<scan-1@mfp.contoso.example>')
    expect(relay.status().tokenExpiresOn).toBe('2099-01-01T00:00:00.000Z')
    // The token never reaches the log.
    expect(runner.logs.join('\n')).not.toContain(TOKEN)
  })

  it('refuses a wrong device password with 535 and offers AUTH only after STARTTLS', async () => {
    const server = await exchange()
    const { port } = await relayTo(server.port, {
      devices: [{ username: 'mfp-1', passwordHash: deviceHash }],
    })
    await expect(
      device(port, 'modern', { auth: { user: 'mfp-1', pass: 'wrong' } }).sendMail({
        envelope: { from: MAILBOX, to: ['office@contoso.example'] },
        raw: scan(null),
      }),
    ).rejects.toMatchObject({ responseCode: 535 })
    // A device that will not start TLS is never offered AUTH, so it cannot send at all.
    await expect(
      device(port, 'plaintext', { auth: { user: 'mfp-1', pass: 'mfp-Passw0rd' } }).sendMail({
        envelope: { from: MAILBOX, to: ['office@contoso.example'] },
        raw: scan(null),
      }),
    ).rejects.toThrow()
    expect(server.messages).toHaveLength(0)
  })

  it('accepts a TLS 1.0-only device on the LAN hop, and still sends on over TLS 1.2+', async () => {
    const server = await exchange()
    const { relay, port } = await relayTo(server.port)
    await device(port, 'tls1.0').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<old-1@mfp>'),
    })
    await waitFor('delivery', () => relay.status().lastDelivery !== null)
    expect(runner.logs.some((l) => l.includes('<old-1@mfp>') && / over TLSv1$/.test(l))).toBe(true)
    expect(server.sessions.at(-1)?.tlsProtocol).toMatch(/^TLSv1\.[23]$/)
  })

  it('takes a plaintext device only when tls.mode is none', async () => {
    const server = await exchange()
    const required = await relayTo(server.port, { tls: { mode: 'starttls-required' } })
    await expect(
      device(required.port, 'plaintext').sendMail({
        envelope: { from: MAILBOX, to: ['office@contoso.example'] },
        raw: scan(null),
      }),
    ).rejects.toMatchObject({ responseCode: 530 })
    const none = await relayTo(server.port, { tls: { mode: 'none' } })
    const info = await device(none.port, 'plaintext').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan(null),
    })
    // The message had no Message-ID: the relay gave it one, and Exchange gets that one.
    const assigned = /^250 2\.6\.0 (<[^>]+>)/.exec(info.response)?.[1]
    expect(assigned).toMatch(/@contoso\.example>$/)
    await waitFor('delivery', () => server.messages.length === 1)
    expect(server.messages[0]?.messageId).toBe(assigned)
  })

  it('refuses a device outside the allowlist with 550 5.7.1, and logs it', async () => {
    const server = await exchange()
    const { port } = await relayTo(server.port, { allow: ['127.0.0.2/32', '10.0.0.0/8'] })
    await expect(
      device(port, 'modern', { localAddress: '127.0.0.3' }).sendMail({
        envelope: { from: MAILBOX, to: ['office@contoso.example'] },
        raw: scan(null),
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/550 5\.7\.1/) })
    expect(runner.logs.some((l) => /refused 127\.0\.0\.3 at connect: 550 5\.7\.1/.test(l))).toBe(
      true,
    )
    const ok = await device(port, 'modern', { localAddress: '127.0.0.2' }).sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan(null),
    })
    expect(ok.response).toMatch(/^250 /)
  })

  it('refuses a MAIL FROM outside senders, too many recipients and an oversize message', async () => {
    const server = await exchange()
    const { relay, port } = await relayTo(server.port, {
      limits: { maxRecipients: 2, maxMessageBytes: 2048 },
    })
    await expect(
      device(port, 'modern').sendMail({
        envelope: { from: 'ceo@contoso.example', to: ['office@contoso.example'] },
        raw: scan(null),
      }),
    ).rejects.toMatchObject({ responseCode: 550, response: expect.stringMatching(/^550 5\.7\.1 /) })
    const many = await device(port, 'modern').sendMail({
      envelope: {
        from: MAILBOX,
        to: ['a@contoso.example', 'b@contoso.example', 'c@contoso.example'],
      },
      raw: scan(null),
    })
    expect(many.rejected).toEqual(['c@contoso.example'])
    expect(many.rejectedErrors?.[0]?.response).toMatch(/^452 4\.5\.3 Too many recipients/)
    await expect(
      device(port, 'modern').sendMail({
        envelope: { from: MAILBOX, to: ['office@contoso.example'] },
        raw: scan(null) + 'x'.repeat(4096),
      }),
    ).rejects.toMatchObject({ responseCode: 552 })
    await waitFor('delivery', () => server.messages.length === 1)
    expect(relay.status().queued).toBe(0)
  })
})

describe('relay: message content', () => {
  it('passes an 8 MB message through byte for byte, dot-stuffed lines included', async () => {
    const server = await exchange()
    const { relay, port } = await relayTo(server.port)
    const line = (i: number): string =>
      i % 7 === 0 ? `.${i} starts with a dot` : `line ${i} ${'x'.repeat(90)}`
    const body = Array.from({ length: 80_000 }, (_, i) => line(i)).join('\r\n')
    const raw = `${scan('<big-1@mfp>')}${body}\r\n`
    await device(port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw,
    })
    await waitFor('delivery', () => relay.status().lastDelivery !== null, 30_000)
    expect(server.messages[0]?.data.length).toBe(raw.length)
    expect(server.messages[0]?.data === raw).toBe(true)
  })
})

describe('relay: when Microsoft 365 refuses', () => {
  it('retries a 4xx with backoff, then delivers once with the same Message-ID', async () => {
    let calls = 0
    const server = await exchange({
      dataEndReply: () =>
        ++calls === 1 ? '451 4.3.2 Temporary server error' : '250 2.6.0 Queued mail for delivery',
    })
    const { relay, port } = await relayTo(server.port)
    await device(port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<retry-1@mfp>'),
    })
    await waitFor(
      'second attempt',
      () => server.messages.length === 2 && relay.status().queued === 0,
    )
    expect(server.messages.map((m) => m.messageId)).toEqual(['<retry-1@mfp>', '<retry-1@mfp>'])
    expect(runner.logs.some((l) => l.includes('will be retried'))).toBe(true)
    await new Promise((r) => setTimeout(r, 500))
    expect(server.messages).toHaveLength(2)
  })

  it('keeps a 5xx as failed, explained in status', async () => {
    const server = await exchange({
      dataEndReply: () =>
        '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    })
    const { relay, port, spoolDir } = await relayTo(server.port)
    await device(port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<denied-1@mfp>'),
    })
    await waitFor('failure', () => relay.status().failed === 1)
    await new Promise((r) => setTimeout(r, 400))
    expect(server.messages).toHaveLength(1)
    const status = await readRelayStatus(spoolDir)
    expect(status).toMatchObject({ running: true, queued: 0, failed: 1 })
    expect(status.failures[0]).toMatchObject({
      messageId: '<denied-1@mfp>',
      gateTitle: 'Not allowed to send as this address',
    })
    expect(status.failures[0]?.fix).toMatch(/Send As/)
    expect(status.lastError?.text).toMatch(/550 5\.7\.60/)
  })

  it('sends again later to a recipient refused for now, with the same Message-ID', async () => {
    let asked = 0
    const server = await exchange({
      rcptReply: (address) =>
        address === 'later@contoso.example' && ++asked === 1
          ? '451 4.3.2 Temporary server error. Please try again later'
          : undefined,
    })
    const { relay, port } = await relayTo(server.port)
    await device(port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example', 'later@contoso.example'] },
      raw: scan('<later-1@mfp>', ['office@contoso.example', 'later@contoso.example']),
    })
    await waitFor(
      'both deliveries',
      () => server.messages.length === 2 && relay.status().queued === 0,
    )
    expect(server.messages.map((m) => m.messageId)).toEqual(['<later-1@mfp>', '<later-1@mfp>'])
    expect(server.messages[1]?.data).toBe(server.messages[0]?.data)
    const rcpts = server.sessions.flatMap((x) =>
      x.commands.filter((c) => c.line.startsWith('RCPT TO')).map((c) => c.line),
    )
    expect(rcpts).toEqual([
      'RCPT TO:<office@contoso.example>',
      'RCPT TO:<later@contoso.example>',
      'RCPT TO:<later@contoso.example>',
    ])
    expect(relay.status()).toMatchObject({ failed: 0, queued: 0 })
    expect(runner.logs.join('\n')).toMatch(
      /refused for now, tried again later: later@contoso\.example/,
    )
  })

  it('keeps a message whose every recipient is refused as failed, explained', async () => {
    const server = await exchange({
      rcptReply: '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required',
    })
    const { relay, port } = await relayTo(server.port)
    await device(port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['group@contoso.example'] },
      raw: scan('<group-1@mfp>'),
    })
    await waitFor('failure', () => relay.status().failed === 1)
    const failure = relay.status().failures[0]
    expect(failure?.reply).toMatch(/^550 5\.7\.133/)
    expect(failure?.meaning).toMatch(/answered RCPT with "550 5\.7\.133/)
    expect(server.messages).toHaveLength(0)
  })

  it('sends nothing to a server whose certificate it cannot verify, and says why', async () => {
    const server = await peers.serve('self-signed-cert', { users: { [MAILBOX]: TOKEN } })
    const { relay, port } = await relayTo(server.port)
    await device(port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<mitm-1@mfp>'),
    })
    await waitFor('the problem', () => relay.status().lastError !== null)
    expect(relay.status().lastError?.text).toMatch(
      /certificate of 127\.0\.0\.1:\d+ could not be verified/,
    )
    expect(relay.status().queued).toBe(1)
    expect(server.messages).toHaveLength(0)
    expect(server.sessions.flatMap((s) => s.commands).some((c) => c.line.startsWith('AUTH'))).toBe(
      false,
    )
  })
})

describe('relay: the spool', () => {
  it('keeps the queue over a restart and delivers everything once', async () => {
    const spoolDir = await tempDir('relay-restart-')
    const port = await freePort()
    const deadPort = await freePort()
    const base = {
      listen: { address: '127.0.0.1', port },
      outbound: { host: '127.0.0.1', port: deadPort, username: MAILBOX },
    }
    // Microsoft 365 unreachable: the messages wait.
    const first = await runner.start({
      config: relayConfig(base, spoolDir),
      outboundCa: [peers.pki.ca.cert],
    })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const info = await device(port, 'modern').sendMail({
        envelope: { from: MAILBOX, to: ['office@contoso.example'] },
        raw: scan(i === 1 ? null : `<restart-${i}@mfp>`),
      })
      ids.push(/^250 2\.6\.0 (<[^>]+>)/.exec(info.response)?.[1] ?? '')
    }
    expect(first.status().queued).toBe(3)
    await first.stop()
    expect((await readRelayStatus(spoolDir)).queued).toBe(3)
    expect((await readRelayStatus(spoolDir)).running).toBe(false)

    const server = await exchange()
    const config = relayConfig(
      { ...base, outbound: { ...base.outbound, port: server.port } },
      spoolDir,
    )
    const second = await runner.start({ config, outboundCa: [peers.pki.ca.cert] })
    await waitFor(
      'all delivered',
      () => second.status().queued === 0 && server.messages.length === 3,
    )
    // Two sessions send side by side, so the order may differ; each message goes once.
    expect(server.messages.map((m) => m.messageId).sort()).toEqual([...ids].sort())
    await new Promise((r) => setTimeout(r, 300))
    expect(server.messages).toHaveLength(3)
  })
})
