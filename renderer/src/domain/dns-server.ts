/**
 * The "DNS server" field: an IP address with an optional port (`192.0.2.53`, `192.0.2.53:5353`,
 * `2001:db8::53`, `[2001:db8::53]:5353`). A name would itself need DNS to be found, so only
 * addresses are taken. The rules and words are shared with main (shared/host-syntax.ts).
 */
import { parseIpHostPort } from '../../../shared/host-syntax'

export const DNS_PORT = 53

export interface DnsServerAddress {
  host: string
  port: number
}

/** The server and port, or why the text is not one (a phrase to follow the field's label). */
export function parseDnsServer(value: string): DnsServerAddress | string {
  return parseIpHostPort(value, DNS_PORT)
}

export function dnsServerProblem(value: string): string | null {
  const r = parseDnsServer(value)
  return typeof r === 'string' ? r : null
}
