/**
 * The app's side of a relay's status link: connects over TLS, checks the relay's proof of the
 * pairing code (bound to this TLS session, so a man in the middle fails it and is told nothing),
 * sends its own, then reports each status line. No Electron here: the main process imports it.
 */
import { StringDecoder } from 'node:string_decoder'
import { connect, type TLSSocket } from 'node:tls'

import {
  normalizeRelayCode,
  RELAY_STATUS_PORT,
  type RelayLinkProblem,
  type RelayLinkStatus,
} from '../../../shared/relay-link'
import { statusLineSchema } from './link-status'
import {
  ERR_WRONG_CODE,
  GREETING_WORD,
  linkKey,
  NOT_PAIRED,
  proof,
  proofMatches,
  PROTOCOL_VERSION,
  sessionBinding,
  WATCH,
} from './proof'

export interface RelayLinkTarget {
  host: string
  port: number
  /** As the technician typed it (any case, dashes or spaces). */
  code: string
}

export interface RelayLinkHandlers {
  onStatus(status: RelayLinkStatus): void
  /** Called once at most; the link is closed by then. `message` says what to do. */
  onProblem(problem: RelayLinkProblem, message: string): void
}

export interface WatchRelayOptions {
  /** From connecting to the first status (default 10 s). */
  timeoutMs?: number
  /** Silence after which a watched relay counts as gone (default 45 s: three missed updates). */
  idleMs?: number
}

export interface RelayWatch {
  close(): void
}

const BAD_TARGET = 'bad target'
const MAX_GREETING = 200
const MAX_LINE = 512 * 1024
const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
])

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}

/** The sentence for each problem, naming the address and what to do. */
function explain(problem: RelayLinkProblem, t: RelayLinkTarget, detail: string): string {
  const at = hostPort(t.host, t.port)
  const portHint =
    t.port === RELAY_STATUS_PORT
      ? ''
      : ` (the status link is on port ${RELAY_STATUS_PORT} unless the relay's "status.port" says otherwise)`
  switch (problem) {
    case 'unreachable':
      if (detail === BAD_TARGET)
        return `${at} is not an address to connect to: give the relay machine's IP address and its status link's port (${RELAY_STATUS_PORT} unless the relay's "status.port" says otherwise).`
      return `Nothing answered on ${at}${detail ? ` (${detail})` : ''}. Check the relay is running there (\`scanpath relay status\` on that machine) and that its firewall lets this computer reach port ${t.port}.`
    case 'not-a-relay':
      return `Something answered on ${at}, but it is not a ScanPath Relay status link (${detail}). Check the address is the relay machine's and the port is its status link's${portHint}.`
    case 'wrong-code':
      return detail === NOT_PAIRED
        ? `The relay at ${at} has no pairing code yet. On the relay machine run \`scanpath relay pair --config FILE\` and type the code it prints.`
        : `The relay at ${at} did not accept this code${detail ? ` (${detail})` : ''}. Type the code \`scanpath relay pair\` printed on the relay machine (run it again for a new one).`
    case 'timeout':
      return `${at} ${detail}. Check the relay is running (\`scanpath relay status\` on that machine) and that nothing between here and there holds the connection.`
    case 'closed':
      return detail
        ? `The relay at ${at} ${detail}`
        : `The connection to the relay at ${at} was lost: the relay stopped or the network dropped. Check \`scanpath relay status\` on that machine, then watch again.`
  }
}

