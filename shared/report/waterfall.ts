/**
 * The site checks' timing chart as data: a row per check, a bar per phase on the run's time scale
 * (positions as fractions of it), the axis ticks, the phase legend and each phase's colour role.
 * Pure; the report PDF and the app's Site checks step both draw from it.
 */
import type { ProbePhase, ProbeStatus } from '../probe-types'

/** One check as the chart places it. */
export interface WaterfallCheck {
  id: string
  title: string
  status: ProbeStatus
  durationMs: number
  /** When the check began, in ms since the run started; null when not known (drawn from 0). */
  startMs: number | null
  phases: readonly ProbePhase[]
}

export interface WaterfallBar {
  /** The phase as measured, e.g. "connect (IPv6)". */
  name: string
  /** Milliseconds since the run started, and how long the phase took. */
  startMs: number
  durationMs: number
  /** Where the bar begins and ends on the scale, as fractions (0–1). */
  from: number
  to: number
  /** Its duration as a fraction of the scale (0–1). */
  span: number
  /**
   * True for the phase where a failed check stopped (its last one): the only bar drawn in the
   * problem colour. A healthy phase is never red, however long it took.
   */
  problem: boolean
}

export interface WaterfallRow {
  check: WaterfallCheck
  /** Where the check's own time starts on the run's scale (startMs, or 0 when not known). */
  offsetMs: number
  /** A check without phases is one "total" bar for its duration; none when it took no time. */
  bars: WaterfallBar[]
}

export interface Waterfall {
  rows: WaterfallRow[]
  /** The length of the scale in milliseconds (at least 1). */
  scaleMs: number
}

export interface WaterfallScale {
  /** The run's duration, when known (the scale is at least that long). */
  runDurationMs: number | null
  /**
   * Whether a phase that ends after its check's duration stretches the scale (the PDF) or runs off
   * the end of it (the app's chart). The two charts have always differed here; issue 15 may settle
   * on one.
   */
  coverPhases: boolean
}

/**
 * The rows of the given checks, in their order, on one scale: the run's duration, or longer when a
 * check (or, with `coverPhases`, one of its phases) ended later.
 */
export function layOutWaterfall(
  checks: readonly WaterfallCheck[],
  scale: WaterfallScale,
): Waterfall {
  const placed = checks.map((check) => ({ check, offsetMs: check.startMs ?? 0 }))
  const ends = placed.map(({ check, offsetMs }) => {
    const phaseEnds = scale.coverPhases ? check.phases.map((ph) => ph.startMs + ph.durationMs) : []
    return offsetMs + Math.max(0, check.durationMs, ...phaseEnds)
  })
  const scaleMs = Math.max(1, scale.runDurationMs ?? 0, ...ends)
  const rows = placed.map(({ check, offsetMs }): WaterfallRow => {
    const phases =
      check.phases.length > 0
        ? check.phases
        : check.durationMs > 0
          ? [{ name: 'total', startMs: 0, durationMs: check.durationMs }]
          : []
    const stoppedAt = check.status === 'fail' ? lastPhase(phases) : -1
    const bars = phases.map((ph, i) => {
      const startMs = offsetMs + Math.max(0, ph.startMs)
      const durationMs = Math.max(0, ph.durationMs)
      return {
        name: ph.name,
        startMs,
        durationMs,
        from: fraction(startMs, scaleMs),
        to: fraction(startMs + durationMs, scaleMs),
        span: fraction(durationMs, scaleMs),
        problem: i === stoppedAt,
      }
    })
    return { check, offsetMs, bars }
  })
  return { rows, scaleMs }
}

/** The index of the phase that ended last (where a check stopped), or -1 without phases. */
function lastPhase(phases: readonly ProbePhase[]): number {
  let at = -1
  let end = -Infinity
  phases.forEach((ph, i) => {
    if (ph.startMs + ph.durationMs >= end) {
      end = ph.startMs + ph.durationMs
      at = i
    }
  })
  return at
}

function fraction(ms: number, scaleMs: number): number {
  return Math.max(0, Math.min(ms, scaleMs) / scaleMs)
}

/** A step (1, 2, 2.5 or 5 × 10^n) that gives about `target` ticks over `span`. */
function niceStep(span: number, target: number): number {
  const raw = span / target
  const pow = 10 ** Math.floor(Math.log10(raw))
  const f = raw / pow
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * pow
}

/** Round-numbered ticks from 0 to the end of the scale (about five), each with its fraction. */
export function axisTicks(scaleMs: number): { ms: number; at: number }[] {
  const step = niceStep(scaleMs, 5)
  const ticks: { ms: number; at: number }[] = []
  for (let t = 0; t <= scaleMs + 1e-9; t += step) ticks.push({ ms: t, at: fraction(t, scaleMs) })
  return ticks
}

// --- phases and their colours --------------------------------------------------------------------

/** The SMTP phases, in the order of their fixed colour slots (0–7). */
const FIXED_PHASES = ['dns', 'connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo-tls', 'total']

/** "connect (IPv4)" is a connect like any other: one colour and one legend entry per base name. */
export function phaseBase(name: string): string {
  return name.replace(/ \(IPv[46]\)$/, '')
}

/** The distinct phase base names of the bars, in first-seen order: the legend. */
export function phaseLegend(bars: Iterable<{ name: string }>): string[] {
  const names: string[] = []
  for (const b of bars) if (!names.includes(phaseBase(b.name))) names.push(phaseBase(b.name))
  return names
}

/**
 * A phase's colour: a fixed slot (0–7) for the SMTP phases, the same in every chart (none of them
 * red: red is kept for the phase where a failed check stopped, WaterfallBar.problem), or for any
 * other phase the n-th extra colour of this chart (numbered in legend order, so no two extra
 * phases look alike). The report PDF colours by this.
 */
export type PhaseColour = { kind: 'fixed'; slot: number } | { kind: 'extra'; index: number }

/** The colour of each legend name (see PhaseColour). */
export function phaseColours(legend: readonly string[]): Map<string, PhaseColour> {
  const map = new Map<string, PhaseColour>()
  let extra = 0
  for (const n of legend) {
    const slot = FIXED_PHASES.indexOf(phaseBase(n))
    map.set(n, slot >= 0 ? { kind: 'fixed', slot } : { kind: 'extra', index: extra++ })
  }
  return map
}

/**
 * Colour slot (0–7) of a phase in the app's chart, which has eight colours only: the fixed slot of
 * an SMTP phase, else one picked from the name itself, so it is the same on every row.
 */
export function phaseSlot(name: string): number {
  const i = FIXED_PHASES.indexOf(phaseBase(name))
  if (i >= 0) return i
  let h = 0
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 8
  return h
}
