/**
 * OAuth for SMTP AUTH XOAUTH2 (issue 5) against a local identity provider: the device code flow
 * end to end through the real @azure/msal-node, the token cache kept only in the (in-memory)
 * secret store, silent renewal with the refresh token, the failures a technician meets, and the
 * token from the flow used for a real XOAUTH2 sign-in at the Exchange-like SMTP server.
 * Nothing here talks to Microsoft: the IdP's network client refuses any non-loopback host.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { checkAuth } from '../../electron/mail/auth-check'
import { saslXoauth2 } from '../../electron/probes/sasl'
import {
  createOAuthClient,
  type DeviceCodePrompt,
  type OAuthClient,
} from '../../electron/mail/oauth/client'
import { SMTP_SCOPES, validateOAuthConfig } from '../../electron/mail/oauth/config'
import { OAuthError } from '../../electron/mail/oauth/errors'
import type { TokenStoreLike } from '../../electron/mail/oauth/token-cache'
import {
  startFakeIdentityProvider,
  type FakeIdentityProvider,
  type FakeIdpOptions,
} from '../helpers/fake-identity-provider'
import { startScenarioServer } from '../helpers/scenario-smtp-server'
import { createTestPki, type TestPki } from '../helpers/test-pki'

const CLIENT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301'
const STORE_KEY = `oauth-cache:${CLIENT_ID}`

interface MapStore extends TokenStoreLike {
  map: Map<string, string>
}

function memoryStore(): MapStore {
  const map = new Map<string, string>()
  return {
    map,
    get: async (k) => map.get(k) ?? null,
    set: async (k, v) => {
      map.set(k, v)
    },
    delete: async (k) => map.delete(k),
  }
}

async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function rejection(p: Promise<unknown>): Promise<OAuthError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(OAuthError)
  return err as OAuthError
}

let pki: TestPki
const cleanups: Array<() => Promise<void> | void> = []

beforeAll(async () => {
  pki = await createTestPki()
})

afterEach(async () => {
  vi.useRealTimers()
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function setup(idpOpts: Partial<FakeIdpOptions> = {}, tenant = 'organizations') {
  const idp = await startFakeIdentityProvider({ pki, ...idpOpts })
  cleanups.push(() => idp.close())
  const store = memoryStore()
  const client = (s: TokenStoreLike = store): OAuthClient =>
    createOAuthClient(
      { clientId: CLIENT_ID, tenant, authorityHost: idp.origin },
      {
        store: s,
        storeKey: STORE_KEY,
        networkClient: idp.networkClient,
        knownAuthorities: idp.knownAuthorities,
      },
    )
  return { idp, store, oauth: client(), client }
}

const devicePolls = (idp: FakeIdentityProvider) =>
  idp.requests.filter((r) => r.grantType === 'device_code').length

/** signIn, approving the code once the client has polled at least once (as a slow human would). */
async function signInApproved(idp: FakeIdentityProvider, oauth: OAuthClient) {
  const prompts: DeviceCodePrompt[] = []
  const pending = oauth.signIn((p) => prompts.push(p))
  pending.catch(() => {}) // reported by the await below; not "unhandled" while until() waits
  await until(() => devicePolls(idp) >= 1, 'the first poll')
  idp.approve(prompts[0]?.userCode)
  const result = await pending
  return { result, prompts }
}

function filesUnder(dir: string, skip: Set<string>, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (skip.has(name)) continue
    const p = join(dir, name)
    const st = statSync(p, { throwIfNoEntry: false })
    if (!st) continue
    if (st.isDirectory()) filesUnder(p, skip, out)
    else if (st.isFile()) out.push(p)
  }
  return out
}

