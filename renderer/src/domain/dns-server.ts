/**
 * The "DNS server" field: an IP address with an optional port (`192.0.2.53`, `192.0.2.53:5353`,
 * `2001:db8::53`, `[2001:db8::53]:5353`). A name would itself need DNS to be found, so only
 * addresses are taken. The same rules and words as main's schema (shared/diagnose-options.ts,
 * `parseHostPort`), which the renderer cannot load (zod and its CSP).
 */
import { isIpLiteral } from '../../../shared/host-syntax'

export const DNS_PORT = 53
const MAX_LENGTH = 300

export interface DnsServerAddress {
  host: string
  port: number
}

/** The server and port, or why the text is not one (a phrase to follow the field's label). */
export function parseDnsServer(value: string): DnsServerAddress | string {
  const v = value.trim()
  if (v === '') return 'is empty'
  if (v.length > MAX_LENGTH) return `is longer than ${MAX_LENGTH} characters`
  if (/\s/.test(v)) return 'contains a space'
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(v)
  const plain = /^([^:]+)(?::(\d+))?$/.exec(v)
  // A bare IPv6 address has colons but no port: it is taken whole.
  const host = bracket?.[1] ?? plain?.[1] ?? (isIpLiteral(v) ? v : undefined)
  const portText = bracket?.[2] ?? plain?.[2]
  if (host === undefined) return 'is not host, host:port or [IPv6]:port'
  if (!isIpLiteral(host)) return 'must be an IP address, e.g. 192.0.2.53 or 192.0.2.53:5353'
  const port = portText === undefined ? DNS_PORT : Number(portText)
  if (!Number.isInteger(port) || port < 1 || port > 65535) return 'has a port outside 1–65535'
  return { host, port }
}

export function dnsServerProblem(value: string): string | null {
  const r = parseDnsServer(value)
  return typeof r === 'string' ? r : null
}
