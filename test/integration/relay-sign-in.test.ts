/**
 * The relay when its own sign-in to Microsoft 365 fails: every message waits in the queue (none is
 * failed for it), and status says what is wrong and what to do.
 */
import { afterEach, describe, expect, it } from 'vitest'

import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  fixedTokenSource,
  loopbackRelayConfig,
  MAILBOX,
  relayRunner,
  scan,
  TOKEN,
  waitFor,
} from './relay-helpers'
import type { RelayTokenSource } from '../../electron/relay/token-source'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
afterEach(() => runner.stopAll())

async function relayTo(serverPort: number, tokenSource: RelayTokenSource) {
  const config = await loopbackRelayConfig(serverPort, await tempDir('relay-signin-'))
  const relay = await runner.start({ config, tokenSource, outboundCa: [peers.pki.ca.cert] })
  await device(config.listen.port, 'modern').sendMail({
    envelope: { from: MAILBOX, to: ['office@contoso.example'] },
    raw: scan('<signin-1@mfp>'),
  })
  return relay
}

describe('relay: its own sign-in fails', () => {
  it('explains a revoked sign-in (535 5.7.139) and keeps the message queued, not failed', async () => {
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: TOKEN },
      authReply: '535 5.7.139 Authentication unsuccessful, the user credentials were incorrect.',
    })
    const relay = await relayTo(server.port, fixedTokenSource())
    await waitFor('the problem', () => relay.status().lastError !== null)
    const s = relay.status()
    expect(s).toMatchObject({ queued: 1, failed: 0 })
    expect(s.lastError?.text).toMatch(/answered AUTH with "535 5\.7\.139/)
    expect(s.lastError?.fix.length).toBeGreaterThan(20)
    expect(JSON.stringify(s)).not.toContain(TOKEN)
    expect(runner.logs.some((l) => l.includes('sending paused until'))).toBe(true)
    expect(server.messages).toHaveLength(0)
  })

  it('says what the token source said when there is no token, and connects nowhere', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const failing: RelayTokenSource = {
      kind: 'delegated',
      username: MAILBOX,
      token: () => Promise.reject(new Error('Sign in again: the saved sign-in has expired')),
    }
    const relay = await relayTo(server.port, failing)
    await waitFor('the problem', () => relay.status().lastError !== null)
    expect(relay.status().lastError?.text).toMatch(
      /No Microsoft 365 sign-in for scanner@contoso\.example: Sign in again: the saved sign-in has expired/,
    )
    expect(relay.status().queued).toBe(1)
    expect(server.sessions).toHaveLength(0)
  })
})
