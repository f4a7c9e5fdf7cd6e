/**
 * The relay with a real token source: app-only (client credentials) through @azure/msal-node
 * against the local identity provider, the token then taken by the Exchange-like server's XOAUTH2.
 */
import { afterEach, describe, expect, it } from 'vitest'

import { createAppOnlyTokenSource } from '../../electron/relay/app-only-token'
import { startFakeIdentityProvider } from '../helpers/fake-identity-provider'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import { device, freePort, MAILBOX, relayConfig, relayRunner, scan, waitFor } from './relay-helpers'

const APP_ID = '0b5f3c1e-2d4a-4e6b-8c9d-1a2b3c4d5e6f'
const SECRET = 'relay~app-only-test-secret-0123456789'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await runner.stopAll()
  for (const c of closers.splice(0)) await c()
})

describe('relay with an app-only token', () => {
  it('signs in with the token the identity provider issued and delivers', async () => {
    const idp = await startFakeIdentityProvider({ pki: peers.pki })
    closers.push(() => idp.close())
    idp.registerApp({ clientId: APP_ID, secrets: [SECRET] })
    const source = createAppOnlyTokenSource({
      config: { clientId: APP_ID, tenant: idp.user.tid, authorityHost: idp.origin },
      credential: { kind: 'secret', secret: SECRET },
      username: MAILBOX,
      networkClient: idp.networkClient,
      knownAuthorities: idp.knownAuthorities,
    })
    const issued = await source.token()
    const server = await peers.serve('exchange', { users: { [MAILBOX]: issued.accessToken } })
    const spoolDir = await tempDir('relay-app-only-')
    const port = await freePort()
    const config = relayConfig(
      {
        listen: { address: '127.0.0.1', port },
        outbound: { host: '127.0.0.1', port: server.port, username: MAILBOX },
      },
      spoolDir,
    )
    const relay = await runner.start({
      config,
      tokenSource: source,
      outboundCa: [peers.pki.ca.cert],
    })
    await device(port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<app-only-1@mfp>'),
    })
    await waitFor('delivery', () => server.messages.length === 1)
    expect(server.messages[0]?.messageId).toBe('<app-only-1@mfp>')
    const auth = server.sessions.flatMap((s) => s.commands).find((c) => c.line.startsWith('AUTH'))
    const sasl = Buffer.from(auth?.line.split(' ')[2] ?? '', 'base64').toString()
    expect(sasl).toBe(`user=${MAILBOX}\x01auth=Bearer ${issued.accessToken}\x01\x01`)
    expect(relay.status().tokenExpiresOn).toBe(issued.expiresOn)
    expect(runner.logs.join('\n')).not.toContain(issued.accessToken)
  })
})
