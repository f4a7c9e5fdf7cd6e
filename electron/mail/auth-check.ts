/**
 * The Verify step's check: from the site's network, sign in as the mailbox the device will use
 * (over STARTTLS, as the device would) and, optionally, send a real test message. When Exchange
 * Online refuses, the reply is explained: which gate refused, and what to change.
 */
import type {
  ProbeResult,
  ProbeVerdict,
  SmtpFailure,
  SmtpReplySummary,
  SmtpSessionData,
  SmtpStopPoint,
} from '../../shared/probe-types'
import { explainAnyReply } from '../../shared/smtp/explain-reply'
import {
  certProblemCause,
  describeCertProblem,
  privateAuthorityPossible,
} from '../probes/cert-problem'
import type { ProbeDeps } from '../probes/probe-deps'
import { runSmtpSession, type SmtpCredentials } from '../probes/smtp-session'
import type { SmtpTestMessage } from '../probes/smtp-test-message'
import { judgeStarttls } from '../probes/starttls-check'

export interface AuthCheckInput {
  host: string
  port: number
  timeoutMs: number
  ehloName: string
  /** Null: no sign-in (shows what the server says to an anonymous client). */
  credentials: SmtpCredentials | null
  /** When given, a real message is sent after the sign-in. */
  message?: SmtpTestMessage
}

type Verdict = ProbeVerdict

/** A refusal quoted and explained: the gate that refused, what it means, the fix (and PowerShell). */
export function explained(what: string, r: SmtpReplySummary, username: string | null): Verdict {
  const e = explainAnyReply(r.code, r.enhanced, r.text)
  const quoted = `"${r.code} ${r.text.split('\n')[0]}"`
  const command = e.powershell
    ? ` Admin's PowerShell: ${e.powershell.replace('<mailbox>', username ?? '<mailbox>')}`
    : ''
  // A reply no rule names is explained by its class, and that meaning quotes the reply itself.
  const generic = e.gate === 'temporary' || e.gate === 'permanent'
  return {
    status: 'fail',
    explanation: generic
      ? `${what} ${e.meaning}`
      : `${what} ${quoted} — ${e.gateTitle}: ${e.meaning}`,
    fix: `${e.fix}${command}`,
  }
}

/** Stopped at the trust gate: TLS is up but the certificate did not verify, so nothing was sent. */
export function untrustedVerdict(
  input: Pick<AuthCheckInput, 'host' | 'port' | 'credentials'>,
  d: SmtpSessionData,
): Verdict {
  const where = `${input.host}:${input.port}`
  const creds = input.credentials
  const notSent = creds
    ? creds.kind === 'token'
      ? 'the sign-in token was not sent'
      : 'your password was not sent'
    : 'no message was sent'
  const privateCa = privateAuthorityPossible(d)
    ? ' If this is a company mail server with its own certificate authority, the scanpath command trusts that authority when NODE_EXTRA_CA_CERTS names its certificate file.'
    : ''
  return {
    status: 'fail',
    // One sentence: the terminal's table shows the first sentence of a verdict.
    explanation: `Stopped before ${creds ? 'signing in to' : 'sending through'} ${where}: ${describeCertProblem(d)}; ${certProblemCause(d)}; ${notSent}.`,
    fix: `Ask the site's IT to exclude ${input.host} (port ${input.port}) from TLS inspection and from the antivirus's mail scanning, then run the check again. Never set the device to ignore certificate errors: whoever intercepts would collect its password.${privateCa}`,
  }
}

const STEP_WORDS: Partial<Record<SmtpStopPoint, string>> = {
  auth: 'signing in',
  mail: 'accepting the sender',
  rcpt: 'accepting the recipient',
  data: 'taking the message',
}

/**
 * A stop after TLS (the sign-in or the message): the refusal explained, or a server that answered
 * too slowly. Null for a stop before that (the STARTTLS words apply) or one with neither.
 */
