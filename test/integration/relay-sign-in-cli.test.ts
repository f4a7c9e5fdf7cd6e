/**
 * The relay's Microsoft 365 sign-in through the built `scanpath` command, end to end: `relay
 * sign-in` against the local identity provider (device code), `relay set-secret` for an app, then
 * `relay --config` delivering with XOAUTH2, `relay status` showing the sign-in, no token anywhere.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { readRelayStatus } from '../../electron/relay/relay-status'
import {
  startFakeIdentityProvider,
  type FakeIdentityProvider,
} from '../helpers/fake-identity-provider'
import { useScenarioPeers } from '../helpers/scenario-peers'
import type { ScenarioServer } from '../helpers/scenario-smtp-server'
import { scanpath, SCANPATH_BIN } from '../helpers/run-scanpath'
import { useTempDirs } from '../helpers/temp-dirs'
import { device, freePort, MAILBOX, scan, waitFor } from './relay-helpers'

const APP_ID = '0b5f3c1e-2d4a-4e6b-8c9d-1a2b3c4d5e6f'
const SECRET = 'relay~cli-set-secret-test-0123456789'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function identityProvider(accessTokenExpiresIn?: number): Promise<FakeIdentityProvider> {
  const idp = await startFakeIdentityProvider({
    pki: peers.pki,
    user: { username: MAILBOX },
    ...(accessTokenExpiresIn ? { accessTokenExpiresIn } : {}),
  })
  cleanups.push(() => idp.close().catch(() => {}))
  return idp
}

/** The Exchange-like server, accepting for MAILBOX the newest access token the IdP issued. */
async function exchange(
  idp: FakeIdentityProvider,
  extra: Parameters<typeof peers.serve>[1] = {},
): Promise<ScenarioServer> {
  const latest = (): string | undefined => idp.issued.accessTokens.at(-1)
  const users = new Proxy<Record<string, string>>(
    {},
    {
      get: (_t, k) => (k === MAILBOX ? latest() : undefined),
      getOwnPropertyDescriptor: (_t, k) =>
        k === MAILBOX && latest() !== undefined
          ? { value: latest(), configurable: true, enumerable: true, writable: false }
          : undefined,
    },
  )
  return peers.serve('exchange', { users, ...extra })
}

interface Setup {
  dir: string
  file: string
  spoolDir: string
  secretsFile: string
  port: number
}

async function setup(
  server: ScenarioServer | null,
  extra: Record<string, unknown>,
  opts: { fileStore?: boolean } = {},
): Promise<Setup> {
  const dir = await tempDir('relay-sign-in-cli-')
  const keyDir = await tempDir('relay-sign-in-key-')
  const port = await freePort()
  const spoolDir = join(dir, 'spool')
  const secretsFile = join(dir, 'state', 'secrets.json')
  const file = join(dir, 'relay.json')
  await writeFile(
    file,
    JSON.stringify({
      listen: { address: '127.0.0.1', port },
      allow: ['127.0.0.0/8'],
      senders: [MAILBOX],
      outbound: { host: '127.0.0.1', port: server?.port ?? 587, username: MAILBOX },
      spoolDir: 'spool',
      ...(opts.fileStore === false
        ? {}
        : { secrets: { store: 'file', file: secretsFile, keyFile: join(keyDir, 'relay-key') } }),
      ...extra,
    }),
  )
  return { dir, file, spoolDir, secretsFile, port }
}

/** Environment of every run: the test CA trusted (the IdP's and the server's certificates). */
function env(): Record<string, string | undefined> {
  return { NODE_EXTRA_CA_CERTS: peers.pki.caFile }
}

/** `relay --config FILE` as the service runs it, until stopped with SIGTERM. */
function runRelay(file: string): {
  child: ChildProcess
  stderr: () => string
  stop(): Promise<number | null>
} {
  const child = spawn(process.execPath, [SCANPATH_BIN, 'relay', '--config', file], {
    env: { ...process.env, NO_COLOR: '1', ...env() },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  child.stdout?.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null) child.kill('SIGTERM')
    return exited
  }
  cleanups.push(async () => {
    await stop()
  })
  return { child, stderr: () => err, stop }
}

async function allFileText(dir: string): Promise<string> {
  let text = ''
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) text += (await readFile(join(e.parentPath, e.name))).toString('latin1')
  return text
}

function tokensOf(idp: FakeIdentityProvider): string[] {
  return [...idp.issued.accessTokens, ...idp.issued.refreshTokens, ...idp.issued.idTokens]
}

/** The token the relay gave in AUTH XOAUTH2 for MAILBOX, decoded. */
function xoauth2Token(server: ScenarioServer): string | undefined {
  const auth = server.sessions.flatMap((s) => s.commands).find((c) => c.line.startsWith('AUTH'))
  const sasl = Buffer.from(auth?.line.split(' ')[2] ?? '', 'base64').toString()
  const [user, bearer] = sasl.split('\x01')
  return user === `user=${MAILBOX}` ? bearer?.replace(/^auth=Bearer /, '') : undefined
}

