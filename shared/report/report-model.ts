/**
 * The job report's shape (docs/ARCHITECTURE.md, "The report"): plain, versioned data that the PDF
 * draws, `--json` writes, the app previews and the office receives. build-report.ts makes it.
 *
 * Never a secret: the report is built from the job (which holds none; docs/ARCHITECTURE.md,
 * "Security model") and from the configuration plan (whose password field is a placeholder, and is
 * left out anyway). Transcripts are not copied: only the server's refusals are, and those are
 * server lines, never the client's.
 *
 * The JSON Schema of this shape is shared/report/report.schema.json (draft 2020-12). Any change
 * that removes or renames a field, or changes its meaning, bumps REPORT_SCHEMA_VERSION; adding an
 * optional field does not.
 */
import type { ConfigFieldKey } from '../configure/plan-types'
import type { MethodId, WayOut } from '../decision/types'
import type { CaptureRecord, RelaySeen } from '../job-types'
import type { CheckId, DiagnoseSummary, ProbePhase, ProbeStatus, SkipReason } from '../probe-types'
import type { ReplyGate } from '../smtp/reply-rule'

export const REPORT_SCHEMA_VERSION = 1 as const
export const REPORT_KIND = 'scanpath-job-report' as const

/**
 * - `ready`: a method works here, the site checks ran and nothing is open (no failed or warning
 *   check that can affect the chosen method, every checklist step ticked, the technician's pick
 *   not blocked). A check that cannot affect the method is listed (`relevant: false`), not counted.
 * - `needs-attention`: a method works here but something is open (see `openIssues`).
 * - `blocked`: no Microsoft 365 method can work with what is known (every method has a blocker).
 * - `not-checked`: a method may work, but the site checks never ran from this site (none saved,
 *   the run was offline, or every check was skipped or only informs), so nothing is confirmed.
 *
 * Order of the rules: blocked, then not-checked, then needs-attention, then ready.
 */
export type VerdictStatus = 'ready' | 'needs-attention' | 'blocked' | 'not-checked'

export interface ReportVerdict {
  status: VerdictStatus
  /** One sentence for the report's first page. */
  headline: string
}

/** The job's own facts, as the technician typed them. */
export interface ReportJob {
  id: string
  customer: string
  site: string
  /** The customer's mail domain. */
  domain: string
  contact: string
  technician: string
  /** The mailbox or sender address the device uses. */
  senderAddress: string
  /** The tenant MX endpoint as typed (empty when DNS is relied on). */
  mxHost: string
}

export interface ReportDevice {
  /** Catalogue family id, or null for a device not in the catalogue. */
  familyId: string | null
  /** "HP FutureSmart Enterprise", the custom vendor for an unlisted device, or "" when unknown. */
  familyName: string
  /** The model as written on the device (or the custom model). */
  model: string
  firmware: string
  /** IP address or host name on the site network. */
  address: string
  serial: string
}

/** A reason, warning or blocker of the decision, with the input it comes from (e.g. `site.port25`). */
export interface ReportFinding {
  fact: string
  text: string
}

export interface ReportMethodOption {
  id: MethodId
  title: string
  viable: boolean
  reasons: ReportFinding[]
  warnings: ReportFinding[]
  blockers: ReportFinding[]
  /**
   * Answers still unknown that bear on the method: open, never counted as reasons. Absent in
   * reports made before it existed.
   */
  openQuestions?: ReportFinding[]
}

export interface ReportMethod {
  /**
   * The method the job is configured for: the technician's pick while it can work, else the
   * recommendation (as in the app's Configure step). Null when no method can work.
   */
  chosen: (ReportMethodOption & { source: 'technician' | 'recommended' }) | null
  recommended: MethodId | null
  /** The decision's summary (it speaks of the recommended method). */
  summary: string
  /** The technician's pick when it is blocked now (answers or checks changed since). */
  pickBlocked: ReportMethodOption | null
  /** Every other method, best first, with what blocks it. */
  alternatives: ReportMethodOption[]
  /**
   * When no method fits: the ways out, best first for this site, each with what it takes and its
   * sources (empty when a method fits). Absent in reports made before it existed.
   */
  waysOut?: ReportWayOut[]
  /**
   * The way out taken: ScanPath Relay at the site, which the device sends to instead of Microsoft
   * 365 (`chosen` is then null: the device uses no Microsoft 365 method itself). Absent when not
   * chosen, and in reports made before it existed.
   */
  siteRelay?: ReportSiteRelay
}

/** ScanPath Relay at the site, as the report records it. */
export interface ReportSiteRelay {
  /** "ScanPath Relay at this site". */
  title: string
  /** The relay machine's address on the device's network; empty while not typed. */
  address: string
  port: number
  /** TLS on the device-to-relay hop: offered (STARTTLS) or none, from what the device can do. */
  tlsMode: 'starttls' | 'starttls-required' | 'none'
  /** How far its setup is: every step of its plan ticked, some, or none. */
  status: 'set-up' | 'in-progress' | 'not-started'
  stepsDone: number
  stepsTotal: number
  /**
   * The relay as Verify saw it over its status link, with the outcome it rests on (the job's last
   * Verify test, when it watched this relay). Absent otherwise, and in reports made before it.
   */
  seen?: ReportRelaySeen
}

/** The relay's own status when Verify watched it: where it listens, its mode, queue and delivery. */
export interface ReportRelaySeen extends Omit<RelaySeen, 'address'> {
  /** When the Verify outcome came, and whether the device's message was delivered. */
  at: string
  delivered: boolean
}

