/**
 * SPF record text: finding the record among TXT strings, a syntax lint a technician can act on,
 * and building the one record to hand to the tenant admin. Evaluation (does this IP pass?) is not
 * done here: that is mailauth's job (spf-verdict-check.ts).
 * References: RFC 7208 §3 (records), §4.6.4 (lookup limits), §5 (mechanisms), §6 (modifiers).
 */
import net from 'node:net'

export const MICROSOFT_SPF_INCLUDE = 'spf.protection.outlook.com'
export const SPF_LOOKUP_LIMIT = 10

const VERSION = /^v=spf1(\s|$)/i

/** The SPF records among a name's TXT records (each TXT record already joined from its strings). */
export function spfRecords(txt: string[]): string[] {
  return txt.map((t) => t.trim()).filter((t) => VERSION.test(t))
}

export interface SpfTerm {
  raw: string
  qualifier: '+' | '-' | '~' | '?'
  /** Mechanism or modifier name, lower-case. */
  name: string
  value: string | null
  modifier: boolean
}

export function parseTerms(record: string): SpfTerm[] {
  return record
    .trim()
    .split(/\s+/)
    .slice(1)
    .filter(Boolean)
    .map((raw) => {
      const mod = /^([a-z][a-z0-9._-]*)=(.*)$/i.exec(raw)
      if (mod)
        return {
          raw,
          qualifier: '+',
          name: (mod[1] ?? '').toLowerCase(),
          value: mod[2] ?? '',
          modifier: true,
        }
      const m = /^([+\-~?]?)([a-z0-9]+)([:/].*)?$/i.exec(raw)
      const qualifier = (m?.[1] || '+') as SpfTerm['qualifier']
      const rest = m?.[3] ?? null
      return {
        raw,
        qualifier,
        name: (m?.[2] ?? raw).toLowerCase(),
        value: rest === null ? null : rest.startsWith(':') ? rest.slice(1) : rest,
        modifier: false,
      }
    })
}

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'])

function cidrOk(value: string, family: 4 | 6): boolean {
  const [addr = '', len, extra] = value.split('/')
  if (extra !== undefined) return false
  if (net.isIP(addr) !== family) return false
  if (len === undefined) return true
  const n = Number(len)
  return /^\d+$/.test(len) && n >= 0 && n <= (family === 4 ? 32 : 128)
}

/** Problems in one record, one plain sentence each. Empty when the record is clean. */
export function lintSpf(record: string): string[] {
  const problems: string[] = []
  const terms = parseTerms(record)
  let allIndex = -1
  let redirects = 0
  terms.forEach((t, i) => {
    if (t.modifier) {
      if (t.name === 'redirect') {
        redirects += 1
        if (!t.value) problems.push('"redirect=" has no domain.')
      }
      if (t.name === 'exp' && !t.value) problems.push('"exp=" has no domain.')
      return
    }
    if (!MECHANISMS.has(t.name)) {
      problems.push(
        `"${t.raw}" is not an SPF mechanism: receivers reject the whole record (permerror).`,
      )
      return
    }
    switch (t.name) {
      case 'all':
        if (allIndex === -1) allIndex = i
        if (t.value !== null) problems.push(`"${t.raw}" is malformed: "all" takes no value.`)
        if (t.qualifier === '+') {
          problems.push(
            '"+all" lets every server on the internet send as this domain: use "~all" or "-all".',
          )
        }
        break
      case 'ip4':
      case 'ip6':
        if (!t.value || !cidrOk(t.value, t.name === 'ip4' ? 4 : 6)) {
          problems.push(
            `"${t.raw}" is not a valid ${t.name === 'ip4' ? 'IPv4' : 'IPv6'} address or range (permerror).`,
          )
        }
        break
      case 'include':
      case 'exists':
        if (!t.value) problems.push(`"${t.raw}" needs a domain (permerror).`)
        break
      case 'ptr':
        problems.push('"ptr" is deprecated (RFC 7208 §5.5): slow and unreliable; remove it.')
        break
      default:
        // "a" and "mx" take an optional domain and prefix length: nothing to check here.
        break
    }
  })
  if (allIndex !== -1 && allIndex < terms.length - 1) {
    const after = terms.slice(allIndex + 1).filter((t) => !t.modifier || t.name === 'redirect')
    if (after.length > 0)
      problems.push(`Terms after "all" are never used: ${after.map((t) => t.raw).join(' ')}.`)
  }
  if (redirects > 1) problems.push('More than one "redirect=" (permerror).')
  if (allIndex === -1 && redirects === 0) {
    problems.push(
      'The record has no "all" at the end, so unlisted senders get "neutral": end it with "~all" or "-all".',
    )
  }
  return problems
}

/** Whether the record (itself, not its includes) names Microsoft 365's include. */
export function includesDirectly(record: string, include = MICROSOFT_SPF_INCLUDE): boolean {
  return parseTerms(record).some(
    (t) =>
      (t.name === 'include' || t.name === 'redirect') &&
      (t.value ?? '').toLowerCase().replace(/\.$/, '') === include,
  )
}

/** Domains this record pulls in (include: and redirect=), for walking the tree. */
export function referencedDomains(record: string): string[] {
  return parseTerms(record)
    .filter(
      (t) => (t.name === 'include' || t.name === 'redirect') && t.value && !t.value.includes('%'),
    )
    .map((t) => (t.value ?? '').toLowerCase().replace(/\.$/, ''))
}

function ipTerm(ip: string): string {
  return net.isIPv6(ip) ? `ip6:${ip}` : `ip4:${ip}`
}

/**
 * The one SPF record to publish: the current record(s) merged — never two records (RFC 7208
 * §3.2) — with the site's addresses and Microsoft 365's include added where missing, before the
 * final "all" (whose qualifier is kept; "~all" when there was none).
 */
export function mergeSpf(current: string[], addIps: string[]): string {
  const seen = new Set<string>()
  const terms: string[] = []
  let all: string | null = null
  let redirect: string | null = null
  for (const record of current) {
    for (const t of parseTerms(record)) {
      if (t.name === 'all' && !t.modifier) {
        all ??= t.raw
        continue
      }
      if (t.modifier && t.name === 'redirect') {
        redirect ??= t.raw
        continue
      }
      const key = t.raw.toLowerCase()
      if (!seen.has(key)) {
        seen.add(key)
        terms.push(t.raw)
      }
    }
  }
  const add = (term: string) => {
    if (!seen.has(term.toLowerCase())) {
      seen.add(term.toLowerCase())
      terms.push(term)
    }
  }
  // Site addresses go first: they are cheap (no DNS lookup) and are what this job is about.
  const ipTerms = addIps.map(ipTerm).filter((t) => !seen.has(t.toLowerCase()))
  ipTerms.forEach((t) => seen.add(t.toLowerCase()))
  terms.unshift(...ipTerms)
  const hasMicrosoft = terms.some((t) => t.toLowerCase() === `include:${MICROSOFT_SPF_INCLUDE}`)
  const redirectsToMicrosoft = redirect?.toLowerCase() === `redirect=${MICROSOFT_SPF_INCLUDE}`
  if (!hasMicrosoft && !redirectsToMicrosoft) add(`include:${MICROSOFT_SPF_INCLUDE}`)
  // A redirect applies only when nothing matched, so it stays last; with an "all" present it
  // would be ignored anyway (RFC 7208 §6.1), so the "all" wins.
  const tail = all ?? redirect ?? '~all'
  return ['v=spf1', ...terms, tail].join(' ')
}
