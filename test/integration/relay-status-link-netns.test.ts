/**
 * The status link's allowlist checked from a real second address: a computer in a network
 * namespace (10.234.N.2) joined by a veth pair to the relay's address on this host (10.234.N.1).
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { watchRelay } from '../../electron/relay/status-link/client'
import {
  createFilteredHost,
  createVethNamespace,
  deleteNamespace,
  netnsSupport,
} from '../helpers/netns'
import { requirePeer } from '../helpers/require-peer'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  linkWatcher,
  MAILBOX,
  PAIRING_CODE,
  pairedWith,
  relayConfig,
  relayRunner,
  waitFor,
} from './relay-helpers'

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
  ;({ ns, hostAddr, nsAddr } = await createVethNamespace('10.234'))
})

afterAll(async () => {
  if (ns) await deleteNamespace(ns)
})

/** What a TLS client in the namespace reads from host:port before it closes (or ERROR/TIMEOUT). */
async function fromNamespace(port: number): Promise<string> {
  const script = `
    const s = require('node:tls').connect({ port: ${port}, host: ${JSON.stringify(hostAddr)}, rejectUnauthorized: false })
    let b = ''
    s.on('data', (d) => { b += d; if (b.includes('\\n')) { process.stdout.write(b); s.destroy() } })
    s.on('error', (e) => process.stdout.write('ERROR ' + (e.code || e.message)))
    s.on('close', () => { if (!b) process.stdout.write('CLOSED') })
    setTimeout(() => { process.stdout.write('TIMEOUT ' + b); process.exit(0) }, 5000).unref()
  `
  const { stdout } = await execFileAsync(
    'ip',
    ['netns', 'exec', ns, process.execPath, '-e', script],
    { timeout: 10_000 },
  )
  return stdout
}

describe.skipIf(peer.missing)(peer.title('status link allowlist from a second address'), () => {
  async function relayAllowing(allow: string[], statusAllow: string[]) {
    const spoolDir = await tempDir('relay-link-netns-')
    const config = relayConfig(
      {
        listen: { address: hostAddr, port: 2525 },
        allow,
        status: { port: 2580, allow: statusAllow },
        outbound: { host: '127.0.0.1', port: 9, username: MAILBOX },
      },
      spoolDir,
    )
    return runner.start({ config, ...pairedWith() })
  }

  it('closes a computer outside "allow" and "status.allow" at once, and logs it', async () => {
    await relayAllowing([`${hostAddr}/32`], [])
    const got = await fromNamespace(2580)
    expect(got).not.toContain('SCANPATH-RELAY-STATUS')
    expect(got).toMatch(/^(ERROR|CLOSED)/)
    const refusal = `status link refused ${nsAddr}: its address is not in "allow" or "status.allow"`
    await waitFor('the log line', () => runner.logs.some((l) => l.includes(refusal)))
    // Once a minute per address: a stranger cannot flood the log.
    expect(await fromNamespace(2580)).toMatch(/^(ERROR|CLOSED)/)
    expect(runner.logs.filter((l) => l.includes(refusal))).toHaveLength(1)
  })

  it('greets it once it is listed in status.allow (or in allow)', async () => {
    await relayAllowing([`${hostAddr}/32`], [`${nsAddr}`])
    expect(await fromNamespace(2580)).toMatch(/^SCANPATH-RELAY-STATUS 1 \S{44}\n/)
    await runner.stopAll()
    await relayAllowing(['10.234.0.0/16'], [])
    expect(await fromNamespace(2580)).toMatch(/^SCANPATH-RELAY-STATUS 1 \S{44}\n/)
  })

  it('a firewall that drops the port: unreachable, naming the firewall', async () => {
    const host = await createFilteredHost({ droppedPort: 2580, openPort: 2587, rejectedPort: 2581 })
    try {
      const dropped = linkWatcher()
      const refused = linkWatcher()
      const a = watchRelay({ host: host.address, port: 2580, code: PAIRING_CODE }, dropped, {
        timeoutMs: 1000,
      })
      const b = watchRelay({ host: host.address, port: 2581, code: PAIRING_CODE }, refused)
      await waitFor('both problems', () => dropped.problem !== null && refused.problem !== null)
      a.close()
      b.close()
      expect(dropped.problem?.problem).toBe('unreachable')
      expect(dropped.problem?.message).toMatch(
        new RegExp(
          `^Nothing answered on ${host.address.replace(/\./g, '\\.')}:2580 \\(no connection within 1 s; a firewall may be dropping it\\)`,
        ),
      )
      expect(refused.problem?.problem).toBe('unreachable')
      expect(refused.problem?.message).toMatch(/\(ECONNREFUSED\)/)
    } finally {
      await host.close()
    }
  })
})
