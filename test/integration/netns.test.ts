import { execFile } from 'node:child_process'
import { connect } from 'node:net'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFilteredHost, netnsSupport, type FilteredHost } from '../helpers/netns'
import { requirePeer } from '../helpers/require-peer'

const support = await netnsSupport()
const netns = requirePeer('network namespace support', support.ok ? null : support.reason)

type ConnectResult =
  | { kind: 'connected'; ms: number; greeting: string }
  | { kind: 'error'; ms: number; code: string | undefined }
  | { kind: 'timeout'; ms: number }

/** Connects and reports what happened, without throwing, so each case asserts one outcome. */
function tryConnect(host: string, port: number, timeoutMs: number): Promise<ConnectResult> {
  const started = performance.now()
  const ms = () => performance.now() - started
  return new Promise((resolve) => {
    const sock = connect({ host, port })
    let greeting = ''
    let connected = false
    const timer = setTimeout(() => {
      sock.destroy()
      resolve(connected ? { kind: 'connected', ms: ms(), greeting } : { kind: 'timeout', ms: ms() })
    }, timeoutMs)
    sock.on('connect', () => (connected = true))
    sock.on('data', (d) => {
      greeting += d.toString()
      if (greeting.endsWith('\r\n')) {
        clearTimeout(timer)
        sock.destroy()
        resolve({ kind: 'connected', ms: ms(), greeting })
      }
    })
    sock.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      resolve({ kind: 'error', ms: ms(), code: err.code })
    })
  })
}

describe.skipIf(netns.missing)(netns.title('filtered host'), () => {
  let host: FilteredHost

  beforeAll(async () => {
    host = await createFilteredHost()
  })
  afterAll(async () => {
    await host?.close()
  })

  it('greets on the open port and answers QUIT', async () => {
    const result = await tryConnect(host.address, host.openPort, 3000)
    expect(result).toMatchObject({
      kind: 'connected',
      greeting: '220 filtered-host.test ESMTP ready\r\n',
    })

    const bye = await new Promise<string>((resolve, reject) => {
      const sock = connect({ host: host.address, port: host.openPort })
      let text = ''
      sock.on('data', (d) => {
        text += d.toString()
        if (text.startsWith('220') && text.endsWith('\r\n') && !text.includes('221')) {
          sock.write('QUIT\r\n')
        }
      })
      sock.on('end', () => resolve(text))
      sock.on('error', reject)
    })
    expect(bye).toContain('221 ')
  })

  it('times out on the dropped port', async () => {
    const result = await tryConnect(host.address, host.droppedPort, 1500)
    expect(result.kind).toBe('timeout')
    expect(result.ms).toBeGreaterThanOrEqual(1400)
  })

  it('refuses the rejected port at once', async () => {
    const result = await tryConnect(host.address, host.rejectedPort, 1500)
    expect(result).toMatchObject({ kind: 'error', code: 'ECONNREFUSED' })
    expect(result.ms).toBeLessThan(500)
  })

  it('close() is idempotent and removes the veth pair', async () => {
    const other = await createFilteredHost({
      openPort: 2525,
      droppedPort: 2526,
      rejectedPort: 2527,
    })
    const hostSide = other.address.replace(/\.2$/, '.1')
    expect(await ipv4Addresses()).toContain(hostSide)
    await Promise.all([other.close(), other.close()])
    await other.close()
    // Checked through `ip`, not by connecting: with the route gone, a SYN to the old address
    // would leave through the default route, off this machine.
    expect(await ipv4Addresses()).not.toContain(hostSide)
  })
})

async function ipv4Addresses(): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ip', ['-4', '-o', 'addr', 'show'])
  return [...stdout.matchAll(/inet ([\d.]+)\//g)].map((m) => m[1]!)
}
