import { execFile } from 'node:child_process'
import { lstat, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  InvalidSecretInputError,
  KeychainUnavailableError,
  SECRET_SERVICE,
  createMemorySecretStore,
  openSecretStore,
  probeKeychain,
  type SecretStore,
} from '../../electron/secrets'
import { createKeytarStore, type KeytarLike } from '../../electron/secrets/keytar-store'
import { keyringSupport, startTestKeyring, type TestKeyring } from '../helpers/keyring'
import { requirePeer } from '../helpers/require-peer'

const execFileAsync = promisify(execFile)

const support = await keyringSupport()
const keyring = requirePeer('gnome-keyring, D-Bus and keytar', support.ok ? null : support.reason)

// Distinctive, so a grep over files cannot match by accident.
const SECRET = 'Sc4nP4ss-plaintext-canary-7f3e9a'
const KEYRING_PASSWORD = 'test-keyring-password-91c2'

/** Every regular file under `dir` with size, mode and mtime: a before/after snapshot. */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (d: string) => {
    for (const name of (await readdir(d)).sort()) {
      const p = join(d, name)
      const st = await lstat(p)
      out.push(`${relative(dir, p)} ${st.isDirectory() ? 'dir' : st.size} ${st.mode} ${st.mtimeMs}`)
      if (st.isDirectory()) await walk(p)
    }
  }
  await walk(dir)
  return out
}

/** Regular files under `dir` that contain `needle` (as UTF-8 or UTF-16LE), and all files looked at. */
async function filesContaining(dir: string, needle: string) {
  const hits: string[] = []
  const files: string[] = []
  const walk = async (d: string) => {
    for (const name of await readdir(d)) {
      const p = join(d, name)
      const st = await lstat(p)
      if (st.isDirectory()) await walk(p)
      else if (st.isFile()) {
        files.push(relative(dir, p))
        const buf = await readFile(p)
        if (
          buf.includes(Buffer.from(needle, 'utf8')) ||
          buf.includes(Buffer.from(needle, 'utf16le'))
        ) {
          hits.push(relative(dir, p))
        }
      }
    }
  }
  await walk(dir)
  return { hits, files }
}

// A fresh process, because GLib keeps its first session-bus connection for the process's life:
// this one must never have seen the test keyring's bus.
const SECRETS_INDEX = pathToFileURL(
  resolve(import.meta.dirname, '../../electron/secrets/index.ts'),
).href
const CHILD_SCRIPT = `
const mod = await import(${JSON.stringify(SECRETS_INDEX)})
const { openSecretStore } = mod.default ?? mod
const { store, keychain } = await openSecretStore({ probeTimeoutMs: 10000 })
const secret = process.env.CHILD_SECRET
await store.set('scanner@contoso.test', secret)
const readBack = (await store.get('scanner@contoso.test')) === secret
const list = await store.list()
const deleted = await store.delete('scanner@contoso.test')
process.stdout.write(JSON.stringify({ kind: store.kind, keychain, readBack, list, deleted }))
`

type ChildResult = {
  kind: SecretStore['kind']
  keychain: { ok: true } | { ok: false; reason: string }
  readBack: boolean
  list: string[]
  deleted: boolean
}

async function openInChild(env: NodeJS.ProcessEnv): Promise<ChildResult> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', CHILD_SCRIPT],
    {
      env: { ...env, CHILD_SECRET: SECRET },
      cwd: resolve(import.meta.dirname, '../..'),
      timeout: 20_000,
    },
  )
  return JSON.parse(stdout) as ChildResult
}

/** The test runner's env with every way of finding a bus or a display removed. */
function envWithoutBus(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  for (const k of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR']) {
    delete env[k]
  }
  return env
}

async function emptyDirs(root: string) {
  const dirs = {
    HOME: join(root, 'home'),
    XDG_RUNTIME_DIR: join(root, 'run'),
    XDG_DATA_HOME: join(root, 'data'),
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_CACHE_HOME: join(root, 'cache'),
  }
  await mkdir(root)
  for (const d of Object.values(dirs)) await mkdir(d, { mode: 0o700 })
  return dirs
}

