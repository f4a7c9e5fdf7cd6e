/**
 * SNMP v2c GET with a minimal BER encoder/decoder over a connected node:dgram socket, so a closed
 * port is refused at once. Discovery reads two strings (sysDescr, hrDeviceDescr); why this is not
 * net-snmp: docs/decisions/protocol-codecs.md.
 */
import { createSocket } from 'node:dgram'
import { isIP } from 'node:net'

import type { DiscoveryFailure, SnmpGetResult, SnmpVarbind } from '../../shared/discovery-types'

export const OID_SYS_DESCR = '1.3.6.1.2.1.1.1.0'
/** hrDeviceDescr of device 1: on printers this is usually the printer itself. */
export const OID_HR_DEVICE_DESCR = '1.3.6.1.2.1.25.3.2.1.3.1'

const BER = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
  ipAddress: 0x40,
  counter32: 0x41,
  gauge32: 0x42,
  timeTicks: 0x43,
  opaque: 0x44,
  counter64: 0x46,
  noSuchObject: 0x80,
  noSuchInstance: 0x81,
  endOfMibView: 0x82,
  getRequest: 0xa0,
  response: 0xa2,
} as const

const TYPE_NAMES: Record<number, string> = {
  [BER.integer]: 'INTEGER',
  [BER.octetString]: 'OCTET STRING',
  [BER.null]: 'NULL',
  [BER.oid]: 'OBJECT IDENTIFIER',
  [BER.ipAddress]: 'IpAddress',
  [BER.counter32]: 'Counter32',
  [BER.gauge32]: 'Gauge32',
  [BER.timeTicks]: 'TimeTicks',
  [BER.opaque]: 'Opaque',
  [BER.counter64]: 'Counter64',
  [BER.noSuchObject]: 'noSuchObject',
  [BER.noSuchInstance]: 'noSuchInstance',
  [BER.endOfMibView]: 'endOfMibView',
}

function encodeLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len])
  const bytes: number[] = []
  for (let n = len; n > 0; n >>= 8) bytes.unshift(n & 0xff)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value])
}

function encodeInteger(n: number): Buffer {
  // Two's complement, minimal length; request ids stay within int32.
  const bytes: number[] = []
  let v = n
  for (;;) {
    bytes.unshift(v & 0xff)
    const rest = v >> 8
    const done = (rest === 0 && (v & 0x80) === 0) || (rest === -1 && (v & 0x80) !== 0)
    if (done) break
    v = rest
  }
  return tlv(BER.integer, Buffer.from(bytes))
}

export function encodeOid(oid: string): Buffer {
  const arcs = oid.split('.').map((s) => {
    if (!/^\d+$/.test(s)) throw new Error(`not an OID: ${oid}`)
    return Number(s)
  })
  if (arcs.length < 2) throw new Error(`not an OID: ${oid}`)
  const [a, b, ...rest] = arcs as [number, number, ...number[]]
  const bytes: number[] = [a * 40 + b]
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f]
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128))
      chunk.unshift((v & 0x7f) | 0x80)
    bytes.push(...chunk)
  }
  return tlv(BER.oid, Buffer.from(bytes))
}

export function encodeGetRequest(
  community: string,
  requestId: number,
  oids: readonly string[],
): Buffer {
  const varbinds = oids.map((oid) =>
    tlv(BER.sequence, Buffer.concat([encodeOid(oid), tlv(BER.null, Buffer.alloc(0))])),
  )
  const pdu = tlv(
    BER.getRequest,
    Buffer.concat([
      encodeInteger(requestId),
      encodeInteger(0),
      encodeInteger(0),
      tlv(BER.sequence, Buffer.concat(varbinds)),
    ]),
  )
  // version 1 = SNMPv2c (RFC 1901).
  return tlv(
    BER.sequence,
    Buffer.concat([encodeInteger(1), tlv(BER.octetString, Buffer.from(community, 'utf8')), pdu]),
  )
}

