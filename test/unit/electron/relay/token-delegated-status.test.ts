/**
 * The delegated token source's bookkeeping with a scripted client: what it records as the last
 * refresh, how failures are classified and worded for `relay status`, and the keep-alive timer.
 * (The same source against the real MSAL client and a local IdP: relay-tokens.test.ts.)
 */
import { afterEach, describe, expect, it, vi } from 'vitest'

import { OAuthError } from '../../../../electron/mail/oauth/errors'
import {
  createDelegatedTokenSource,
  DEFAULT_KEEP_ALIVE_MS,
  type DelegatedTokenClient,
  type DelegatedTokenStatus,
} from '../../../../electron/relay/delegated-token'

const DAY = 24 * 3600_000
const T0 = Date.parse('2027-01-10T08:00:00Z')

function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  return `${part({ alg: 'RS256' })}.${part(claims)}.c2ln`
}

/** A client answering from a script: a token string, or an error to throw. */
function scripted(answers: Array<string | Error>): DelegatedTokenClient & { calls: number } {
  const c = {
    calls: 0,
    accessToken: async () => {
      const a = answers[Math.min(c.calls, answers.length - 1)]
      c.calls++
      if (a instanceof Error) throw a
      return a ?? ''
    },
  }
  return c
}

afterEach(() => {
  vi.useRealTimers()
})

