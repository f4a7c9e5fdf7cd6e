/**
 * The relay's encrypted secrets file (electron/secrets/file-store.ts) on a real file system:
 * round trip, no clear secret in the bytes, permissions and owner refused with the fix, a missing
 * or wrong key, tampering caught by the GCM tag, and writes that survive SIGKILL.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, chown, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  createFileSecretStore,
  SecretFileError,
  type FileSecretStoreOptions,
} from '../../electron/secrets/file-store'
import { useTempDirs } from '../helpers/temp-dirs'

const tempDir = useTempDirs()
const SECRET = 'refresh-token-0.AXkA-very-secret-value-ü-123456'
const ACCOUNT = 'relay:oauth-cache:scanner@contoso.test'

afterEach(() => {
  vi.unstubAllEnvs()
})

async function layout(): Promise<FileSecretStoreOptions> {
  const root = await tempDir('scanpath-secret-file-')
  return { file: join(root, 'state', 'secrets.json'), keyFile: join(root, 'etc', 'key') }
}

async function failure(p: Promise<unknown>): Promise<SecretFileError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(SecretFileError)
  return err as SecretFileError
}

const mode = async (p: string) => (await stat(p)).mode & 0o777

describe('file secret store', () => {
  it('round-trips secrets, in 0600 files, across instances', async () => {
    const opts = await layout()
    const store = createFileSecretStore({ ...opts, createKey: true })
    expect(store.kind).toBe('file')
    expect(await store.get(ACCOUNT)).toBeNull()
    expect(await store.list()).toEqual([])
    await store.set(ACCOUNT, SECRET)
    await store.set('relay:client-secret', 'second')
    expect(await store.get(ACCOUNT)).toBe(SECRET)
    expect(await mode(opts.file)).toBe(0o600)
    expect(await mode(opts.keyFile)).toBe(0o600)
    expect((await readFile(opts.keyFile)).length).toBe(32)

    const again = createFileSecretStore(opts)
    expect(await again.list()).toEqual(['relay:client-secret', ACCOUNT])
    expect(await again.get(ACCOUNT)).toBe(SECRET)
    expect(await again.delete(ACCOUNT)).toBe(true)
    expect(await again.delete(ACCOUNT)).toBe(false)
    expect(await store.get(ACCOUNT)).toBeNull()
    expect(await store.get('relay:client-secret')).toBe('second')
    // Concurrent writes in one process are serialised: none is lost.
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`a${i}`, `v${i}`)))
    expect(await store.list()).toHaveLength(21)
  })

  it('keeps no clear secret (nor account name) in the file', async () => {
    const opts = await layout()
    const store = createFileSecretStore({ ...opts, createKey: true })
    await store.set(ACCOUNT, SECRET)
    const bytes = await readFile(opts.file)
    for (const needle of [SECRET, ACCOUNT, 'very-secret', 'contoso']) {
      expect(bytes.includes(Buffer.from(needle))).toBe(false)
      expect(bytes.includes(Buffer.from(Buffer.from(needle).toString('base64')))).toBe(false)
    }
    expect(bytes.toString()).toMatch(/^\{"format":"scanpath-secrets","version":1,/)
  })

  it('refuses a secrets file others can read, saying how to fix it', async () => {
    const opts = await layout()
    const store = createFileSecretStore({ ...opts, createKey: true })
    await store.set(ACCOUNT, SECRET)
    await chmod(opts.file, 0o644)
    const err = await failure(createFileSecretStore(opts).get(ACCOUNT))
    expect(err.code).toBe('permissions')
    expect(err.message).toContain('(mode 0644)')
    expect(err.message).toContain(`Fix: chmod 600 ${resolve(opts.file)}`)
    expect(err.message).not.toContain(SECRET)
    await chmod(opts.file, 0o600)
    expect(await createFileSecretStore(opts).get(ACCOUNT)).toBe(SECRET)
  })

  it('refuses a key file others can read', async () => {
    const opts = await layout()
    await createFileSecretStore({ ...opts, createKey: true }).set(ACCOUNT, SECRET)
    await chmod(opts.keyFile, 0o640)
    const err = await failure(createFileSecretStore(opts).get(ACCOUNT))
    expect(err.code).toBe('permissions')
    expect(err.message).toContain(`key file ${resolve(opts.keyFile)}`)
    expect(err.message).toContain('chmod 600')
  })

  it.skipIf(process.getuid?.() !== 0)(
    'refuses a file another user owns, saying whom it must belong to',
    async () => {
      const opts = await layout()
      await createFileSecretStore({ ...opts, createKey: true }).set(ACCOUNT, SECRET)
      await chown(opts.file, 65534, 65534)
      const err = await failure(createFileSecretStore(opts).get(ACCOUNT))
      expect(err.code).toBe('owner')
      expect(err.message).toMatch(/belongs to uid 65534, not to the user this service runs as/)
      expect(err.message).toContain(`Fix: chown `)
    },
  )

  it('refuses a symbolic link in place of the file', async () => {
    const opts = await layout()
    await createFileSecretStore({ ...opts, createKey: true }).set(ACCOUNT, SECRET)
    const link = join(resolve(opts.file, '..'), 'linked.json')
    await symlink(opts.file, link)
    const err = await failure(createFileSecretStore({ ...opts, file: link }).get(ACCOUNT))
    expect(err.message).toMatch(/symbolic link/)
  })

  it('a missing key is a clear error, and says what is lost when secrets exist', async () => {
    const opts = await layout()
    const none = await failure(createFileSecretStore(opts).get(ACCOUNT))
    expect(none.code).toBe('key-missing')
    expect(none.message).toContain(`The key file ${resolve(opts.keyFile)} does not exist`)
    expect(none.message).toContain('head -c 32 /dev/urandom')

    await createFileSecretStore({ ...opts, createKey: true }).set(ACCOUNT, SECRET)
    const other = { ...opts, keyFile: join(resolve(opts.keyFile, '..'), 'missing-key') }
    const lost = await failure(createFileSecretStore(other).get(ACCOUNT))
    expect(lost.code).toBe('key-missing')
    expect(lost.message).toMatch(/cannot be decrypted without it: restore the key, or delete/)
    // Even where keys may be created, none replaces a lost one under existing secrets.
    const create = await failure(createFileSecretStore({ ...other, createKey: true }).get(ACCOUNT))
    expect(create.code).toBe('key-missing')
    await expect(stat(other.keyFile)).rejects.toThrow(/ENOENT/)
  })

  it('refuses a key kept in the same directory as the secrets', async () => {
    const opts = await layout()
    expect(() =>
      createFileSecretStore({ ...opts, keyFile: join(resolve(opts.file, '..'), 'key') }),
    ).toThrow(/key file must be kept in another directory/)
  })

  it('refuses a key file that is not 32 bytes', async () => {
    const opts = await layout()
    await mkdir(resolve(opts.keyFile, '..'), { recursive: true })
    await writeFile(opts.keyFile, 'short', { mode: 0o600 })
    const err = await failure(createFileSecretStore(opts).get(ACCOUNT))
    expect(err.code).toBe('key-invalid')
    // base64 text of 32 bytes is accepted (as systemd-creds or an admin may write it).
    await writeFile(opts.keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 })
    const store = createFileSecretStore(opts)
    await store.set(ACCOUNT, SECRET)
    expect(await store.get(ACCOUNT)).toBe(SECRET)
  })

  it('refuses tampered ciphertext (the GCM tag), and a key it was not written with', async () => {
    const opts = await layout()
    await createFileSecretStore({ ...opts, createKey: true }).set(ACCOUNT, SECRET)
    const original = await readFile(opts.file, 'utf8')
    const env = JSON.parse(original) as { data: string }
    const data = Buffer.from(env.data, 'base64')
    data[3] = (data[3] ?? 0) ^ 0x01
    await writeFile(opts.file, JSON.stringify({ ...env, data: data.toString('base64') }))
    const err = await failure(createFileSecretStore(opts).get(ACCOUNT))
    expect(err.code).toBe('tampered')
    expect(err.message).toMatch(/failed its integrity check \(AES-GCM\).*Nothing was read from it/)

    await writeFile(opts.file, original)
    await writeFile(opts.keyFile, randomBytes(32), { mode: 0o600 })
    const wrongKey = await failure(createFileSecretStore(opts).get(ACCOUNT))
    expect(wrongKey.code).toBe('tampered')
    expect(wrongKey.message).toContain('is not the key it was written with')
  })

  it('trusts a key systemd placed in $CREDENTIALS_DIRECTORY even with an ACL mode', async () => {
    const opts = await layout()
    const creds = resolve(opts.keyFile, '..')
    await mkdir(creds, { recursive: true })
    await writeFile(opts.keyFile, randomBytes(32))
    await chmod(opts.keyFile, 0o440)
    await expect(createFileSecretStore(opts).set(ACCOUNT, SECRET)).rejects.toThrow(/chmod 600/)
    vi.stubEnv('CREDENTIALS_DIRECTORY', creds)
    const store = createFileSecretStore(opts)
    await store.set(ACCOUNT, SECRET)
    expect(await store.get(ACCOUNT)).toBe(SECRET)
  })

  it('ignores a temp file a crashed write left behind', async () => {
    const opts = await layout()
    const store = createFileSecretStore({ ...opts, createKey: true })
    await store.set(ACCOUNT, SECRET)
    const dir = resolve(opts.file, '..')
    await writeFile(
      join(dir, '.secrets.json.0b8e4f0e-1c2d-4e5f-8a9b-0c1d2e3f4a5b.tmp'),
      '{"format":"scanpath-secrets","version":1,"iv":"trunc',
      { mode: 0o600 },
    )
    const fresh = createFileSecretStore(opts)
    expect(await fresh.get(ACCOUNT)).toBe(SECRET)
    await fresh.set(ACCOUNT, 'updated')
    expect(await createFileSecretStore(opts).get(ACCOUNT)).toBe('updated')
  })

  it('every acknowledged write survives SIGKILL at random moments', async () => {
    const opts = await layout()
    await createFileSecretStore({ ...opts, createKey: true }).set(ACCOUNT, 'value-0')
    const root = resolve(opts.file, '..', '..')
    const child = join(root, 'writer.ts')
    const storeModule = resolve('electron/secrets/file-store.ts')
    await writeFile(
      child,
      [
        `import { writeSync } from 'node:fs'`,
        `import { createFileSecretStore } from ${JSON.stringify(storeModule)}`,
        `const store = createFileSecretStore(${JSON.stringify(opts)})`,
        `const start = Number(process.argv[2])`,
        `void (async () => {`,
        `  for (let n = start; ; n++) {`,
        `    await store.set(${JSON.stringify(ACCOUNT)}, 'value-' + n)`,
        `    writeSync(1, 'ACK ' + n + '\\n')`,
        `  }`,
        `})()`,
      ].join('\n'),
    )
    let next = 1
    for (let round = 0; round < 6; round++) {
      const proc = spawn(process.execPath, ['--import', 'tsx', child, String(next)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let out = ''
      proc.stdout.on('data', (c: Buffer) => (out += c.toString()))
      // Wait for the first ACK (start-up), then kill at a random moment of the writes.
      const end = Date.now() + 20_000
      while (!out.includes('ACK')) {
        if (Date.now() > end || proc.exitCode !== null) throw new Error(`writer did not start`)
        await new Promise((r) => setTimeout(r, 10))
      }
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 150))
      const exited = new Promise((r) => proc.once('exit', r))
      proc.kill('SIGKILL')
      await exited
      const acks = [...out.matchAll(/ACK (\d+)/g)].map((m) => Number(m[1]))
      const lastAck = Math.max(...acks)
      const value = await createFileSecretStore(opts).get(ACCOUNT)
      const stored = Number(/^value-(\d+)$/.exec(value ?? '')?.[1])
      // The acknowledged write is there, or one after it that landed before the kill.
      expect(stored).toBeGreaterThanOrEqual(lastAck)
      expect(stored).toBeLessThanOrEqual(lastAck + 1)
      next = stored + 1
    }
    const names = await readdir(resolve(opts.file, '..'))
    expect(names).toContain('secrets.json')
  }, 120_000)
})
