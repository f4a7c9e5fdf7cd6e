/**
 * The site's public address against DNS blocklists (DNSBL: an A lookup of the reversed address
 * under the list's zone, RFC 5782). A resolver that refuses or cannot answer — some lists refuse
 * public resolvers — is "unknown", never "clean".
 */
import net from 'node:net'

import type { ProbeResult, ProbeVerdict } from '../../shared/probe-types'
import type { BlocklistData, BlocklistResult } from '../../shared/site-identity-types'
import { dnsErrorCode, type DnsClient } from './dns-client'

export interface BlocklistInput {
  id: 'blocklists'
  ips: string[]
  zones: string[]
}

interface ListInfo {
  name: string
  removalUrl: string
  ipv6: boolean
  /** Meanings of return codes (127.0.0.x), where the list documents them. */
  codes?: Record<string, string>
}

// Spamhaus return codes: https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html
const SPAMHAUS_CODES: Record<string, string> = {
  '127.0.0.2': 'SBL: a known spam source',
  '127.0.0.3': 'CSS: snowshoe spam seen from this address',
  '127.0.0.4': 'XBL: an infected or exploited machine sends from this address',
  '127.0.0.9': 'DROP: a hijacked or criminal network',
  '127.0.0.10': 'PBL: the ISP says this address should not send mail directly (an end-user range)',
  '127.0.0.11': 'PBL: Spamhaus considers this an end-user range that should not send mail directly',
  '127.0.0.30': 'BCL: a botnet controller',
}

const KNOWN: Record<string, ListInfo> = {
  'zen.spamhaus.org': {
    name: 'Spamhaus ZEN',
    removalUrl: 'https://check.spamhaus.org/',
    ipv6: true,
    codes: SPAMHAUS_CODES,
  },
  'bl.spamcop.net': {
    name: 'SpamCop',
    removalUrl: 'https://www.spamcop.net/bl.shtml',
    ipv6: false,
  },
  'b.barracudacentral.org': {
    name: 'Barracuda',
    removalUrl: 'https://www.barracudacentral.org/lookups',
    ipv6: false,
  },
}

// Spamhaus answers errors inside 127.255.255.0/24 — never a listing (spamhaus.org news 788).
const QUERY_ERRORS: Record<string, string> = {
  '127.255.255.252': 'the list name is wrong',
  '127.255.255.254': 'the list refuses queries from public or open resolvers',
  '127.255.255.255': 'too many queries from this resolver',
}

/** `7.113.0.203.zen.spamhaus.org` for IPv4; nibble-reversed for IPv6 (RFC 5782 §2.4). */
export function dnsblQuery(ip: string, zone: string): string {
  if (net.isIPv4(ip)) return `${ip.split('.').reverse().join('.')}.${zone}`
  const groups = ip.split('::')
  const head = (groups[0] ?? '').split(':').filter(Boolean)
  const tail = groups.length > 1 ? (groups[1] ?? '').split(':').filter(Boolean) : []
  const full = [...head, ...Array(8 - head.length - tail.length).fill('0'), ...tail]
  const nibbles = full.map((g) => g.padStart(4, '0')).join('')
  return `${nibbles.split('').reverse().join('.')}.${zone}`
}

async function lookup(ip: string, zone: string, dns: DnsClient): Promise<BlocklistResult> {
  const info = KNOWN[zone]
  const query = dnsblQuery(ip, zone)
  const base = {
    zone,
    ip,
    query,
    reason: null,
    meaning: null,
    removalUrl: info?.removalUrl ?? null,
  }
  let answers: string[]
  try {
    answers = await dns.resolve4(query)
  } catch (e) {
    const code = dnsErrorCode(e)
    if (code === 'ENOTFOUND' || code === 'ENODATA')
      return { ...base, state: 'not-listed', codes: [] }
    return {
      ...base,
      state: 'unknown',
      codes: [code],
      meaning: `the DNS server did not answer the query (${code})`,
    }
  }
  const errors = answers.filter((a) => a.startsWith('127.255.255.'))
  if (errors.length > 0) {
    return {
      ...base,
      state: 'unknown',
      codes: errors,
      meaning: errors.map((a) => QUERY_ERRORS[a] ?? `error answer ${a}`).join('; '),
    }
  }
  const listings = answers.filter((a) => a.startsWith('127.'))
  if (listings.length === 0) {
    // An answer outside 127/8 is a resolver rewriting "no such name" (ad or filter pages).
    return {
      ...base,
      state: 'unknown',
      codes: answers,
      meaning: 'the DNS server rewrote the answer, so it cannot be trusted',
    }
  }
  // The list's own words for the listing, when it publishes them (TXT beside the A record).
  const reason = await dns.resolveTxt(query).then(
    (txt) => txt[0] ?? null,
    () => null,
  )
  const meaning = listings.map((a) => info?.codes?.[a] ?? `listed (${a})`).join('; ')
  return { ...base, state: 'listed', codes: listings, reason, meaning }
}