export function transactionVerdict(
  where: string,
  f: SmtpFailure,
  who: { username: string | null; from?: string | undefined; to?: string | undefined },
): Verdict | null {
  const step = STEP_WORDS[f.phase]
  if (!step) return null
  if (f.reply) {
    const refused =
      f.phase === 'auth'
        ? `Signing in as ${who.username} was refused:`
        : f.phase === 'mail'
          ? `The sender ${who.from} was refused:`
          : f.phase === 'rcpt'
            ? `The recipient ${who.to} was refused:`
            : 'The message was refused:'
    return explained(refused, f.reply, who.username)
  }
  if (f.kind === 'timeout' || f.kind === 'deadline') {
    return {
      status: 'fail',
      explanation:
        `${where} answered too slowly while ${step}: ${f.message}.` +
        (f.phase === 'data'
          ? ' The server did not confirm the message, so it may or may not have been delivered.'
          : ''),
      fix: 'Run the check again. If it repeats, the path to the server is slow or something on it inspects SMTP; ask the site IT.',
    }
  }
  return null
}

export function judgeAuth(input: AuthCheckInput, d: SmtpSessionData): Verdict {
  const f = d.failure
  const user = input.credentials?.username ?? null
  const tx = d.transaction
  if (f) {
    if (f.kind === 'untrusted-certificate') return untrustedVerdict(input, d)
    if (f.kind === 'bad-credential') {
      return {
        status: 'fail',
        explanation: `Could not sign in as ${user}: ${f.message} Nothing was sent.`,
        fix: 'Enter the user name (the full address) and the password or sign-in again, then run the check again.',
      }
    }
    if (f.kind === 'no-auth-mechanism') {
      return {
        status: 'fail',
        explanation: `Could not sign in: ${f.message}.`,
        fix: 'Check the host name (Microsoft 365 offers AUTH LOGIN XOAUTH2 on smtp.office365.com:587) and the sign-in method of the profile.',
      }
    }
    const after = transactionVerdict(`${input.host}:${input.port}`, f, {
      username: user,
      from: input.message?.from,
      to: input.message?.to,
    })
    if (after) return after
    if (!STEP_WORDS[f.phase]) {
      // Before the sign-in: the same words as the STARTTLS check.
      return judgeStarttls(
        {
          role: 'submission',
          host: input.host,
          port: input.port,
          timeoutMs: input.timeoutMs,
          ehloName: input.ehloName,
        },
        d,
      )
    }
    return {
      status: 'fail',
      explanation: `The session stopped at ${f.phase}: ${f.message}.`,
      fix: 'Run the check again; if it repeats, the transcript shows where.',
    }
  }
  const signedIn = tx?.auth
    ? ` Signed in as ${user} with ${tx.mechanism} over ${d.tls?.protocol ?? 'TLS'} ("${tx.auth.code} ${tx.auth.text.split('\n')[0]}").`
    : ''
  if (tx?.data) {
    return {
      status: 'pass',
      explanation: `The test message to ${input.message?.to} was accepted: "${tx.data.code} ${tx.data.text.split('\n')[0]}".${signedIn}`,
      fix: null,
    }
  }
  return {
    status: 'pass',
    explanation: `The mailbox can sign in from this network.${signedIn}`,
    fix: null,
  }
}

export async function checkAuth(
  input: AuthCheckInput,
  deps: ProbeDeps,
  signal?: AbortSignal,
): Promise<ProbeResult<'auth-test' | 'send-test', SmtpSessionData>> {
  if (!input.credentials && !input.message)
    throw new Error('nothing to check: give credentials, a test message, or both')
  const s = await runSmtpSession(
    {
      host: input.host,
      port: input.port,
      ehloName: input.ehloName,
      timeoutMs: input.timeoutMs,
      quitAfter: input.message ? 'data' : 'auth',
      ...(input.credentials ? { auth: input.credentials } : {}),
      ...(input.message ? { message: input.message } : {}),
    },
    deps,
    signal,
  )
  const verdict: Verdict =
    s.data.failure?.kind === 'cancelled'
      ? { status: 'skip', skipReason: 'cancelled', explanation: 'Cancelled.', fix: null }
      : judgeAuth(input, s.data)
  return {
    id: input.message ? 'send-test' : 'auth-test',
    title: input.message
      ? `Test message through ${input.host}:${input.port}`
      : `Sign-in to ${input.host}:${input.port}`,
    ...verdict,
    durationMs: s.durationMs,
    phases: s.phases,
    data: s.data,
    transcript: s.transcript,
  }
}
