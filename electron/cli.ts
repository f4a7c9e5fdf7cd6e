/**
 * `scanpath`: the site checks under plain Node, no Electron. Same runner, same results as the
 * app's "Site checks" screen.
 */
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { parseCli, USAGE } from './cli/args'
import { AUTH_USAGE, type MxSendCommand, type SignInCommand } from './cli/auth-args'
import { CAPTURE_USAGE, parseCaptureCommand, runCaptureCommand } from './cli/capture-cmd'
import { DISCOVER_USAGE, parseDiscoverCommand, runDiscoverCommand } from './cli/discover-cmd'
import { IDENTIFY_USAGE, parseIdentifyCommand, runIdentifyCommand } from './cli/identify-cmd'
import { parseRelayCommand, RELAY_USAGE, runRelayCommand } from './cli/relay-cmd'
import { parseReportCommand, REPORT_USAGE, runReportCommand } from './cli/report-cmd'
import { formatReport, formatRow, formatTranscript, toJsonReport } from './cli/format'
import { colorFor, printJson, printLines } from './cli/output'
import { promptSecret, readSecretLine } from './cli/read-secret'
import { usageErrorText } from './cli/parse-flags'
import type { VerifyResult } from '../shared/probe-types'
import { checkAuth } from './mail/auth-check'
import { checkMxSend } from './mail/mx-send-check'
import { defaultProbeDeps } from './probes/probe-deps'
import { runDiagnose } from './probes/runner'

async function authTest(cmd: SignInCommand): Promise<number> {
  const what = cmd.oauth ? 'OAuth access token' : 'Password'
  let secret: string
  try {
    secret = process.stdin.isTTY
      ? await promptSecret(`${what} for ${cmd.user}: `, process.stdin, process.stderr)
      : await readSecretLine(process.stdin)
  } catch (e) {
    process.stderr.write(`scanpath: ${e instanceof Error ? e.message : String(e)}\n`)
    return 2
  }
  if (secret === '') {
    process.stderr.write(
      `scanpath: no ${what.toLowerCase()} given (type it at the prompt, or pipe it on standard input)\n`,
    )
    return 2
  }
  const now = new Date()
  const result = await checkAuth(
    {
      host: cmd.host,
      port: cmd.port,
      timeoutMs: cmd.timeoutMs,
      ehloName: 'scanpath.localdomain',
      credentials: {
        mechanism: cmd.mechanism,
        username: cmd.user,
        secret,
        kind: cmd.oauth ? 'token' : 'password',
      },
      ...(cmd.kind === 'send-test' && cmd.to
        ? {
            message: {
              from: cmd.from,
              to: cmd.to,
              subject: `ScanPath test message ${now.toISOString()}`,
              body: `This test message was sent by ScanPath from the site's network to check that ${cmd.user} can send through ${cmd.host}.`,
            },
          }
        : {}),
    },
    defaultProbeDeps,
  )
  return printCheck(result, cmd.json)
}

/** send-test --method direct-send|relay: to the tenant MX as the device will, without a sign-in. */
async function mxSend(cmd: MxSendCommand): Promise<number> {
  const result = await checkMxSend(
    {
      method: cmd.method,
      host: cmd.mxHost,
      port: cmd.mxPort,
      timeoutMs: cmd.timeoutMs,
      ehloName: 'scanpath.localdomain',
      from: cmd.from,
      to: cmd.to,
      jobLabel: '',
      connectorIp: cmd.connectorIp,
    },
    defaultProbeDeps,
  )
  return printCheck(result, cmd.json)
}

/** One check's result: its row and transcript, or JSON; exit 1 when it failed. */
function printCheck(result: VerifyResult, json: boolean): number {
  if (json) {
    const { id, status, skipReason, title, explanation, fix, durationMs, phases, data } = result
    const check = { id, status, ...(skipReason ? { skipReason } : {}), title, explanation, fix }
    printJson(
      process.stdout,
      {
        tool: 'scanpath',
        schemaVersion: 1,
        check: { ...check, durationMs, phases, data, transcript: result.transcript },
      },
      2,
    )
  } else {
    const width = Math.max(80, Math.min(process.stdout.columns ?? 110, 160))
    printLines(
      process.stdout,
      [...formatRow(result, { width }), ...formatTranscript(result.transcript)],
      colorFor(process.stdout),
    )
  }
  return result.status === 'fail' ? 1 : 0
}

/**
 * The version in package.json, which is what the app's About shows (Electron's app.getVersion()
 * reads the same field); out/main/cli.js sits two folders below it, in a checkout and in the app.
 */
async function version(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version?: unknown
  }
  return typeof pkg.version === 'string' ? pkg.version : 'unknown'
}

export async function main(argv: string[]): Promise<number> {
  const verb = argv.find((a) => !a.startsWith('-'))
  if (verb === 'report') return runReportCommand(parseReportCommand(argv))
  if (verb === 'capture') return runCaptureCommand(parseCaptureCommand(argv))
  if (verb === 'identify') return runIdentifyCommand(parseIdentifyCommand(argv))
  if (verb === 'discover') return runDiscoverCommand(parseDiscoverCommand(argv))
  if (verb === 'relay') return runRelayCommand(parseRelayCommand(argv))
  const cmd = parseCli(argv)
  switch (cmd.kind) {
    case 'version':
      process.stdout.write(`scanpath ${await version()}\n`)
      return 0
    case 'help':
      process.stdout.write(
        cmd.command === 'diagnose'
          ? `${USAGE}\n`
          : cmd.command
            ? `${AUTH_USAGE}\n`
            : `${USAGE}\n\n${AUTH_USAGE}\n\n${REPORT_USAGE}\n\n${CAPTURE_USAGE}\n\n${IDENTIFY_USAGE}\n\n${DISCOVER_USAGE}\n\n${RELAY_USAGE}\n`,
      )
      return 0
    case 'usage-error':
      // The message and where to read more: the usage texts would bury the one line that matters.
      process.stderr.write(usageErrorText(cmd.message, cmd.command ?? null))
      return 2
    case 'auth-test':
    case 'send-test':
      return authTest(cmd)
    case 'mx-send':
      return mxSend(cmd)
    case 'diagnose': {
      const controller = new AbortController()
      const onSigint = () => controller.abort()
      process.once('SIGINT', onSigint)
      const interactive = !cmd.json && process.stderr.isTTY
      try {
        const report = await runDiagnose(cmd.options, {
          runId: randomUUID(),
          signal: controller.signal,
          onProgress: (p) => {
            if (interactive && p.kind === 'started') {
              process.stderr.write(`Running ${p.checks.length} checks from this network…\n`)
            }
          },
        })
        if (cmd.json) {
          printJson(process.stdout, toJsonReport(report), 2)
        } else {
          const width = Math.max(80, Math.min(process.stdout.columns ?? 110, 160))
          printLines(process.stdout, formatReport(report, { width }), colorFor(process.stdout))
        }
        if (report.cancelled) return 130
        return report.summary.fail > 0 ? 1 : 0
      } finally {
        process.off('SIGINT', onSigint)
      }
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    // An error's message may quote what a server sent.
    printLines(process.stderr, [
      `scanpath: internal error: ${e instanceof Error ? e.message : String(e)}`,
    ])
    process.exitCode = 1
  },
)