/** `relay sign-in`, approved in the identity provider. */
async function signIn(idp: FakeIdentityProvider, file: string) {
  const signingIn = scanpath(['relay', 'sign-in', '--config', file], {
    env: env(),
    timeoutMs: 60_000,
  })
  await waitFor(
    'the device code request',
    () => idp.requests.some((r) => r.path.endsWith('/oauth2/v2.0/devicecode')),
    30_000,
  )
  idp.approve()
  return signingIn
}

async function statusUntil(
  spoolDir: string,
  what: string,
  cond: (s: Awaited<ReturnType<typeof readRelayStatus>>) => boolean,
) {
  for (let i = 0; i < 150; i++) {
    const st = await readRelayStatus(spoolDir)
    if (cond(st)) return st
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what} in relay-state.json`)
}

describe('scanpath relay sign-in, set-secret and run (built CLI)', () => {
  it('signs a mailbox in by device code, then runs, delivers and shows the sign-in', async () => {
    const idp = await identityProvider()
    const server = await exchange(idp)
    const s = await setup(server, {
      signIn: { kind: 'delegated', clientId: APP_ID, authorityHost: idp.origin },
    })

    const signedIn = await signIn(idp, s.file)
    expect(signedIn.stderr).toMatch(
      /open https:\/\/127\.0\.0\.1:\d+\/devicelogin in any browser and enter the code [0-9A-F]+/,
    )
    expect(signedIn.stdout).toContain(`Signed in as ${MAILBOX}`)
    expect(signedIn.stdout).toContain(`kept in the encrypted file ${s.secretsFile}`)
    expect(signedIn.code).toBe(0)

    const relay = runRelay(s.file)
    await waitFor(
      'the relay to listen',
      () => relay.stderr().includes('relay: listening on'),
      20_000,
    )
    // The keep-alive refresh at start is written to the state file with its expiry.
    let expiresOn: string | null = null
    for (let i = 0; i < 100 && expiresOn === null; i++) {
      expiresOn = (await readRelayStatus(s.spoolDir)).signIn?.expiresOn ?? null
      if (expiresOn === null) await new Promise((r) => setTimeout(r, 100))
    }
    expect(expiresOn).not.toBeNull()

    await device(s.port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<relay-sign-in-cli-1@mfp>'),
    })
    await waitFor('delivery', () => server.messages.length === 1, 20_000)
    expect(server.messages[0]?.messageId).toBe('<relay-sign-in-cli-1@mfp>')
    expect(idp.issued.accessTokens).toContain(xoauth2Token(server))

    const status = await scanpath(['relay', 'status', '--config', s.file, '--json'])
    expect(status.code).toBe(0)
    const json = JSON.parse(status.stdout) as {
      relay: { running: boolean; signIn: Record<string, unknown> }
    }
    expect(json.relay.running).toBe(true)
    expect(json.relay.signIn).toMatchObject({
      kind: 'delegated',
      account: MAILBOX,
      expiresOn,
      warning: null,
    })
    expect(json.relay.signIn.lastRefreshAt).toEqual(expect.any(String))
    const text = await scanpath(['relay', 'status', '--config', s.file])
    expect(text.stdout).toMatch(
      new RegExp(`Sign-in: +delegated \\(device code\\) as ${MAILBOX}, token valid until`),
    )

    expect(await relay.stop()).toBe(0)
    const everything = [
      signedIn.stdout,
      signedIn.stderr,
      relay.stderr(),
      status.stdout,
      status.stderr,
      text.stdout,
      await allFileText(s.dir),
    ].join('\n')
    expect(tokensOf(idp).length).toBeGreaterThanOrEqual(6)
    for (const token of tokensOf(idp)) expect(everything).not.toContain(token)
    expect(idp.refused).toEqual([])
  }, 120_000)

  it('keeps an app client secret given on standard input, then delivers with app-only tokens', async () => {
    const idp = await identityProvider()
    idp.registerApp({ clientId: APP_ID, secrets: [SECRET] })
    // A hostile server echoes the client secret bare: the relay, which holds it, hides it.
    const server = await exchange(idp, { dataEndReply: () => `250 2.6.0 Queued; ${SECRET}` })
    const s = await setup(server, {
      signIn: {
        kind: 'app-only',
        clientId: APP_ID,
        tenant: idp.user.tid,
        authorityHost: idp.origin,
      },
    })
    const set = await scanpath(['relay', 'set-secret', '--config', s.file], {
      env: env(),
      stdin: `${SECRET}\n`,
    })
    expect(set.stdout).toContain(
      `The client secret of the app ${APP_ID} is kept in the encrypted file`,
    )
    expect(set.stdout).toMatch(
      /Microsoft accepted it: a token for scanner@contoso\.example is valid until/,
    )
    expect(set.code).toBe(0)

    const relay = runRelay(s.file)
    await waitFor(
      'the relay to listen',
      () => relay.stderr().includes('relay: listening on'),
      20_000,
    )
    await device(s.port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<relay-app-only-cli-1@mfp>'),
    })
    await waitFor('delivery', () => server.messages.length === 1, 20_000)
    expect(idp.issued.accessTokens).toContain(xoauth2Token(server))
    let st = await readRelayStatus(s.spoolDir)
    for (let i = 0; i < 50 && st.signIn?.expiresOn == null; i++) {
      await new Promise((r) => setTimeout(r, 100))
      st = await readRelayStatus(s.spoolDir)
    }
    expect(st.signIn).toMatchObject({ kind: 'app-only', account: MAILBOX, warning: null })
    expect(st.signIn?.expiresOn).toEqual(expect.any(String))
    expect(st.lastDelivery?.response).toBe('250 2.6.0 Queued; [hidden]')
    expect(await relay.stop()).toBe(0)

    const everything = [set.stdout, set.stderr, relay.stderr(), await allFileText(s.dir)].join('\n')
    expect(everything).not.toContain(SECRET)
    for (const token of idp.issued.accessTokens) expect(everything).not.toContain(token)
  }, 120_000)

  it('refuses to start with no sign-in saved yet, and says which command makes it', async () => {
    const delegated = await setup(null, { signIn: { kind: 'delegated', clientId: APP_ID } })
    const r = await scanpath(['relay', '--config', delegated.file])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      `there is no saved Microsoft 365 sign-in for ${MAILBOX} in the encrypted file ${delegated.secretsFile}: run \`scanpath relay sign-in --config ${delegated.file}\` first`,
    )
    const app = await setup(null, {
      signIn: { kind: 'app-only', clientId: APP_ID, tenant: 'contoso.onmicrosoft.com' },
    })
    const a = await scanpath(['relay', '--config', app.file])
    expect(a.code).toBe(2)
    expect(a.stderr).toContain(`run \`scanpath relay set-secret --config ${app.file}\` first`)
    const none = await setup(null, {})
    const n = await scanpath(['relay', '--config', none.file])
    expect(n.code).toBe(2)
    expect(n.stderr).toMatch(/has no "signIn": add "signIn": \{"kind": "delegated"/)
    // Setup commands for the other kind say which one fits.
    const wrong = await scanpath(['relay', 'set-secret', '--config', delegated.file], {
      stdin: 'x\n',
    })
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain(`run \`scanpath relay sign-in --config ${delegated.file}\``)
  })

  it('says there is no OS keychain here and how to use the encrypted file instead', async () => {
    const s = await setup(
      null,
      { signIn: { kind: 'delegated', clientId: APP_ID } },
      { fileStore: false },
    )
    // No session bus: no Secret Service to keep the sign-in in.
    const noBus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/scanpath-test-bus' }
    for (const args of [
      ['relay', '--config', s.file],
      ['relay', 'sign-in', '--config', s.file],
    ]) {
      const r = await scanpath(args, { env: noBus, timeoutMs: 40_000 })
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(
        /scanpath relay: no OS keychain here \(.+\): set "secrets": \{"store": "file"/,
      )
      expect(r.stderr).toContain('see docs/relay-secrets.md')
    }
  }, 90_000)

  it('prints its version as the app does', async () => {
    const pkg = JSON.parse(await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string
    }
    const r = await scanpath(['--version'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`scanpath ${pkg.version}\n`)
  })
})

