/**
 * `scanpath auth-test` and `scanpath send-test`: sign in (and send a test message) as the mailbox
 * a device will use. The password or token never comes from the command line (it would land in
 * shell history and process lists): it is typed at a prompt or piped on standard input.
 */
import {
  DEADLINE_FACTOR,
  DEFAULT_PHASE_TIMEOUT_MS,
  DEFAULT_SUBMISSION_HOST,
  DEFAULT_SUBMISSION_PORT,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
} from '../../shared/diagnose-defaults'
import { emailProblem, hostProblem } from '../../shared/host-syntax'
import { numberFlag, parseFlags, portFlag } from './parse-flags'

export const AUTH_USAGE = `Usage: scanpath auth-test --user ADDRESS [options]
       scanpath send-test --user ADDRESS --to ADDRESS [options]

Signs in to Microsoft 365 (SMTP AUTH over STARTTLS) as the mailbox a device will use, from this
machine's network; send-test then sends a real test message and shows the server's answer.
Refusals are explained: which gate refused (SMTP AUTH off, Security Defaults, Conditional
Access, Basic auth retired, Send As…) and what to change.

The password (or, with --oauth, an access token) is asked for at a prompt, or read from the
first line of standard input when it is not a terminal. It is never taken as an argument.

Options:
  --user ADDRESS           the mailbox to sign in as
  --oauth                  the secret is an OAuth access token (AUTH XOAUTH2)
  --mechanism NAME         LOGIN, PLAIN or XOAUTH2 (default: chosen from what the server offers)
  --to ADDRESS             send-test: the recipient
  --from ADDRESS           send-test: the From address (default: --user)
  --submission-host HOST   default smtp.office365.com
  --submission-port PORT   default 587
  --timeout-ms MS          limit for each step (default 8000); the check as a whole stops
                           after ${DEADLINE_FACTOR} times this
  --json                   print the result as JSON`

export interface AuthCommand {
  kind: 'auth-test' | 'send-test'
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
  const parsed = parseFlags(argv, {
    user: { type: 'string' },
    oauth: { type: 'boolean' },
    mechanism: { type: 'string' },
    to: { type: 'string' },
    from: { type: 'string' },
    'submission-host': { type: 'string' },
    'submission-port': { type: 'string' },
    'timeout-ms': { type: 'string' },
    json: { type: 'boolean' },
  })
  if (!parsed.ok) return err(parsed.message)
  const { values } = parsed
  // Never shown: someone who typed the password after the options would see it echoed.
  if (parsed.positionals.length > 0)
    return err(
      values.oauth
        ? 'unexpected argument (not shown, it may be a token): the access token is asked for at the prompt or read from standard input'
        : 'unexpected argument (not shown, it may be a password): the password is asked for at the prompt or read from standard input',
    )
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
  const host = (values['submission-host'] ?? DEFAULT_SUBMISSION_HOST).trim()
  const hp = hostProblem(host)
  if (hp) return err(`--submission-host ${hp}`)
  const port =
    values['submission-port'] === undefined
      ? DEFAULT_SUBMISSION_PORT
      : portFlag('--submission-port', values['submission-port'])
  if (typeof port !== 'number') return err(port.error)
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
  const mech = (values.mechanism ?? 'auto').toUpperCase()
  if (!['AUTO', 'LOGIN', 'PLAIN', 'XOAUTH2'].includes(mech))
    return err('--mechanism must be LOGIN, PLAIN or XOAUTH2')
  return {
    kind,
    user: values.user.trim(),
    oauth: values.oauth ?? false,
    mechanism: mech === 'AUTO' ? 'auto' : (mech as AuthCommand['mechanism']),
    to,
    from,
    host,
    port,
    timeoutMs,
    json: values.json ?? false,
  }
}
