/**
 * dispatch(): the messages it builds from what the sender sent stay readable, and no channel
 * value makes it throw. Regression tests for what test/integration/ipc-fuzz.test.ts found.
 */
import { describe, expect, it } from 'vitest'

import { dispatch } from '../../../../electron/ipc/dispatch'
import { createHandlers } from '../../../../electron/ipc/handlers'
import { createJobService } from '../../../../electron/services/job-service'
import { createProbeService } from '../../../../electron/services/probe-service'
import type { Job } from '../../../../shared/job-types'

async function call(channel: unknown, payload: unknown) {
  const handlers = createHandlers({
    probes: createProbeService({ lookup: async () => [] }),
    jobs: await createJobService(),
    openExternal: async () => {},
  })
  return dispatch(handlers, channel, payload, { emit: () => {} })
}

function sparse(length: number): unknown[] {
  const a: unknown[] = []
  a.length = length
  return a
}

const errorOf = async (channel: unknown, payload: unknown) => {
  const r = await call(channel, payload)
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`)
  return r.error
}

describe('dispatch', () => {
  // Found by ipc-fuzz.test.ts: String(channel) threw for these, or took tens of seconds.
  it('answers unknown-channel at once for a channel value String() throws on or is slow for', async () => {
    const started = performance.now()
    for (const channel of [
      Object.create(null),
      [Object.create(null)],
      Symbol('x'),
      12n,
      sparse(2 ** 32 - 1),
    ]) {
      const e = await errorOf(channel, {})
      expect(e.code).toBe('unknown-channel')
      expect(e.message).toMatch(/^Unknown channel "/)
    }
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('clips and cleans an unknown key it echoes: no 100 KB message, no control characters', async () => {
    const payload: Record<string, unknown> = { id: 'job-00000001' }
    payload[`\u0000\r\n\u202eevil${'k'.repeat(100_000)}`] = 1
    const e = await errorOf('jobs:get', payload)
    expect(e.code).toBe('invalid-payload')
    expect(e.message).toMatch(/^Invalid request for jobs:get: Unrecognized key: "\? \?evilkkk/)
    expect(e.message.length).toBeLessThan(300)
    expect(e.message).toMatch(/…$/)
    expect(e.message).not.toMatch(/[\p{Cc}\u202e]/u)
  })

  it('lists the first five problems of a payload and counts the rest', async () => {
    // An empty job misses every one of its fields.
    const e = await errorOf('jobs:save', { job: {} })
    expect(e.message).toMatch(/^Invalid request for jobs:save: job\.id .*; and \d+ more$/)
    expect(e.message.split('; ')).toHaveLength(6)
  })

  // Found by ipc-fuzz.test.ts: a report's free-form `data` let a cycle or a BigInt through to
  // jobs:save, which kept the job in memory and then failed to write it.
  it('refuses a request that is not JSON data, before any handler runs', async () => {
    const handlers = createHandlers({
      probes: createProbeService({ lookup: async () => [] }),
      jobs: await createJobService(),
      openExternal: async () => {},
    })
    const run = (channel: string, payload: unknown) =>
      dispatch(handlers, channel, payload, { emit: () => {} })
    const created = await run('jobs:create', {})
    if (!created.ok) throw new Error(created.error.message)
    const job = created.value as Job
    const cycle: Record<string, unknown> = {}
    cycle['self'] = cycle
    let deep: unknown = 'bottom'
    for (let i = 0; i < 40; i++) deep = { deep }
    const cases: Array<[unknown, RegExp]> = [
      [cycle, /data\.self refers back to itself$/],
      [{ n: 10n }, /data\.n is a bigint, not JSON data$/],
      [new Map([['k', 'v']]), /data is Map data, not JSON data$/],
      [{ when: new Date(0) }, /data\.when is Date data, not JSON data$/],
      [[1, NaN], /data\.1 is not a finite number$/],
      [deep, /checks\.….deep\.deep is nested more than 32 levels deep$/],
      [{ ['k'.repeat(100_000)]: 10n }, /data\.k{32}… is a bigint, not JSON data$/],
      // A few bytes over structured clone; JSON.stringify of it (the job's save) made V8 abort
      // the whole process ("Check failed: isolate_->has_pending_exception()", Node 20).
      [sparse(268_435_440), /the request holds more than 1000000 values$/],
    ]
    for (const [data, message] of cases) {
      const report = {
        runId: 'run-0001',
        startedAt: '2026-11-28T00:00:00.000Z',
        durationMs: 1,
        checks: [
          {
            id: 'c',
            status: 'pass',
            title: 't',
            explanation: 'e',
            fix: null,
            durationMs: 1,
            phases: [],
            data,
            transcript: [],
          },
        ],
        summary: { pass: 1, warn: 0, fail: 0, skip: 0 },
        cancelled: false,
        offline: false,
      }
      const r = await run('jobs:save', { job: { ...job, lastReport: report } })
      expect(r.ok ? 'saved' : r.error.code).toBe('invalid-payload')
      expect(r.ok ? '' : r.error.message).toMatch(/^Invalid request for jobs:save: /)
      expect(r.ok ? '' : r.error.message).toMatch(message)
    }
    // Nothing reached the job service: the job is as created.
    expect(await run('jobs:get', { id: job.id })).toEqual({ ok: true, value: job })
  })

  it('keeps ordinary messages as they were', async () => {
    const e = await errorOf('probes:run', {
      runId: 'run-0001',
      options: { submissionPort: 70000 },
    })
    expect(e.message).toBe(
      'Invalid request for probes:run: options.submissionPort must be between 1 and 65535',
    )
  })
})

describe('a service the host does not run', () => {
  it('answers with a sentence that names it, singular or plural alike', async () => {
    // Said in words (no channel name), with the reason apart for a panel that names the request.
    expect(await errorOf('capture:status', {})).toEqual({
      code: 'internal',
      message: 'Could not read the capture: Not available here: capture mode.',
      reason: 'Not available here: capture mode.',
    })
    expect((await errorOf('report:build', { jobId: 'job-00000001' })).message).toBe(
      'Could not build the report: Not available here: reports.',
    )
  })
})
