/**
 * `scanpath auth-test` and `scanpath send-test`: sign in (and send a test message) as the mailbox
 * a device will use, or — for direct send and relay — send to the tenant MX as the device will.
 * The password or token never comes from the command line (it would land in shell history and
 * process lists): it is typed at a prompt or piped on standard input.
 */
import {
  DEADLINE_FACTOR,
  DEFAULT_PHASE_TIMEOUT_MS,
  DEFAULT_SUBMISSION_HOST,
  HVE_SUBMISSION_HOST,
  DEFAULT_SUBMISSION_PORT,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
} from '../../shared/diagnose-defaults'
import { emailProblem, hostProblem, isIpLiteral } from '../../shared/host-syntax'
import { numberFlag, parseFlags, portFlag, shownValue, type FlagValues } from './parse-flags'

export const AUTH_USAGE = `Usage: scanpath auth-test --user ADDRESS [options]
       scanpath send-test --user ADDRESS --to ADDRESS [options]
       scanpath send-test --method direct-send|relay --mx-host HOST --from ADDRESS --to ADDRESS

Signs in to Microsoft 365 (SMTP AUTH over STARTTLS) as the mailbox a device will use, from this
machine's network; send-test then sends a real test message and shows the server's answer.
Refusals are explained: which gate refused (SMTP AUTH off, Security Defaults, Conditional
Access, Basic auth retired, Send As…) and what to change.

The password (or, with --oauth, an access token) is asked for at a prompt, or read from the
first line of standard input when it is not a terminal. It is never taken as an argument.

With --method direct-send or relay, send-test does what such a device does: it sends to the
tenant MX (the MX record of the customer's domain) on port 25 without signing in, with STARTTLS
when the server offers it, and explains the answer (Reject Direct Send, a connector that does
not match this site's address, recipient restrictions…). No password is asked for.

Options:
  --method NAME            submission (default): smtp.office365.com:587 with a sign-in;
                           hve: High Volume Email, ${HVE_SUBMISSION_HOST}:587 with a sign-in;
                           direct-send, relay (send-test only): to the tenant MX, no sign-in
  --user ADDRESS           the mailbox to sign in as (submission, hve)
  --oauth                  the secret is an OAuth access token (AUTH XOAUTH2)
  --mechanism NAME         LOGIN, PLAIN or XOAUTH2 (default: chosen from what the server offers)
  --to ADDRESS             send-test: the recipient
  --from ADDRESS           send-test: the From address (default: --user; needed for direct-send
                           and relay: an address of one of the tenant's domains)
  --submission-host HOST   default smtp.office365.com (hve: ${HVE_SUBMISSION_HOST})
  --submission-port PORT   default 587
  --mx-host HOST           direct-send, relay: the tenant MX as found in DNS (e.g.
                           contoso-com.mail.protection.outlook.com); never made up from the domain
  --mx-port PORT           direct-send, relay: default 25
  --connector-ip IP        relay: the public IP the connector lists, compared with the address
                           Exchange Online sees
  --timeout-ms MS          limit for each step (default 8000); the check as a whole stops
                           after ${DEADLINE_FACTOR} times this
  --json                   print the result as JSON

Exit status: 0 when the sign-in worked or the message was accepted, 1 when refused, 2 for a
usage error.`

/** How the test reaches Microsoft 365. */
export type SendMethod = 'submission' | 'hve' | 'direct-send' | 'relay'

/** auth-test / send-test with a sign-in (client submission or High Volume Email). */
export interface SignInCommand {
  kind: 'auth-test' | 'send-test'
  method: 'submission' | 'hve'
  user: string
  oauth: boolean
  mechanism: 'auto' | 'LOGIN' | 'PLAIN' | 'XOAUTH2'
  to: string | null
  from: string
  host: string
  port: number
  timeoutMs: number
  json: boolean
}

/** send-test --method direct-send|relay: to the tenant MX, without a sign-in. */
export interface MxSendCommand {
  kind: 'mx-send'
  method: 'direct-send' | 'relay'
  mxHost: string
  mxPort: number
  from: string
  to: string
  connectorIp: string | null
  timeoutMs: number
  json: boolean
}

export type AuthCommand = SignInCommand | MxSendCommand

const METHODS: readonly SendMethod[] = ['submission', 'hve', 'direct-send', 'relay']

