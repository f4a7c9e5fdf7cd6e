/**
 * The relay's allowlist checked from a real second address: a device in a network namespace
 * (10.233.N.2) joined by a veth pair to the relay's address on this host (10.233.N.1).
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { createVethNamespace, deleteNamespace, netnsSupport } from '../helpers/netns'
import { requirePeer } from '../helpers/require-peer'
import { useTempDirs } from '../helpers/temp-dirs'
import { relayConfig, relayRunner, MAILBOX } from './relay-helpers'

const execFileAsync = promisify(execFile)
const support = await netnsSupport()
const peer = requirePeer('network namespaces', support.ok ? null : support.reason)
const tempDir = useTempDirs()
const runner = relayRunner()
afterEach(() => runner.stopAll())

let ns = ''
let hostAddr = ''
let nsAddr = ''

beforeAll(async () => {
  if (peer.missing) return
  ;({ ns, hostAddr, nsAddr } = await createVethNamespace('10.233'))
})

afterAll(async () => {
  if (ns) await deleteNamespace(ns)
})

/** The first reply a device in the namespace gets from host:port (its greeting, or a refusal). */
async function greetingFromNamespace(port: number): Promise<string> {
  const script = `
    const s = require('node:net').connect(${port}, ${JSON.stringify(hostAddr)})
    let b = ''
    s.on('data', (d) => { b += d; if (b.endsWith('\\r\\n')) { process.stdout.write(b); s.destroy() } })
    s.on('error', (e) => process.stdout.write('ERROR ' + e.code))
    setTimeout(() => { process.stdout.write('TIMEOUT ' + b); process.exit(0) }, 5000).unref()
  `
  const { stdout } = await execFileAsync(
    'ip',
    ['netns', 'exec', ns, process.execPath, '-e', script],
    {
      timeout: 10_000,
    },
  )
  return stdout
}

describe.skipIf(peer.missing)(peer.title('relay allowlist from a second address'), () => {
  async function relayAllowing(allow: string[]) {
    const spoolDir = await tempDir('relay-netns-')
    const config = relayConfig(
      {
        listen: { address: hostAddr, port: 2525 },
        allow,
        outbound: { host: '127.0.0.1', port: 9, username: MAILBOX },
      },
      spoolDir,
    )
    return runner.start({ config })
  }

  it('refuses a device whose address is not listed with 550 5.7.1, and logs it', async () => {
    await relayAllowing([`${hostAddr}/32`])
    const reply = await greetingFromNamespace(2525)
    expect(reply).toMatch(/^550 5\.7\.1 Client host not allowed to relay/)
    expect(runner.logs.some((l) => l.includes(`refused ${nsAddr} at connect: 550 5.7.1`))).toBe(
      true,
    )
  })

  it('greets the same device once its subnet is listed', async () => {
    await relayAllowing(['10.233.0.0/16'])
    expect(await greetingFromNamespace(2525)).toMatch(/^220 /)
  })
})
