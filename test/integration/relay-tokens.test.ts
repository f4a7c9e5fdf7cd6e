/**
 * ScanPath Relay's token sources against the local identity provider, through the real
 * @azure/msal-node: app-only with a client secret and with a certificate (the IdP verifies the
 * client_assertion's signature), and delegated with its keep-alive refresh, refresh failures and
 * revoked consent. Nothing here talks to Microsoft: the IdP's network client is loopback-only.
 */
import { createHash, X509Certificate } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

import { createOAuthClient, type OAuthClient } from '../../electron/mail/oauth/client'
import { OAuthError } from '../../electron/mail/oauth/errors'
import { savedSignIn, type TokenStoreLike } from '../../electron/mail/oauth/token-cache'
import {
  APP_ONLY_SMTP_SCOPE,
  createAppOnlyTokenSource,
  type AppCredential,
} from '../../electron/relay/app-only-token'
import {
  createDelegatedTokenSource,
  type DelegatedTokenStatus,
} from '../../electron/relay/delegated-token'
import {
  startFakeIdentityProvider,
  type FakeIdentityProvider,
  type FakeIdpOptions,
} from '../helpers/fake-identity-provider'
import { createFileSecretStore } from '../../electron/secrets/file-store'
import { createTestPki, type TestPki } from '../helpers/test-pki'
import { useTempDirs } from '../helpers/temp-dirs'

const APP_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const SECRET = 'Qx8~relay-test-secret-value-0123456789'
const MAILBOX = 'scanner@contoso.test'

let pki: TestPki
const tempDir = useTempDirs()
const cleanups: Array<() => Promise<void> | void> = []

beforeAll(async () => {
  pki = await createTestPki()
})

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function startIdp(o: Partial<FakeIdpOptions> = {}): Promise<FakeIdentityProvider> {
  const idp = await startFakeIdentityProvider({ pki, ...o })
  cleanups.push(() => idp.close())
  return idp
}

function appOnly(idp: FakeIdentityProvider, credential: AppCredential, now?: () => number) {
  return createAppOnlyTokenSource({
    config: { clientId: APP_ID, tenant: idp.user.tid, authorityHost: idp.origin },
    credential,
    username: MAILBOX,
    networkClient: idp.networkClient,
    knownAuthorities: idp.knownAuthorities,
    ...(now ? { now } : {}),
  })
}

const tokenRequests = (idp: FakeIdentityProvider, grant: string) =>
  idp.requests.filter((r) => r.grantType === grant)

async function rejection(p: Promise<unknown>): Promise<OAuthError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(OAuthError)
  return err as OAuthError
}

function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<
    string,
    unknown
  >
}

