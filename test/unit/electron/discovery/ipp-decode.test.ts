/**
 * The hand-written IPP codec (RFC 8010) against what a broken or hostile printer can answer: the
 * cases that keep it in place of a library (docs/decisions/protocol-codecs.md).
 */
import { describe, expect, it } from 'vitest'

import { decodeIppResponse, encodeGetPrinterAttributes } from '../../../../electron/discovery/ipp'

/** IPP 2.0, successful-ok, request id 7. */
const HEAD = Buffer.from([2, 0, 0, 0, 0, 0, 0, 7])

function attr(tag: number, name: string, value: Buffer): Buffer {
  const n = Buffer.from(name)
  const head = Buffer.from([tag, n.length >> 8, n.length & 0xff])
  const len = Buffer.from([value.length >> 8, value.length & 0xff])
  return Buffer.concat([head, n, len, value])
}

const answer = (...parts: Buffer[]) => Buffer.concat([HEAD, ...parts, Buffer.from([0x03])])
const printerGroup = Buffer.from([0x04])

describe('encodeGetPrinterAttributes', () => {
  it('writes the request the decoder reads back: operation group, charset first', () => {
    const req = encodeGetPrinterAttributes({
      printerUri: 'ipp://[::1]:631/ipp/print',
      requestId: 42,
      version: '1.1',
      requestedAttributes: ['printer-make-and-model', 'printer-info'],
    })
    expect([...req.subarray(0, 8)]).toEqual([1, 1, 0, 0x0b, 0, 0, 0, 42])
    const back = decodeIppResponse(req)
    expect(back.groups).toEqual([
      {
        tag: 0x01,
        attributes: {
          'attributes-charset': ['utf-8'],
          'attributes-natural-language': ['en'],
          'printer-uri': ['ipp://[::1]:631/ipp/print'],
          'requested-attributes': ['printer-make-and-model', 'printer-info'],
        },
      },
    ])
  })
})

describe('decodeIppResponse', () => {
  it('reads text with a language, additional values, and skips collection members', () => {
    const withLanguage = Buffer.concat([
      Buffer.from([0, 2]),
      Buffer.from('en'),
      Buffer.from([0, 3]),
      Buffer.from('Lab'),
    ])
    const r = decodeIppResponse(
      answer(
        printerGroup,
        attr(0x35, 'printer-info', withLanguage),
        attr(0x30, 'printer-firmware-version', Buffer.from('2.1.0')),
        attr(0x30, '', Buffer.from([0x00, 0x9b])),
        attr(0x34, 'media-col-default', Buffer.alloc(0)),
        attr(0x4a, '', Buffer.from('media-size')),
        attr(0x34, '', Buffer.alloc(0)),
        attr(0x21, 'x-dimension', Buffer.from([0, 0, 0x52, 0x08])),
        attr(0x37, '', Buffer.alloc(0)),
        attr(0x37, '', Buffer.alloc(0)),
        attr(0x41, 'printer-make-and-model', Buffer.from('HP LaserJet')),
        attr(0x21, 'odd-integer', Buffer.from([0, 1])),
      ),
    )
    expect(r.groups[0]?.attributes).toEqual({
      'printer-info': ['Lab'],
      'printer-firmware-version': ['2.1.0', '009b'],
      'media-col-default': ['(collection)'],
      'printer-make-and-model': ['HP LaserJet'],
      'odd-integer': ['0001'],
    })
  })

  it.each([
    ['eight bytes', HEAD, /too short/],
    [
      // Read as a signed 16-bit length (-4), this value length sends a parser backwards: the
      // `ipp` 2.0.1 and `@sealsystems/ipp` 2.8.2 parsers loop forever on these 18 bytes.
      'a value length of 0xFFFC',
      Buffer.from('020000000000000704410000ff41fffcff03', 'hex'),
      /ends inside an attribute/,
    ],
    [
      'a value cut short',
      Buffer.concat([HEAD, printerGroup, attr(0x41, 'x', Buffer.from('abcdef')).subarray(0, 8)]),
      /ends inside an attribute/,
    ],
    [
      'no end-of-attributes tag',
      Buffer.concat([HEAD, printerGroup, attr(0x41, 'x', Buffer.from('a'))]),
      /ends inside an attribute/,
    ],
    [
      'an additional value before any attribute',
      answer(printerGroup, attr(0x41, '', Buffer.from('a'))),
      /additional value before any attribute/,
    ],
  ])('rejects %s with an error (the caller reports "not valid IPP")', (_what, body, message) => {
    expect(() => decodeIppResponse(body)).toThrow(message)
  })
})
