/**
 * Builds the job report (report-model.ts) from a job. Pure, so the renderer, the main process and
 * the CLI all build the very same report from a job; the same job and options give the same report.
 */
import type { ConfigStep } from '../configure/plan-types'
import type { Finding, MethodAssessment } from '../decision/types'
import { jobHeader, type Job } from '../job-types'
import { formatUtcTime } from './utc-time'
import { jobDecision, jobFamily, jobPlan, jobSiteRelayPlan, jobSpfVerdict } from './job-derive'
import { issuesOf, verdictOf } from './report-issues'
import {
  type JobReport,
  REPORT_KIND,
  REPORT_SCHEMA_VERSION,
  type ReportAdmin,
  type ReportCheckRun,
  type ReportChecklistItem,
  type ReportDevice,
  type ReportField,
  type ReportFinding,
  type ReportMethod,
  type ReportMethodOption,
  type ReportSetting,
  type ReportVerifyOutcome,
  type SettingKey,
} from './report-model'
import { repliesOf } from './report-replies'
import { siteRelayOf, siteRelayVerdict } from './site-relay-report'

export interface BuildReportOptions {
  generatedAt: string
  appVersion: string
  /** The decision date; defaults to generatedAt's date (UTC) so the same inputs give the same report. */
  today?: string
}

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
    openQuestions: findings(a.openQuestions),
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

/**
 * The device settings from the plan's SMTP step, under the device's labels. The password field is
 * left out even though it only holds a placeholder.
 */
function settingsOf(plan: readonly ConfigStep[]): ReportSetting[] {
  const step = plan.find((s) => s.id === 'smtp-server')
  if (!step) return []
  return step.fields
    .filter((f) => f.key !== 'password')
    .map((f) => ({
      key: SETTING_KEYS.find((k) => k === f.key) ?? null,
      label: f.label,
      value: f.value,
      hint: f.hint ?? null,
      copy: f.copy,
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
      ...(c.skipReason ? { skipReason: c.skipReason } : {}),
      title: c.title,
      explanation: c.explanation,
      fix: c.fix,
      durationMs: c.durationMs,
      startMs: c.startMs ?? null,
      phases: c.phases.map((p) => ({ name: p.name, startMs: p.startMs, durationMs: p.durationMs })),
    })),
  }
}

function fieldsOf(step: ConfigStep): ReportField[] {
  return step.fields.map((f) => ({ label: f.label, value: f.value }))
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
      fields: s.fields.map((f) => ({ key: f.key, label: f.label, value: f.value })),
    }))
  const powershell = steps.flatMap((s) =>
    s.fields.filter((f) => f.key === 'powershell').map((f) => f.value),
  )
  return {
    steps,
    spf: {
      domain: spf?.domain ?? job.domain,
      currentRecord: spf?.currentRecord ?? null,
      suggestedRecord: spf?.suggestedRecord ?? null,
      recordToPublish: spfStep?.fields.find((f) => f.key === 'spf-record')?.value ?? null,
    },
    connector: connector ? fieldsOf(connector) : null,
    powershell: [...new Set(powershell)],
  }
}

/**
 * The Verify outcome as one line for a person ("Verified (2026-12-05 09:12 UTC): signed in as …").
 * Reports saved before outcomes had a time print none.
 */
export function verifyOutcomeLine(o: ReportVerifyOutcome): string {
  const when = o.at ? ` (${formatUtcTime(o.at)})` : ''
  return o.passed ? `Verified${when}: ${o.text}` : `The last Verify test failed${when}: ${o.text}`
}

function verifyOutcomeOf(job: Job): ReportVerifyOutcome | null {
  const o = job.verifyOutcome
  if (!o || o.text.trim() === '') return null
  return { passed: o.passed, text: o.text.trim(), at: o.at }
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

export function buildReport(job: Job, opts: BuildReportOptions): JobReport {
  const today = opts.today ?? opts.generatedAt.slice(0, 10)
  const jd = jobDecision(job, today)
  const ranked = jd.decision.ranked
  // With ScanPath Relay at the site chosen, the device uses no Microsoft 365 method itself.
  const relayPlan = jobSiteRelayPlan(job)
  const chosenAssessment =
    jd.method && !relayPlan ? ranked.find((m) => m.method === jd.method) : undefined
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
  const plan = relayPlan ?? (chosenAssessment ? jobPlan(job, chosenAssessment) : [])
  if (relayPlan && job.siteRelay) method.siteRelay = siteRelayOf(job, job.siteRelay, relayPlan)
  const checks = checksOf(job)
  const replies = repliesOf(job)
  const checklist = checklistOf(job, plan)
  const closest = jd.pickBlocked ?? ranked[0]
  const captures = job.captures ?? []
  const issues = issuesOf(
    method,
    closest ? option(closest) : null,
    checks,
    checklist,
    captures,
    chosenAssessment?.port ?? null,
  )
  // The relay is the way out taken: "no method fits" is no longer an open issue.
  const openIssues = method.siteRelay ? issues.filter((i) => i.kind !== 'no-method') : issues
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: REPORT_KIND,
    generatedAt: opts.generatedAt,
    appVersion: opts.appVersion,
    decisionDate: today,
    verdict: method.siteRelay
      ? siteRelayVerdict(method.siteRelay, openIssues)
      : verdictOf(method, checks, openIssues),
    job: jobHeader(job),
    technician: job.technician,
    device: deviceOf(job),
    method,
    settings: settingsOf(plan),
    checks,
    replies,
    admin: adminOf(job, plan),
    checklist,
    verifyOutcome: verifyOutcomeOf(job),
    openIssues,
    captures: captures.map((c) => ({ ...c, verdicts: c.verdicts.map((v) => ({ ...v })) })),
    timestamps: {
      jobCreatedAt: job.createdAt,
      jobUpdatedAt: job.updatedAt,
      checksStartedAt: job.lastReport?.startedAt ?? null,
    },
  }
}
