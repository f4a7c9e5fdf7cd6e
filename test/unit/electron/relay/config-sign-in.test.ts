/**
 * The relay config's `signIn` (delegated or app-only) and `secrets` (keychain or encrypted file):
 * defaults, paths made absolute, the systemd unit's defaults, and errors that name the field.
 */
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { checkRelayConfig, RelayConfigError } from '../../../../electron/relay/config'

const APP = '0b5f3c1e-2d4a-4e6b-8c9d-1a2b3c4d5e6f'
const BASE = {
  listen: { address: '127.0.0.1', port: 2525 },
  senders: ['scanner@contoso.example'],
  outbound: { username: 'scanner@contoso.example' },
  spoolDir: 'spool',
}
const DIR = '/etc/scanpath-relay'

function problems(extra: Record<string, unknown>, env = {}): string[] {
  try {
    checkRelayConfig({ ...BASE, ...extra }, DIR, env)
  } catch (e) {
    if (e instanceof RelayConfigError) return e.problems
    throw e
  }
  return []
}

describe('relay config: signIn and secrets', () => {
  it('defaults to the OS keychain, and a delegated sign-in to any work or school tenant', () => {
    const c = checkRelayConfig({ ...BASE, signIn: { kind: 'delegated', clientId: APP } }, DIR, {})
    expect(c.secrets).toEqual({ store: 'keychain' })
    expect(c.signIn).toEqual({ kind: 'delegated', clientId: APP, tenant: 'organizations' })
    expect(checkRelayConfig(BASE, DIR, {}).signIn).toBeUndefined()
  })

  it('makes an app-only certificate’s paths absolute from the config’s folder', () => {
    const c = checkRelayConfig(
      {
        ...BASE,
        signIn: {
          kind: 'app-only',
          clientId: APP,
          tenant: 'contoso.onmicrosoft.com',
          certificate: { keyFile: 'app.key', certFile: '/srv/app.pem' },
          authorityHost: 'https://login.microsoftonline.us',
        },
      },
      DIR,
      {},
    )
    expect(c.signIn).toMatchObject({
      certificate: { keyFile: join(DIR, 'app.key'), certFile: '/srv/app.pem' },
      authorityHost: 'https://login.microsoftonline.us',
    })
  })

  it('takes the file store’s paths from the systemd unit’s state and credentials folders', () => {
    const c = checkRelayConfig({ ...BASE, secrets: { store: 'file' } }, DIR, {
      STATE_DIRECTORY: '/var/lib/scanpath-relay',
      CREDENTIALS_DIRECTORY: '/run/credentials/scanpath-relay.service',
    })
    expect(c.secrets).toEqual({
      store: 'file',
      file: '/var/lib/scanpath-relay/secrets.json',
      keyFile: '/run/credentials/scanpath-relay.service/relay-key',
    })
    // Outside the service (relay status): the secrets in the spool folder, no key until needed.
    const outside = checkRelayConfig({ ...BASE, secrets: { store: 'file' } }, DIR, {})
    expect(outside.secrets).toEqual({
      store: 'file',
      file: join(DIR, 'spool', 'secrets.json'),
      keyFile: null,
    })
    const given = checkRelayConfig(
      { ...BASE, secrets: { store: 'file', file: 'state/s.json', keyFile: '/etc/k/key' } },
      DIR,
      { CREDENTIALS_DIRECTORY: '/run/credentials/x' },
    )
    expect(given.secrets).toEqual({
      store: 'file',
      file: join(DIR, 'state', 's.json'),
      keyFile: '/etc/k/key',
    })
  })

  it('refuses a key file kept beside the secrets', () => {
    expect(
      problems({
        secrets: { store: 'file', file: '/var/lib/r/secrets.json', keyFile: '/var/lib/r/key' },
      }),
    ).toEqual([
      'secrets.keyFile: /var/lib/r/key is in the same folder as the secrets file /var/lib/r/secrets.json: keep the key in another folder, so that a copy of one folder does not hold both',
    ])
  })

  it('names the field of each sign-in mistake', () => {
    expect(problems({ signIn: { kind: 'delegated', clientId: 'my-app' } })).toEqual([
      expect.stringMatching(/^signIn\.clientId: must be the application \(client\) ID, a GUID/),
    ])
    expect(
      problems({ signIn: { kind: 'app-only', clientId: APP, tenant: 'organizations' } }),
    ).toEqual([
      expect.stringMatching(/^signIn\.tenant: an app-only sign-in needs the tenant itself/),
    ])
    expect(problems({ signIn: { kind: 'app-only', clientId: APP } })).toEqual([
      'signIn.tenant: is missing',
    ])
    expect(problems({ signIn: { kind: 'delegated', clientId: APP, tenant: 'consumers' } })).toEqual(
      [expect.stringMatching(/^signIn\.tenant: must be organizations, common, the tenant ID/)],
    )
    expect(
      problems({
        signIn: { kind: 'delegated', clientId: APP, authorityHost: 'http://idp.example' },
      }),
    ).toEqual([expect.stringMatching(/^signIn\.authorityHost: must be an https:\/\/ address/)])
    expect(
      problems({
        signIn: { kind: 'delegated', clientId: APP, authorityHost: 'https://idp.example/tenant' },
      }),
    ).toEqual([expect.stringMatching(/^signIn\.authorityHost: .*no path/)])
    expect(problems({ signIn: { kind: 'password', clientId: APP } })).toEqual([
      'signIn.kind: must be "delegated" (a mailbox signed in by device code) or "app-only"',
    ])
    expect(problems({ signIn: { kind: 'delegated', clientId: APP, user: 'x' } })).toEqual([
      'signIn: unknown setting "user"',
    ])
  })

  it('never takes a client secret from the config file', () => {
    expect(
      problems({
        signIn: { kind: 'app-only', clientId: APP, tenant: 'contoso.com', clientSecret: 's3cr3t' },
      }),
    ).toEqual([
      'signIn.clientSecret: a client secret never goes in the config file: remove it and run `scanpath relay set-secret --config FILE`',
    ])
    expect(problems({ secrets: { store: 'vault' } })).toEqual([
      'secrets.store: must be "keychain" (the OS keychain) or "file" (an encrypted file, for a headless service)',
    ])
    expect(problems({ secrets: { store: 'keychain', file: 'x' } })).toEqual([
      'secrets: unknown setting "file"',
    ])
  })
})
