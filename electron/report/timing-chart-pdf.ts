/**
 * The report's "Check timing" chart: the shared waterfall (shared/report/waterfall.ts) drawn as a
 * row per check with a bar per phase, a time axis, grid lines and a legend naming the colours.
 */
import type { JobReport } from '../../shared/report/report-model'
import {
  axisTicks,
  layOutWaterfall,
  phaseBase,
  phaseColours,
  phaseLegend,
  type PhaseColour,
} from '../../shared/report/waterfall'
import { BOTTOM, INK, LEFT, MARGIN, MUTED, type Pdf, RULE, WIDTH } from './pdf-kit'
import { formatMs, pdfSafe } from './pdf-text'

/**
 * The fixed colours of the SMTP phases, by slot (see PhaseColour). None is red: red marks only the
 * phase where a failed check stopped (PROBLEM_COLOUR).
 */
const FIXED_COLOURS = [
  '#6e40c9',
  '#0969da',
  '#54aeff',
  '#1a7f37',
  '#bf8700',
  '#1b7c83',
  '#4ac26b',
  '#8c959f',
]
/** The colours other phases take in turn, so no two legend entries look alike (none red). */
const EXTRA_COLOURS = ['#e85aad', '#a475f9', '#7d4e00', '#d4a72c', '#0a3069', '#57606a', '#79c0ff']
/** The phase where a failed check stopped. */
const PROBLEM_COLOUR = '#cf222e'

function colourOf(c: PhaseColour | undefined): string {
  if (!c) return MUTED
  return c.kind === 'fixed' ? (FIXED_COLOURS[c.slot] ?? INK) : (EXTRA_COLOURS[c.index] ?? MUTED)
}

/** The chart of the checks that took time, or nothing when none did. */
export function timingChart(p: Pdf, report: JobReport): void {
  const items = report.checks?.items.filter((c) => c.durationMs > 0 || c.phases.length > 0) ?? []
  if (items.length === 0) return
  // The heading goes with the chart: the whole chart on one page when it can fit on one.
  const rowH = 15
  const labelW = 168
  // A title wraps rather than being cut short: its row grows to fit it.
  const titleH = (title: string) => p.height(title, labelW - 16, 8)
  const heightOf = (title: string) => Math.max(rowH, Math.ceil(titleH(title)) + 5)
  const chartH = 12 + items.reduce((h, c) => h + heightOf(c.title), 0) + 40
  const fitsOnePage = chartH + 50 <= BOTTOM - MARGIN.top
  p.ensure(fitsOnePage ? chartH + 50 : 120)
  p.heading(
    'Check timing',
    "When each check ran and how long each step took, on the run's time scale (0 = the run started). Long bars show where the network was slow.",
  )
  const { rows, scaleMs } = layOutWaterfall(items, {
    runDurationMs: report.checks?.durationMs ?? null,
    coverPhases: true,
  })
  const durW = 46
  const chartX = LEFT + labelW
  const chartW = WIDTH - labelW - durW
  const x = (at: number) => chartX + at * chartW
  const ticks = axisTicks(scaleMs)
  const d = p.doc
  const names = phaseLegend(rows.flatMap((r) => r.bars))
  const colours = phaseColours(names)
  const colour = (name: string) => colourOf(colours.get(phaseBase(name)))

  const axis = () => {
    const top = p.y
    for (const t of ticks) {
      p.text(formatMs(t.ms), x(t.at) - 20, top, {
        width: 40,
        size: 7.5,
        colour: MUTED,
        align: 'center',
        lineBreak: false,
      })
    }
    p.y = top + 12
  }
  const grid = (top: number, bottom: number) => {
    for (const t of ticks)
      d.moveTo(x(t.at), top).lineTo(x(t.at), bottom).lineWidth(0.4).strokeColor(RULE).stroke()
  }

  p.ensure(fitsOnePage ? chartH : 12 + rowH * 6)
  axis()
  let gridTop = p.y
  for (const { check: c, bars } of rows) {
    const h = heightOf(c.title)
    if (p.y + h > BOTTOM - 30) {
      grid(gridTop, p.y)
      d.addPage()
      p.y = MARGIN.top
      axis()
      gridTop = p.y
    }
    const top = p.y
    p.statusMark(c.status, LEFT, top + 3, 4)
    p.text(c.title, LEFT + 12, top + 3, { width: labelW - 16, size: 8 })
    for (const b of bars) {
      const x0 = x(b.from)
      d.rect(x0, top + 3, Math.max(1.2, x(b.to) - x0), rowH - 6)
        .fillColor(b.problem ? PROBLEM_COLOUR : colour(b.name))
        .fill()
    }
    p.text(formatMs(c.durationMs), LEFT + WIDTH - durW + 4, top + 3, {
      width: durW - 4,
      size: 8,
      colour: MUTED,
      align: 'right',
      lineBreak: false,
    })
    p.y = top + h
  }
  grid(gridTop, p.y)
  // Legend: colours name the phases, so the chart also reads in greyscale with the names.
  p.y += 6
  p.ensure(16)
  const legendTop = p.y
  let lx = chartX
  let ly = p.y
  const anyProblem = rows.some((r) => r.bars.some((b) => b.problem))
  const entries = [
    ...names.map((n) => ({ n, fill: colour(n) })),
    ...(anyProblem ? [{ n: 'where a failed check stopped', fill: PROBLEM_COLOUR }] : []),
  ]
  for (const { n, fill } of entries) {
    d.font('Helvetica').fontSize(8)
    const w = 12 + d.widthOfString(pdfSafe(n)) + 12
    if (lx + w > LEFT + WIDTH) {
      lx = chartX
      ly += 12
    }
    d.rect(lx, ly + 1, 8, 7)
      .fillColor(fill)
      .fill()
    p.text(n, lx + 11, ly, { width: w, size: 8, colour: MUTED, lineBreak: false })
    lx += w
  }
  p.text('Phases:', LEFT + 12, legendTop, {
    width: labelW,
    size: 8,
    colour: MUTED,
    lineBreak: false,
  })
  p.y = ly + 16
}
