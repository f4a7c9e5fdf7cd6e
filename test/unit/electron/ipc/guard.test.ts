import { describe, expect, it } from 'vitest'

import type { HandlerTable } from '../../../../electron/ipc/dispatch'
import { createIpcListener, type IpcEventLike } from '../../../../electron/ipc/guard'
import { isTrustedSender } from '../../../../electron/ipc/sender'
import type { DiagnoseReport } from '../../../../shared/probe-types'

const APP_URL = 'file:///opt/ScanPath/resources/app.asar/out/renderer/index.html'

function fakeEvent(
  opts: { id?: number; url?: string; parent?: unknown; destroyed?: boolean } = {},
) {
  const sent: Array<[string, unknown]> = []
  const event: IpcEventLike = {
    sender: {
      id: opts.id ?? 1,
      isDestroyed: () => opts.destroyed ?? false,
      send: (channel, payload) => sent.push([channel, payload]),
    },
    senderFrame: { url: opts.url ?? `${APP_URL}#/site-checks`, parent: opts.parent ?? null },
  }
  return { event, sent }
}

const report: DiagnoseReport = {
  runId: 'run-0001',
  startedAt: '2026-11-28T00:00:00.000Z',
  durationMs: 1,
  checks: [],
  summary: { pass: 0, warn: 0, fail: 0, info: 0, skip: 0 },
  cancelled: false,
  offline: false,
}

const unused = async (): Promise<never> => {
  throw new Error('not used here')
}

function table(overrides: Partial<HandlerTable> = {}): {
  handlers: HandlerTable
  calls: unknown[]
} {
  const calls: unknown[] = []
  const handlers: HandlerTable = {
    'probes:run': async (req, ctx) => {
      calls.push(req)
      ctx.emit('probes:progress', { kind: 'finished', runId: req.runId, report })
      return report
    },
    'probes:cancel': async () => ({ cancelled: false }),
    'app:open-external': async () => ({ opened: true }),
    'jobs:list': async () => [],
    'jobs:create': async () => {
      throw new Error('not used here')
    },
    'jobs:get': async () => {
      throw new Error('not used here')
    },
    'jobs:save': async () => ({ updatedAt: '2026-11-28T00:00:00.000Z' }),
    'profiles:list': async () => ({ profiles: [], storage: { kind: 'keychain' } }),
    'profiles:save': unused,
    'profiles:delete': async () => ({ deleted: false }),
    'profiles:set-secret': unused,
    'profiles:forget-secret': unused,
    'profiles:oauth-sign-in': unused,
    'profiles:oauth-cancel': async () => ({ cancelled: false }),
    'verify:run': unused,
    'verify:mx-send': unused,
    'report:build': unused,
    'report:pdf': unused,
    'report:checklist-pdf': unused,
    'outbox:enqueue': unused,
    'outbox:list': async () => [],
    'app:store-problems': async () => [],
    'capture:start': unused,
    'capture:status': unused,
    'capture:stop': unused,
    'discovery:identify': unused,
    'discovery:browse': unused,
    'app:about': unused,
    'app:copy-diagnostics': unused,
    'app:show-log': unused,
    'app:copy-text': unused,
    'outbox:retry': unused,
    'app:online': async () => ({ online: true, checkedAt: '2026-11-28T00:00:00.000Z' }),
    'relayWatch:start': unused,
    'relayWatch:stop': unused,
    'relayWatch:status': unused,
    ...overrides,
  }
  return { handlers, calls }
}

const trusted = (e: Parameters<typeof isTrustedSender>[0]) =>
  isTrustedSender(e, { webContentsIds: new Set([1]), appUrl: APP_URL })

