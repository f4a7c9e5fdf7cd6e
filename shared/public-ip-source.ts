/**
 * Public-IP source specs (see DEFAULT_PUBLIC_IP_SOURCES): parsed here, pure, so the CLI, the IPC
 * schema and the probe agree on what a source is.
 */
import { isHostName, isIpLiteral, isIPv6 } from './host-syntax'

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
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(serverPart)
  const plain = /^([^:]+)(?::(\d+))?$/.exec(serverPart)
  const server = bracket?.[1] ?? plain?.[1]
  const portText = bracket?.[2] ?? plain?.[2]
  if (!server) return 'has a server that is not host, host:port or [IPv6]:port'
  if (!isIpLiteral(server)) return `server must be an IP address, got "${server}"`
  const port = portText === undefined ? 53 : Number(portText)
  if (!Number.isInteger(port) || port < 1 || port > 65535) return 'has a port outside 1–65535'
  return {
    kind: 'dns',
    record: record.toLowerCase() as 'ip' | 'txt',
    name: name.toLowerCase(),
    server,
    port,
    family: isIPv6(server) ? 6 : 4,
  }
}

export function publicIpSourceProblem(spec: string): string | null {
  const r = parsePublicIpSource(spec)
  return typeof r === 'string' ? r : null
}