/** A way to get the mail flowing when no Microsoft 365 method fits (Decision.waysOut). */
export type ReportWayOut = WayOut

/** Which SMTP setting a value is for (null: a setting the plan adds that has no fixed key). */
export type SettingKey =
  'server' | 'port' | 'security' | 'authentication' | 'username' | 'fromAddress'

/** One value to enter on the device. Never a password or a token (the password field is left out). */
export interface ReportSetting {
  key: SettingKey | null
  /** The device's own label when the catalogue knows it. */
  label: string
  value: string
  hint: string | null
  /**
   * Text someone types elsewhere (a host, a port, an address), so worth a Copy button; false for a
   * choice ("On") or a value not known yet. Absent in reports made before it existed.
   */
  copy?: boolean
}

export interface ReportCheck {
  id: CheckId
  status: ProbeStatus
  /** Why a skipped check did not test; absent otherwise and in reports saved before it existed. */
  skipReason?: SkipReason
  title: string
  explanation: string
  fix: string | null
  durationMs: number
  /** When the check began, in ms since the run started; null in reports saved before it existed. */
  startMs: number | null
  phases: ProbePhase[]
}

export interface ReportCheckRun {
  runId: string
  startedAt: string
  durationMs: number
  cancelled: boolean
  /** Nothing on the internet answered: failures were turned into "offline" skips. */
  offline: boolean
  summary: DiagnoseSummary
  items: ReportCheck[]
}

/** A refusal (4xx/5xx) a server sent during the checks, explained. Positive replies are left out. */
export interface ReportReply {
  code: number
  enhanced: string | null
  /** The reply text (lines joined by a newline), without the code prefix. */
  text: string
  /** The checks that saw it. */
  checkIds: CheckId[]
  gate: ReplyGate
  gateTitle: string
  temporary: boolean
  meaning: string
  fix: string
  powershell: string | null
  /** Where the explanation comes from (a Microsoft article or an RFC). */
  source: string
  /**
   * True when every check that saw it passed: the refusal was the outcome the check wanted (e.g.
   * 421 4.7.66 to an old TLS 1.0 client). Its fix is then not something to do.
   */
  expected: boolean
}

export interface ReportField {
  label: string
  value: string
}

/**
 * A value in one of the admin's steps, with what it is (the plan's field key): the PowerShell
 * lines are also listed once in ReportAdmin.powershell. The JSON Schema keeps `key` optional:
 * reports made before it was added have none.
 */
export interface ReportAdminField extends ReportField {
  key: ConfigFieldKey
}

export interface ReportAdminStep {
  id: string
  title: string
  text: string
  /** Menu levels, or null when the plan does not say where. */
  where: string[] | null
  fields: ReportAdminField[]
}

/** What the tenant admin has to do, from the plan and the checks. */
export interface ReportAdmin {
  steps: ReportAdminStep[]
  spf: {
    domain: string
    /** The record published now, when the checks read one. */
    currentRecord: string | null
    /** The merged record the SPF check suggests, when the site's address does not pass. */
    suggestedRecord: string | null
    /** The record the chosen method needs published (direct send and relay), else null. */
    recordToPublish: string | null
  }
  /** The inbound connector's settings (relay only), else null. */
  connector: ReportField[] | null
  /** The PowerShell lines of the chosen method's plan, once each (replies carry their own). */
  powershell: string[]
}

export interface ReportChecklistItem {
  stepId: string
  title: string
  who: 'device' | 'relay' | 'admin' | 'test' | 'unknown'
  done: boolean
  note: string
  /** False for a note kept from another method's plan (the technician changed method). */
  inPlan: boolean
}

/** The last Verify test kept with the job: whether it passed and what it found, in words. */
export interface ReportVerifyOutcome {
  passed: boolean
  text: string
  /** When the test finished (ISO 8601); absent in reports made before it was kept. */
  at?: string
}

export type IssueKind =
  | 'no-method'
  | 'pick-blocked'
  | 'checks-not-run'
  | 'checks-cancelled'
  | 'check-failed'
  | 'check-warning'
  | 'step-open'
  | 'capture-failed'
  | 'capture-warning'

export interface ReportIssue {
  kind: IssueKind
  text: string
  /** What to do about it, when known. */
  fix: string | null
  /** The check id, checklist step id or method id it is about. */
  ref: string | null
  /**
   * False for a failed or warning check that cannot affect the chosen method (e.g. SPF for client
   * submission): listed, not counted in the verdict. Absent when it counts (and in older reports).
   */
  relevant?: false
}

export interface ReportTimestamps {
  jobCreatedAt: string
  jobUpdatedAt: string
  /** When the saved site checks ran, or null. */
  checksStartedAt: string | null
}

export interface JobReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION
  kind: typeof REPORT_KIND
  /** ISO 8601 time the report was made. */
  generatedAt: string
  /** The ScanPath version that made it. */
  appVersion: string
  /** The date (YYYY-MM-DD) the decision was evaluated for (the Basic-auth timeline depends on it). */
  decisionDate: string
  verdict: ReportVerdict
  job: ReportJob
  technician: string
  device: ReportDevice
  method: ReportMethod
  settings: ReportSetting[]
  checks: ReportCheckRun | null
  replies: ReportReply[]
  admin: ReportAdmin
  checklist: ReportChecklistItem[]
  /** The last Verify test kept with the job, or null (absent in reports made before it). */
  verifyOutcome?: ReportVerifyOutcome | null
  openIssues: ReportIssue[]
  /** What the device did when captured in the Verify step, oldest first (empty when never). */
  captures: CaptureRecord[]
  timestamps: ReportTimestamps
}
