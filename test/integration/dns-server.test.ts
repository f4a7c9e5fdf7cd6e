import { createSocket } from 'node:dgram'
import { promises as dnsPromises } from 'node:dns'
import { connect, createServer } from 'node:net'
import { decode, encode, RECURSION_DESIRED, type DecodedPacket } from 'dns-packet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  blocklistName,
  reverseName,
  startDnsServer,
  type DnsRecord,
  type DnsServer,
} from '../helpers/dns-server'

const TIMEOUT_MS = 500

const SPF_PART_1 = 'v=spf1 ip4:203.0.113.0/24 include:spf.protection.outlook.com'
const SPF_PART_2 = ' include:_spf.example.net -all'

const RECORDS: DnsRecord[] = [
  { type: 'A', name: 'host.example.test', address: '192.0.2.10', ttl: 60 },
  { type: 'A', name: 'host.example.test', address: '192.0.2.11' },
  { type: 'AAAA', name: 'host.example.test', address: '2001:db8::10' },
  { type: 'MX', name: 'example.test', exchange: 'mx2.example.test', priority: 20 },
  {
    type: 'MX',
    name: 'example.test',
    exchange: 'example-test.mail.protection.outlook.com',
    priority: 0,
  },
  { type: 'TXT', name: 'example.test', strings: [SPF_PART_1, SPF_PART_2] },
  { type: 'TXT', name: 'example.test', strings: ['MS=ms12345678'] },
  { type: 'PTR', name: reverseName('203.0.113.7'), target: 'mail.example.test' },
  { type: 'PTR', name: reverseName('2001:db8::7'), target: 'mail6.example.test.' },
  { type: 'CNAME', name: 'www.example.test', target: 'host.example.test' },
  { type: 'CNAME', name: 'dangling.example.test', target: 'missing.example.test' },
  { type: 'A', name: 'Mixed.Case.Example.TEST.', address: '192.0.2.20' },
  // Google's DNS echo answers its TXT with the client's address; here it is configured.
  { type: 'TXT', name: 'o-o.myaddr.l.google.com', strings: ['203.0.113.7'] },
  { type: 'A', name: 'myip.opendns.com', address: '203.0.113.7' },
  { type: 'A', name: blocklistName('203.0.113.7', 'zen.example.test'), address: '127.0.0.2' },
  // Ten 200-byte TXT records make a ~2 KB answer: too big for UDP, so c-ares must use TCP.
  ...Array.from({ length: 10 }, (_, i) => ({
    type: 'TXT' as const,
    name: 'big.example.test',
    strings: [`${i}`.padEnd(200, 'x')],
  })),
]

function resolver(server: DnsServer): dnsPromises.Resolver {
  const r = new dnsPromises.Resolver({ timeout: TIMEOUT_MS, tries: 1 })
  r.setServers([server.address])
  return r
}

async function errorCode(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (err) {
    return (err as NodeJS.ErrnoException).code
  }
  throw new Error('expected the lookup to fail')
}

/** One raw UDP exchange, to look at header bits Node's resolver does not expose. */
function rawUdpQuery(server: DnsServer, query: Buffer): Promise<DecodedPacket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4')
    sock.once('error', reject)
    sock.once('message', (msg) => {
      sock.close()
      resolve(decode(msg))
    })
    sock.send(query, server.port, server.host)
  })
}

function sendJunk(server: DnsServer, junk: Buffer[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4')
    sock.once('error', reject)
    let sent = 0
    for (const j of junk) {
      sock.send(j, server.port, server.host, () => {
        if (++sent === junk.length) sock.close(() => resolve())
      })
    }
  })
}

