import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram'
import { createServer, isIPv4, isIPv6, type Server, type Socket } from 'node:net'
import {
  AUTHORITATIVE_ANSWER,
  RECURSION_DESIRED,
  TRUNCATED_RESPONSE,
  decode,
  encode,
  type Answer,
  type DecodedPacket,
  type OptAnswer,
  type Question,
} from 'dns-packet'

/**
 * An in-process authoritative DNS server on loopback, for tests that must not touch the internet.
 * It answers from a fixed record set only (no recursion, no forwarding), over UDP and over TCP on
 * the same port, because c-ares (Node's resolver) retries over TCP when a UDP answer is truncated.
 */

export type DnsRecord =
  | { type: 'A'; name: string; address: string; ttl?: number }
  | { type: 'AAAA'; name: string; address: string; ttl?: number }
  | { type: 'MX'; name: string; exchange: string; priority: number; ttl?: number }
  /** Several strings in ONE TXT record (RFC 1035 §3.3.14), e.g. an SPF policy split in 255-byte parts. */
  | { type: 'TXT'; name: string; strings: string[]; ttl?: number }
  | { type: 'PTR'; name: string; target: string; ttl?: number }
  | { type: 'CNAME'; name: string; target: string; ttl?: number }

export interface DnsServerOptions {
  records: DnsRecord[]
  /** Names (exact, case-insensitive) answered with REFUSED (rcode 5), e.g. a blocklist that refuses public resolvers. */
  refuse?: string[]
  /** Names never answered (the query is dropped) — the client times out. */
  blackhole?: string[]
  /** Names answered with SERVFAIL (rcode 2). */
  servfail?: string[]
  /** Bind address: '127.0.0.1' (default) or '::1'. */
  host?: '127.0.0.1' | '::1'
  /**
   * Answer nothing at all: queries are recorded and dropped, TCP connections accepted and left
   * hanging — a wrong `--dns-server` address behind a firewall that drops.
   */
  silent?: boolean
}

export interface DnsServer {
  host: string
  port: number
  /** "127.0.0.1:5353" / "[::1]:5353", ready for dns.Resolver#setServers and for a --dns-server flag. */
  address: string
  /** Every question received: name (lower-case), type, transport. */
  queries: Array<{ name: string; type: string; transport: 'udp' | 'tcp' }>
  /** Replace the record set at run time. */
  setRecords(records: DnsRecord[]): void
  close(): Promise<void>
}

// RFC 1035 §4.1.1 RCODE values, plus NOTIMP for opcodes other than QUERY.
const NOERROR = 0
const FORMERR = 1
const SERVFAIL = 2
const NXDOMAIN = 3
const NOTIMP = 4
const REFUSED = 5

const DEFAULT_TTL = 300
// RFC 1035 §4.2.1: without EDNS a UDP message is at most 512 bytes.
const CLASSIC_UDP_LIMIT = 512
// Our own EDNS buffer size (RFC 6891 §6.2.5), the DNS Flag Day 2020 value that avoids IP fragmentation.
const EDNS_UDP_LIMIT = 1232
// RFC 1035 §4.2.2: the TCP length prefix is 16 bits.
const TCP_MESSAGE_LIMIT = 65535
// Bounds a CNAME loop in the record set (a → b → a) to a few hops instead of spinning forever.
const MAX_CNAME_HOPS = 8

/** Lower-case, without the trailing dot: DNS names compare case-insensitively (RFC 1035 §2.3.3). */
function normalizeName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase()
}

/** Writes out the 8 groups of an IPv6 address (handles `::` and an embedded dotted IPv4 tail). */
function expandIPv6(ip: string): number[] {
  let text = ip.toLowerCase()
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted) {
    const o = dotted[1]!.split('.').map(Number)
    const tail = `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`
    text = text.slice(0, dotted.index) + tail
  }
  const [head, rest] = text.split('::') as [string, string | undefined]
  const left = head === '' ? [] : head.split(':')
  const right = rest === undefined || rest === '' ? [] : rest.split(':')
  const missing = rest === undefined ? 0 : 8 - left.length - right.length
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((g) => parseInt(g, 16))
}

/** Reversed labels of an address: octets for IPv4, 32 nibbles for IPv6 (RFC 3596 §2.5). */
function reversedLabels(ip: string): { labels: string; family: 4 | 6 } {
  if (isIPv4(ip)) return { labels: ip.split('.').reverse().join('.'), family: 4 }
  if (isIPv6(ip)) {
    const nibbles = expandIPv6(ip)
      .map((g) => g.toString(16).padStart(4, '0'))
      .join('')
    return { labels: [...nibbles].reverse().join('.'), family: 6 }
  }
  throw new Error(`not an IP address: ${ip}`)
}

