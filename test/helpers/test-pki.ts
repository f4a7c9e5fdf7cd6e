import { generateKeyPair } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { generate } from 'selfsigned'

/** A certificate and its private key, both PEM. */
export interface KeyPair {
  cert: string
  key: string
}

export interface TestPki {
  /** Test root CA; trust it with `ca: [pki.ca.cert]` or NODE_EXTRA_CA_CERTS=pki.caFile. */
  ca: KeyPair
  /** CN=localhost, SAN DNS:localhost + IP:127.0.0.1 + IP:::1, signed by ca, valid now ±1 day. */
  leaf: KeyPair
  /** CN=localhost, SAN DNS:localhost + IP:127.0.0.1, signed by ca, but notAfter is in the past. */
  expired: KeyPair
  /** CN and SAN DNS:wrong-host.example.test only, signed by ca, valid now. */
  wrongHost: KeyPair
  /** CN=localhost, self-signed (not issued by ca). */
  selfSigned: KeyPair
  /**
   * Path of a temp file holding ca.cert, for NODE_EXTRA_CA_CERTS in spawned processes: written
   * when first read, removed by disposeTestPki() (which a test that reads it calls in afterAll).
   */
  readonly caFile: string
}

const DAY_MS = 24 * 60 * 60 * 1000

const generateKeyPairAsync = promisify(generateKeyPair)

interface PemKeyPair {
  privateKey: string
  publicKey: string
}

// node:crypto generates the RSA keys on the libuv thread pool, in parallel, which keeps the
// whole PKI well under a second; selfsigned only assembles and signs the certificates.
async function rsaKey(): Promise<PemKeyPair> {
  return generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })
}

type Extensions = NonNullable<Parameters<typeof generate>[1]>['extensions']

// Server certificates carry SANs because RFC 6125 §6.4.4 (and Node) ignore the CN once a
// SAN is present; serverAuth EKU keeps them valid for a strict verifier.
function serverExtensions(names: { dns: string[]; ips: string[] }): Extensions {
  return [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...names.dns.map((value) => ({ type: 2 as const, value })),
        ...names.ips.map((ip) => ({ type: 7 as const, ip })),
      ],
    },
  ]
}

async function issue(opts: {
  cn: string
  keys: PemKeyPair
  notBefore: Date
  notAfter: Date
  extensions: Extensions
  ca?: KeyPair
}): Promise<KeyPair> {
  const result = await generate([{ name: 'commonName', value: opts.cn }], {
    algorithm: 'sha256',
    keyPair: opts.keys,
    notBeforeDate: opts.notBefore,
    notAfterDate: opts.notAfter,
    extensions: opts.extensions,
    ...(opts.ca ? { ca: opts.ca } : {}),
  })
  return { cert: result.cert, key: opts.keys.privateKey }
}

async function buildPki(): Promise<TestPki> {
  const now = Date.now()
  const validFrom = new Date(now - DAY_MS)
  const validTo = new Date(now + DAY_MS)
  const [caKeys, leafKeys, expiredKeys, wrongHostKeys, selfSignedKeys] = await Promise.all([
    rsaKey(),
    rsaKey(),
    rsaKey(),
    rsaKey(),
    rsaKey(),
  ])

  const ca = await issue({
    cn: 'ScanPath Test Root CA',
    keys: caKeys,
    notBefore: validFrom,
    notAfter: new Date(now + 2 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  })

  const localhostNames = serverExtensions({ dns: ['localhost'], ips: ['127.0.0.1'] })
  const [leaf, expired, wrongHost, selfSigned] = await Promise.all([
    // ::1 too, so HTTPS peers on the IPv6 loopback verify when reached as https://[::1]:port/.
    issue({
      cn: 'localhost',
      keys: leafKeys,
      notBefore: validFrom,
      notAfter: validTo,
      extensions: serverExtensions({ dns: ['localhost'], ips: ['127.0.0.1', '::1'] }),
      ca,
    }),
    // Expired a day ago, so clock skew between test steps cannot make it valid again.
    issue({
      cn: 'localhost',
      keys: expiredKeys,
      notBefore: new Date(now - 30 * DAY_MS),
      notAfter: new Date(now - DAY_MS),
      extensions: localhostNames,
      ca,
    }),
    issue({
      cn: 'wrong-host.example.test',
      keys: wrongHostKeys,
      notBefore: validFrom,
      notAfter: validTo,
      extensions: serverExtensions({ dns: ['wrong-host.example.test'], ips: [] }),
      ca,
    }),
    issue({
      cn: 'localhost',
      keys: selfSignedKeys,
      notBefore: validFrom,
      notAfter: validTo,
      extensions: localhostNames,
    }),
  ])

  return {
    ca,
    leaf,
    expired,
    wrongHost,
    selfSigned,
    get caFile() {
      return caFileFor(ca.cert)
    },
  }
}

/** The folder holding the CA file while it exists. */
let caDir: string | undefined
let exitHandlerSet = false

function caFileFor(cert: string): string {
  if (caDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'scanpath-pki-'))
    writeFileSync(join(dir, 'ca.pem'), cert, { mode: 0o600 })
    caDir = dir
    if (!exitHandlerSet) {
      exitHandlerSet = true
      // A fallback only: a vitest fork is stopped with SIGTERM, and then never gets here.
      // Synchronous on purpose: 'exit' handlers cannot await.
      process.once('exit', () => {
        if (caDir !== undefined) rmSync(caDir, { recursive: true, force: true })
      })
    }
  }
  return join(caDir, 'ca.pem')
}

/**
 * Removes the CA file and its temp folder, if caFile was read; the certificates stay, and a
 * later read of caFile writes the file again. Call it in afterAll where caFile is read
 * (useScenarioPeers does).
 */
export async function disposeTestPki(): Promise<void> {
  const dir = caDir
  caDir = undefined
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
}

let pkiPromise: Promise<TestPki> | undefined

/** Generates the test PKI once per process; later calls share the same certificates. */
export async function createTestPki(): Promise<TestPki> {
  pkiPromise ??= buildPki().catch((err: unknown) => {
    // A failed attempt must not be memoised, or every later test would see the same error.
    pkiPromise = undefined
    throw err
  })
  return pkiPromise
}
