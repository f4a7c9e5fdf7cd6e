import { describe, expect, it } from 'vitest'

import {
  axisTicks,
  layOutWaterfall,
  phaseBase,
  phaseColours,
  phaseLegend,
  phaseSlot,
  type WaterfallCheck,
} from '../../../../shared/report/waterfall'

const check = (
  id: string,
  durationMs: number,
  phases: WaterfallCheck['phases'] = [],
  startMs: number | null = null,
): WaterfallCheck => ({ id, title: id, status: 'pass', durationMs, startMs, phases })

const both = [false, true] as const

describe('layOutWaterfall', () => {
  it('puts every check on the run scale, placed by when it began', () => {
    for (const coverPhases of both) {
      const w = layOutWaterfall(
        [
          check('a', 200, [
            { name: 'connect', startMs: 0, durationMs: 50 },
            { name: 'tls', startMs: 100, durationMs: 100 },
          ]),
          check('b', 100, [{ name: 'dns', startMs: 0, durationMs: 100 }], 300),
        ],
        { runDurationMs: 800, coverPhases },
      )
      expect(w.scaleMs).toBe(800)
      expect(w.rows.map((r) => [r.check.id, r.offsetMs])).toEqual([
        ['a', 0],
        ['b', 300],
      ])
      expect(w.rows[0]?.bars).toEqual([
        {
          name: 'connect',
          startMs: 0,
          durationMs: 50,
          from: 0,
          to: 0.0625,
          span: 0.0625,
          problem: false,
        },
        {
          name: 'tls',
          startMs: 100,
          durationMs: 100,
          from: 0.125,
          to: 0.25,
          span: 0.125,
          problem: false,
        },
      ])
      expect(w.rows[1]?.bars).toEqual([
        {
          name: 'dns',
          startMs: 300,
          durationMs: 100,
          from: 0.375,
          to: 0.5,
          span: 0.125,
          problem: false,
        },
      ])
    }
  })

  it('stretches the scale to the last check when the run duration is unknown or shorter', () => {
    expect(
      layOutWaterfall([check('a', 40, [], 60)], { runDurationMs: null, coverPhases: false }),
    ).toMatchObject({ scaleMs: 100 })
    expect(
      layOutWaterfall([check('a', 40, [], 60)], { runDurationMs: 50, coverPhases: true }),
    ).toMatchObject({ scaleMs: 100 })
    // Nothing measured yet: a scale of 1 ms, never 0.
    expect(layOutWaterfall([], { runDurationMs: null, coverPhases: true }).scaleMs).toBe(1)
  })

  it('covers a phase that ends after its check only when asked to', () => {
    const late = [check('a', 100, [{ name: 'rcpt', startMs: 50, durationMs: 150 }])]
    expect(layOutWaterfall(late, { runDurationMs: 100, coverPhases: true }).scaleMs).toBe(200)
    const cut = layOutWaterfall(late, { runDurationMs: 100, coverPhases: false })
    expect(cut.scaleMs).toBe(100)
    // The bar then runs to the end of the scale, and no further.
    expect(cut.rows[0]?.bars[0]).toMatchObject({ from: 0.5, to: 1, span: 1 })
  })

  it('draws a check without phases as one "total" bar, and one that took no time as none', () => {
    const w = layOutWaterfall([check('a', 1000), check('skipped', 0, [], 400)], {
      runDurationMs: null,
      coverPhases: true,
    })
    expect(w.rows[0]?.bars).toEqual([
      { name: 'total', startMs: 0, durationMs: 1000, from: 0, to: 1, span: 1, problem: false },
    ])
    expect(w.rows[1]?.bars).toEqual([])
    expect(w.rows[1]?.offsetMs).toBe(400)
  })

  it('never places a bar before 0 or gives it a negative length', () => {
    const w = layOutWaterfall([check('a', 10, [{ name: 'dns', startMs: -5, durationMs: -3 }])], {
      runDurationMs: 10,
      coverPhases: true,
    })
    expect(w.rows[0]?.bars[0]).toEqual({
      name: 'dns',
      startMs: 0,
      durationMs: 0,
      from: 0,
      to: 0,
      span: 0,
      problem: false,
    })
  })

  it('marks in the problem colour only the phase where a failed check stopped', () => {
    const phases = [
      { name: 'connect', startMs: 0, durationMs: 50 },
      { name: 'tls', startMs: 50, durationMs: 400 },
      { name: 'ehlo-tls', startMs: 450, durationMs: 20 },
    ]
    const failed = { ...check('a', 470, phases), status: 'fail' as const }
    const w = layOutWaterfall([check('ok', 470, phases), failed, check('none', 0)], {
      runDurationMs: 500,
      coverPhases: false,
    })
    // A long, healthy TLS handshake is not a problem.
    expect(w.rows[0]?.bars.map((b) => b.problem)).toEqual([false, false, false])
    expect(w.rows[1]?.bars.map((b) => [b.name, b.problem])).toEqual([
      ['connect', false],
      ['tls', false],
      ['ehlo-tls', true],
    ])
    // A failed check without phases: its one "total" bar is where it stopped.
    const total = layOutWaterfall([{ ...check('t', 30), status: 'fail' }], {
      runDurationMs: 30,
      coverPhases: true,
    })
    expect(total.rows[0]?.bars).toEqual([expect.objectContaining({ name: 'total', problem: true })])
  })
})

