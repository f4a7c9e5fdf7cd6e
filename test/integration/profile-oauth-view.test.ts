/**
 * The OAuth profile's view as main returns it (issue 15): the signed-in account and when its token
 * was last refreshed, read from the keychain item the real MSAL client and cache plugin write,
 * against the local identity provider. Never a token; the time survives a restart.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { createOAuthClient, type DeviceCodePrompt } from '../../electron/mail/oauth/client'
import { SIGN_IN_NOTE, savedSignIn } from '../../electron/mail/oauth/token-cache'
import { createMemorySecretStore } from '../../electron/secrets'
import type { SecretStore } from '../../electron/secrets/secret-store'
import {
  createProfileService,
  oauthAccount,
  type OAuthProvider,
  type ProfileService,
} from '../../electron/services/profile-service'
import type { MailboxProfile } from '../../shared/profile-types'
import { oauthSignInViewSchema } from '../../shared/schemas/profile'
import {
  startFakeIdentityProvider,
  type FakeIdentityProvider,
} from '../helpers/fake-identity-provider'
import { createTestPki, type TestPki } from '../helpers/test-pki'

const CLIENT_ID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301'
const ID = 'office-profile-0001'

let pki: TestPki
const cleanups: Array<() => Promise<void> | void> = []

beforeAll(async () => {
  pki = await createTestPki()
})

afterEach(async () => {
  vi.useRealTimers()
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * main's OAuth provider (electron/mail/oauth-provider.ts) as it is, but with the authority at the
 * local identity provider: one real MSAL client per profile over the profile's keychain item.
 */
function providerAt(idp: FakeIdentityProvider): OAuthProvider {
  const client = (p: MailboxProfile, store: SecretStore) =>
    createOAuthClient(
      { clientId: p.oauth!.clientId, tenant: p.oauth!.tenant, authorityHost: idp.origin },
      {
        store,
        storeKey: oauthAccount(p.id),
        networkClient: idp.networkClient,
        knownAuthorities: idp.knownAuthorities,
      },
    )
  const clients = new Map<string, ReturnType<typeof client>>()
  const of = (p: MailboxProfile, store: SecretStore) => {
    let c = clients.get(p.id)
    if (!c) clients.set(p.id, (c = client(p, store)))
    return c
  }
  return {
    signIn: (p, store, onPrompt, signal) => of(p, store).signIn(onPrompt, signal),
    accessToken: (p, store) => of(p, store).accessToken(p.username),
  }
}

async function setup() {
  const idp = await startFakeIdentityProvider({ pki })
  cleanups.push(() => idp.close())
  const store = createMemorySecretStore()
  const service = (provider = providerAt(idp)) =>
    createProfileService({
      openSecrets: async () => ({
        store,
        status: { kind: 'session', reason: 'no keychain in this test' },
      }),
      oauth: provider,
    })
  const profile: MailboxProfile = {
    id: ID,
    name: 'Office reports',
    purpose: 'office-reports',
    address: idp.user.username,
    username: idp.user.username,
    method: 'oauth',
    host: 'smtp.office365.com',
    port: 587,
    oauth: { clientId: CLIENT_ID, tenant: 'organizations' },
  }
  return { idp, store, service, profile }
}

/** Signs the profile in through the service, approving the code once the client has polled. */
async function signIn(idp: FakeIdentityProvider, profiles: ProfileService) {
  const prompts: DeviceCodePrompt[] = []
  const pending = profiles.oauthSignIn(ID, (p) => prompts.push(p))
  pending.catch(() => {})
  await until(
    () => idp.requests.some((r) => r.grantType === 'device_code') && prompts.length > 0,
    'the first poll',
  )
  idp.approve(prompts[0]?.userCode)
  return pending
}

const secretsOf = (idp: FakeIdentityProvider) => [
  ...idp.issued.accessTokens,
  ...idp.issued.refreshTokens,
]