describe.skipIf(keyring.missing)(keyring.title('keytar store on a real GNOME Keyring'), () => {
  let keyring: TestKeyring
  let store: SecretStore

  beforeAll(async () => {
    // Before any keytar call in this process: GLib binds to the first bus it connects to.
    keyring = await startTestKeyring({ password: KEYRING_PASSWORD })
    store = createKeytarStore()
  })
  afterAll(async () => {
    await keyring?.stop()
  })

  it('sets, gets, replaces, lists and deletes', async () => {
    expect(store.kind).toBe('keychain')
    expect(await store.get('scanner@contoso.test')).toBeNull()
    expect(await store.list()).toEqual([])

    await store.set('scanner@contoso.test', SECRET)
    expect(await store.get('scanner@contoso.test')).toBe(SECRET)

    await store.set('scanner@contoso.test', 'replaced-Ünïcødé-🔑')
    expect(await store.get('scanner@contoso.test')).toBe('replaced-Ünïcødé-🔑')

    const token = 'r'.repeat(16 * 1024) // a refresh token at the size limit
    await store.set('oauth:tenant/scanner@contoso.test', token)
    expect(await store.get('oauth:tenant/scanner@contoso.test')).toBe(token)
    expect(await store.list()).toEqual([
      'oauth:tenant/scanner@contoso.test',
      'scanner@contoso.test',
    ])

    expect(await store.delete('scanner@contoso.test')).toBe(true)
    expect(await store.delete('scanner@contoso.test')).toBe(false)
    expect(await store.get('scanner@contoso.test')).toBeNull()
    expect(await store.delete('oauth:tenant/scanner@contoso.test')).toBe(true)
    expect(await store.list()).toEqual([])
  })

  it('stores items under the service "ScanPath", as secret-tool sees them', async () => {
    expect(SECRET_SERVICE).toBe('ScanPath')
    await store.set('tool@contoso.test', SECRET)
    try {
      const { stdout, stderr } = await keyring.secretTool([
        'search',
        '--all',
        'service',
        'ScanPath',
      ])
      const text = stdout + stderr
      expect(text).toContain('attribute.service = ScanPath')
      expect(text).toContain('attribute.account = tool@contoso.test')
      expect(text).toContain(`secret = ${SECRET}`)

      // And nothing under another service name.
      const other = createKeytarStore({ service: 'ScanPath-other' })
      expect(await other.get('tool@contoso.test')).toBeNull()
      expect(await other.list()).toEqual([])
    } finally {
      await store.delete('tool@contoso.test')
    }
    const after = await keyring.secretTool(['search', '--all', 'service', 'ScanPath'])
    expect(after.stdout + after.stderr).not.toContain('tool@contoso.test')
  })

  it('refuses bad accounts and secrets with a clear message and stores nothing', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['', SECRET, /account name must be 1–200 characters/],
      ['a'.repeat(201), SECRET, /account name must be 1–200 characters long \(it is 201\)/],
      ['line\nbreak@contoso.test', SECRET, /must not contain control characters/],
      ['tab\t@contoso.test', SECRET, /must not contain control characters/],
      ['ok@contoso.test', '', /secret is empty\. Nothing was stored/],
      ['ok@contoso.test', 'x'.repeat(16 * 1024 + 1), /16385 bytes; the limit is 16384 bytes/],
      ['ok@contoso.test', 'é'.repeat(8 * 1024 + 1), /limit is 16384 bytes/], // 2 bytes each
      ['ok@contoso.test', 'before\0after', /NUL character/],
      ['ok@contoso.test', 'lone-\uD800-surrogate', /invalid character/],
    ]
    for (const [account, secret, message] of cases) {
      const err = await store.set(account, secret).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(InvalidSecretInputError)
      expect((err as Error).message).toMatch(message)
      // The secret is described, never quoted.
      if (secret.length > 3) expect((err as Error).message).not.toContain(secret)
    }
    await expect(store.get('bad\u0007bell')).rejects.toThrow(/control characters/)
    await expect(store.delete('')).rejects.toThrow(/1–200 characters/)
    await expect(store.set(42 as unknown as string, SECRET)).rejects.toThrow(/must be text/)

    expect(await store.list()).toEqual([])
    const { stdout, stderr } = await keyring.secretTool(['search', '--all', 'service', 'ScanPath'])
    expect(stdout + stderr).not.toContain('attribute.account')
  })

  it('probeKeychain round-trips a throwaway item and leaves nothing behind', async () => {
    expect(await probeKeychain(store)).toEqual({ ok: true })
    expect(await probeKeychain()).toEqual({ ok: true }) // the default: keytar, service ScanPath
    expect(await store.list()).toEqual([])
    const { stdout, stderr } = await keyring.secretTool(['search', '--all', 'service', 'ScanPath'])
    expect(stdout + stderr).not.toContain('attribute.account')
  })

  it('openSecretStore picks the keychain when it works', async () => {
    const opened = await openSecretStore()
    expect(opened.keychain).toEqual({ ok: true })
    expect(opened.store.kind).toBe('keychain')
    await opened.store.set('open@contoso.test', SECRET)
    expect(await createKeytarStore().get('open@contoso.test')).toBe(SECRET)
    expect(await opened.store.delete('open@contoso.test')).toBe(true)
  })

  it('writes no secret in plaintext anywhere under the temp HOME, only the encrypted keyring', async () => {
    await store.set('disk@contoso.test', SECRET)
    try {
      const { hits, files } = await filesContaining(keyring.root, SECRET)
      // The keyring file holds the item (encrypted with the keyring password)…
      expect(files).toContain(relative(keyring.root, join(keyring.keyringDir, 'login.keyring')))
      const keyringFile = await readFile(join(keyring.keyringDir, 'login.keyring'))
      expect(keyringFile.subarray(0, 16).toString('latin1')).toBe('GnomeKeyring\n\r\0\n')
      // …and no file, that one included, contains the secret as text.
      expect(hits).toEqual([])
    } finally {
      await store.delete('disk@contoso.test')
    }
  })
})