describe('validateOAuthConfig', () => {
  it.each([
    { clientId: CLIENT_ID, tenant: 'organizations' },
    { clientId: CLIENT_ID.toUpperCase(), tenant: 'common' },
    { clientId: CLIENT_ID, tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' },
    { clientId: CLIENT_ID, tenant: 'contoso.onmicrosoft.com' },
    {
      clientId: CLIENT_ID,
      tenant: 'contoso.co.uk',
      authorityHost: 'https://login.microsoftonline.us',
    },
    { clientId: CLIENT_ID, tenant: 'organizations', authorityHost: 'https://127.0.0.1:4443/' },
  ])('accepts %j', (c) => {
    expect(validateOAuthConfig(c)).toBeNull()
  })

  it.each<[unknown, RegExp]>([
    [null, /settings are missing/],
    ['organizations', /settings are missing/],
    [{ tenant: 'organizations' }, /client\) ID is missing/],
    [{ clientId: 'my-app', tenant: 'organizations' }, /"my-app" is not a GUID/],
    [{ clientId: `${CLIENT_ID} `, tenant: 'organizations' }, /is not a GUID/],
    [{ clientId: CLIENT_ID }, /tenant is missing/],
    [{ clientId: CLIENT_ID, tenant: 'consumers' }, /personal Microsoft accounts/],
    [{ clientId: CLIENT_ID, tenant: 'contoso' }, /tenant "contoso" is not valid/],
    [{ clientId: CLIENT_ID, tenant: 'contoso.com/evil' }, /is not valid/],
    [{ clientId: CLIENT_ID, tenant: '-x.com' }, /is not valid/],
    [
      { clientId: CLIENT_ID, tenant: 'organizations', authorityHost: 'http://login.example' },
      /must be an https:\/\/ address/,
    ],
    [
      { clientId: CLIENT_ID, tenant: 'organizations', authorityHost: 'https://login.example/x' },
      /with no path/,
    ],
    [{ clientId: CLIENT_ID, tenant: 'organizations', authorityHost: 42 }, /not valid/],
  ])('refuses %j', (c, message) => {
    expect(validateOAuthConfig(c)).toMatch(message)
  })

  it('createOAuthClient refuses bad settings with the same message', () => {
    const store = memoryStore()
    expect(() =>
      createOAuthClient({ clientId: 'x', tenant: 'organizations' }, { store, storeKey: 'k' }),
    ).toThrow(/is not a GUID/)
  })
})

