/**
 * What is still open in a job report (its `openIssues`) and the verdict they lead to: the rules
 * behind the report's first-page answer to "is it done?".
 */
import { captureMethodFor } from '../capture-record'
import type { CaptureRecord } from '../job-types'
import type {
  IssueKind,
  ReportCheckRun,
  ReportChecklistItem,
  ReportIssue,
  ReportMethod,
  ReportMethodOption,
  ReportVerdict,
} from './report-model'

/** The first sentence of an explanation, as tables show it. */
function firstSentence(text: string): string {
  const m = /^(.*?[.!?])(\s|$)/s.exec(text.trim())
  return (m?.[1] ?? text).trim()
}

/**
 * The open issues, in this order: what the newest device capture found, no method, a blocked
 * pick, checks not run (or offline), cancelled, failed or warning, then every planned step not done.
 */
export function issuesOf(
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

/** The verdict (see VerdictStatus for its rules) and its one-sentence headline. */
export function verdictOf(
  method: ReportMethod,
  checks: ReportCheckRun | null,
  issues: readonly ReportIssue[],
): ReportVerdict {
  if (!method.chosen)
    return {
      status: 'blocked',
      headline: 'Blocked: no Microsoft 365 sending method can work at this site yet.',
    }
  // A check that only informs (port 465) confirms nothing about the method.
  const ran = checks?.items.some((c) => c.status !== 'skip' && c.status !== 'info') ?? false
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
