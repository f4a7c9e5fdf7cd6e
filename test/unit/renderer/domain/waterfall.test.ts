import { describe, expect, it } from 'vitest'

import { buildWaterfall, phaseNames } from '../../../../renderer/src/domain/waterfall'
import { phaseSlot } from '../../../../shared/report/waterfall'
import type { CheckResult, ProbePhase } from '../../../../shared/probe-types'

/** A result under the test's own row id (the waterfall reads rows by their id, not the result's). */
const result = (id: string, durationMs: number, phases: ProbePhase[]): CheckResult => ({
  id: 'reach-submission',
  status: 'pass',
  title: id,
  explanation: '',
  fix: null,
  durationMs,
  phases,
  data: null,
  transcript: [],
})

describe('buildWaterfall', () => {
  it('reserves a pending row for every planned check', () => {
    const w = buildWaterfall(['a', 'b'], {
      a: { id: 'a', title: 'A', result: null },
      b: { id: 'b', title: 'B', result: null },
    })
    expect(w.rows.map((r) => r.kind)).toEqual(['pending', 'pending'])
    expect(w.scaleMs).toBe(1)
  })

  it('scales bars to the run and keeps the planned order', () => {
    const w = buildWaterfall(
      ['slow', 'fast'],
      {
        slow: {
          id: 'slow',
          title: 'Slow',
          result: result('slow', 200, [
            { name: 'connect', startMs: 0, durationMs: 50 },
            { name: 'tls', startMs: 100, durationMs: 100 },
          ]),
        },
        fast: { id: 'fast', title: 'Fast', result: null },
      },
      { runDurationMs: 400 },
    )
    expect(w.scaleMs).toBe(400)
    const slow = w.rows[0]
    expect(slow?.kind).toBe('done')
    if (slow?.kind !== 'done') return
    expect(slow.bars).toEqual([
      { name: 'connect', startMs: 0, durationMs: 50, left: 0, width: 12.5, problem: false },
      { name: 'tls', startMs: 100, durationMs: 100, left: 25, width: 25, problem: false },
    ])
    expect(w.rows[1]?.kind).toBe('pending')
  })

  it('places a check that waited for another by when its result arrived', () => {
    const w = buildWaterfall(
      ['spf'],
      {
        spf: {
          id: 'spf',
          title: 'SPF',
          result: result('spf', 10, [{ name: 'dns', startMs: 0, durationMs: 10 }]),
        },
      },
      { arrivals: { spf: 90 } },
    )
    const row = w.rows[0]
    if (row?.kind !== 'done') throw new Error('expected a done row')
    expect(row.offsetMs).toBe(80)
    expect(row.bars[0]?.startMs).toBe(80)
    expect(w.scaleMs).toBe(90)
  })

  it('draws a check without phases as one bar, and keeps tiny phases visible', () => {
    const w = buildWaterfall(['a', 'b'], {
      a: { id: 'a', title: 'A', result: result('a', 1000, []) },
      b: {
        id: 'b',
        title: 'B',
        result: result('b', 1, [{ name: 'dns', startMs: 0, durationMs: 0 }]),
      },
    })
    const [a, b] = w.rows
    if (a?.kind !== 'done' || b?.kind !== 'done') throw new Error('expected done rows')
    expect(a.bars).toEqual([
      { name: 'total', startMs: 0, durationMs: 1000, left: 0, width: 100, problem: false },
    ])
    expect(b.bars[0]?.width).toBeGreaterThan(0)
  })

  it('names phases once, in order, with a fixed colour slot per name', () => {
    const w = buildWaterfall(['a'], {
      a: {
        id: 'a',
        title: 'A',
        result: result('a', 30, [
          { name: 'connect', startMs: 0, durationMs: 10 },
          { name: 'tls', startMs: 10, durationMs: 10 },
          { name: 'connect (IPv6)', startMs: 20, durationMs: 10 },
        ]),
      },
    })
    expect(phaseNames(w.rows)).toEqual(['connect', 'tls'])
    expect(phaseSlot('tls')).toBe(phaseSlot('tls'))
    expect(phaseSlot('connect')).not.toBe(phaseSlot('tls'))
    expect(phaseSlot('connect (IPv4)')).toBe(phaseSlot('connect'))
    expect(phaseSlot('something-else')).toBeGreaterThanOrEqual(0)
    expect(phaseSlot('something-else')).toBeLessThan(8)
  })
})
