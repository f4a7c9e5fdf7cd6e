/**
 * The job report (ARCHITECTURE.md §1 step 7) as plain, versioned data: what the PDF draws, what
 * `--json` writes, what the app previews and what goes to the office. Pure, so the renderer, the
 * main process and the CLI all build the very same report from a job.
 *
 * Never a secret: the report is built from the job (which holds none, §5) and from the
 * configuration plan (whose password field is a placeholder, and is left out anyway). Transcripts
 * are not copied: only the server's refusals are, and those are server lines, never the client's.
 *
 * The JSON Schema of this shape is shared/report/report.schema.json (draft 2020-12). Any change
 * that removes or renames a field, or changes its meaning, bumps REPORT_SCHEMA_VERSION; adding an
 * optional field does not.
 */
import { isKnown } from '../catalog/types'
import type { ConfigStep } from '../configure/plan'
import { METHOD_TITLES } from '../decision/decide'
import type { Finding, MethodAssessment, MethodId, WayOut } from '../decision/types'
import { captureMethodFor } from '../capture-record'
import type { CaptureRecord, Job } from '../job-types'
import type {
  DiagnoseSummary,
  ProbePhase,
  ProbeResult,
  ProbeStatus,
  SmtpReplySummary,
  SmtpSessionData,
} from '../probe-types'
import { explainAnyReply, type ReplyGate } from '../smtp-replies'
import { jobDecision, jobFamily, jobPlan, jobSpfVerdict } from './job-derive'

export const REPORT_SCHEMA_VERSION = 1 as const
export const REPORT_KIND = 'scanpath-job-report' as const

/**
 * - `ready`: a method works here, the site checks ran and nothing is open (no failed or warning
 *   check, every checklist step ticked, the technician's pick not blocked).
 * - `needs-attention`: a method works here but something is open (see `openIssues`).
 * - `blocked`: no Microsoft 365 method can work with what is known (every method has a blocker).
 * - `not-checked`: a method may work, but the site checks never ran from this site (none saved,
 *   the run was offline, or every check was skipped), so nothing is confirmed.
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
}

export interface ReportCheck {
  id: string
  status: ProbeStatus
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
  checkIds: string[]
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

export interface ReportAdminStep {
  id: string
  title: string
  text: string
  /** Menu levels, or null when the plan does not say where. */
  where: string[] | null
  fields: ReportField[]
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
  who: 'device' | 'admin' | 'test' | 'unknown'
  done: boolean
  note: string
  /** False for a note kept from another method's plan (the technician changed method). */
  inPlan: boolean
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
  openIssues: ReportIssue[]
  /** What the device did when captured in the Verify step, oldest first (empty when never). */
  captures: CaptureRecord[]
  timestamps: ReportTimestamps
}

export interface BuildReportOptions {
  generatedAt: string
  appVersion: string
  /** The decision date; defaults to generatedAt's date (UTC) so the same inputs give the same report. */
  today?: string
}

// --- pieces ----------------------------------------------------------------------------------

function findings(list: readonly Finding[]): ReportFinding[] {
  return list.map((f) => ({ fact: f.fact, text: f.text }))
}

function option(a: MethodAssessment): ReportMethodOption {
  return {
    id: a.method,
    title: a.title,
    viable: a.viable,
    reasons: findings(a.reasons),
    warnings: findings(a.warnings),
    blockers: findings(a.blockers),
  }
}

function deviceOf(job: Job): ReportDevice {
  const d = job.device
  const family = jobFamily(job)
  const listed = d.familyId !== null && family.id === d.familyId
  return {
    familyId: listed ? d.familyId : null,
    familyName: d.custom ? d.custom.vendor : listed ? `${family.vendorName} ${family.family}` : '',
    model: d.model || d.custom?.model || '',
    firmware: d.firmware,
    address: d.address,
    serial: d.serial,
  }
}

const SETTING_KEYS: readonly SettingKey[] = [
  'server',
  'port',
  'security',
  'authentication',
  'username',
  'fromAddress',
]
const GENERIC_LABELS: Record<SettingKey | 'password', string> = {
  server: 'SMTP server',
  port: 'Port',
  security: 'Security',
  authentication: 'SMTP authentication',
  username: 'User name',
  password: 'Password',
  fromAddress: 'From address',
}

/**
 * The device settings from the plan's SMTP step. The plan builds each label from the device's
 * field names (else a generic one), so the same names identify each field here — and the password
 * field, which is left out even though it only holds a placeholder.
 */
