/**
 * DNS for one run: the system's resolver, or the `--dns-server` for every lookup of the run.
 * Built on Node's c-ares Resolver (real DNS queries, one try, bounded time) and cancellable.
 */
import { promises as dnsPromises } from 'node:dns'

import type { ResolvedAddress } from './probe-deps'

export interface DnsClient {
  /** `system`, or the server in use as `host:port`. */
  readonly label: string
  resolve4(name: string): Promise<string[]>
  resolve6(name: string): Promise<string[]>
  resolveMx(name: string): Promise<Array<{ exchange: string; priority: number }>>
  /** TXT records, each record's strings joined (RFC 7208 §3.3 for SPF, RFC 1035 §3.3.14). */
  resolveTxt(name: string): Promise<string[]>
  reverse(ip: string): Promise<string[]>
  /** `dns.promises.resolve(name, type)` shape, for libraries that take a resolver function. */
  resolve(name: string, type: string): Promise<unknown>
  /** Name → addresses through this client, in the shape probes use to connect. */
  lookup(name: string): Promise<ResolvedAddress[]>
  cancel(): void
}

/** Codes that mean "no answer came", as opposed to an answer saying the name or record is absent. */
export const DNS_NETWORK_ERRORS: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ETIMEOUT',
  'ETIMEDOUT',
  'ESERVFAIL',
  'EREFUSED',
  'ECANCELLED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNRESET',
])

/**
 * The subset of DNS_NETWORK_ERRORS where the server itself sent nothing back: no reply in time,
 * the port closed, no route. SERVFAIL and REFUSED are replies (a resolver whose upstream is down,
 * a list that refuses public resolvers), and ECANCELLED is our own cancel.
 */
export const DNS_SILENT_ERRORS: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ETIMEOUT',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ECONNRESET',
])

export function dnsErrorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException | null)?.code ?? (e instanceof Error ? e.message : String(e))
}

/** `host:port` / `[v6]:port`, as c-ares wants a server. */
export function serverAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/**
 * One TXT record as text. c-ares hands TXT bytes over as Latin-1 characters; records are UTF-8
 * (SPF is ASCII): the strings are joined first so a character split across two of them stays
 * whole, then decoded (a bad sequence becomes U+FFFD).
 */
function txtRecord(parts: string[]): string {
  return Buffer.from(parts.join(''), 'latin1').toString('utf8')
}

export function createDnsClient(opts: {
  /** `host:port` servers; none = the system's configuration. */
  servers?: string[]
  timeoutMs: number
}): DnsClient {
  // c-ares retries with a doubling timeout; one try keeps a dead server to one timeout.
  const resolver = new dnsPromises.Resolver({ timeout: Math.max(1, opts.timeoutMs), tries: 1 })
  if (opts.servers?.length) resolver.setServers(opts.servers)
  const label = opts.servers?.length ? opts.servers.join(', ') : 'system'
  const client: DnsClient = {
    label,
    resolve4: (n) => resolver.resolve4(n),
    resolve6: (n) => resolver.resolve6(n),
    resolveMx: (n) => resolver.resolveMx(n),
    resolveTxt: async (n) => (await resolver.resolveTxt(n)).map(txtRecord),
    reverse: (ip) => resolver.reverse(ip),
    // Libraries (mailauth's SPF evaluation) get TXT records decoded the same way, each as one
    // string: they join a record's strings anyway (RFC 7208 §3.3).
    resolve: async (n, type) =>
      type === 'TXT'
        ? (await resolver.resolveTxt(n)).map((parts) => [txtRecord(parts)])
        : resolver.resolve(n, type),
    async lookup(name) {
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)])
      const found: ResolvedAddress[] = [
        ...(v4.status === 'fulfilled'
          ? v4.value.map((address) => ({ address, family: 4 as const }))
          : []),
        ...(v6.status === 'fulfilled'
          ? v6.value.map((address) => ({ address, family: 6 as const }))
          : []),
      ]
      if (found.length === 0) {
        // Prefer the IPv4 error: it says whether the name is absent or the server silent.
        throw v4.status === 'rejected' ? v4.reason : (v6 as PromiseRejectedResult).reason
      }
      return found
    },
    cancel: () => resolver.cancel(),
  }
  return client
}

/**
 * The same client, noting whether a query got no reply at all (DNS_SILENT_ERRORS). The runner
 * gives each check its own watcher, to tell which checks needed a named server that was silent.
 */
export interface SilenceWatch {
  client: DnsClient
  /** The first "no reply" code seen, or null. */
  silentCode(): string | null
  /**
   * Settles once every query made so far has: a check can end on its own timer while its lookup
   * is still waiting on a silent server (the lookup and the connect share one step's limit).
   */
  idle(): Promise<void>
}

export function watchSilence(client: DnsClient): SilenceWatch {
  let silent: string | null = null
  const inflight = new Set<Promise<unknown>>()
  const watch =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      const p = f(...args).catch((e: unknown) => {
        const code = dnsErrorCode(e)
        if (DNS_SILENT_ERRORS.has(code)) silent ??= code
        throw e
      })
      const done = (): void => void inflight.delete(tracked)
      const tracked: Promise<void> = p.then(done, done)
      inflight.add(tracked)
      return p
    }
  return {
    client: {
      label: client.label,
      resolve4: watch(client.resolve4),
      resolve6: watch(client.resolve6),
      resolveMx: watch(client.resolveMx),
      resolveTxt: watch(client.resolveTxt),
      reverse: watch(client.reverse),
      resolve: watch(client.resolve),
      lookup: watch(client.lookup),
      cancel: () => client.cancel(),
    },
    silentCode: () => silent,
    idle: async () => {
      while (inflight.size > 0) await Promise.allSettled([...inflight])
    },
  }
}
