/**
 * The relay's pacing against the Exchange-like server: the minute's limit holds the queue back,
 * `relay status` says until when, and a restart does not reset the count (Exchange Online counts
 * the mailbox, not the relay process).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { formatRelayStatus } from '../../electron/cli/relay-cmd'
import { PACING_FILE } from '../../electron/relay/pacing-store'
import { readRelayStatus } from '../../electron/relay/relay-status'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  loopbackRelayConfig,
  MAILBOX,
  relayRunner,
  scan,
  TOKEN,
  waitFor,
} from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
afterEach(() => runner.stopAll())

describe('relay pacing', () => {
  it('holds the queue at the minute limit, says so, and keeps the count over a restart', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const spoolDir = await tempDir('relay-pacing-')
    const config = await loopbackRelayConfig(server.port, spoolDir, { pacing: { perMinute: 2 } })
    const port = config.listen.port
    const start = () => runner.start({ config, pacing: true, outboundCa: [peers.pki.ca.cert] })
    const first = await start()
    for (let i = 0; i < 3; i++)
      await device(port, 'modern').sendMail({
        envelope: { from: MAILBOX, to: ['office@contoso.example'] },
        raw: scan(`<paced-${i}@mfp>`),
      })
    await waitFor('two delivered', () => server.messages.length === 2)
    await waitFor('the third held back', () => first.status().pacedUntil !== null)
    const until = Date.parse(first.status().pacedUntil ?? '')
    expect(until - Date.now()).toBeGreaterThan(50_000)
    expect(until - Date.now()).toBeLessThanOrEqual(60_000)
    expect(runner.logs.join('\n')).toMatch(/holding 1 message\(s\) until .*30 messages a minute/)
    await first.stop()
    // `relay status` reads it from the state file the relay left.
    const lines = formatRelayStatus(await readRelayStatus(spoolDir), spoolDir).join('\n')
    expect(lines).toMatch(/Paced: +holding the queue until /)
    expect(JSON.parse(await readFile(join(spoolDir, PACING_FILE), 'utf8'))).toMatchObject({
      sends: [expect.any(Number), expect.any(Number)],
    })

    // A restart within the minute: the two sends still count, so the third still waits.
    const second = await start()
    await waitFor('the restarted relay to hold it too', () => second.status().pacedUntil !== null)
    expect(Math.abs(Date.parse(second.status().pacedUntil ?? '') - until)).toBeLessThan(1500)
    await new Promise((r) => setTimeout(r, 1500))
    expect(server.messages.map((m) => m.messageId)).toHaveLength(2)
    expect(second.status().queued).toBe(1)
  })

  it('says when its pacing counts could not be read, and goes on sending', async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const spoolDir = await tempDir('relay-pacing-bad-')
    await writeFile(join(spoolDir, PACING_FILE), 'not json')
    const config = await loopbackRelayConfig(server.port, spoolDir)
    const relay = await runner.start({ config, pacing: true, outboundCa: [peers.pki.ca.cert] })
    await waitFor('the warning', () => relay.status().lastError !== null)
    expect(relay.status().lastError).toMatchObject({
      text: 'The relay could not keep its pacing counts over a restart: pacing.json could not be read; pacing counts start from zero.',
      fix: 'Check that the spool folder is writable and its disk has free space.',
    })
    await device(config.listen.port, 'modern').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<after-bad-pacing@mfp>'),
    })
    await waitFor('delivery', () => server.messages.length === 1)
  })
})
