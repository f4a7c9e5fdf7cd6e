/**
 * Site-check runs in the renderer: the endpoint fields, the current run and its checks as they
 * stream in. The renderer makes the run id, so progress events that arrive before `runProbes`
 * resolves can be matched; anything carrying another run id (a run that was replaced, or a late
 * event after `reset()`) is dropped. At a job's Site checks step the form edits the job's domain
 * and MX host, and a run is started for the job: main keeps its report in the job itself.
 */
import type { StateCreator } from 'zustand'

import type {
  CheckResult,
  DiagnoseReport,
  PlannedCheck,
  ProbeProgress,
} from '../../../shared/probe-types'
import { assertNever } from '../../../shared/assert-never'
import type { AppError } from '../../../shared/result'
import { bridgeMissingError, getBridge } from '../api'
import type { CheckEntry, RunChecks, RunState } from '../domain/check-run'
import {
  DEFAULT_ENDPOINT_FIELDS,
  validateEndpoints,
  type EndpointField,
  type EndpointFields,
} from '../domain/endpoint-form'
import type { AppState } from './index'

export interface ProbesState extends RunChecks {
  endpoints: EndpointFields
  /** The run on screen; when it ended on an error, `error` says why. */
  run: RunState
  /** The last error from the bridge (shown in an alert), cleared by the next run. */
  error: AppError | null
}

export interface ProbesActions {
  setEndpoint(field: EndpointField, value: string): void
  /** Starts a run with the current endpoints; resolves when the run is over (or refused). */
  runChecks(): Promise<void>
  /** Asks main to cancel the current run; the run then resolves with the checks skipped. */
  cancel(): Promise<void>
  /** Applies one progress event, if it belongs to the current run. */
  applyProgress(p: ProbeProgress): void
  dismissError(): void
}

export interface ProbesSlice {
  probes: ProbesState & ProbesActions
}

export const initialProbesState: ProbesState = {
  endpoints: DEFAULT_ENDPOINT_FIELDS,
  run: { kind: 'idle' },
  order: [],
  checks: {},
  error: null,
}

/** The open job, when the technician is at its Site checks step (the form and runs are its). */
function jobAtSiteChecks(s: AppState) {
  const view = s.wizard.view
  return view.kind === 'job' && view.step === 'site-checks' ? s.jobs.current : null
}

export function currentRunId(run: RunState): string | null {
  return run.kind === 'idle' ? null : run.runId
}

// --- Pure state transitions (exported for unit tests) -------------------------------

function planned(checks: PlannedCheck[]): RunChecks {
  const entries: Record<string, CheckEntry> = {}
  for (const c of checks) entries[c.id] = { id: c.id, title: c.title, result: null }
  return { order: checks.map((c) => c.id), checks: entries }
}

function withResults(s: RunChecks, results: CheckResult[]): RunChecks {
  const order = [...s.order]
  const checks = { ...s.checks }
  for (const r of results) {
    // A result for a check the list has not seen (no `started` event) is appended, not lost.
    if (!(r.id in checks)) order.push(r.id)
    checks[r.id] = { id: r.id, title: r.title, result: r }
  }
  return { order, checks }
}

/** The state after a progress event; unchanged (same object) when it belongs to another run. */
export function reduceProgress<S extends ProbesState>(s: S, p: ProbeProgress): S {
  if (s.run.kind !== 'running' || s.run.runId !== p.runId) return s
  switch (p.kind) {
    case 'started':
      return { ...s, ...planned(p.checks) }
    case 'result':
      return { ...s, ...withResults(s, [p.result]) }
    case 'finished':
      return finishRun(s, p.report)
    default:
      return assertNever(p, 'progress event')
  }
}

/** Ends the run with its report: the report's results are authoritative over streamed ones. */
export function finishRun<S extends ProbesState>(s: S, report: DiagnoseReport): S {
  if (currentRunId(s.run) !== report.runId) return s
  return {
    ...s,
    ...withResults(s, report.checks),
    run: { kind: 'done', runId: report.runId, report },
  }
}

// --- The slice ----------------------------------------------------------------------

export const createProbesSlice: StateCreator<AppState, [], [], ProbesSlice> = (set, get) => {
  const patch = (p: Partial<ProbesState>) => set((s) => ({ probes: { ...s.probes, ...p } }))
  const isCurrent = (runId: string) => currentRunId(get().probes.run) === runId

  return {
    probes: {
      ...initialProbesState,

      setEndpoint(field, value) {
        const endpoints = { ...get().probes.endpoints, [field]: value }
        patch({ endpoints })
        const job = jobAtSiteChecks(get())
        if (job && (endpoints.domain !== job.domain || endpoints.mxHost !== job.mxHost)) {
          const { domain, mxHost } = endpoints
          get().jobs.update((j) => ({ ...j, domain, mxHost }))
        }
      },

      async runChecks() {
        const { run, endpoints } = get().probes
        if (run.kind === 'running') return
        const { options } = validateEndpoints(endpoints)
        // The button is disabled while the form is invalid; this only guards direct calls.
        if (options === null) return
        const api = getBridge()
        if (!api) {
          patch({ error: bridgeMissingError })
          return
        }
        const runId = crypto.randomUUID()
        const jobId = jobAtSiteChecks(get())?.id
        patch({
          run: { kind: 'running', runId, cancelRequested: false },
          order: [],
          checks: {},
          error: null,
        })
        const unsubscribe = api.onProbeProgress((p) => get().probes.applyProgress(p))
        try {
          const result = await api.runProbes({ runId, options, ...(jobId ? { jobId } : {}) })
          if (!isCurrent(runId)) return
          if (result.ok) {
            set((s) => ({ probes: { ...s.probes, ...finishRun(s.probes, result.value) } }))
          } else {
            patch({ run: { kind: 'done', runId, report: null }, error: result.error })
          }
        } catch (e) {
          // The bridge returns Results and should never reject; a broken transport still must
          // not leave the screen stuck on "Running…".
          if (!isCurrent(runId)) return
          const message = e instanceof Error ? e.message : String(e)
          patch({
            run: { kind: 'done', runId, report: null },
            error: { code: 'internal', message: `The checks could not run: ${message}` },
          })
        } finally {
          unsubscribe()
        }
      },

      async cancel() {
        const run = get().probes.run
        if (run.kind !== 'running' || run.cancelRequested) return
        const api = getBridge()
        if (!api) {
          patch({ error: bridgeMissingError })
          return
        }
        patch({ run: { ...run, cancelRequested: true } })
        const result = await api.cancelProbes({ runId: run.runId })
        if (!result.ok && isCurrent(run.runId)) patch({ error: result.error })
      },

      applyProgress(p) {
        set((s) => {
          const next = reduceProgress(s.probes, p)
          return next === s.probes ? s : { probes: next }
        })
      },

      dismissError() {
        patch({ error: null })
      },
    },
  }
}
