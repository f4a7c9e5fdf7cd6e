/**
 * `scanpath relay` as a technician runs it (the built CLI): config mistakes named by field, the
 * status of a spool (read-only), and the device password hash.
 */
import { readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { verifyPassword } from '../../electron/relay/password-hash'
import { readRelayStatus } from '../../electron/relay/relay-status'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { scanpath } from '../helpers/run-scanpath'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  runRelayCommandInProcess,
  freePort,
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

async function configFile(dir: string, raw: Record<string, unknown>): Promise<string> {
  const file = join(dir, 'relay.json')
  await writeFile(file, JSON.stringify(raw))
  return file
}

async function listing(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name)
    const s = await stat(p)
    out.push(`${p} ${s.size} ${s.mtimeMs}`)
  }
  return out.sort()
}

describe('scanpath relay', () => {
  it('names the field of every mistake in the config file and does not start', async () => {
    const dir = await tempDir('relay-cli-')
    const file = await configFile(dir, {
      listen: { address: '0.0.0.0', port: 25 },
      senders: [MAILBOX],
      outbound: { username: MAILBOX, port: 'x' },
      spoolDir: 'spool',
    })
    const r = await scanpath(['relay', '--config', file])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`scanpath relay: ${file} has a problem:`)
    expect(r.stderr).toMatch(/outbound\.port: must be a port number/)
    const wild = await configFile(dir, {
      listen: { address: '0.0.0.0', port: 25 },
      senders: [MAILBOX],
      outbound: { username: MAILBOX },
      spoolDir: 'spool',
    })
    const w = await scanpath(['relay', '--config', wild])
    expect(w.code).toBe(2)
    expect(w.stderr).toMatch(
      /listen\.address: 0\.0\.0\.0 listens on every network of this computer/,
    )
    const missing = await scanpath(['relay', '--config', join(dir, 'nope.json')])
    expect(missing.stderr).toMatch(/nope\.json: no such file/)
  })

  it('a config without a sign-in: says what to add, and does not start', async () => {
    const dir = await tempDir('relay-cli-')
    const file = await configFile(dir, {
      listen: { address: '127.0.0.1', port: await freePort() },
      senders: [MAILBOX],
      outbound: { username: MAILBOX },
      spoolDir: 'spool',
    })
    const r = await scanpath(['relay', '--config', file])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/has no "signIn": add "signIn": \{"kind": "delegated"/)
  })

  it('shows the status of a spool without changing it', async () => {
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: TOKEN },
      dataEndReply: () =>
        '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    })
    const dir = await tempDir('relay-cli-')
    const raw = {
      listen: { address: '127.0.0.1', port: await freePort() },
      senders: [MAILBOX],
      outbound: { host: '127.0.0.1', port: server.port, username: MAILBOX },
      spoolDir: join(dir, 'spool'),
    }
    const relay = await runner.start({
      config: relayConfig(raw, raw.spoolDir),
      outboundCa: [peers.pki.ca.cert],
    })
    await device(relay.listening.port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<cli-1@mfp>'),
    })
    await waitFor('failure', () => relay.status().failed === 1)
    await relay.stop()
    const file = await configFile(dir, raw)
    const before = await listing(raw.spoolDir)

    const json = await scanpath(['relay', 'status', '--config', file, '--json'])
    expect(json.code).toBe(0)
    const out = JSON.parse(json.stdout) as { relay: Record<string, unknown> }
    expect(out.relay).toMatchObject({
      running: false,
      queued: 0,
      failed: 1,
      failures: [{ messageId: '<cli-1@mfp>', gateTitle: 'Not allowed to send as this address' }],
      tokenExpiresOn: '2099-01-01T00:00:00.000Z',
    })
    const text = await scanpath(['relay', 'status', '--config', file])
    expect(text.stdout).toContain('State:          not running')
    expect(text.stdout).toContain('Failed:         1 message(s)')
    expect(text.stdout).toMatch(/<cli-1@mfp> from scanner@contoso\.example/)
    expect(text.stdout).toMatch(/Not allowed to send as this address: .*550 5\.7\.60/)
    expect(text.stdout).toMatch(/Fix: .*Send As/)
    expect(await listing(raw.spoolDir)).toEqual(before)
  })

  it('runs until told to stop, then stops gracefully and says so', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const dir = await tempDir('relay-cli-')
    const file = await configFile(dir, {
      listen: { address: '127.0.0.1', port: await freePort() },
      allow: ['127.0.0.0/8'],
      senders: [MAILBOX],
      outbound: { host: '127.0.0.1', port: server.port, username: MAILBOX },
      spoolDir: 'spool',
    })
    // No CA for the test server: the run only checks starting and stopping.
    const run = runRelayCommandInProcess(file)
    await waitFor('listening', () => run.stderr().includes('relay: listening on 127.0.0.1:'))
    expect((await readRelayStatus(join(dir, 'spool'))).running).toBe(true)
    run.stop()
    expect(await run.exit).toBe(0)
    expect(run.stderr()).toMatch(/relay: stopped; 0 message\(s\) left queued/)
    expect((await readRelayStatus(join(dir, 'spool'))).running).toBe(false)
  })

  it('makes a device password hash that the relay accepts, never echoing the password', async () => {
    const r = await scanpath(['relay', 'hash-password'], { stdin: 'Printer-Pass 1\n' })
    expect(r.code).toBe(0)
    const hash = r.stdout.trim()
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(r.stdout + r.stderr).not.toContain('Printer-Pass 1')
    expect(await verifyPassword('Printer-Pass 1', hash)).toBe(true)
    expect(await verifyPassword('Printer-Pass 2', hash)).toBe(false)
    const empty = await scanpath(['relay', 'hash-password'])
    expect(empty.code).toBe(2)
  })

  it('refuses unknown subcommands and misplaced options', async () => {
    expect((await scanpath(['relay', 'statsu', '--config', 'x'])).stderr).toMatch(
      /unknown relay command "statsu"/,
    )
    expect((await scanpath(['relay'])).stderr).toMatch(/missing --config FILE/)
    expect((await scanpath(['relay', '--config', 'x', '--json'])).stderr).toMatch(
      /--json goes with relay status/,
    )
  })
})
