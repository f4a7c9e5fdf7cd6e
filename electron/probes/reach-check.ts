/**
 * TCP reachability of host:port from this network, classified the way a technician needs it:
 * open (greeting seen), no greeting (something intercepts), refused, timeout (filtered),
 * unreachable, DNS error. IPv4 and IPv6 are tried separately and at the same time when the name
 * has both, because a device that prefers IPv6 can hang where IPv4 works.
 */
import net from 'node:net'

import { MICROSOFT_MX_PATTERNS } from '../../shared/decision/mx-host'
import type {
  ProbePhase,
  ProbeResult,
  ProbeVerdict,
  TcpAttempt,
  TcpOutcome,
  TcpReachData,
  TranscriptLine,
} from '../../shared/probe-types'
import { explainReply } from '../../shared/smtp/explain-reply'
import { DNS_NETWORK_ERRORS } from './dns-client'
import type { ProbeDeps, ResolvedAddress } from './probe-deps'
import { runSmtpSession } from './smtp-session'
import { classifySocketError } from './socket-error'

/**
 * `submission`: the client-submission port (587) on smtp.office365.com.
 * `outbound-smtp`: port 25 on smtp.office365.com — tells whether this network lets port 25 out.
 * `mx`: port 25 on the tenant MX endpoint (direct send and relay).
 * `implicit-tls`: port 465, information only (Microsoft 365 does not offer it).
 */
export type ReachRole = 'submission' | 'outbound-smtp' | 'mx' | 'implicit-tls'

/** The checks that test reachability of a port. */
export type ReachCheckId =
  'reach-submission' | 'reach-submission-smtp' | 'reach-implicit-tls' | 'reach-mx'

export interface ReachInput {
  id: ReachCheckId
  role: ReachRole
  host: string
  port: number
  timeoutMs: number
}

