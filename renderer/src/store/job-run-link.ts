/**
 * Ties site-check runs to the job they were started for. A run started at a job's Site checks
 * step is that job's: when it finishes, its report goes into the job (`lastReport`). A run of the
 * standalone screen, or one that ends after the technician opened another job, is not saved
 * into any job. Edits of the domain and MX host in the site-check form go back into the job.
 */
import type { StoreApi } from 'zustand'

import type { AppState } from './index'

export function linkRunsToJobs(
  store: StoreApi<AppState>,
  now: () => number = () => performance.now(),
): () => void {
  let owner: { runId: string; jobId: string } | null = null
  let runStart = 0
  /** Notes when each result of a live run lands, for the timing waterfall. */
  const recordArrivals = (s: AppState, prev: AppState) => {
    const run = s.probes.run
    if (run.kind !== 'running') return
    const arrivals = s.wizard.arrivals
    if (arrivals.runId !== run.runId) {
      runStart = now()
      store.setState({ wizard: { ...s.wizard, arrivals: { runId: run.runId, at: {} } } })
      return
    }
    if (s.probes.checks === prev.probes.checks) return
    const t = now() - runStart
    const fresh = Object.values(s.probes.checks).filter(
      (c) => c.result && arrivals.at[c.id] === undefined,
    )
    if (fresh.length === 0) return
    const at = { ...arrivals.at }
    for (const c of fresh) at[c.id] = t
    store.setState({ wizard: { ...s.wizard, arrivals: { runId: run.runId, at } } })
  }
  return store.subscribe((s, prev) => {
    recordArrivals(s, prev)
    const view = s.wizard.view
    const job = s.jobs.current
    const atSiteChecks = view.kind === 'job' && view.step === 'site-checks' && job !== null
    const run = s.probes.run
    if (run !== prev.probes.run) {
      if (
        run.kind === 'running' &&
        (prev.probes.run.kind !== 'running' || prev.probes.run.runId !== run.runId)
      ) {
        owner = atSiteChecks && job ? { runId: run.runId, jobId: job.id } : null
      } else if (run.kind === 'done' && owner?.runId === run.runId) {
        const report = run.report
        const jobId = owner.jobId
        owner = null
        if (report && job?.id === jobId) {
          s.jobs.update((j) => ({ ...j, lastReport: report }))
          void s.jobs.flush()
        }
      }
    }
    if (atSiteChecks && job && s.probes.endpoints !== prev.probes.endpoints) {
      const { domain, mxHost } = s.probes.endpoints
      if (domain !== job.domain || mxHost !== job.mxHost)
        s.jobs.update((j) => ({ ...j, domain, mxHost }))
    }
  })
}
