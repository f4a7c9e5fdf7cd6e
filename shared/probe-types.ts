/**
 * The one result shape every probe returns (ARCHITECTURE.md §4). Plain data: it crosses IPC,
 * goes into `--json` output and, later, into the job report.
 */
export type ProbeStatus = 'pass' | 'warn' | 'fail' | 'skip'

export interface ProbePhase {
  /** e.g. `connect`, `banner`, `ehlo`, `starttls`, `tls`, `ehlo-tls`. */
  name: string
  /** Milliseconds since the probe started. */
  startMs: number
  durationMs: number
}

/** One line of an SMTP conversation. Credentials are redacted before a line is recorded. */
export interface TranscriptLine {
  /** `send` = client → server, `recv` = server → client, `info`/`error` = probe notes. */
  dir: 'send' | 'recv' | 'info' | 'error'
  /** True once the line travels inside TLS. */
  tls: boolean
  text: string
  /** Milliseconds since the probe started. */
  tMs: number
}

export interface ProbeResult<D = unknown> {
  /** Stable identifier of the check, e.g. `reach-submission`, `starttls-submission`. */
  id: string
  status: ProbeStatus
  /** Short name of the check as a technician reads it. */
  title: string
  /** What happened, in plain words. The first sentence stands on its own (tables show only it). */
  explanation: string
  /** What to do about it, or null when nothing needs doing. */
  fix: string | null
  durationMs: number
  /**
   * When the check's own work began, in ms since the run started (a check that waits for another
   * one's result begins late). Set by the runner; absent outside a run.
   */
  startMs?: number
  phases: ProbePhase[]
  data: D
  transcript: TranscriptLine[]
}

// --- TCP reachability -------------------------------------------------------

/**
 * `open`: TCP connected (and, when a greeting is expected, the server sent one).
 * `no-greeting`: TCP connected but no SMTP greeting arrived (something intercepts the port).
 * `refused`: the host answered with a reset: nothing listens, or a firewall rejects.
 * `timeout`: no answer at all: the port is filtered (firewall or ISP block).
 * `unreachable`: no route to the host from this network.
 * `dns-error`: the name did not resolve.
 */
export type TcpOutcome =
  'open' | 'no-greeting' | 'refused' | 'timeout' | 'unreachable' | 'dns-error'

export interface TcpAttempt {
  family: 4 | 6
  address: string
  outcome: TcpOutcome
  durationMs: number
  /** The server's greeting (first reply), when one was expected and arrived. */
  greeting: SmtpReplySummary | null
  /** The system error code behind the outcome (ECONNREFUSED, ETIMEDOUT, …), if any. */
  errorCode: string | null
}

export interface TcpReachData {
  host: string
  port: number
  expectGreeting: boolean
  /** Best outcome over all attempts (open wins). */
  outcome: TcpOutcome
  attempts: TcpAttempt[]
  dnsError: string | null
}

// --- SMTP session ------------------------------------------------------------

export interface SmtpReplySummary {
  code: number
  /** Enhanced status code (RFC 3463) from the first line, e.g. `4.7.66`, if present. */
  enhanced: string | null
  /** All reply lines, without the code prefix, joined by `\n`. */
  text: string
}

export interface EhloSummary {
  /** The greeting line (first line of the EHLO reply). */
  greeting: string
  /** Keywords upper-cased, with their parameters. */
  capabilities: Record<string, string[]>
}

export interface CertificateSummary {
  subject: string
  subjectAltNames: string[]
  issuer: string
  validFrom: string
  validTo: string
  fingerprint256: string
  serialNumber: string
}

export interface TlsSummary {
  protocol: string | null
  cipher: string | null
  /** IANA name of the cipher suite, e.g. `TLS_AES_256_GCM_SHA384`. */
  cipherStandardName: string | null
  certificate: CertificateSummary | null
  /** True when the chain verifies against the trust store and the name matches. */
  verified: boolean
  /** OpenSSL/Node code when verification failed, e.g. `CERT_HAS_EXPIRED`. */
  verifyError: string | null
}

export type SmtpStopPoint =
  | 'connect'
  | 'banner'
  | 'ehlo'
  | 'starttls'
  | 'tls'
  | 'ehlo-tls'
  | 'auth'
  | 'mail'
  | 'rcpt'
  | 'data'