/** PTR owner name of an address: `7.113.0.203.in-addr.arpa` or the nibble `….ip6.arpa` form. */
export function reverseName(ip: string): string {
  const { labels, family } = reversedLabels(ip)
  return `${labels}.${family === 4 ? 'in-addr.arpa' : 'ip6.arpa'}`
}

/** DNSBL query name (RFC 5782 §2.1, §2.4): `7.113.0.203.zen.spamhaus.org`, IPv6 as 32 nibbles. */
export function blocklistName(ip: string, zone: string): string {
  return `${reversedLabels(ip).labels}.${zone.replace(/\.$/, '')}`
}

type Zone = Map<string, DnsRecord[]>

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** Rejects record sets a real zone could not hold, so a test typo fails loudly and early. */
function buildZone(records: DnsRecord[]): Zone {
  const zone: Zone = new Map()
  for (const r of records) {
    const name = normalizeName(r.name)
    const where = `${r.type} ${r.name}`
    if (name === '' || name.split('.').some((l) => l === '' || byteLength(l) > 63)) {
      throw new Error(`${where}: bad name (RFC 1035 §2.3.4: labels are 1..63 bytes)`)
    }
    if (r.ttl !== undefined && !(Number.isInteger(r.ttl) && r.ttl >= 0 && r.ttl <= 0x7fffffff)) {
      throw new Error(`${where}: ttl must be an integer in 0..2^31-1 (RFC 2181 §8)`)
    }
    switch (r.type) {
      case 'A':
        if (!isIPv4(r.address)) throw new Error(`${where}: not an IPv4 address: ${r.address}`)
        break
      case 'AAAA':
        if (!isIPv6(r.address)) throw new Error(`${where}: not an IPv6 address: ${r.address}`)
        break
      case 'MX':
        if (!(Number.isInteger(r.priority) && r.priority >= 0 && r.priority <= 0xffff)) {
          throw new Error(`${where}: priority must be a 16-bit integer (RFC 1035 §3.3.9)`)
        }
        break
      case 'TXT':
        if (r.strings.length === 0) throw new Error(`${where}: a TXT record needs one string`)
        if (r.strings.some((s) => byteLength(s) > 255)) {
          throw new Error(`${where}: a TXT string is at most 255 bytes (RFC 1035 §3.3)`)
        }
        break
      case 'PTR':
      case 'CNAME':
        break
    }
    const list = zone.get(name) ?? []
    list.push(r)
    zone.set(name, list)
  }
  // RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME owner holds no other data and only one CNAME.
  for (const [name, list] of zone) {
    if (list.some((r) => r.type === 'CNAME') && list.length > 1) {
      throw new Error(`${name}: a CNAME cannot coexist with other records at the same name`)
    }
  }
  return zone
}

function toAnswer(owner: string, r: DnsRecord): Answer {
  const ttl = r.ttl ?? DEFAULT_TTL
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return { type: r.type, name: owner, ttl, data: r.address }
    case 'MX':
      return {
        type: 'MX',
        name: owner,
        ttl,
        data: { preference: r.priority, exchange: r.exchange },
      }
    case 'TXT':
      // Fresh Buffers each time: dns-packet's TXT encoder replaces strings in the array it is given.
      return { type: 'TXT', name: owner, ttl, data: r.strings.map((s) => Buffer.from(s, 'utf8')) }
    case 'PTR':
    case 'CNAME':
      return { type: r.type, name: owner, ttl, data: r.target.replace(/\.$/, '') }
  }
}

/**
 * Looks a question up in the zone. A CNAME is followed inside the zone (RFC 1034 §4.3.2 step 3a)
 * and the rcode describes the last name of the chain (RFC 6604 §2.1), so a CNAME to a missing name
 * is NXDOMAIN with the CNAME in the answer section.
 */
