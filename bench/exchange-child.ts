/**
 * The benchmark's Exchange-like server in its own process, so the work of receiving forwarded
 * mail never runs on the event loop that times the senders. Started by exchange-peer.ts with an
 * IPC channel: it answers `{ ask: 'received' }` with what it holds, and stops on `{ ask: 'stop' }`.
 */
import { startScenarioServer } from '../test/helpers/scenario-smtp-server'
import { createTestPki } from '../test/helpers/test-pki'

export interface ExchangeChildFacts {
  messageIds: string[]
  /** When each arrived (ms since the epoch, sub-ms; comparable across processes). */
  arrivedAt: number[]
  /** Per session: the AUTH mechanism seen (or null), whether it came before TLS, the TLS version. */
  sessions: Array<{ auth: string | null; authBeforeTls: boolean; tls: string | null }>
}

async function main(): Promise<void> {
  const users = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>
  const pki = await createTestPki()
  const server = await startScenarioServer({ scenario: 'exchange', pki, users })
  // The time each message is complete at the server, for the throughput's end.
  const arrivedAt: number[] = []
  const push = server.messages.push.bind(server.messages)
  server.messages.push = (...ms) => {
    for (let i = 0; i < ms.length; i++) arrivedAt.push(performance.timeOrigin + performance.now())
    return push(...ms)
  }
  const facts = (): ExchangeChildFacts => ({
    messageIds: server.messages.map((m) => m.messageId ?? ''),
    arrivedAt,
    sessions: server.sessions.map((s) => {
      const auth = s.commands.find((c) => c.line.startsWith('AUTH'))
      return {
        auth: auth ? (auth.line.split(' ')[1] ?? null) : null,
        authBeforeTls: auth !== undefined && !auth.tls,
        tls: s.tlsProtocol,
      }
    }),
  })
  process.on('message', (m: { ask?: string }) => {
    if (m.ask === 'received') process.send?.({ facts: facts() })
    if (m.ask === 'stop') void server.close().then(() => process.exit(0))
  })
  process.send?.({ ready: { port: server.port, caFile: pki.caFile } })
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