/** Where and why a session stopped early. */
export type SmtpFailureKind =
  | 'dns-error'
  | 'refused'
  | 'unreachable'
  | 'timeout'
  | 'closed'
  | 'protocol'
  | 'line-too-long'
  | 'reply-too-large'
  | 'rejected'
  | 'no-starttls'
  | 'starttls-refused'
  | 'tls-handshake'
  | 'no-auth-mechanism'
  | 'auth-failed'
  /** TLS is up but the certificate did not verify: stopped before AUTH or MAIL (nothing sent). */
  | 'untrusted-certificate'
  /** The user name or secret cannot be framed safely (a control character): nothing sent. */
  | 'bad-credential'
  /** The whole session ran past its overall deadline (a phase timeout is `timeout`). */
  | 'deadline'
  | 'cancelled'

export interface SmtpFailure {
  phase: SmtpStopPoint
  kind: SmtpFailureKind
  message: string
  /** The system or OpenSSL error code behind it (ECONNREFUSED, ERR_SSL_…), if any. */
  errorCode: string | null
  /** The server reply that caused the stop, when there was one. */
  reply: SmtpReplySummary | null
}

export interface SmtpSessionData {
  host: string
  port: number
  address: string | null
  /** The last phase that completed. */
  reached: SmtpStopPoint | null
  banner: SmtpReplySummary | null
  ehlo: EhloSummary | null
  starttls: SmtpReplySummary | null
  tls: TlsSummary | null
  ehloTls: EhloSummary | null
  /** AUTH mechanisms offered after TLS (what a device will see). */
  authMechanisms: string[]
  /** AUTH mechanisms offered before TLS (should be none). */
  authBeforeTls: string[]
  sizeLimit: number | null
  /** The client IP the server echoed in its EHLO greeting (`Hello [203.0.113.7]`). */
  clientIpEchoed: string | null
  /** Bytes the server sent after its STARTTLS reply and before TLS, discarded (RFC 3207 §6). */
  discardedPlaintextBytes: number
  /** True when the server offered no STARTTLS and the session went on in plaintext (an MX test send). */
  withoutTls?: boolean
  /** Sign-in and test message, when the session went that far (never the secret itself). */
  transaction?: SmtpTransaction
  failure: SmtpFailure | null
}

export interface SmtpTransaction {
  /** The AUTH mechanism used (LOGIN, PLAIN, XOAUTH2), or null when none was tried. */
  mechanism: string | null
  /** The final AUTH reply (235 on success). */
  auth: SmtpReplySummary | null
  mailFrom: SmtpReplySummary | null
  rcptTo: SmtpReplySummary | null
  /** The answer to the end of the message: the server's queue answer on success. */
  data: SmtpReplySummary | null
}

// --- Legacy TLS ----------------------------------------------------------------

/**
 * `refused-handshake`: the server would not negotiate TLS 1.0/1.1.
 * `refused-reply`: TLS 1.0/1.1 negotiated, then the server refused with an SMTP reply (421 4.7.66).
 * `accepted`: the server carried on over TLS 1.0/1.1.
 * `not-tested`: the session could not get as far as TLS (see `session.failure`).
 */
export type LegacyTlsOutcome = 'refused-handshake' | 'refused-reply' | 'accepted' | 'not-tested'

export interface LegacyTlsData {
  host: string
  port: number
  outcome: LegacyTlsOutcome
  negotiatedProtocol: string | null
  reply: SmtpReplySummary | null
  session: SmtpSessionData
}

// --- A whole run -----------------------------------------------------------------

export interface DiagnoseSummary {
  pass: number
  warn: number
  fail: number
  skip: number
}

export interface DiagnoseReport {
  runId: string
  startedAt: string
  durationMs: number
  checks: ProbeResult[]
  summary: DiagnoseSummary
  cancelled: boolean
  /** Nothing on the internet answered: failures were turned into "offline" skips. */
  offline: boolean
}

export interface PlannedCheck {
  id: string
  title: string
}

export type ProbeProgress =
  | { kind: 'started'; runId: string; checks: PlannedCheck[] }
  | { kind: 'result'; runId: string; result: ProbeResult }
  | { kind: 'finished'; runId: string; report: DiagnoseReport }

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