function settingsOf(job: Job, plan: readonly ConfigStep[]): ReportSetting[] {
  const step = plan.find((s) => s.id === 'smtp-server')
  if (!step) return []
  const names = jobFamily(job).fieldNames
  const label = (k: SettingKey | 'password') =>
    (isKnown(names) ? names.value[k] : undefined) ?? GENERIC_LABELS[k]
  const passwordLabel = label('password')
  return step.fields
    .filter((f) => f.label !== passwordLabel && !/password|passwort|kennwort/i.test(f.label))
    .map((f) => ({
      key: SETTING_KEYS.find((k) => label(k) === f.label) ?? null,
      label: f.label,
      value: f.value,
      hint: f.hint ?? null,
    }))
}

function checksOf(job: Job): ReportCheckRun | null {
  const r = job.lastReport
  if (!r) return null
  return {
    runId: r.runId,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    cancelled: r.cancelled,
    offline: r.offline,
    summary: { ...r.summary },
    items: r.checks.map((c) => ({
      id: c.id,
      status: c.status,
      title: c.title,
      explanation: c.explanation,
      fix: c.fix,
      durationMs: c.durationMs,
      startMs: c.startMs ?? null,
      phases: c.phases.map((p) => ({ name: p.name, startMs: p.startMs, durationMs: p.durationMs })),
    })),
  }
}