const RANK: Record<TcpOutcome, number> = {
  open: 0,
  'no-greeting': 1,
  refused: 2,
  timeout: 3,
  unreachable: 4,
  'dns-error': 5,
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 1000 ? 1 : 0)} s`

async function attempt(
  input: ReachInput,
  target: ResolvedAddress,
  deps: ProbeDeps,
  signal: AbortSignal | undefined,
): Promise<{
  attempt: TcpAttempt
  transcript: TranscriptLine[]
  phases: ProbePhase[]
}> {
  const expectGreeting = input.role !== 'implicit-tls'
  const s = await runSmtpSession(
    {
      host: input.host,
      port: input.port,
      address: target,
      quitAfter: expectGreeting ? 'banner' : 'connect',
      ehloName: 'scanpath.localdomain',
      timeoutMs: input.timeoutMs,
    },
    deps,
    signal,
  )
  const f = s.data.failure
  let outcome: TcpOutcome
  let errorCode: string | null = null
  if (!f) outcome = 'open'
  else if (f.phase === 'connect') {
    outcome =
      f.kind === 'refused' ||
      f.kind === 'timeout' ||
      f.kind === 'unreachable' ||
      f.kind === 'dns-error'
        ? f.kind
        : 'refused'
    // The system's code (ECONNREFUSED, ENETUNREACH…); our own phase timer has none: ETIMEDOUT.
    errorCode = f.errorCode ?? (f.kind === 'timeout' ? 'ETIMEDOUT' : null)
  } else if (f.kind === 'rejected') {
    outcome = 'open' // it answered, with a refusal: the greeting says why
  } else {
    outcome = 'no-greeting'
    errorCode = f.kind
  }
  return {
    attempt: {
      family: target.family,
      address: target.address,
      outcome,
      durationMs: s.durationMs,
      greeting: s.data.banner,
      errorCode,
    },
    transcript: s.transcript.map((l) => ({ ...l, text: `[IPv${target.family}] ${l.text}` })),
    phases: s.phases.map((p) => ({ ...p, name: `${p.name} (IPv${target.family})` })),
  }
}

export async function checkReach(
  input: ReachInput,
  deps: ProbeDeps,
  signal?: AbortSignal,
): Promise<ProbeResult<ReachCheckId, TcpReachData>> {
  const t0 = performance.now()
  const data: TcpReachData = {
    host: input.host,
    port: input.port,
    expectGreeting: input.role !== 'implicit-tls',
    outcome: 'dns-error',
    attempts: [],
    dnsError: null,
  }
  const transcript: TranscriptLine[] = []
  const phases: ProbePhase[] = []

  let targets: ResolvedAddress[] = []
  const ipFamily = net.isIP(input.host)
  if (ipFamily) {
    targets = [{ address: input.host, family: ipFamily as 4 | 6 }]
  } else {
    try {
      const found = await deps.lookup(input.host)
      // One address per family: the first the resolver gives, as a device would pick it.
      const v4 = found.find((a) => a.family === 4)
      const v6 = found.find((a) => a.family === 6)
      targets = [v4, v6].filter((a): a is ResolvedAddress => a !== undefined)
      if (targets.length === 0) data.dnsError = 'no address'
    } catch (e) {
      const c = classifySocketError(e)
      data.dnsError = c.code ?? c.message
    }
    phases.push({ name: 'dns', startMs: 0, durationMs: Math.round(performance.now() - t0) })
  }

  if (targets.length > 0) {
    const results = await Promise.all(targets.map((t) => attempt(input, t, deps, signal)))
    for (const r of results) {
      data.attempts.push(r.attempt)
      transcript.push(...r.transcript)
      phases.push(...r.phases)
    }
    data.outcome = data.attempts.reduce<TcpOutcome>(
      (best, a) => (RANK[a.outcome] < RANK[best] ? a.outcome : best),
      'dns-error',
    )
  }

  const verdict = judge(input, data, signal?.aborted ?? false)
  return {
    id: input.id,
    title: reachTitle(input),
    ...verdict,
    durationMs: Math.round(performance.now() - t0),
    phases,
    data,
    transcript: transcript.sort((a, b) => a.tMs - b.tMs),
  }
}

export function reachTitle(input: Pick<ReachInput, 'role' | 'host' | 'port'>): string {
  switch (input.role) {
    case 'submission':
      return `Port ${input.port} (client submission) on ${input.host}`
    case 'outbound-smtp':
      return `Outbound port ${input.port} (SMTP) to ${input.host}`
    case 'mx':
      return `Port ${input.port} on the tenant MX ${input.host}`
    case 'implicit-tls':
      return `Port ${input.port} (implicit TLS) on ${input.host}, for information`
  }
}

function describeAttempt(a: TcpAttempt, timeoutMs: number): string {
  const fam = `IPv${a.family} ${a.address}`
  switch (a.outcome) {
    case 'open':
      return `${fam}: ${a.greeting ? 'answered' : 'connected'} in ${a.durationMs} ms`
    case 'no-greeting':
      return `${fam}: connected, but no SMTP greeting`
    case 'refused':
      return `${fam}: refused`
    case 'timeout':
      return `${fam}: no answer within ${seconds(timeoutMs)}`
    case 'unreachable':
      return `${fam}: no route from this network`
    case 'dns-error':
      return `${fam}: name did not resolve`
  }
}

type Verdict = ProbeVerdict

/** What each outcome means for the role of the port, and what to do about it. */
function judge(input: ReachInput, data: TcpReachData, cancelled: boolean): Verdict {
  const { host, port, timeoutMs } = input
  if (cancelled)
    return { status: 'skip', skipReason: 'cancelled', explanation: 'Cancelled.', fix: null }

  const perFamily = data.attempts.map((a) => describeAttempt(a, timeoutMs)).join('; ')
  const detail = perFamily ? ` (${perFamily}).` : ''

  if (input.role === 'implicit-tls') {
    const seen =
      data.outcome === 'open'
        ? 'accepts connections'
        : data.outcome === 'dns-error'
          ? 'could not be looked up'
          : `is ${data.outcome === 'timeout' ? 'filtered' : data.outcome}`
    return {
      status: 'info',
      explanation:
        `Information only: Microsoft 365 SMTP AUTH does not support port ${port} (implicit TLS, "SMTPS"); a device that only offers ${port} cannot use client submission (from here, port ${port} on ${host} ${seen}).` +
        (detail ? ` Details${detail}` : ''),
      fix: `If the device only offers SSL/TLS on port ${port}, look for a STARTTLS option on 587 (often a firmware update), or use direct send or SMTP relay on port 25.`,
    }
  }

  const needs =
    input.role === 'submission'
      ? 'Client submission (SMTP AUTH) needs it'
      : 'Direct send and SMTP relay need it'
  const allowRule =
    input.role === 'submission'
      ? `ask the site's IT to allow outbound TCP ${port} to ${host}`
      : `ask the site's IT to allow outbound TCP ${port} to ${MICROSOFT_MX_PATTERNS}`
  const otherWay =
    input.role === 'submission'
      ? 'or use direct send / SMTP relay on port 25 if that is open'
      : 'or use client submission on 587'

  switch (data.outcome) {
    case 'open': {
      const openOne = data.attempts.find((a) => a.outcome === 'open')
      const g = openOne?.greeting
      if (g && g.code !== 220) {
        const e = explainReply(g.code, g.enhanced, g.text)
        return {
          status: 'fail',
          explanation:
            `${host} answered on port ${port} but refused service: "${g.code} ${g.text.split('\n')[0]}". ${e?.meaning ?? ''}`.trim(),
          fix:
            e?.fix ??
            'Read the reply text: it names the reason. Check the host name and this site’s public IP.',
        }
      }
      const weak = data.attempts.filter((a) => a.outcome !== 'open' && a.outcome !== 'unreachable')
      if (weak.length > 0) {
        return {
          status: 'warn',
          explanation: `Port ${port} on ${host} answers over one address family but not the other${detail} A device that prefers the failing one may hang or fail.`,
          fix: `Ask the site's IT to fix outbound ${port} over IPv${weak[0]?.family}, or set the device to use IPv${openOne?.family} only.`,
        }
      }
      return {
        status: 'pass',
        explanation:
          input.role === 'submission'
            ? `${host} answers on port ${port} from this network${detail}`
            : `Outbound port ${port} is open from this network: ${host} answered${detail}`,
        fix: null,
      }
    }
    case 'no-greeting':
      return {
        status: 'fail',
        explanation:
          `A connection to port ${port} on ${host} opened, but no SMTP greeting came${detail} ` +
          'Something between this network and Microsoft 365 is intercepting the port: typically an antivirus "mail shield" or a firewall SMTP proxy.',
        fix: `Ask the site's IT to exempt ${host}:${port} from SMTP inspection or proxying, then run the checks again.`,
      }
    case 'timeout':
      return {
        status: 'fail',
        explanation:
          `Port ${port} is blocked on this network: connections to ${host} got no answer${detail} ` +
          (port === 25
            ? `Most ISPs and many firewalls block outbound port 25. ${needs}.`
            : `A firewall drops the traffic. ${needs}.`),
        fix: `${allowRule[0]?.toUpperCase()}${allowRule.slice(1)}, ${otherWay}.`,
      }
    case 'refused':
      return {
        status: 'fail',
        explanation:
          `The connection to port ${port} on ${host} was refused${detail} ` +
          `Either a firewall on the way rejects it, or nothing listens there (check the host name). ${needs}.`,
        fix: `Check the host name; if it is right, ${allowRule}, ${otherWay}.`,
      }
    case 'unreachable':
      return {
        status: 'fail',
        explanation: `This network has no route to ${host}${detail} The laptop may be offline or on an isolated network.`,
        fix: 'Connect the laptop to the same network as the device, check it has internet access, and run the checks again.',
      }
    case 'dns-error':
      if (data.dnsError && DNS_NETWORK_ERRORS.has(data.dnsError)) {
        return {
          status: 'fail',
          explanation: `The DNS server did not answer when looking up ${host} (${data.dnsError}).`,
          fix: 'Check that this laptop is online and may use DNS on this network, then run the checks again.',
        }
      }
      return {
        status: 'fail',
        explanation: `${host} does not resolve on this network (${data.dnsError ?? 'no address'}).`,
        fix: `Check the spelling. If it is right, the site's DNS is not answering: check the DNS servers the network hands out, and that the device resolves ${host} too.`,
      }
  }
}