describe('reverseName / blocklistName', () => {
  it('reverses IPv4 octets and IPv6 nibbles', () => {
    expect(reverseName('203.0.113.7')).toBe('7.113.0.203.in-addr.arpa')
    expect(reverseName('2001:db8::1')).toBe(
      '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
    )
    expect(reverseName('::ffff:192.0.2.1')).toBe(
      '1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa',
    )
    expect(reverseName('::')).toBe(`${'0.'.repeat(32)}ip6.arpa`)
    expect(blocklistName('203.0.113.7', 'zen.spamhaus.org')).toBe('7.113.0.203.zen.spamhaus.org')
    expect(blocklistName('2001:DB8:0:0:1::AB', 'zen.spamhaus.org.')).toBe(
      'b.a.0.0.0.0.0.0.0.0.0.0.1.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org',
    )
    expect(() => reverseName('not-an-ip')).toThrow()
  })
})

describe('dns server', () => {
  let server: DnsServer
  let r: dnsPromises.Resolver

  beforeAll(async () => {
    server = await startDnsServer({
      records: RECORDS,
      refuse: ['7.113.0.203.refusing.example.test'],
      servfail: ['broken.example.test.'],
      blackhole: ['Silent.Example.Test'],
    })
    r = resolver(server)
  })
  afterAll(async () => {
    await server?.close()
  })

  it('answers A and AAAA, with TTLs', async () => {
    expect((await r.resolve4('host.example.test')).sort()).toEqual(['192.0.2.10', '192.0.2.11'])
    expect(await r.resolve4('host.example.test', { ttl: true })).toContainEqual({
      address: '192.0.2.10',
      ttl: 60,
    })
    expect(await r.resolve6('host.example.test')).toEqual(['2001:db8::10'])
    expect(server.address).toBe(`127.0.0.1:${server.port}`)
  })

  it('answers MX', async () => {
    const mx = await r.resolveMx('example.test')
    expect(mx.sort((a, b) => a.priority - b.priority)).toEqual([
      { exchange: 'example-test.mail.protection.outlook.com', priority: 0 },
      { exchange: 'mx2.example.test', priority: 20 },
    ])
  })

  it('keeps the strings of one TXT record together, and records apart', async () => {
    const txt = await r.resolveTxt('example.test')
    expect(txt).toHaveLength(2)
    expect(txt).toContainEqual([SPF_PART_1, SPF_PART_2])
    expect(txt).toContainEqual(['MS=ms12345678'])
    expect(await r.resolveTxt('o-o.myaddr.l.google.com')).toEqual([['203.0.113.7']])
    expect(await r.resolve4('myip.opendns.com')).toEqual(['203.0.113.7'])
  })

  it('answers PTR for reverse lookups, IPv4 and IPv6', async () => {
    expect(await r.reverse('203.0.113.7')).toEqual(['mail.example.test'])
    expect(await r.reverse('2001:db8::7')).toEqual(['mail6.example.test'])
  })

  it('answers a CNAME with the target records of the asked type', async () => {
    expect((await r.resolve4('www.example.test')).sort()).toEqual(['192.0.2.10', '192.0.2.11'])
    expect(await r.resolveCname('www.example.test')).toEqual(['host.example.test'])
    // RFC 6604: the rcode is the one of the chain's last name.
    expect(await errorCode(r.resolve4('dangling.example.test'))).toBe('ENOTFOUND')
  })

  it('tells NODATA (ENODATA) from NXDOMAIN (ENOTFOUND)', async () => {
    expect(await errorCode(r.resolveMx('host.example.test'))).toBe('ENODATA')
    expect(await errorCode(r.resolveTxt('nothing-here.example.test'))).toBe('ENOTFOUND')
  })

  it('matches names case-insensitively, without the trailing dot, and logs them lower-case', async () => {
    expect(await r.resolve4('mixed.CASE.example.test.')).toEqual(['192.0.2.20'])
    expect(server.queries).toContainEqual({
      name: 'mixed.case.example.test',
      type: 'A',
      transport: 'udp',
    })
  })

  it('serves a DNS blocklist entry', async () => {
    expect(await r.resolve4(blocklistName('203.0.113.7', 'zen.example.test'))).toEqual([
      '127.0.0.2',
    ])
    expect(await errorCode(r.resolve4(blocklistName('203.0.113.8', 'zen.example.test')))).toBe(
      'ENOTFOUND',
    )
  })

  it('answers REFUSED and SERVFAIL where told to', async () => {
    expect(await errorCode(r.resolve4('7.113.0.203.REFUSING.example.test'))).toBe('EREFUSED')
    expect(await errorCode(r.resolveTxt('broken.example.test'))).toBe('ESERVFAIL')
  })

  it('drops blackholed queries, so the client times out', async () => {
    const started = performance.now()
    expect(await errorCode(r.resolve4('silent.example.test'))).toBe('ETIMEOUT')
    const elapsed = performance.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.8)
    expect(elapsed).toBeLessThan(TIMEOUT_MS * 3)
    expect(server.queries.some((q) => q.name === 'silent.example.test')).toBe(true)
  })

  it('truncates a large UDP answer, and the resolver gets it over TCP', async () => {
    const txt = await r.resolveTxt('big.example.test')
    expect(txt).toHaveLength(10)
    const asked = server.queries.filter((q) => q.name === 'big.example.test')
    expect(asked.map((q) => q.transport)).toEqual(['udp', 'tcp'])
  })

  it('sets AA, echoes id, RD and the question, and does not claim recursion', async () => {
    const query = encode({
      type: 'query',
      id: 0xbeef,
      flags: RECURSION_DESIRED,
      questions: [{ type: 'A', name: 'HOST.example.test', class: 'IN' }],
    })
    const res = await rawUdpQuery(server, query)
    expect(res.id).toBe(0xbeef)
    expect(res.flag_qr).toBe(true)
    expect(res.flag_aa).toBe(true)
    expect(res.flag_rd).toBe(true)
    expect(res.flag_ra).toBe(false)
    expect(res.questions).toEqual([{ type: 'A', name: 'HOST.example.test', class: 'IN' }])
    expect(res.answers?.map((a) => a.name)).toEqual(['HOST.example.test', 'HOST.example.test'])

    const noRd = await rawUdpQuery(
      server,
      encode({ type: 'query', id: 7, questions: [{ type: 'A', name: 'host.example.test' }] }),
    )
    expect(noRd.flag_rd).toBe(false)
  })

  it('speaks EDNS(0) to a client that offers it', async () => {
    const withOpt = (name: string, ednsVersion: number): Buffer =>
      encode({
        type: 'query',
        id: 9,
        questions: [{ type: 'TXT', name }],
        additionals: [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: 4096,
            extendedRcode: 0,
            ednsVersion,
            flags: 0,
            flag_do: false,
            options: [],
          },
        ],
      })
    const small = await rawUdpQuery(server, withOpt('example.test', 0))
    expect(small.flag_tc).toBe(false)
    expect(small.answers).toHaveLength(2)
    expect(small.additionals?.[0]).toMatchObject({ type: 'OPT', udpPayloadSize: 1232 })
    // ~2 KB does not fit the 1232-byte cap even though the client offers 4096.
    const big = await rawUdpQuery(server, withOpt('big.example.test', 0))
    expect(big.flag_tc).toBe(true)
    expect(big.answers).toEqual([])
    const badVersion = await rawUdpQuery(server, withOpt('example.test', 1))
    expect(badVersion.additionals?.[0]).toMatchObject({ type: 'OPT', extendedRcode: 1 })
  })

  it('ignores malformed datagrams and keeps serving', async () => {
    await sendJunk(server, [
      Buffer.alloc(0),
      Buffer.from('hello'),
      Buffer.alloc(12, 0xff),
      Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x3f, 0x41]),
    ])
    // A response sent to the server must not be answered either (no reflection loops).
    await sendJunk(server, [
      encode({ type: 'response', id: 1, questions: [{ type: 'A', name: 'host.example.test' }] }),
    ])
    expect(await r.resolve6('host.example.test')).toEqual(['2001:db8::10'])
  })

  it('hangs up on junk over TCP', async () => {
    const sock = connect({ host: server.host, port: server.port })
    sock.on('error', () => {})
    await new Promise<void>((resolve) => sock.once('connect', () => resolve()))
    const closed = new Promise<void>((resolve) => sock.once('close', () => resolve()))
    sock.write(Buffer.from([0x00, 0x05, 1, 2, 3, 4, 5]))
    await closed
    expect(await r.resolve6('host.example.test')).toEqual(['2001:db8::10'])
  })

  it('replaces its records at run time', async () => {
    const local = await startDnsServer({ records: [] })
    try {
      const lr = resolver(local)
      expect(await errorCode(lr.resolve4('late.example.test'))).toBe('ENOTFOUND')
      local.setRecords([{ type: 'A', name: 'late.example.test', address: '192.0.2.99' }])
      expect(await lr.resolve4('late.example.test')).toEqual(['192.0.2.99'])
      expect(() =>
        local.setRecords([{ type: 'A', name: 'bad.example.test', address: '2001:db8::1' }]),
      ).toThrow(/IPv4/)
      // A rejected set leaves the previous one in place.
      expect(await lr.resolve4('late.example.test')).toEqual(['192.0.2.99'])
    } finally {
      await local.close()
    }
  })
})

