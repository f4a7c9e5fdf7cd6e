import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { UNUSED_API } from '../../../helpers/unused-api'

import type { ScanpathGlobal } from '../../../../renderer/src/env'
import { BRIDGE_MISSING_MESSAGE } from '../../../../renderer/src/api'
import { useAppStore } from '../../../../renderer/src/store'
import type { ScanpathApi } from '../../../../shared/api'
import type { InvokeRequest } from '../../../../shared/schemas/ipc'
import type {
  CheckId,
  CheckResult,
  DiagnoseReport,
  ProbeProgress,
  ProbeStatus,
} from '../../../../shared/probe-types'
import { err, ok, type Result } from '../../../../shared/result'

// --- A fake bridge: the renderer reaches it through `globalThis.scanpath`, as in the page ----

interface FakeBridge {
  api: ScanpathApi
  runs: InvokeRequest<'probes:run'>[]
  cancels: string[]
  emit(p: ProbeProgress): void
  finish(runId: string, r: Result<DiagnoseReport>): void
  fail(runId: string, e: Error): void
  listeners(): number
  cancelResult: Result<{ cancelled: boolean }>
}

function installFakeBridge(): FakeBridge {
  const listeners = new Set<(p: ProbeProgress) => void>()
  const pending = new Map<
    string,
    { resolve: (r: Result<DiagnoseReport>) => void; reject: (e: Error) => void }
  >()
  const fake: FakeBridge = {
    runs: [],
    cancels: [],
    cancelResult: ok({ cancelled: true }),
    api: {
      ...UNUSED_API,
      runProbes: (req) => {
        fake.runs.push(req)
        return new Promise((resolve, reject) => pending.set(req.runId, { resolve, reject }))
      },
      cancelProbes: async (req) => {
        fake.cancels.push(req.runId)
        return fake.cancelResult
      },
      openExternal: async () => ok({ opened: true }),

      onProbeProgress: (listener) => {
        listeners.add(listener)
        return () => {
          listeners.delete(listener)
        }
      },
    },
    emit: (p) => listeners.forEach((l) => l(p)),
    finish: (runId, r) => pending.get(runId)?.resolve(r),
    fail: (runId, e) => pending.get(runId)?.reject(e),
    listeners: () => listeners.size,
  }
  ;(globalThis as ScanpathGlobal).scanpath = fake.api
  return fake
}

/** The store keys checks by id and never reads which check it is: short ids stand in. */
const asId = (id: string) => id as CheckId

const result = (id: string, status: ProbeStatus = 'pass'): CheckResult => ({
  id: asId(id),
  status,
  title: `Check ${id}`,
  explanation: `${id} explained`,
  fix: null,
  durationMs: 5,
  phases: [],
  data: null,
  transcript: [],
})

const report = (runId: string, checks: CheckResult[], cancelled = false): DiagnoseReport => ({
  runId,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 10,
  offline: false,
  checks,
  summary: {
    pass: checks.filter((c) => c.status === 'pass').length,
    warn: checks.filter((c) => c.status === 'warn').length,
    fail: checks.filter((c) => c.status === 'fail').length,
    info: checks.filter((c) => c.status === 'info').length,
    skip: checks.filter((c) => c.status === 'skip').length,
  },
  cancelled,
})

const probes = () => useAppStore.getState().probes

/** Starts a run and returns its id (the store makes it) and the pending promise. */
function start(): { runId: string; done: Promise<void> } {
  const done = probes().runChecks()
  const run = probes().run
  if (run.kind !== 'running') throw new Error(`expected a running run, got ${run.kind}`)
  return { runId: run.runId, done }
}

let bridge: FakeBridge

beforeEach(() => {
  bridge = installFakeBridge()
})

afterEach(() => {
  useAppStore.getState().reset()
  delete (globalThis as ScanpathGlobal).scanpath
})

