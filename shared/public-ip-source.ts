/**
 * Public-IP source specs (see DEFAULT_PUBLIC_IP_SOURCES): parsed here, pure, so the CLI, the IPC
 * schema and the probe agree on what a source is.
 */
import { isHostName, isIPv6, parseIpHostPort } from './host-syntax'

export type PublicIpSourceSpec =
  | { kind: 'https'; url: string }
  | { kind: 'dns'; record: 'ip' | 'txt'; name: string; server: string; port: number; family: 4 | 6 }

export function parsePublicIpSource(spec: string): PublicIpSourceSpec | string {
  const s = spec.trim()
  if (/^https?:\/\//i.test(s)) {
    let url: URL
    try {
      url = new URL(s)
    } catch {
      return 'is not a valid URL'
    }
    if (url.username || url.password) return 'must not carry credentials'
    return { kind: 'https', url: url.href }
  }
  const m = /^dns-(ip|txt):([^@\s]+)@(.+)$/i.exec(s)
  if (!m) return 'must be an https:// URL, dns-ip:NAME@SERVER or dns-txt:NAME@SERVER'
  const [, record = '', name = '', serverPart = ''] = m
  if (!isHostName(name)) return `has an invalid name "${name}"`
  const server = parseIpHostPort(serverPart, 53)
  if (typeof server === 'string') return `server ${server}`
  return {
    kind: 'dns',
    record: record.toLowerCase() as 'ip' | 'txt',
    name: name.toLowerCase(),
    server: server.host,
    port: server.port,
    family: isIPv6(server.host) ? 6 : 4,
  }
}

export function publicIpSourceProblem(spec: string): string | null {
  const r = parsePublicIpSource(spec)
  return typeof r === 'string' ? r : null
}