const isPolicyOnly = (r: BlocklistResult) =>
  r.codes.every((c) => c === '127.0.0.10' || c === '127.0.0.11')

export async function checkBlocklists(
  input: BlocklistInput,
  dns: DnsClient,
): Promise<ProbeResult<'blocklists', BlocklistData>> {
  const started = performance.now()
  const data: BlocklistData = { ips: input.ips, results: [] }
  const done = (v: ProbeVerdict): ProbeResult<'blocklists', BlocklistData> => ({
    id: input.id,
    title: "Blocklists for this site's address",
    ...v,
    durationMs: Math.round(performance.now() - started),
    phases: [],
    data,
    transcript: [],
  })
  if (input.ips.length === 0) {
    return done({
      status: 'skip',
      skipReason: 'needs-earlier-check',
      explanation: 'No public address of this site is known, so no blocklist was asked.',
      fix: null,
    })
  }
  const jobs = input.ips.flatMap((ip) =>
    input.zones
      .filter((z) => net.isIPv4(ip) || (KNOWN[z]?.ipv6 ?? true))
      .map((zone) => lookup(ip, zone, dns)),
  )
  data.results = await Promise.all(jobs)
  const name = (r: BlocklistResult) => KNOWN[r.zone]?.name ?? r.zone
  const listed = data.results.filter((r) => r.state === 'listed')
  const unknown = data.results.filter((r) => r.state === 'unknown')
  const clean = data.results.filter((r) => r.state === 'not-listed')
  const unknownText = unknown.length
    ? ` Could not check ${unknown.map((r) => `${name(r)} for ${r.ip} (${r.meaning})`).join(', ')}: that is unknown, not clean.`
    : ''
  const forMethods =
    "With direct send and SMTP relay the site's address is the sending address, so receivers that use these lists refuse or junk the device's mail; client submission is not affected (Microsoft 365's servers send)."
  if (listed.length > 0) {
    const policy = listed.every(isPolicyOnly)
    return done({
      status: policy ? 'warn' : 'fail',
      explanation: `${listed.map((r) => `${r.ip} is listed on ${name(r)}: ${r.meaning}${r.reason ? ` ("${r.reason}")` : ''}`).join('; ')}. ${forMethods}${unknownText}`,
      fix: policy
        ? 'A policy listing marks an ISP end-user range: ask the ISP for a static business address (and its removal from the PBL), or use client submission.'
        : `Find and clean the infected or misused machine on this network first, then request removal: ${[...new Set(listed.map((r) => r.removalUrl).filter(Boolean))].join(', ')}.`,
    })
  }
  if (unknown.length > 0) {
    return done({
      status: 'warn',
      explanation: `${clean.length ? `Not listed on ${[...new Set(clean.map(name))].join(', ')}.` : 'No list could be checked.'}${unknownText}`,
      fix: "Some lists refuse queries from public resolvers: run the checks with the site's own DNS server (--dns-server), or look the address up on the list's website.",
    })
  }
  return done({
    status: 'pass',
    explanation: `${input.ips.join(' and ')} ${input.ips.length > 1 ? 'are' : 'is'} on none of ${[...new Set(clean.map(name))].join(', ')}.`,
    fix: null,
  })
}
