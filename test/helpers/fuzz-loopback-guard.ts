/**
 * A tripwire for fuzz tests that drive real network code with generated input: while installed,
 * every TCP connect, UDP connect and c-ares DNS query of this process is checked against an
 * allow-list of loopback ports, every UDP send against loopback, every getaddrinfo against
 * localhost. Anything else is recorded and
 * refused (the socket fails as a refused connection would, the query with EREFUSED), so a
 * generator that lets a routable host through fails the test instead of sending a packet.
 *
 * It guards only this process's own JavaScript-level network calls (net, tls, http, dgram,
 * dns.Resolver); it is a check on the test's generators, not a sandbox.
 */
import dgram from 'node:dgram'
import dns from 'node:dns'
import { syncBuiltinESMExports } from 'node:module'
import net from 'node:net'

export interface LoopbackGuard {
  /** Destinations refused so far, e.g. `tcp 8.8.8.8:53`. */
  readonly violations: string[]
  /** Allows more ports (servers started after install). */
  allow(...ports: number[]): void
  uninstall(): void
}

export function isLoopbackAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (net.isIPv4(h)) return h.startsWith('127.')
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h)
  return false
}

/** A host this process may resolve without asking a DNS server (/etc/hosts). */
function isLoopbackTarget(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host)
}

const RESOLVER_METHODS = [
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCaa',
  'resolveCname',
  'resolveMx',
  'resolveNaptr',
  'resolveNs',
  'resolvePtr',
  'resolveSoa',
  'resolveSrv',
  'resolveTxt',
  'reverse',
] as const

type Patch = () => void

/** `host:port`, `[v6]:port` or a bare address (port 53), as getServers() lists them. */
function parseServer(s: string): { host: string; port: number } {
  const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(s)
  if (bracket) return { host: bracket[1]!, port: Number(bracket[2]) }
  const plain = /^([^:]+):(\d+)$/.exec(s)
  if (plain) return { host: plain[1]!, port: Number(plain[2]) }
  return { host: s, port: 53 }
}

