/**
 * The DNS message format (RFC 1035 §4) as far as DNS-SD browsing needs it: encode a query with
 * several questions, decode a response's A, AAAA, PTR, SRV and TXT records. Written by hand, not
 * with dns-packet (why: docs/decisions/protocol-codecs.md): every byte comes from an
 * unauthenticated multicast peer, so each read is bounds-checked and kept inside its record's
 * RDLENGTH, compression pointers may only point backwards and are counted, and anything malformed
 * is a thrown `MdnsDecodeError` for the caller to skip.
 */

export const TYPE = { A: 1, PTR: 12, TXT: 16, AAAA: 28, SRV: 33, ANY: 255 } as const
const CLASS_IN = 1
/** mDNS (RFC 6762 §10.2): the top bit of the class is "cache flush" in answers, "QU" in questions. */
const CLASS_MASK = 0x7fff

const MAX_NAME_LENGTH = 255
const MAX_POINTER_JUMPS = 32
const MAX_RECORDS = 512

export class MdnsDecodeError extends Error {}

export type MdnsRecord =
  | { type: 'A'; name: string; ttl: number; address: string }
  | { type: 'AAAA'; name: string; ttl: number; address: string }
  | { type: 'PTR'; name: string; ttl: number; target: string }
  | {
      type: 'SRV'
      name: string
      ttl: number
      priority: number
      weight: number
      port: number
      target: string
    }
  | { type: 'TXT'; name: string; ttl: number; strings: Buffer[] }

export interface MdnsResponse {
  id: number
  isResponse: boolean
  /** Answers, authority and additional records together: responders differ in where they put SRV/TXT/A. */
  records: MdnsRecord[]
}

export interface MdnsQuestion {
  name: string
  type: keyof typeof TYPE
}

/**
 * Splits a name into labels. A DNS-SD instance name may contain dots, written `\.` (and a
 * backslash as `\\`), as dns-sd and avahi print them.
 */
function nameLabels(name: string): string[] {
  const labels: string[] = []
  let current = ''
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!
    if (c === '\\' && i + 1 < name.length) {
      current += name[++i]
    } else if (c === '.') {
      labels.push(current)
      current = ''
    } else {
      current += c
    }
  }
  if (current !== '') labels.push(current)
  return labels
}

function escapeLabel(label: string): string {
  return label.replace(/[\\.]/g, (c) => `\\${c}`)
}

function encodeName(name: string): Buffer {
  const parts: Buffer[] = []
  for (const label of nameLabels(name)) {
    const bytes = Buffer.from(label, 'utf8')
    if (bytes.length === 0 || bytes.length > 63)
      throw new RangeError(`DNS label must be 1-63 bytes: ${JSON.stringify(label)}`)
    parts.push(Buffer.from([bytes.length]), bytes)
  }
  parts.push(Buffer.from([0]))
  const out = Buffer.concat(parts)
  if (out.length > MAX_NAME_LENGTH) throw new RangeError(`DNS name too long: ${name}`)
  return out
}

/** A query (QR=0, opcode 0) with the given questions, class IN, unicast-response bit clear. */
export function encodeQuery(id: number, questions: readonly MdnsQuestion[]): Buffer {
  const header = Buffer.alloc(12)
  header.writeUInt16BE(id & 0xffff, 0)
  header.writeUInt16BE(questions.length, 4)
  const body = questions.flatMap((q) => {
    const tail = Buffer.alloc(4)
    tail.writeUInt16BE(TYPE[q.type], 0)
    tail.writeUInt16BE(CLASS_IN, 2)
    return [encodeName(q.name), tail]
  })
  return Buffer.concat([header, ...body])
}

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
  ) {}

  need(n: number, what: string): void {
    if (this.pos + n > this.buf.length)
      throw new MdnsDecodeError(`truncated ${what} at byte ${this.pos}`)
  }
  u8(what: string): number {
    this.need(1, what)
    return this.buf[this.pos++]!
  }
  u16(what: string): number {
    this.need(2, what)
    const v = this.buf.readUInt16BE(this.pos)
    this.pos += 2
    return v
  }
  u32(what: string): number {
    this.need(4, what)
    const v = this.buf.readUInt32BE(this.pos)
    this.pos += 4
    return v
  }
  bytes(n: number, what: string): Buffer {
    this.need(n, what)
    const v = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return v
  }

  /** A possibly compressed name; the reader ends after the name's bytes in place. */
  name(): string {
    const labels: string[] = []
    let pos = this.pos
    let end = -1
    let jumps = 0
    let length = 0
    for (;;) {
      if (pos >= this.buf.length) throw new MdnsDecodeError(`truncated name at byte ${pos}`)
      const len = this.buf[pos]!
      if ((len & 0xc0) === 0xc0) {
        if (pos + 1 >= this.buf.length) throw new MdnsDecodeError('truncated name pointer')
        const target = ((len & 0x3f) << 8) | this.buf[pos + 1]!
        // Only backwards: a forward or self pointer is how a loop is built.
        if (target >= pos) throw new MdnsDecodeError(`name pointer forward at byte ${pos}`)
        if (++jumps > MAX_POINTER_JUMPS) throw new MdnsDecodeError('too many name pointers')
        if (end < 0) end = pos + 2
        pos = target
        continue
      }
      if ((len & 0xc0) !== 0) throw new MdnsDecodeError(`reserved label type at byte ${pos}`)
      if (len === 0) {
        if (end < 0) end = pos + 1
        break
      }
      if (pos + 1 + len > this.buf.length) throw new MdnsDecodeError('truncated label')
      length += len + 1
      if (length > MAX_NAME_LENGTH) throw new MdnsDecodeError('name longer than 255 bytes')
      labels.push(escapeLabel(this.buf.toString('utf8', pos + 1, pos + 1 + len)))
      pos += 1 + len
    }
    this.pos = end
    return labels.join('.')
  }
}

