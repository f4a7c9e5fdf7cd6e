/**
 * What the site-identity checks find (DNS of the submission host, MX, SPF record, public IP, SPF
 * verdict, blocklists): the `data` of their results (shared/probe-types.ts maps check ids to it).
 */
// --- DNS -------------------------------------------------------------------------

export interface DnsHostData {
  host: string
  /** `system` or the `--dns-server` in use (host:port). */
  resolver: string
  a: string[]
  aaaa: string[]
  /** Error code of the lookup when nothing was found (ENOTFOUND, ECONNREFUSED, ETIMEOUT…). */
  error: string | null
}

/** `microsoft-365`: `*.mail.protection.outlook.com` or `*.mx.microsoft`; `other`: a third-party filter or server. */
export type MxKind = 'microsoft-365' | 'other'

export interface MxRecordInfo {
  exchange: string
  priority: number
  kind: MxKind
}

export interface DnsMxData {
  domain: string
  resolver: string
  records: MxRecordInfo[]
  /** The Microsoft 365 MX endpoint (direct send / relay target), when one is published. */
  m365Endpoint: string | null
  error: string | null
}

export interface SpfRecordData {
  domain: string
  resolver: string
  /** Every `v=spf1` TXT record (strings of one record joined, as RFC 7208 §3.3 says). */
  records: string[]
  /** The one record, when there is exactly one. */
  record: string | null
  /** Syntax and policy problems, one sentence each. */
  problems: string[]
  /** Whether spf.protection.outlook.com is included (directly or through includes/redirect). */
  includesMicrosoft: boolean
  /** DNS lookups the record needs when evaluated to the end (RFC 7208 §4.6.4 limit: 10). */
  lookupCount: number | null
  lookupLimit: number
  error: string | null
}

// --- Public IP -------------------------------------------------------------------

export type PublicIpSourceKind = 'https' | 'dns' | 'smtp'

export interface PublicIpObservation {
  /** The source as configured (URL, `dns-ip:name@server`, or the SMTP check id). */
  source: string
  kind: PublicIpSourceKind
  family: 4 | 6
  ip: string | null
  /** Why there is no IP: an error code or a short reason. */
  error: string | null
  durationMs: number
}

export interface PublicIpFamily {
  family: 4 | 6
  /** The address the site is seen from: what Exchange Online echoed if known, else the majority. */
  consensus: string | null
  /** The IP Exchange Online echoed in an EHLO greeting, if any. */
  smtpIp: string | null
  /** Every distinct address reported for this family. */
  distinct: string[]
  /** Why the consensus address cannot be named in an IP-bound connector, or null. */
  unsuitable: string | null
  reverseDns: string[]
  /** From the reverse DNS name: true when it looks like a dynamic (residential) range. */
  looksDynamic: boolean | null
}

export interface PublicIpData {
  observations: PublicIpObservation[]
  v4: PublicIpFamily
  v6: PublicIpFamily
}

// --- SPF verdict -----------------------------------------------------------------------

export type SpfResultCode =
  'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror'

export interface SpfVerdictData {
  domain: string
  /** The SPF result for each public address of the site. */
  results: Array<{ ip: string; family: 4 | 6; result: SpfResultCode; comment: string | null }>
  currentRecord: string | null
  /** The one record to publish instead (merged with the current one), when it would not pass. */
  suggestedRecord: string | null
}

// --- Blocklists ------------------------------------------------------------------------------

export type BlocklistState = 'listed' | 'not-listed' | 'unknown'

export interface BlocklistResult {
  zone: string
  ip: string
  /** The name queried, e.g. `7.113.0.203.zen.spamhaus.org`. */
  query: string
  state: BlocklistState
  /** The 127.0.0.x answers (what the listing is), or the error when unknown. */
  codes: string[]
  /** The list's TXT reason, when it gives one. */
  reason: string | null
  meaning: string | null
  /** Where to check the listing and request removal. */
  removalUrl: string | null
}

export interface BlocklistData {
  ips: string[]
  results: BlocklistResult[]
}
