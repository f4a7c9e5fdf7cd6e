/**
 * The hand-written DNS message codec used for DNS-SD, checked against an independent encoder
 * (dns-packet) and against the malformed inputs a hostile responder can send.
 */
import * as dnsPacket from 'dns-packet'
import { describe, expect, it } from 'vitest'

import { browseInterfaces, browsePrinters, clipText } from '../../../../electron/discovery/dns-sd'
import {
  decodeMessage,
  encodeQuery,
  MdnsDecodeError,
  txtKeys,
  unescapeLabel,
} from '../../../../electron/discovery/mdns-message'

describe('encodeQuery', () => {
  it('is a query dns-packet reads back', () => {
    const buf = encodeQuery(0x1234, [
      { name: '_ipp._tcp.local', type: 'PTR' },
      { name: 'Office Printer._ipp._tcp.local', type: 'SRV' },
      { name: 'brn3c2af4.local', type: 'A' },
    ])
    const back = dnsPacket.decode(buf)
    expect(back.id).toBe(0x1234)
    expect(back.type).toBe('query')
    expect(back.questions).toEqual([
      { name: '_ipp._tcp.local', type: 'PTR', class: 'IN' },
      { name: 'Office Printer._ipp._tcp.local', type: 'SRV', class: 'IN' },
      { name: 'brn3c2af4.local', type: 'A', class: 'IN' },
    ])
  })

  it('writes an escaped dot as part of one label, and reads it back escaped', () => {
    const buf = encodeQuery(7, [{ name: 'Office\\.2F Printer._ipp._tcp.local', type: 'TXT' }])
    const label = Buffer.from('Office.2F Printer')
    expect(buf.subarray(12, 13 + label.length)).toEqual(
      Buffer.concat([Buffer.from([label.length]), label]),
    )
    // As a question section: decode it by turning the message into a response with one record.
    const asRecord = Buffer.concat([buf.subarray(0, 12), buf.subarray(12, buf.length - 4)])
    asRecord.writeUInt16BE(0x8400, 2)
    asRecord.writeUInt16BE(0, 4)
    asRecord.writeUInt16BE(1, 6)
    const rr = Buffer.concat([asRecord, Buffer.from([0, 16, 0, 1, 0, 0, 0, 1, 0, 2, 1, 0x78])])
    expect(decodeMessage(rr).records[0]).toMatchObject({
      type: 'TXT',
      name: 'Office\\.2F Printer._ipp._tcp.local',
    })
  })

  it('refuses labels DNS cannot carry', () => {
    expect(() => encodeQuery(1, [{ name: `${'a'.repeat(64)}.local`, type: 'A' }])).toThrow(
      RangeError,
    )
    expect(() => encodeQuery(1, [{ name: 'a..local', type: 'A' }])).toThrow(RangeError)
  })
})