function ipv6Text(b: Buffer): string {
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16))
  return groups.join(':')
}

/** Decodes a DNS message; unknown record types and other classes are skipped, not errors. */
export function decodeMessage(buf: Buffer): MdnsResponse {
  const r = new Reader(buf)
  const id = r.u16('header')
  const flags = r.u16('header')
  const qd = r.u16('header')
  const counts = [r.u16('header'), r.u16('header'), r.u16('header')]
  const total = counts.reduce((a, b) => a + b, 0)
  if (total > MAX_RECORDS) throw new MdnsDecodeError(`message claims ${total} records`)
  for (let i = 0; i < qd; i++) {
    r.name()
    r.u16('question')
    r.u16('question')
  }
  const records: MdnsRecord[] = []
  for (let i = 0; i < total; i++) {
    const name = r.name()
    const type = r.u16('record')
    const cls = r.u16('record') & CLASS_MASK
    const ttl = r.u32('record')
    const rdlength = r.u16('record')
    r.need(rdlength, 'record data')
    const rdStart = r.pos
    const rdEnd = rdStart + rdlength
    if (cls === CLASS_IN) {
      const rec = decodeRdata(r, type, name, ttl, rdlength)
      if (rec) records.push(rec)
      if (r.pos > rdEnd)
        throw new MdnsDecodeError(`record data overruns its length at byte ${rdStart}`)
    }
    r.pos = rdEnd
  }
  return { id, isResponse: (flags & 0x8000) !== 0, records }
}

function decodeRdata(
  r: Reader,
  type: number,
  name: string,
  ttl: number,
  rdlength: number,
): MdnsRecord | null {
  switch (type) {
    case TYPE.A: {
      if (rdlength !== 4) throw new MdnsDecodeError('A record is not 4 bytes')
      return { type: 'A', name, ttl, address: [...r.bytes(4, 'A')].join('.') }
    }
    case TYPE.AAAA: {
      if (rdlength !== 16) throw new MdnsDecodeError('AAAA record is not 16 bytes')
      return { type: 'AAAA', name, ttl, address: ipv6Text(r.bytes(16, 'AAAA')) }
    }
    case TYPE.PTR:
      return { type: 'PTR', name, ttl, target: r.name() }
    case TYPE.SRV: {
      const priority = r.u16('SRV')
      const weight = r.u16('SRV')
      const port = r.u16('SRV')
      return { type: 'SRV', name, ttl, priority, weight, port, target: r.name() }
    }
    case TYPE.TXT: {
      const end = r.pos + rdlength
      const strings: Buffer[] = []
      while (r.pos < end) {
        const len = r.u8('TXT')
        if (r.pos + len > end) throw new MdnsDecodeError('TXT string overruns its record')
        strings.push(r.bytes(len, 'TXT'))
      }
      return { type: 'TXT', name, ttl, strings }
    }
    default:
      return null
  }
}

/**
 * TXT strings as DNS-SD keys (RFC 6763 §6.3-6.4): `key=value`, keys case-insensitive, the first
 * occurrence wins, a key without `=` is a boolean present with an empty value.
 */
export function txtKeys(strings: readonly Buffer[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const s of strings) {
    const text = s.toString('utf8')
    const eq = text.indexOf('=')
    const key = (eq < 0 ? text : text.slice(0, eq)).toLowerCase()
    if (key === '' || out.has(key)) continue
    out.set(key, eq < 0 ? '' : text.slice(eq + 1))
  }
  return out
}

/** Reverses the escaping of `decodeMessage` for one label (`Brother\.MFC` → `Brother.MFC`). */
export function unescapeLabel(label: string): string {
  return label.replace(/\\(.)/g, '$1')
}