describe('delegated token source', () => {
  it('takes expiry and refresh time from the token, and keeps the token while valid', async () => {
    let now = T0
    const t1 = jwt({ iat: T0 / 1000 - 60, exp: T0 / 1000 + 3540 })
    const client = scripted([t1])
    const source = createDelegatedTokenSource({ client, username: 'a@b.test', now: () => now })
    const tok = await source.token()
    expect(tok).toEqual({ accessToken: t1, expiresOn: new Date(T0 + 3540_000).toISOString() })
    expect(source.status()).toEqual({
      expiresOn: new Date(T0 + 3540_000).toISOString(),
      lastRefreshAt: new Date(T0 - 60_000).toISOString(),
      lastFailure: null,
      lapsesAt: new Date(T0 - 60_000 + 90 * DAY).toISOString(),
      warning: null,
    })
    now += 30 * 60_000
    await source.token()
    expect(client.calls).toBe(1)
    // Within 5 minutes of expiry it asks the client again (which renews through MSAL).
    now = T0 + 3540_000 - 200_000
    await source.token()
    expect(client.calls).toBe(2)
  })

  it('an opaque token is taken as valid for MSAL’s 5-minute margin only', async () => {
    const source = createDelegatedTokenSource({
      client: scripted(['opaque-token']),
      username: 'a@b.test',
      now: () => T0,
    })
    const tok = await source.token()
    expect(tok.expiresOn).toBe(new Date(T0 + 300_000).toISOString())
    expect(source.status().lastRefreshAt).toBe(new Date(T0).toISOString())
  })

  it('starts from the keychain note of the last refresh', () => {
    const source = createDelegatedTokenSource({
      client: scripted(['x']),
      username: 'a@b.test',
      lastRefreshAt: '2027-01-01T00:00:00.000Z',
    })
    expect(source.status().lapsesAt).toBe('2027-04-01T00:00:00.000Z')
  })

  it('a network failure warns with the days left before the sign-in lapses', async () => {
    let now = T0
    const statuses: DelegatedTokenStatus[] = []
    const client = scripted([
      jwt({ iat: T0 / 1000, exp: T0 / 1000 + 3600 }),
      new OAuthError(
        'network',
        "Could not reach Microsoft's sign-in service at login.microsoftonline.com.",
      ),
    ])
    const source = createDelegatedTokenSource({
      client,
      username: 'a@b.test',
      now: () => now,
      onStatus: (s) => statuses.push(s),
    })
    await source.keepAlive()
    now = T0 + 87 * DAY + 3600_000
    const status = await source.keepAlive()
    expect(status.lastFailure).toEqual({
      at: new Date(now).toISOString(),
      kind: 'network',
      message: "Could not reach Microsoft's sign-in service at login.microsoftonline.com.",
    })
    expect(status.warning).toBe(
      "The last refresh failed: Could not reach Microsoft's sign-in service at login.microsoftonline.com. Unless a refresh succeeds, sign in again within 2 days (the saved sign-in lapses on 2027-04-10 after 90 days without use).",
    )
    expect(statuses.at(-1)).toEqual(status)
    // Past the limit it says the sign-in has lapsed, never a negative number of days.
    now = T0 + 95 * DAY
    await source.keepAlive()
    expect(source.status().warning).toMatch(
      /most likely lapsed \(90 days without use on 2027-04-10\): sign in again now\.$/,
    )
  })

  it('a success clears the recorded failure', async () => {
    const client = scripted([
      new OAuthError('network', 'offline'),
      jwt({ iat: T0 / 1000, exp: T0 / 1000 + 3600 }),
    ])
    const source = createDelegatedTokenSource({ client, username: 'a@b.test', now: () => T0 })
    expect((await source.keepAlive()).warning).toMatch(
      /^The last refresh failed: offline If it keeps failing/,
    )
    expect((await source.keepAlive()).warning).toBeNull()
  })

  it('sign-in-required and consent failures say to act now', async () => {
    const signIn = createDelegatedTokenSource({
      client: scripted([
        new OAuthError('sign-in-required', 'Sign in again: revoked (AADSTS50173).'),
      ]),
      username: 'a@b.test',
    })
    const err = await signIn.token().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OAuthError)
    expect((err as OAuthError).code).toBe('sign-in-required')
    expect((err as OAuthError).message).toBe('Sign in again: revoked (AADSTS50173).')
    expect(signIn.status().warning).toBe(
      'The last refresh failed: sign in again now. Sign in again: revoked (AADSTS50173).',
    )

    const consent = createDelegatedTokenSource({
      client: scripted([
        new OAuthError(
          'sign-in-required',
          'Sign in again: … Microsoft said "invalid_grant: AADSTS65001: …".',
        ),
      ]),
      username: 'a@b.test',
    })
    const status = await consent.keepAlive()
    expect(status.lastFailure?.kind).toBe('consent')
    expect(status.warning).toMatch(
      /^The last refresh failed: sign in again now\. Consent revoked: Microsoft no longer lets this app send as a@b\.test\./,
    )
  })

  it('an inactivity expiry (AADSTS700082) says the sign-in lapsed after 90 days', async () => {
    const source = createDelegatedTokenSource({
      client: scripted([
        new OAuthError(
          'sign-in-required',
          'Sign in again: … Microsoft said "invalid_grant: AADSTS700082: The refresh token has expired due to inactivity.".',
        ),
      ]),
      username: 'a@b.test',
    })
    const status = await source.keepAlive()
    expect(status.lastFailure?.kind).toBe('sign-in-again')
    expect(status.lastFailure?.message).toMatch(
      /^Sign in again: the saved sign-in for a@b\.test lapsed after 90 days without use\. \(.*AADSTS700082/,
    )
  })

  it('the keep-alive timer refreshes daily, and hourly after a failure', async () => {
    vi.useFakeTimers()
    const client = scripted([
      'opaque-1',
      new OAuthError('network', 'offline'),
      'opaque-2',
      'opaque-3',
    ])
    const source = createDelegatedTokenSource({ client, username: 'a@b.test' })
    source.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(client.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(DEFAULT_KEEP_ALIVE_MS - 1000)
    expect(client.calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.calls).toBe(2)
    expect(source.status().lastFailure?.kind).toBe('network')
    await vi.advanceTimersByTimeAsync(3600_000)
    expect(client.calls).toBe(3)
    expect(source.status().lastFailure).toBeNull()
    source.stop()
    await vi.advanceTimersByTimeAsync(10 * DEFAULT_KEEP_ALIVE_MS)
    expect(client.calls).toBe(3)
  })
})
