/**
 * The relay in the crash test (test/integration/relay-crash.test.ts), killed with SIGKILL at
 * random moments while devices send to it:
 *
 *   node --import tsx test/integration/relay-crash-child.ts <config.json> [ca.pem]
 *
 * It starts the relay from the config (outbound to where the parent says: nowhere, so every
 * message stays queued, or the parent's Exchange-like server, trusted through ca.pem) and prints
 * `READY <port>` with a synchronous write once it listens. A device's 250 is the acknowledgement
 * the parent keeps count of.
 */
import { writeSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

import { loadRelayConfig } from '../../electron/relay/config'
import { startRelay } from '../../electron/relay/relay'
import { fixedTokenSource } from './relay-helpers'

async function main(): Promise<void> {
  const file = process.argv[2]
  if (!file) throw new Error('usage: relay-crash-child.ts <config.json>')
  const caFile = process.argv[3]
  const config = await loadRelayConfig(file)
  const relay = await startRelay({
    config,
    tokenSource: fixedTokenSource(),
    pacing: false,
    retry: { baseMs: 50, maxMs: 200 },
    ...(caFile ? { outboundCa: [await readFile(caFile, 'utf8')] } : {}),
  })
  writeSync(1, `READY ${relay.listening.port}\n`)
}

main().catch((e: unknown) => {
  writeSync(
    2,
    `relay-crash-child failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
  )
  process.exit(1)
})
