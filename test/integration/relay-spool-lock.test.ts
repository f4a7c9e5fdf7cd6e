/**
 * One relay per spool: a second `scanpath relay` on a spool in use (a technician starting the
 * service's config by hand) is refused before it touches a file, so the running relay loses
 * nothing; the lock goes with the relay that held it (a stop here, a SIGKILL in
 * relay-crash.test.ts, whose restarts take the same spool at once).
 */
import { readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, describe, expect, it, vi } from 'vitest'

import { SPARE_FILES } from '../../electron/relay/spool'
import { lockSpool, SpoolInUseError, spoolLockAddress } from '../../electron/relay/spool-lock'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  freePort,
  MAILBOX,
  relayConfig,
  relayRunner,
  runRelayCommandInProcess,
  scan,
  TOKEN,
  waitFor,
} from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
afterEach(() => runner.stopAll())

/** Every file in the queue folder with its size: what a second relay must not change. */
async function queueListing(spoolDir: string): Promise<string[]> {
  const dir = join(spoolDir, 'queue')
  const names = await readdir(dir)
  return Promise.all(names.sort().map(async (n) => `${n} ${(await stat(join(dir, n))).size}`))
}

describe('relay spool lock', () => {
  it('refuses a second relay on a spool in use, and the first loses nothing', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const dir = await tempDir('relay-lock-')
    const spoolDir = join(dir, 'spool')
    const listen = { address: '127.0.0.1', port: await freePort() }
    const raw = {
      listen,
      allow: ['127.0.0.0/8'],
      senders: [MAILBOX],
      outbound: { host: '127.0.0.1', port: server.port, username: MAILBOX },
    }
    const first = await runner.start({
      config: relayConfig(raw, spoolDir),
      outboundCa: [peers.pki.ca.cert],
    })
    // The empty files the first relay keeps ready for the next messages.
    await vi.waitFor(async () => expect(await queueListing(spoolDir)).toHaveLength(SPARE_FILES.max))
    const before = await queueListing(spoolDir)

    // The same config started by hand (the CLI as a technician runs it): refused, with the fix.
    const file = join(dir, 'relay.json')
    await writeFile(file, JSON.stringify({ ...raw, spoolDir }))
    const again = runRelayCommandInProcess(file)
    expect(await again.exit).toBe(1)
    expect(again.stderr()).toContain(
      `scanpath relay: spoolDir: another ScanPath Relay is already using ${spoolDir}. Stop it ` +
        `first (the service: sudo systemctl stop scanpath-relay), or give this one its own spoolDir.`,
    )
    // Another listen port does not get round it.
    await expect(
      runner.start({
        config: relayConfig({ ...raw, listen: { ...listen, port: await freePort() } }, spoolDir),
      }),
    ).rejects.toBeInstanceOf(SpoolInUseError)
    expect(await queueListing(spoolDir)).toEqual(before)

    // The first relay goes on: messages into the files it had ready are delivered.
    for (const id of ['<lock-1@mfp>', '<lock-2@mfp>', '<lock-3@mfp>'])
      await device(first.listening.port, 'modern').sendMail({
        envelope: { from: MAILBOX, to: ['office@contoso.example'] },
        raw: scan(id),
      })
    await waitFor('delivery', () => server.messages.length === 3)
    expect(server.messages.map((m) => m.messageId)).toEqual([
      '<lock-1@mfp>',
      '<lock-2@mfp>',
      '<lock-3@mfp>',
    ])

    // Once it has stopped, the spool is free.
    await first.stop()
    const next = await runner.start({ config: relayConfig(raw, spoolDir) })
    expect(next.status().queued).toBe(0)
  })

  it('on Linux holds no file: nothing is left to go stale after a crash', async () => {
    const dir = await tempDir('relay-lock-file-')
    const lock = await lockSpool(dir)
    expect(spoolLockAddress(dir, 'linux').startsWith('\0scanpath-relay-spool-')).toBe(true)
    expect(spoolLockAddress(dir, 'win32')).toMatch(
      /^\\\\\.\\pipe\\scanpath-relay-spool-[0-9a-f]{32}$/,
    )
    expect(await readdir(dir)).toEqual([])
    await expect(lockSpool(dir)).rejects.toThrow(/already using/)
    await lock.release()
    await (await lockSpool(dir)).release()
  })

  it('elsewhere (macOS) holds a socket file, and takes over one nobody answers on', async () => {
    const dir = await tempDir('relay-lock-sock-')
    const file = join(dir, '.relay.lock')
    // Left by a relay that ended without a stop: a file at the lock's name, no one listening.
    await writeFile(file, '')
    const lock = await lockSpool(dir, 'darwin')
    expect((await stat(file)).isSocket()).toBe(true)
    await expect(lockSpool(dir, 'darwin')).rejects.toThrow(
      `spoolDir: another ScanPath Relay is already using ${dir}. Stop it first, or give this ` +
        'one its own spoolDir.',
    )
    await lock.release()
    expect(await readdir(dir)).toEqual([])
    await (await lockSpool(dir, 'darwin')).release()
  })

  it('names the Windows task in the refusal there', () => {
    expect(new SpoolInUseError('C:\\ProgramData\\ScanPath Relay\\spool', 'win32').message).toBe(
      'spoolDir: another ScanPath Relay is already using C:\\ProgramData\\ScanPath Relay\\spool. ' +
        "Stop it first (the service: Stop-ScheduledTask 'ScanPath Relay'), or give this one its " +
        'own spoolDir.',
    )
  })
})