export function installLoopbackGuard(allowedPorts: Iterable<number>): LoopbackGuard {
  const ports = new Set(allowedPorts)
  const violations: string[] = []
  const restores: Patch[] = []
  const allowed = (host: string, port: number) => isLoopbackTarget(host) && ports.has(port)

  const patch = <T extends object, K extends keyof T>(
    obj: T,
    key: K,
    make: (orig: T[K]) => T[K],
  ) => {
    const orig = obj[key]
    obj[key] = make(orig)
    restores.push(() => {
      obj[key] = orig
    })
  }

  type LookupFn = (host: string, opts: unknown, cb: (...r: unknown[]) => void) => void
  const guardedLookup =
    (lookup: LookupFn, port: number): LookupFn =>
    (hostname, opts, cb) =>
      lookup(hostname, opts, (err, address, family) => {
        if (err) return cb(err, address, family)
        const all = Array.isArray(address)
          ? (address as Array<{ address: string }>).map((a) => a.address)
          : [String(address)]
        const bad = all.filter((a) => !allowed(a, port))
        if (bad.length === 0) return cb(err, address, family)
        violations.push(`tcp ${hostname} (${bad.join(', ')}):${port}`)
        cb(Object.assign(new Error(`${hostname} resolved beyond loopback`), { code: 'ENOTFOUND' }))
      })

  // TCP (and TLS, HTTP, nodemailer on top of it): net.Socket#connect, in all its call forms.
  patch(
    net.Socket.prototype,
    'connect',
    (orig) =>
      function (this: net.Socket, ...args: unknown[]) {
        const first = Array.isArray(args[0]) ? args[0][0] : args[0]
        let host = 'localhost'
        let port: number | null = null
        let path: string | null = null
        if (first !== null && typeof first === 'object') {
          const o = first as {
            host?: string
            port?: number | string
            path?: string
            lookup?: unknown
          }
          if (typeof o.path === 'string') path = o.path
          host = o.host ?? 'localhost'
          port = Number(o.port)
          if (path === null && typeof o.lookup === 'function' && net.isIP(host) === 0) {
            // The caller resolves the name itself (the probes' resolver): judge what it resolves to.
            o.lookup = guardedLookup(o.lookup as LookupFn, port)
            return (orig as (...a: unknown[]) => net.Socket).apply(this, args)
          }
        } else if (
          typeof first === 'number' ||
          (typeof first === 'string' && /^\d+$/.test(first))
        ) {
          port = Number(first)
          if (typeof args[1] === 'string') host = args[1]
        } else if (typeof first === 'string') path = first
        if (path === null && !allowed(host, port ?? -1)) {
          violations.push(`tcp ${host}:${String(port)}`)
          const refused = Object.assign(
            new Error(
              `connect ECONNREFUSED ${host}:${String(port)} (blocked by the loopback guard)`,
            ),
            { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: host, port },
          )
          process.nextTick(() => this.destroy(refused))
          return this
        }
        return (orig as (...a: unknown[]) => net.Socket).apply(this, args)
      },
  )

  // UDP: dgram.Socket#connect and #send (with an explicit destination).
  patch(
    dgram.Socket.prototype,
    'connect',
    (orig) =>
      function (
        this: dgram.Socket,
        port: number,
        address?: string | (() => void),
        cb?: () => void,
      ) {
        const host = typeof address === 'string' ? address : 'localhost'
        if (!allowed(host, port)) {
          violations.push(`udp ${host}:${port}`)
          const refused = Object.assign(new Error(`udp connect to ${host}:${port} blocked`), {
            code: 'ECONNREFUSED',
          })
          process.nextTick(() => this.emit('error', refused))
          return
        }
        return (orig as (...a: unknown[]) => void).call(this, port, address, cb)
      },
  )
  patch(
    dgram.Socket.prototype,
    'send',
    (orig) =>
      function (this: dgram.Socket, ...args: unknown[]) {
        // send(msg, [offset, length,] port, address, cb): a number after the message is a port
        // unless two more numbers follow it (then offset and length come first).
        const rest = args.slice(1)
        const numbers = rest.filter((a) => typeof a === 'number').length
        const at = numbers >= 3 ? 2 : 0
        const port = rest[at]
        if (typeof port === 'number') {
          const host = typeof rest[at + 1] === 'string' ? (rest[at + 1] as string) : 'localhost'
          // Loopback only, any port: a local server (the test DNS server) answers to ephemeral ports.
          if (!isLoopbackTarget(host)) {
            violations.push(`udp ${host}:${port}`)
            const cb = args.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined
            const refused = new Error(`udp send to ${host}:${port} blocked`)
            process.nextTick(() => (cb ? cb(refused) : this.emit('error', refused)))
            return
          }
        }
        return (orig as (...a: unknown[]) => void).apply(this, args)
      } as never,
  )

  // DNS through c-ares: refuse a query unless every configured server is an allowed loopback one.
  const guardResolver = (proto: Record<string, unknown>, promise: boolean) => {
    for (const method of RESOLVER_METHODS) {
      if (typeof proto[method] !== 'function') continue
      patch(
        proto,
        method,
        (orig) =>
          function (this: { getServers(): string[] }, ...args: unknown[]) {
            const bad = this.getServers()
              .map(parseServer)
              .filter((s) => !allowed(s.host, s.port))
            if (bad.length > 0) {
              const where = bad.map((s) => `${s.host}:${s.port}`).join(', ')
              violations.push(`dns ${String(args[0])} via ${where}`)
              const refused = Object.assign(new Error(`query ${String(args[0])} blocked`), {
                code: 'EREFUSED',
              })
              if (promise) return Promise.reject(refused)
              const cb = args.find((a) => typeof a === 'function') as
                ((e: Error) => void) | undefined
              process.nextTick(() => cb?.(refused))
              return undefined
            }
            return (orig as (...a: unknown[]) => unknown).apply(this, args)
          },
      )
    }
  }
  guardResolver(dns.Resolver.prototype as unknown as Record<string, unknown>, false)
  guardResolver(dns.promises.Resolver.prototype as unknown as Record<string, unknown>, true)

  // Module-level lookups (getaddrinfo asks the system's DNS server for any other name).
  patch(
    dns,
    'lookup',
    (orig) =>
      function (hostname: string, ...args: unknown[]) {
        // An IP literal is not looked up anywhere (dgram resolves its bind address this way).
        if (net.isIP(hostname) === 0 && !isLoopbackTarget(hostname)) {
          violations.push(`getaddrinfo ${hostname}`)
          const cb = args.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined
          const notFound = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
            code: 'ENOTFOUND',
            hostname,
          })
          process.nextTick(() => cb?.(notFound))
          return {} as never
        }
        return (orig as (...a: unknown[]) => unknown)(hostname, ...args)
      } as never,
  )
  patch(
    dns.promises,
    'lookup',
    (orig) =>
      async function (hostname: string, ...args: unknown[]) {
        if (net.isIP(hostname) === 0 && !isLoopbackTarget(hostname)) {
          violations.push(`getaddrinfo ${hostname}`)
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
            code: 'ENOTFOUND',
            hostname,
          })
        }
        return (orig as (...a: unknown[]) => Promise<unknown>)(hostname, ...args)
      } as never,
  )
  // ESM importers of node:dns see the patched functions too.
  syncBuiltinESMExports()

  return {
    violations,
    allow(...more) {
      for (const p of more) ports.add(p)
    },
    uninstall() {
      for (const restore of restores.splice(0).reverse()) restore()
      syncBuiltinESMExports()
    },
  }
}
