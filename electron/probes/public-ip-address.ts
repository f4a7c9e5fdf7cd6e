/**
 * Judging one public address: whether it can be named in a connector or SPF (not private, not
 * carrier-grade NAT, routable), and whether its reverse name looks like a dynamic pool.
 */
import net from 'node:net'

import { reverseNameLooksDynamic } from '../../shared/decision/facts'

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
