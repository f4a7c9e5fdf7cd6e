import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest, type RequestOptions } from 'node:https'
import { type LookupFunction } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  HUGE_BODY_BYTES,
  remoteFamily,
  startIpEchoServer,
  type IpEchoOptions,
  type IpEchoServer,
} from '../helpers/ip-echo-server'
import { createTestPki, type TestPki } from '../helpers/test-pki'

const V4 = '203.0.113.7'
const V6 = '2001:db8::7'

interface Reply {
  status: number
  headers: IncomingMessage['headers']
  body: string
  bytes: number
}

type GetOptions = Pick<RequestOptions, 'ca' | 'family' | 'lookup' | 'headers'> & {
  /** Abort once this many body bytes arrived (what a capped client does). */
  capBytes?: number
}

/** One GET with node:http(s); resolves with what arrived, or rejects on a socket error. */
function get(url: string, opts: GetOptions = {}): Promise<Reply> {
  const { capBytes, ...reqOpts } = opts
  const request = url.startsWith('https:') ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = request(url, { ...reqOpts, agent: false }, (res) => {
      const chunks: Buffer[] = []
      let bytes = 0
      const finish = (): void =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          bytes,
        })
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (bytes <= 64 * 1024) chunks.push(chunk)
        if (capBytes !== undefined && bytes > capBytes) {
          req.destroy()
          finish()
        }
      })
      res.on('end', finish)
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** Resolves every name to one address, like a DNS that only has an A or only an AAAA record. */
function lookupTo(address: string, family: 4 | 6): LookupFunction {
  return ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
    if (options.all) cb(null, [{ address, family }])
    else cb(null, address, family)
  }) as LookupFunction
}

/** Two loop turns: enough for libuv to finish closing handles destroyed just before. */
async function loopTurns(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve))
  await new Promise<void>((resolve) => setImmediate(resolve))
}

function resourceCounts(): Record<string, number> {
  const out: Record<string, number> = { TCPServerWrap: 0, TCPSocketWrap: 0, Timeout: 0 }
  for (const res of process.getActiveResourcesInfo()) {
    if (res in out) out[res]! += 1
  }
  return out
}

describe('remoteFamily', () => {
  it('counts IPv4-mapped IPv6 addresses as IPv4', () => {
    expect(remoteFamily('127.0.0.1')).toBe(4)
    expect(remoteFamily('::ffff:127.0.0.1')).toBe(4)
    expect(remoteFamily('::FFFF:192.0.2.1')).toBe(4)
    expect(remoteFamily('::1')).toBe(6)
    expect(remoteFamily('2001:db8::1')).toBe(6)
  })
})