/** Server lines `NNN-…` / `NNN …` of a transcript, grouped into replies (RFC 5321 §4.2.1). */
function transcriptReplies(c: ProbeResult): SmtpReplySummary[] {
  const out: SmtpReplySummary[] = []
  let pending: { code: number; lines: string[] } | null = null
  for (const l of c.transcript) {
    if (l.dir !== 'recv') continue
    const m = /^(\d{3})([ -]?)(.*)$/.exec(l.text)
    if (!m) continue
    const code = Number(m[1])
    const rest = m[3] ?? ''
    if (!pending || pending.code !== code) pending = { code, lines: [] }
    pending.lines.push(rest)
    if (m[2] !== '-') {
      const text = pending.lines.join('\n')
      out.push({ code, enhanced: /^([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null, text })
      pending = null
    }
  }
  return out
}

/** Replies the probes kept in their data (a failure's reply, the sign-in and test message). */
function dataReplies(c: ProbeResult): SmtpReplySummary[] {
  // The fields of SmtpSessionData, LegacyTlsData and TcpReachData that can hold a reply.
  const d = c.data as
    | (Partial<SmtpSessionData> & {
        reply?: SmtpReplySummary | null
        session?: Partial<SmtpSessionData>
        attempts?: Array<{ greeting?: SmtpReplySummary | null }>
      })
    | null
  if (!d || typeof d !== 'object') return []
  const sessions = [d, d.session].filter((s): s is Partial<SmtpSessionData> => Boolean(s))
  const out: (SmtpReplySummary | null | undefined)[] = [d.reply]
  for (const s of sessions) {
    out.push(s.failure?.reply, s.banner)
    const t = s.transaction
    if (t) out.push(t.auth, t.mailFrom, t.rcptTo, t.data)
  }
  for (const a of Array.isArray(d.attempts) ? d.attempts : []) out.push(a.greeting)
  return out.filter(
    (r): r is SmtpReplySummary =>
      Boolean(r) && typeof r?.code === 'number' && typeof r.text === 'string',
  )
}

/** Strips the enhanced code a reply text starts with, so "5.7.139 Auth…" and "Auth…" match. */
function bareText(r: SmtpReplySummary): string {
  return r.text.replace(/^\s*[245]\.\d{1,3}\.\d{1,3}\s*/, '').trim()
}

function repliesOf(job: Job): ReportReply[] {
  const seen = new Map<string, ReportReply>()
  const mailbox = job.senderAddress.trim()
  for (const c of job.lastReport?.checks ?? []) {
    for (const r of [...transcriptReplies(c), ...dataReplies(c)]) {
      // Only refusals need explaining: 2xx/3xx replies say the step worked.
      if (r.code < 400 || r.code > 599) continue
      const enhanced = r.enhanced ?? /^\s*([245]\.\d{1,3}\.\d{1,3})\b/.exec(r.text)?.[1] ?? null
      const key = `${r.code}|${enhanced ?? ''}|${bareText(r).split('\n')[0]}`
      const known = seen.get(key)
      if (known) {
        if (!known.checkIds.includes(c.id)) known.checkIds.push(c.id)
        known.expected = known.expected && c.status === 'pass'
        continue
      }
      const e = explainAnyReply(r.code, enhanced, r.text)
      seen.set(key, {
        code: r.code,
        enhanced,
        text: bareText(r),
        checkIds: [c.id],
        gate: e.gate,
        gateTitle: e.gateTitle,
        temporary: e.temporary,
        meaning: e.meaning,
        fix: e.fix,
        // The admin can paste the line as it is when the job names the mailbox.
        powershell:
          e.powershell && mailbox ? e.powershell.replaceAll('<mailbox>', mailbox) : e.powershell,
        source: e.source,
        expected: c.status === 'pass',
      })
    }
  }
  return [...seen.values()]
}

function fieldsOf(step: ConfigStep | undefined): ReportField[] {
  return (step?.fields ?? []).map((f) => ({ label: f.label, value: f.value }))
}

function adminOf(job: Job, plan: readonly ConfigStep[]): ReportAdmin {
  const spf = jobSpfVerdict(job)
  const spfStep = plan.find((s) => s.id === 'admin-spf')
  const connector = plan.find((s) => s.id === 'admin-connector')
  const steps = plan
    .filter((s) => s.who === 'admin')
    .map((s) => ({
      id: s.id,
      title: s.title,
      text: s.text,
      where: s.where ? [...s.where.path] : null,
      fields: fieldsOf(s),
    }))
  const powershell = steps.flatMap((s) =>
    s.fields.filter((f) => f.label === 'PowerShell').map((f) => f.value),
  )
  return {
    steps,
    spf: {
      domain: spf?.domain ?? job.domain,
      currentRecord: spf?.currentRecord ?? null,
      suggestedRecord: spf?.suggestedRecord ?? null,
      recordToPublish: spfStep?.fields[0]?.value ?? null,
    },
    connector: connector ? fieldsOf(connector) : null,
    powershell: [...new Set(powershell)],
  }
}

function checklistOf(job: Job, plan: readonly ConfigStep[]): ReportChecklistItem[] {
  const inPlan = plan.map((s) => ({
    stepId: s.id,
    title: s.title,
    who: s.who,
    done: job.checklist[s.id]?.done ?? false,
    note: job.checklist[s.id]?.note ?? '',
    inPlan: true,
  }))
  // A note written under another method's plan is still something the technician wrote down.
  const kept = Object.entries(job.checklist)
    .filter(([id, item]) => !plan.some((s) => s.id === id) && item.note.trim() !== '')
    .map(([id, item]) => ({
      stepId: id,
      title: id,
      who: 'unknown' as const,
      done: item.done,
      note: item.note,
      inPlan: false,
    }))
  return [...inPlan, ...kept]
}

/** The first sentence of an explanation, as tables show it. */
function firstSentence(text: string): string {
  const m = /^(.*?[.!?])(\s|$)/s.exec(text.trim())
  return (m?.[1] ?? text).trim()
}

function issuesOf(
  method: ReportMethod,
  closest: ReportMethodOption | null,
  checks: ReportCheckRun | null,
  checklist: readonly ReportChecklistItem[],
  captures: readonly CaptureRecord[],
): ReportIssue[] {
  const issues: ReportIssue[] = []
  // The newest capture is what the device does now (a firmware update between captures counts).
  const capture = captures.at(-1)
  const verdict =
    capture && method.chosen
      ? capture.verdicts.find((v) => v.method === captureMethodFor(method.chosen!.id))
      : undefined
  if (verdict && (verdict.status === 'fail' || verdict.status === 'warn'))
    issues.push({
      kind: verdict.status === 'fail' ? 'capture-failed' : 'capture-warning',
      text: `The device capture: ${verdict.findings[0] ?? capture!.summary}`,
      fix: verdict.findings.length > 1 ? verdict.findings.slice(1).join(' ') : null,
      ref: capture!.at,
    })
  if (!method.chosen) {
    const blockers = closest?.blockers ?? []
    const way = method.waysOut?.[0]
    issues.push({
      kind: 'no-method',
      text: `No Microsoft 365 sending method can work here yet${closest ? `; closest: ${closest.title}, blocked by: ${blockers.map((b) => b.text).join(' ')}` : '.'}`,
      fix: `Remove one of the blockers (open the port, confirm the device capability, or change the answer that rules the method out), then run the site checks again${way ? `; or take a way out (best here: ${way.title}; see Ways out).` : '.'}`,
      ref: closest?.id ?? null,
    })
  }
  if (method.pickBlocked) {
    issues.push({
      kind: 'pick-blocked',
      text: `The method the technician picked, ${method.pickBlocked.title}, is blocked now: ${method.pickBlocked.blockers.map((b) => b.text).join(' ')}`,
      fix: method.chosen
        ? `The report uses ${method.chosen.title} instead; pick it in the Decision step or remove the blocker.`
        : null,
      ref: method.pickBlocked.id,
    })
  }
  if (!checks) {
    issues.push({
      kind: 'checks-not-run',
      text: 'The site checks were not run from this site.',
      fix: "Run the site checks from the customer's network before signing off.",
      ref: null,
    })
  } else {
    if (checks.offline)
      issues.push({
        kind: 'checks-not-run',
        text: 'The site checks ran without internet access: nothing could be confirmed.',
        fix: 'Connect the laptop to the same network as the device and run the site checks again.',
        ref: null,
      })
    if (checks.cancelled)
      issues.push({
        kind: 'checks-cancelled',
        text: 'The site checks were cancelled before every check finished.',
        fix: 'Run the site checks again to completion.',
        ref: null,
      })
    for (const c of checks.items) {
      if (c.status !== 'fail' && c.status !== 'warn') continue
      issues.push({
        kind: c.status === 'fail' ? 'check-failed' : 'check-warning',
        text: `${c.title}: ${firstSentence(c.explanation)}`,
        fix: c.fix,
        ref: c.id,
      })
    }
  }
  for (const item of checklist) {
    if (!item.inPlan || item.done) continue
    issues.push({
      kind: 'step-open',
      text: `Not done: ${item.title}${item.note.trim() ? ` (note: ${item.note.trim()})` : ''}`,
      fix: null,
      ref: item.stepId,
    })
  }
  return issues
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function verdictOf(
  method: ReportMethod,
  checks: ReportCheckRun | null,
  issues: readonly ReportIssue[],
): ReportVerdict {
  if (!method.chosen)
    return {
      status: 'blocked',
      headline: 'Blocked: no Microsoft 365 sending method can work at this site yet.',
    }
  const ran = checks?.items.some((c) => c.status !== 'skip') ?? false
  if (!checks || checks.offline || !ran)
    return {
      status: 'not-checked',
      headline: `Not checked: the site checks have not confirmed ${method.chosen.title} from this site.`,
    }
  if (issues.length > 0) {
    const count = (k: IssueKind) => issues.filter((i) => i.kind === k).length
    const parts = [
      count('check-failed') && plural(count('check-failed'), 'failed check'),
      count('check-warning') && plural(count('check-warning'), 'warning'),
      count('step-open') && plural(count('step-open'), 'step', 'steps') + ' not done',
      count('capture-failed') && 'the device capture shows it will fail',
      count('capture-warning') && 'the device capture needs a look',
      count('pick-blocked') && 'the picked method is blocked',
      count('checks-cancelled') && 'the checks were cancelled',
    ].filter((p): p is string => typeof p === 'string')
    return {
      status: 'needs-attention',
      headline: `Needs attention: ${parts.join(', ')}.`,
    }
  }
  return {
    status: 'ready',
    headline: `Ready: ${method.chosen.title}, every check passed and every step is done.`,
  }
}

// --- the report --------------------------------------------------------------------------------

export function buildReport(job: Job, opts: BuildReportOptions): JobReport {
  const today = opts.today ?? opts.generatedAt.slice(0, 10)
  const jd = jobDecision(job, today)
  const ranked = jd.decision.ranked
  const chosenAssessment = jd.method ? ranked.find((m) => m.method === jd.method) : undefined
  const method: ReportMethod = {
    chosen: chosenAssessment
      ? {
          ...option(chosenAssessment),
          source: job.method === chosenAssessment.method ? 'technician' : 'recommended',
        }
      : null,
    recommended: jd.decision.recommended,
    summary: jd.decision.summary,
    pickBlocked: jd.pickBlocked ? option(jd.pickBlocked) : null,
    alternatives: ranked.filter((m) => m.method !== jd.method).map(option),
    waysOut: jd.decision.waysOut,
  }
  const plan = chosenAssessment ? jobPlan(job, chosenAssessment) : []
  const checks = checksOf(job)
  const replies = repliesOf(job)
  const checklist = checklistOf(job, plan)
  const closest = jd.pickBlocked ?? ranked[0]
  const captures = job.captures ?? []
  const openIssues = issuesOf(method, closest ? option(closest) : null, checks, checklist, captures)
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: REPORT_KIND,
    generatedAt: opts.generatedAt,
    appVersion: opts.appVersion,
    decisionDate: today,
    verdict: verdictOf(method, checks, openIssues),
    job: {
      id: job.id,
      customer: job.customer,
      site: job.site,
      domain: job.domain,
      contact: job.contact,
      technician: job.technician,
      senderAddress: job.senderAddress,
      mxHost: job.mxHost,
    },
    technician: job.technician,
    device: deviceOf(job),
    method,
    settings: settingsOf(job, plan),
    checks,
    replies,
    admin: adminOf(job, plan),
    checklist,
    openIssues,
    captures: captures.map((c) => ({ ...c, verdicts: c.verdicts.map((v) => ({ ...v })) })),
    timestamps: {
      jobCreatedAt: job.createdAt,
      jobUpdatedAt: job.updatedAt,
      checksStartedAt: job.lastReport?.startedAt ?? null,
    },
  }
}

/** Title of a method id, for a report reader that only has the id. */
export function methodTitle(id: MethodId): string {
  return METHOD_TITLES[id]
}
