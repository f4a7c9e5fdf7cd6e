/**
 * DNS facts the sending methods depend on: the submission host's addresses, the customer
 * domain's MX (is Microsoft 365 its MX endpoint, or is a third-party filter in front?) and its
 * SPF record (one record, valid, including Microsoft 365, within the 10-lookup limit).
 */
import net from 'node:net'

import { spf as evaluateSpf } from 'mailauth/lib/spf'

import { isMicrosoftMx } from '../../shared/decision/mx-host'
import type { ProbeResult, ProbeVerdict } from '../../shared/probe-types'
import type {
  DnsHostData,
  DnsMxData,
  MxRecordInfo,
  SpfRecordData,
} from '../../shared/site-identity-types'
import { dnsErrorCode, DNS_NETWORK_ERRORS, type DnsClient } from './dns-client'
import type { ResolvedAddress } from './probe-deps'
import {
  includesDirectly,
  lintSpf,
  mergeSpf,
  MICROSOFT_SPF_INCLUDE,
  referencedDomains,
  SPF_LOOKUP_LIMIT,
  spfRecords,
} from './spf-record'

type Verdict = ProbeVerdict

/** Whether a DNS failure means "nobody answered" (offline, blocked DNS) rather than "no such data". */
export function isNetworkDnsError(code: string | null): boolean {
  return code !== null && DNS_NETWORK_ERRORS.has(code)
}

function noAnswer(what: string, code: string, label: string): Verdict {
  return {
    status: 'fail',
    explanation: `The DNS server (${label}) did not answer for ${what} (${code}).`,
    fix: 'Check that this laptop is online and that the site lets it use DNS; then run the checks again.',
  }
}

function result<Id extends string, D>(
  id: Id,
  title: string,
  started: number,
  data: D,
  v: Verdict,
): ProbeResult<Id, D> {
  return {
    id,
    title,
    ...v,
    durationMs: Math.round(performance.now() - started),
    phases: [],
    data,
    transcript: [],
  }
}

// --- Submission host ---------------------------------------------------------------

export async function checkDnsHost(
  input: { id: 'dns-submission-host'; host: string },
  /** The OS resolver (as the device's stub resolver works), or the run's DNS server. */
  lookup: (host: string) => Promise<ResolvedAddress[]>,
  label: string,
): Promise<ProbeResult<'dns-submission-host', DnsHostData>> {
  const started = performance.now()
  const data: DnsHostData = { host: input.host, resolver: label, a: [], aaaa: [], error: null }
  const title = `DNS for ${input.host}`
  if (net.isIP(input.host)) {
    ;(net.isIPv4(input.host) ? data.a : data.aaaa).push(input.host)
    return result(input.id, title, started, data, {
      status: 'pass',
      explanation: `${input.host} is an IP address: no DNS lookup is needed.`,
      fix: null,
    })
  }
  try {
    const found = await lookup(input.host)
    data.a = found.filter((f) => f.family === 4).map((f) => f.address)
    data.aaaa = found.filter((f) => f.family === 6).map((f) => f.address)
  } catch (e) {
    data.error = dnsErrorCode(e)
  }
  if (data.a.length + data.aaaa.length > 0) {
    const list = [...data.a, ...data.aaaa].join(', ')
    return result(input.id, title, started, data, {
      status: 'pass',
      explanation: `${input.host} resolves to ${list} (DNS: ${label}).`,
      fix: null,
    })
  }
  data.error ??= 'ENODATA'
  if (isNetworkDnsError(data.error)) {
    return result(input.id, title, started, data, noAnswer(input.host, data.error, label))
  }
  return result(input.id, title, started, data, {
    status: 'fail',
    explanation: `${input.host} does not resolve (${data.error}): devices on this network cannot find it.`,
    fix: `Check the spelling of ${input.host}. If it is right, the site's DNS is filtering it: ask the site's IT.`,
  })
}

// --- MX ----------------------------------------------------------------------------------

const DOMAINS_PAGE =
  'In the Microsoft 365 admin center, Settings > Domains > the domain: the MX record\'s "Points to address" is the MX endpoint.'