describe('dns server on ::1', () => {
  it('answers over IPv6 loopback', async () => {
    const server = await startDnsServer({
      host: '::1',
      records: [
        { type: 'A', name: 'v6.example.test', address: '192.0.2.6' },
        ...Array.from({ length: 10 }, (_, i) => ({
          type: 'TXT' as const,
          name: 'big.example.test',
          strings: [`${i}`.padEnd(200, 'y')],
        })),
      ],
    })
    try {
      expect(server.address).toBe(`[::1]:${server.port}`)
      const r = resolver(server)
      expect(await r.resolve4('v6.example.test')).toEqual(['192.0.2.6'])
      expect(await r.resolveTxt('big.example.test')).toHaveLength(10)
      expect(server.queries.map((q) => q.transport)).toEqual(['udp', 'udp', 'tcp'])
    } finally {
      await server.close()
    }
  })
})

describe('dns server close()', () => {
  const serverResources = ['UDPWrap', 'TCPServerWrap', 'TCPSocketWrap', 'Timeout']
  const count = (): Record<string, number> => {
    const out: Record<string, number> = {}
    for (const name of serverResources) out[name] = 0
    for (const res of process.getActiveResourcesInfo()) {
      if (res in out) out[res]! += 1
    }
    return out
  }

  it('releases the port and leaves no handles or timers behind', async () => {
    const before = count()
    const server = await startDnsServer({
      records: [{ type: 'A', name: 'a.example.test', address: '192.0.2.1' }],
    })
    // An open TCP client connection must not keep close() waiting.
    const client = connect({ host: server.host, port: server.port })
    client.on('error', () => {})
    await new Promise<void>((resolve) => client.once('connect', () => resolve()))
    const clientClosed = new Promise<void>((resolve) => client.once('close', () => resolve()))
    await server.close()
    await server.close()
    client.destroy()
    await clientClosed
    // The client socket is ours to wait for; the server's handles were gone when close() resolved.
    await new Promise<void>((resolve) => setImmediate(resolve))
    const after = count()
    expect(after.UDPWrap).toBe(before.UDPWrap)
    expect(after.TCPServerWrap).toBe(before.TCPServerWrap)
    expect(after.TCPSocketWrap).toBe(before.TCPSocketWrap)
    expect(after.Timeout).toBeLessThanOrEqual(before.Timeout!)

    // Both transports' port number is free again.
    const udp = createSocket('udp4')
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject)
      udp.bind(server.port, '127.0.0.1', () => resolve())
    })
    const tcp = createServer()
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject)
      tcp.listen(server.port, '127.0.0.1', () => resolve())
    })
    await new Promise<void>((resolve) => udp.close(() => resolve()))
    await new Promise<void>((resolve) => tcp.close(() => resolve()))
  })
})
