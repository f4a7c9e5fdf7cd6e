/**
 * The relay's support log (`<spoolDir>/logs/scanpath.log`) with real peers: start, refusal,
 * delivery and stop lines, and no secret in it even when a hostile server echoes them back.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { hashPassword } from '../../electron/relay/password-hash'
import type { RelayTokenSource } from '../../electron/relay/token-source'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  fixedTokenSource,
  runRelayCommandInProcess,
  freePort,
  loopbackRelayConfig,
  MAILBOX,
  relayRunner,
  scan,
  TOKEN,
  waitFor,
} from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
afterEach(() => runner.stopAll())

const DEVICE_PASSWORD = 'mfp-Passw0rd-7731'
const CLIENT_SECRET = 'Qx8~relay.client-secret_4471'
// Not JWT-shaped: only the relay's own knowledge of the token can hide it.
const OPAQUE_TOKEN = 'opaque-access-token-9f3c2a71d5e8'

let deviceHash = ''
beforeAll(async () => {
  deviceHash = await hashPassword(DEVICE_PASSWORD)
})

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64')
}

async function relayTo(
  serverPort: number,
  raw: Record<string, unknown> = {},
  tokenSource: RelayTokenSource = fixedTokenSource(),
) {
  const spoolDir = await tempDir('relay-log-')
  const configFile = join(spoolDir, 'relay.json')
  const config = await loopbackRelayConfig(serverPort, spoolDir, raw)
  const port = config.listen.port
  const relay = await runner.start({
    config,
    configFile,
    tokenSource,
    outboundCa: [peers.pki.ca.cert],
  })
  const logFile = join(spoolDir, 'logs', 'scanpath.log')
  return { relay, port, spoolDir, configFile, logFile }
}

describe('relay: the support log', () => {
  it('records start, a refused device, a delivery and the stop, in the spool folder', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const { relay, port, configFile, logFile } = await relayTo(server.port, {
      allow: ['127.0.0.2/32'],
    })
    expect(relay.supportLog.file).toBe(logFile)
    await expect(
      device(port, 'modern', { localAddress: '127.0.0.3' }).sendMail({
        envelope: { from: MAILBOX, to: ['office@contoso.example'] },
        raw: scan('<refused-1@mfp>'),
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/550 5\.7\.1/) })
    await device(port, 'modern', { localAddress: '127.0.0.2' }).sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<logged-1@mfp>'),
    })
    await waitFor('delivery', () => server.messages.length === 1 && relay.status().queued === 0)
    await relay.stop('the test is over')

    const lines = (await readFile(logFile, 'utf8')).trimEnd().split('\n')
    const find = (re: RegExp): string | undefined => lines.find((l) => re.test(l))
    const start = find(/ INFO +\[relay\] start /)
    expect(start).toContain(`listen="127.0.0.1:${port}"`)
    expect(start).toContain(`config="${configFile}"`)
    expect(start).toContain(`mailbox="${MAILBOX}"`)
    expect(find(/ WARN +\[relay\] refused /)).toMatch(
      /device="127\.0\.0\.3" stage="connect" reply="550 5\.7\.1 /,
    )
    expect(find(/\[relay\] queued messageId="<logged-1@mfp>" device="127\.0\.0\.2"/)).toBeDefined()
    expect(find(/ INFO +\[relay\] delivered /)).toMatch(
      /messageId="<logged-1@mfp>" device="127\.0\.0\.2" recipients=1 reply="250 2\.6\.0 Queued mail for delivery"/,
    )
    expect(lines.at(-1)).toMatch(/ INFO +\[relay\] stop reason="the test is over" queued=0$/)
    // The service journal (stderr) keeps its own lines.
    expect(runner.logs.some((l) => l.startsWith('relay: listening on'))).toBe(true)
    expect(runner.logs.some((l) => /relay: stopped; 0 message\(s\) left queued/.test(l))).toBe(true)
  })

  it('logs a failure with its reason and never a secret, even one a hostile server echoes', async () => {
    const sasl = b64(`user=${MAILBOX}\x01auth=Bearer ${OPAQUE_TOKEN}\x01\x01`)
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: OPAQUE_TOKEN },
      dataEndReply: () =>
        `554 5.6.0 Rejected; you sent AUTH XOAUTH2 ${sasl} token ${OPAQUE_TOKEN} (${b64(OPAQUE_TOKEN)}) password=${DEVICE_PASSWORD} "password":"${DEVICE_PASSWORD}" client_secret=${CLIENT_SECRET} Authorization: Bearer ${OPAQUE_TOKEN}`,
    })
    const { relay, port, logFile } = await relayTo(
      server.port,
      { devices: [{ username: 'mfp-1', passwordHash: deviceHash }] },
      fixedTokenSource(OPAQUE_TOKEN),
    )
    await device(port, 'modern', { auth: { user: 'mfp-1', pass: DEVICE_PASSWORD } }).sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<hostile-1@mfp>'),
    })
    await waitFor('failure', () => relay.status().failed === 1)
    await relay.stop()

    const text = await readFile(logFile, 'utf8')
    const failed = text.split('\n').find((l) => l.includes('[relay] failed '))
    expect(failed).toMatch(/ ERROR \[relay\] failed messageId="<hostile-1@mfp>"/)
    expect(failed).toMatch(/reply="554 5\.6\.0 Rejected/)
    expect(failed).toMatch(/fix="/)
    expect(text).toMatch(/\[relay\] queued messageId="<hostile-1@mfp>".* user="mfp-1"/)
    for (const secret of [OPAQUE_TOKEN, b64(OPAQUE_TOKEN), sasl, DEVICE_PASSWORD, CLIENT_SECRET]) {
      expect(text).not.toContain(secret)
      expect(runner.logs.join('\n')).not.toContain(secret)
      expect(JSON.stringify(relay.status())).not.toContain(secret)
    }
    // Not even the start of the token the explainer's cut quote would keep.
    expect(text).not.toContain(OPAQUE_TOKEN.slice(0, 12))
    expect(JSON.stringify(relay.status())).not.toContain(OPAQUE_TOKEN.slice(0, 12))
    // The server really did see the token: the test would catch a relay that never sent it.
    expect(
      server.sessions.some((s) => s.commands.some((c) => c.line === `AUTH XOAUTH2 ${sasl}`)),
    ).toBe(true)
  })

  it('hides the sign-in a hostile server echoes in its 250, in the log and the status', async () => {
    const sasl = b64(`user=${MAILBOX}\x01auth=Bearer ${OPAQUE_TOKEN}\x01\x01`)
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: OPAQUE_TOKEN },
      dataEndReply: () => `250 2.6.0 Queued; you sent ${sasl} as ${OPAQUE_TOKEN}`,
    })
    const { relay, port, logFile } = await relayTo(server.port, {}, fixedTokenSource(OPAQUE_TOKEN))
    await device(port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<echo-1@mfp>'),
    })
    await waitFor('delivery', () => server.messages.length === 1 && relay.status().queued === 0)
    await relay.stop()
    const text = await readFile(logFile, 'utf8')
    expect(text).toMatch(
      /\[relay\] delivered messageId="<echo-1@mfp>".* reply="250 2\.6\.0 Queued; you sent \[hidden\] as \[hidden\]"/,
    )
    expect(relay.status().lastDelivery?.response).toBe(
      '250 2.6.0 Queued; you sent [hidden] as [hidden]',
    )
  })

  it('hides a device password and a client secret a hostile server echoes bare', async () => {
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: TOKEN },
      dataEndReply: () =>
        `250 2.6.0 Queued; seen ${DEVICE_PASSWORD} and ${CLIENT_SECRET} (${b64(CLIENT_SECRET)})`,
    })
    const spoolDir = await tempDir('relay-log-bare-')
    const config = await loopbackRelayConfig(server.port, spoolDir, {
      devices: [{ username: 'mfp-1', passwordHash: deviceHash }],
    })
    const port = config.listen.port
    // The relay holds the app's client secret (app-only sign-in): `relay --config` passes it on.
    const relay = await runner.start({
      config,
      knownSecrets: [CLIENT_SECRET],
      outboundCa: [peers.pki.ca.cert],
    })
    await device(port, 'modern', { auth: { user: 'mfp-1', pass: DEVICE_PASSWORD } }).sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<bare-1@mfp>'),
    })
    await waitFor('delivery', () => server.messages.length === 1 && relay.status().queued === 0)
    await relay.stop()
    const text = await readFile(join(spoolDir, 'logs', 'scanpath.log'), 'utf8')
    const reply = '250 2.6.0 Queued; seen [hidden] and [hidden] ([hidden])'
    expect(text).toContain(`reply="${reply}"`)
    expect(relay.status().lastDelivery?.response).toBe(reply)
    for (const secret of [DEVICE_PASSWORD, CLIENT_SECRET, b64(CLIENT_SECRET)]) {
      expect(text).not.toContain(secret)
      expect(runner.logs.join('\n')).not.toContain(secret)
    }
  })

  it('records a pause with its reason when the sign-in fails', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const failing: RelayTokenSource = {
      kind: 'app-only',
      username: MAILBOX,
      token: () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided.')),
    }
    const { relay, port, logFile } = await relayTo(server.port, {}, failing)
    await device(port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<paused-1@mfp>'),
    })
    await waitFor('the pause', () => relay.status().lastError !== null)
    await relay.stop()
    const text = await readFile(logFile, 'utf8')
    expect(text).toMatch(/ WARN +\[relay\] paused until="[^"]+" .*reason="No Microsoft 365 sign-in/)
    expect(server.messages).toHaveLength(0)
  })

  it('is written by `scanpath relay --config FILE` next to its stderr lines', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const dir = await tempDir('relay-log-cli-')
    const file = join(dir, 'relay.json')
    const port = await freePort()
    await writeFile(
      file,
      JSON.stringify({
        listen: { address: '127.0.0.1', port },
        allow: ['127.0.0.0/8'],
        senders: [MAILBOX],
        outbound: { host: '127.0.0.1', port: server.port, username: MAILBOX },
        spoolDir: 'state',
      }),
    )
    // No CA for the test server: the run only checks starting and stopping.
    const run = runRelayCommandInProcess(file)
    await waitFor('listening', () => run.stderr().includes('relay: listening on 127.0.0.1:'))
    run.stop()
    expect(await run.exit).toBe(0)
    expect(run.stderr()).toMatch(/relay: stopped; 0 message\(s\) left queued \(asked to stop\)/)
    const log = await readFile(join(dir, 'state', 'logs', 'scanpath.log'), 'utf8')
    expect(log).toMatch(
      new RegExp(
        `\\[relay\\] start listen="127\\.0\\.0\\.1:${port}" config="${file.replace(/[.]/g, '\\.')}"`,
      ),
    )
    expect(log).toMatch(/\[relay\] stop reason="asked to stop" queued=0\n$/)
  })
})
