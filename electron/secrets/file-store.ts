/**
 * Secrets for a headless relay service where there is no OS keychain: one file readable only by
 * the service's user, encrypted with AES-256-GCM under a key kept in a separate file in another
 * directory (e.g. systemd's $CREDENTIALS_DIRECTORY). What this protects: docs/relay-secrets.md.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { constants, type Stats } from 'node:fs'
import { link, mkdir, open, unlink, type FileHandle } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { basename, dirname, resolve } from 'node:path'

import { fsyncDir, writeFileAtomic } from '../store/atomic-write'
import { removeStaleTempFiles } from '../store/stale-temp-files'
import {
  assertValidAccount,
  assertValidSecret,
  isProbeAccount,
  type SecretStore,
} from './secret-store'

export type SecretFileErrorCode =
  | 'permissions'
  | 'owner'
  | 'not-a-file'
  | 'key-missing'
  | 'key-invalid'
  | 'key-placement'
  | 'tampered'
  | 'format'
  | 'io'

/** Every failure of the file store, with what to do in the message; never a secret. */
export class SecretFileError extends Error {
  override readonly name = 'SecretFileError'
  readonly code: SecretFileErrorCode
  constructor(code: SecretFileErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause })
    this.code = code
  }
}

export interface FileSecretStoreOptions {
  /** The encrypted secrets, e.g. /var/lib/scanpath-relay/secrets.json (the state directory). */
  file: string
  /** 32 random bytes (raw or base64), e.g. $CREDENTIALS_DIRECTORY/relay-key or /etc/scanpath-relay/key. */
  keyFile: string
  /** Make the key file when it does not exist (setup); otherwise a missing key is an error. */
  createKey?: boolean
}

/** A SecretStore kept in an encrypted file. */
export interface FileSecretStore extends SecretStore {
  readonly kind: 'file'
}

const FORMAT = 'scanpath-secrets'
const VERSION = 1
// The header is authenticated with the ciphertext, so a file cannot be relabelled.
const AAD = Buffer.from(`${FORMAT}/${VERSION}/aes-256-gcm`)
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_FILE_MAX = 1024
const SECRETS_FILE_MAX = 16 * 1024 * 1024

interface Envelope {
  format: string
  version: number
  iv: string
  tag: string
  data: string
}

const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`

function serviceUser(): string {
  try {
    return userInfo().username
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`
  }
}

/** Refuses a file others can read or write, or that another user owns (not on Windows). */
function checkOwnership(what: string, path: string, st: Stats): void {
  if (!st.isFile()) {
    throw new SecretFileError('not-a-file', `The ${what} ${path} is not a regular file.`)
  }
  if (process.platform === 'win32') return
  const uid = process.getuid?.()
  if (uid !== undefined && st.uid !== uid) {
    throw new SecretFileError(
      'owner',
      `The ${what} ${path} belongs to uid ${st.uid}, not to the user this service runs as (${serviceUser()}, uid ${uid}), so it is refused. Fix: chown ${serviceUser()} ${path}`,
    )
  }
  if ((st.mode & 0o077) !== 0) {
    throw new SecretFileError(
      'permissions',
      `The ${what} ${path} can be read or written by other users (mode ${octal(st.mode)}), so it is refused. Fix: chmod 600 ${path}`,
    )
  }
}

/** Opens a file for reading without following a symbolic link; null when it does not exist. */
async function openExisting(path: string): Promise<FileHandle | null> {
  try {
    return await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    if (code === 'ELOOP') {
      throw new SecretFileError('not-a-file', `${path} is a symbolic link; it is refused.`)
    }
    throw new SecretFileError('io', `${path} could not be opened (${code ?? String(err)}).`, {
      cause: err,
    })
  }
}

/** Reads a checked file whole, refusing one larger than max. */
async function readChecked(
  what: string,
  path: string,
  max: number,
  trusted = false,
): Promise<Buffer | null> {
  const fh = await openExisting(path)
  if (!fh) return null
  try {
    const st = await fh.stat()
    if (trusted && !st.isFile()) {
      throw new SecretFileError('not-a-file', `The ${what} ${path} is not a regular file.`)
    }
    if (!trusted) checkOwnership(what, path, st)
    if (st.size > max) {
      throw new SecretFileError(
        'format',
        `The ${what} ${path} is too large to be one (${st.size} bytes).`,
      )
    }
    return await fh.readFile()
  } finally {
    await fh.close()
  }
}

/**
 * Creates the key file with 0600 and never over an existing one: the key goes to a new temp file
 * (O_EXCL), is fsynced, then hard-linked to its name, which fails if another process made a key
 * first (its key then wins, and is read back).
 */
async function createKeyFile(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const tmp = `${path}.new-${process.pid}-${randomBytes(6).toString('hex')}`
  const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600)
  try {
    await fh.writeFile(randomBytes(KEY_BYTES))
    await fh.sync()
    await fh.close()
    await link(tmp, path).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    })
    await fsyncDir(dirname(path))
  } finally {
    await fh.close().catch(() => {})
    await unlink(tmp).catch(() => {})
  }
}

function parseKey(raw: Buffer, path: string): Buffer {
  if (raw.length === KEY_BYTES) return raw
  const text = raw.toString('utf8').trim()
  const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : null
  if (decoded?.length === KEY_BYTES) return decoded
  throw new SecretFileError(
    'key-invalid',
    `The key file ${path} must hold 32 random bytes, raw or base64 (it holds ${raw.length} bytes). Make one with: (umask 077; head -c 32 /dev/urandom > ${path})`,
  )
}

