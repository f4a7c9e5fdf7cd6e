/**
 * Syntax checks for what a technician types as a host. Pure functions (no Node `net`), so the
 * renderer can check a field as it is typed and main can check the same way at the IPC boundary.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i

export function isIPv4(value: string): boolean {
  return IPV4.test(value)
}

export function isIPv6(value: string): boolean {
  if (!/^[0-9a-f:.]+$/i.test(value) || !value.includes(':')) return false
  let head = value
  let tailGroups = 0
  // An embedded IPv4 tail (::ffff:192.0.2.1) counts as two groups.
  const lastColon = value.lastIndexOf(':')
  const tail = value.slice(lastColon + 1)
  if (tail.includes('.')) {
    if (!isIPv4(tail)) return false
    head = value.slice(0, lastColon + 1) + '0'
    tailGroups = 1
  }
  const halves = head.split('::')
  if (halves.length > 2) return false
  const groups = (part: string): string[] | null => {
    if (part === '') return []
    const gs = part.split(':')
    return gs.every((g) => /^[0-9a-f]{1,4}$/i.test(g)) ? gs : null
  }
  const left = groups(halves[0] ?? '')
  const right = halves.length === 2 ? groups(halves[1] ?? '') : []
  if (!left || !right) return false
  const count = left.length + right.length + tailGroups
  return halves.length === 2 ? count < 8 : count === 8
}

export function isIpLiteral(value: string): boolean {
  return isIPv4(value) || isIPv6(value)
}

/** A DNS host name (RFC 1123 labels, 253 characters at most); a trailing dot is allowed. */
export function isHostName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value
  if (name.length === 0 || name.length > 253) return false
  const labels = name.split('.')
  // An all-numeric last label would be a mistyped IPv4 address, not a name.
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return false
  return labels.every((l) => LABEL.test(l))
}

/** Why `value` is not usable as a host, or null when it is. */
export function hostProblem(value: string): string | null {
  const v = value.trim()
  if (v === '') return 'is empty'
  if (/\s/.test(v)) return 'contains a space'
  if (v.includes('://')) return 'is a URL; give only the host name, e.g. smtp.office365.com'
  if (/:\d+$/.test(v) && !v.includes('::') && v.split(':').length === 2)
    return 'includes a port; give the port separately'
  if (isIpLiteral(v) || isHostName(v)) return null
  return 'is not a valid host name or IP address'
}

/** A domain as given to the run: trimmed, lower-case, without a trailing dot. */
export function normalizeMailDomain(value: string): string {
  return value.trim().toLowerCase().replace(/\.$/, '')
}

/** Why `value` is not a mail domain (a phrase to follow the field's name), or null when it is. */
export function mailDomainProblem(value: string): string | null {
  const d = normalizeMailDomain(value)
  if (d === '') return 'is empty'
  if (d.length > 253) return 'is longer than 253 characters'
  // The most common slip is an address instead of a domain: it gets its own message.
  if (d.includes('@')) return 'is an email address; give only the domain, e.g. contoso.com'
  if (d.includes('://')) return 'is a web address; give only the domain, e.g. contoso.com'
  if (/\s/.test(d)) return 'contains a space'
  if (isIpLiteral(d)) return 'is an IP address; give the domain name, e.g. contoso.com'
  // One label ("contoso") is a host on the local network, never a domain that receives mail.
  if (!isHostName(d) || !d.includes('.')) return 'is not a domain name, e.g. contoso.com'
  return null
}

/**
 * An IP address with an optional port: `192.0.2.53`, `192.0.2.53:5353`, `2001:db8::53`,
 * `[2001:db8::53]:5353` (DNS servers: a name would itself need DNS to be found).
 */
export function parseIpHostPort(
  value: string,
  defaultPort: number,
): { host: string; port: number } | string {
  const v = value.trim()
  if (v === '') return 'is empty'
  if (v.length > 300) return 'is longer than 300 characters'
  if (/\s/.test(v)) return 'contains a space'
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(v)
  const plain = /^([^:]+)(?::(\d+))?$/.exec(v)
  // A bare IPv6 address has colons but no port: it is taken whole.
  const host = bracket?.[1] ?? plain?.[1] ?? (isIpLiteral(v) ? v : undefined)
  const portText = bracket?.[2] ?? plain?.[2]
  if (host === undefined) return 'is not host, host:port or [IPv6]:port'
  if (!isIpLiteral(host)) return 'must be an IP address, e.g. 192.0.2.53 or 192.0.2.53:5353'
  const port = portText === undefined ? defaultPort : Number(portText)
  if (!Number.isInteger(port) || port < 1 || port > 65535) return 'has a port outside 1–65535'
  return { host, port }
}

/** Why `value` is not a usable mail address (a phrase to follow the field's name), or null. */
export function emailProblem(value: string): string | null {
  const v = value.trim()
  if (v === '') return 'is empty'
  if (v.length > 254) return 'is longer than 254 characters'
  if (/[\s<>]/.test(v)) return 'contains a space or angle brackets'
  const at = v.lastIndexOf('@')
  if (at <= 0 || at === v.length - 1) return 'is not an email address, e.g. scanner@contoso.com'
  const local = v.slice(0, at)
  const domain = v.slice(at + 1)
  if (local.length > 64) return 'has a part before @ longer than 64 characters'
  // Control characters (and quotes, which devices do not escape) cannot go into MAIL FROM.
  if ([...local].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || c === '"')) {
    return 'has characters a device cannot send'
  }
  if (!isHostName(domain) || !domain.includes('.'))
    return `has "${domain}" after @, which is not a domain name`
  return null
}
