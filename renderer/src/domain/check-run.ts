/**
 * A site-check run as the screens show it: the run itself and its checks, planned or finished,
 * in the runner's order. Pure types, shared by the probes slice and the domain functions.
 */
import type { CheckResult, DiagnoseReport } from '../../../shared/probe-types'

/**
 * `idle`: nothing run yet (or reset).
 * `running`: waiting for `runProbes`; `cancelRequested` once Cancel was pressed.
 * `done`: the run ended; `report` is null when it ended on an error.
 */
export type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; runId: string; cancelRequested: boolean }
  | { kind: 'done'; runId: string; report: DiagnoseReport | null }

/** One check as the list shows it: planned (result null, still running) or finished. */
export interface CheckEntry {
  id: string
  title: string
  result: CheckResult | null
}

/** The checks of a run: their ids in the order the runner planned them, and each by id. */
export interface RunChecks {
  order: string[]
  checks: Record<string, CheckEntry>
}
