/**
 * Hostile peers for the display-safety tests (issue 12 §2) that the other helpers cannot play: a
 * server certificate whose names carry escape sequences, and an IPP printer whose answer carries
 * any bytes (NUL and invalid UTF-8 included, which ippeveprinter's C strings cannot).
 */
import { generateKeyPair } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { generate } from 'selfsigned'

import { HOSTILE, HOSTILE_BYTES } from './hostile-text'
import type { KeyPair, TestPki } from './test-pki'

/** A server certificate for 127.0.0.1 from the test CA, whose subject and issuer are hostile. */
export async function hostileCertificate(pki: TestPki): Promise<KeyPair> {
  const keys = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  const now = Date.now()
  const result = await generate(
    // node-forge writes the names as given (UTF-8): the controls and U+202E are in the certificate.
    [
      { name: 'commonName', value: HOSTILE },
      { name: 'organizationName', value: HOSTILE },
    ],
    {
      algorithm: 'sha256',
      keyPair: keys,
      notBeforeDate: new Date(now - 86_400_000),
      notAfterDate: new Date(now + 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
      ca: pki.ca,
    },
  )
  return { cert: result.cert, key: keys.privateKey }
}

/**
 * A hostile printer's IPP answer (RFC 8010 §3): make-and-model and firmware carry the bytes, NUL
 * and invalid UTF-8 included (which ippeveprinter's C strings could not).
 */
export function hostileIppAnswer(requestId: Buffer): Buffer {
  const attr = (tag: number, name: string, value: Buffer) => {
    const n = Buffer.from(name, 'ascii')
    const head = Buffer.alloc(3)
    head[0] = tag
    head.writeUInt16BE(n.length, 1)
    const len = Buffer.alloc(2)
    len.writeUInt16BE(value.length)
    return Buffer.concat([head, n, len, value])
  }
  return Buffer.concat([
    Buffer.from([0x02, 0x00, 0x00, 0x00]), // IPP 2.0, successful-ok
    requestId,
    Buffer.from([0x01]), // operation attributes
    attr(0x47, 'attributes-charset', Buffer.from('utf-8')),
    attr(0x48, 'attributes-natural-language', Buffer.from('en')),
    Buffer.from([0x04]), // printer attributes
    attr(0x41, 'printer-make-and-model', HOSTILE_BYTES),
    attr(
      0x41,
      'printer-firmware-string-version',
      Buffer.concat([Buffer.from('v1 '), HOSTILE_BYTES]),
    ),
    attr(0x42, 'printer-firmware-name', HOSTILE_BYTES),
    Buffer.from([0x03]), // end of attributes
  ])
}

export interface HostileIppPrinter {
  port: number
  close(): Promise<void>
}

/** An IPP printer on 127.0.0.1 that answers every request with `hostileIppAnswer`. */
export async function startHostileIppPrinter(): Promise<HostileIppPrinter> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      // The request id is bytes 4-7 of the request (RFC 8010 §3.1.1); the answer repeats it.
      const body = Buffer.concat(chunks)
      res.writeHead(200, { 'content-type': 'application/ipp' })
      res.end(hostileIppAnswer(body.subarray(4, 8)))
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