describe('device code flow against the fake identity provider', () => {
  it('signs in: prompt with the code, approval, username; the cache only in the store', async () => {
    // Point every per-user location at an empty temp dir, so a file written anywhere "usual"
    // would be found below.
    const home = mkdtempSync(join(tmpdir(), 'scanpath-oauth-home-'))
    cleanups.push(() => rmSync(home, { recursive: true, force: true }))
    for (const v of ['HOME', 'USERPROFILE', 'TMPDIR', 'TMP', 'TEMP', 'APPDATA', 'LOCALAPPDATA']) {
      vi.stubEnv(v, home)
    }
    for (const v of ['XDG_CACHE_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME']) {
      vi.stubEnv(v, join(home, v.toLowerCase()))
    }
    const logged: string[] = []
    for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '))
      })
    }
    const startedAt = Date.now()

    const { idp, store, oauth } = await setup()
    const { result, prompts } = await signInApproved(idp, oauth)

    expect(result.username).toBe(idp.user.username)
    expect(Date.parse(result.expiresOn) - Date.now()).toBeGreaterThan(3000 * 1000)
    expect(prompts).toHaveLength(1)
    const p = prompts[0]!
    expect(p.userCode).toMatch(/^[0-9A-F]{9}$/)
    expect(p.verificationUri).toBe(`${idp.origin}/devicelogin`)
    expect(p.message).toContain(p.userCode)
    expect(Math.abs(Date.parse(p.expiresAt) - (Date.now() + 900_000))).toBeLessThan(10_000)

    // What MSAL sent: discovery at our host only, the SMTP scopes, this client id, our tenant.
    expect(idp.refused).toEqual([])
    expect(idp.requests.every((r) => r.tenant === 'organizations')).toBe(true)
    expect(idp.requests[0]?.path).toBe('/organizations/v2.0/.well-known/openid-configuration')
    const dc = idp.requests.find((r) => r.path.endsWith('/oauth2/v2.0/devicecode'))!
    expect(dc.form.client_id).toBe(CLIENT_ID)
    const scopes = dc.form.scope!.split(' ')
    for (const s of SMTP_SCOPES) expect(scopes).toContain(s)
    const polls = idp.requests.filter((r) => r.grantType === 'device_code')
    expect(polls.length).toBeGreaterThanOrEqual(2) // at least one authorization_pending, then tokens
    expect(polls.every((r) => r.form.device_code && r.form.client_id === CLIENT_ID)).toBe(true)

    // The store holds MSAL's cache: account and refresh token, but no access token.
    expect([...store.map.keys()]).toEqual([STORE_KEY])
    const saved = store.map.get(STORE_KEY)!
    const cache = JSON.parse(saved) as Record<string, Record<string, { secret?: string }>>
    expect(Object.values(cache.RefreshToken!).map((t) => t.secret)).toEqual(
      idp.issued.refreshTokens,
    )
    expect(Object.values(cache.Account!)).toHaveLength(1)
    expect(cache.AccessToken).toEqual({})
    expect(saved).not.toContain(idp.issued.accessTokens[0])

    // No token in any file: neither under the redirected per-user dirs, nor anything written in
    // the project since the test started; and nothing was logged.
    const secrets = [...idp.issued.accessTokens, ...idp.issued.refreshTokens]
    const skip = new Set(['node_modules', '.git'])
    const written = [
      ...filesUnder(home, new Set()),
      ...filesUnder(process.cwd(), skip).filter((f) => statSync(f).mtimeMs >= startedAt - 1000),
    ]
    for (const f of written) {
      const text = readFileSync(f, 'latin1')
      for (const s of secrets) expect(text.includes(s), `${f} contains a token`).toBe(false)
    }
    for (const line of logged) {
      for (const s of secrets) expect(line).not.toContain(s)
    }
  })

  it('accessToken(): silent from memory, then renewed with the refresh token once expired', async () => {
    const { idp, store, oauth } = await setup()
    await signInApproved(idp, oauth)
    const tokenPosts = () => idp.requests.filter((r) => r.path.endsWith('/token')).length
    const before = tokenPosts()

    // Still valid: no request to Microsoft; the user name is matched case-insensitively.
    await expect(oauth.accessToken(idp.user.username.toUpperCase())).resolves.toBe(
      idp.issued.accessTokens[0],
    )
    expect(tokenPosts()).toBe(before)

    // Two hours later the access token has expired: MSAL redeems the refresh token.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000)
    const renewed = await oauth.accessToken(idp.user.username)
    expect(renewed).toBe(idp.issued.accessTokens[1])
    const refresh = idp.requests.filter((r) => r.grantType === 'refresh_token')
    expect(refresh).toHaveLength(1)
    expect(refresh[0]!.form.refresh_token).toBe(idp.issued.refreshTokens[0])
    expect(refresh[0]!.form.scope!.split(' ')).toContain('https://outlook.office.com/SMTP.Send')
    // The rotated refresh token replaced the old one in the store.
    const saved = store.map.get(STORE_KEY)!
    expect(saved).toContain(idp.issued.refreshTokens[1])
    expect(saved).not.toContain(idp.issued.refreshTokens[0])
  })

  it('after a restart the keychain copy alone is enough (one refresh, no new sign-in)', async () => {
    const { idp, oauth, client } = await setup()
    await signInApproved(idp, oauth)
    const restarted = client() // same store, new process-like client: no access token in memory
    const token = await restarted.accessToken(idp.user.username)
    expect(idp.issued.accessTokens).toHaveLength(2)
    expect(token === idp.issued.accessTokens[1]).toBe(true)
    expect(idp.requests.filter((r) => r.grantType === 'refresh_token')).toHaveLength(1)
  })

  it('the built-in client sends no refresh token to a sign-in service whose certificate does not verify', async () => {
    const { idp, store, oauth } = await setup()
    await signInApproved(idp, oauth)
    const before = idp.requests.length
    // The same saved sign-in, with the app's own network client: it trusts the system store
    // only, so this identity provider's certificate (from the test CA) does not verify.
    const restarted = createOAuthClient(
      { clientId: CLIENT_ID, tenant: 'organizations', authorityHost: idp.origin },
      {
        store,
        storeKey: STORE_KEY,
        knownAuthorities: idp.knownAuthorities,
        requestTimeoutMs: 5000,
      },
    )
    const err = await rejection(restarted.accessToken(idp.user.username))
    expect(err.code).toBe('network')
    expect(err.message).toMatch(
      /^Microsoft's sign-in service at 127\.0\.0\.1:\d+ could not prove who it is \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): something on this network intercepts TLS.* Nothing was sent to it\./,
    )
    // Not one request got through TLS: the refresh token never left.
    expect(idp.requests.length).toBe(before)
    expect(idp.requests.filter((r) => r.grantType === 'refresh_token')).toHaveLength(0)
  })

  it('a revoked refresh token gives "Sign in again" with Microsoft\'s reason', async () => {
    const { idp, oauth, client } = await setup()
    await signInApproved(idp, oauth)
    idp.revokeRefreshTokens()
    const err = await rejection(client().accessToken(idp.user.username))
    expect(err.code).toBe('sign-in-required')
    expect(err.message).toMatch(/^Sign in again: /)
    expect(err.message).toContain('AADSTS50173')
    for (const s of idp.issued.refreshTokens) expect(err.message).not.toContain(s)
  })

  it('no saved sign-in, and sign-out: "Sign in again", and the keychain item is gone', async () => {
    const { idp, store, oauth } = await setup()
    const none = await rejection(oauth.accessToken('other@contoso.test'))
    expect(none.code).toBe('sign-in-required')
    expect(none.message).toMatch(/^Sign in again: there is no saved .* other@contoso\.test/)

    await signInApproved(idp, oauth)
    expect(store.map.has(STORE_KEY)).toBe(true)
    await oauth.signOut(idp.user.username)
    expect(store.map.has(STORE_KEY)).toBe(false)
    expect((await rejection(oauth.accessToken(idp.user.username))).code).toBe('sign-in-required')
  })

  it('a keychain that refuses the save: a clear error; the tokens serve this run only', async () => {
    const { idp, client } = await setup()
    const failing: TokenStoreLike = {
      get: async () => null,
      set: async () => {
        throw new Error('The secret is 20000 bytes; the limit is 16384 bytes (16 KB).')
      },
      delete: async () => false,
    }
    const oauth = client(failing)
    const err = await rejection(signInApproved(idp, oauth))
    expect(err.code).toBe('keychain')
    expect(err.message).toMatch(/could not be saved in the keychain: The secret is 20000 bytes/)
    await expect(oauth.accessToken(idp.user.username)).resolves.toBe(idp.issued.accessTokens[0])
  })

  it('AbortSignal cancels at once and polling stops', async () => {
    const { idp, store, oauth } = await setup({ interval: 1 })
    const ac = new AbortController()
    const pending = oauth.signIn(() => {}, ac.signal)
    await until(() => devicePolls(idp) >= 1, 'the first poll')
    const t0 = Date.now()
    ac.abort()
    const err = await rejection(pending)
    expect(err.code).toBe('cancelled')
    expect(Date.now() - t0).toBeLessThan(500)
    const atAbort = devicePolls(idp)
    await sleep(2500) // 2.5 polling intervals
    expect(devicePolls(idp)).toBeLessThanOrEqual(atAbort + 1) // at most one already in flight
    const settled = devicePolls(idp)
    await sleep(1200)
    expect(devicePolls(idp)).toBe(settled)
    expect(store.map.size).toBe(0)

    // Already aborted: nothing is sent at all.
    const before = idp.requests.length
    const again = await rejection(oauth.signIn(() => {}, AbortSignal.abort()))
    expect(again.code).toBe('cancelled')
    expect(idp.requests.length).toBe(before)
  })

  it('declined in the browser: a clear error', async () => {
    const { idp, store, oauth } = await setup()
    const pending = oauth.signIn((p) => idp.decline(p.userCode))
    const err = await rejection(pending)
    expect(err.code).toBe('declined')
    expect(err.message).toMatch(/declined in the browser/)
    expect(err.message).toContain('authorization_declined')
    expect(store.map.size).toBe(0)
  })

  it('code expired at Microsoft (expired_token): a clear error', async () => {
    const { idp, oauth } = await setup()
    const err = await rejection(oauth.signIn((p) => idp.expire(p.userCode)))
    expect(err.code).toBe('expired')
    expect(err.message).toMatch(/code expired .* Start again/)
  })

  it('code lifetime over while polling (client-side expiry): a clear error', async () => {
    const { oauth } = await setup({ deviceCodeExpiresIn: 2, interval: 1 })
    const err = await rejection(oauth.signIn(() => {}))
    expect(err.code).toBe('expired')
  })

  it("no code issued (unknown app): Microsoft's AADSTS reason and what to fix", async () => {
    const { idp, oauth } = await setup()
    idp.failNextDeviceCode(
      'unauthorized_client',
      `AADSTS700016: Application with identifier '${CLIENT_ID}' was not found in the directory 'Contoso'.`,
    )
    const prompt = vi.fn()
    const err = await rejection(oauth.signIn(prompt))
    expect(prompt).not.toHaveBeenCalled()
    expect(err.code).toBe('refused')
    expect(err.message).toContain('AADSTS700016')
    expect(err.message).toMatch(/check the ID, the tenant/)
    expect(devicePolls(idp)).toBe(0)
  })

  it('the tenant goes into every endpoint path', async () => {
    const tenant = 'contoso.onmicrosoft.com'
    const { idp, oauth } = await setup({}, tenant)
    await signInApproved(idp, oauth)
    expect(new Set(idp.requests.map((r) => r.tenant))).toEqual(new Set([tenant]))
  })
})