export async function checkMx(
  input: { id: 'dns-mx'; domain: string },
  dns: DnsClient,
): Promise<ProbeResult<'dns-mx', DnsMxData>> {
  const started = performance.now()
  const title = `MX of ${input.domain}`
  const data: DnsMxData = {
    domain: input.domain,
    resolver: dns.label,
    records: [],
    m365Endpoint: null,
    error: null,
  }
  try {
    const mx = await dns.resolveMx(input.domain)
    data.records = mx
      .map<MxRecordInfo>((r) => ({
        exchange: r.exchange.replace(/\.$/, '').toLowerCase(),
        priority: r.priority,
        kind: isMicrosoftMx(r.exchange) ? 'microsoft-365' : 'other',
      }))
      .sort((x, y) => x.priority - y.priority || x.exchange.localeCompare(y.exchange))
  } catch (e) {
    data.error = dnsErrorCode(e)
  }
  if (data.error && isNetworkDnsError(data.error)) {
    return result(
      input.id,
      title,
      started,
      data,
      noAnswer(`the MX of ${input.domain}`, data.error, dns.label),
    )
  }
  if (data.error === 'ENOTFOUND') {
    return result(input.id, title, started, data, {
      status: 'fail',
      explanation: `${input.domain} does not exist in DNS.`,
      fix: 'Check the spelling of the customer domain (the part after @ in their addresses).',
    })
  }
  if (data.records.length === 0) {
    return result(input.id, title, started, data, {
      status: 'fail',
      explanation: `${input.domain} has no MX record, so it receives no mail and direct send has no target.`,
      fix: `Ask the tenant admin to publish the MX record Microsoft 365 shows for the domain. ${DOMAINS_PAGE}`,
    })
  }
  data.m365Endpoint = data.records.find((r) => r.kind === 'microsoft-365')?.exchange ?? null
  const primary = data.records[0]!
  if (primary.kind === 'microsoft-365') {
    return result(input.id, title, started, data, {
      status: 'pass',
      explanation: `${input.domain}'s MX is Microsoft 365: ${primary.exchange}. That is the host for direct send and SMTP relay (port 25); it is checked below.`,
      fix: null,
    })
  }
  const endpoint = data.m365Endpoint
    ? `The Microsoft 365 endpoint ${data.m365Endpoint} is also listed (priority ${data.records.find((r) => r.exchange === data.m365Endpoint)?.priority}); it is checked below.`
    : `The Microsoft 365 MX endpoint is not published in DNS; ${DOMAINS_PAGE} Give it as the MX host to check it.`
  return result(input.id, title, started, data, {
    status: 'warn',
    explanation:
      `${input.domain}'s mail goes first to ${primary.exchange}, not to Microsoft 365: a third-party filter or gateway sits in front. ` +
      'Direct send and relay must still go to the Microsoft 365 endpoint, which bypasses that filter; a tenant locked down to accept mail only from the filter will refuse them. ' +
      endpoint,
    fix: 'Ask the tenant admin whether inbound mail is restricted to the filter. If it is, use client submission (587), or relay through the filter as its vendor documents.',
  })
}

// --- SPF record ------------------------------------------------------------------------------

/** Walks include:/redirect= to see whether Microsoft 365's include appears anywhere. */
async function reachesMicrosoft(record: string, dns: DnsClient): Promise<boolean> {
  const seen = new Set<string>()
  const queue = [record]
  // Bounded like SPF itself: at most 10 records fetched.
  while (queue.length > 0 && seen.size <= SPF_LOOKUP_LIMIT) {
    const r = queue.shift()!
    if (includesDirectly(r)) return true
    for (const d of referencedDomains(r)) {
      if (seen.has(d)) continue
      seen.add(d)
      try {
        queue.push(...spfRecords(await dns.resolveTxt(d)))
      } catch {
        // An include that does not resolve is reported by the evaluation (lookup errors).
      }
    }
  }
  return false
}

/**
 * Lookups the record needs when evaluated to the end, by mailauth with an address that matches
 * no record (192.0.2.1, TEST-NET-1), so every mechanism is tried.
 */
async function countLookups(
  domain: string,
  dns: DnsClient,
): Promise<{ count: number | null; error: string | null }> {
  const r = await evaluateSpf({
    sender: `postmaster@${domain}`,
    ip: '192.0.2.1',
    helo: 'scanpath.localdomain',
    mta: 'scanpath',
    resolver: dns.resolve as never,
  })
  const count = (r as { lookups?: { count?: number } }).lookups?.count ?? null
  const status = r.status as { result: string; comment?: string | false }
  const error =
    status.result === 'permerror' || status.result === 'temperror'
      ? String(status.comment || status.result)
      : null
  return { count, error }
}

