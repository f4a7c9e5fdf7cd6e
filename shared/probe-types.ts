/**
 * The results the checks return (docs/ARCHITECTURE.md, "The check pipeline"): one envelope for
 * every check, typed by check id so that `data` has the shape of that check. Plain data: it crosses
 * IPC, goes into `--json` output and into the job report. The site-identity checks' data shapes
 * are in shared/site-identity-types.ts; the typed look-up is shared/check-results.ts.
 */
import type {
  BlocklistData,
  DnsHostData,
  DnsMxData,
  PublicIpData,
  SpfRecordData,
  SpfVerdictData,
} from './site-identity-types'

/**
 * `info`: the check only informs (port 465, which Microsoft 365 does not use): never a problem.
 * `skip`: the check did not test anything; `skipReason` says why.
 */
export type ProbeStatus = 'pass' | 'warn' | 'fail' | 'info' | 'skip'

/**
 * Why a check was skipped:
 * - `cancelled`: the run was cancelled before or while the check ran;
 * - `offline`: nothing on the internet answered: deferred, to run again when the site is online;
 * - `needs-earlier-check`: it builds on another check's finding, and that check found nothing to
 *   work with (no public address of the site, no Microsoft 365 MX endpoint);
 * - `could-not-test`: the connection stopped before the point the check tests (old TLS, when the
 *   session never reached TLS: the reachability and STARTTLS checks say why).
 */
export type SkipReason = 'cancelled' | 'offline' | 'needs-earlier-check' | 'could-not-test'

/** A check's judgement: a skip always says why. */
export type ProbeVerdict =
  | { status: Exclude<ProbeStatus, 'skip'>; explanation: string; fix: string | null }
  | { status: 'skip'; skipReason: SkipReason; explanation: string; fix: string | null }

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

/** The envelope of one result: `Id` names the check, `D` is what it found. */
export interface ProbeResult<Id extends string, D> {
  /** Stable identifier of the check, e.g. `reach-submission`, `starttls-submission`. */
  id: Id
  status: ProbeStatus
  /** Set on every `skip` (see SkipReason); absent on other statuses and in reports saved before it. */
  skipReason?: SkipReason
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

// --- Check ids and their results ---------------------------------------------------

/** What each site check finds, by its id (in the order the runner plans them). */
export interface CheckDataById {
  'dns-submission-host': DnsHostData
  'reach-submission': TcpReachData
  'starttls-submission': SmtpSessionData
  'legacy-tls-submission': LegacyTlsData
  /** Port 25 on the submission host: whether this network lets port 25 out. */
  'reach-submission-smtp': TcpReachData
  /** Port 465: information only. */
  'reach-implicit-tls': TcpReachData
  'dns-mx': DnsMxData
  'dns-spf': SpfRecordData
  'reach-mx': TcpReachData
  'starttls-mx': SmtpSessionData
  'public-ip': PublicIpData
  'spf-verdict': SpfVerdictData
  blocklists: BlocklistData
}

export type CheckId = keyof CheckDataById

/**
 * The result of one site check; `data` has that check's shape once `id` is known, or is null when
 * the check did not get to look (skipped before it ran, or stopped on an error).
 */
export type CheckResult = { [K in CheckId]: ProbeResult<K, CheckDataById[K] | null> }[CheckId]

/** The result of the site check `K` (or of any of several ids). */
export type CheckResultOf<K extends CheckId> = Extract<CheckResult, { id: K }>

/**
 * The Verify step's checks (not site checks, never in a run's report): a sign-in, a test message
 * through client submission, a test message to the tenant MX by direct send or relay.
 */
export type VerifyCheckId = 'auth-test' | 'send-test' | 'direct-send-test' | 'relay-test'

/** A Verify check's result; `data` is null when it did not get to look. */
export type VerifyResult = ProbeResult<VerifyCheckId, SmtpSessionData | null>

// --- A whole run -----------------------------------------------------------------

/** How many checks ended with each status. */
export type DiagnoseSummary = Record<ProbeStatus, number>

export interface DiagnoseReport {
  runId: string
  startedAt: string
  durationMs: number
  checks: CheckResult[]
  summary: DiagnoseSummary
  cancelled: boolean
  /** Nothing on the internet answered: failures were turned into "offline" skips. */
  offline: boolean
}

export interface PlannedCheck {
  id: CheckId
  title: string
}

export type ProbeProgress =
  | { kind: 'started'; runId: string; checks: PlannedCheck[] }
  | { kind: 'result'; runId: string; result: CheckResult }
  | { kind: 'finished'; runId: string; report: DiagnoseReport }