describe('app-only with a client secret', () => {
  it('gets a token for the Exchange Online scope, caches it, and refreshes it near expiry', async () => {
    // 302 s: with the default 300 s of validity asked for, 2.5 s later it is too old.
    const idp = await startIdp({ accessTokenExpiresIn: 302 })
    idp.registerApp({ clientId: APP_ID, secrets: [SECRET] })
    const source = appOnly(idp, { kind: 'secret', secret: SECRET })
    expect(source.kind).toBe('app-only')
    expect(source.username).toBe(MAILBOX)

    const first = await source.token()
    const grants = tokenRequests(idp, 'client_credentials')
    expect(grants).toHaveLength(1)
    expect(grants[0]?.tenant).toBe(idp.user.tid)
    expect(grants[0]?.form.scope).toBe(APP_ONLY_SMTP_SCOPE)
    expect(grants[0]?.form.client_secret).toBe(SECRET)
    expect(idp.issued.accessTokens).toContain(first.accessToken)
    expect(claimsOf(first.accessToken).roles).toEqual(['SMTP.SendAsApp'])
    const expiresIn = Date.parse(first.expiresOn) - Date.now()
    expect(expiresIn).toBeGreaterThan(300_000)
    expect(expiresIn).toBeLessThanOrEqual(303_000)

    // Cached while it has more than the asked validity left.
    expect((await source.token()).accessToken).toBe(first.accessToken)
    expect((await source.token(60)).accessToken).toBe(first.accessToken)
    expect(tokenRequests(idp, 'client_credentials')).toHaveLength(1)

    await new Promise((r) => setTimeout(r, 2500))
    // Still cached for a caller content with a minute…
    expect((await source.token(60)).accessToken).toBe(first.accessToken)
    // …but under 300 s are left, so the default asks for a new one.
    const second = await source.token()
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(tokenRequests(idp, 'client_credentials')).toHaveLength(2)
    expect(source.status()).toEqual({ expiresOn: second.expiresOn, lastFailure: null })

    // Concurrent callers share one request.
    const fresh = appOnly(idp, { kind: 'secret', secret: SECRET })
    const [a, b] = await Promise.all([fresh.token(), fresh.token()])
    expect(a.accessToken).toBe(b.accessToken)
    expect(tokenRequests(idp, 'client_credentials')).toHaveLength(3)
    expect(idp.refused).toEqual([])
  })

  it('a wrong secret names AADSTS7000215 and says to copy the Value, not the Secret ID', async () => {
    const idp = await startIdp()
    idp.registerApp({ clientId: APP_ID, secrets: [SECRET] })
    const wrong = 'Zz9~not-the-registered-secret-value'
    const source = appOnly(idp, { kind: 'secret', secret: wrong })
    const err = await rejection(source.token())
    expect(err.code).toBe('refused')
    expect(err.message).toContain('AADSTS7000215')
    expect(err.message).toMatch(
      /create a new client secret and copy its Value \(not its Secret ID\)/,
    )
    expect(err.message).not.toContain(wrong)
    expect(source.status().lastFailure?.message).toBe(err.message)
    expect(source.status().expiresOn).toBeNull()
  })

  it('an expired secret names AADSTS7000222 and says to create a new one', async () => {
    const idp = await startIdp()
    idp.registerApp({ clientId: APP_ID, secrets: [], expiredSecrets: [SECRET] })
    const err = await rejection(appOnly(idp, { kind: 'secret', secret: SECRET }).token())
    expect(err.message).toContain('AADSTS7000222')
    expect(err.message).toMatch(/client secret has expired.*create a new client secret/)
    expect(err.message).not.toContain(SECRET)
  })

  it('an unknown app names AADSTS700016 and says to check the ID and tenant', async () => {
    const idp = await startIdp()
    const err = await rejection(appOnly(idp, { kind: 'secret', secret: SECRET }).token())
    expect(err.message).toContain('AADSTS700016')
    expect(err.message).toMatch(/check the ID and the tenant/)
  })

  it('consent revoked: a token without SMTP.SendAsApp is refused with what the admin must do', async () => {
    const idp = await startIdp()
    idp.registerApp({ clientId: APP_ID, secrets: [SECRET] })
    const source = appOnly(idp, { kind: 'secret', secret: SECRET })
    await source.token()
    idp.revokeConsent(APP_ID)
    const err = await rejection(source.token(4000))
    expect(err.message).toMatch(/^Consent missing: .*SMTP\.SendAsApp.*grant admin consent/)
  })

  it('an unreachable sign-in service is named as such', async () => {
    const idp = await startIdp()
    const source = appOnly(idp, { kind: 'secret', secret: SECRET })
    await idp.close()
    const err = await rejection(source.token())
    expect(err.code).toBe('network')
    expect(err.message).toMatch(
      new RegExp(`^Could not reach Microsoft's sign-in service at 127\\.0\\.0\\.1:${idp.port}`),
    )
  })

  it('refuses organizations as the tenant before asking anyone', async () => {
    const idp = await startIdp()
    expect(() =>
      createAppOnlyTokenSource({
        config: { clientId: APP_ID, tenant: 'organizations', authorityHost: idp.origin },
        credential: { kind: 'secret', secret: SECRET },
        username: MAILBOX,
        networkClient: idp.networkClient,
        knownAuthorities: idp.knownAuthorities,
      }),
    ).toThrow(/needs the tenant itself/)
    expect(idp.requests).toEqual([])
  })
})

