/**
 * The site checks' timing waterfall: one row per planned check, a bar per phase, all on the run's
 * time scale. Pure, unit-tested; the component only draws what this returns.
 *
 * The runner starts every check at once, but a check that needs another's result (the SPF verdict
 * waits for the public IP) measures its phases from when it really began: the runner's `startMs`.
 * Without it (an older saved report) a check is placed by when the screen saw its result arrive
 * (arrival − duration), or at 0.
 */
import type { ProbeResult, ProbeStatus } from '../../../shared/probe-types'

export interface WaterfallBar {
  name: string
  /** Position and size as a percentage of the scale (0–100). */
  left: number
  width: number
  /** Milliseconds since the run started, and how long the phase took. */
  startMs: number
  durationMs: number
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
  result: ProbeResult | null
}

/** A bar never disappears below this width (percent), so a 1 ms phase is still visible. */
const MIN_WIDTH = 0.6

function pct(ms: number, scale: number): number {
  return Math.max(0, Math.min(100, (ms / scale) * 100))
}

export function buildWaterfall(
  order: readonly string[],
  checks: Readonly<Record<string, Entry>>,
  opts: { runDurationMs?: number | null; arrivals?: Readonly<Record<string, number>> } = {},
): Waterfall {
  const arrivals = opts.arrivals ?? {}
  const placed = order.map((id) => {
    const entry = checks[id]
    const r = entry?.result ?? null
    const arrival = arrivals[id]
    const offsetMs =
      r?.startMs !== undefined
        ? r.startMs
        : r && arrival !== undefined
          ? Math.max(0, arrival - r.durationMs)
          : 0
    return { id, title: entry?.title ?? id, result: r, offsetMs }
  })
  const ends = placed.map((p) => (p.result ? p.offsetMs + Math.max(0, p.result.durationMs) : 0))
  const scaleMs = Math.max(1, opts.runDurationMs ?? 0, ...ends)
  const rows = placed.map((p): WaterfallRow => {
    const r = p.result
    if (!r) return { kind: 'pending', id: p.id, title: p.title }
    // A check with no phases (skipped, or stopped before it began) is one bar for its duration.
    const phases =
      r.phases.length > 0
        ? r.phases
        : r.durationMs > 0
          ? [{ name: 'total', startMs: 0, durationMs: r.durationMs }]
          : []
    const bars = phases.map((ph) => {
      const startMs = p.offsetMs + Math.max(0, ph.startMs)
      const durationMs = Math.max(0, ph.durationMs)
      const left = pct(startMs, scaleMs)
      return {
        name: ph.name,
        startMs,
        durationMs,
        left: Math.min(left, 100 - MIN_WIDTH),
        width: Math.max(MIN_WIDTH, Math.min(pct(durationMs, scaleMs), 100 - left)),
      }
    })
    return {
      kind: 'done',
      id: p.id,
      title: p.title,
      status: r.status,
      offsetMs: p.offsetMs,
      durationMs: r.durationMs,
      bars,
    }
  })
  return { rows, scaleMs }
}

/** "connect (IPv4)" is a connect like any other: one colour and one legend entry per base name. */
export function phaseBase(name: string): string {
  return name.replace(/ \(IPv[46]\)$/, '')
}

/** Colour slot (0–7) of a phase, fixed per name so "tls" looks the same on every row. */
export function phaseSlot(name: string): number {
  const known = ['dns', 'connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo-tls', 'total']
  const i = known.indexOf(phaseBase(name))
  if (i >= 0) return i
  let h = 0
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 8
  return h
}

/** The distinct phase base names of the rows, in first-seen order (the legend). */
export function phaseNames(rows: readonly WaterfallRow[]): string[] {
  const names: string[] = []
  for (const r of rows)
    if (r.kind === 'done')
      for (const b of r.bars) if (!names.includes(phaseBase(b.name))) names.push(phaseBase(b.name))
  return names
}
