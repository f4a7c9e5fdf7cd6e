/**
 * Main keeps what it measured for a job: a site-check run and a capture started for a job put
 * their results into it through the real handler table, and the caller hears of it by events
 * (`jobs:measured`, `capture:changed`); nothing has to come back from the renderer.
 */
import { describe, expect, it } from 'vitest'

import { dispatch, type HandlerContext } from '../../electron/ipc/dispatch'
import { createHandlers } from '../../electron/ipc/handlers'
import { createCaptureService } from '../../electron/services/capture-service'
import { createJobService } from '../../electron/services/job-service'
import { createProbeService } from '../../electron/services/probe-service'
import type { CaptureStatus } from '../../shared/capture-types'
import type { Job, JobMeasured } from '../../shared/job-types'
import type { DiagnoseReport } from '../../shared/probe-types'
import type { EventChannel, EventPayloads } from '../../shared/schemas/ipc'
import { freeTcpPort } from '../helpers/printer-peers'
import { scriptedDevice } from '../helpers/scripted-device'

async function setUp() {
  const jobs = await createJobService()
  const capture = createCaptureService()
  const handlers = createHandlers({
    probes: createProbeService({ lookup: async () => [] }),
    jobs,
    capture,
    openExternal: async () => {},
  })
  const events: Array<{ event: EventChannel; payload: unknown }> = []
  const ctx: HandlerContext = {
    emit: <E extends EventChannel>(event: E, payload: EventPayloads[E]) => {
      events.push({ event, payload })
    },
  }
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const r = await dispatch(handlers, channel, payload, ctx)
    if (!r.ok) throw new Error(r.error.message)
    return r.value as T
  }
  const of = <E extends EventChannel>(event: E) =>
    events.filter((e) => e.event === event).map((e) => e.payload as EventPayloads[E])
  return { jobs, capture, call, of }
}

/** A device that says EHLO and goes (one finished session). */
const device = (port: number) => scriptedDevice(port, ['EHLO printer.local', 'QUIT'])

const offlineOptions = (port: number) => ({
  submissionHost: '127.0.0.1',
  submissionPort: port,
  smtpPort: port,
  implicitTlsPort: port,
  timeoutMs: 300,
  checkPublicIp: false,
  checkBlocklists: false,
})

describe('results main measures for a job', () => {
  it('keeps a run for a job in that job and says so; a run for no job goes nowhere', async () => {
    const { call, of } = await setUp()
    const job = await call<Job>('jobs:create', {})
    const port = await freeTcpPort()
    const report = await call<DiagnoseReport>('probes:run', {
      runId: 'run-for-a-job',
      jobId: job.id,
      options: offlineOptions(port),
    })
    expect((await call<Job>('jobs:get', { id: job.id })).lastReport).toEqual(report)
    const [measured] = of('jobs:measured')
    expect(measured).toMatchObject({ jobId: job.id, lastReport: report, saved: { ok: true } })

    await call('probes:run', { runId: 'run-for-no-job', options: offlineOptions(port) })
    expect((await call<Job>('jobs:get', { id: job.id })).lastReport?.runId).toBe('run-for-a-job')
    expect(of('jobs:measured')).toHaveLength(1)
    // A run for a job main does not have is refused before it starts.
    await expect(
      call('probes:run', { runId: 'run-for-nobody', jobId: 'no-such-job', options: {} }),
    ).rejects.toThrow('Could not run the site checks: no job no-such-job')
    expect(of('probes:progress').some((p) => p.runId === 'run-for-nobody')).toBe(false)
  })

  it('tells the capture’s changes as events and keeps its finished sessions in the job', async () => {
    const { call, of, capture } = await setUp()
    const job = await call<Job>('jobs:create', {})
    const port = await freeTcpPort()
    try {
      const started = await call<CaptureStatus>('capture:start', {
        jobId: job.id,
        deviceAddress: null,
        listenAddress: '127.0.0.1',
        port,
        tlsPort: null,
        timeoutS: 60,
      })
      expect(started.running).toBe(true)
      await device(port)
      await expect
        .poll(() => of('capture:changed').at(-1)?.sessions[0]?.session.endedAt ?? null)
        .not.toBeNull()
      await expect.poll(() => of('jobs:measured').length).toBe(1)
      const measured: JobMeasured = of('jobs:measured')[0]!
      expect(measured.captures).toHaveLength(1)
      expect(measured.captures?.[0]).toMatchObject({ ehloName: 'printer.local' })
      expect((await call<Job>('jobs:get', { id: job.id })).captures).toEqual(measured.captures)
      await call('capture:stop', {})
      expect(of('capture:changed').at(-1)).toMatchObject({ running: false, stoppedBy: 'stopped' })
      // The stop reported the same session again: the job still has it once.
      expect((await call<Job>('jobs:get', { id: job.id })).captures).toHaveLength(1)
    } finally {
      await capture.stop()
    }
  })
})
