/**
 * The certificate the relay offers devices with STARTTLS: the configured files, or one made for
 * the relay (selfsigned) on first start and kept in the spool folder, so a device that pinned it
 * keeps seeing the same one. RSA, because old devices often have no ECDSA cipher suites.
 */
import { generateKeyPair } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { generate } from 'selfsigned'

import { ensureDir, writeFileAtomic } from '../store/atomic-write'

const generateKeyPairAsync = promisify(generateKeyPair)

export interface RelayTlsFiles {
  certFile?: string
  keyFile?: string
}

async function made(address: string): Promise<{ key: string; cert: string }> {
  const keys = await generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
  const now = Date.now()
  const result = await generate([{ name: 'commonName', value: 'ScanPath Relay' }], {
    algorithm: 'sha256',
    keyPair: keys,
    notBeforeDate: new Date(now - 60 * 60 * 1000),
    // 825 days: the longest validity devices that check it commonly accept.
    notAfterDate: new Date(now + 825 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: address }] },
    ],
  })
  return { key: keys.privateKey, cert: result.cert }
}

export async function relayCertificate(
  files: RelayTlsFiles,
  spoolDir: string,
  listenAddress: string,
): Promise<{ key: string; cert: string }> {
  if (files.certFile && files.keyFile) {
    const read = async (field: string, path: string): Promise<string> => {
      try {
        return await readFile(path, 'utf8')
      } catch (e) {
        throw new Error(
          `tls.${field}: ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
          { cause: e },
        )
      }
    }
    return {
      cert: await read('certFile', files.certFile),
      key: await read('keyFile', files.keyFile),
    }
  }
  const dir = join(spoolDir, 'tls')
  const keyPath = join(dir, 'relay-key.pem')
  const certPath = join(dir, 'relay-cert.pem')
  try {
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') }
  } catch {
    // Not made yet (or half made): make a new one.
  }
  const pair = await made(listenAddress)
  await ensureDir(dir)
  await writeFileAtomic(keyPath, pair.key)
  await writeFileAtomic(certPath, pair.cert)
  return pair
}