describe.skipIf(keyring.missing)(keyring.title('without a usable keychain'), () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), `scanpath-nokeychain-${process.pid}-`))
  })
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true })
  })

  it('no D-Bus at all: session store, a reason a technician understands, and no file written', async () => {
    const dirs = await emptyDirs(join(root, 'no-bus'))
    const before = await snapshot(join(root, 'no-bus'))

    const result = await openInChild({ ...envWithoutBus(), ...dirs })

    expect(result.kind).toBe('session')
    expect(result.keychain.ok).toBe(false)
    const why = result.keychain.ok ? '' : result.keychain.reason
    expect(why).toMatch(/^No keychain is available: no D-Bus session is running/)
    expect(why).toMatch(/Secret Service such as GNOME Keyring/)
    expect(why).toContain('Cannot autolaunch D-Bus') // what libsecret said, for the record
    expect(why).not.toContain(SECRET)
    // "Use for this session only" works, in memory.
    expect(result).toMatchObject({
      readBack: true,
      list: ['scanner@contoso.test'],
      deleted: true,
    })

    // The memory store wrote nothing into HOME or any XDG folder.
    expect(await snapshot(join(root, 'no-bus'))).toEqual(before)
    expect(before).toHaveLength(5) // just the five empty folders
    expect((await filesContaining(join(root, 'no-bus'), SECRET)).hits).toEqual([])
  })

  it('a dead bus address: session store, and the reason says the bus cannot be reached', async () => {
    const dirs = await emptyDirs(join(root, 'dead-bus'))
    const before = await snapshot(join(root, 'dead-bus'))
    const result = await openInChild({
      ...envWithoutBus(),
      ...dirs,
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dirs.XDG_RUNTIME_DIR, 'no-such-bus')}`,
    })
    expect(result.kind).toBe('session')
    expect(result.keychain).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^No keychain is available: the D-Bus session bus named in DBUS_SESSION_BUS_ADDRESS cannot be reached/,
      ),
    })
    expect(result.readBack).toBe(true)
    expect(await snapshot(join(root, 'dead-bus'))).toEqual(before)
  })

  it('a bus but no Secret Service: session store, and the reason says to start one', async () => {
    const busOnly = await startTestKeyring({ secretService: false, applyToProcess: false })
    try {
      const result = await openInChild({ ...envWithoutBus(), ...busOnly.env })
      expect(result.kind).toBe('session')
      expect(result.keychain).toEqual({
        ok: false,
        reason: expect.stringMatching(
          /^No keychain is available: D-Bus is running but no Secret Service is: start GNOME Keyring or KWallet/,
        ),
      })
      expect(result.readBack).toBe(true)
      expect((await filesContaining(busOnly.root, SECRET)).hits).toEqual([])
    } finally {
      await busOnly.stop()
    }
  })

  it('a keyring with no unlocked login keyring and no prompter: session store, "locked"', async () => {
    // An empty unlock password makes gnome-keyring start without a login keyring, and with no
    // display it cannot prompt for one: what a headless box with the daemon but no login sees.
    const locked = await startTestKeyring({ password: '', applyToProcess: false })
    try {
      const result = await openInChild({ ...envWithoutBus(), ...locked.env })
      expect(result.kind).toBe('session')
      expect(result.keychain).toEqual({
        ok: false,
        reason: expect.stringMatching(
          /^No keychain is available: the keyring is locked or has no default \("login"\) keyring/,
        ),
      })
      expect((await filesContaining(locked.root, SECRET)).hits).toEqual([])
    } finally {
      await locked.stop()
    }
  })
})

describe('memory store and error mapping (no keyring needed)', () => {
  it('the memory store keeps secrets for this run, with the same input checks', async () => {
    const mem = createMemorySecretStore()
    expect(mem.kind).toBe('session')
    expect(await mem.get('a@contoso.test')).toBeNull()
    await mem.set('b@contoso.test', 'one')
    await mem.set('a@contoso.test', 'two')
    await mem.set('a@contoso.test', 'three')
    expect(await mem.get('a@contoso.test')).toBe('three')
    expect(await mem.list()).toEqual(['a@contoso.test', 'b@contoso.test'])
    expect(await mem.delete('a@contoso.test')).toBe(true)
    expect(await mem.delete('a@contoso.test')).toBe(false)
    await expect(mem.set('x@contoso.test', '')).rejects.toBeInstanceOf(InvalidSecretInputError)
    await expect(mem.set('x\r\n@contoso.test', 'pw')).rejects.toThrow(/control characters/)
    expect(await mem.list()).toEqual(['b@contoso.test'])
    expect(await probeKeychain(mem)).toEqual({ ok: true })
    expect(await mem.list()).toEqual(['b@contoso.test'])
    // A second store shares nothing: secrets live in the instance, not in a file or a global.
    expect(await createMemorySecretStore().list()).toEqual([])
  })

  it('a keytar that does not load means "no keychain", and openSecretStore falls back', async () => {
    const load = () => Promise.reject(new Error('Cannot find module ../build/Release/keytar.node'))
    const broken = createKeytarStore({ load })
    const err = await broken.get('a@contoso.test').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KeychainUnavailableError)
    expect((err as Error).message).toMatch(
      /^No keychain is available: the keychain module \(keytar\) could not be loaded.*keytar\.node/,
    )

    const opened = await openSecretStore({ load })
    expect(opened.store.kind).toBe('session')
    expect(opened.keychain).toEqual({
      ok: false,
      reason: expect.stringMatching(/keytar\) could not be loaded/),
    })
  })

  it('maps keychain errors to reasons and never echoes the secret', async () => {
    const failing = (message: string): KeytarLike => {
      const fail = () => Promise.reject(new Error(message))
      return { getPassword: fail, setPassword: fail, deletePassword: fail, findCredentials: fail }
    }
    const cases: Array<[string, RegExp]> = [
      ['Cannot autolaunch D-Bus without X11 $DISPLAY', /no D-Bus session is running/],
      [
        'Could not connect: No such file or directory',
        /bus named in DBUS_SESSION_BUS_ADDRESS cannot be reached/,
      ],
      [
        'GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
        /no Secret Service is: start GNOME Keyring or KWallet/,
      ],
      [
        'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
        /keyring is locked or has no default \("login"\) keyring/,
      ],
      ['The connection is closed', /connection to the D-Bus session bus was lost/],
      [
        'Something nobody expected',
        /the OS keychain refused the request \(keychain said: Something nobody expected\)/,
      ],
    ]
    for (const [raw, want] of cases) {
      const s = createKeytarStore({ load: async () => failing(raw) })
      for (const op of [
        () => s.get('a@contoso.test'),
        () => s.list(),
        () => s.delete('a@contoso.test'),
      ]) {
        const err = await op().catch((e: unknown) => e)
        expect(err).toBeInstanceOf(KeychainUnavailableError)
        expect((err as Error).message).toMatch(want)
      }
      expect(await probeKeychain(s)).toEqual({ ok: false, reason: expect.stringMatching(want) })
    }

    // An error text that happens to contain the secret is redacted before it goes anywhere.
    const leaky = createKeytarStore({ load: async () => failing(`bad value ${SECRET}`) })
    const err = (await leaky.set('a@contoso.test', SECRET).catch((e: unknown) => e)) as Error
    expect(err.message).not.toContain(SECRET)
    expect(err.message).toContain('[secret]')
  })

  it('probeKeychain gives up on a keychain that never answers', async () => {
    const hang = () => new Promise<never>(() => {})
    const s = createKeytarStore({
      load: async () => ({
        getPassword: hang,
        setPassword: hang,
        deletePassword: hang,
        findCredentials: hang,
      }),
    })
    const started = Date.now()
    expect(await probeKeychain(s, { timeoutMs: 200 })).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /did not answer within 200 ms \(a locked keyring may be waiting/,
      ),
    })
    expect(Date.now() - started).toBeLessThan(2000)
  })
})