describe('IPC handler wrapper', () => {
  it('passes a valid payload with defaults filled in and emits only to the caller', async () => {
    const { handlers, calls } = table()
    const logs: string[] = []
    const listen = createIpcListener(handlers, trusted, (m) => logs.push(m))
    const { event, sent } = fakeEvent()
    const result = await listen('probes:run')(event, {
      runId: 'run-0001',
      options: { submissionHost: 'localhost' },
    })
    expect(result).toEqual({ ok: true, value: report })
    expect(calls[0]).toMatchObject({
      runId: 'run-0001',
      options: { submissionHost: 'localhost', submissionPort: 587, timeoutMs: 8000 },
    })
    expect(sent).toEqual([['probes:progress', { kind: 'finished', runId: 'run-0001', report }]])
    expect(logs).toEqual([])
  })

  it('rejects a bad payload with a clear message and never calls the handler', async () => {
    const { handlers, calls } = table()
    const listen = createIpcListener(handlers, trusted, () => {})
    const { event } = fakeEvent()
    const cases: unknown[] = [
      undefined,
      'run',
      { runId: 'x', options: {} },
      { runId: 'run-0001', options: { submissionPort: 70000 } },
      { runId: 'run-0001', options: { submissionHost: 'smtp office365.com' } },
      { runId: 'run-0001', options: {}, extra: true },
      { runId: 'run-0001', options: { __proto__: { polluted: true }, timeoutMs: '5' } },
    ]
    for (const payload of cases) {
      const r = await listen('probes:run')(event, payload)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.code).toBe('invalid-payload')
        expect(r.error.message).toMatch(/^Invalid request for probes:run: /)
      }
    }
    const port = await listen('probes:run')(event, {
      runId: 'run-0001',
      options: { submissionPort: 70000 },
    })
    expect(port.ok ? '' : port.error.message).toContain(
      'options.submissionPort must be between 1 and 65535',
    )
    expect(calls).toEqual([])
  })

  it('refuses a foreign sender: another webContents, another page, a subframe, no frame', async () => {
    const { handlers, calls } = table()
    const logs: string[] = []
    const listen = createIpcListener(handlers, trusted, (m) => logs.push(m))
    const payload = { runId: 'run-0001', options: {} }
    const foreign = [
      fakeEvent({ id: 2 }).event,
      fakeEvent({ url: 'https://evil.example/index.html' }).event,
      fakeEvent({ url: 'file:///tmp/other/index.html' }).event,
      fakeEvent({ parent: {} }).event,
      { ...fakeEvent().event, senderFrame: null },
    ]
    for (const event of foreign) {
      const r = await listen('probes:run')(event, payload)
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'forbidden-sender',
          message: 'This window is not allowed to call ScanPath.',
        },
      })
    }
    expect(calls).toEqual([])
    expect(logs).toHaveLength(foreign.length)
  })

  it('turns a thrown error into an internal Result and logs the stack in main only', async () => {
    const { handlers } = table({
      'probes:cancel': async () => {
        throw new Error('runner exploded')
      },
    })
    const logs: string[] = []
    const listen = createIpcListener(handlers, trusted, (m) => logs.push(m))
    const r = await listen('probes:cancel')(fakeEvent().event, { runId: 'run-0001' })
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'Could not stop the site checks: runner exploded',
        reason: 'runner exploded',
      },
    })
    // The log keeps the channel: it is read by whoever debugs, not by the technician.
    expect(logs[0]).toContain('probes:cancel failed')
    expect(logs[0]).toContain('Error: runner exploded')
    expect(logs[0]).toContain('guard.test.ts')
  })

  it('refuses an unknown channel', async () => {
    const listen = createIpcListener(table().handlers, trusted, () => {})
    const r = await listen('fs:read')(fakeEvent().event, {})
    expect(r.ok ? null : r.error.code).toBe('unknown-channel')
  })

  it('does not send events to a destroyed window', async () => {
    const { handlers } = table()
    const listen = createIpcListener(handlers, trusted, () => {})
    const { event, sent } = fakeEvent({ destroyed: true })
    const r = await listen('probes:run')(event, { runId: 'run-0001', options: {} })
    expect(r.ok).toBe(true)
    expect(sent).toEqual([])
  })
})

describe('isTrustedSender', () => {
  it('accepts our page with any hash or query, and the dev server URL in development', () => {
    expect(trusted(fakeEvent({ url: `${APP_URL}?x=1` }).event)).toBe(true)
    const dev = { webContentsIds: new Set([1]), appUrl: 'http://localhost:5173/' }
    expect(isTrustedSender(fakeEvent({ url: 'http://localhost:5173/#/x' }).event, dev)).toBe(true)
    expect(isTrustedSender(fakeEvent({ url: 'http://localhost:5174/' }).event, dev)).toBe(false)
  })
  it('rejects unparseable frame URLs', () => {
    expect(trusted(fakeEvent({ url: 'not a url' }).event)).toBe(false)
  })
})
