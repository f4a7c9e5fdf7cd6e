import { describe, expect, it } from 'vitest'

import { Pacer } from '../../../../electron/relay/pacer'

describe('relay pacing', () => {
  it('lets 30 messages go in any minute, then waits for the oldest to leave the window', () => {
    const p = new Pacer(30, 10_000)
    for (let i = 0; i < 30; i++) {
      expect(p.waitMs(1000 + i, 1)).toBe(0)
      p.record(1000 + i, 1)
    }
    expect(p.waitMs(2000, 1)).toBe(1000 + 60_000 - 2000)
    expect(p.waitMs(61_000, 1)).toBe(0)
  })

  it('counts recipients over 24 hours', () => {
    const day = 24 * 60 * 60_000
    const p = new Pacer(30, 100)
    p.record(0, 60)
    p.record(60_000, 30)
    expect(p.waitMs(120_000, 10)).toBe(0)
    expect(p.waitMs(120_000, 11)).toBe(day - 120_000)
    // Needing more than both leave: wait for the second to go too.
    expect(p.waitMs(120_000, 80)).toBe(day + 60_000 - 120_000)
    expect(p.waitMs(day + 1, 11)).toBe(0)
  })
})

describe('relay pacing over a restart', () => {
  it('keeps the minute and the day through a snapshot', () => {
    const p = new Pacer(2, 100)
    p.record(10_000, 40)
    p.record(20_000, 50)
    const saved = JSON.parse(JSON.stringify(p.snapshot(30_000))) as unknown
    const q = new Pacer(2, 100)
    expect(q.restore(saved, 30_000)).toBe(true)
    // Both messages of this minute still count: the third waits for the first to leave.
    expect(q.waitMs(30_000, 1)).toBe(10_000 + 60_000 - 30_000)
    // 90 recipients counted for the day, dated at the end of their minute (never earlier).
    expect(q.waitMs(120_000, 10)).toBe(0)
    expect(q.waitMs(120_000, 11)).toBe(60_000 + 24 * 60 * 60_000 - 120_000)
  })

  it('ignores a snapshot that is not one, and never dates a count in the future', () => {
    const q = new Pacer(1, 100)
    expect(q.restore({ sends: 'x' }, 0)).toBe(false)
    expect(q.restore(null, 0)).toBe(false)
    expect(q.waitMs(0, 1)).toBe(0)
    // A clock set back a day: the send counts from now, not from its future time.
    expect(q.restore({ sends: [90_000_000], recipients: [] }, 1000)).toBe(true)
    expect(q.waitMs(1000, 1)).toBe(60_000)
  })
})
