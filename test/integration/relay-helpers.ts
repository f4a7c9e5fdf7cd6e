/**
 * Shared setup of the relay tests: a relay in front of the Exchange-like scenario server, a token
 * source the server accepts, and printer-like senders (nodemailer with a device's TLS settings).
 */
import { createServer } from 'node:net'
import { PassThrough } from 'node:stream'

import { createTransport } from 'nodemailer'
import type SMTPTransport from 'nodemailer/lib/smtp-transport'

import { parseRelayCommand, runRelayCommand } from '../../electron/cli/relay-cmd'
import { checkRelayConfig, type LoadedRelayConfig } from '../../electron/relay/config'
import { startRelay, type Relay, type RelayOptions } from '../../electron/relay/relay'
import type { RelayTokenSource } from '../../electron/relay/token-source'
import type { RelayLinkProblem, RelayLinkStatus } from '../../shared/relay-link'

export const MAILBOX = 'scanner@contoso.example'
export const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOi.relay-test-access-token.sig'

/** A token source that hands out the one token the scenario server accepts for MAILBOX. */
export function fixedTokenSource(
  token = TOKEN,
  expiresOn = '2099-01-01T00:00:00.000Z',
): RelayTokenSource {
  return {
    kind: 'delegated',
    username: MAILBOX,
    token: () => Promise.resolve({ accessToken: token, expiresOn }),
  }
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, host, () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => resolve(port))
    })
  })
}

export function relayConfig(raw: Record<string, unknown>, spoolDir: string): LoadedRelayConfig {
  return checkRelayConfig({ senders: [MAILBOX], spoolDir, ...raw }, spoolDir)
}

/**
 * A relay listening on 127.0.0.1 (a free port, `config.listen.port`) and sending as MAILBOX to a
 * local server's port; `raw` adds or overrides settings.
 */
export async function loopbackRelayConfig(
  serverPort: number,
  spoolDir: string,
  raw: Record<string, unknown> = {},
): Promise<LoadedRelayConfig> {
  return relayConfig(
    {
      listen: { address: '127.0.0.1', port: await freePort() },
      outbound: { host: '127.0.0.1', port: serverPort, username: MAILBOX },
      ...raw,
    },
    spoolDir,
  )
}

export async function waitFor(
  what: string,
  cond: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A running relay and its log, stopped by stopAll. */
export function relayRunner(): {
  start(
    opts: Omit<RelayOptions, 'tokenSource'> & { tokenSource?: RelayTokenSource },
  ): Promise<Relay>
  logs: string[]
  stopAll(): Promise<void>
} {
  const relays: Relay[] = []
  const logs: string[] = []
  return {
    logs,
    async start(opts) {
      const relay = await startRelay({
        tokenSource: fixedTokenSource(),
        pacing: false,
        retry: { baseMs: 100, maxMs: 400 },
        outboundTimeoutMs: 5000,
        log: (l) => logs.push(l),
        ...opts,
      })
      relays.push(relay)
      return relay
    },
    async stopAll() {
      await Promise.all(relays.splice(0).map((r) => r.stop()))
    },
  }
}

export type DeviceTls = 'modern' | 'tls1.0' | 'plaintext'

/** A printer-like sender: nodemailer with the TLS a device of that kind has. */
export function device(
  port: number,
  tls: DeviceTls,
  extra: SMTPTransport.Options = {},
): ReturnType<typeof createTransport<SMTPTransport.SentMessageInfo>> {
  return createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: tls === 'plaintext',
    requireTLS: tls !== 'plaintext',
    // Devices do not check the relay's certificate (it is made by the relay itself).
    tls:
      tls === 'tls1.0'
        ? {
            rejectUnauthorized: false,
            minVersion: 'TLSv1',
            maxVersion: 'TLSv1',
            ciphers: 'DEFAULT:@SECLEVEL=0',
          }
        : { rejectUnauthorized: false },
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 10_000,
    logger: false,
    ...extra,
  })
}

export function scan(messageId: string | null, to: string[] = ['office@contoso.example']): string {
  return [
    `From: ${MAILBOX}`,
    `To: ${to.join(', ')}`,
    'Subject: Scan from MFP',
    ...(messageId ? [`Message-ID: ${messageId}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain',
    '',
    'Scanned document attached.',
    '',
  ].join('\r\n')
}

/**
 * `scanpath relay --config FILE` in this process with a fixed token, until `stop()`: what it
 * writes to stderr, and its exit code once stopped.
 */
export function runRelayCommandInProcess(file: string): {
  stderr(): string
  stop(): void
  exit: Promise<number>
} {
  let stop: () => void = () => {}
  const stopped = new Promise<void>((r) => (stop = r))
  let err = ''
  const stderr = new PassThrough()
  stderr.on('data', (d: Buffer) => (err += d.toString()))
  const exit = runRelayCommand(parseRelayCommand(['relay', '--config', file]), {
    tokenSourceFor: () => Promise.resolve(fixedTokenSource()),
    untilStopped: () => stopped,
    stderr,
  })
  return { stderr: () => err, stop: () => stop(), exit }
}

/** A pairing code for tests (normalised; shown as 7KQ4-M2XD-9T3P-HWRB-5N8E). */
export const PAIRING_CODE = '7KQ4M2XD9T3PHWRB5N8E'

/**
 * The start option that pairs a relay's status link with `code` (null: not paired), instead of
 * the code `relay pair` stored: `runner.start({ config, ...pairedWith() })`, with the link's port
 * in the config: `relayConfig({ …, status: { port: await freePort() } }, spoolDir)`.
 */
export function pairedWith(code: string | null = PAIRING_CODE): {
  statusCode: () => Promise<string | null>
} {
  return { statusCode: () => Promise.resolve(code) }
}

/** Collects what `watchRelay` reports: every status, and the one problem (if any). */
export function linkWatcher(): {
  statuses: RelayLinkStatus[]
  problem: { problem: RelayLinkProblem; message: string } | null
  onStatus(s: RelayLinkStatus): void
  onProblem(p: RelayLinkProblem, message: string): void
} {
  const w = {
    statuses: [] as RelayLinkStatus[],
    problem: null as { problem: RelayLinkProblem; message: string } | null,
    onStatus: (s: RelayLinkStatus) => void w.statuses.push(s),
    onProblem: (problem: RelayLinkProblem, message: string) => {
      w.problem = { problem, message }
    },
  }
  return w
}
