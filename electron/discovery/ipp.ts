/**
 * IPP Get-Printer-Attributes (RFC 8011 §4.2.5) encoded by hand (RFC 8010; no npm IPP library
 * fits: docs/decisions/protocol-codecs.md) and POSTed over plain HTTP: printers answer plain IPP
 * on 631 even when they also offer IPPS.
 */
import { request } from 'node:http'
import { isIP } from 'node:net'

import type { DiscoveryFailure, IppAttributesResult } from '../../shared/discovery-types'

export const IPP_REQUESTED_ATTRIBUTES = [
  'printer-make-and-model',
  'printer-firmware-string-version',
  'printer-firmware-version',
  'printer-firmware-name',
  'printer-info',
  'printer-device-id',
  'printer-name',
] as const

const OP_GET_PRINTER_ATTRIBUTES = 0x000b
const STATUS_VERSION_NOT_SUPPORTED = 0x0503
/** A printer's attribute answer is a few KB; anything far larger is not a printer we understand. */
const MAX_RESPONSE_BYTES = 1024 * 1024

const TAG = {
  operationAttributes: 0x01,
  endOfAttributes: 0x03,
  printerAttributes: 0x04,
  integer: 0x21,
  boolean: 0x22,
  enum: 0x23,
  octetString: 0x30,
  begCollection: 0x34,
  textWithLanguage: 0x35,
  nameWithLanguage: 0x36,
  endCollection: 0x37,
  keyword: 0x44,
  uri: 0x45,
  charset: 0x47,
  naturalLanguage: 0x48,
} as const

export interface IppPrinterAttributesOptions {
  host: string
  port?: number
  path?: string
  timeoutMs: number
  /** Which attributes to ask for; defaults to the identity ones. */
  requestedAttributes?: readonly string[]
}

function encodeAttribute(tag: number, name: string, values: readonly string[]): Buffer[] {
  return values.map((value, i) => {
    // Additional values of a 1setOf attribute carry an empty name (RFC 8010 §3.1.5).
    const nameBytes = Buffer.from(i === 0 ? name : '', 'utf8')
    const valueBytes = Buffer.from(value, 'utf8')
    const head = Buffer.alloc(3)
    head.writeUInt8(tag, 0)
    head.writeUInt16BE(nameBytes.length, 1)
    const len = Buffer.alloc(2)
    len.writeUInt16BE(valueBytes.length, 0)
    return Buffer.concat([head, nameBytes, len, valueBytes])
  })
}

function hostForUri(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host
}

export function encodeGetPrinterAttributes(opts: {
  printerUri: string
  requestId: number
  version: '1.1' | '2.0'
  requestedAttributes: readonly string[]
}): Buffer {
  const head = Buffer.alloc(8)
  const [major, minor] = opts.version === '2.0' ? [2, 0] : [1, 1]
  head.writeUInt8(major, 0)
  head.writeUInt8(minor, 1)
  head.writeUInt16BE(OP_GET_PRINTER_ATTRIBUTES, 2)
  head.writeUInt32BE(opts.requestId, 4)
  return Buffer.concat([
    head,
    Buffer.from([TAG.operationAttributes]),
    // RFC 8011 §4.1.4: charset and language come first, in this order.
    ...encodeAttribute(TAG.charset, 'attributes-charset', ['utf-8']),
    ...encodeAttribute(TAG.naturalLanguage, 'attributes-natural-language', ['en']),
    ...encodeAttribute(TAG.uri, 'printer-uri', [opts.printerUri]),
    ...encodeAttribute(TAG.keyword, 'requested-attributes', opts.requestedAttributes),
    Buffer.from([TAG.endOfAttributes]),
  ])
}

export interface DecodedIppResponse {
  version: string
  statusCode: number
  requestId: number
  /** Attribute groups in order (tag 0x01 operation, 0x04 printer, …), values as text. */
  groups: Array<{ tag: number; attributes: Record<string, string[]> }>
}

function decodeValue(tag: number, value: Buffer): string {
  switch (tag) {
    case TAG.integer:
    case TAG.enum:
      return value.length === 4 ? String(value.readInt32BE(0)) : value.toString('hex')
    case TAG.boolean:
      return value[0] ? 'true' : 'false'
    case TAG.textWithLanguage:
    case TAG.nameWithLanguage: {
      // language-length, language, text-length, text (RFC 8010 §3.9).
      if (value.length < 4) return ''
      const langLen = value.readUInt16BE(0)
      const textLen = value.readUInt16BE(2 + langLen)
      return value.subarray(4 + langLen, 4 + langLen + textLen).toString('utf8')
    }
    case TAG.octetString: {
      // Firmware versions are often printable octetStrings; show them as text when they are.
      const text = value.toString('latin1')
      return /^[\x20-\x7e]*$/.test(text) ? text : value.toString('hex')
    }
    default:
      // 0x10-0x1f are out-of-band (unknown, no-value): no value bytes to show.
      if (tag >= 0x10 && tag <= 0x1f) return ''
      // text, name, keyword, uri, charset, language and mime types are all UTF-8 / US-ASCII.
      if (tag >= 0x40 && tag <= 0x4f) return value.toString('utf8')
      return value.toString('hex')
  }
}