interface Tlv {
  tag: number
  value: Buffer
  /** Offset just past this element. */
  end: number
}

function readTlv(buf: Buffer, offset: number): Tlv {
  if (offset + 2 > buf.length) throw new Error('BER element truncated')
  const tag = buf[offset] as number
  let len = buf[offset + 1] as number
  let pos = offset + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4 || pos + n > buf.length) throw new Error('BER length unsupported')
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + (buf[pos + i] as number)
    pos += n
  }
  if (pos + len > buf.length) throw new Error('BER value truncated')
  return { tag, value: buf.subarray(pos, pos + len), end: pos + len }
}

function readChildren(buf: Buffer): Tlv[] {
  const out: Tlv[] = []
  for (let offset = 0; offset < buf.length;) {
    const t = readTlv(buf, offset)
    out.push(t)
    offset = t.end
  }
  return out
}

function decodeInteger(value: Buffer): number {
  if (value.length === 0) return 0
  let n = (value[0] as number) & 0x80 ? -1 : 0
  for (const b of value) n = n * 256 + b
  return n
}

function decodeUnsigned(value: Buffer): string {
  let n = 0n
  for (const b of value) n = n * 256n + BigInt(b)
  return n.toString()
}

export function decodeOid(value: Buffer): string {
  if (value.length === 0) return ''
  const first = value[0] as number
  const arcs: number[] = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80]
  let acc = 0
  for (const b of value.subarray(1)) {
    acc = acc * 128 + (b & 0x7f)
    if ((b & 0x80) === 0) {
      arcs.push(acc)
      acc = 0
    }
  }
  return arcs.join('.')
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * An OCTET STRING (sysDescr) as text. UTF-8 when it is UTF-8. Older printers send Latin-1
 * ("Xerox®" with 0xAE), kept readable, but only when no byte is in 0x80–0x9F: Latin-1 makes those
 * C1 controls (0x9B is CSI to a terminal), which no printer's text holds; otherwise every invalid
 * sequence is U+FFFD. The NUL padding printers add at the end is dropped.
 */
export function decodeOctetText(value: Buffer): string {
  let text: string
  try {
    text = UTF8.decode(value)
  } catch {
    const c1 = value.some((b) => b >= 0x80 && b <= 0x9f)
    text = c1 ? value.toString('utf8') : value.toString('latin1')
  }
  return text.replace(/\0+$/, '')
}

function decodeVarbindValue(t: Tlv): string | null {
  switch (t.tag) {
    case BER.integer:
      return String(decodeInteger(t.value))
    case BER.octetString:
      return decodeOctetText(t.value)
    case BER.oid:
      return decodeOid(t.value)
    case BER.ipAddress:
      return [...t.value].join('.')
    case BER.counter32:
    case BER.gauge32:
    case BER.timeTicks:
    case BER.counter64:
      return decodeUnsigned(t.value)
    case BER.null:
    case BER.noSuchObject:
    case BER.noSuchInstance:
    case BER.endOfMibView:
      return null
    default:
      return t.value.toString('hex')
  }
}

export interface DecodedSnmpResponse {
  version: number
  community: string
  requestId: number
  errorStatus: number
  errorIndex: number
  varbinds: SnmpVarbind[]
}

/** Throws on anything that is not an SNMP Response-PDU. */
export function decodeResponse(buf: Buffer): DecodedSnmpResponse {
  const msg = readTlv(buf, 0)
  if (msg.tag !== BER.sequence) throw new Error('not an SNMP message')
  const [version, community, pdu] = readChildren(msg.value)
  if (version?.tag !== BER.integer || community?.tag !== BER.octetString || pdu === undefined) {
    throw new Error('not an SNMP message')
  }
  if (pdu.tag !== BER.response) throw new Error(`unexpected PDU type 0x${pdu.tag.toString(16)}`)
  const [reqId, errStatus, errIndex, list] = readChildren(pdu.value)
  if (
    reqId === undefined ||
    errStatus === undefined ||
    errIndex === undefined ||
    list === undefined
  ) {
    throw new Error('SNMP response PDU is incomplete')
  }
  const varbinds = readChildren(list.value).map((vb) => {
    const [name, value] = readChildren(vb.value)
    if (name?.tag !== BER.oid || value === undefined) throw new Error('malformed varbind')
    return {
      oid: decodeOid(name.value),
      value: decodeVarbindValue(value),
      type: TYPE_NAMES[value.tag] ?? `0x${value.tag.toString(16)}`,
    }
  })
  return {
    version: decodeInteger(version.value),
    community: community.value.toString('utf8'),
    requestId: decodeInteger(reqId.value),
    errorStatus: decodeInteger(errStatus.value),
    errorIndex: decodeInteger(errIndex.value),
    varbinds,
  }
}

