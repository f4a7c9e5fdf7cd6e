/**
 * `scanpath capture`: listens for a device on the laptop's address on the device's network, and
 * prints what each session did and the verdict for each Microsoft 365 method, as they come.
 */
import { networkInterfaces } from 'node:os'
import { isIPv4 } from 'node:net'

import type { CaptureSession } from '../../shared/capture-types'
import { startCapture } from '../capture/capture-listener'
import { captureVerdict, switchBackBanner } from '../capture/capture-verdict'
import { numberFlag, parseFlags, portFlag, usageErrorText } from './parse-flags'
import { printJson, printLines } from './output'

export const CAPTURE_USAGE = `Usage: scanpath capture --port N (--listen ADDR | --device IP) [--tls-port N] [--timeout-s S] [--json]

Captures what a device really does: point its SMTP server at this laptop and send a test scan.
Records the device's name and address, STARTTLS or not, TLS version and cipher, the sign-in
method and username (never the password: only its length), sender, recipients and attachments.
The message itself is discarded.

Options:
  --port N        port to listen on (587/25 need administrator rights on some systems: use 2525)
  --listen ADDR   this laptop's address on the device's network
  --device IP     the device's address: the laptop address on the same subnet is used
  --tls-port N    also listen with implicit TLS, for devices that only do "SSL" (465)
  --timeout-s S   stop after S seconds (default 600)
  --json          print each finished session as JSON
  -h, --help      show this help

Never listens on all interfaces: the capture accepts any password.`

export type CaptureCommand =
  | {
      kind: 'capture'
      host: string
      port: number
      implicitTlsPort: number | null
      timeoutS: number
      json: boolean
    }
  | { kind: 'capture-help' }
  | { kind: 'usage-error'; message: string }

type Interfaces = ReturnType<typeof networkInterfaces>

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0)
}

/** The laptop's IPv4 address on the same subnet as the device, or null. */
export function pickListenAddress(deviceIp: string, ifaces: Interfaces): string | null {
  if (!isIPv4(deviceIp)) return null
  const device = ipv4ToInt(deviceIp)
  for (const list of Object.values(ifaces)) {
    for (const a of list ?? []) {
      if (a.family !== 'IPv4' || a.internal !== (deviceIp.startsWith('127.') ? true : false))
        continue
      const mask = ipv4ToInt(a.netmask)
      if (((ipv4ToInt(a.address) ^ device) & mask) >>> 0 === 0) return a.address
    }
  }
  return null
}