/** Throws on a truncated or malformed body; the caller turns that into a `malformed` result. */
export function decodeIppResponse(body: Buffer): DecodedIppResponse {
  if (body.length < 9) throw new Error(`IPP answer is ${body.length} bytes, too short`)
  const response: DecodedIppResponse = {
    version: `${body[0]}.${body[1]}`,
    statusCode: body.readUInt16BE(2),
    requestId: body.readUInt32BE(4),
    groups: [],
  }
  let offset = 8
  let group: { tag: number; attributes: Record<string, string[]> } | null = null
  let lastName: string | null = null
  let collectionDepth = 0
  const need = (n: number) => {
    if (offset + n > body.length) throw new Error('IPP answer ends inside an attribute')
  }
  for (;;) {
    need(1)
    const tag = body[offset] as number
    offset += 1
    if (tag === TAG.endOfAttributes) break
    if (tag < 0x10) {
      group = { tag, attributes: {} }
      response.groups.push(group)
      lastName = null
      continue
    }
    need(2)
    const nameLen = body.readUInt16BE(offset)
    offset += 2
    need(nameLen + 2)
    const name = body.subarray(offset, offset + nameLen).toString('utf8')
    offset += nameLen
    const valueLen = body.readUInt16BE(offset)
    offset += 2
    need(valueLen)
    const value = body.subarray(offset, offset + valueLen)
    offset += valueLen

    // Collection members are not needed for identity; skip them but keep the nesting right.
    if (tag === TAG.begCollection) {
      if (collectionDepth === 0 && group !== null) {
        const key: string | null = nameLen > 0 ? name : lastName
        if (key !== null) (group.attributes[key] ??= []).push('(collection)')
        if (nameLen > 0) lastName = name
      }
      collectionDepth += 1
      continue
    }
    if (tag === TAG.endCollection) {
      collectionDepth = Math.max(0, collectionDepth - 1)
      continue
    }
    if (collectionDepth > 0 || group === null) continue
    const key: string | null = nameLen > 0 ? name : lastName
    if (key === null) throw new Error('IPP answer has an additional value before any attribute')
    lastName = key
    ;(group.attributes[key] ??= []).push(decodeValue(tag, value))
  }
  return response
}

interface HttpOutcome {
  status: number
  body: Buffer
}

class IppTransportError extends Error {
  constructor(
    readonly failure: DiscoveryFailure,
    message: string,
  ) {
    super(message)
  }
}

function postIpp(
  host: string,
  port: number,
  path: string,
  body: Buffer,
  timeoutMs: number,
  /** The caller's whole budget, for the message: a 1.1 retry runs on what is left of it. */
  budgetMs: number,
): Promise<HttpOutcome> {
  return new Promise((resolve, reject) => {
    const where = `${hostForUri(host)}:${port}`
    const req = request({
      host,
      port,
      path,
      method: 'POST',
      headers: { 'Content-Type': 'application/ipp', 'Content-Length': body.length },
      // One attempt per call; a printer's keep-alive pool is of no use here.
      agent: false,
    })
    const timer = setTimeout(() => {
      req.destroy(
        new IppTransportError(
          'timeout',
          `No IPP answer from ${where} within ${budgetMs} ms: the printer may be off, IPP may be disabled, or a firewall drops TCP ${port}.`,
        ),
      )
    }, timeoutMs)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > MAX_RESPONSE_BYTES) {
          req.destroy(new IppTransportError('malformed', `IPP answer from ${where} exceeds 1 MB.`))
          return
        }
        chunks.push(chunk)
      })
      res.on('end', () => {
        clearTimeout(timer)
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) })
      })
      res.on('error', (err) => {
        clearTimeout(timer)
        reject(err)
      })
    })
    req.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    req.end(body)
  })
}

