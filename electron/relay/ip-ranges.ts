/**
 * IP addresses and CIDR ranges for the relay's allowlist, and which addresses are private (the
 * site's LAN) or public. IPv4, IPv6 and IPv4-mapped IPv6 (how a dual-stack socket reports an
 * IPv4 peer) are all compared as numbers, so "10.0.0.0/8" matches "::ffff:10.1.2.3".
 */
import { isIPv4, isIPv6 } from 'node:net'

export interface IpRange {
  family: 4 | 6
  /** The network address, as a number of 32 or 128 bits. */
  base: bigint
  prefix: number
  /** As the configuration wrote it, for messages. */
  text: string
}

function ipv4ToBigInt(ip: string): bigint {
  return ip.split('.').reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n)
}

function ipv6ToBigInt(ip: string): bigint {
  let text = ip.split('%')[0] ?? ip
  // A trailing dotted quad ("::ffff:10.0.0.1") is two 16-bit groups.
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (quad?.[1]) {
    const v = ipv4ToBigInt(quad[1])
    text = `${text.slice(0, -quad[1].length)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  const missing = 8 - headGroups.length - tailGroups.length
  const groups = [
    ...headGroups,
    ...Array<string>(tail === undefined ? 0 : missing).fill('0'),
    ...tailGroups,
  ]
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n)
}

/** An address as (family, number); an IPv4-mapped IPv6 address is taken as the IPv4 one. */
export function parseIp(ip: string): { family: 4 | 6; value: bigint } | null {
  if (isIPv4(ip)) return { family: 4, value: ipv4ToBigInt(ip) }
  if (!isIPv6(ip)) return null
  const value = ipv6ToBigInt(ip)
  if (value >> 32n === 0xffffn) return { family: 4, value: value & 0xffffffffn }
  return { family: 6, value }
}

/** "192.168.1.20", "192.168.1.0/24", "fd00::/8": a range, or the reason it is not one. */
export function parseRange(text: string): IpRange | { error: string } {
  const trimmed = text.trim()
  const [addr = '', prefixText, extra] = trimmed.split('/')
  if (extra !== undefined) return { error: `"${trimmed}" is not an IP address or CIDR range` }
  const ip = isIPv4(addr) ? { family: 4 as const, value: ipv4ToBigInt(addr) } : null
  const parsed = ip ?? (isIPv6(addr) ? { family: 6 as const, value: ipv6ToBigInt(addr) } : null)
  if (!parsed)
    return {
      error: `"${trimmed}" is not an IP address or CIDR range (e.g. 192.168.1.20 or 192.168.1.0/24)`,
    }
  const bits = parsed.family === 4 ? 32 : 128
  let prefix = bits
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits)
      return { error: `"${trimmed}": the prefix length must be 0–${bits}` }
    prefix = Number(prefixText)
  }
  if (prefix === 0)
    return { error: `"${trimmed}" allows every address: list the devices' addresses or subnet` }
  let { family, value } = parsed
  // "::ffff:10.0.0.0/104" is the IPv4 range 10.0.0.0/8.
  if (family === 6 && value >> 32n === 0xffffn && prefix >= 96) {
    family = 4
    value &= 0xffffffffn
    prefix -= 96
  }
  const width = family === 4 ? 32 : 128
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(width - prefix)
  return { family, base: value & mask, prefix, text: trimmed }
}

export function rangeContains(range: IpRange, ip: string): boolean {
  const parsed = parseIp(ip)
  if (!parsed || parsed.family !== range.family) return false
  const width = range.family === 4 ? 32 : 128
  return parsed.value >> BigInt(width - range.prefix) === range.base >> BigInt(width - range.prefix)
}

export function inAnyRange(ranges: readonly IpRange[], ip: string): boolean {
  return ranges.some((r) => rangeContains(r, ip))
}

/** 0.0.0.0 or :: (every interface of the computer). */
export function isWildcard(ip: string): boolean {
  const parsed = parseIp(ip)
  return parsed !== null && parsed.value === 0n
}

// Not reachable from the Internet: loopback, RFC 1918, link-local, CGNAT (RFC 6598), ULA.
const NON_PUBLIC = [
  '127.0.0.0/8',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  '100.64.0.0/10',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
].map((r) => parseRange(r) as IpRange)

/** True for an address other networks on the Internet can reach (wildcards excluded). */
export function isPublicAddress(ip: string): boolean {
  const parsed = parseIp(ip)
  if (!parsed || parsed.value === 0n) return false
  return !inAnyRange(NON_PUBLIC, ip)
}
