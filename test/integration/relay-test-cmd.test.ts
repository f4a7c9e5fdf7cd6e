/**
 * `scanpath relay test`: a test message from the relay's own machine through the running relay
 * to the Exchange-like server, followed until it is delivered, refused or still queued; and the
 * relay's rule that its own machine is a trusted sender while every other address needs the
 * allowlist (and a device sign-in when devices are listed).
 */
import { PassThrough } from 'node:stream'

import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { parseRelayCommand } from '../../electron/cli/relay-cmd'
import { runRelayTest } from '../../electron/cli/relay-test-cmd'
import { hashPassword } from '../../electron/relay/password-hash'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import { device, freePort, MAILBOX, relayConfig, relayRunner, scan, TOKEN } from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
afterEach(() => runner.stopAll())

let deviceHash = ''
beforeAll(async () => {
  deviceHash = await hashPassword('mfp-Passw0rd')
})

/** A relay on 127.0.0.1 that only lists other devices and requires a device sign-in. */
async function strictRelay(serverPort: number) {
  const spoolDir = await tempDir('relay-test-spool-')
  const config = relayConfig(
    {
      listen: { address: '127.0.0.1', port: await freePort() },
      allow: ['127.0.0.2/32'],
      devices: [{ username: 'mfp-1', passwordHash: deviceHash }],
      outbound: { host: '127.0.0.1', port: serverPort, username: MAILBOX },
    },
    spoolDir,
  )
  await runner.start({ config, outboundCa: [peers.pki.ca.cert] })
  return config
}

function io() {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.on('data', (b: Buffer) => (stdout += b.toString()))
  err.on('data', (b: Buffer) => (stderr += b.toString()))
  return { out, err, text: () => ({ stdout, stderr }) }
}

describe('scanpath relay test', () => {
  it('sends from this machine through the relay and reports the delivery to Microsoft 365', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const config = await strictRelay(server.port)
    const o = io()
    const code = await runRelayTest(config, {
      to: 'it@contoso.example',
      timeoutS: 20,
      stdout: o.out,
      stderr: o.err,
      pollMs: 50,
    })
    expect(o.text().stderr).toBe('')
    expect(code).toBe(0)
    expect(o.text().stdout).toMatch(/^Accepted by the relay at 127\.0\.0\.1:\d+ \(250 /m)
    expect(o.text().stdout).toMatch(/Delivered to 127\.0\.0\.1:\d+ for it@contoso\.example/)
    expect(server.messages).toHaveLength(1)
    expect(server.messages[0]?.data).toContain('Subject: ScanPath Relay test')
  })

  it('says what Microsoft 365 refused, explained, and exits 1', async () => {
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: TOKEN },
      dataEndReply: () =>
        '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    })
    const config = await strictRelay(server.port)
    const o = io()
    const code = await runRelayTest(config, {
      to: 'it@contoso.example',
      timeoutS: 20,
      stdout: o.out,
      stderr: o.err,
      pollMs: 50,
    })
    expect(code).toBe(1)
    expect(o.text().stderr).toMatch(/Microsoft 365 refused the test message: .*550 5\.7\.60/)
    expect(o.text().stderr).toMatch(/Fix: .*Send As/)
  })

  it('a relay that cannot deliver: still queued after the wait, with the reason, exit 1', async () => {
    const config = await strictRelay(await freePort())
    const o = io()
    const code = await runRelayTest(config, {
      to: 'it@contoso.example',
      timeoutS: 2,
      stdout: o.out,
      stderr: o.err,
      pollMs: 50,
    })
    expect(code).toBe(1)
    expect(o.text().stderr).toMatch(/still queued after 2 s/)
    expect(o.text().stderr).toMatch(/The message stays queued: the relay keeps trying\./)
  })

  it('a relay that is not running: says to start it, sends nothing', async () => {
    const spoolDir = await tempDir('relay-test-stopped-')
    const config = relayConfig(
      {
        listen: { address: '127.0.0.1', port: await freePort() },
        outbound: { host: '127.0.0.1', port: await freePort(), username: MAILBOX },
      },
      spoolDir,
    )
    const o = io()
    expect(
      await runRelayTest(config, {
        to: 'it@contoso.example',
        timeoutS: 2,
        stdout: o.out,
        stderr: o.err,
      }),
    ).toBe(1)
    expect(o.text().stderr).toMatch(/is not running: start it first/)
  })

  it('another address still needs the allowlist and, when devices are listed, a sign-in', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const config = await strictRelay(server.port)
    const port = config.listen.port
    const mail = { envelope: { from: MAILBOX, to: ['office@contoso.example'] }, raw: scan(null) }
    // Listed, but no sign-in: refused at MAIL FROM, as Exchange words it.
    await expect(
      device(port, 'modern', { localAddress: '127.0.0.2' }).sendMail(mail),
    ).rejects.toMatchObject({ responseCode: 530, response: expect.stringMatching(/5\.7\.57/) })
    // Not listed: refused at once.
    await expect(
      device(port, 'modern', { localAddress: '127.0.0.3' }).sendMail(mail),
    ).rejects.toMatchObject({ responseCode: 550 })
    // Listed and signed in: taken.
    await device(port, 'modern', {
      localAddress: '127.0.0.2',
      auth: { user: 'mfp-1', pass: 'mfp-Passw0rd' },
    }).sendMail(mail)
  })

  it('parses its flags, with clear errors', () => {
    expect(
      parseRelayCommand(['relay', 'test', '--config', 'r.json', '--to', 'a@b.example']),
    ).toEqual({
      kind: 'test',
      config: 'r.json',
      to: 'a@b.example',
      timeoutS: 120,
    })
    expect(parseRelayCommand(['relay', 'test', '--config', 'r.json'])).toMatchObject({
      kind: 'usage-error',
      message: 'relay test needs --to ADDR',
    })
    expect(
      parseRelayCommand(['relay', 'test', '--config', 'r.json', '--to', 'nobody']),
    ).toMatchObject({ kind: 'usage-error', message: expect.stringMatching(/^--to: /) })
    expect(
      parseRelayCommand([
        'relay',
        'test',
        '--config',
        'r.json',
        '--to',
        'a@b.example',
        '--timeout-s',
        '0',
      ]),
    ).toMatchObject({ kind: 'usage-error' })
    expect(parseRelayCommand(['relay', '--config', 'r.json', '--to', 'a@b.example'])).toMatchObject(
      {
        kind: 'usage-error',
        message: '--to and --timeout-s go with relay test',
      },
    )
  })
})