function lookup(zone: Zone, qname: string, qtype: string): { rcode: number; answers: Answer[] } {
  const answers: Answer[] = []
  // The first owner is echoed as asked, keeping the client's letter case (DNS 0x20 randomisation).
  let owner = qname.replace(/\.$/, '')
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const rrs = zone.get(normalizeName(owner))
    if (!rrs) return { rcode: NXDOMAIN, answers }
    if (qtype === 'ANY') {
      answers.push(...rrs.map((r) => toAnswer(owner, r)))
      return { rcode: NOERROR, answers }
    }
    const matching = rrs.filter((r) => r.type === qtype)
    if (matching.length > 0) {
      answers.push(...matching.map((r) => toAnswer(owner, r)))
      return { rcode: NOERROR, answers }
    }
    const cname = rrs.find((r) => r.type === 'CNAME')
    // The name exists but holds no data of this type: NODATA, i.e. NOERROR and an empty answer.
    if (!cname || cname.type !== 'CNAME') return { rcode: NOERROR, answers }
    answers.push(toAnswer(owner, cname))
    owner = cname.target.replace(/\.$/, '')
  }
  return { rcode: NOERROR, answers }
}

type Transport = 'udp' | 'tcp'

interface ServerState {
  zone: Zone
  refuse: Set<string>
  blackhole: Set<string>
  servfail: Set<string>
  queries: DnsServer['queries']
}

function isOpt(a: Answer): a is OptAnswer {
  return a.type === 'OPT'
}

/**
 * Builds the reply to one query message, or null to send nothing (a response, a blackholed name).
 * Over UDP a reply must fit in 512 bytes, or in the EDNS size the query offers (capped at 1232);
 * one that does not is cut down to its header and question with TC set (RFC 2181 §9), which makes
 * the client retry over TCP.
 */
function respond(state: ServerState, query: DecodedPacket, transport: Transport): Buffer | null {
  // Never answer a response: two servers pointed at each other would loop (RFC 1035 §4.1.1 QR).
  if (query.flag_qr) return null
  const questions = query.questions ?? []
  const queryOpt = (query.additionals ?? []).find(isOpt)
  const build = (rcode: number, answers: Answer[], truncated: boolean, extendedRcode = 0): Buffer =>
    encode({
      type: 'response',
      id: query.id ?? 0,
      // RFC 1035 §4.1.1: AA since this server owns every name it answers, RD copied from the
      // query, RA clear because it does not recurse.
      flags:
        AUTHORITATIVE_ANSWER |
        (query.flag_rd ? RECURSION_DESIRED : 0) |
        (truncated ? TRUNCATED_RESPONSE : 0) |
        rcode,
      questions,
      answers,
      // RFC 6891 §7: a responder that understands EDNS answers an OPT with an OPT.
      additionals: queryOpt
        ? [
            {
              type: 'OPT',
              name: '.',
              udpPayloadSize: EDNS_UDP_LIMIT,
              extendedRcode,
              ednsVersion: 0,
              flags: 0,
              flag_do: false,
              options: [],
            },
          ]
        : [],
    })
  const reply = (rcode: number, answers: Answer[] = [], extendedRcode = 0): Buffer => {
    const full = build(rcode, answers, false, extendedRcode)
    const limit =
      transport === 'tcp'
        ? TCP_MESSAGE_LIMIT
        : queryOpt
          ? Math.max(CLASSIC_UDP_LIMIT, Math.min(queryOpt.udpPayloadSize, EDNS_UDP_LIMIT))
          : CLASSIC_UDP_LIMIT
    if (full.length <= limit) return full
    // Over TCP there is nowhere else to go: a record set this large is a test bug, so fail it.
    if (transport === 'tcp') return build(SERVFAIL, [], false)
    return build(rcode, [], true)
  }

  // dns-packet decodes the opcode but its typings omit it.
  const opcode = (query as DecodedPacket & { opcode?: string }).opcode
  if (opcode !== 'QUERY') return reply(NOTIMP)
  // RFC 9619: a query carries exactly one question; anything else is a format error.
  if (questions.length !== 1) return reply(FORMERR)
  const q = questions[0] as Question
  const name = normalizeName(q.name)
  state.queries.push({ name, type: q.type, transport })

  // RFC 6891 §6.1.3: only EDNS version 0 exists; others get BADVERS (extended rcode 16 = 1 << 4).
  if (queryOpt && queryOpt.ednsVersion !== 0) return reply(NOERROR, [], 1)
  if (state.blackhole.has(name)) return null
  if (state.refuse.has(name)) return reply(REFUSED)
  if (state.servfail.has(name)) return reply(SERVFAIL)
  // Only class IN is served; CHAOS and others are not this server's business.
  if (q.class !== undefined && q.class !== 'IN' && q.class !== 'ANY') return reply(REFUSED)
  const { rcode, answers } = lookup(state.zone, q.name, q.type)
  return reply(rcode, answers)
}

type Outcome = { kind: 'malformed' } | { kind: 'drop' } | { kind: 'reply'; message: Buffer }