export function createFileSecretStore(opts: FileSecretStoreOptions): FileSecretStore {
  const file = resolve(opts.file)
  const keyFile = resolve(opts.keyFile)
  if (dirname(file) === dirname(keyFile)) {
    throw new SecretFileError(
      'key-placement',
      `The key file must be kept in another directory than the secrets (${dirname(file)}), so that a copy of one directory does not hold both. Use e.g. $CREDENTIALS_DIRECTORY or /etc/scanpath-relay/key.`,
    )
  }
  let key: Promise<Buffer> | null = null
  // One operation at a time in this process: each reads, changes and replaces the whole file.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op, op)
    queue = next.catch(() => {})
    return next
  }

  // systemd makes $CREDENTIALS_DIRECTORY private to the service (it may grant read access by an
  // ACL, which shows as group bits), so a key it placed there is not held to the 0600 rule.
  const credentialsDir = process.env.CREDENTIALS_DIRECTORY
  const systemdCredential =
    credentialsDir !== undefined &&
    credentialsDir !== '' &&
    dirname(keyFile) === resolve(credentialsDir)

  async function loadKey(): Promise<Buffer> {
    const raw = await readChecked('key file', keyFile, KEY_FILE_MAX, systemdCredential)
    if (raw) return parseKey(raw, keyFile)
    // Secrets without their key: a new key would not decrypt them, so none is made.
    const orphan = (await openExisting(file).then((fh) => fh?.close().then(() => true))) ?? false
    if (!opts.createKey || orphan) {
      throw new SecretFileError(
        'key-missing',
        `The key file ${keyFile} does not exist. ${
          orphan
            ? `The secrets in ${file} cannot be decrypted without it: restore the key, or delete ${file} and sign in again.`
            : `Create it with: (umask 077; head -c 32 /dev/urandom > ${keyFile}), or pass the key as a systemd credential.`
        }`,
      )
    }
    await createKeyFile(keyFile)
    const created = await readChecked('key file', keyFile, KEY_FILE_MAX)
    if (!created) throw new SecretFileError('io', `The key file ${keyFile} could not be created.`)
    return parseKey(created, keyFile)
  }

  const theKey = (): Promise<Buffer> => {
    key ??= loadKey().catch((err: unknown) => {
      key = null
      throw err
    })
    return key
  }

  let swept = false

  async function readAll(): Promise<Map<string, string>> {
    if (!swept) {
      swept = true
      // Temp files a killed write left behind are never read; old ones are removed once.
      await removeStaleTempFiles(dirname(file), basename(file)).catch(() => [])
    }
    const raw = await readChecked('secrets file', file, SECRETS_FILE_MAX)
    const k = await theKey()
    if (!raw) return new Map()
    let env: Envelope
    try {
      env = JSON.parse(raw.toString('utf8')) as Envelope
    } catch (err) {
      throw new SecretFileError('format', `The secrets file ${file} is not one ScanPath wrote.`, {
        cause: err,
      })
    }
    if (env.format !== FORMAT || env.version !== VERSION) {
      throw new SecretFileError(
        'format',
        `The secrets file ${file} is not one this version of ScanPath can read (${String(env.format)} v${String(env.version)}).`,
      )
    }
    const iv = Buffer.from(String(env.iv), 'base64')
    const tag = Buffer.from(String(env.tag), 'base64')
    let clear: Buffer
    try {
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('bad iv or tag')
      const d = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES })
      d.setAAD(AAD)
      d.setAuthTag(tag)
      clear = Buffer.concat([d.update(Buffer.from(String(env.data), 'base64')), d.final()])
    } catch (err) {
      throw new SecretFileError(
        'tampered',
        `The secrets file ${file} failed its integrity check (AES-GCM): it was changed or damaged, or ${keyFile} is not the key it was written with. Nothing was read from it. Restore both from the same backup, or delete ${file} and sign in again.`,
        { cause: err },
      )
    }
    const entries: unknown = JSON.parse(clear.toString('utf8'))
    clear.fill(0)
    return new Map(
      Object.entries(entries as Record<string, unknown>).filter(
        (e): e is [string, string] => typeof e[1] === 'string',
      ),
    )
  }

  async function writeAll(secrets: Map<string, string>): Promise<void> {
    const k = await theKey()
    const iv = randomBytes(IV_BYTES)
    const c = createCipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES })
    c.setAAD(AAD)
    const clear = Buffer.from(JSON.stringify(Object.fromEntries(secrets)), 'utf8')
    const data = Buffer.concat([c.update(clear), c.final()])
    clear.fill(0)
    const env: Envelope = {
      format: FORMAT,
      version: VERSION,
      iv: iv.toString('base64'),
      tag: c.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    }
    try {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 })
      // A new 0600 temp file, fsynced, renamed over the file: a crash leaves old or new, whole.
      await writeFileAtomic(file, `${JSON.stringify(env)}\n`)
    } catch (err) {
      throw new SecretFileError(
        'io',
        `The secrets file ${file} could not be written (${(err as NodeJS.ErrnoException).code ?? String(err)}). Check that ${dirname(file)} is writable by ${serviceUser()}.`,
        { cause: err },
      )
    }
  }

  return {
    kind: 'file',
    get: (account) =>
      serial(async () => {
        assertValidAccount(account)
        return (await readAll()).get(account) ?? null
      }),
    set: (account, secret) =>
      serial(async () => {
        assertValidAccount(account)
        assertValidSecret(secret)
        const all = await readAll()
        all.set(account, secret)
        await writeAll(all)
      }),
    delete: (account) =>
      serial(async () => {
        assertValidAccount(account)
        const all = await readAll()
        if (!all.delete(account)) return false
        await writeAll(all)
        return true
      }),
    list: () =>
      serial(async () => [...(await readAll()).keys()].filter((a) => !isProbeAccount(a)).sort()),
  }
}
