/**
 * The site's public IP as the outside sees it, IPv4 and IPv6 separately, from independent sources
 * at once: HTTPS echo services, DNS echo (OpenDNS, Google) and — the one that matters for an
 * IP-bound connector and SPF — the address Exchange Online echoes in its EHLO greeting.
 * docs/microsoft-365-facts.md, "The public IP as seen from outside", explains the sources and why
 * they can disagree.
 *
 * The sources are asked in public-ip-https.ts and public-ip-dns.ts; public-ip-verdict.ts turns
 * what they saw into the check's result, with public-ip-address.ts judging each address.
 */
import net from 'node:net'

import type { ProbeResult } from '../../shared/probe-types'
import type { PublicIpData, PublicIpObservation } from '../../shared/site-identity-types'
import { parsePublicIpSource } from '../../shared/public-ip-source'
import type { DnsClient } from './dns-client'
import { observeDns } from './public-ip-dns'
import { observeHttps, type HttpsEchoEnv } from './public-ip-https'
import { judge, summarizeFamily, withReverse } from './public-ip-verdict'

export interface PublicIpInput {
  id: 'public-ip'
  sources: string[]
  timeoutMs: number
  /** Addresses Exchange Online echoed in EHLO greetings, by the check that saw them. */
  smtpEcho: Array<{ source: string; ip: string }>
}

export interface PublicIpEnv extends HttpsEchoEnv {
  /** The run's DNS, for the reverse names of the address found. */
  dns: DnsClient
}

/** Asks every source at once, adds the addresses Exchange Online echoed, and judges them. */
export async function checkPublicIp(
  input: PublicIpInput,
  env: PublicIpEnv,
): Promise<ProbeResult<'public-ip', PublicIpData>> {
  const started = performance.now()
  const jobs: Array<Promise<PublicIpObservation>> = []
  for (const source of input.sources) {
    const spec = parsePublicIpSource(source)
    if (typeof spec === 'string') continue // validated at the boundary; nothing to ask
    if (spec.kind === 'https') {
      const literal = net.isIP(new URL(spec.url).hostname.replace(/^\[|\]$/g, ''))
      for (const family of [4, 6] as const) {
        if (literal && literal !== family) continue
        jobs.push(observeHttps(spec.url, family, input.timeoutMs, env))
      }
    } else {
      jobs.push(observeDns(source, input.timeoutMs))
    }
  }
  const observations = await Promise.all(jobs)
  for (const e of input.smtpEcho) {
    const family = net.isIP(e.ip)
    if (family === 4 || family === 6) {
      observations.push({
        source: e.source,
        kind: 'smtp',
        family,
        ip: e.ip,
        error: null,
        durationMs: 0,
      })
    }
  }
  const [v4, v6] = await Promise.all([
    withReverse(summarizeFamily(4, observations), env.dns),
    withReverse(summarizeFamily(6, observations), env.dns),
  ])
  const data: PublicIpData = { observations, v4, v6 }
  return {
    id: input.id,
    title: 'Public IP of this site',
    ...(env.signal?.aborted
      ? {
          status: 'skip' as const,
          skipReason: 'cancelled' as const,
          explanation: 'Cancelled.',
          fix: null,
        }
      : judge(data)),
    durationMs: Math.round(performance.now() - started),
    phases: [],
    data,
    transcript: [],
  }
}