describe('the OAuth profile view: account and last refresh, never a token', () => {
  it('before a sign-in: no account; after: the account and the time of the sign-in', async () => {
    const { idp, service, profile } = await setup()
    const profiles = await service()
    const before = await profiles.save(profile)
    expect(before).toMatchObject({ hasSecret: false, oauthSignIn: null })

    const startedAt = Date.now()
    await signIn(idp, profiles)
    const [view] = await profiles.list()
    expect(view?.hasSecret).toBe(true)
    expect(view?.oauthSignIn?.account).toBe(idp.user.username)
    const refreshed = Date.parse(view?.oauthSignIn?.refreshedAt ?? '')
    // MSAL's cached_at has whole seconds (rounded).
    expect(refreshed).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) * 1000)
    expect(refreshed).toBeLessThanOrEqual(Date.now() + 1000)

    // The view has exactly these keys, and no token anywhere in it.
    expect(Object.keys(view?.oauthSignIn ?? {}).sort()).toEqual(['account', 'refreshedAt'])
    const json = JSON.stringify(await profiles.list())
    for (const secret of secretsOf(idp)) expect(json).not.toContain(secret)
  })

  it('a refresh with the refresh token moves the time; a restart keeps it', async () => {
    const { idp, store, service, profile } = await setup()
    const profiles = await service()
    await profiles.save(profile)
    await signIn(idp, profiles)
    const first = (await profiles.list())[0]?.oauthSignIn?.refreshedAt
    expect(first).toBeTruthy()

    // Two hours later the access token has expired: the refresh token is redeemed.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000)
    await profiles.accessToken(ID)
    expect(idp.requests.filter((r) => r.grantType === 'refresh_token')).toHaveLength(1)
    const second = (await profiles.list())[0]?.oauthSignIn?.refreshedAt
    expect(Date.parse(second ?? '') - Date.parse(first ?? '')).toBeGreaterThanOrEqual(
      2 * 60 * 60 * 1000 - 1000,
    )

    // The keychain copy carries the note and still no access token.
    const saved = (await store.get(oauthAccount(ID)))!
    expect((JSON.parse(saved) as Record<string, unknown>)[SIGN_IN_NOTE]).toEqual({
      refreshedAt: second,
    })
    expect(saved).not.toContain(idp.issued.accessTokens[1])

    // A restart: a new service and provider over the same keychain show the same time, and
    // using the cached access token later changes nothing.
    const restarted = await service()
    await restarted.save(profile)
    expect((await restarted.list())[0]?.oauthSignIn).toEqual({
      account: idp.user.username,
      refreshedAt: second,
    })
  })

  it('the account that matches the profile first; sign-out leaves no account to show', async () => {
    const { idp, store, service, profile } = await setup()
    const profiles = await service()
    await profiles.save({ ...profile, username: idp.user.username.toUpperCase() })
    await signIn(idp, profiles)
    expect((await profiles.list())[0]?.oauthSignIn?.account).toBe(idp.user.username)
    await profiles.forgetSecret(ID)
    expect(await store.get(oauthAccount(ID))).toBeNull()
    expect((await profiles.list())[0]).toMatchObject({ hasSecret: false, oauthSignIn: null })
  })

  it('a keychain item that is not an MSAL cache shows as signed in, with no account', async () => {
    const { store, service, profile } = await setup()
    const profiles = await service()
    await profiles.save(profile)
    await store.set(oauthAccount(ID), 'not json')
    expect((await profiles.list())[0]).toMatchObject({ hasSecret: true, oauthSignIn: null })
    expect(savedSignIn('[]')).toBeNull()
    expect(savedSignIn('{"Account":{"a":{"username":"x@contoso.test"}}}')).toEqual({
      accounts: ['x@contoso.test'],
      refreshedAt: null,
    })
  })

  it('the view schema refuses anything but the account and the time', () => {
    const ok = { account: 'reports@contoso.test', refreshedAt: '2026-12-05T03:40:00.000Z' }
    expect(oauthSignInViewSchema.parse(ok)).toEqual(ok)
    expect(oauthSignInViewSchema.safeParse({ ...ok, refreshToken: 'x' }).success).toBe(false)
    expect(oauthSignInViewSchema.safeParse({ ...ok, refreshedAt: 'soon' }).success).toBe(false)
    expect(oauthSignInViewSchema.safeParse({ ...ok, account: '' }).success).toBe(false)
  })
})
