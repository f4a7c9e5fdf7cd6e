/**
 * The site's public IP as the outside sees it, IPv4 and IPv6 separately, from independent sources
 * at once: HTTPS echo services, DNS echo (OpenDNS, Google) and — the one that matters for an
 * IP-bound connector and SPF — the address Exchange Online echoes in its EHLO greeting.
 * docs/microsoft-365-facts.md, "The public IP as seen from outside", explains the sources and why
 * they can disagree.
 */
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import tls from 'node:tls'

import type {
  ProbeResult,
  PublicIpData,
  PublicIpFamily,
  PublicIpObservation,
} from '../../shared/probe-types'
import { reverseNameLooksDynamic } from '../../shared/decision/facts'
import { parsePublicIpSource } from '../../shared/public-ip-source'
import { createDnsClient, dnsErrorCode, serverAddress, type DnsClient } from './dns-client'
import type { ProbeDeps } from './probe-deps'
import { classifySocketError } from './smtp-session'

/** An echo answer is an address, perhaps a few lines: anything longer is not what we asked. */
const MAX_ECHO_BYTES = 4096

export interface PublicIpInput {
  id: string
  sources: string[]
  timeoutMs: number
  /** Addresses Exchange Online echoed in EHLO greetings, by the check that saw them. */
  smtpEcho: Array<{ source: string; ip: string }>
}

export interface PublicIpEnv {
  dns: DnsClient
  /** Name → addresses of one family (the run's DNS), for the HTTPS sources. */
  lookupFamily: (host: string, family: 4 | 6) => Promise<string[]>
  deps: ProbeDeps
  signal?: AbortSignal | undefined
}

/** Reads an address out of an echo answer: the whole body, or an `ip=` line (Cloudflare trace). */
export function ipFromEchoBody(body: string): string | null {
  const whole = body.trim()
  if (net.isIP(whole)) return whole
  const line = /^ip=(\S+)\s*$/m.exec(body)?.[1]
  return line && net.isIP(line) ? line : null
}

function fetchEcho(
  url: string,
  family: 4 | 6,
  timeoutMs: number,
  env: PublicIpEnv,
): Promise<string> {
  const u = new URL(url)
  const hostname = u.hostname.replace(/^\[|\]$/g, '')
  const literal = net.isIP(hostname)
  const client = u.protocol === 'https:' ? https : http
  const extra = env.deps.extraCa ?? []
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        protocol: u.protocol,
        hostname,
        port: u.port || undefined,
        path: `${u.pathname}${u.search}`,
        method: 'GET',
        headers: { 'user-agent': 'ScanPath', accept: 'text/plain' },
        timeout: timeoutMs,
        agent: false,
        ...(extra.length ? { ca: [...tls.rootCertificates, ...extra] } : {}),
        ...(literal
          ? {}
          : {
              servername: hostname,
              // Force the family: the address must be asked for over IPv4 and IPv6 separately.
              lookup: (
                host: string,
                _opts: unknown,
                cb: (
                  err: Error | null,
                  address: string | Array<{ address: string; family: number }>,
                  fam?: number,
                ) => void,
              ) => {
                env.lookupFamily(host, family).then(
                  (addrs) => {
                    const first = addrs[0]
                    if (!first)
                      return cb(
                        Object.assign(new Error(`no IPv${family} address`), { code: 'ENODATA' }),
                        '',
                      )
                    const all = (_opts as { all?: boolean } | undefined)?.all
                    return all
                      ? cb(
                          null,
                          addrs.map((address) => ({ address, family })),
                        )
                      : cb(null, first, family)
                  },
                  (e: unknown) => cb(e as Error, ''),
                )
              },
            }),
        ...(env.signal ? { signal: env.signal } : {}),
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume()
          reject(
            Object.assign(new Error(`HTTP ${res.statusCode}`), { code: `HTTP_${res.statusCode}` }),
          )
          return
        }
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          body += chunk
          if (body.length > MAX_ECHO_BYTES) {
            req.destroy(Object.assign(new Error('answer too large'), { code: 'ETOOLARGE' }))
          }
        })
        res.on('end', () => resolve(body))
        res.on('error', reject)
      },
    )
    req.on('timeout', () =>
      req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
    )
    req.on('error', reject)
    req.end()
  })
}

async function observeHttps(
  url: string,
  family: 4 | 6,
  input: PublicIpInput,
  env: PublicIpEnv,
): Promise<PublicIpObservation> {
  const t0 = performance.now()
  const obs = (ip: string | null, error: string | null): PublicIpObservation => ({
    source: url,
    kind: 'https',
    family,
    ip,
    error,
    durationMs: Math.round(performance.now() - t0),
  })
  try {
    const body = await fetchEcho(url, family, input.timeoutMs, env)
    const ip = ipFromEchoBody(body)
    if (!ip) return obs(null, 'no IP address in the answer')
    if (net.isIP(ip) !== family) return obs(null, `answered with an IPv${net.isIP(ip)} address`)
    return obs(ip, null)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return obs(null, code ?? classifySocketError(e).message)
  }
}

