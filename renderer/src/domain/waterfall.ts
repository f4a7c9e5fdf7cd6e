/**
 * The Site checks step's timing chart: the shared waterfall (shared/report/waterfall.ts) for the
 * checks of the run on screen, with a reserved row for each check still running and the bars in
 * percent of the chart's width.
 *
 * A check is placed by when it began (the runner's `startMs`). Without it (an older saved report)
 * it is placed by when the screen saw its result arrive (arrival − duration), or at 0.
 */
import { layOutWaterfall, phaseLegend, type WaterfallCheck } from '../../../shared/report/waterfall'
import type { CheckResult, ProbeStatus } from '../../../shared/probe-types'

export interface WaterfallBar {
  name: string
  /** Position and size as a percentage of the scale (0–100). */
  left: number
  width: number
  /** Milliseconds since the run started, and how long the phase took. */
  startMs: number
  durationMs: number
  /** The phase where a failed check stopped: the only bar in the problem colour. */
  problem: boolean
}

export type WaterfallRow =
  | { kind: 'pending'; id: string; title: string }
  | {
      kind: 'done'
      id: string
      title: string
      status: ProbeStatus
      offsetMs: number
      durationMs: number
      bars: WaterfallBar[]
    }

export interface Waterfall {
  rows: WaterfallRow[]
  /** The length of the scale in milliseconds (at least 1). */
  scaleMs: number
}

interface Entry {
  id: string
  title: string
  result: CheckResult | null
}

/** A bar never disappears below this width (percent), so a 1 ms phase is still visible. */
const MIN_WIDTH = 0.6

export function buildWaterfall(
  order: readonly string[],
  checks: Readonly<Record<string, Entry>>,
  opts: { runDurationMs?: number | null; arrivals?: Readonly<Record<string, number>> } = {},
): Waterfall {
  const arrivals = opts.arrivals ?? {}
  const done: WaterfallCheck[] = []
  for (const id of order) {
    const r = checks[id]?.result
    if (!r) continue
    const arrival = arrivals[id]
    const startMs =
      r.startMs !== undefined
        ? r.startMs
        : arrival !== undefined
          ? Math.max(0, arrival - r.durationMs)
          : null
    const { status, durationMs, phases } = r
    done.push({ id, title: checks[id]?.title ?? id, status, durationMs, startMs, phases })
  }
  const { rows: placed, scaleMs } = layOutWaterfall(done, {
    runDurationMs: opts.runDurationMs ?? null,
    coverPhases: false,
  })
  const byId = new Map(placed.map((row) => [row.check.id, row]))
  const rows = order.map((id): WaterfallRow => {
    const row = byId.get(id)
    if (!row) return { kind: 'pending', id, title: checks[id]?.title ?? id }
    const { check, offsetMs } = row
    const bars = row.bars.map((b) => ({
      name: b.name,
      startMs: b.startMs,
      durationMs: b.durationMs,
      left: Math.min(b.from * 100, 100 - MIN_WIDTH),
      width: Math.max(MIN_WIDTH, Math.min(b.span * 100, 100 - b.from * 100)),
      problem: b.problem,
    }))
    const { title, status, durationMs } = check
    return { kind: 'done', id, title, status, offsetMs, durationMs, bars }
  })
  return { rows, scaleMs }
}

/** The legend of the rows: each phase base name once, in first-seen order. */
export function phaseNames(rows: readonly WaterfallRow[]): string[] {
  return phaseLegend(rows.flatMap((r) => (r.kind === 'done' ? r.bars : [])))
}
