/**
 * What the app-only token source checks before it asks anyone: the tenant, the secret, the
 * certificate and its key, the thumbprint; and jwtClaims on tokens that are and are not JWTs.
 * A network client that fails every request proves nothing was sent.
 */
import type { INetworkModule } from '@azure/msal-node'
import { beforeAll, describe, expect, it } from 'vitest'

import { OAuthError } from '../../../../electron/mail/oauth/errors'
import {
  createAppOnlyTokenSource,
  jwtClaims,
  type AppCredential,
} from '../../../../electron/relay/app-only-token'
import { createTestPki, type TestPki } from '../../../helpers/test-pki'

const APP_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7'
const TENANT = 'contoso.onmicrosoft.com'

const sent: string[] = []
const noNetwork: INetworkModule = {
  sendGetRequestAsync: (url) => {
    sent.push(url)
    return Promise.reject(new Error('no network in unit tests'))
  },
  sendPostRequestAsync: (url) => {
    sent.push(url)
    return Promise.reject(new Error('no network in unit tests'))
  },
}

let pki: TestPki
beforeAll(async () => {
  pki = await createTestPki()
})

function make(credential: AppCredential, tenant = TENANT) {
  return () =>
    createAppOnlyTokenSource({
      config: { clientId: APP_ID, tenant },
      credential,
      username: 'scanner@contoso.test',
      networkClient: noNetwork,
    })
}

function configError(f: () => unknown): string {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(OAuthError)
    expect((err as OAuthError).code).toBe('config')
    return (err as OAuthError).message
  }
  throw new Error('expected a config error')
}

describe('app-only token source: local checks', () => {
  it('needs a specific tenant and a valid client ID', () => {
    const secret: AppCredential = { kind: 'secret', secret: 's3cret' }
    expect(configError(make(secret, 'common'))).toMatch(/needs the tenant itself, not 'common'/)
    expect(configError(make(secret, 'Organizations'))).toMatch(/needs the tenant itself/)
    expect(
      configError(() =>
        createAppOnlyTokenSource({
          config: { clientId: 'nope', tenant: TENANT },
          credential: secret,
          username: 'x@y.test',
        }),
      ),
    ).toMatch(/is not a GUID/)
    expect(sent).toEqual([])
  })

  it('refuses an empty secret without echoing anything', () => {
    expect(configError(make({ kind: 'secret', secret: '  ' }))).toMatch(/client secret is empty/)
  })

  it('refuses an expired certificate, saying when it expired', () => {
    expect(
      configError(
        make({
          kind: 'certificate',
          privateKeyPem: pki.expired.key,
          certificatePem: pki.expired.cert,
        }),
      ),
    ).toMatch(/certificate expired on \d{4}-\d\d-\d\d: make a new one and upload it/)
  })

  it('refuses a missing or malformed thumbprint when there is no certificate', () => {
    const key = pki.selfSigned.key
    expect(configError(make({ kind: 'certificate', privateKeyPem: key }))).toMatch(
      /SHA-256 thumbprint is missing or not 64 hex digits/,
    )
    expect(
      configError(make({ kind: 'certificate', privateKeyPem: key, thumbprintSha256: 'abcd' })),
    ).toMatch(/not 64 hex digits/)
    // Colon-separated, as `openssl x509 -fingerprint -sha256` prints it, is accepted.
    const colons = Array.from({ length: 32 }, () => 'AB').join(':')
    expect(
      make({ kind: 'certificate', privateKeyPem: key, thumbprintSha256: colons }),
    ).not.toThrow()
  })

  it('refuses a certificate that is not PEM', () => {
    expect(
      configError(
        make({ kind: 'certificate', privateKeyPem: pki.selfSigned.key, certificatePem: 'junk' }),
      ),
    ).toMatch(/certificate could not be read/)
  })

  it('jwtClaims reads a JWT payload and returns null for anything else', () => {
    const payload = Buffer.from(JSON.stringify({ roles: ['SMTP.SendAsApp'] })).toString('base64url')
    expect(jwtClaims(`h.${payload}.s`)).toEqual({ roles: ['SMTP.SendAsApp'] })
    expect(jwtClaims('EwBAAl3BAAUFFpUAo7J3Ve0bjLBWZWCclRC3EoAA')).toBeNull()
    expect(jwtClaims('a.b.c')).toBeNull()
    expect(jwtClaims(`h.${Buffer.from('[1]').toString('base64url')}.s`)).toBeNull()
  })
})
