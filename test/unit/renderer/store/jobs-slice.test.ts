import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { UNUSED_API } from '../../../helpers/unused-api'

import type { ScanpathGlobal } from '../../../../renderer/src/env'
import { useAppStore } from '../../../../renderer/src/store'
import { SAVE_DEBOUNCE_MS } from '../../../../renderer/src/store/jobs-slice'
import type { ScanpathApi } from '../../../../shared/api'
import { newJob, type Job, type JobMeasured } from '../../../../shared/job-types'
import type { DiagnoseReport, ProbeProgress } from '../../../../shared/probe-types'
import { err, ok, type Result } from '../../../../shared/result'

/**
 * A fake main: jobs in a map; `saveResult` decides how the next saves go. Like main, it merges
 * what a save carries into the job, and keeps a run's report in the job the run was for.
 */
interface FakeMain {
  jobs: Map<string, Job>
  saves: Job[]
  saveResult: Result<{ updatedAt: string }> | null
  emit(p: ProbeProgress): void
  finish(runId: string, r: DiagnoseReport): void
  api: ScanpathApi
}

function installFakeMain(): FakeMain {
  const jobs = new Map<string, Job>()
  const saves: Job[] = []
  const listeners = new Set<(p: ProbeProgress) => void>()
  const measured = new Set<(m: JobMeasured) => void>()
  const runs = new Map<string, (r: Result<DiagnoseReport>) => void>()
  const fake: FakeMain = {
    jobs,
    saves,
    saveResult: null,
    emit: (p: ProbeProgress) => listeners.forEach((l) => l(p)),
    finish: (runId: string, r: DiagnoseReport) => runs.get(runId)?.(ok(r)),
    api: {
      ...UNUSED_API,
      runProbes: (req) =>
        new Promise((resolve) =>
          runs.set(req.runId, (r) => {
            const job = req.jobId === undefined ? undefined : jobs.get(req.jobId)
            if (r.ok && job) {
              const updatedAt = '2026-11-28T08:30:00.000Z'
              jobs.set(job.id, { ...job, lastReport: r.value, updatedAt })
              const m = { jobId: job.id, lastReport: r.value, saved: ok({ updatedAt }) }
              measured.forEach((l) => l(m))
            }
            resolve(r)
          }),
        ),
      cancelProbes: async () => ok({ cancelled: true }),
      openExternal: async () => ok({ opened: true }),
      listJobs: async () =>
        ok(
          [...jobs.values()].map((j) => ({
            id: j.id,
            customer: j.customer,
            site: j.site,
            domain: j.domain,
            deviceLabel: '',
            step: j.step,
            updatedAt: j.updatedAt,
            status: { method: null, verdict: 'no-method' as const, text: 'No method chosen yet' },
          })),
        ),
      createJob: async () => {
        const j = newJob(
          `job-${String(jobs.size + 1).padStart(8, '0')}`,
          '2026-11-28T07:00:00.000Z',
        )
        jobs.set(j.id, j)
        return ok(j)
      },
      getJob: async ({ id }) => {
        const j = jobs.get(id)
        return j ? ok(j) : err('internal', `no job ${id}`)
      },
      saveJob: async ({ job }) => {
        saves.push(job as Job)
        if (fake.saveResult && !fake.saveResult.ok) return fake.saveResult
        const kept = jobs.get(job.id)
        if (!kept) return err('internal', `no job ${job.id}`)
        jobs.set(job.id, { ...kept, ...job, updatedAt: '2026-11-28T08:00:00.000Z' })
        return ok({ updatedAt: '2026-11-28T08:00:00.000Z' })
      },
      onProbeProgress: (l) => {
        listeners.add(l)
        return () => listeners.delete(l)
      },
      onJobMeasured: (l) => {
        measured.add(l)
        return () => measured.delete(l)
      },
    } satisfies ScanpathApi,
  }
  ;(globalThis as ScanpathGlobal).scanpath = fake.api
  return fake
}

const store = () => useAppStore.getState()