describe('decodeMessage', () => {
  it('reads the records a responder sends, with name compression, cache-flush bits and unknown types', () => {
    const buf = dnsPacket.encode({
      id: 0,
      type: 'response',
      flags: dnsPacket.AUTHORITATIVE_ANSWER,
      answers: [
        {
          type: 'PTR',
          name: '_ipp._tcp.local',
          ttl: 4500,
          data: 'Office Printer._ipp._tcp.local',
        },
        {
          type: 'SRV',
          name: 'Office Printer._ipp._tcp.local',
          ttl: 120,
          flush: true,
          data: { priority: 0, weight: 0, port: 631, target: 'brn3c2af4.local' },
        },
        { type: 'HINFO', name: 'brn3c2af4.local', ttl: 120, data: { cpu: 'ARM', os: 'RTOS' } },
      ],
      additionals: [
        {
          type: 'TXT',
          name: 'Office Printer._ipp._tcp.local',
          ttl: 4500,
          data: ['txtvers=1', 'ty=Brother MFC-L8900CDW series', 'Color=T', 'TLS'],
        },
        { type: 'A', name: 'brn3c2af4.local', ttl: 120, flush: true, data: '192.168.1.40' },
        { type: 'AAAA', name: 'brn3c2af4.local', ttl: 120, data: 'fe80::1' },
      ],
    })
    const msg = decodeMessage(buf)
    expect(msg.isResponse).toBe(true)
    expect(msg.records.map((r) => r.type)).toEqual(['PTR', 'SRV', 'TXT', 'A', 'AAAA'])
    expect(msg.records[0]).toMatchObject({ target: 'Office Printer._ipp._tcp.local' })
    expect(msg.records[1]).toMatchObject({ port: 631, target: 'brn3c2af4.local', ttl: 120 })
    expect(msg.records[3]).toMatchObject({ name: 'brn3c2af4.local', address: '192.168.1.40' })
    expect(msg.records[4]).toMatchObject({ address: 'fe80:0:0:0:0:0:0:1' })
    const txt = msg.records[2]
    if (txt?.type !== 'TXT') throw new Error('no TXT')
    const keys = txtKeys(txt.strings)
    expect(keys.get('ty')).toBe('Brother MFC-L8900CDW series')
    expect(keys.get('color')).toBe('T')
    expect(keys.get('tls')).toBe('')
    expect(unescapeLabel('Office\\.2F Printer')).toBe('Office.2F Printer')
  })

  const header = (an: number) => {
    const h = Buffer.alloc(12)
    h.writeUInt16BE(0x8400, 2)
    h.writeUInt16BE(an, 6)
    return h
  }

  it.each([
    [
      'a name pointer to itself (a loop)',
      Buffer.concat([header(1), Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4])]),
      /forward/,
    ],
    [
      'a name pointer forward',
      Buffer.concat([
        header(1),
        Buffer.from([0xc0, 20, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4, 0, 0, 0, 0, 0]),
      ]),
      /forward/,
    ],
    ['a header claiming 65535 records', header(0xffff), /claims 65535 records/],
    [
      'a record cut short',
      Buffer.concat([header(1), Buffer.from([1, 0x61, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 10])]),
      /truncated/,
    ],
    [
      'an A record of 5 bytes',
      Buffer.concat([header(1), Buffer.from([0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5, 1, 2, 3, 4, 5])]),
      /not 4 bytes/,
    ],
    [
      'a TXT string longer than its record',
      Buffer.concat([header(1), Buffer.from([0, 0, 16, 0, 1, 0, 0, 0, 1, 0, 2, 9, 0x61])]),
      /overruns/,
    ],
    [
      'a reserved label type',
      Buffer.concat([header(1), Buffer.from([0x80, 0, 1, 0, 1])]),
      /reserved label/,
    ],
    ['eleven bytes', Buffer.alloc(11), /truncated header/],
  ])('rejects %s with a decode error', (_what, buf, message) => {
    expect(() => decodeMessage(buf)).toThrow(MdnsDecodeError)
    expect(() => decodeMessage(buf)).toThrow(message)
  })

  it('rejects a name longer than 255 bytes built from chained pointers', () => {
    // Labels of 63 bytes, each pointing back at the previous one: legal pointers, illegal length.
    const parts: Buffer[] = [header(1)]
    let offset = 12
    let previous = -1
    for (let i = 0; i < 6; i++) {
      const label = Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])
      const tail =
        previous < 0 ? Buffer.from([0]) : Buffer.from([0xc0 | (previous >> 8), previous & 0xff])
      parts.push(label, tail)
      previous = offset
      offset += label.length + tail.length
    }
    parts.push(
      Buffer.from([
        0xc0 | (previous >> 8),
        previous & 0xff,
        0,
        1,
        0,
        1,
        0,
        0,
        0,
        1,
        0,
        4,
        1,
        2,
        3,
        4,
      ]),
    )
    // The message has no question section; the chain sits where the answer's name is read from.
    const buf = Buffer.concat(parts)
    expect(() => decodeMessage(buf)).toThrow(MdnsDecodeError)
  })
})

