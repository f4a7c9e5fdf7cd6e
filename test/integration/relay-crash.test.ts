/**
 * Crash safety of the relay: it is killed (SIGKILL) at random moments while three devices send
 * to it (and, in the second test, while it forwards), started again on the same spool, killed
 * again… Every message a device got 250 for must then reach the Exchange-like server, whole.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { useScenarioPeers } from '../helpers/scenario-peers'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  freePort,
  MAILBOX,
  relayConfig,
  relayRunner,
  TOKEN,
  waitFor,
} from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
afterEach(() => runner.stopAll())

// 100 kills per phase: 200 in all, as the issue asks (about 1 s each).
const KILLS = 100
const CHILD = join(__dirname, 'relay-crash-child.ts')
const ROOT = join(__dirname, '..', '..')

function startChild(configFile: string, caFile?: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', CHILD, configFile, ...(caFile ? [caFile] : [])]
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('READY ')) resolve(child)
    })
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.once('exit', (code) => reject(new Error(`relay child exited (${code}): ${err}`)))
  })
}

/** A body of some 40 KB, so that kills land in the middle of DATA too. */
function message(id: string): string {
  const line = `${id} ${'0123456789'.repeat(7)}\r\n`
  return `From: ${MAILBOX}\r\nTo: office@contoso.example\r\nSubject: crash\r\nMessage-ID: ${id}\r\n\r\n${line.repeat(450)}`
}

/** Starts the relay child KILLS times and kills it at a random moment while three devices send. */
async function killWhileSending(
  port: number,
  configFile: string,
  caFile?: string,
): Promise<Set<string>> {
  const acknowledged = new Set<string>()
  let seq = 0
  for (let run = 0; run < KILLS; run++) {
    const child = await startChild(configFile, caFile)
    let alive = true
    const sender = async (n: number): Promise<void> => {
      const transport = device(port, 'modern', { pool: false })
      while (alive) {
        const id = `<crash-${run}-${n}-${seq++}@mfp>`
        try {
          const info = await transport.sendMail({
            envelope: { from: MAILBOX, to: ['office@contoso.example'] },
            raw: message(id),
          })
          if (/^250 /.test(info.response)) acknowledged.add(id)
        } catch {
          // Killed mid-session: not acknowledged, a real device would send it again.
        }
      }
    }
    const senders = [0, 1, 2].map((n) => sender(n))
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 400))
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    alive = false
    await Promise.all(senders)
  }
  return acknowledged
}

async function setUp(outboundPort: number) {
  const spoolDir = await tempDir('relay-crash-')
  const base = {
    listen: { address: '127.0.0.1', port: await freePort() },
    outbound: { host: '127.0.0.1', port: outboundPort, username: MAILBOX },
  }
  const configFile = join(spoolDir, 'relay.json')
  await writeFile(configFile, JSON.stringify({ ...base, senders: [MAILBOX], spoolDir }))
  return { spoolDir, base, configFile }
}

describe('relay: SIGKILL while devices send', () => {
  it(`delivers every acknowledged message exactly once over ${KILLS} kills`, async () => {
    // Microsoft 365 unreachable while the kills happen: every message stays queued.
    const { spoolDir, base, configFile } = await setUp(await freePort())
    const acknowledged = await killWhileSending(base.listen.port, configFile)
    expect(acknowledged.size).toBeGreaterThan(KILLS)

    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const config = relayConfig(
      { ...base, outbound: { ...base.outbound, port: server.port } },
      spoolDir,
    )
    const relay = await runner.start({ config, outboundCa: [peers.pki.ca.cert] })
    await waitFor('the queue to drain', () => relay.status().queued === 0, 60_000)
    const delivered = server.messages.map((m) => m.messageId ?? '')
    expect([...acknowledged].filter((id) => !delivered.includes(id))).toEqual([])
    expect(new Set(delivered).size).toBe(delivered.length)
    for (const m of server.messages) expect(m.data).toBe(message(m.messageId ?? ''))
    // Messages cut short by a kill (never acknowledged) were dropped on start, and the stop
    // removes the empty files kept ready: nothing is left.
    await relay.stop()
    expect(await readdir(join(spoolDir, 'queue'))).toEqual([])
  }, 600_000)

  it(`loses no acknowledged message when killed while forwarding too (${KILLS} kills)`, async () => {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN }, replyDelayMs: 2 })
    const { spoolDir, base, configFile } = await setUp(server.port)
    const acknowledged = await killWhileSending(base.listen.port, configFile, peers.pki.caFile)
    const relay = await runner.start({
      config: relayConfig(base, spoolDir),
      outboundCa: [peers.pki.ca.cert],
    })
    await waitFor('the queue to drain', () => relay.status().queued === 0, 60_000)
    const delivered = server.messages.map((m) => m.messageId ?? '')
    expect(delivered.length).toBeGreaterThan(KILLS)
    expect([...acknowledged].filter((id) => !delivered.includes(id))).toEqual([])
    // A kill between Exchange's 250 and the removal from the queue sends that message again,
    // with the same Message-ID; no SMTP client can close that window, so at most one per kill.
    expect(delivered.length - new Set(delivered).size).toBeLessThanOrEqual(KILLS)
    for (const m of server.messages) expect(m.data).toBe(message(m.messageId ?? ''))
  }, 600_000)
})