async function observeDns(spec: string, input: PublicIpInput): Promise<PublicIpObservation> {
  const t0 = performance.now()
  const parsed = parsePublicIpSource(spec)
  if (typeof parsed === 'string' || parsed.kind !== 'dns')
    throw new Error(`not a DNS source: ${spec}`)
  const obs = (ip: string | null, error: string | null): PublicIpObservation => ({
    source: spec,
    kind: 'dns',
    family: parsed.family,
    ip,
    error,
    durationMs: Math.round(performance.now() - t0),
  })
  // Asked straight at the echo's own server: through a recursive resolver the answer would
  // describe the resolver, not this site.
  const client = createDnsClient({
    servers: [serverAddress(parsed.server, parsed.port)],
    timeoutMs: input.timeoutMs,
  })
  try {
    if (parsed.record === 'ip') {
      const ips =
        parsed.family === 4
          ? await client.resolve4(parsed.name)
          : await client.resolve6(parsed.name)
      const ip = ips.find((a) => net.isIP(a) === parsed.family)
      return ip ? obs(ip, null) : obs(null, 'no address in the answer')
    }
    const txt = await client.resolveTxt(parsed.name)
    const ip = txt.map((t) => t.trim()).find((t) => net.isIP(t) === parsed.family)
    return ip ? obs(ip, null) : obs(null, 'no address in the answer')
  } catch (e) {
    return obs(null, dnsErrorCode(e))
  } finally {
    client.cancel()
  }
}

// --- Judging an address ---------------------------------------------------------------------

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0)
}

function inV4(ip: string, base: string, bits: number): boolean {
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0
  return (v4ToInt(ip) & mask) >>> 0 === (v4ToInt(base) & mask) >>> 0
}

/** Why an address cannot be the public address of an IP-bound connector, or null. */
export function unsuitableReason(ip: string): string | null {
  if (net.isIPv4(ip)) {
    if (inV4(ip, '10.0.0.0', 8) || inV4(ip, '172.16.0.0', 12) || inV4(ip, '192.168.0.0', 16)) {
      return `${ip} is a private (RFC 1918) address: something on the way (a proxy or an upstream NAT) reports the inside, not the public side`
    }
    if (inV4(ip, '100.64.0.0', 10)) {
      return `${ip} is in 100.64.0.0/10, carrier-grade NAT (RFC 6598): the site shares its public address with other customers of the ISP, so it cannot be named in a connector or SPF`
    }
    if (inV4(ip, '127.0.0.0', 8) || inV4(ip, '169.254.0.0', 16) || inV4(ip, '0.0.0.0', 8)) {
      return `${ip} is not a routable address`
    }
    return null
  }
  const first = parseInt(ip.split(':')[0] || '0', 16)
  if (ip === '::1' || ip === '::') return `${ip} is not a routable address`
  if ((first & 0xfe00) === 0xfc00) return `${ip} is a unique-local (private) IPv6 address`
  if ((first & 0xffc0) === 0xfe80) return `${ip} is a link-local IPv6 address`
  return null
}

/**
 * Whether a reverse name looks like a dynamic address pool (shared/decision/facts.ts has the
 * rule): a hint shown with the static-IP question, never proof. The address spelled out in the
 * name is not a sign either way, and `static` or `fixed` in it means the opposite.
 */
export function looksDynamic(names: string[]): boolean | null {
  if (names.length === 0) return null
  return names.some((n) => reverseNameLooksDynamic(n))
}

function summarizeFamily(
  family: 4 | 6,
  observations: PublicIpObservation[],
): Omit<PublicIpFamily, 'reverseDns' | 'looksDynamic'> {
  const seen = observations.filter((o) => o.family === family && o.ip)
  const counts = new Map<string, number>()
  for (const o of seen) counts.set(o.ip!, (counts.get(o.ip!) ?? 0) + 1)
  const distinct = [...counts.keys()]
  const smtpIp = seen.find((o) => o.kind === 'smtp')?.ip ?? null
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
  const consensus = smtpIp ?? majority
  return {
    family,
    consensus,
    smtpIp,
    distinct,
    unsuitable: consensus ? unsuitableReason(consensus) : null,
  }
}

