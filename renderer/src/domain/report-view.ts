/**
 * How the report preview names things: the verdict box, the checklist's "who", the issue kinds.
 * Pure, so the words are unit-tested and match the PDF's meaning.
 */
import { assertNever } from '../../../shared/assert-never'
import { verdictHeadlineBody } from '../../../shared/report/report-issues'
import type {
  IssueKind,
  ReportIssue,
  ReportChecklistItem,
  VerdictStatus,
} from '../../../shared/report/report-model'

export interface VerdictMeta {
  label: string
  icon: string
  className: string
}

export function verdictMeta(status: VerdictStatus): VerdictMeta {
  switch (status) {
    case 'ready':
      return { label: 'Ready', icon: '✓', className: 'verdict--ready' }
    case 'needs-attention':
      return { label: 'Needs attention', icon: '⚠\uFE0E', className: 'verdict--attention' }
    case 'blocked':
      return { label: 'Blocked', icon: '✕', className: 'verdict--blocked' }
    case 'not-checked':
      return { label: 'Not checked', icon: '?', className: 'verdict--not-checked' }
    default:
      return assertNever(status, 'verdict status')
  }
}

export function whoLabel(who: ReportChecklistItem['who']): string {
  switch (who) {
    case 'device':
      return 'On the device'
    case 'relay':
      return 'Relay machine'
    case 'admin':
      return 'Tenant admin'
    case 'test':
      return 'Test'
    case 'unknown':
      return 'Earlier plan'
    default:
      return assertNever(who, 'checklist who')
  }
}

/** The tag of an open issue: what kind it is, or that it cannot affect the chosen method. */
export function issueTag(issue: Pick<ReportIssue, 'kind' | 'relevant'>): string {
  return issue.relevant === false ? 'Not relevant' : issueLabel(issue.kind)
}

export function issueLabel(kind: IssueKind): string {
  switch (kind) {
    case 'no-method':
      return 'No method'
    case 'pick-blocked':
      return 'Pick blocked'
    case 'checks-not-run':
      return 'Not checked'
    case 'checks-cancelled':
      return 'Cancelled'
    case 'check-failed':
      return 'Failed check'
    case 'check-warning':
      return 'Warning'
    case 'step-open':
      return 'Step not done'
    case 'capture-failed':
      return 'Capture: will fail'
    case 'capture-warning':
      return 'Capture: check'
    default:
      return assertNever(kind, 'issue kind')
  }
}

/** "3 of 5 steps done" for the checklist heading (only the current plan's steps count). */
export function checklistProgress(items: readonly ReportChecklistItem[]): string {
  const planned = items.filter((i) => i.inPlan)
  const done = planned.filter((i) => i.done).length
  return `${done} of ${planned.length} ${planned.length === 1 ? 'step' : 'steps'} done`
}

/**
 * The headline without the verdict's own label in front ("Not checked: the site checks…" under a
 * "Not checked" box reads twice); the report model keeps the label for the PDF and the email.
 */
export function headlineBody(status: VerdictStatus, headline: string): string {
  return verdictHeadlineBody({ status, headline })
}
