/**
 * The hand-written SNMP response decoder against what a broken or hostile agent can send: the
 * cases that keep it in place of a library (docs/decisions/protocol-codecs.md).
 */
import { describe, expect, it } from 'vitest'

import {
  decodeOid,
  decodeResponse,
  encodeGetRequest,
  encodeOid,
  OID_SYS_DESCR,
} from '../../../../electron/discovery/snmp'

/** One BER element with a definite length (short or two-byte long form). */
function tlv(tag: number, value: Buffer): Buffer {
  const n = value.length
  const len = n < 0x80 ? Buffer.from([n]) : Buffer.from([0x82, n >> 8, n & 0xff])
  return Buffer.concat([Buffer.from([tag]), len, value])
}

const int = (n: number) => tlv(0x02, Buffer.from([n]))

/** A v2c Response-PDU whose one varbind carries `value` (a whole BER element). */
function response(
  value: Buffer,
  opts: { errorStatus?: number; pduTag?: number; name?: Buffer } = {},
): Buffer {
  const varbind = tlv(0x30, Buffer.concat([opts.name ?? encodeOid(OID_SYS_DESCR), value]))
  const pdu = tlv(
    opts.pduTag ?? 0xa2,
    Buffer.concat([int(7), int(opts.errorStatus ?? 0), int(0), tlv(0x30, varbind)]),
  )
  return tlv(0x30, Buffer.concat([int(1), tlv(0x04, Buffer.from('public')), pdu]))
}

describe('decodeResponse', () => {
  it('reads what our own GetRequest carries once its PDU tag says Response', () => {
    const request = encodeGetRequest('public', 0x12345678, [OID_SYS_DESCR, '1.3.6.1.2.1.1.5.0'])
    const asResponse = Buffer.from(request)
    asResponse[asResponse.indexOf(0xa0)] = 0xa2
    expect(decodeResponse(asResponse)).toEqual({
      version: 1,
      community: 'public',
      requestId: 0x12345678,
      errorStatus: 0,
      errorIndex: 0,
      varbinds: [
        { oid: OID_SYS_DESCR, value: null, type: 'NULL' },
        { oid: '1.3.6.1.2.1.1.5.0', value: null, type: 'NULL' },
      ],
    })
    expect(decodeOid(encodeOid('1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0').subarray(2))).toBe(
      '1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0',
    )
  })

  it('keeps a value of a type it does not know, as hex under its tag, with the rest', () => {
    const r = decodeResponse(response(tlv(0x47, Buffer.from([1, 2]))))
    expect(r.varbinds).toEqual([{ oid: OID_SYS_DESCR, value: '0102', type: '0x47' }])
  })

  it('keeps the varbinds of an answer with an error status', () => {
    const r = decodeResponse(response(tlv(0x05, Buffer.alloc(0)), { errorStatus: 2 }))
    expect(r.errorStatus).toBe(2)
    expect(r.varbinds).toHaveLength(1)
  })

  it('reads Counter64 past 2^53 exactly', () => {
    const r = decodeResponse(response(tlv(0x46, Buffer.from('ffffffffffffffff', 'hex'))))
    expect(r.varbinds[0]).toMatchObject({ value: '18446744073709551615', type: 'Counter64' })
  })

  const good = response(tlv(0x04, Buffer.from('Canon iR-ADV C5535')))
  it.each([
    ['nothing', Buffer.alloc(0), /BER element truncated/],
    ['text', Buffer.from('not BER at all'), /BER value truncated/],
    ['a length of 2 GB', Buffer.from('30847fffffff020101', 'hex'), /BER value truncated/],
    ['a five-byte length', Buffer.from('3085010000000002', 'hex'), /BER length unsupported/],
    ['an answer cut short', good.subarray(0, good.length - 3), /BER value truncated/],
    ['a request instead of a response', response(int(1), { pduTag: 0xa0 }), /unexpected PDU/],
    [
      'a varbind without its OID',
      response(int(1), { name: tlv(0x04, Buffer.from('x')) }),
      /malformed varbind/,
    ],
  ])('rejects %s with an error (the caller skips it and keeps waiting)', (_what, buf, message) => {
    expect(() => decodeResponse(buf)).toThrow(message)
  })
})