export async function checkSpfRecord(
  input: { id: 'dns-spf'; domain: string },
  dns: DnsClient,
): Promise<ProbeResult<'dns-spf', SpfRecordData>> {
  const started = performance.now()
  const title = `SPF record of ${input.domain}`
  const data: SpfRecordData = {
    domain: input.domain,
    resolver: dns.label,
    records: [],
    record: null,
    problems: [],
    includesMicrosoft: false,
    lookupCount: null,
    lookupLimit: SPF_LOOKUP_LIMIT,
    error: null,
  }
  let txt: string[] = []
  try {
    txt = await dns.resolveTxt(input.domain)
  } catch (e) {
    const code = dnsErrorCode(e)
    if (code !== 'ENODATA') data.error = code
  }
  if (data.error && isNetworkDnsError(data.error)) {
    return result(
      input.id,
      title,
      started,
      data,
      noAnswer(`the TXT records of ${input.domain}`, data.error, dns.label),
    )
  }
  if (data.error === 'ENOTFOUND') {
    return result(input.id, title, started, data, {
      status: 'fail',
      explanation: `${input.domain} does not exist in DNS.`,
      fix: 'Check the spelling of the customer domain.',
    })
  }
  data.records = spfRecords(txt)
  if (data.records.length === 0) {
    return result(input.id, title, started, data, {
      status: 'warn',
      explanation: `${input.domain} publishes no SPF record, so receivers cannot tell its real senders from forgeries; mail sent for it (by Microsoft 365, or by a device through direct send or relay) may land in spam.`,
      fix: `Ask the domain's DNS admin to publish one TXT record: ${mergeSpf([], [])} (the SPF verdict check adds this site's address if direct send or relay needs it).`,
    })
  }
  if (data.records.length > 1) {
    data.problems.push(`There are ${data.records.length} SPF records; only one is allowed.`)
    return result(input.id, title, started, data, {
      status: 'fail',
      explanation: `${input.domain} publishes ${data.records.length} SPF records. RFC 7208 §3.2 allows one: receivers treat this as a permanent error and SPF fails for all its mail.`,
      fix: `Replace them with one merged record: ${mergeSpf(data.records, [])}`,
    })
  }
  const record = data.records[0]!
  data.record = record
  data.problems = lintSpf(record)
  const [microsoft, lookups] = await Promise.all([
    reachesMicrosoft(record, dns),
    countLookups(input.domain, dns),
  ])
  data.includesMicrosoft = microsoft
  data.lookupCount = lookups.count
  if (lookups.error) data.error = lookups.error
  const tooMany = lookups.error?.includes('Too many DNS') || (lookups.count ?? 0) > SPF_LOOKUP_LIMIT
  if (tooMany) {
    data.problems.push(`It needs more than ${SPF_LOOKUP_LIMIT} DNS lookups.`)
    return result(input.id, title, started, data, {
      status: 'fail',
      explanation: `${input.domain}'s SPF record needs more than ${SPF_LOOKUP_LIMIT} DNS lookups (RFC 7208 §4.6.4), so receivers stop with a permanent error and SPF fails.`,
      fix: 'Remove includes that are no longer used, or replace some with ip4:/ip6: ranges (they need no lookup).',
    })
  }
  const permerror = lookups.error && !tooMany ? lookups.error : null
  const fatal = data.problems.filter((p) => p.includes('permerror'))
  if (permerror || fatal.length > 0) {
    return result(input.id, title, started, data, {
      status: 'fail',
      explanation: `${input.domain}'s SPF record is invalid, so receivers treat it as a permanent error: ${[...fatal, ...(permerror ? [permerror] : [])].join(' ')}`,
      fix: `Correct the record: "${record}".`,
    })
  }
  const count = `${lookups.count ?? '?'} of ${SPF_LOOKUP_LIMIT} DNS lookups`
  if (!microsoft) {
    return result(input.id, title, started, data, {
      status: 'warn',
      explanation: `${input.domain}'s SPF record does not include ${MICROSOFT_SPF_INCLUDE}, so mail Microsoft 365 sends for the domain fails SPF. Record: "${record}" (${count}).${data.problems.length ? ` Also: ${data.problems.join(' ')}` : ''}`,
      fix: `Publish instead: ${mergeSpf([record], [])}`,
    })
  }
  if (data.problems.length > 0) {
    return result(input.id, title, started, data, {
      status: 'warn',
      explanation: `${input.domain}'s SPF record includes Microsoft 365 (${count}), but: ${data.problems.join(' ')}`,
      fix: `Tidy the record: "${record}".`,
    })
  }
  return result(input.id, title, started, data, {
    status: 'pass',
    explanation: `${input.domain} has one valid SPF record that includes Microsoft 365, using ${count}: "${record}".`,
    fix: null,
  })
}