describe('XOAUTH2 with the token from the flow', () => {
  it('signs in at the Exchange-like SMTP server; the token is not in the result', async () => {
    const { idp, oauth } = await setup()
    const { result } = await signInApproved(idp, oauth)
    const user = result.username
    const token = await oauth.accessToken(user)

    const smtp = await startScenarioServer({ scenario: 'exchange', pki, users: { [user]: token } })
    cleanups.push(() => smtp.close())
    const deps = {
      lookup: async () => [{ address: '127.0.0.1', family: 4 as const }],
      extraCa: [pki.ca.cert],
    }
    const input = {
      host: 'localhost',
      port: smtp.port,
      timeoutMs: 2000,
      ehloName: 'x.test',
      credentials: {
        mechanism: 'auto' as const,
        username: user,
        secret: token,
        kind: 'token' as const,
      },
    }
    const r = await checkAuth(input, deps)
    expect(r.status).toBe('pass')
    const json = JSON.stringify(r)
    expect(json).not.toContain(token)
    expect(json).not.toContain(saslXoauth2(user, token))

    // The wire format the probe sent is exactly the XOAUTH2 encoder's.
    const sent = smtp.sessions.flatMap((s) => s.commands.map((c) => c.line))
    expect(sent).toContain(`AUTH XOAUTH2 ${saslXoauth2(user, token)}`)

    // And the server really checks the token: a stale one is refused.
    const wrong = await checkAuth(
      { ...input, credentials: { ...input.credentials, secret: `${token}x` } },
      deps,
    )
    expect(wrong.status).toBe('fail')
  })
})
