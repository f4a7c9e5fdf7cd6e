/**
 * The offline rule: when nothing on the internet answered at all, the site is offline, and its
 * failures become skips "to run again when the site is online" instead of a wall of red. A DNS
 * server the person named that does not answer is not that: it is the server's failure.
 */
import { isIP } from 'node:net'

import { OFFLINE_EXPLANATION } from '../../shared/offline'
import type { CheckResult, SmtpSessionData, TcpReachData } from '../../shared/probe-types'
import type {
  DnsHostData,
  DnsMxData,
  PublicIpData,
  SpfRecordData,
} from '../../shared/site-identity-types'
import { DNS_NETWORK_ERRORS } from './dns-client'

/**
 * Whether a result shows that something on the internet answered (`answered`), that nothing
 * did (`no-answer`: refused, timed out, no route, DNS silent), or says nothing either way.
 */
export type Evidence = 'answered' | 'no-answer' | 'none'

const silentDns = (code: string | null | undefined) => code != null && DNS_NETWORK_ERRORS.has(code)

function reachEvidence(d: TcpReachData | null): Evidence {
  if (!d) return 'none'
  if (d.attempts.some((a) => a.outcome === 'open' || a.outcome === 'no-greeting')) return 'answered'
  if (d.outcome === 'dns-error') return silentDns(d.dnsError) ? 'no-answer' : 'answered'
  return 'no-answer'
}

function smtpEvidence(d: SmtpSessionData | null): Evidence {
  if (!d) return 'none'
  if (d.banner) return 'answered'
  const f = d.failure
  if (!f || f.phase !== 'connect') return 'none'
  if (f.kind === 'dns-error') return silentDns(f.errorCode) ? 'no-answer' : 'answered'
  return f.kind === 'cancelled' ? 'none' : 'no-answer'
}

function dnsEvidence(d: DnsHostData | DnsMxData | SpfRecordData | null): Evidence {
  if (d === null) return 'none'
  // An IP address as the host needs no lookup: nothing was asked, so it shows nothing.
  if ('host' in d && isIP(d.host)) return 'none'
  return silentDns(d.error) ? 'no-answer' : 'answered'
}

function publicIpEvidence(d: PublicIpData | null): Evidence {
  if (!d) return 'none'
  return d.observations.some((o) => o.ip && o.kind !== 'smtp') ? 'answered' : 'no-answer'
}

/** What a check's result says about the site's internet access. */
export function evidenceOf(r: CheckResult): Evidence {
  switch (r.id) {
    case 'dns-submission-host':
    case 'dns-mx':
    case 'dns-spf':
      return dnsEvidence(r.data)
    case 'reach-submission':
    case 'reach-submission-smtp':
    case 'reach-implicit-tls':
    case 'reach-mx':
      return reachEvidence(r.data)
    case 'starttls-submission':
    case 'starttls-mx':
      return smtpEvidence(r.data)
    case 'public-ip':
      return publicIpEvidence(r.data)
    // Old TLS talks to the same port as the STARTTLS check, which already counts; the SPF
    // verdict and the blocklists only build on the public IP.
    case 'legacy-tls-submission':
    case 'spf-verdict':
    case 'blocklists':
      return 'none'
  }
}

/** Nothing answered and something was asked: the laptop has no internet here. */
export function isOffline(results: readonly CheckResult[]): boolean {
  const evidence = results.map(evidenceOf)
  return !evidence.includes('answered') && evidence.includes('no-answer')
}

/** The check's own words, kept in brackets after the sentence that replaces them. */
function inBrackets(explanation: string): string {
  return `(${explanation.replace(/[.\s]+$/, '')}.)`
}

/** A check of an offline run: deferred unless it passed (a pass needed no internet). */
export function asOffline(r: CheckResult): CheckResult {
  if (r.status === 'pass') return r
  return {
    ...r,
    status: 'skip',
    skipReason: 'offline',
    explanation: `${OFFLINE_EXPLANATION} ${inBrackets(r.explanation)}`,
    fix: 'Connect the laptop to the site network with internet access and run the checks again; meanwhile, work from the offline checklist.',
  }
}

/**
 * A check that needed the named DNS server and did not get an answer from it: a failure naming
 * the server, with the check's own words kept in brackets. A check that only informs (465) or
 * did not test (old TLS that could not reach TLS) keeps its status, but names the server too.
 */
export function asSilentServer(
  r: CheckResult,
  text: { explanation: string; fix: string },
): CheckResult {
  return {
    ...r,
    status: r.status === 'skip' || r.status === 'info' ? r.status : 'fail',
    explanation: `${text.explanation} ${inBrackets(r.explanation)}`,
    fix: text.fix,
  }
}
