/**
 * The HTTPS echo sources of the public-IP check: one GET per source and address family, forced
 * onto that family, whose answer is the address the service saw.
 */
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import tls from 'node:tls'

import type { PublicIpObservation } from '../../shared/site-identity-types'
import type { ProbeDeps } from './probe-deps'
import { classifySocketError } from './socket-error'

/** An echo answer is an address, perhaps a few lines: anything longer is not what we asked. */
const MAX_ECHO_BYTES = 4096

/** What asking an HTTPS echo source needs from the run. */
export interface HttpsEchoEnv {
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
  env: HttpsEchoEnv,
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

/** Asks one HTTPS echo source, over one family, for the address it sees. */
export async function observeHttps(
  url: string,
  family: 4 | 6,
  timeoutMs: number,
  env: HttpsEchoEnv,
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
    const body = await fetchEcho(url, family, timeoutMs, env)
    const ip = ipFromEchoBody(body)
    if (!ip) return obs(null, 'no IP address in the answer')
    if (net.isIP(ip) !== family) return obs(null, `answered with an IPv${net.isIP(ip)} address`)
    return obs(ip, null)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return obs(null, code ?? classifySocketError(e).message)
  }
}
