import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { UNUSED_API } from '../../../helpers/unused-api'

import type { ScanpathGlobal } from '../../../../renderer/src/env'
import { useAppStore } from '../../../../renderer/src/store'
import { CAPTURE_TIMEOUT_S } from '../../../../renderer/src/store/capture-slice'
import type { ScanpathApi } from '../../../../shared/api'
import type { CaptureStatus } from '../../../../shared/capture-types'
import { newJob, type Job, type JobMeasured } from '../../../../shared/job-types'
import type { InvokeRequest } from '../../../../shared/schemas/ipc'
import { ok } from '../../../../shared/result'

const status = (running: boolean, stoppedBy: CaptureStatus['stoppedBy'] = null): CaptureStatus => ({
  running,
  addresses: { host: '192.0.2.1', port: 2525, implicitTlsPort: null },
  sessions: [],
  stoppedBy,
})

interface FakeMain {
  starts: InvokeRequest<'capture:start'>[]
  stops: number
  saves: number
  changed(s: CaptureStatus): void
  measured(m: JobMeasured): void
  listeners(): number
}

function installFakeMain(job: Job): FakeMain {
  const changed = new Set<(s: CaptureStatus) => void>()
  const measured = new Set<(m: JobMeasured) => void>()
  const fake: FakeMain = {
    starts: [],
    stops: 0,
    saves: 0,
    changed: (s) => changed.forEach((l) => l(s)),
    measured: (m) => measured.forEach((l) => l(m)),
    listeners: () => changed.size,
  }
  const api: ScanpathApi = {
    ...UNUSED_API,
    getJob: async () => ok(job),
    saveJob: async () => {
      fake.saves++
      return ok({ updatedAt: '2026-11-28T09:00:00.000Z' })
    },
    startCapture: async (req) => {
      fake.starts.push(req)
      return ok(status(true))
    },
    stopCapture: async () => {
      fake.stops++
      return ok(status(false, 'stopped'))
    },
    onCaptureChanged: (l) => {
      changed.add(l)
      return () => changed.delete(l)
    },
    onJobMeasured: (l) => {
      measured.add(l)
      return () => measured.delete(l)
    },
  }
  ;(globalThis as ScanpathGlobal).scanpath = api
  return fake
}

const store = () => useAppStore.getState()
const job = {
  ...newJob('job-00000001', '2026-11-28T07:00:00.000Z'),
  method: 'direct-send' as const,
}

// Every test: a fake main with the job open in the wizard; after it, a fresh store.
let main: FakeMain

beforeEach(async () => {
  main = installFakeMain(job)
  await store().wizard.openJob(job.id)
})

afterEach(() => {
  store().reset()
  delete (globalThis as ScanpathGlobal).scanpath
})

describe('capture slice', () => {
  it("starts for the open job, with its switch-back, and follows main's events", async () => {
    await store().capture.start({ deviceAddress: '192.0.2.10', port: 2525, tlsPort: null })
    expect(main.starts).toEqual([
      expect.objectContaining({
        jobId: job.id,
        deviceAddress: '192.0.2.10',
        listenAddress: null,
        port: 2525,
        tlsPort: null,
        timeoutS: CAPTURE_TIMEOUT_S,
        switchBack: expect.objectContaining({ method: 'direct-send' }),
      }),
    ])
    expect(store().capture.status?.running).toBe(true)
    main.changed(status(false, 'timeout'))
    expect(store().capture.status).toEqual(status(false, 'timeout'))
  })

  it('leaving stops a running capture, forgets it and hears no more of it', async () => {
    await store().capture.start({ deviceAddress: '192.0.2.10', port: 2525, tlsPort: null })
    store().capture.leave()
    expect(main.stops).toBe(1)
    expect(main.listeners()).toBe(0)
    expect(store().capture.status).toBeNull()
    main.changed(status(true))
    expect(store().capture.status).toBeNull()
  })
})

describe('what main measured for the open job', () => {
  it('is shown without counting as an edit, and only for the job it is for', () => {
    const captures: Job['captures'] = []
    main.measured({
      jobId: job.id,
      lastReport: null,
      captures,
      saved: ok({ updatedAt: '2026-11-28T08:00:00.000Z' }),
    })
    expect(store().jobs.current).toMatchObject({ captures, updatedAt: '2026-11-28T08:00:00.000Z' })
    expect(store().jobs.save.kind).toBe('saved')
    main.measured({ jobId: 'job-00000002', lastReport: null, saved: ok({ updatedAt: 'x' }) })
    expect(store().jobs.current?.updatedAt).toBe('2026-11-28T08:00:00.000Z')
  })

  it('that main could not write shows as a failed save, which Retry sends again', async () => {
    main.measured({
      jobId: job.id,
      lastReport: null,
      saved: { ok: false, error: { code: 'internal', message: 'job not saved: disk full' } },
    })
    expect(store().jobs.save).toEqual({
      kind: 'failed',
      error: { code: 'internal', message: 'job not saved: disk full' },
    })
    await store().jobs.flush()
    expect(main.saves).toBe(1)
    expect(store().jobs.save.kind).toBe('saved')
  })
})
