/**
 * The relay watch in the renderer's store: the request goes to main as given, main's views are
 * applied while the panel is open, a late one of another job or after leaving is not, and leaving
 * stops a running watch.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { UNUSED_API } from '../../../helpers/unused-api'

import type { ScanpathGlobal } from '../../../../renderer/src/env'
import { useAppStore } from '../../../../renderer/src/store'
import type { ScanpathApi } from '../../../../shared/api'
import type { RelayWatchView } from '../../../../shared/configure/relay-watch'
import type { InvokeRequest } from '../../../../shared/schemas/ipc'
import { err, ok } from '../../../../shared/result'

const view = (patch: Partial<RelayWatchView> = {}): RelayWatchView => ({
  jobId: 'job-00000001',
  address: '192.168.1.20',
  port: 2580,
  state: 'connecting',
  problem: null,
  codeSaved: false,
  startedAt: '2026-12-05T10:00:00.000Z',
  status: null,
  events: [],
  outcome: null,
  ...patch,
})

interface FakeMain {
  starts: InvokeRequest<'relayWatch:start'>[]
  stops: string[]
  changed(v: RelayWatchView): void
  listeners(): number
}

function installFakeMain(codeSaved = false): FakeMain {
  const changed = new Set<(v: RelayWatchView) => void>()
  const fake: FakeMain = {
    starts: [],
    stops: [],
    changed: (v) => changed.forEach((l) => l(v)),
    listeners: () => changed.size,
  }
  const api: ScanpathApi = {
    ...UNUSED_API,
    relayWatchStatus: async () => ok({ view: null, codeSaved }),
    startRelayWatch: async (req) => {
      fake.starts.push(req)
      if (req.port === 1) return err('internal', 'Could not watch the relay: no job')
      return ok(view({ jobId: req.jobId, port: req.port ?? 2580, codeSaved }))
    },
    stopRelayWatch: async (req) => {
      fake.stops.push(req.jobId)
      return ok(view({ state: 'stopped' }))
    },
    onRelayWatchChanged: (l) => {
      changed.add(l)
      return () => changed.delete(l)
    },
  }
  ;(globalThis as ScanpathGlobal).scanpath = api
  return fake
}

const store = () => useAppStore.getState()
let main: FakeMain

beforeEach(() => {
  main = installFakeMain()
})

afterEach(() => {
  store().reset()
  delete (globalThis as ScanpathGlobal).scanpath
})

describe('relay watch slice', () => {
  it('starts with the request as given and applies main’s views', async () => {
    await store().relayWatch.start({ jobId: 'job-00000001', port: 2580, code: 'ABCD' })
    expect(main.starts).toEqual([{ jobId: 'job-00000001', port: 2580, code: 'ABCD' }])
    expect(store().relayWatch.view?.state).toBe('connecting')
    main.changed(view({ state: 'watching', codeSaved: true }))
    expect(store().relayWatch.view?.state).toBe('watching')
    expect(store().relayWatch.codeSaved).toBe(true)
    // Another job's view is not this panel's.
    main.changed(view({ jobId: 'job-00000002', state: 'problem' }))
    expect(store().relayWatch.view?.jobId).toBe('job-00000001')
  })

  it('an event that overtook the start’s answer is not undone by it', async () => {
    const pending = store().relayWatch.start({ jobId: 'job-00000001', port: 2580, code: null })
    main.changed(view({ state: 'watching' }))
    await pending
    expect(store().relayWatch.view?.state).toBe('watching')
  })

  it('says why a start failed', async () => {
    await store().relayWatch.start({ jobId: 'job-00000001', port: 1, code: null })
    expect(store().relayWatch.error?.message).toBe('Could not watch the relay: no job')
    expect(store().relayWatch.busy).toBe(false)
  })

  it('leaving stops a running watch, stops listening, and ignores late views', async () => {
    await store().relayWatch.start({ jobId: 'job-00000001', port: 2580, code: null })
    main.changed(view({ state: 'watching' }))
    store().relayWatch.leave()
    expect(main.stops).toEqual(['job-00000001'])
    expect(main.listeners()).toBe(0)
    expect(store().relayWatch.view).toBeNull()
    store().relayWatch.applyView(view({ state: 'watching' }))
    expect(store().relayWatch.view).toBeNull()
  })

  it('load reads whether a code is kept for the relay', async () => {
    main = installFakeMain(true)
    await store().relayWatch.load('job-00000001', 2580)
    expect(store().relayWatch.codeSaved).toBe(true)
    expect(store().relayWatch.view).toBeNull()
  })
})
