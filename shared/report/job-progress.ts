/**
 * How far a job has come, step by step (done, needs attention, not yet), and the one line the job
 * list shows for it (the method the technician confirmed and the report's verdict). Both are read
 * from the job's report (build-report.ts), so they say what the report says. Pure.
 */
import { assertNever } from '../assert-never'
import { captureMethodFor } from '../capture-record'
import { WIZARD_STEPS, type Job, type WizardStepKind } from '../job-types'
import { buildReport } from './build-report'
import type { JobReport, VerdictStatus } from './report-model'

/** `open`: nothing recorded that says the step is done (or wrong). */
export type StepState = 'done' | 'attention' | 'open'

export interface StepProgress {
  state: StepState
  /** In words, for a screen reader and a tooltip: "Done", or what needs attention. */
  text: string
}

export type JobProgress = Record<WizardStepKind, StepProgress>

const done: StepProgress = { state: 'done', text: 'Done' }
const open: StepProgress = { state: 'open', text: 'Not done yet' }
const attention = (why: string): StepProgress => ({
  state: 'attention',
  text: `Needs attention: ${why}`,
})

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

function siteChecksProgress(report: JobReport): StepProgress {
  const checks = report.checks
  if (!checks) return open
  if (checks.offline) return attention('the checks ran without internet access')
  if (checks.cancelled) return attention('the checks were cancelled')
  // Only failures that can affect the method the job is configured for (as the verdict counts).
  const failed = report.openIssues.filter((i) => i.kind === 'check-failed' && i.relevant !== false)
  if (failed.length === 0) return done
  const chosen = report.method.chosen
  return attention(
    chosen
      ? `${plural(failed.length, 'failed check')} can affect ${chosen.title}`
      : `${plural(failed.length, 'check')} failed`,
  )
}

function decisionProgress(job: Job, report: JobReport): StepProgress {
  const { chosen, pickBlocked, siteRelay } = report.method
  // Taking ScanPath Relay at this site is the technician's decision.
  if (siteRelay) return done
  if (!chosen) return attention('no Microsoft 365 method fits yet')
  if (pickBlocked) return attention(`the picked method, ${pickBlocked.title}, is blocked now`)
  return job.method !== null && chosen.source === 'technician' ? done : open
}

function configureProgress(report: JobReport): StepProgress {
  const steps = report.checklist.filter((i) => i.inPlan)
  if ((!report.method.chosen && !report.method.siteRelay) || steps.length === 0) return open
  return steps.every((i) => i.done) ? done : open
}

function verifyProgress(report: JobReport): StepProgress {
  const { chosen, siteRelay } = report.method
  const capture = report.captures.at(-1)
  // The relay is judged as a relay: port-25 style, no sign-in (capture-verdict.ts).
  const method = siteRelay ? 'direct-send-relay' : chosen ? captureMethodFor(chosen.id) : null
  const seen = method ? capture?.verdicts.find((v) => v.method === method) : undefined
  if (seen?.status === 'fail') return attention('the device capture shows it will fail')
  const outcome = report.verifyOutcome
  if (outcome && !outcome.passed) return attention('the last test failed')
  if (seen?.status === 'warn') return attention('the device capture needs a look')
  return outcome?.passed || seen?.status === 'ok' ? done : open
}

function stepProgress(step: WizardStepKind, job: Job, report: JobReport): StepProgress {
  switch (step) {
    case 'job':
      return job.customer.trim() !== '' && job.site.trim() !== '' ? done : open
    case 'device':
      return job.device.familyId !== null ? done : open
    case 'site-checks':
      return siteChecksProgress(report)
    case 'decision':
      return decisionProgress(job, report)
    case 'configure':
      return configureProgress(report)
    case 'verify':
      return verifyProgress(report)
    case 'report':
      return report.verdict.status === 'ready' ? done : open
    default:
      return assertNever(step, 'wizard step')
  }
}

/** Each step's state, from the job and the report built from it. */
export function progressFromReport(job: Job, report: JobReport): JobProgress {
  return Object.fromEntries(WIZARD_STEPS.map((s) => [s, stepProgress(s, job, report)])) as Record<
    WizardStepKind,
    StepProgress
  >
}

/** The report as the progress and the status line need it (no time or version in either). */
function reportFor(job: Job, today: string): JobReport {
  return buildReport(job, { generatedAt: `${today}T00:00:00.000Z`, appVersion: '', today })
}

/** Each step's state for a job, on `today` (YYYY-MM-DD: the Basic-auth dates are dates). */
export function jobProgress(job: Job, today: string): JobProgress {
  return progressFromReport(job, reportFor(job, today))
}

/** What the job list says of a job: the method the technician confirmed, and where it stands. */
export interface JobStatus {
  /** The confirmed method's title (a picked method that is blocked now too), or null. */
  method: string | null
  /** The report's verdict; `no-method` while the technician has not confirmed one. */
  verdict: VerdictStatus | 'no-method'
  /** One short line: "Needs attention: 1 failed check", "No method chosen yet". */
  text: string
}

function verdictLine(report: JobReport): string {
  const { status, headline } = report.verdict
  switch (status) {
    case 'ready':
      return 'Ready'
    case 'needs-attention':
      return headline.replace(/\.$/, '')
    case 'not-checked':
      return 'Not checked: the site checks have not run from this site'
    case 'blocked':
      return 'Blocked: no Microsoft 365 method can work here yet'
    default:
      return assertNever(status, 'verdict')
  }
}

export function statusFromReport(job: Job, report: JobReport): JobStatus {
  const { chosen, pickBlocked, siteRelay } = report.method
  // The relay's verdict headline says where its setup stands (site-relay-report.ts).
  if (siteRelay)
    return {
      method: siteRelay.title,
      verdict: report.verdict.status,
      text: report.verdict.headline.replace(/\.$/, ''),
    }
  const confirmed =
    pickBlocked?.title ?? (chosen?.source === 'technician' && job.method ? chosen.title : null)
  if (confirmed)
    return { method: confirmed, verdict: report.verdict.status, text: verdictLine(report) }
  if (!chosen) return { method: null, verdict: 'blocked', text: verdictLine(report) }
  return { method: null, verdict: 'no-method', text: 'No method chosen yet' }
}

/** The job list's line for a job, on `today`. */
export function jobStatus(job: Job, today: string): JobStatus {
  return statusFromReport(job, reportFor(job, today))
}
