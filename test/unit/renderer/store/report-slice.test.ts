import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { outboxView } from '../../../helpers/outbox-view'
import { UNUSED_API } from '../../../helpers/unused-api'

import type { ScanpathGlobal } from '../../../../renderer/src/env'
import { useAppStore } from '../../../../renderer/src/store'
import { ONLINE_POLL_MS } from '../../../../renderer/src/store/app-status-slice'
import { createPoller } from '../../../../renderer/src/store/poller'
import { OUTBOX_POLL_MS, upsertEntry } from '../../../../renderer/src/store/report-slice'
import type { ScanpathApi } from '../../../../shared/api'
import type { OutboxView } from '../../../../shared/outbox-types'
import { err, ok } from '../../../../shared/result'

const entry = (id: string, state: OutboxView['state'] = 'queued'): OutboxView =>
  outboxView({ id, messageId: `<${id}@scanpath>`, state, attempts: 1 })

function install(api: Partial<ScanpathApi>): void {
  ;(globalThis as ScanpathGlobal).scanpath = { ...UNUSED_API, ...api }
}

beforeEach(() => {
  vi.useFakeTimers()
  useAppStore.getState().reset()
})
afterEach(() => {
  useAppStore.getState().reset()
  delete (globalThis as ScanpathGlobal).scanpath
  vi.useRealTimers()
})

describe('poller', () => {
  it('runs while held, waits for each tick, and stops when released', async () => {
    let ticks = 0
    const p = createPoller(async () => {
      ticks++
    }, 1000)
    const release = p.acquire()
    await vi.advanceTimersByTimeAsync(0)
    expect(ticks).toBe(1)
    const second = p.acquire()
    await vi.advanceTimersByTimeAsync(2000)
    expect(ticks).toBe(3)
    release()
    await vi.advanceTimersByTimeAsync(1000)
    expect(ticks).toBe(4)
    second()
    second()
    await vi.advanceTimersByTimeAsync(5000)
    expect(ticks).toBe(4)
  })
})

describe('online status', () => {
  it('polls main every ~10 s, and the store reset stops it', async () => {
    let online = false
    let calls = 0
    install({
      onlineStatus: async () => {
        calls++
        return ok({ online, checkedAt: '2026-11-28T08:00:00.000Z' })
      },
    })
    useAppStore.getState().appStatus.watchOnline()
    await vi.advanceTimersByTimeAsync(0)
    expect(useAppStore.getState().appStatus.online).toMatchObject({ kind: 'known', online: false })
    online = true
    await vi.advanceTimersByTimeAsync(ONLINE_POLL_MS)
    expect(useAppStore.getState().appStatus.online).toMatchObject({ online: true })
    useAppStore.getState().reset()
    const before = calls
    await vi.advanceTimersByTimeAsync(ONLINE_POLL_MS * 3)
    expect(calls).toBe(before)
    expect(useAppStore.getState().appStatus.online).toEqual({ kind: 'unknown' })
  })

  it('keeps what it knew when main cannot say', async () => {
    let answer = true
    install({
      onlineStatus: async () =>
        answer ? ok({ online: true, checkedAt: 'x' }) : err('internal', 'no online check'),
    })
    await useAppStore.getState().appStatus.refreshOnline()
    answer = false
    await useAppStore.getState().appStatus.refreshOnline()
    expect(useAppStore.getState().appStatus.online).toMatchObject({ online: true })
  })

  it('lists store problems once, until dismissed', async () => {
    install({
      storeProblems: async () =>
        ok([
          { file: '/d/jobs/a.json', movedTo: null, reason: 'bad', message: 'a.json was damaged.' },
        ]),
    })
    await useAppStore.getState().appStatus.loadStoreProblems()
    expect(useAppStore.getState().appStatus.storeProblems).toHaveLength(1)
    useAppStore.getState().appStatus.dismissStoreProblems()
    expect(useAppStore.getState().appStatus.problemsDismissed).toBe(true)
  })
})

describe('outbox', () => {
  it('puts a changed entry in place and a new one in front', () => {
    const list = [entry('b'), entry('a')]
    expect(upsertEntry(list, entry('c')).map((e) => e.id)).toEqual(['c', 'b', 'a'])
    expect(upsertEntry(list, entry('a', 'sent')).map((e) => e.state)).toEqual(['queued', 'sent'])
  })

  it('polls every ~2 s while watched, and not after the last watcher left', async () => {
    let state: OutboxView['state'] = 'queued'
    let calls = 0
    install({
      listOutbox: async () => {
        calls++
        return ok([entry('a', state)])
      },
    })
    const release = useAppStore.getState().report.watchOutbox()
    await vi.advanceTimersByTimeAsync(0)
    expect(useAppStore.getState().report.outbox).toMatchObject({ kind: 'ready' })
    state = 'sent'
    await vi.advanceTimersByTimeAsync(OUTBOX_POLL_MS)
    const o = useAppStore.getState().report.outbox
    expect(o.kind === 'ready' && o.entries[0]?.state).toBe('sent')
    release()
    const before = calls
    await vi.advanceTimersByTimeAsync(OUTBOX_POLL_MS * 3)
    expect(calls).toBe(before)
  })

  it('keeps the last list when a poll fails, and records retry errors per entry', async () => {
    let fail = false
    install({
      listOutbox: async () => (fail ? err('internal', 'disk gone') : ok([entry('a')])),
      retryOutbox: async () => err('internal', 'no such entry'),
    })
    await useAppStore.getState().report.loadOutbox()
    fail = true
    await useAppStore.getState().report.loadOutbox()
    const o = useAppStore.getState().report.outbox
    expect(o.kind).toBe('failed')
    expect(o.kind !== 'idle' && o.entries.map((e) => e.id)).toEqual(['a'])
    await useAppStore.getState().report.retry('a')
    expect(useAppStore.getState().report.retryErrors['a']?.message).toBe('no such entry')
    expect(useAppStore.getState().report.retrying['a']).toBeUndefined()
  })
})