describe('ip echo server', () => {
  let pki: TestPki
  const open: IpEchoServer[] = []
  const start = async (opts: IpEchoOptions): Promise<IpEchoServer> => {
    const server = await startIpEchoServer(opts)
    open.push(server)
    return server
  }

  beforeAll(async () => {
    pki = await createTestPki()
  })
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
  })
  afterAll(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
  })

  it('reports the configured address per family over HTTPS', async () => {
    const server = await start({ v4: V4, v6: V6, tls: pki.leaf })
    expect(server.url4).toBe(`https://127.0.0.1:${server.port}/`)
    expect(server.url6).toBe(`https://[::1]:${server.port}/`)
    expect(server.urlName).toBe(`https://localhost:${server.port}/`)

    const r4 = await get(server.url4, { ca: [pki.ca.cert] })
    expect(r4).toMatchObject({ status: 200, body: `${V4}\n` })
    const r6 = await get(server.url6!, { ca: [pki.ca.cert] })
    expect(r6).toMatchObject({ status: 200, body: `${V6}\n` })
    expect(server.requests.map((r) => r.family)).toEqual([4, 6])
  })

  it('lets the name-based URL pick the family through the lookup', async () => {
    const server = await start({ v4: V4, v6: V6, tls: pki.leaf })
    const via4 = await get(server.urlName, { ca: [pki.ca.cert], lookup: lookupTo('127.0.0.1', 4) })
    const via6 = await get(`${server.urlName}ip?format=text`, {
      ca: [pki.ca.cert],
      family: 6,
      lookup: lookupTo('::1', 6),
      headers: { 'user-agent': 'scanpath-test' },
    })
    expect(via4.body).toBe(`${V4}\n`)
    expect(via6.body).toBe(`${V6}\n`)
    expect(server.requests[1]).toMatchObject({
      family: 6,
      path: '/ip?format=text',
      headers: { 'user-agent': 'scanpath-test', host: `localhost:${server.port}` },
    })
  })

  it('serves plain HTTP without tls', async () => {
    const server = await start({ v4: V4 })
    expect(server.url4).toBe(`http://127.0.0.1:${server.port}/`)
    expect((await get(server.url4)).body).toBe(`${V4}\n`)
    // No v6 configured: a client coming in over IPv6 gets a 404.
    expect((await get(server.url6!)).status).toBe(404)
  })

  it('answers 404 to a family set to null', async () => {
    const server = await start({ v4: null, v6: V6, tls: pki.leaf })
    expect((await get(server.url4, { ca: [pki.ca.cert] })).status).toBe(404)
    expect((await get(server.url6!, { ca: [pki.ca.cert] })).body).toBe(`${V6}\n`)
  })

  it('speaks Cloudflare trace', async () => {
    const server = await start({ v4: V4, v6: V6, format: 'trace', tls: pki.leaf })
    const { status, body } = await get(`${server.url6!}cdn-cgi/trace`, { ca: [pki.ca.cert] })
    expect(status).toBe(200)
    const fields = new Map(
      body
        .trim()
        .split('\n')
        .map((line) => line.split('=', 2) as [string, string]),
    )
    expect([...fields.keys()].slice(0, 4)).toEqual(['fl', 'h', 'ip', 'ts'])
    expect(fields.get('ip')).toBe(V6)
    expect(fields.get('h')).toBe(`[::1]:${server.port}`)
    expect(fields.get('visit_scheme')).toBe('https')
    expect(server.requests[0]?.path).toBe('/cdn-cgi/trace')
  })

  it('serves a page with no address in it', async () => {
    const server = await start({ v4: V4, format: 'garbage' })
    const { status, headers, body } = await get(server.url4)
    expect(status).toBe(200)
    expect(headers['content-type']).toMatch(/text\/html/)
    expect(body).not.toMatch(/\d+\.\d+\.\d+\.\d+/)
    expect(body).not.toContain(V4)
  })

  it('streams a 10 MiB body, and survives a client that stops reading early', async () => {
    const server = await start({ v4: V4, format: 'huge', tls: pki.leaf })
    const capped = await get(server.url4, { ca: [pki.ca.cert], capBytes: 64 * 1024 })
    expect(capped.status).toBe(200)
    expect(capped.headers['content-length']).toBeUndefined()
    expect(capped.bytes).toBeGreaterThan(64 * 1024)
    expect(capped.bytes).toBeLessThan(HUGE_BODY_BYTES)
    const full = await get(server.url4, { ca: [pki.ca.cert] })
    expect(full.bytes).toBe(HUGE_BODY_BYTES)
    expect(full.body).not.toContain(V4)
  })

  it('never answers in slow mode, and close() cuts the hanging connections', async () => {
    // Client sockets of earlier tests may still be closing; let them go before the baseline.
    await loopTurns()
    const before = resourceCounts()
    const server = await startIpEchoServer({ v4: V4, v6: V6, format: 'slow', tls: pki.leaf })
    const pending = [
      get(server.url4, { ca: [pki.ca.cert] }),
      get(server.url6!, { ca: [pki.ca.cert] }),
    ].map((p) =>
      p.then(
        () => 'answered',
        (err: NodeJS.ErrnoException) => err.code ?? err.message,
      ),
    )
    const raced = await Promise.race([
      ...pending,
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 300)),
    ])
    expect(raced).toBe('still waiting')
    expect(server.requests.map((r) => r.family).sort()).toEqual([4, 6])

    await server.close()
    await server.close()
    for (const outcome of await Promise.all(pending)) {
      expect(outcome).toMatch(/ECONNRESET|socket hang up/)
    }
    // The server's handles are gone when close() resolves; the clients' need their own turns.
    await loopTurns()
    const after = resourceCounts()
    expect(after.TCPServerWrap).toBe(before.TCPServerWrap)
    expect(after.TCPSocketWrap).toBe(before.TCPSocketWrap)
    // Unrelated timers of earlier tests may have expired meanwhile, so "no more than before".
    expect(after.Timeout).toBeLessThanOrEqual(before.Timeout!)
  })
})
