/**
 * The status link server on its own (real TLS on 127.0.0.1, the real client): updates every
 * heartbeat and on change, the connection limit, the handshake time limit, TLS 1.2 at least, and
 * a code changed in the store taking effect for new connections.
 */
import { connect as netConnect } from 'node:net'
import { connect as tlsConnect } from 'node:tls'

import { afterEach, describe, expect, it } from 'vitest'

import { relayCertificate } from '../../electron/relay/relay-certificate'
import { watchRelay } from '../../electron/relay/status-link/client'
import { startStatusLink, type StatusLinkOptions } from '../../electron/relay/status-link/server'
import type { RelayLinkStatus } from '../../shared/relay-link'
import { useTempDirs } from '../helpers/temp-dirs'
import { linkWatcher, PAIRING_CODE, waitFor } from './relay-helpers'

const tempDir = useTempDirs()
const closers: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c()
})

let queued = 0
const status = (): RelayLinkStatus => ({
  running: true,
  listening: '127.0.0.1:25',
  tlsMode: 'starttls',
  account: 'scanner@contoso.example',
  queued,
  failed: 0,
  oldestQueuedAt: null,
  lastDelivery: null,
  lastError: null,
  tokenExpiresOn: null,
  signInWarning: null,
  recent: [],
})

async function link(extra: Partial<StatusLinkOptions> = {}) {
  const tls = await relayCertificate({}, await tempDir('relay-link-cert-'), '127.0.0.1')
  const logs: string[] = []
  const l = await startStatusLink({
    host: '127.0.0.1',
    port: 0,
    tls,
    allowRanges: [],
    statusAllowRanges: [],
    readCode: () => Promise.resolve(PAIRING_CODE),
    status,
    log: (line) => logs.push(line),
    ...extra,
  })
  closers.push(() => l.close())
  return { link: l, logs }
}

function watch(port: number, code = PAIRING_CODE) {
  const w = linkWatcher()
  const h = watchRelay({ host: '127.0.0.1', port, code }, w)
  closers.push(() => h.close())
  return w
}

describe('status link server', () => {
  it('sends the status at once, every heartbeat, and soon after a change', async () => {
    const { link: l } = await link({ heartbeatMs: 200 })
    const w = watch(l.port)
    await waitFor('three statuses', () => w.statuses.length >= 3, 3000)
    queued = 3
    const before = w.statuses.length
    l.changed()
    l.changed()
    await waitFor('the change', () => w.statuses.some((s) => s.queued === 3), 1000)
    expect(w.statuses.length).toBeLessThanOrEqual(before + 2)
    queued = 0
    expect(w.problem).toBeNull()
  })

  it('closes connections over the limit at once, and logs it', async () => {
    const { link: l, logs } = await link({ maxConnections: 2 })
    const a = watch(l.port)
    const b = watch(l.port)
    await waitFor('two watchers', () => a.statuses.length > 0 && b.statuses.length > 0)
    const c = watch(l.port)
    await waitFor('a problem', () => c.problem !== null)
    expect(c.problem?.problem).toBe('closed')
    expect(logs.some((x) => x.includes('already 2 status connections open'))).toBe(true)
    expect(a.problem).toBeNull()
  })

  it('closes a connection that never finishes its handshake', async () => {
    const { link: l } = await link({ handshakeTimeoutMs: 300 })
    const started = Date.now()
    const closedAfter = await new Promise<number>((resolve) => {
      const s = netConnect(l.port, '127.0.0.1')
      s.on('error', () => {})
      s.on('close', () => resolve(Date.now() - started))
    })
    expect(closedAfter).toBeGreaterThanOrEqual(250)
    expect(closedAfter).toBeLessThan(3000)
  })

  it('refuses TLS 1.1', async () => {
    const { link: l } = await link()
    const error = await new Promise<string>((resolve) => {
      const s = tlsConnect({
        host: '127.0.0.1',
        port: l.port,
        rejectUnauthorized: false,
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1.1',
        ciphers: 'DEFAULT:@SECLEVEL=0',
      })
      s.on('secureConnect', () => resolve('connected'))
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    })
    expect(error).not.toBe('connected')
  })

  it('reads the code again for new connections: a new code works, the old one stops', async () => {
    let code = PAIRING_CODE
    const { link: l } = await link({ readCode: () => Promise.resolve(code), codeCacheMs: 0 })
    const first = watch(l.port)
    await waitFor('a status', () => first.statuses.length > 0)
    code = 'ZZZZYYYYXXXXWWWWVVVV'
    const old = watch(l.port)
    const fresh = watch(l.port, 'zzzz-yyyy-xxxx-wwww-vvvv')
    await waitFor('both answers', () => old.problem !== null && fresh.statuses.length > 0)
    expect(old.problem?.problem).toBe('wrong-code')
    // A watcher already in keeps watching.
    expect(first.problem).toBeNull()
  })
})
