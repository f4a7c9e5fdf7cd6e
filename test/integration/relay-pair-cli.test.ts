/**
 * `scanpath relay pair` through the built command: the code it prints lets the app watch the
 * running relay (read from the encrypted file store on each connection), a new code replaces the
 * old one without a restart, and the code is never on disk in clear.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { watchRelay } from '../../electron/relay/status-link/client'
import { scanpath } from '../helpers/run-scanpath'
import { useTempDirs } from '../helpers/temp-dirs'
import { freePort, linkWatcher, MAILBOX, runRelayCommandInProcess, waitFor } from './relay-helpers'

const tempDir = useTempDirs()
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(secrets?: Record<string, unknown>) {
  const dir = await tempDir('relay-pair-')
  const keyDir = await tempDir('relay-pair-key-')
  const statusPort = await freePort()
  const file = join(dir, 'relay.json')
  await writeFile(
    file,
    JSON.stringify({
      listen: { address: '127.0.0.1', port: await freePort() },
      senders: [MAILBOX],
      outbound: { host: '127.0.0.1', port: 9, username: MAILBOX },
      spoolDir: 'spool',
      status: { port: statusPort },
      secrets: secrets ?? {
        store: 'file',
        file: join(dir, 'state', 'secrets.json'),
        keyFile: join(keyDir, 'relay-key'),
      },
    }),
  )
  return { dir, file, statusPort }
}

async function pair(file: string): Promise<string> {
  const r = await scanpath(['relay', 'pair', '--config', file])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  const m = /^Pairing code: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})\n/.exec(r.stdout)
  expect(r.stdout).toMatch(
    /Type it in ScanPath's Verify step with the relay's address 127\.0\.0\.1:\d+/,
  )
  return m?.[1] ?? ''
}

function watch(port: number, code: string) {
  const w = linkWatcher()
  const h = watchRelay({ host: '127.0.0.1', port, code }, w)
  cleanups.push(() => h.close())
  return w
}

describe('scanpath relay pair (built CLI)', () => {
  it('prints a code the running relay accepts; a new code replaces it; none in clear on disk', async () => {
    const s = await setup()
    const first = await pair(s.file)
    const relay = runRelayCommandInProcess(s.file)
    cleanups.push(async () => {
      relay.stop()
      await relay.exit
    })
    await waitFor('the status link', () => relay.stderr().includes('relay: status link on'), 20_000)

    const ok = watch(s.statusPort, first)
    await waitFor('a status', () => ok.statuses.length > 0 || ok.problem !== null)
    expect(ok.problem).toBeNull()
    expect(ok.statuses[0]?.account).toBe(MAILBOX)

    const second = await pair(s.file)
    expect(second).not.toBe(first)
    // The relay keeps a read code for up to 3 s.
    await new Promise((r) => setTimeout(r, 3500))
    const old = watch(s.statusPort, first)
    const fresh = watch(s.statusPort, second)
    await waitFor('both answers', () => old.problem !== null && fresh.statuses.length > 0)
    expect(old.problem?.problem).toBe('wrong-code')
    expect(fresh.problem).toBeNull()

    let onDisk = ''
    for (const e of await readdir(s.dir, { withFileTypes: true, recursive: true }))
      if (e.isFile()) onDisk += (await readFile(join(e.parentPath, e.name))).toString('latin1')
    for (const code of [first, second]) {
      expect(onDisk).not.toContain(code)
      expect(onDisk).not.toContain(code.replace(/-/g, ''))
    }
  })

  it('names what is missing when the file store has no key file', async () => {
    const s = await setup({ store: 'file' })
    const r = await scanpath(['relay', 'pair', '--config', s.file], {
      env: { CREDENTIALS_DIRECTORY: undefined, STATE_DIRECTORY: undefined },
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/secrets\.keyFile in .*relay\.json: is missing/)
    expect(r.stdout).toBe('')
  })

  it('a relay never paired refuses the app and logs what to run', async () => {
    const s = await setup()
    const relay = runRelayCommandInProcess(s.file)
    cleanups.push(async () => {
      relay.stop()
      await relay.exit
    })
    await waitFor('the status link', () => relay.stderr().includes('relay: status link on'), 20_000)
    const w = watch(s.statusPort, '7KQ4-M2XD-9T3P-HWRB-5N8E')
    await waitFor('a problem', () => w.problem !== null)
    expect(w.problem?.problem).toBe('wrong-code')
    expect(w.problem?.message).toMatch(/no pairing code yet/)
    expect(relay.stderr()).toMatch(
      /status link refused 127\.0\.0\.1: this relay has no pairing code yet: run `scanpath relay pair/,
    )
  })
})
