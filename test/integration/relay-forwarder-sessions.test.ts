/**
 * The relay's forwarder against the Exchange-like server: parallel sessions within the limit,
 * each signed in once and kept for the next queued message, a new session for a new token, and
 * no connection left open once the queue is empty.
 */
import { Readable } from 'node:stream'

import { describe, expect, it } from 'vitest'

import { startForwarder, type ForwarderEvent } from '../../electron/relay/forwarder'
import { Spool } from '../../electron/relay/spool'
import type { RelayTokenSource } from '../../electron/relay/token-source'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import { MAILBOX, scan, TOKEN, waitFor } from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()

async function queued(count: number, tag: string): Promise<Spool> {
  const spool = new Spool(await tempDir('relay-sessions-'))
  await spool.open()
  for (let i = 0; i < count; i++)
    await spool.accept(Readable.from([Buffer.from(scan(`<${tag}-${i}@mfp>`), 'latin1')]), {
      mailFrom: MAILBOX,
      rcptTo: ['office@contoso.example'],
      clientAddress: '192.168.1.50',
    })
  return spool
}

function tokenOf(authLine: string): string {
  const sasl = Buffer.from(authLine.replace(/^AUTH XOAUTH2 /, ''), 'base64').toString('utf8')
  const field = sasl.split('\u0001').find((f) => f.startsWith('auth=Bearer '))
  return field?.slice('auth=Bearer '.length) ?? ''
}

describe('relay forwarder sessions', () => {
  it('sends on at most `connections` sessions, each signed in once and reused', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const spool = await queued(12, 'par')
    const events: ForwarderEvent[] = []
    const forwarder = startForwarder({
      spool,
      tokenSource: {
        kind: 'delegated',
        username: MAILBOX,
        token: () => Promise.resolve({ accessToken: TOKEN, expiresOn: '2099-01-01T00:00:00Z' }),
      },
      host: '127.0.0.1',
      port: server.port,
      pacing: null,
      connections: 2,
      ca: [peers.pki.ca.cert],
      onEvent: (e) => events.push(e),
    })
    try {
      await waitFor('all 12 delivered', () => spool.list().length === 0, 30_000)
      const ids = server.messages.map((m) => m.messageId).sort()
      expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => `<par-${i}@mfp>`).sort())
      const signedIn = server.sessions.filter((s) =>
        s.commands.some((c) => c.line.startsWith('AUTH')),
      )
      expect(signedIn).toHaveLength(2)
      for (const s of signedIn) {
        expect(s.commands.filter((c) => c.line.startsWith('AUTH'))).toHaveLength(1)
        expect(s.commands.filter((c) => c.line.startsWith('MAIL FROM')).length).toBeGreaterThan(1)
        expect(s.tlsProtocol).toMatch(/^TLSv1\.[23]$/)
      }
      expect(events.filter((e) => e.kind === 'delivered')).toHaveLength(12)
      // Nothing left to send: both connections are closed by the relay, not left to time out.
      await waitFor('both sessions closed by the relay', () =>
        signedIn.every((s) => s.closedByClient),
      )
    } finally {
      await forwarder.stop()
    }
  })

  it('opens a new session when the token changes, and signs it in with the new token', async () => {
    const users: Record<string, string> = { [MAILBOX]: 'first-token-aaaaaaaaaaaa' }
    const server = await peers.serve('exchange', { users })
    const spool = await queued(3, 'tok')
    let calls = 0
    const tokenSource: RelayTokenSource = {
      kind: 'delegated',
      username: MAILBOX,
      token() {
        calls += 1
        // After the first message the token is refreshed (the server now takes only the new one).
        if (calls === 2) users[MAILBOX] = 'second-token-bbbbbbbbbbb'
        return Promise.resolve({
          accessToken: users[MAILBOX] ?? '',
          expiresOn: '2099-01-01T00:00:00Z',
        })
      },
    }
    const forwarder = startForwarder({
      spool,
      tokenSource,
      host: '127.0.0.1',
      port: server.port,
      pacing: null,
      connections: 1,
      ca: [peers.pki.ca.cert],
      onEvent: () => {},
    })
    try {
      await waitFor('all 3 delivered', () => spool.list().length === 0, 30_000)
      const auths = server.sessions.flatMap((s) =>
        s.commands.filter((c) => c.line.startsWith('AUTH')).map((c) => tokenOf(c.line)),
      )
      expect(auths).toEqual(['first-token-aaaaaaaaaaaa', 'second-token-bbbbbbbbbbb'])
      expect(server.messages.map((m) => m.messageId)).toEqual([
        '<tok-0@mfp>',
        '<tok-1@mfp>',
        '<tok-2@mfp>',
      ])
    } finally {
      await forwarder.stop()
    }
  })
})
