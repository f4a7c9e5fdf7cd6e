import { createServer, type Server, type Socket } from 'node:net'
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls'
import type { KeyPair, TestPki } from './test-pki'

/**
 * A scripted SMTP submission peer that talks like Exchange Online (smtp.office365.com:587),
 * with named hostile variants for the probe's failure paths. Raw node:net plus an in-place
 * tls.TLSSocket upgrade, so every byte on the wire is under the test's control.
 */

export type ScenarioName =
  | 'exchange'
  | 'greeting-never'
  | 'banner-554'
  | 'no-starttls'
  | 'starttls-454'
  | 'tls-handshake-fails'
  | 'expired-cert'
  | 'wrong-host-cert'
  | 'self-signed-cert'
  | 'byte-by-byte'
  | 'endless-line'
  | 'mid-session-421'
  | 'never-closes'
  | 'plaintext-injection'
  | 'auth-before-tls'
  | 'legacy-tls-421'
  | 'legacy-tls-accepted'

export interface ScenarioServerOptions {
  scenario: ScenarioName
  pki: TestPki
  /** IP echoed in `Hello [ip]`; default: the real remote address of the socket (as Exchange does). */
  echoIp?: string
  /** Server host name in banner/EHLO; default 'AM0PR01CA0123.outlook.office365.com' (Exchange-like). */
  serverName?: string
  /** For port-25 MX-like behaviour: when true, no AUTH after TLS (direct send endpoint). default false */
  mxMode?: boolean
  /**
   * Accepted credentials: user -> password for AUTH LOGIN/PLAIN, user -> bearer token for
   * AUTH XOAUTH2. Default: none, so every AUTH ends in `535 5.7.3 Authentication unsuccessful`.
   */
  users?: Record<string, string>
  /**
   * The reply to every completed AUTH exchange, whatever the credentials: for Exchange Online's
   * refusals (`535 5.7.139 …`, `550 5.7.30 …`, `421 4.7.66 …`). A 421 also closes the session.
   */
  authReply?: string
  /** The reply to MAIL FROM instead of `250 2.1.0 Sender OK` (e.g. `550 5.7.60 …`). */
  mailFromReply?: string
  /**
   * The reply to RCPT TO instead of `250 2.1.5 Recipient OK` (e.g. `550 5.7.133 …`); a function
   * answers per address (undefined: the usual 250).
   */
  rcptReply?: string | ((address: string) => string | undefined)
  /**
   * The reply to the end of DATA, asked per message (so a test can change it between
   * messages): a reply line, or null to never answer (a crash or cut wire mid-send).
   * Default: `250 2.6.0 Queued mail for delivery`.
   */
  dataEndReply?: (message: ScenarioMessage) => string | null
  /** Listen on this port instead of one of the system's choosing (a server that "comes up"). */
  port?: number
  /**
   * Plaintext written in the same segment as the `220` to STARTTLS, before the TLS upgrade (a
   * middlebox's garbage, RFC 3207 §6). Default: nothing, or the injected 250 lines of the
   * 'plaintext-injection' scenario.
   */
  afterStarttlsReply?: string
  /** Wait this long before every reply: a slow-but-alive server (each step within its limit). */
  replyDelayMs?: number
  /**
   * How replies become bytes. 'latin1' sends each character as the one byte of its code, so a
   * string option (serverName, authReply, echoIp…) can carry any bytes: invalid UTF-8, a raw
   * 0x9B. Default 'utf8'.
   */
  wireEncoding?: 'utf8' | 'latin1'
}

/** A message the server received (after DATA), whatever it answered to it. */
export interface ScenarioMessage {
  /** The message as sent, CRLF line ends, dot-stuffing removed (RFC 5321 §4.5.2). */
  data: string
  /** The Message-ID header's value, or null when there is none. */
  messageId: string | null
}

export interface ScenarioSession {
  remoteAddress: string
  /** Every line the client sent outside DATA, including SASL continuation lines. */
  commands: Array<{ line: string; tls: boolean }>
  /** `getProtocol()` of the TLS session once the handshake finished, e.g. 'TLSv1.3'. */
  tlsProtocol: string | null
  /** True when the client closed (FIN or reset) before the server started closing. */
  closedByClient: boolean
}