/** Decodes and answers one message. Never throws: a bad message is an outcome, not a crash. */
function handle(state: ServerState, msg: Buffer, transport: Transport): Outcome {
  let query: DecodedPacket
  try {
    query = decode(msg)
  } catch {
    return { kind: 'malformed' }
  }
  try {
    const message = respond(state, query, transport)
    return message ? { kind: 'reply', message } : { kind: 'drop' }
  } catch {
    // Decoded but unanswerable (say, an unknown type dns-packet cannot re-encode): treat as junk.
    return { kind: 'malformed' }
  }
}

function bindUdp(host: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4')
    const onError = (err: Error): void => {
      sock.close()
      reject(err)
    }
    sock.once('error', onError)
    sock.bind(port, host, () => {
      sock.off('error', onError)
      resolve(sock)
    })
  })
}

function listenTcp(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err)
    server.once('error', onError)
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError)
      resolve()
    })
  })
}

/** Splits a TCP stream into messages by their 2-byte length prefix (RFC 1035 §4.2.2). */
function serveTcpConnection(state: ServerState, sock: Socket): void {
  let buffered = Buffer.alloc(0)
  sock.on('error', () => {})
  sock.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    while (buffered.length >= 2) {
      const len = buffered.readUInt16BE(0)
      if (buffered.length < 2 + len) return
      const msg = buffered.subarray(2, 2 + len)
      buffered = buffered.subarray(2 + len)
      const outcome = handle(state, Buffer.from(msg), 'tcp')
      if (outcome.kind === 'malformed') {
        // The framing still holds, but a peer sending junk over TCP is not a DNS client: hang up.
        sock.destroy()
        return
      }
      if (outcome.kind === 'reply') {
        const prefix = Buffer.alloc(2)
        prefix.writeUInt16BE(outcome.message.length)
        sock.write(Buffer.concat([prefix, outcome.message]))
      }
    }
  })
}

/**
 * Waits out libuv's close phase. A server's 'close' event fires before libuv runs the handle's
 * close callback, so until the loop turns twice (the check phase, then close callbacks) the
 * handles still show in process.getActiveResourcesInfo(). After this, close() leaves nothing.
 */
async function handlesReleased(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve))
  await new Promise<void>((resolve) => setImmediate(resolve))
}

/** Starts the server on an ephemeral port of `host`, UDP and TCP on the same port number. */
export async function startDnsServer(opts: DnsServerOptions): Promise<DnsServer> {
  const host = opts.host ?? '127.0.0.1'
  const state: ServerState = {
    zone: buildZone(opts.records),
    refuse: new Set((opts.refuse ?? []).map(normalizeName)),
    blackhole: new Set((opts.blackhole ?? []).map(normalizeName)),
    servfail: new Set((opts.servfail ?? []).map(normalizeName)),
    queries: [],
  }

  const tcpSockets = new Set<Socket>()
  const tcp = createServer((sock) => {
    tcpSockets.add(sock)
    sock.once('close', () => tcpSockets.delete(sock))
    if (opts.silent) {
      sock.on('error', () => {})
      sock.resume()
    } else serveTcpConnection(state, sock)
  })

  // UDP picks a free port; TCP then takes the same number, which another process may already
  // hold over TCP only, so a few attempts are made with a fresh UDP port each time.
  let udp: UdpSocket | undefined
  for (let attempt = 0; !udp; attempt++) {
    const candidate = await bindUdp(host, 0)
    try {
      await listenTcp(tcp, host, candidate.address().port)
      udp = candidate
    } catch (err) {
      candidate.close()
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 9) throw err
    }
  }
  const udpSock = udp
  const port = udpSock.address().port

  // A send error (client gone) or a stray ICMP error must not crash the test process.
  udpSock.on('error', () => {})
  udpSock.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
    // Malformed datagrams are ignored, like a real server would, rather than answered or fatal.
    const outcome = handle(state, msg, 'udp')
    if (outcome.kind === 'reply' && !opts.silent)
      udpSock.send(outcome.message, rinfo.port, rinfo.address, () => {})
  })

  let closing: Promise<void> | undefined
  return {
    host,
    port,
    address: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    queries: state.queries,
    setRecords(records: DnsRecord[]): void {
      state.zone = buildZone(records)
    },
    close(): Promise<void> {
      closing ??= Promise.all([
        new Promise<void>((resolve) => udpSock.close(() => resolve())),
        new Promise<void>((resolve) => {
          tcp.close(() => resolve())
          for (const sock of tcpSockets) sock.destroy()
        }),
      ]).then(handlesReleased)
      return closing
    },
  }
}