function transportMiss(
  err: unknown,
  where: string,
  port: number,
): { failure: DiscoveryFailure; message: string } {
  if (err instanceof IppTransportError) return { failure: err.failure, message: err.message }
  const code = (err as NodeJS.ErrnoException).code
  switch (code) {
    case 'ECONNREFUSED':
      return {
        failure: 'refused',
        message: `${where} refused the connection on TCP ${port}: the device is there but IPP is off or on another port.`,
      }
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return {
        failure: 'unreachable',
        message: `${where} is unreachable from this laptop (no route): check the IP address and that the laptop is on the printer's network.`,
      }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { failure: 'unreachable', message: `The name ${where} does not resolve.` }
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        failure: 'malformed',
        message: `${where} closed the connection during the IPP request: it may not speak IPP on port ${port}.`,
      }
    default:
      return {
        failure: 'unreachable',
        message: `IPP request to ${where} failed: ${(err as Error).message ?? String(err)}.`,
      }
  }
}

function firstValue(attrs: Record<string, string[]>, name: string): string | null {
  const v = attrs[name]?.find((s) => s.trim() !== '')
  return v === undefined ? null : v.trim()
}

/** Firmware as a technician would read it off the device page: name and version when both exist. */
export function firmwareFromAttributes(attrs: Record<string, string[]>): string | null {
  const version =
    firstValue(attrs, 'printer-firmware-string-version') ??
    firstValue(attrs, 'printer-firmware-version')
  const name = firstValue(attrs, 'printer-firmware-name')
  if (version !== null && name !== null && !version.includes(name)) return `${name} ${version}`
  return version ?? name
}

/**
 * Asks a printer for its identity attributes. Never throws: a silent, refusing or non-IPP device
 * comes back as `{ ok: false, failure, message }`.
 */
export async function ippPrinterAttributes(
  opts: IppPrinterAttributesOptions,
): Promise<IppAttributesResult> {
  const { host, port = 631, path = '/ipp/print', timeoutMs } = opts
  const requested = opts.requestedAttributes ?? IPP_REQUESTED_ATTRIBUTES
  const started = Date.now()
  const where = `${hostForUri(host)}:${port}`
  const url = `http://${where}${path}`
  const printerUri = `ipp://${where}${path}`
  const miss = (failure: DiscoveryFailure, message: string): IppAttributesResult => ({
    ok: false,
    failure,
    message,
    durationMs: Date.now() - started,
  })

  // 2.0 first (IPP Everywhere); older devices answer 0x0503 and get asked again in 1.1.
  for (const version of ['2.0', '1.1'] as const) {
    const requestId = 1 + Math.floor(Math.random() * 0x7ffffffe)
    const body = encodeGetPrinterAttributes({
      printerUri,
      requestId,
      version,
      requestedAttributes: requested,
    })
    const remaining = timeoutMs - (Date.now() - started)
    if (remaining <= 0)
      return miss('timeout', `No IPP answer from ${where} within ${timeoutMs} ms.`)

    let http: HttpOutcome
    try {
      http = await postIpp(host, port, path, body, remaining, timeoutMs)
    } catch (err) {
      const m = transportMiss(err, where, port)
      return miss(m.failure, m.message)
    }
    if (http.status !== 200) {
      return miss(
        'http-error',
        `${url} answered HTTP ${http.status} instead of IPP: check the printer path (often /ipp/print or /ipp).`,
      )
    }
    let decoded: DecodedIppResponse
    try {
      decoded = decodeIppResponse(http.body)
    } catch (err) {
      return miss(
        'malformed',
        `${url} sent an answer that is not valid IPP: ${(err as Error).message}.`,
      )
    }
    if (decoded.statusCode === STATUS_VERSION_NOT_SUPPORTED && version === '2.0') continue
    // 0x0000-0x00ff are the successful-ok family (some attributes ignored or substituted is fine).
    if (decoded.statusCode > 0x00ff) {
      return miss(
        'ipp-error',
        `${url} refused Get-Printer-Attributes with IPP status 0x${decoded.statusCode.toString(16).padStart(4, '0')}.`,
      )
    }
    const attributes: Record<string, string[]> = {}
    for (const g of decoded.groups) {
      if (g.tag === TAG.printerAttributes) Object.assign(attributes, g.attributes)
    }
    return {
      ok: true,
      url,
      statusCode: decoded.statusCode,
      attributes,
      makeAndModel: firstValue(attributes, 'printer-make-and-model'),
      firmware: firmwareFromAttributes(attributes),
      deviceId: firstValue(attributes, 'printer-device-id'),
      info: firstValue(attributes, 'printer-info'),
      durationMs: Date.now() - started,
    }
  }
  return miss('ipp-error', `${url} supports neither IPP 2.0 nor 1.1.`)
}