describe('probes slice', () => {
  it('runs with the form options and a fresh run id, streaming progress into the list', async () => {
    probes().setEndpoint('submissionHost', 'localhost')
    probes().setEndpoint('submissionPort', '2525')
    const { runId, done } = start()

    expect(runId).toMatch(/^[0-9a-f-]{36}$/)
    expect(bridge.runs).toEqual([
      { runId, options: { submissionHost: 'localhost', submissionPort: 2525, timeoutMs: 8000 } },
    ])

    bridge.emit({
      kind: 'started',
      runId,
      checks: [
        { id: asId('a'), title: 'A' },
        { id: asId('b'), title: 'B' },
      ],
    })
    expect(probes().order).toEqual(['a', 'b'])
    expect(probes().checks['a']).toEqual({ id: 'a', title: 'A', result: null })

    bridge.emit({ kind: 'result', runId, result: result('b', 'fail') })
    expect(probes().checks['b']?.result?.status).toBe('fail')
    expect(probes().run.kind).toBe('running')

    const final = report(runId, [result('a'), result('b', 'fail')])
    bridge.finish(runId, ok(final))
    await done
    expect(probes().run).toEqual({ kind: 'done', runId, report: final })
    expect(probes().checks['a']?.result?.status).toBe('pass')
    expect(bridge.listeners()).toBe(0)
  })

  it('drops progress that carries another run id', async () => {
    const { runId, done } = start()
    const before = probes()
    bridge.emit({
      kind: 'started',
      runId: 'someone-elses-run',
      checks: [{ id: asId('x'), title: 'X' }],
    })
    bridge.emit({ kind: 'result', runId: 'someone-elses-run', result: result('x') })
    expect(probes()).toBe(before)
    bridge.finish(runId, ok(report(runId, [])))
    await done
  })

  it('drops a late result and late progress after reset()', async () => {
    const { runId, done } = start()
    bridge.emit({ kind: 'started', runId, checks: [{ id: asId('a'), title: 'A' }] })
    useAppStore.getState().reset()

    bridge.emit({ kind: 'result', runId, result: result('a') })
    bridge.finish(runId, ok(report(runId, [result('a')])))
    await done
    expect(probes().run).toEqual({ kind: 'idle' })
    expect(probes().order).toEqual([])
    expect(probes().error).toBeNull()
  })

  it('keeps the first run from writing into the next one', async () => {
    const first = start()
    bridge.finish(first.runId, ok(report(first.runId, [result('a')])))
    await first.done
    const second = start()
    expect(second.runId).not.toBe(first.runId)
    expect(probes().order).toEqual([])

    bridge.emit({ kind: 'result', runId: first.runId, result: result('stale') })
    expect(probes().checks['stale']).toBeUndefined()
    bridge.finish(second.runId, ok(report(second.runId, [result('b')])))
    await second.done
    expect(probes().order).toEqual(['b'])
  })

  it('appends a result the list has not seen and lets the report win over streamed results', async () => {
    const { runId, done } = start()
    bridge.emit({ kind: 'started', runId, checks: [{ id: asId('a'), title: 'A' }] })
    bridge.emit({ kind: 'result', runId, result: result('a', 'warn') })
    bridge.emit({ kind: 'result', runId, result: result('extra') })
    expect(probes().order).toEqual(['a', 'extra'])
    bridge.finish(runId, ok(report(runId, [result('a', 'pass'), result('extra')])))
    await done
    expect(probes().checks['a']?.result?.status).toBe('pass')
  })

  it('shows an error Result and ends the run', async () => {
    const { runId, done } = start()
    bridge.finish(runId, err('invalid-payload', 'Invalid request for probes:run: nope'))
    await done
    expect(probes().run).toEqual({ kind: 'done', runId, report: null })
    expect(probes().error).toEqual({
      code: 'invalid-payload',
      message: 'Invalid request for probes:run: nope',
    })
    probes().dismissError()
    expect(probes().error).toBeNull()
  })

  it('turns a rejected call into an error instead of staying on "Running…"', async () => {
    const { runId, done } = start()
    bridge.fail(runId, new Error('socket closed'))
    await done
    expect(probes().run.kind).toBe('done')
    expect(probes().error?.message).toBe('The checks could not run: socket closed')
  })

  it('cancels the current run by its id, once', async () => {
    const { runId, done } = start()
    await probes().cancel()
    await probes().cancel()
    expect(bridge.cancels).toEqual([runId])
    expect(probes().run).toEqual({ kind: 'running', runId, cancelRequested: true })
    bridge.finish(runId, ok(report(runId, [result('a', 'skip')], true)))
    await done
    expect(probes().run.kind).toBe('done')
  })

  it('shows an error when cancelling fails', async () => {
    const { runId, done } = start()
    bridge.cancelResult = err('internal', 'Could not stop the site checks: boom')
    await probes().cancel()
    expect(probes().error?.message).toBe('Could not stop the site checks: boom')
    bridge.finish(runId, ok(report(runId, [])))
    await done
  })

  it('does not start while the form is invalid, nor twice at once', async () => {
    probes().setEndpoint('submissionHost', 'smtp office365')
    await probes().runChecks()
    expect(bridge.runs).toHaveLength(0)
    expect(probes().run.kind).toBe('idle')

    probes().setEndpoint('submissionHost', 'smtp.office365.com')
    const { runId, done } = start()
    await probes().runChecks()
    expect(bridge.runs).toHaveLength(1)
    bridge.finish(runId, ok(report(runId, [])))
    await done
  })

  it('says the bridge is missing rather than throwing', async () => {
    delete (globalThis as ScanpathGlobal).scanpath
    await probes().runChecks()
    expect(probes().run.kind).toBe('idle')
    expect(probes().error?.message).toBe(BRIDGE_MISSING_MESSAGE)
  })

  it('reset() restores the defaults of every field', () => {
    probes().setEndpoint('mxHost', 'contoso-com.mail.protection.outlook.com')
    useAppStore.getState().reset()
    expect(probes().endpoints.mxHost).toBe('')
  })
})