describe('scanpath relay status: a failing refresh of the sign-in', () => {
  it('warns to sign in again within N days, and keeps the message queued', async () => {
    // Tokens that live a minute: MSAL renews them on every use, so a message needs a refresh.
    const idp = await identityProvider(60)
    const server = await exchange(idp)
    const s = await setup(server, {
      signIn: { kind: 'delegated', clientId: APP_ID, authorityHost: idp.origin },
    })
    expect((await signIn(idp, s.file)).code).toBe(0)
    const relay = runRelay(s.file)
    await statusUntil(s.spoolDir, 'the first refresh', (st) => st.signIn?.lastRefreshAt != null)
    // The identity provider is unreachable from now on.
    await idp.close()
    await device(s.port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<relay-refresh-fails-1@mfp>'),
    })
    const st = await statusUntil(s.spoolDir, 'the warning', (x) => x.signIn?.warning != null)
    expect(st.signIn?.warning).toMatch(
      /^The last refresh failed: .* Unless a refresh succeeds, sign in again within 89 days \(the saved sign-in lapses on \d{4}-\d\d-\d\d after 90 days without use\)\.$/,
    )
    expect(st).toMatchObject({ queued: 1, failed: 0 })
    const text = await scanpath(['relay', 'status', '--config', s.file])
    expect(text.stdout).toMatch(/Warning: +The last refresh failed: .*sign in again within 89 days/)
    expect(text.stdout).toMatch(/Refreshed: +\S+ \(lapses \S+ unless refreshed\)/)
    expect(server.messages).toHaveLength(0)
    expect(await relay.stop()).toBe(0)
  }, 120_000)
})