// Cases dns-packet 5.6.1 gets wrong (docs/decisions/protocol-codecs.md): each record's data must
// stay inside its RDLENGTH, a label keeps its dots and backslashes, a name stays under 256 bytes.
describe('decodeMessage keeps to each record’s RDLENGTH and to label boundaries', () => {
  const header = (an: number) => {
    const h = Buffer.alloc(12)
    h.writeUInt16BE(0x8400, 2)
    h.writeUInt16BE(an, 6)
    return h
  }
  const record = (name: number[], type: number, rdlength: number, data: number[]) =>
    Buffer.concat([
      header(1),
      Buffer.from([...name, 0, 0, type, 0, 1, 0, 0, 0, 1, 0, rdlength, ...data]),
    ])

  it.each([
    ['an A record of 3 bytes', record([], 1, 3, [1, 2, 3]), /not 4 bytes/],
    [
      'a PTR whose name runs past its RDLENGTH',
      record([], 12, 1, [3, 0x61, 0x62, 0x63, 0]),
      /overruns/,
    ],
    ['a TXT record longer than the message', record([], 16, 9, [3, 0x61]), /truncated record data/],
  ])('rejects %s', (_what, buf, message) => {
    expect(() => decodeMessage(buf)).toThrow(MdnsDecodeError)
    expect(() => decodeMessage(buf)).toThrow(message)
  })

  it('escapes a dot and a backslash inside a label, and writes them back as one label', () => {
    const names = [
      [3, 0x61, 0x2e, 0x62],
      [3, 0x61, 0x5c, 0x62],
    ].map((label) => decodeMessage(record(label, 16, 2, [1, 0x78])).records[0]?.name)
    expect(names).toEqual(['a\\.b', 'a\\\\b'])
    expect(names.map((n) => unescapeLabel(n ?? ''))).toEqual(['a.b', 'a\\b'])
    const query = encodeQuery(1, [{ name: 'a\\\\b.local', type: 'A' }])
    expect(query.subarray(12, 16)).toEqual(Buffer.from([3, 0x61, 0x5c, 0x62]))
  })

  it('rejects a name over 255 bytes made of legal pointers into an earlier record', () => {
    // Record 1 (unknown type 99) carries six 63-byte labels, each ending in a pointer to the one
    // before; record 2's name points at the last, so only the name length can stop it.
    const chain: number[] = []
    let previous = -1
    for (let i = 0; i < 6; i++) {
      const at = 12 + 11 + chain.length
      chain.push(63, ...Array<number>(63).fill(0x61))
      chain.push(...(previous < 0 ? [0] : [0xc0 | (previous >> 8), previous & 0xff]))
      previous = at
    }
    const first = [0, 0, 99, 0, 1, 0, 0, 0, 1, chain.length >> 8, chain.length & 0xff, ...chain]
    const second = [
      0xc0 | (previous >> 8),
      previous & 0xff,
      0,
      1,
      0,
      1,
      0,
      0,
      0,
      1,
      0,
      4,
      1,
      2,
      3,
      4,
    ]
    const buf = Buffer.concat([header(2), Buffer.from([...first, ...second])])
    expect(() => decodeMessage(buf)).toThrow(/name longer than 255 bytes/)
  })
})

describe('browseInterfaces and clipText', () => {
  it('asks on every non-loopback IPv4 address once, in order', () => {
    const ifaces = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
      eth0: [
        { address: '192.168.1.23', family: 'IPv4', internal: false },
        { address: 'fe80::1', family: 'IPv6', internal: false },
      ],
      wlan0: [{ address: '10.0.5.7', family: 'IPv4', internal: false }],
      alias: [{ address: '192.168.1.23', family: 'IPv4', internal: false }],
    } as unknown as Parameters<typeof browseInterfaces>[0]
    expect(browseInterfaces(ifaces)).toEqual(['192.168.1.23', '10.0.5.7'])
    expect(browseInterfaces({})).toEqual([])
  })

  it('keeps the text as announced (made safe where it is shown) and clips long text by code points', () => {
    expect(clipText('Evil\u202eFDP\u0007 Printer\u0000\u001b[31m')).toBe(
      'Evil\u202eFDP\u0007 Printer\u0000\u001b[31m',
    )
    const long = clipText('x'.repeat(500))
    expect(long).toHaveLength(200)
    expect(long.endsWith('…')).toBe(true)
    const emoji = Array.from(clipText('🖨'.repeat(300)))
    expect(emoji).toHaveLength(200)
    expect(emoji[198]).toBe('🖨')
  })
})

describe('browsePrinters with nothing to search on', () => {
  // Neither case sends a packet: there is no interface, or binding to it fails first.
  it('no IPv4 network: says to connect the laptop to the device’s network', async () => {
    const r = await browsePrinters({ interfaces: [], timeoutMs: 50 })
    expect(r.printers).toEqual([])
    expect(r.summary).toBe(
      'This laptop has no IPv4 network to search. Connect it to the device’s network (cable or Wi-Fi) and search again.',
    )
  })

  it('an address the laptop no longer has: says why and what to do instead', async () => {
    // 192.0.2.1 (TEST-NET-1) is on no interface here, so the bind fails (EADDRNOTAVAIL).
    const r = await browsePrinters({ interfaces: ['192.0.2.1'], timeoutMs: 50 })
    expect(r.askedOn).toEqual([])
    expect(r.problems).toHaveLength(1)
    expect(r.problems[0]).toMatch(/^Could not search on 192\.0\.2\.1: .*EADDRNOTAVAIL/)
    expect(r.summary).toBe(
      `Could not search the local networks: ${r.problems[0]} Enter the device’s IP address from its control panel instead.`,
    )
  })
})