describe('axisTicks', () => {
  it('gives round steps from 0 to the end of the scale, each with its fraction', () => {
    expect(axisTicks(1000).map((t) => t.ms)).toEqual([0, 200, 400, 600, 800, 1000])
    expect(axisTicks(1000).map((t) => t.at)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(axisTicks(12_000).map((t) => t.ms)).toEqual([0, 2500, 5000, 7500, 10_000])
    // The shortest scale (1 ms) still has its ticks, the last at its end.
    expect(axisTicks(1)).toHaveLength(6)
    expect(axisTicks(1).at(-1)?.at).toBe(1)
  })
})

describe('phases and colours', () => {
  it('counts "connect (IPv6)" as a connect, once, in first-seen order', () => {
    expect(phaseBase('connect (IPv6)')).toBe('connect')
    expect(phaseBase('connect (IPv4)')).toBe('connect')
    expect(phaseBase('mail')).toBe('mail')
    expect(
      phaseLegend([
        { name: 'dns' },
        { name: 'connect (IPv4)' },
        { name: 'auth' },
        { name: 'connect (IPv6)' },
        { name: 'dns' },
      ]),
    ).toEqual(['dns', 'connect', 'auth'])
  })

  it('gives the SMTP phases fixed colours and every other phase the next extra one', () => {
    const colours = phaseColours(['auth', 'tls', 'mail', 'dns', 'total', 'rcpt'])
    expect([...colours]).toEqual([
      ['auth', { kind: 'extra', index: 0 }],
      ['tls', { kind: 'fixed', slot: 5 }],
      ['mail', { kind: 'extra', index: 1 }],
      ['dns', { kind: 'fixed', slot: 0 }],
      ['total', { kind: 'fixed', slot: 7 }],
      ['rcpt', { kind: 'extra', index: 2 }],
    ])
  })

  it("gives the app's chart one of eight slots per name, the same on every row", () => {
    expect(phaseSlot('dns')).toBe(0)
    expect(phaseSlot('connect (IPv4)')).toBe(1)
    expect(phaseSlot('total')).toBe(7)
    for (const name of ['auth', 'mail', 'rcpt', 'https', 'something-else']) {
      expect(phaseSlot(name)).toBe(phaseSlot(name))
      expect(phaseSlot(name)).toBeGreaterThanOrEqual(0)
      expect(phaseSlot(name)).toBeLessThan(8)
    }
  })
})
