/**
 * The STARTTLS check: runs an SMTP session up to EHLO over TLS, as a device would (TLS 1.2 or
 * newer, certificate verified against the system store), and says in plain words what worked,
 * what did not, and what to do.
 */
import { MICROSOFT_MX_PATTERNS } from '../../shared/decision/mx-host'
import type { ProbeResult, ProbeVerdict, SmtpSessionData } from '../../shared/probe-types'
import { explainReply } from '../../shared/smtp/explain-reply'
import { describeCertProblem } from './cert-problem'
import type { ProbeDeps } from './probe-deps'
import { runSmtpSession } from './smtp-session'

export interface StarttlsInput {
  id: 'starttls-submission' | 'starttls-mx'
  /** `submission`: smtp.office365.com:587 (AUTH needed after TLS); `mx`: tenant MX on 25. */
  role: 'submission' | 'mx'
  host: string
  port: number
  timeoutMs: number
  ehloName: string
}

/** Where a STARTTLS session went, for the words that judge it. */
export type StarttlsTarget = Omit<StarttlsInput, 'id'>

type Verdict = ProbeVerdict

export async function checkStarttls(
  input: StarttlsInput,
  deps: ProbeDeps,
  signal?: AbortSignal,
): Promise<ProbeResult<StarttlsInput['id'], SmtpSessionData>> {
  const s = await runSmtpSession(
    {
      host: input.host,
      port: input.port,
      quitAfter: 'ehlo-tls',
      ehloName: input.ehloName,
      timeoutMs: input.timeoutMs,
    },
    deps,
    signal,
  )
  return {
    id: input.id,
    title: starttlsTitle(input),
    ...judgeStarttls(input, s.data),
    durationMs: s.durationMs,
    phases: s.phases,
    data: s.data,
    transcript: s.transcript,
  }
}

export function starttlsTitle(input: Pick<StarttlsInput, 'role' | 'host' | 'port'>): string {
  return input.role === 'submission'
    ? `STARTTLS and TLS on ${input.host}:${input.port}`
    : `STARTTLS on the tenant MX ${input.host}:${input.port}`
}

const day = (iso: string) => iso.slice(0, 10)

function failureVerdict(input: StarttlsTarget, d: SmtpSessionData): Verdict {
  const f = d.failure!
  const where = `${input.host}:${input.port}`
  const reach =
    input.role === 'submission'
      ? `Ask the site's IT to allow outbound TCP ${input.port} to ${input.host}.`
      : `Ask the site's IT to allow outbound TCP ${input.port} to ${MICROSOFT_MX_PATTERNS}.`
  const intercept =
    'Something between this network and Microsoft 365 (a firewall or antivirus that inspects SMTP) is interfering.'
  switch (f.kind) {
    case 'cancelled':
      return { status: 'skip', skipReason: 'cancelled', explanation: 'Cancelled.', fix: null }
    case 'dns-error':
      return {
        status: 'fail',
        explanation: `Could not test STARTTLS: ${f.message}.`,
        fix: `Check the spelling of ${input.host} and the site's DNS servers.`,
      }
    case 'refused':
    case 'unreachable':
      return {
        status: 'fail',
        explanation: `Could not test STARTTLS: connecting to ${where} failed — ${f.message}.`,
        fix: reach,
      }
    case 'timeout':
      if (f.phase === 'connect') {
        return {
          status: 'fail',
          explanation: `Could not test STARTTLS: ${where} gave no answer (the port is filtered).`,
          fix: reach,
        }
      }
      if (f.phase === 'banner') {
        return {
          status: 'fail',
          explanation: `${where} accepted the connection but sent no SMTP greeting (${f.message}). ${intercept}`,
          fix: `Ask the site's IT to exempt ${where} from SMTP inspection or proxying.`,
        }
      }
      return {
        status: 'fail',
        explanation: `${where} stopped answering during ${f.phase} (${f.message}).`,
        fix: 'Run the checks again. If it repeats at the same step, something on the path is interfering with the session; ask the site IT about SMTP/TLS inspection.',
      }
    case 'closed':
      return {
        status: 'fail',
        explanation: `${where} closed the connection during ${f.phase} (${f.message}).`,
        fix:
          f.phase === 'banner'
            ? `${intercept} Ask the site's IT to exempt ${where} from inspection.`
            : 'Run the checks again; if it repeats, ask the site IT about SMTP/TLS inspection.',
      }
    case 'protocol':
    case 'line-too-long':
    case 'reply-too-large':
      return {
        status: 'fail',
        explanation: `${where} sent something that is not valid SMTP during ${f.phase}: ${f.message}. That is not how Microsoft 365 answers. ${intercept}`,
        fix: `Check the host name; then ask the site's IT whether a proxy intercepts port ${input.port}.`,
      }
    case 'rejected': {
      const r = f.reply
      const e = r ? explainReply(r.code, r.enhanced, r.text) : null
      const quoted = r ? `"${r.code} ${r.text.split('\n')[0]}"` : 'a refusal'
      return {
        status: 'fail',
        explanation: `${where} refused during ${f.phase}: ${quoted}. ${e?.meaning ?? ''}`.trim(),
        fix: e?.fix ?? 'Read the reply text: it names the reason.',
      }
    }
    case 'no-starttls':
      return {
        status: 'fail',
        explanation:
          `${where} does not offer STARTTLS, so a device would have to send its password unencrypted. ` +
          (input.role === 'submission'
            ? `Microsoft 365 always offers STARTTLS on ${input.port}: either this is not Microsoft's server, or ${intercept.charAt(0).toLowerCase() + intercept.slice(1)} Firewalls with SMTP inspection are known to remove STARTTLS.`
            : 'Microsoft 365 MX endpoints offer STARTTLS; without it mail from the device would travel unencrypted.'),
        fix: `Check the host name; then ask the site's IT to turn off SMTP/ESMTP inspection for traffic to ${input.host}. Never configure the device without TLS.`,
      }
    case 'starttls-refused': {
      const r = f.reply
      const e = r ? explainReply(r.code, r.enhanced, r.text) : null
      return {
        status: 'fail',
        explanation:
          `${where} offered STARTTLS but refused it: "${r ? `${r.code} ${r.text.split('\n')[0]}` : '?'}". ${e?.meaning ?? ''}`.trim(),
        fix:
          e?.fix ??
          'Run the checks again later; if it persists, ask the site IT about TLS inspection.',
      }
    }
    case 'deadline':
      return {
        status: 'fail',
        explanation: `${where} answered too slowly: ${f.message} (it was at ${f.phase}). Each step answered within its own limit, but together they took too long; a device would give up too.`,
        fix: 'Run the checks again. If it repeats, something on the path is slowing SMTP down (an overloaded link, or a firewall that inspects SMTP); ask the site IT.',
      }
    case 'no-auth-mechanism':
    case 'auth-failed':
    case 'untrusted-certificate':
    case 'bad-credential':
      // The STARTTLS check never signs in; the AUTH check explains these (auth-check.ts).
      return { status: 'fail', explanation: `${where}: ${f.message}.`, fix: null }
    case 'tls-handshake':
      return {
        status: 'fail',
        explanation: `The TLS handshake with ${where} failed: ${f.message}. A device will fail the same way.`,
        fix: 'If this network inspects TLS (SSL inspection on the firewall), ask the site IT to exclude Microsoft 365 mail hosts. If not, run the checks again; a repeat on another network points at this network.',
      }
  }
}

