/**
 * A job's saved site report shown again in the Site checks screen (after a reload, or back at the
 * step): the probes state a finished run with that report would have left. Pure, unit-tested.
 */
import type { DiagnoseReport } from '../../../shared/probe-types'
import type { CheckEntry, RunChecks, RunState } from './check-run'

export function probesStateFromReport(
  report: DiagnoseReport,
): RunChecks & { run: RunState; error: null } {
  const checks: Record<string, CheckEntry> = {}
  for (const c of report.checks) checks[c.id] = { id: c.id, title: c.title, result: c }
  return {
    run: { kind: 'done', runId: report.runId, report },
    order: report.checks.map((c) => c.id),
    checks,
    error: null,
  }
}
