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