/** The STARTTLS check's words for a session (the Verify step's checks use them too). */
export function judgeStarttls(input: StarttlsTarget, d: SmtpSessionData): Verdict {
  if (d.failure) return failureVerdict(input, d)
  const where = `${input.host}:${input.port}`
  const t = d.tls!
  const cert = t.certificate
  const facts =
    `${t.protocol ?? 'TLS'} with ${t.cipherStandardName ?? t.cipher ?? 'an unknown cipher'}; ` +
    `certificate ${cert?.subject ?? '(none)'} issued by ${cert?.issuer ?? '(unknown)'}, valid until ${cert ? day(cert.validTo) : '?'}`
  const ipNote = d.clientIpEchoed
    ? ` Microsoft 365 sees this site as ${d.clientIpEchoed}${input.role === 'mx' ? ' (the address a relay connector and SPF must name)' : ''}.`
    : ''

  if (!t.verified) {
    return {
      status: 'fail',
      explanation: `TLS works on ${where} (${t.protocol}), but ${describeCertProblem(d)}. Devices that check certificates will refuse to send; those that don't are open to interception.`,
      fix: `On the real ${input.host} this usually means a firewall inspects TLS (SSL inspection) and shows its own certificate: ask the site's IT to exclude ${input.host} from TLS inspection.`,
    }
  }

  const warnings: string[] = []
  const fixes: string[] = []
  if (d.discardedPlaintextBytes > 0) {
    warnings.push(
      `the server sent ${d.discardedPlaintextBytes} unexpected bytes in plaintext right after agreeing to STARTTLS (discarded, as RFC 3207 requires) — a sign of a middlebox tampering with the session`,
    )
    fixes.push("Ask the site's IT whether a proxy or firewall rewrites SMTP on this path.")
  }
  if (d.authBeforeTls.length > 0) {
    warnings.push(
      `it offers AUTH (${d.authBeforeTls.join(' ')}) before TLS, which Microsoft 365 never does`,
    )
    fixes.push(
      'Make sure the device uses STARTTLS before signing in, so its password never travels in plaintext.',
    )
  }
  if (input.role === 'submission') {
    if (d.authMechanisms.length === 0) {
      return {
        status: 'fail',
        explanation: `STARTTLS works on ${where} (${facts}), but no sign-in (AUTH) is offered after TLS. Client submission needs SMTP AUTH.`,
        fix: `Check the host name: Microsoft 365 offers AUTH LOGIN XOAUTH2 on smtp.office365.com:587 after STARTTLS.`,
      }
    }
    if (!d.authMechanisms.includes('XOAUTH2')) {
      warnings.push(
        `sign-in methods after TLS are ${d.authMechanisms.join(' ')} without XOAUTH2, so OAuth (the way forward once Basic auth is disabled at the end of December 2026) is not possible here`,
      )
      fixes.push('Check the host name: smtp.office365.com offers AUTH LOGIN XOAUTH2.')
    }
  }
  const auth =
    input.role === 'submission' ? ` Sign-in offered after TLS: ${d.authMechanisms.join(' ')}.` : ''
  if (warnings.length > 0) {
    return {
      status: 'warn',
      explanation: `STARTTLS works on ${where} (${facts}), but ${warnings.join('; and ')}.${auth}${ipNote}`,
      fix: fixes.join(' '),
    }
  }
  return {
    status: 'pass',
    explanation: `STARTTLS works on ${where}: ${facts}; the certificate verifies.${auth}${ipNote}`,
    fix: null,
  }
}
