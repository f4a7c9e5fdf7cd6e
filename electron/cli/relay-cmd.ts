/**
 * `scanpath relay`: runs ScanPath Relay from a config file until SIGINT/SIGTERM, shows its status
 * from the spool folder (read-only), makes the scrypt hash of a device password for the config,
 * and saves its Microsoft 365 sign-in (`sign-in`, `set-secret`: ./relay-setup-cmd.ts) and the
 * status link's pairing code (`pair`: ./relay-pair-cmd.ts).
 */
import { resolve } from 'node:path'

import { loadRelayConfig, RelayConfigError, type LoadedRelayConfig } from '../relay/config'
import { hashPassword } from '../relay/password-hash'
import { startRelay, type Relay } from '../relay/relay'
import { readRelayStatus, type RelayStatus } from '../relay/relay-status'
import type { RelayTokenSource } from '../relay/token-source'
import { displayText } from '../../shared/display-text'
import { emailProblem } from '../../shared/host-syntax'
import { printJson, printLines, type Line } from './output'
import { parseFlags, usageErrorText } from './parse-flags'
import { promptSecret, readSecretLine } from './read-secret'
import { runRelayPair } from './relay-pair-cmd'
import { runRelayTest } from './relay-test-cmd'
import {
  relaySignInFor,
  RelaySetupError,
  runRelaySetSecret,
  runRelaySignIn,
  type RelaySignInSource,
} from './relay-setup-cmd'

export const RELAY_USAGE = `Usage: scanpath relay --config FILE
       scanpath relay status --config FILE [--json]
       scanpath relay sign-in --config FILE
       scanpath relay set-secret --config FILE
       scanpath relay pair --config FILE
       scanpath relay test --config FILE --to ADDR [--timeout-s N]
       scanpath relay hash-password

Runs ScanPath Relay: devices on the LAN send to it as they always did; it queues each message on
disk and sends it on to Microsoft 365 with SMTP AUTH XOAUTH2 (TLS 1.2+, certificate verified).

  relay --config FILE           run until stopped (Ctrl+C, or SIGTERM from the service manager)
  relay status --config FILE    listening address, queue, last delivery, last error, token expiry;
                                reads the spool folder only, so it is safe beside a running relay
  relay sign-in --config FILE   sign the mailbox in ("signIn": {"kind": "delegated"}): shows a code
                                to enter in any browser, keeps the refresh token in the store
                                named by "secrets" (the OS keychain, or an encrypted file)
  relay set-secret --config FILE
                                keep the app's client secret ("signIn": {"kind": "app-only"}),
                                read at a prompt or as one line on standard input, in that store
  relay pair --config FILE      make a new code for ScanPath's Verify step to watch this relay
                                (the status link, port 2580 unless "status.port"); kept in the
                                same store as the sign-in, replacing the previous code
  relay test --config FILE --to ADDR
                                a test message through the whole path: sent from this machine
                                to the running relay as a device would, then followed until the
                                relay delivered it to Microsoft 365 (exit 0) or not (exit 1)
  relay hash-password           read a device password (prompt or one line on standard input)
                                and print the scrypt hash for "devices[].passwordHash"

Options:
  --config FILE   the relay's JSON configuration
  --json          print the status as JSON
  --to ADDR       relay test: the recipient
  --timeout-s N   relay test: how long to wait for the delivery (default 120)
  -h, --help      show this help`

export type RelayCommand =
  | { kind: 'run'; config: string }
  | { kind: 'status'; config: string; json: boolean }
  | { kind: 'hash-password' }
  | { kind: 'sign-in' | 'set-secret' | 'pair'; config: string }
  | { kind: 'test'; config: string; to: string; timeoutS: number }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string }

const SUBCOMMANDS = new Set(['status', 'hash-password', 'sign-in', 'set-secret', 'test', 'pair'])