describe('jobs and wizard slices', () => {
  let main: ReturnType<typeof installFakeMain>

  beforeEach(() => {
    vi.useFakeTimers()
    main = installFakeMain()
  })

  afterEach(() => {
    vi.useRealTimers()
    store().reset()
    delete (globalThis as ScanpathGlobal).scanpath
  })

  it('saves edits once, after the technician stops typing', async () => {
    await store().wizard.newJob()
    expect(store().wizard.view).toEqual({ kind: 'job', step: 'job' })
    for (const ch of ['C', 'Co', 'Con']) store().jobs.update((j) => ({ ...j, customer: ch }))
    expect(store().jobs.save.kind).toBe('pending')
    await vi.advanceTimersByTimeAsync(SAVE_DEBOUNCE_MS - 10)
    expect(main.saves).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(20)
    expect(main.saves.map((j) => j.customer)).toEqual(['Con'])
    expect(store().jobs.save.kind).toBe('saved')
    expect(store().jobs.current?.updatedAt).toBe('2026-11-28T08:00:00.000Z')
  })

  it('saves at once on a step change, and stores the step in the job', async () => {
    await store().wizard.newJob()
    store().jobs.update((j) => ({ ...j, domain: 'contoso.test' }))
    store().wizard.next()
    await vi.advanceTimersByTimeAsync(0)
    expect(main.saves.at(-1)).toMatchObject({ domain: 'contoso.test', step: 'device' })
    expect(store().wizard.view).toEqual({ kind: 'job', step: 'device' })
    store().wizard.back()
    expect(store().wizard.view).toEqual({ kind: 'job', step: 'job' })
  })

  it('keeps every edit when a save fails, says so, and sends them all on retry', async () => {
    await store().wizard.newJob()
    main.saveResult = err('invalid-payload', 'jobs:save failed: customer is too long')
    store().jobs.update((j) => ({ ...j, customer: 'A' }))
    await store().jobs.flush()
    expect(store().jobs.save).toEqual({
      kind: 'failed',
      error: { code: 'invalid-payload', message: 'jobs:save failed: customer is too long' },
    })
    store().jobs.update((j) => ({ ...j, site: 'B' }))
    // The failure stays on screen while the new edit waits.
    expect(store().jobs.save.kind).toBe('failed')
    // Leaving the job is refused while its edits are not saved.
    await store().wizard.showJobList()
    expect(store().wizard.view.kind).toBe('job')
    main.saveResult = null
    await store().jobs.flush()
    expect(store().jobs.save.kind).toBe('saved')
    expect(main.jobs.get(store().jobs.current!.id)).toMatchObject({ customer: 'A', site: 'B' })
  })

  it('reopens a job at the step it was left on', async () => {
    await store().wizard.newJob()
    const id = store().jobs.current!.id
    store().wizard.goTo('decision')
    await vi.advanceTimersByTimeAsync(0)
    await store().wizard.showJobList()
    expect(store().wizard.view).toEqual({ kind: 'job-list' })
    expect(store().jobs.list).toMatchObject({ kind: 'ready', jobs: [{ id, step: 'decision' }] })
    await store().wizard.openJob(id)
    expect(store().wizard.view).toEqual({ kind: 'job', step: 'decision' })
  })

  it("saves a run's report into the job it was started for, and not into another", async () => {
    await store().wizard.newJob()
    store().jobs.update((j) => ({ ...j, domain: 'contoso.test', mxHost: 'mx.contoso.test' }))
    store().wizard.goTo('site-checks')
    store().wizard.enterSiteChecks()
    expect(store().probes.endpoints).toMatchObject({
      domain: 'contoso.test',
      mxHost: 'mx.contoso.test',
    })
    const done = store().probes.runChecks()
    const run = store().probes.run
    if (run.kind !== 'running') throw new Error('expected a running run')
    const report: DiagnoseReport = {
      runId: run.runId,
      startedAt: '2026-11-28T07:00:00.000Z',
      durationMs: 10,
      checks: [],
      summary: { pass: 0, warn: 0, fail: 0, info: 0, skip: 0 },
      cancelled: false,
      offline: false,
    }
    main.finish(run.runId, report)
    await done
    await vi.advanceTimersByTimeAsync(0)
    expect(store().jobs.current?.lastReport).toEqual(report)
    expect(main.jobs.get(store().jobs.current!.id)?.lastReport).toEqual(report)

    // The standalone screen's runs belong to no job.
    await store().wizard.showJobList()
    store().wizard.showSiteChecks()
    const standalone = store().probes.runChecks()
    const other = store().probes.run
    if (other.kind !== 'running') throw new Error('expected a running run')
    main.finish(other.runId, { ...report, runId: other.runId })
    await standalone
    expect([...main.jobs.values()].map((j) => j.lastReport?.runId)).toEqual([run.runId])
  })

  it('writes domain and MX host edits made in the site-check form back into the job', async () => {
    await store().wizard.newJob()
    store().wizard.goTo('site-checks')
    store().wizard.enterSiteChecks()
    store().probes.setEndpoint('domain', 'fabrikam.test')
    expect(store().jobs.current?.domain).toBe('fabrikam.test')
  })
})