async function withReverse(
  f: Omit<PublicIpFamily, 'reverseDns' | 'looksDynamic'>,
  dns: DnsClient,
): Promise<PublicIpFamily> {
  if (!f.consensus || f.unsuitable) return { ...f, reverseDns: [], looksDynamic: null }
  const names = await dns.reverse(f.consensus).catch(() => [] as string[])
  return { ...f, reverseDns: names, looksDynamic: looksDynamic(names) }
}

function describeSources(f: PublicIpFamily, observations: PublicIpObservation[]): string {
  const byIp = f.distinct.map((ip) => {
    const kinds = [
      ...new Set(
        observations
          .filter((o) => o.ip === ip)
          .map((o) =>
            o.kind === 'smtp'
              ? 'Exchange Online (EHLO)'
              : o.kind === 'dns'
                ? 'DNS echo'
                : 'HTTPS echo',
          ),
      ),
    ]
    return `${kinds.join(' and ')}: ${ip}`
  })
  return byIp.join('; ')
}

type Verdict = Pick<ProbeResult, 'status' | 'explanation' | 'fix'>

function judge(data: PublicIpData): Verdict {
  const fams = [data.v4, data.v6].filter((f) => f.consensus)
  if (fams.length === 0) {
    const reasons = [...new Set(data.observations.map((o) => o.error).filter(Boolean))]
      .slice(0, 4)
      .join(', ')
    return {
      status: 'fail',
      explanation: `No source could tell this site's public IP (${reasons || 'no source answered'}).`,
      fix: 'Check that this laptop is online. If only some services are blocked here, the others still answer: run the checks again, or ask the site IT which outbound services are allowed.',
    }
  }
  const warnings: string[] = []
  const fixes: string[] = []
  for (const f of fams) {
    const label = `IPv${f.family}`
    if (f.distinct.length > 1) {
      warnings.push(
        `the sources disagree over ${label} (${describeSources(f, data.observations)}): this site has more than one way out — several internet lines, a proxy for web traffic, or mail leaving by another route than HTTPS`,
      )
      fixes.push(
        f.smtpIp
          ? `For a relay connector and SPF use the address Exchange Online sees: ${f.smtpIp}.`
          : 'Run the checks with the Microsoft 365 SMTP checks reachable, so Exchange Online itself shows the address mail comes from.',
      )
    }
    if (f.unsuitable) {
      warnings.push(f.unsuitable)
      fixes.push(
        'An IP-bound connector needs a static public address of the site: use client submission or a certificate-based connector, or ask the ISP for a static address.',
      )
    }
    if (f.looksDynamic) {
      const name = f.reverseDns.find((n) => reverseNameLooksDynamic(n)) ?? f.reverseDns[0]
      warnings.push(
        `the reverse name of ${f.consensus} (${name}) looks like a dynamic address pool (a hint only: ISPs name some static lines this way too)`,
      )
      fixes.push(
        'Confirm with the ISP that the address is static before naming it in a connector or SPF; answer the static-IP question in the Decision step with what they say.',
      )
    }
  }
  const lines = fams.map((f) => {
    const who = f.smtpIp ? ', as Exchange Online itself reports' : ''
    const rdns = f.reverseDns.length
      ? ` (reverse name ${f.reverseDns.join(', ')})`
      : f.unsuitable
        ? ''
        : ' (no reverse name)'
    return `${f.consensus} over IPv${f.family}${who}${rdns}`
  })
  const missing = [data.v4, data.v6].find((f) => !f.consensus)
  const none = missing ? ` No public IPv${missing.family} address was seen.` : ''
  if (warnings.length > 0) {
    return {
      status: 'warn',
      explanation: `This site is seen from ${lines.join(' and ')}, but ${warnings.join('; and ')}.${none}`,
      fix: fixes.join(' '),
    }
  }
  return {
    status: 'pass',
    explanation: `This site is seen from ${lines.join(' and ')}.${none}`,
    fix: null,
  }
}

export async function checkPublicIp(
  input: PublicIpInput,
  env: PublicIpEnv,
): Promise<ProbeResult<PublicIpData>> {
  const started = performance.now()
  const jobs: Array<Promise<PublicIpObservation>> = []
  for (const source of input.sources) {
    const spec = parsePublicIpSource(source)
    if (typeof spec === 'string') continue // validated at the boundary; nothing to ask
    if (spec.kind === 'https') {
      const literal = net.isIP(new URL(spec.url).hostname.replace(/^\[|\]$/g, ''))
      for (const family of [4, 6] as const) {
        if (literal && literal !== family) continue
        jobs.push(observeHttps(spec.url, family, input, env))
      }
    } else {
      jobs.push(observeDns(source, input))
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
      ? { status: 'skip' as const, explanation: 'Cancelled.', fix: null }
      : judge(data)),
    durationMs: Math.round(performance.now() - started),
    phases: [],
    data,
    transcript: [],
  }
}