export function parseRelayCommand(argv: readonly string[]): RelayCommand {
  // The verb itself (the first argument that is not an option) is not one of ours.
  const verb = argv.findIndex((a) => !a.startsWith('-'))
  const args = argv[verb] === 'relay' ? argv.filter((_, i) => i !== verb) : [...argv]
  const parsed = parseFlags(args, {
    config: { type: 'string' },
    json: { type: 'boolean' },
    to: { type: 'string' },
    'timeout-s': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (!parsed.ok) return { kind: 'usage-error', message: parsed.message }
  const { values, positionals } = parsed
  if (values.help) return { kind: 'help' }
  const [sub, extra] = positionals
  if (sub !== undefined && !SUBCOMMANDS.has(sub))
    return { kind: 'usage-error', message: `unknown relay command "${sub}"` }
  if (extra !== undefined) return { kind: 'usage-error', message: `unexpected argument "${extra}"` }
  if (sub === 'hash-password') {
    if (values.config !== undefined || values.json)
      return { kind: 'usage-error', message: 'relay hash-password takes no options' }
    return { kind: 'hash-password' }
  }
  if (values.config === undefined) return { kind: 'usage-error', message: 'missing --config FILE' }
  if (sub === 'status') return { kind: 'status', config: values.config, json: values.json ?? false }
  if (values.json) return { kind: 'usage-error', message: '--json goes with relay status' }
  if (sub === 'test') return parseTest(values.config, values.to, values['timeout-s'])
  if (values.to !== undefined || values['timeout-s'] !== undefined)
    return { kind: 'usage-error', message: '--to and --timeout-s go with relay test' }
  if (sub === 'sign-in' || sub === 'set-secret' || sub === 'pair')
    return { kind: sub, config: values.config }
  return { kind: 'run', config: values.config }
}

function parseTest(config: string, to?: string, timeout?: string): RelayCommand {
  if (to === undefined) return { kind: 'usage-error', message: 'relay test needs --to ADDR' }
  const problem = emailProblem(to)
  if (problem) return { kind: 'usage-error', message: `--to: ${problem}` }
  const timeoutS = timeout === undefined ? 120 : Number(timeout)
  if (!Number.isInteger(timeoutS) || timeoutS < 1 || timeoutS > 3600)
    return {
      kind: 'usage-error',
      message: '--timeout-s must be a whole number of seconds, 1 to 3600',
    }
  return { kind: 'test', config, to, timeoutS }
}

export interface RelayCommandDeps {
  /**
   * The Microsoft 365 sign-in the relay sends with (default: the config's "signIn" and the
   * secret saved in its store by `relay sign-in` or `relay set-secret`).
   */
  tokenSourceFor?: (config: LoadedRelayConfig) => Promise<RelayTokenSource>
  /** Resolves when the relay should stop (default: SIGINT or SIGTERM). */
  untilStopped?: () => Promise<void>
  stdout?: NodeJS.WritableStream & { isTTY?: boolean }
  stderr?: NodeJS.WritableStream
}

async function config(
  file: string,
  stderr: NodeJS.WritableStream,
): Promise<LoadedRelayConfig | null> {
  try {
    return await loadRelayConfig(file)
  } catch (e) {
    if (!(e instanceof RelayConfigError)) throw e
    printLines(stderr, [
      `scanpath relay: ${file} has ${e.problems.length === 1 ? 'a problem' : `${e.problems.length} problems`}:`,
      ...e.problems.map((p) => `  ${p}`),
    ])
    return null
  }
}

function when(iso: string | null): string {
  return iso ?? 'never'
}

export function formatRelayStatus(s: RelayStatus, spoolDir: string): Line[] {
  const lines: Line[] = [
    `ScanPath Relay (spool ${spoolDir})`,
    `  State:          ${s.running ? `running, listening on ${s.listening ?? '?'}` : 'not running'}`,
    `  Queue:          ${s.queued} message(s)${s.oldestQueuedAt ? `, oldest received ${s.oldestQueuedAt}` : ''}`,
    `  Failed:         ${s.failed} message(s)`,
    `  Last delivery:  ${s.lastDelivery ? `${s.lastDelivery.messageId} at ${s.lastDelivery.at}` : 'never'}`,
    `  Token expires:  ${when(s.tokenExpiresOn ?? s.signIn?.expiresOn ?? null)}`,
  ]
  if (s.pacedUntil)
    lines.push(
      `  Paced:          holding the queue until ${s.pacedUntil} (Exchange Online: 30 messages a minute, 10,000 recipients a day per mailbox)`,
    )
  if (s.signIn) {
    const si = s.signIn
    lines.push(
      `  Sign-in:        ${si.kind === 'delegated' ? 'delegated (device code)' : 'app-only'} as ${displayText(si.account)}${si.expiresOn ? `, token valid until ${si.expiresOn}` : ''}`,
    )
    if (si.lastRefreshAt)
      lines.push(
        `  Refreshed:      ${si.lastRefreshAt}${si.lapsesAt ? ` (lapses ${si.lapsesAt} unless refreshed)` : ''}`,
      )
    if (si.warning) lines.push(`  Warning:        ${displayText(si.warning)}`)
  }
  if (s.lastError)
    lines.push(
      `  Last error:     ${s.lastError.at}: ${displayText(s.lastError.text)}`,
      `  Fix:            ${displayText(s.lastError.fix)}`,
    )
  if (s.failures.length > 0) lines.push('', 'Failed messages (kept in the spool, not retried):')
  for (const f of s.failures)
    lines.push(
      `  ${displayText(f.messageId)} from ${displayText(f.mailFrom)}, received ${f.receivedAt}`,
      `    ${displayText(f.gateTitle)}: ${displayText(f.meaning)}`,
      `    Fix: ${displayText(f.fix)}`,
    )
  return lines
}

async function readPassword(stderr: NodeJS.WritableStream): Promise<string> {
  return process.stdin.isTTY
    ? promptSecret('Device password: ', process.stdin, stderr)
    : readSecretLine(process.stdin)
}

function untilSignal(): Promise<string> {
  return new Promise<string>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolve(signal)
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

async function run(cfg: LoadedRelayConfig, file: string, deps: RelayCommandDeps): Promise<number> {
  const stderr = deps.stderr ?? process.stderr
  let relay: Relay | undefined
  let signIn: RelaySignInSource | null = null
  let tokenSource: RelayTokenSource
  try {
    if (deps.tokenSourceFor) tokenSource = await deps.tokenSourceFor(cfg)
    else {
      signIn = await relaySignInFor(cfg, file, () => relay?.signInChanged())
      tokenSource = signIn.source
    }
  } catch (e) {
    printLines(stderr, [`scanpath relay: ${message(e)}`])
    return 2
  }
  const log = (line: string): void => printLines(stderr, [`${new Date().toISOString()} ${line}`])
  try {
    relay = await startRelay({
      config: cfg,
      tokenSource,
      log,
      configFile: resolve(file),
      ...(signIn ? { signInStatus: signIn.status, knownSecrets: signIn.secrets ?? [] } : {}),
    })
  } catch (e) {
    printLines(stderr, [`scanpath relay: ${message(e)}`])
    return 1
  }
  // The delegated keep-alive: a refresh now, then daily, so the sign-in never lapses unused.
  signIn?.start()
  const signal = await (deps.untilStopped ?? untilSignal)()
  signIn?.stop()
  await relay.stop(typeof signal === 'string' ? `${signal} received` : 'asked to stop')
  return 0
}

export async function runRelayCommand(
  cmd: RelayCommand,
  deps: RelayCommandDeps = {},
): Promise<number> {
  const stdout = deps.stdout ?? process.stdout
  const stderr = deps.stderr ?? process.stderr
  switch (cmd.kind) {
    case 'help':
      stdout.write(`${RELAY_USAGE}\n`)
      return 0
    case 'usage-error':
      stderr.write(usageErrorText(cmd.message, 'relay'))
      return 2
    case 'hash-password': {
      let password: string
      try {
        password = await readPassword(stderr)
      } catch (e) {
        printLines(stderr, [`scanpath relay: ${e instanceof Error ? e.message : String(e)}`])
        return 2
      }
      if (password === '') {
        stderr.write(
          'scanpath relay: no password given (type it at the prompt, or pipe it on standard input)\n',
        )
        return 2
      }
      stdout.write(`${await hashPassword(password)}\n`)
      return 0
    }
    case 'status': {
      const cfg = await config(cmd.config, stderr)
      if (!cfg) return 2
      const status = await readRelayStatus(cfg.spoolDir)
      if (cmd.json) printJson(stdout, { tool: 'scanpath', schemaVersion: 1, relay: status }, 2)
      else printLines(stdout, formatRelayStatus(status, cfg.spoolDir))
      return 0
    }
    case 'run': {
      const cfg = await config(cmd.config, stderr)
      if (!cfg) return 2
      return run(cfg, cmd.config, deps)
    }
    case 'test': {
      const cfg = await config(cmd.config, stderr)
      if (!cfg) return 2
      return runRelayTest(cfg, { to: cmd.to, timeoutS: cmd.timeoutS, stdout, stderr })
    }
    case 'pair': {
      const cfg = await config(cmd.config, stderr)
      if (!cfg) return 2
      try {
        return await runRelayPair(cfg, cmd.config, { stdout, stderr })
      } catch (e) {
        printLines(stderr, [`scanpath relay: ${message(e)}`])
        return e instanceof RelaySetupError ? 2 : 1
      }
    }
    case 'sign-in':
    case 'set-secret': {
      const cfg = await config(cmd.config, stderr)
      if (!cfg) return 2
      const io = { stdout, stderr, stdin: process.stdin }
      try {
        return await (cmd.kind === 'sign-in' ? runRelaySignIn : runRelaySetSecret)(
          cfg,
          cmd.config,
          io,
        )
      } catch (e) {
        printLines(stderr, [`scanpath relay: ${message(e)}`])
        return e instanceof RelaySetupError ? 2 : 1
      }
    }
  }
}