export interface ScenarioServer {
  host: '127.0.0.1'
  port: number
  sessions: ScenarioSession[]
  /** Every message received, in order. */
  messages: ScenarioMessage[]
  close(): Promise<void>
}

const DEFAULT_SERVER_NAME = 'AM0PR01CA0123.outlook.office365.com'

// RFC 5321 §4.5.3.1.4 allows 512 octets per command, but RFC 4954 §4 raises that to 12288
// for AUTH, whose XOAUTH2 bearer tokens are routinely several KiB.
const MAX_LINE = 12_288

const ENDLESS_CHUNK = 16 * 1024
const ENDLESS_LIMIT = 50 * 1024 * 1024

// Non-TLS bytes answered to the ClientHello: 'T' (0x54) is no TLS record content type
// (RFC 8446 §5.1), so any TLS client rejects it at the first record header.
const NOT_TLS = 'This is not TLS. Plaintext garbage where a ServerHello belongs.\r\n'

const LEGACY_TLS_REPLY =
  '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls'

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** RFC 2822 §3.3 date-time in UTC, the format Exchange puts in its banner. */
function rfc2822Date(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0')
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`
  return `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${time} +0000`
}

function tlsPair(scenario: ScenarioName, pki: TestPki): KeyPair {
  switch (scenario) {
    case 'expired-cert':
      return pki.expired
    case 'wrong-host-cert':
      return pki.wrongHost
    case 'self-signed-cert':
      return pki.selfSigned
    default:
      return pki.leaf
  }
}

function isLegacyScenario(scenario: ScenarioName): boolean {
  return scenario === 'legacy-tls-421' || scenario === 'legacy-tls-accepted'
}

function decodeBase64(text: string): string | null {
  // RFC 4648 §4 alphabet only; Buffer.from would silently skip junk characters.
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null
  return Buffer.from(text, 'base64').toString('utf8')
}

type PeerSocket = Socket | TLSSocket

function scenarioMessage(lines: string[]): ScenarioMessage {
  const data = lines.map((l) => `${l}\r\n`).join('')
  // Headers end at the first empty line; a folded header continues on lines starting with
  // white space (RFC 5322 §2.2.3).
  const end = lines.indexOf('')
  const header = (end === -1 ? lines : lines.slice(0, end)).join('\r\n').replace(/\r\n[ \t]+/g, ' ')
  const id = /^message-id:\s*(.*)$/im.exec(header)?.[1]?.trim() ?? null
  return { data, messageId: id }
}

/** One queued step of the output: bytes to write, or an action that runs after them. */
type OutputOp = { kind: 'write'; data: string } | { kind: 'action'; run: () => void }

type AuthStep =
  | { mech: 'LOGIN'; stage: 'user' }
  | { mech: 'LOGIN'; stage: 'pass'; user: string }
  | { mech: 'PLAIN' }
  | { mech: 'XOAUTH2' }

interface ServerContext {
  opts: ScenarioServerOptions
  serverName: string
  secureContext: SecureContext
  sockets: Set<PeerSocket>
  messages: ScenarioMessage[]
  closing: () => boolean
}

class ScenarioConnection {
  private socket: PeerSocket
  private readonly raw: Socket
  private readonly scenario: ScenarioName
  private readonly ip: string
  private inBuf: Buffer = Buffer.alloc(0)
  private readonly output: OutputOp[] = []
  private pumping = false
  private tls = false
  private legacyTls = false
  // Only 'commands' and 'data' parse input: while 'upgrading' the bytes belong to TLS, and
  // once 'closing' or 'ignoring' nobody answers them any more.
  private phase: 'commands' | 'data' | 'upgrading' | 'closing' | 'ignoring' = 'commands'
  private greeted = false
  private authenticated = false
  private mailFrom = false
  private rcptCount = 0
  private dataLines: string[] = []
  private auth: AuthStep | null = null
  private serverClosing = false
  private readonly onData = (chunk: Buffer): void => this.receive(chunk)

  constructor(
    raw: Socket,
    private readonly ctx: ServerContext,
    private readonly session: ScenarioSession,
  ) {
    this.raw = raw
    this.socket = raw
    this.scenario = ctx.opts.scenario
    this.ip = ctx.opts.echoIp ?? session.remoteAddress
    this.track(raw)
  }

  start(): void {
    const { serverName } = this.ctx
    switch (this.scenario) {
      case 'greeting-never':
        // Read and drop whatever arrives so the client's writes never block, but say nothing.
        this.phase = 'ignoring'
        this.raw.on('data', this.onData)
        return
      case 'banner-554':
        this.send(`554 5.7.1 Service unavailable; Client host [${this.ip}] blocked using Spamhaus`)
        this.closeAfterOutput()
        return
      case 'endless-line':
        this.phase = 'ignoring'
        this.raw.on('data', this.onData)
        this.endlessLine()
        return
      default:
        break
    }
    this.raw.on('data', this.onData)
    this.send(`220 ${serverName} Microsoft ESMTP MAIL Service ready at ${rfc2822Date(new Date())}`)
  }

  destroy(): void {
    this.serverClosing = true
    this.output.length = 0
    this.socket.destroy()
    this.raw.destroy()
  }

  private track(socket: PeerSocket): void {
    this.ctx.sockets.add(socket)
    // Errors (resets, TLS alerts from a client that rejected our certificate) end the
    // session; they are the point of several scenarios, not a test failure.
    socket.on('error', () => {})
    socket.on('end', () => this.onPeerEnd())
    socket.on('close', () => {
      this.ctx.sockets.delete(socket)
      if (!this.serverClosing) this.session.closedByClient = true
    })
  }

  private onPeerEnd(): void {
    if (!this.serverClosing) this.session.closedByClient = true
    // The server is created with allowHalfOpen so that these two (never-closes only once it
    // has answered QUIT) can leave the client's FIN unanswered; the rest close like an MTA.
    if (this.scenario === 'greeting-never') return
    if (this.scenario === 'never-closes' && this.phase === 'ignoring') return
    if (this.scenario === 'endless-line') {
      this.serverClosing = true
      this.raw.destroy()
      return
    }
    // Queued, so replies already owed (a 221 answering a QUIT sent with the FIN) go out first.
    if (this.phase !== 'closing') this.closeAfterOutput()
  }

  // ---- input -------------------------------------------------------------------------

  private receive(chunk: Buffer): void {
    if (!this.parsing()) return
    this.inBuf = this.inBuf.length === 0 ? chunk : Buffer.concat([this.inBuf, chunk])
    for (;;) {
      const lf = this.inBuf.indexOf(0x0a)
      if (lf === -1) break
      // Lines end in CRLF (RFC 5321 §2.3.8); a bare LF is tolerated, the CR is dropped.
      const end = lf > 0 && this.inBuf[lf - 1] === 0x0d ? lf - 1 : lf
      if (end > MAX_LINE) return this.lineTooLong()
      const line = this.inBuf.subarray(0, end).toString('utf8')
      this.inBuf = this.inBuf.subarray(lf + 1)
      this.handleLine(line)
      if (!this.parsing()) {
        // After STARTTLS, RFC 3207 §6: whatever the client pipelined behind it precedes the
        // TLS handshake and is thrown away, never treated as protected input. After a
        // closing reply nobody is listening.
        this.inBuf = Buffer.alloc(0)
        return
      }
    }
    if (this.inBuf.length > MAX_LINE) this.lineTooLong()
  }

  // A method rather than an inline test, so TypeScript does not narrow `phase` across
  // handleLine(), which changes it.
  private parsing(): boolean {
    return this.phase === 'commands' || this.phase === 'data'
  }

  private lineTooLong(): void {
    this.inBuf = Buffer.alloc(0)
    this.send('500 5.5.2 Line too long')
    this.closeAfterOutput()
  }

  private record(line: string): void {
    this.session.commands.push({ line, tls: this.tls })
  }

  private handleLine(line: string): void {
    if (this.phase === 'data') return this.dataLine(line)
    this.record(line)
    if (this.auth) return this.authContinue(line)

    if (this.tls && this.legacyTls && this.scenario === 'legacy-tls-421') {
      this.send(LEGACY_TLS_REPLY)
      return this.closeAfterOutput()
    }

    const space = line.indexOf(' ')
    const verb = (space === -1 ? line : line.slice(0, space)).toUpperCase()
    const arg = space === -1 ? '' : line.slice(space + 1).trim()
    const { serverName, opts } = this.ctx
    const authOffered = this.tls ? !opts.mxMode : this.scenario === 'auth-before-tls'

    switch (verb) {
      case 'EHLO':
        if (!arg) return this.send('501 5.5.4 Invalid domain name')
        this.resetTransaction()
        this.greeted = true
        return this.sendLines(this.ehloLines())
      case 'HELO':
        if (!arg) return this.send('501 5.5.4 Invalid domain name')
        this.resetTransaction()
        this.greeted = true
        return this.send(`250 ${serverName} Hello [${this.ip}]`)
      case 'STARTTLS':
        return this.starttls(arg)
      case 'AUTH':
        if (!this.tls && !authOffered)
          return this.send('530 5.7.57 Client not authenticated to send mail')
        if (!authOffered) return this.send('504 5.7.4 Unrecognized authentication type')
        return this.authStart(arg)
      case 'MAIL':
        if (!this.greeted) return this.send('503 5.5.2 Send hello first')
        if (!opts.mxMode && !this.authenticated) {
          return this.send('530 5.7.57 Client not authenticated to send mail')
        }
        if (this.mailFrom) return this.send('503 5.5.2 Sender already specified')
        if (!/^FROM:/i.test(arg)) return this.send('501 5.5.4 Invalid arguments')
        if (opts.mailFromReply !== undefined) return this.send(opts.mailFromReply)
        this.mailFrom = true
        return this.send('250 2.1.0 Sender OK')
      case 'RCPT':
        if (!this.mailFrom) return this.send('503 5.5.2 Need mail command')
        if (!/^TO:/i.test(arg)) return this.send('501 5.5.4 Invalid arguments')
        {
          const address = /<([^>]*)>/.exec(arg)?.[1] ?? ''
          const refusal =
            typeof opts.rcptReply === 'function' ? opts.rcptReply(address) : opts.rcptReply
          if (refusal !== undefined) return this.send(refusal)
        }
        this.rcptCount += 1
        return this.send('250 2.1.5 Recipient OK')
      case 'DATA':
        if (!this.mailFrom) return this.send('503 5.5.2 Need mail command')
        if (this.rcptCount === 0) return this.send('503 5.5.2 Need rcpt command')
        this.phase = 'data'
        return this.send('354 Start mail input; end with <CRLF>.<CRLF>')
      case 'NOOP':
        return this.send('250 2.0.0 OK')
      case 'RSET':
        this.resetTransaction()
        return this.send('250 2.0.0 Resetting')
      case 'QUIT':
        this.send('221 2.0.0 Service closing transmission channel')
        if (this.scenario === 'never-closes') {
          this.phase = 'ignoring'
          return
        }
        return this.closeAfterOutput()
      default:
        return this.send(`500 5.3.3 Unrecognized command '${verb.slice(0, 32)}'`)
    }
  }

  private ehloLines(): string[] {
    const { serverName, opts } = this.ctx
    const lines = [
      `${serverName} Hello [${this.ip}]`,
      'SIZE 157286400',
      'PIPELINING',
      'DSN',
      'ENHANCEDSTATUSCODES',
    ]
    // RFC 3207 §4.2: STARTTLS is not offered again once TLS is active.
    if (!this.tls && this.scenario !== 'no-starttls') lines.push('STARTTLS')
    if (this.tls && !opts.mxMode) lines.push('AUTH LOGIN XOAUTH2')
    if (!this.tls && this.scenario === 'auth-before-tls') lines.push('AUTH LOGIN PLAIN')
    lines.push('8BITMIME', 'BINARYMIME', 'CHUNKING', 'SMTPUTF8')
    return lines
  }

  private resetTransaction(): void {
    this.mailFrom = false
    this.rcptCount = 0
  }

  private dataLine(line: string): void {
    // RFC 5321 §4.1.1.4: a line holding a single dot ends the message.
    if (line !== '.') {
      // RFC 5321 §4.5.2: the client doubled a leading dot; undo it.
      this.dataLines.push(line.startsWith('.') ? line.slice(1) : line)
      return
    }
    const message = scenarioMessage(this.dataLines)
    this.dataLines = []
    this.ctx.messages.push(message)
    this.phase = 'commands'
    this.resetTransaction()
    const reply = this.ctx.opts.dataEndReply
      ? this.ctx.opts.dataEndReply(message)
      : '250 2.6.0 Queued mail for delivery'
    if (reply === null) {
      // Accepted on the wire but never answered: the client cannot know whether it went.
      this.phase = 'ignoring'
      return
    }
    this.send(reply)
  }

  // ---- STARTTLS (RFC 3207) -------------------------------------------------------------

  private starttls(arg: string): void {
    if (this.tls) return this.send('503 5.5.1 TLS already active')
    switch (this.scenario) {
      case 'no-starttls':
        return this.send(`500 5.3.3 Unrecognized command 'STARTTLS'`)
      case 'starttls-454':
        return this.send('454 4.7.0 TLS not available due to temporary reason')
      case 'mid-session-421':
        this.send('421 4.3.2 Service not available, closing transmission channel')
        return this.closeAfterOutput()
      default:
        break
    }
    // RFC 3207 §4: STARTTLS takes no parameters.
    if (arg) return this.send('501 5.5.4 Syntax error')

    // Stop reading plaintext right now: after our 220 the next bytes are the ClientHello,
    // which must reach the TLS layer and not this line parser.
    this.phase = 'upgrading'
    this.raw.removeListener('data', this.onData)
    this.raw.pause()
    this.enqueue({
      kind: 'action',
      run: () => {
        // Whatever arrived before the 220 went out was sent before the client could know
        // TLS was accepted: plaintext, discarded (RFC 3207 §6).
        while (this.raw.read() !== null) {
          // discard
        }
      },
    })
    const injected =
      this.ctx.opts.afterStarttlsReply ??
      (this.scenario === 'plaintext-injection' ? '250-injected\r\n250 injected\r\n' : null)
    if (injected !== null) {
      // One write, so the injected bytes share a segment with the 220 and a client that
      // keeps its read buffer across the upgrade would treat them as replies.
      this.enqueue({ kind: 'write', data: `220 2.0.0 SMTP server ready\r\n${injected}` })
    } else {
      this.send('220 2.0.0 SMTP server ready')
    }
    this.enqueue({
      kind: 'action',
      run: () =>
        this.scenario === 'tls-handshake-fails' ? this.answerWithGarbage() : this.upgrade(),
    })
  }

  private answerWithGarbage(): void {
    // Wait for the ClientHello so the client fails inside its handshake, not before it.
    this.raw.once('data', () => {
      this.serverClosing = true
      this.raw.end(NOT_TLS)
    })
    this.raw.resume()
  }

  private upgrade(): void {
    if (this.raw.destroyed) return
    const tlsSocket = new TLSSocket(this.raw, {
      isServer: true,
      secureContext: this.ctx.secureContext,
      requestCert: false,
    })
    this.track(tlsSocket)
    this.socket = tlsSocket
    tlsSocket.once('secure', () => {
      const protocol = tlsSocket.getProtocol()
      this.session.tlsProtocol = protocol
      this.legacyTls = protocol === 'TLSv1' || protocol === 'TLSv1.1'
      // RFC 3207 §4.2: the server forgets everything learnt before TLS, the EHLO included.
      this.tls = true
      this.greeted = false
      this.authenticated = false
      this.resetTransaction()
      this.phase = 'commands'
      tlsSocket.on('data', this.onData)
    })
  }

  // ---- AUTH (RFC 4954) -----------------------------------------------------------------

  private authStart(arg: string): void {
    if (this.authenticated) return this.send('503 5.5.2 Already authenticated')
    if (this.mailFrom) return this.send('503 5.5.2 Bad sequence of commands')
    const space = arg.indexOf(' ')
    const mech = (space === -1 ? arg : arg.slice(0, space)).toUpperCase()
    const initial = space === -1 ? null : arg.slice(space + 1).trim()
    switch (mech) {
      case 'LOGIN':
        if (initial === null) {
          this.auth = { mech: 'LOGIN', stage: 'user' }
          return this.send('334 VXNlcm5hbWU6') // base64 'Username:'
        }
        return this.authLoginUser(initial)
      case 'PLAIN':
        if (initial === null) {
          this.auth = { mech: 'PLAIN' }
          return this.send('334 ')
        }
        return this.authPlain(initial)
      case 'XOAUTH2':
        if (initial === null) {
          this.auth = { mech: 'XOAUTH2' }
          return this.send('334 ')
        }
        return this.authXoauth2(initial)
      default:
        return this.send('504 5.7.4 Unrecognized authentication type')
    }
  }

  private authContinue(line: string): void {
    const step = this.auth
    this.auth = null
    // RFC 4954 §4: a lone '*' cancels the exchange.
    if (line === '*') return this.send('501 5.7.0 Authentication canceled')
    if (!step) return
    switch (step.mech) {
      case 'LOGIN':
        return step.stage === 'user'
          ? this.authLoginUser(line)
          : this.authResult(step.user, decodeBase64(line))
      case 'PLAIN':
        return this.authPlain(line)
      case 'XOAUTH2':
        return this.authXoauth2(line)
    }
  }

  private authLoginUser(encoded: string): void {
    const user = decodeBase64(encoded)
    if (user === null) return this.send('501 5.5.2 Cannot decode response')
    this.auth = { mech: 'LOGIN', stage: 'pass', user }
    this.send('334 UGFzc3dvcmQ6') // base64 'Password:'
  }

  private authPlain(encoded: string): void {
    // RFC 4616 §2: [authzid] NUL authcid NUL passwd
    const decoded = decodeBase64(encoded)
    const parts = decoded?.split('\u0000')
    if (!parts || parts.length !== 3) return this.send('501 5.5.2 Cannot decode response')
    this.authResult(parts[1] ?? '', parts[2] ?? null)
  }

  private authXoauth2(encoded: string): void {
    // Google/Microsoft XOAUTH2: 'user=' user ^A 'auth=Bearer ' token ^A ^A
    const fields = decodeBase64(encoded)?.split('\u0001') ?? []
    const user = fields[0]?.startsWith('user=') ? fields[0].slice(5) : undefined
    const token = fields[1]?.startsWith('auth=Bearer ') ? fields[1].slice(12) : undefined
    if (user === undefined || token === undefined) {
      return this.send('535 5.7.3 Authentication unsuccessful')
    }
    this.authResult(user, token)
  }

  private authResult(user: string, secret: string | null): void {
    const forced = this.ctx.opts.authReply
    if (forced !== undefined) {
      this.send(forced)
      if (forced.startsWith('421')) this.closeAfterOutput()
      return
    }
    const users = this.ctx.opts.users ?? {}
    if (secret !== null && Object.hasOwn(users, user) && users[user] === secret) {
      this.authenticated = true
      return this.send('235 2.7.0 Authentication successful')
    }
    this.send('535 5.7.3 Authentication unsuccessful')
  }

  // ---- output --------------------------------------------------------------------------

  private send(line: string): void {
    this.enqueue({ kind: 'write', data: `${line}\r\n` })
  }

  /** A multi-line reply per RFC 5321 §4.2.1: `250-` on every line but the last. */
  private sendLines(lines: string[]): void {
    const text = lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('')
    this.enqueue({ kind: 'write', data: text })
  }

  private closeAfterOutput(): void {
    this.phase = 'closing'
    this.enqueue({
      kind: 'action',
      run: () => {
        this.serverClosing = true
        this.socket.end()
      },
    })
  }

  private enqueue(op: OutputOp): void {
    this.output.push(op)
    if (!this.pumping) void this.pump()
  }

  private async pump(): Promise<void> {
    this.pumping = true
    try {
      for (let op = this.output.shift(); op; op = this.output.shift()) {
        if (this.ctx.closing() || this.socket.destroyed) return
        if (op.kind === 'action') op.run()
        else {
          const delay = this.ctx.opts.replyDelayMs ?? 0
          if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
          if (this.ctx.closing() || this.socket.destroyed) return
          await this.write(op.data)
        }
      }
    } finally {
      this.pumping = false
    }
  }

  private async write(data: string): Promise<void> {
    if (this.scenario !== 'byte-by-byte') {
      const encoding = this.ctx.opts.wireEncoding ?? 'utf8'
      await new Promise<void>((resolve) => this.socket.write(data, encoding, () => resolve()))
      return
    }
    const bytes = Buffer.from(data, this.ctx.opts.wireEncoding ?? 'utf8')
    for (let i = 0; i < bytes.length; i++) {
      if (this.socket.destroyed || this.ctx.closing()) return
      this.socket.write(bytes.subarray(i, i + 1))
      // One event-loop turn between bytes lets each write leave as its own segment, and
      // unlike a timer it cannot outlive close().
      await new Promise<void>((resolve) => setImmediate(resolve))
    }
  }

  // ---- endless line --------------------------------------------------------------------

  private endlessLine(): void {
    const chunk = Buffer.alloc(ENDLESS_CHUNK, 'A')
    let sent = 0
    const pushMore = (): void => {
      // Backpressure-driven rather than timed: it goes as fast as the client reads and stops
      // as soon as either side closes or the 50 MiB bound is reached.
      while (!this.raw.destroyed && !this.serverClosing && sent < ENDLESS_LIMIT) {
        sent += chunk.length
        if (!this.raw.write(chunk)) {
          this.raw.once('drain', pushMore)
          return
        }
      }
      if (sent >= ENDLESS_LIMIT && !this.raw.destroyed && !this.serverClosing) {
        this.serverClosing = true
        this.raw.end()
      }
    }
    this.raw.write('220-', pushMore)
  }
}

/** Starts a scenario server on 127.0.0.1, on a port of the system's choosing. */
export async function startScenarioServer(opts: ScenarioServerOptions): Promise<ScenarioServer> {
  const legacy = isLegacyScenario(opts.scenario)
  const pair = tlsPair(opts.scenario, opts.pki)
  const secureContext = createSecureContext({
    cert: pair.cert,
    key: pair.key,
    // Exchange Online has refused TLS < 1.2 on smtp.office365.com since 2022; the legacy
    // scenarios lower the floor, and OpenSSL 3 only does TLS 1.0/1.1 at security level 0.
    minVersion: legacy ? 'TLSv1' : 'TLSv1.2',
    ...(legacy ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
  })

  const sessions: ScenarioSession[] = []
  const messages: ScenarioMessage[] = []
  const sockets = new Set<PeerSocket>()
  const connections = new Set<ScenarioConnection>()
  let closing = false
  const ctx: ServerContext = {
    opts,
    serverName: opts.serverName ?? DEFAULT_SERVER_NAME,
    secureContext,
    sockets,
    messages,
    closing: () => closing,
  }

  // allowHalfOpen: a client's FIN must not close our side by itself, or 'never-closes' and
  // 'greeting-never' could not be hostile about it. noDelay: with Nagle a reply written
  // while the previous one is unacknowledged waits for the peer's delayed ACK (~40 ms on
  // Linux loopback), which would skew benchmarks, and byte-by-byte needs every one-byte
  // write to leave as its own segment.
  const server: Server = createServer({ allowHalfOpen: true, noDelay: true }, (raw) => {
    if (closing) {
      raw.destroy()
      return
    }
    const remote = raw.remoteAddress ?? ''
    const session: ScenarioSession = {
      remoteAddress: remote.startsWith('::ffff:') ? remote.slice(7) : remote,
      commands: [],
      tlsProtocol: null,
      closedByClient: false,
    }
    sessions.push(session)
    const conn = new ScenarioConnection(raw, ctx, session)
    connections.add(conn)
    raw.once('close', () => connections.delete(conn))
    conn.start()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.removeListener('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP address')

  return {
    host: '127.0.0.1',
    port: address.port,
    sessions,
    messages,
    close: async () => {
      if (closing) return
      closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      for (const conn of connections) conn.destroy()
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}