export function watchRelay(
  target: RelayLinkTarget,
  handlers: RelayLinkHandlers,
  opts: WatchRelayOptions = {},
): RelayWatch {
  const timeoutMs = opts.timeoutMs ?? 10_000
  const idleMs = opts.idleMs ?? 45_000
  let done = false
  let socket: TLSSocket | null = null
  let timer: NodeJS.Timeout | null = null
  const stop = (): void => {
    done = true
    if (timer) clearTimeout(timer)
    socket?.destroy()
  }
  const fail = (problem: RelayLinkProblem, detail: string): void => {
    if (done) return
    stop()
    handlers.onProblem(problem, explain(problem, target, detail))
  }
  const arm = (ms: number, problem: RelayLinkProblem, detail: string): void => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => fail(problem, detail), ms)
  }

  const typed = normalizeRelayCode(target.code)
  if ('problem' in typed) {
    setImmediate(() => fail('wrong-code', `that is not a relay code: ${typed.problem}`))
    return { close: stop }
  }
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535 || !target.host) {
    setImmediate(() => fail('unreachable', BAD_TARGET))
    return { close: stop }
  }
  const key = linkKey(typed.code)

  let tcpConnected = false
  let secure = false
  let stage: 'greeting' | 'proved' | 'watching' = 'greeting'
  let buffer = ''
  const decoder = new StringDecoder('utf8')
  // The relay's certificate is its own (self-signed): the channel is authenticated by the code,
  // through the proofs bound to this session below, never by the certificate.
  const s = connect({
    host: target.host,
    port: target.port,
    rejectUnauthorized: false,
    minVersion: 'TLSv1.2',
  })
  socket = s
  arm(
    timeoutMs,
    'unreachable',
    `no connection within ${seconds(timeoutMs)}; a firewall may be dropping it`,
  )
  s.once('connect', () => {
    tcpConnected = true
    arm(
      timeoutMs,
      'timeout',
      `accepted the connection but sent no status within ${seconds(timeoutMs)}`,
    )
  })
  s.once('secureConnect', () => {
    secure = true
  })
  s.on('error', (e: NodeJS.ErrnoException) => {
    if (!tcpConnected && e.code && CONNECT_ERRORS.has(e.code)) fail('unreachable', e.code)
    else if (
      !secure &&
      (e.code === 'ECONNRESET' || e.code === 'EPIPE' || /socket disconnected/i.test(e.message))
    )
      onClose()
    else if (!secure) fail('not-a-relay', `TLS failed: ${e.code ?? e.message}`)
    else fail('closed', '')
  })
  const onClose = (): void => {
    if (!secure)
      fail(
        'closed',
        'closed the connection at once. This computer’s address may not be allowed: add it to "status.allow" in the relay’s config (or wait a minute if a wrong code was tried several times).',
      )
    else if (stage === 'greeting') fail('not-a-relay', 'it closed without a greeting')
    else if (stage === 'proved')
      fail('closed', 'closed the connection after the code was sent; check the relay’s log.')
    else fail('closed', '')
  }
  s.on('close', onClose)

  const onLine = (line: string): void => {
    if (stage === 'greeting') {
      const [word, version, given = ''] = line.split(' ')
      if (word !== GREETING_WORD) return fail('not-a-relay', 'its greeting is not a relay’s')
      if (version !== String(PROTOCOL_VERSION))
        return fail(
          'not-a-relay',
          `it speaks status link version ${version ?? '?'}; update ScanPath on both machines`,
        )
      if (given === NOT_PAIRED) return fail('wrong-code', NOT_PAIRED)
      const ekm = sessionBinding(s)
      // A wrong proof is a wrong code or a man in the middle: send nothing more.
      if (!proofMatches(key, 'server', ekm, given)) return fail('wrong-code', '')
      stage = 'proved'
      s.write(`${proof(key, 'client', ekm)} ${WATCH}\n`)
      return
    }
    if (line === ERR_WRONG_CODE) return fail('wrong-code', '')
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch {
      return fail('not-a-relay', 'it sent a line that is not JSON')
    }
    const checked = statusLineSchema.safeParse(parsed)
    if (!checked.success)
      return fail('not-a-relay', 'it sent a status this version of ScanPath cannot read')
    stage = 'watching'
    arm(idleMs, 'timeout', `sent no status for ${seconds(idleMs)}`)
    handlers.onStatus(checked.data.status)
  }

  s.on('data', (d: Buffer) => {
    if (done) return
    buffer += decoder.write(d)
    let nl: number
    while (!done && (nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      onLine(line)
    }
    const limit = stage === 'greeting' ? MAX_GREETING : MAX_LINE
    if (!done && buffer.length > limit) fail('not-a-relay', 'it sent a line far too long')
  })
  return { close: stop }
}
