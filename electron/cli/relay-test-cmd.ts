/**
 * `scanpath relay test --to ADDR`: a test message through the whole path. It is sent from the
 * relay's own machine to the relay as a device would send it, then followed in the queue until
 * the relay has delivered it to Microsoft 365, kept it as failed (explained), or the time is up.
 */
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { createTransport } from 'nodemailer'

import type { LoadedRelayConfig } from '../relay/config'
import { readRelayStatus } from '../relay/relay-status'
import { QUEUE_DIR, readQueue } from '../relay/spool'
import { displayText } from '../../shared/display-text'
import { printLines } from './output'

export interface RelayTestOptions {
  to: string
  timeoutS: number
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  /** How often the queue is read while waiting (ms). */
  pollMs?: number
}

/** The relay's certificate, to check that it is our relay that answers (null: plaintext). */
async function relayCertificate(cfg: LoadedRelayConfig): Promise<string | null> {
  if (cfg.tls.mode === 'none') return null
  const file = cfg.tls.certFile ?? join(cfg.spoolDir, 'tls', 'relay-cert.pem')
  try {
    return await readFile(file, 'utf8')
  } catch {
    return null
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function runRelayTest(cfg: LoadedRelayConfig, o: RelayTestOptions): Promise<number> {
  const say = (lines: string[]) => printLines(o.stdout, lines)
  const fail = (lines: string[]) => {
    printLines(
      o.stderr,
      lines.map((l, i) => (i === 0 ? `scanpath relay test: ${l}` : `  ${l}`)),
    )
    return 1
  }
  const before = await readRelayStatus(cfg.spoolDir)
  if (!before.running)
    return fail([
      `the relay for ${cfg.spoolDir} is not running: start it first (sudo systemctl start scanpath-relay, or scanpath relay --config FILE)`,
    ])
  const cert = await relayCertificate(cfg)
  if (cfg.tls.mode !== 'none' && cert === null)
    return fail([`the relay's certificate cannot be read: check tls.certFile or ${cfg.spoolDir}`])
  const where = `${cfg.listen.address}:${cfg.listen.port}`
  const messageId = `<relay-test-${randomUUID()}@scanpath.invalid>`
  const sender = cfg.senders[0] ?? cfg.outbound.username
  const transport = createTransport({
    host: cfg.listen.address,
    port: cfg.listen.port,
    secure: false,
    // From the listen address itself: the relay takes its own machine as a trusted device.
    localAddress: cfg.listen.address,
    requireTLS: cfg.tls.mode !== 'none',
    ignoreTLS: cfg.tls.mode === 'none',
    // Only the relay's own certificate is trusted on this hop (no password is sent on it).
    tls: cert ? { ca: [cert], rejectUnauthorized: true } : undefined,
    name: 'scanpath-relay-test',
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  })
  try {
    const info = await transport.sendMail({
      from: sender,
      to: o.to,
      subject: 'ScanPath Relay test',
      text: `A test message from ScanPath Relay at ${where}, sent by "scanpath relay test". If it arrived, devices that send to the relay reach Microsoft 365.`,
      messageId,
    })
    say([`Accepted by the relay at ${where} (${displayText(info.response)}).`])
  } catch (e) {
    return fail([
      `the relay at ${where} did not take the test message: ${displayText(String((e as Error).message ?? e))}`,
    ])
  } finally {
    transport.close()
  }
  say(['Waiting for the relay to deliver it to Microsoft 365…'])
  const end = Date.now() + o.timeoutS * 1000
  for (;;) {
    const mine = (await readQueue(join(cfg.spoolDir, QUEUE_DIR))).find(
      (r) => r.messageId === messageId,
    )
    if (!mine) {
      const status = await readRelayStatus(cfg.spoolDir)
      const reply =
        status.lastDelivery?.messageId === messageId
          ? ` (${displayText(status.lastDelivery.response)})`
          : ''
      say([`Delivered to ${cfg.outbound.host}:${cfg.outbound.port} for ${o.to}${reply}.`])
      return 0
    }
    if (mine.state === 'failed')
      return fail([
        `Microsoft 365 refused the test message: ${displayText(mine.failure?.reply ?? mine.lastError ?? '')}`,
        displayText(mine.failure?.meaning ?? ''),
        `Fix: ${displayText(mine.failure?.fix ?? '')}`,
      ])
    if (Date.now() > end) {
      const status = await readRelayStatus(cfg.spoolDir)
      const last = status.lastError
      return fail([
        `still queued after ${o.timeoutS} s (attempts: ${mine.attempts})${last ? `: ${displayText(last.text)}` : ''}`,
        ...(last ? [`Fix: ${displayText(last.fix)}`] : []),
        'The message stays queued: the relay keeps trying.',
      ])
    }
    await sleep(o.pollMs ?? 500)
  }
}
