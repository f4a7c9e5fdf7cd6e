/**
 * What is still open in a job report (its `openIssues`) and the verdict they lead to: the rules
 * behind the report's first-page answer to "is it done?".
 */
import { captureMethodFor } from '../capture-record'
import type { CaptureRecord } from '../job-types'
import { checkAffectsMethod } from './method-relevance'
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
 * A failed or warning check that cannot affect the chosen method (sending on `chosenPort`) is
 * listed with `relevant: false` and says so.
 */
export function issuesOf(
  method: ReportMethod,
  closest: ReportMethodOption | null,
  checks: ReportCheckRun | null,
  checklist: readonly ReportChecklistItem[],
  captures: readonly CaptureRecord[],
  chosenPort: 587 | 25 | null,
): ReportIssue[] {
  const issues: ReportIssue[] = []
  // The newest capture is what the device does now (a firmware update between captures counts).
  const capture = captures.at(-1)
  // A device sending through ScanPath Relay is judged as the relay's verdict (filed under
  // direct-send-relay: the device's side is the same, TLS optional and no sign-in).
  const captureMethod = method.siteRelay
    ? 'direct-send-relay'
    : method.chosen
      ? captureMethodFor(method.chosen.id)
      : null
  const verdict =
    capture && captureMethod ? capture.verdicts.find((v) => v.method === captureMethod) : undefined
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
    const chosen = method.chosen
    for (const c of checks.items) {
      if (c.status !== 'fail' && c.status !== 'warn') continue
      const relevant = checkAffectsMethod(c.id, chosen?.id ?? null, chosenPort)
      issues.push({
        kind: c.status === 'fail' ? 'check-failed' : 'check-warning',
        text: `${c.title}: ${firstSentence(c.explanation)}${relevant || !chosen ? '' : ` (Not relevant to ${chosen.title}: not counted in the verdict.)`}`,
        fix: c.fix,
        ref: c.id,
        ...(relevant ? {} : { relevant: false }),
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

/** The issues the verdict counts: all but the checks that cannot affect the chosen method. */
export function countedIssues(issues: readonly ReportIssue[]): ReportIssue[] {
  return issues.filter((i) => i.relevant !== false)
}

/**
 * The verdict (see VerdictStatus for its rules) and its one-sentence headline. Only the issues that
 * can affect the chosen method count (countedIssues); the others are listed, not counted.
 */
export function verdictOf(
  method: ReportMethod,
  checks: ReportCheckRun | null,
  allIssues: readonly ReportIssue[],
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
  const issues = countedIssues(allIssues)
  const notCounted = allIssues.length - issues.length
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
    headline:
      notCounted > 0
        ? `Ready: ${method.chosen.title}, every check that can affect it passed and every step is done; ${plural(notCounted, 'check')} that cannot affect it ${notCounted === 1 ? 'is' : 'are'} listed under Open issues.`
        : `Ready: ${method.chosen.title}, every check passed and every step is done.`,
  }
}

/** What the verdict's label reads, the same words on screen and in the PDF. */
const VERDICT_LABEL: Record<ReportVerdict['status'], string> = {
  ready: 'Ready',
  'needs-attention': 'Needs attention',
  blocked: 'Blocked',
  'not-checked': 'Not checked',
}

/**
 * The headline without the verdict's label in front, for a place that prints the label above it
 * ("NEEDS ATTENTION" then "Needs attention: 1 failed check." reads twice).
 */
export function verdictHeadlineBody(verdict: Pick<ReportVerdict, 'status' | 'headline'>): string {
  const prefix = `${VERDICT_LABEL[verdict.status]}: `
  if (!verdict.headline.toLowerCase().startsWith(prefix.toLowerCase())) return verdict.headline
  const rest = verdict.headline.slice(prefix.length)
  return rest.charAt(0).toUpperCase() + rest.slice(1)
}