export function parseCaptureCommand(
  argv: readonly string[],
  ifaces: Interfaces = networkInterfaces(),
): CaptureCommand {
  const args = argv[0] === 'capture' ? argv.slice(1) : [...argv]
  const parsed = parseFlags(args, {
    port: { type: 'string' },
    listen: { type: 'string' },
    device: { type: 'string' },
    'tls-port': { type: 'string' },
    'timeout-s': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (!parsed.ok) return { kind: 'usage-error', message: parsed.message }
  const { values } = parsed
  if (values.help) return { kind: 'capture-help' }
  if (parsed.positionals.length > 0)
    return { kind: 'usage-error', message: `unexpected argument "${parsed.positionals[0]}"` }
  if (values.port === undefined) return { kind: 'usage-error', message: 'missing --port' }
  const port = portFlag('--port', values.port)
  if (typeof port !== 'number') return { kind: 'usage-error', message: port.error }
  let implicitTlsPort: number | null = null
  if (values['tls-port'] !== undefined) {
    const p = portFlag('--tls-port', values['tls-port'])
    if (typeof p !== 'number') return { kind: 'usage-error', message: p.error }
    implicitTlsPort = p
  }
  let timeoutS = 600
  if (values['timeout-s'] !== undefined) {
    const t = numberFlag('--timeout-s', values['timeout-s'], 'seconds', 1, 24 * 3600)
    if (typeof t !== 'number') return { kind: 'usage-error', message: t.error }
    timeoutS = t
  }
  let host = values.listen
  if (host === undefined && values.device !== undefined) {
    host = pickListenAddress(values.device, ifaces) ?? undefined
    if (host === undefined)
      return {
        kind: 'usage-error',
        message: `no address of this laptop is on the same subnet as ${values.device}: connect to the device's network, or give --listen ADDR`,
      }
  }
  if (host === undefined)
    return {
      kind: 'usage-error',
      message: "give --listen ADDR (this laptop's address on the device's network) or --device IP",
    }
  return { kind: 'capture', host, port, implicitTlsPort, timeoutS, json: values.json ?? false }
}

/**
 * The lines printed for one finished session (made safe by printLines: the EHLO name, addresses
 * and file names are what the device sent).
 */
export function formatSession(
  s: CaptureSession,
  capture: { host: string; port: number },
): string[] {
  const v = captureVerdict(s, capture)
  const lines = [`Session ${s.id}: ${v.summary}`]
  for (const m of s.messages) {
    lines.push(
      `  MAIL FROM <${m.mailFrom ?? ''}> RCPT TO ${m.rcptTo.map((r) => `<${r}>`).join(', ') || '(none)'}: ${m.size} bytes${m.complete ? '' : ' (unfinished)'}`,
    )
    for (const a of m.attachments)
      lines.push(`    attachment ${a.filename ?? '(no name)'} ${a.contentType} ${a.size} bytes`)
  }
  for (const mv of v.methods) {
    lines.push(`  [${mv.status.toUpperCase()}] ${mv.title}`)
    for (const f of mv.findings) lines.push(`    ${f}`)
  }
  return lines
}

export async function runCaptureCommand(
  cmd: CaptureCommand,
  io: { out: NodeJS.WritableStream; err: NodeJS.WritableStream } = {
    out: process.stdout,
    err: process.stderr,
  },
): Promise<number> {
  if (cmd.kind === 'capture-help') {
    io.out.write(`${CAPTURE_USAGE}\n`)
    return 0
  }
  if (cmd.kind === 'usage-error') {
    io.err.write(usageErrorText(cmd.message, 'capture'))
    return 2
  }
  const capture = { host: cmd.host, port: cmd.port }
  let handle
  try {
    handle = await startCapture({
      host: cmd.host,
      port: cmd.port,
      ...(cmd.implicitTlsPort !== null ? { implicitTlsPort: cmd.implicitTlsPort } : {}),
      timeoutMs: cmd.timeoutS * 1000,
      onEvent: (e) => {
        if (e.kind === 'session-started')
          printLines(io.err, [
            `Connection from ${e.session.remoteAddress} (session ${e.session.id})`,
          ])
        if (e.kind !== 'session-ended') return
        // One JSON object per line, as each session ends.
        if (cmd.json)
          printJson(io.out, { session: e.session, verdict: captureVerdict(e.session, capture) })
        else printLines(io.out, [...formatSession(e.session, capture), ''])
      },
    })
  } catch (e) {
    printLines(io.err, [`scanpath: ${e instanceof Error ? e.message : String(e)}`])
    return 1
  }
  const { addresses } = handle
  io.err.write(
    `Listening on ${addresses.host}:${addresses.port}${addresses.implicitTlsPort !== null ? ` and ${addresses.host}:${addresses.implicitTlsPort} (implicit TLS)` : ''} for ${cmd.timeoutS} s. Press Ctrl-C to stop.\n` +
      `Set the device's SMTP server to ${addresses.host} and port to ${addresses.port}, then send a test scan.\n`,
  )
  const onSigint = (): void => void handle.stop()
  process.once('SIGINT', onSigint)
  try {
    const reason = await handle.stopped
    io.err.write(
      `Capture ${reason === 'timeout' ? 'timed out' : 'stopped'}: ${handle.sessions().length} session(s).\n`,
    )
    io.err.write(`${switchBackBanner(capture).text}\n`)
    return 0
  } finally {
    process.off('SIGINT', onSigint)
  }
}