export interface SnmpGetOptions {
  host: string
  port?: number
  community?: string
  oids: readonly string[]
  timeoutMs: number
}

/**
 * One SNMP v2c GET, sent twice (UDP may drop the first). Never throws: no answer comes back as
 * `{ ok: false }` with a sentence the technician can act on.
 */
export function snmpGet(opts: SnmpGetOptions): Promise<SnmpGetResult> {
  const { host, port = 161, community = 'public', oids, timeoutMs } = opts
  const started = Date.now()
  const where = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`
  const requestId = 1 + Math.floor(Math.random() * 0x7ffffffe)

  return new Promise((resolve) => {
    let request: Buffer
    try {
      request = encodeGetRequest(community, requestId, oids)
    } catch (err) {
      resolve({ ok: false, failure: 'malformed', message: (err as Error).message, durationMs: 0 })
      return
    }
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4')
    const timers: NodeJS.Timeout[] = []
    let settled = false
    const finish = (result: SnmpGetResult) => {
      if (settled) return
      settled = true
      for (const t of timers) clearTimeout(t)
      socket.close()
      resolve(result)
    }
    const miss = (failure: DiscoveryFailure, message: string) =>
      finish({ ok: false, failure, message, durationMs: Date.now() - started })

    socket.on('error', (err: NodeJS.ErrnoException) => {
      // A connected UDP socket reports the ICMP port-unreachable as ECONNREFUSED.
      if (err.code === 'ECONNREFUSED') {
        miss(
          'refused',
          `${where} answered that nothing listens on UDP ${port}: SNMP is off on this device.`,
        )
      } else if (err.code === 'EHOSTUNREACH' || err.code === 'ENETUNREACH') {
        miss('unreachable', `${where} is unreachable from this laptop (no route).`)
      } else if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
        miss('unreachable', `The name ${host} does not resolve.`)
      } else {
        miss('snmp-error', `SNMP request to ${where} failed: ${err.message}.`)
      }
    })
    socket.on('message', (msg) => {
      let decoded: DecodedSnmpResponse
      try {
        decoded = decodeResponse(msg)
      } catch {
        return // Not ours or not SNMP; keep waiting for the real answer.
      }
      if (decoded.requestId !== requestId) return
      finish({
        ok: true,
        errorStatus: decoded.errorStatus,
        errorIndex: decoded.errorIndex,
        varbinds: decoded.varbinds,
        durationMs: Date.now() - started,
      })
    })
    const send = () => {
      if (!settled) socket.send(request, (err) => err && socket.emit('error', err))
    }
    // connect() so the kernel delivers ICMP refusals to us: a closed port fails fast.
    // No connect callback: with one, Node hands a lookup failure to it instead of to 'error'.
    socket.once('connect', () => {
      send()
      timers.push(setTimeout(send, Math.floor(timeoutMs / 2)))
    })
    socket.connect(port, host)
    timers.push(
      setTimeout(
        () =>
          miss(
            'no-answer',
            `No SNMP answer from ${where} within ${timeoutMs} ms: SNMP may be off, the community may not be "${community}" (a wrong community gets no reply at all), or a firewall drops UDP ${port}.`,
          ),
        timeoutMs,
      ),
    )
  })
}