describe('app-only with a certificate', () => {
  it('signs a client_assertion with the key; the IdP verifies it with the registered certificate', async () => {
    const idp = await startIdp()
    idp.registerApp({ clientId: APP_ID, certificates: [pki.selfSigned.cert] })
    const source = appOnly(idp, {
      kind: 'certificate',
      privateKeyPem: pki.selfSigned.key,
      certificatePem: pki.selfSigned.cert,
    })
    const token = await source.token()
    expect(idp.issued.accessTokens).toContain(token.accessToken)

    const [grant] = tokenRequests(idp, 'client_credentials')
    expect(grant?.form.client_secret).toBeUndefined()
    expect(grant?.form.client_assertion_type).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    )
    expect(idp.clientAssertions).toHaveLength(1)
    const [assertion] = idp.clientAssertions
    expect(assertion?.signatureValid).toBe(true)
    expect(assertion?.refused).toBeNull()
    const sha256 = new X509Certificate(pki.selfSigned.cert).fingerprint256.replace(/:/g, '')
    expect(assertion?.header['x5t#S256']).toBe(Buffer.from(sha256, 'hex').toString('base64url'))
    expect(assertion?.claims.iss).toBe(APP_ID)
    expect(assertion?.claims.aud).toBe(`${idp.origin}/${idp.user.tid}/oauth2/v2.0/token`)
  })

  it('a key that does not match the registered certificate is refused with AADSTS700027', async () => {
    const idp = await startIdp()
    idp.registerApp({ clientId: APP_ID, certificates: [pki.selfSigned.cert] })
    const thumb = createHash('sha256')
      .update(new X509Certificate(pki.selfSigned.cert).raw)
      .digest('hex')
    // The registered certificate's thumbprint, but another key: the signature cannot verify.
    const source = appOnly(idp, {
      kind: 'certificate',
      privateKeyPem: pki.leaf.key,
      thumbprintSha256: thumb,
    })
    const err = await rejection(source.token())
    expect(idp.clientAssertions[0]?.signatureValid).toBe(false)
    expect(err.message).toContain('AADSTS700027')
    expect(err.message).toMatch(/upload the certificate .* to the app registration/)
  })

  it('checks locally that the private key belongs to the certificate', async () => {
    const idp = await startIdp()
    expect(() =>
      appOnly(idp, {
        kind: 'certificate',
        privateKeyPem: pki.leaf.key,
        certificatePem: pki.selfSigned.cert,
      }),
    ).toThrow(/private key does not belong to the app's certificate/)
    expect(() =>
      appOnly(idp, { kind: 'certificate', privateKeyPem: 'not a key', thumbprintSha256: 'ab' }),
    ).toThrow(/private key of the app's certificate could not be read/)
  })
})

describe('delegated', () => {
  const CLIENT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301'

  function memoryStore(): TokenStoreLike {
    const map = new Map<string, string>()
    return {
      get: async (k) => map.get(k) ?? null,
      set: async (k, v) => {
        map.set(k, v)
      },
      delete: async (k) => map.delete(k),
    }
  }

  function clientOf(idp: FakeIdentityProvider, store: TokenStoreLike): OAuthClient {
    return createOAuthClient(
      { clientId: CLIENT_ID, tenant: 'organizations', authorityHost: idp.origin },
      {
        store,
        storeKey: `oauth-cache:${CLIENT_ID}`,
        networkClient: idp.networkClient,
        knownAuthorities: idp.knownAuthorities,
      },
    )
  }

  async function signedIn(o: Partial<FakeIdpOptions> = {}, store = memoryStore()) {
    const idp = await startIdp({ interval: 1, ...o })
    const client: OAuthClient = createOAuthClient(
      { clientId: CLIENT_ID, tenant: 'organizations', authorityHost: idp.origin },
      {
        store,
        storeKey: `oauth-cache:${CLIENT_ID}`,
        networkClient: idp.networkClient,
        knownAuthorities: idp.knownAuthorities,
      },
    )
    const pending = client.signIn(() => {})
    pending.catch(() => {})
    const end = Date.now() + 10_000
    while (!idp.requests.some((r) => r.grantType === 'device_code')) {
      if (Date.now() > end) throw new Error('no device code poll')
      await new Promise((r) => setTimeout(r, 20))
    }
    idp.approve()
    await pending
    return { idp, client }
  }

  it('hands out the cached token, refreshes it before expiry, and records the refresh', async () => {
    // 303 s: MSAL renews a token with under 300 s left, so 3.5 s later it has to refresh.
    const { idp, client } = await signedIn({ accessTokenExpiresIn: 303 })
    const statuses: DelegatedTokenStatus[] = []
    const source = createDelegatedTokenSource({
      client,
      username: MAILBOX,
      onStatus: (s) => statuses.push(s),
    })
    const first = await source.token()
    expect(idp.issued.accessTokens).toContain(first.accessToken)
    expect(Date.parse(first.expiresOn) - Date.now()).toBeGreaterThan(300_000)
    expect(source.status().lastRefreshAt).not.toBeNull()
    expect(source.status().warning).toBeNull()
    const refreshesBefore = tokenRequests(idp, 'refresh_token').length
    expect((await source.token()).accessToken).toBe(first.accessToken)
    expect(tokenRequests(idp, 'refresh_token').length).toBe(refreshesBefore)

    await new Promise((r) => setTimeout(r, 3500))
    const second = await source.token()
    expect(tokenRequests(idp, 'refresh_token').length).toBe(refreshesBefore + 1)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(Date.parse(second.expiresOn) - Date.now()).toBeGreaterThan(300_000)
    expect(statuses.length).toBeGreaterThanOrEqual(2)
    expect(statuses.at(-1)?.lastFailure).toBeNull()
    const lapses = Date.parse(source.status().lapsesAt ?? '')
    expect(lapses - Date.now()).toBeGreaterThan(89 * 24 * 3600_000)
  })

  it('asked for more than MSAL keeps on its own, it forces a refresh with the refresh token', async () => {
    // A token with 20 minutes left: MSAL would hand it out again, but the caller needs 30.
    const { idp, client } = await signedIn({ accessTokenExpiresIn: 1200 })
    const source = createDelegatedTokenSource({ client, username: MAILBOX })
    const first = await source.token()
    const refreshesBefore = tokenRequests(idp, 'refresh_token').length
    expect((await source.token(600)).accessToken).toBe(first.accessToken)
    const longer = await source.token(1800)
    expect(tokenRequests(idp, 'refresh_token').length).toBe(refreshesBefore + 1)
    expect(longer.accessToken).not.toBe(first.accessToken)
  })

  it('on a headless service: the sign-in kept in the encrypted file serves a restarted relay', async () => {
    const dir = await tempDir('scanpath-relay-tokens-')
    const fileOpts = { file: join(dir, 'state', 'secrets.json'), keyFile: join(dir, 'etc', 'key') }
    const { idp } = await signedIn({}, createFileSecretStore({ ...fileOpts, createKey: true }))
    const refreshToken = idp.issued.refreshTokens.at(-1) ?? ''
    expect(refreshToken).not.toBe('')
    const bytes = await readFile(fileOpts.file)
    expect(bytes.includes(Buffer.from(refreshToken))).toBe(false)
    expect(bytes.includes(Buffer.from(MAILBOX))).toBe(false)

    // A new process: a new store over the same files, a new client, the keychain copy's note.
    const store = createFileSecretStore(fileOpts)
    const note = savedSignIn((await store.get(`oauth-cache:${CLIENT_ID}`)) ?? '')
    expect(note?.accounts).toEqual([MAILBOX])
    const source = createDelegatedTokenSource({
      client: clientOf(idp, store),
      username: MAILBOX,
      lastRefreshAt: note?.refreshedAt ?? null,
    })
    expect(source.status().lastRefreshAt).toBe(note?.refreshedAt)
    const before = tokenRequests(idp, 'refresh_token').length
    const token = await source.token()
    // Access tokens are not persisted, so the restart used the refresh token from the file.
    expect(tokenRequests(idp, 'refresh_token').length).toBe(before + 1)
    expect(idp.issued.accessTokens.at(-1)).toBe(token.accessToken)
    expect((await readFile(fileOpts.file)).includes(Buffer.from(token.accessToken))).toBe(false)
  })

  it('the keep-alive timer uses the refresh token on its own', async () => {
    const { idp, client } = await signedIn({ accessTokenExpiresIn: 290 })
    const source = createDelegatedTokenSource({ client, username: MAILBOX, keepAliveMs: 50 })
    cleanups.push(() => source.stop())
    const before = tokenRequests(idp, 'refresh_token').length
    source.start()
    const end = Date.now() + 10_000
    while (tokenRequests(idp, 'refresh_token').length < before + 2) {
      if (Date.now() > end) throw new Error('the keep-alive did not refresh')
      await new Promise((r) => setTimeout(r, 20))
    }
    source.stop()
    expect(source.status().warning).toBeNull()
  })

  it('a failed refresh is recorded and worded: sign in again within N days', async () => {
    const { idp, client } = await signedIn({ accessTokenExpiresIn: 290 })
    let skew = 0
    const source = createDelegatedTokenSource({
      client,
      username: MAILBOX,
      now: () => Date.now() + skew,
    })
    await source.token()
    const refreshedAt = source.status().lastRefreshAt
    await idp.close()
    skew = 80 * 24 * 3600_000
    const status = await source.keepAlive()
    expect(status.lastRefreshAt).toBe(refreshedAt)
    expect(status.lastFailure?.kind).toBe('network')
    expect(status.warning).toMatch(
      /^The last refresh failed: Could not reach Microsoft's sign-in service .* Unless a refresh succeeds, sign in again within 9 days \(the saved sign-in lapses on \d{4}-\d\d-\d\d after 90 days without use\)\.$/,
    )
    const err = await rejection(source.token())
    expect(err.message).not.toMatch(/eyJ/)
  })

  it('a revoked sign-in (AADSTS50173) says to sign in again now', async () => {
    const { idp, client } = await signedIn({ accessTokenExpiresIn: 290 })
    const source = createDelegatedTokenSource({ client, username: MAILBOX })
    idp.revokeRefreshTokens()
    const err = await rejection(source.token())
    expect(err.code).toBe('sign-in-required')
    expect(err.message).toMatch(/^Sign in again: .*AADSTS50173/)
    expect(source.status().lastFailure?.kind).toBe('sign-in-again')
    expect(source.status().warning).toMatch(/^The last refresh failed: sign in again now\./)
  })

  it('revoked consent (AADSTS65001) is explained: an admin must consent again', async () => {
    const { idp, client } = await signedIn({ accessTokenExpiresIn: 290 })
    const source = createDelegatedTokenSource({ client, username: MAILBOX })
    idp.revokeConsent(CLIENT_ID)
    const status = await source.keepAlive()
    expect(status.lastFailure?.kind).toBe('consent')
    expect(status.warning).toMatch(
      /^The last refresh failed: sign in again now\. Consent revoked: .*grant consent to the app again.*AADSTS65001/,
    )
  })
})