const FLAGS = {
  method: { type: 'string' },
  user: { type: 'string' },
  oauth: { type: 'boolean' },
  mechanism: { type: 'string' },
  to: { type: 'string' },
  from: { type: 'string' },
  'submission-host': { type: 'string' },
  'submission-port': { type: 'string' },
  'mx-host': { type: 'string' },
  'mx-port': { type: 'string' },
  'connector-ip': { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
} as const

export function parseAuthCommand(
  kind: 'auth-test' | 'send-test',
  argv: string[],
): AuthCommand | { kind: 'usage-error'; message: string } {
  const err = (message: string) => ({ kind: 'usage-error' as const, message })
  for (const a of argv) {
    if (/^--(password|pass|secret|token)(=|$)/.test(a)) {
      return err(
        `${a.split('=')[0]} is not accepted: a secret on the command line ends up in shell history. Type it at the prompt, or pipe it on standard input.`,
      )
    }
  }
  const parsed = parseFlags(argv, FLAGS)
  if (!parsed.ok) return err(parsed.message)
  const { values } = parsed
  // Never shown: someone who typed the password after the options would see it echoed.
  if (parsed.positionals.length > 0)
    return err(
      values.oauth
        ? 'unexpected argument (not shown, it may be a token): the access token is asked for at the prompt or read from standard input'
        : 'unexpected argument (not shown, it may be a password): the password is asked for at the prompt or read from standard input',
    )
  const method = (values.method ?? 'submission').toLowerCase() as SendMethod
  if (!METHODS.includes(method))
    return err(
      `--method must be submission, hve, direct-send or relay, got ${shownValue(values.method ?? '')}`,
    )
  const timeoutMs =
    values['timeout-ms'] === undefined
      ? DEFAULT_PHASE_TIMEOUT_MS
      : numberFlag(
          '--timeout-ms',
          values['timeout-ms'],
          'milliseconds',
          MIN_TIMEOUT_MS,
          MAX_TIMEOUT_MS,
        )
  if (typeof timeoutMs !== 'number') return err(timeoutMs.error)
  if (method === 'direct-send' || method === 'relay') {
    if (kind === 'auth-test')
      return err(`--method ${method} does not sign in: use send-test --method ${method}`)
    return parseMxSend(method, values, timeoutMs)
  }
  for (const flag of ['mx-host', 'mx-port', 'connector-ip'] as const) {
    if (values[flag] !== undefined)
      return err(`--${flag} goes with --method direct-send or relay, not ${method}`)
  }
  if (!values.user) return err('--user is required (the mailbox to sign in as)')
  const userProblem = emailProblem(values.user)
  if (userProblem) return err(`--user ${userProblem}`)
  let to: string | null = null
  if (kind === 'send-test') {
    if (!values.to) return err('--to is required (where the test message goes)')
    const p = emailProblem(values.to)
    if (p) return err(`--to ${p}`)
    to = values.to.trim()
  } else if (values.to) {
    return err('--to only goes with send-test')
  }
  const from = (values.from ?? values.user).trim()
  const fromProblem = emailProblem(from)
  if (fromProblem) return err(`--from ${fromProblem}`)
  const host = (
    values['submission-host'] ?? (method === 'hve' ? HVE_SUBMISSION_HOST : DEFAULT_SUBMISSION_HOST)
  ).trim()
  const hp = hostProblem(host)
  if (hp) return err(`--submission-host ${hp}`)
  const port =
    values['submission-port'] === undefined
      ? DEFAULT_SUBMISSION_PORT
      : portFlag('--submission-port', values['submission-port'])
  if (typeof port !== 'number') return err(port.error)
  const mech = (values.mechanism ?? 'auto').toUpperCase()
  if (!['AUTO', 'LOGIN', 'PLAIN', 'XOAUTH2'].includes(mech))
    return err('--mechanism must be LOGIN, PLAIN or XOAUTH2')
  return {
    kind,
    method,
    user: values.user.trim(),
    oauth: values.oauth ?? false,
    mechanism: mech === 'AUTO' ? 'auto' : (mech as SignInCommand['mechanism']),
    to,
    from,
    host,
    port,
    timeoutMs,
    json: values.json ?? false,
  }
}

function parseMxSend(
  method: 'direct-send' | 'relay',
  values: FlagValues<typeof FLAGS>,
  timeoutMs: number,
): MxSendCommand | { kind: 'usage-error'; message: string } {
  const err = (message: string) => ({ kind: 'usage-error' as const, message })
  const words = method === 'direct-send' ? 'direct send' : 'a relay connector'
  for (const flag of [
    'user',
    'oauth',
    'mechanism',
    'submission-host',
    'submission-port',
  ] as const) {
    if (values[flag] !== undefined)
      return err(
        `--${flag} does not apply to ${words}: it sends to the tenant MX without signing in`,
      )
  }
  if (method === 'direct-send' && values['connector-ip'] !== undefined)
    return err('--connector-ip goes with --method relay (direct send uses no connector)')
  if (!values['mx-host'])
    return err(
      "--mx-host is required: the MX record of the customer's domain (scanpath diagnose --domain DOMAIN shows it)",
    )
  const mxHost = values['mx-host'].trim()
  const hp = hostProblem(mxHost)
  if (hp) return err(`--mx-host ${hp}`)
  const mxPort = values['mx-port'] === undefined ? 25 : portFlag('--mx-port', values['mx-port'])
  if (typeof mxPort !== 'number') return err(mxPort.error)
  if (!values.from)
    return err(
      "--from is required: an address of one of the tenant's domains, as the device will send",
    )
  const from = values.from.trim()
  const fromProblem = emailProblem(from)
  if (fromProblem) return err(`--from ${fromProblem}`)
  if (!values.to) return err('--to is required (where the test message goes)')
  const to = values.to.trim()
  const toProblem = emailProblem(to)
  if (toProblem) return err(`--to ${toProblem}`)
  let connectorIp: string | null = null
  if (values['connector-ip'] !== undefined) {
    connectorIp = values['connector-ip'].trim()
    if (!isIpLiteral(connectorIp))
      return err(`--connector-ip must be an IP address, got ${shownValue(values['connector-ip'])}`)
  }
  return {
    kind: 'mx-send',
    method,
    mxHost,
    mxPort,
    from,
    to,
    connectorIp,
    timeoutMs,
    json: values.json ?? false,
  }
}
