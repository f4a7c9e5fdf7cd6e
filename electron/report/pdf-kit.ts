/**
 * The drawing kit both PDFs draw with (the job report and the printable checklist): A4 geometry,
 * colours, and a drawing context with headings, paragraphs, lists, code boxes, status marks and
 * tables that grow to fit their text, in the embedded fonts (pdf-fonts.ts). Pure JS under plain
 * Node; no Electron import.
 */
import type { ProbeStatus } from '../../shared/probe-types'
import type { FontName } from './pdf-fonts'
import { pdfSafe } from './pdf-text'

/**
 * The gap added under each line. Noto Sans's line box is 1.36 em (its ascender leaves room for
 * accents on capitals, as in "Ōsaka"), about 0.2 em taller than the standard Helvetica's the
 * layout was drawn for; taking 0.15 em back keeps about 1.2 em per line, so the first page still
 * holds the verdict, the facts, the method and the device settings.
 */
function lineGap(size: number): number {
  return 1.5 - 0.15 * size
}

// --- page geometry and colours -------------------------------------------------------------------

export const PAGE = { width: 595.28, height: 841.89 }
export const MARGIN = { top: 50, bottom: 60, left: 48, right: 48 }
export const LEFT = MARGIN.left
export const WIDTH = PAGE.width - MARGIN.left - MARGIN.right
export const BOTTOM = PAGE.height - MARGIN.bottom

export const INK = '#1f2328'
export const MUTED = '#57606a'
export const RULE = '#d0d7de'
export const SHADE = '#f3f5f7'

export const STATUS_COLOUR: Record<ProbeStatus, string> = {
  pass: '#1a7f37',
  warn: '#9a6700',
  fail: '#cf222e',
  info: '#6e7781',
  skip: '#6e7781',
}

// --- the drawing context -------------------------------------------------------------------------

export type Doc = PDFKit.PDFDocument

export interface Cell {
  text: string
  font?: FontName
  status?: ProbeStatus
  tick?: boolean
  colour?: string
  /** A smaller, muted line under the text (a hint under a value). */
  sub?: string
}

export interface Column {
  header: string
  width: number
}

/** A label and its value, as the facts at the top of a PDF list them. */
export type Fact = [label: string, value: string]

/** How factColumns draws its rows: muted labels, values beside them. */
export interface FactStyle {
  labelWidth: number
  labelSize: number
  valueSize: number
  valueFont?: 'Sans' | 'Sans-Bold'
  /** The least height of a row (a value that wraps makes it taller); 2 pt separate the rows. */
  rowHeight: number
}

export class Pdf {
  constructor(readonly doc: Doc) {}

  get y(): number {
    return this.doc.y
  }
  set y(v: number) {
    this.doc.y = v
  }

  /** Starts a new page when `height` does not fit below the current position. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) {
      this.doc.addPage()
      this.y = MARGIN.top
    }
  }

  text(
    s: string,
    x: number,
    y: number,
    opts: {
      width: number
      size?: number
      font?: FontName
      colour?: string
    } & PDFKit.Mixins.TextOptions,
  ): number {
    const { size = 10, font = 'Sans', colour = INK, ...rest } = opts
    this.doc.font(font).fontSize(size).fillColor(colour)
    this.doc.text(pdfSafe(s), x, y, { lineGap: lineGap(size), ...rest })
    return this.doc.y
  }

  height(s: string, width: number, size = 10, font: FontName = 'Sans'): number {
    this.doc.font(font).fontSize(size)
    return this.doc.heightOfString(pdfSafe(s), { width, lineGap: lineGap(size) })
  }

  heading(title: string, intro?: string): void {
    // A heading never ends a page alone: it keeps room for the start of its section.
    this.ensure(110)
    this.y += 11
    const top = this.y
    this.text(title, LEFT, top, { width: WIDTH, size: 14, font: 'Sans-Bold' })
    this.doc
      .moveTo(LEFT, this.y + 2)
      .lineTo(LEFT + WIDTH, this.y + 2)
      .lineWidth(0.8)
      .strokeColor(RULE)
      .stroke()
    this.y += 8
    if (intro) {
      this.text(intro, LEFT, this.y, { width: WIDTH, size: 9.5, colour: MUTED })
      this.y += 6
    }
  }

  paragraph(
    s: string,
    opts: { size?: number; font?: FontName; colour?: string; indent?: number } = {},
  ): void {
    const indent = opts.indent ?? 0
    const size = opts.size ?? 10
    const font = opts.font ?? 'Sans'
    this.ensure(Math.min(this.height(s, WIDTH - indent, size, font), 200) + 4)
    this.text(s, LEFT + indent, this.y, {
      width: WIDTH - indent,
      size,
      font,
      colour: opts.colour ?? INK,
    })
    this.y += 3
  }

  bullets(items: readonly string[], opts: { colour?: string; size?: number } = {}): void {
    const size = opts.size ?? 10
    for (const item of items) {
      const h = this.height(item, WIDTH - 14, size)
      this.ensure(h + 3)
      const top = this.y
      this.text('•', LEFT + 2, top, { width: 10, size, colour: opts.colour ?? INK })
      this.text(item, LEFT + 14, top, { width: WIDTH - 14, size, colour: opts.colour ?? INK })
      this.y += 2
    }
  }

  /** A shaded box across the page from `top`, `height` tall, with a coloured bar down its left. */
  shadedBox(top: number, height: number, bar: { width: number; colour: string }): void {
    this.doc.rect(LEFT, top, WIDTH, height).fillColor(SHADE).fill()
    this.doc.rect(LEFT, top, bar.width, height).fillColor(bar.colour).fill()
  }

  /** A box of monospace text (an SPF record, a PowerShell line) that can be copied as written. */
  code(s: string): void {
    // A smaller size rather than a line break where it can: a PowerShell line broken at a hyphen
    // no longer pastes as one command.
    const longest = Math.max(
      ...pdfSafe(s)
        .split('\n')
        .map((l) => l.length),
    )
    const size = Math.max(7, Math.min(9.5, (WIDTH - 18) / (0.6 * Math.max(1, longest))))
    const h = this.height(s, WIDTH - 16, size, 'Mono')
    this.ensure(h + 14)
    const top = this.y
    this.shadedBox(top, h + 10, { width: 2.5, colour: MUTED })
    this.text(s, LEFT + 10, top + 5, { width: WIDTH - 16, size, font: 'Mono' })
    this.y = top + h + 16
  }

  /** Status as a symbol and a word, so it reads without colour (and in pdftotext). */
  statusMark(status: ProbeStatus | 'unknown', x: number, y: number, r = 5): void {
    const d = this.doc
    const colour = status === 'unknown' ? '#57606a' : STATUS_COLOUR[status]
    const cx = x + r
    const cy = y + r
    d.save()
    if (status === 'warn') {
      d.moveTo(cx, y - 0.5)
        .lineTo(x + 2 * r + 0.8, y + 2 * r)
        .lineTo(x - 0.8, y + 2 * r)
        .closePath()
        .fillColor(colour)
        .fill()
      d.moveTo(cx, y + r * 0.55)
        .lineTo(cx, y + r * 1.25)
        .lineWidth(r * 0.28)
        .strokeColor('#ffffff')
        .stroke()
      d.circle(cx, y + r * 1.62, r * 0.14)
        .fillColor('#ffffff')
        .fill()
    } else {
      d.circle(cx, cy, r).fillColor(colour).fill()
      d.lineWidth(r * 0.3)
        .strokeColor('#ffffff')
        .lineCap('round')
      if (status === 'pass')
        d.moveTo(cx - r * 0.5, cy)
          .lineTo(cx - r * 0.1, cy + r * 0.42)
          .lineTo(cx + r * 0.5, cy - r * 0.4)
          .stroke()
      else if (status === 'fail')
        d.moveTo(cx - r * 0.4, cy - r * 0.4)
          .lineTo(cx + r * 0.4, cy + r * 0.4)
          .moveTo(cx + r * 0.4, cy - r * 0.4)
          .lineTo(cx - r * 0.4, cy + r * 0.4)
          .stroke()
      else if (status === 'skip')
        d.moveTo(cx - r * 0.45, cy)
          .lineTo(cx + r * 0.45, cy)
          .stroke()
      else if (status === 'info') {
        // Information: an "i", a dot over a stem.
        d.circle(cx, cy - r * 0.45, r * 0.15)
          .fillColor('#ffffff')
          .fill()
        d.moveTo(cx, cy - r * 0.05)
          .lineTo(cx, cy + r * 0.5)
          .stroke()
      } else {
        // Unknown: a question mark in the circle.
        d.font('Sans-Bold')
          .fontSize(r * 1.5)
          .fillColor('#ffffff')
        d.text('?', x, cy - r * 0.55, { width: 2 * r, align: 'center', lineBreak: false })
      }
    }
    d.restore()
  }

  tickBox(done: boolean, x: number, y: number): void {
    const d = this.doc
    d.save()
    d.rect(x, y, 9, 9)
      .lineWidth(0.9)
      .strokeColor(done ? STATUS_COLOUR.pass : MUTED)
      .stroke()
    if (done)
      d.moveTo(x + 1.8, y + 4.6)
        .lineTo(x + 3.9, y + 7)
        .lineTo(x + 7.6, y + 2)
        .lineWidth(1.5)
        .lineCap('round')
        .strokeColor(STATUS_COLOUR.pass)
        .stroke()
    d.restore()
  }

  /** Facts in two columns side by side from the current y; returns where the longer one ends. */
  factColumns(left: readonly Fact[], right: readonly Fact[], style: FactStyle): number {
    const colW = (WIDTH - 16) / 2
    const top = this.y
    const column = (facts: readonly Fact[], x: number): number => {
      let y = top
      for (const [label, value] of facts) {
        this.text(label, x, y, { width: style.labelWidth, size: style.labelSize, colour: MUTED })
        this.text(value, x + style.labelWidth, y, {
          width: colW - style.labelWidth,
          size: style.valueSize,
          font: style.valueFont ?? 'Sans',
        })
        y = Math.max(this.y, y + style.rowHeight) + 2
      }
      return y
    }
    return Math.max(column(left, LEFT), column(right, LEFT + colW + 16))
  }

  /** A table whose rows grow to fit their text; the header repeats on a new page. */
  table(columns: readonly Column[], rows: readonly Cell[][], opts: { size?: number } = {}): void {
    const size = opts.size ?? 9.5
    const pad = 4
    const total = columns.reduce((s, c) => s + c.width, 0)
    const scale = WIDTH / total
    const widths = columns.map((c) => c.width * scale)
    const xs = widths.map((_, i) => LEFT + widths.slice(0, i).reduce((s, w) => s + w, 0))
    const statusIndent = 14
    const cellWidth = (i: number, cell: Cell) =>
      (widths[i] ?? 0) - 2 * pad - (cell.status || cell.tick !== undefined ? statusIndent : 0)
    const headerH =
      Math.max(
        ...columns.map((c, i) =>
          this.height(c.header, (widths[i] ?? 0) - 2 * pad, 8.5, 'Sans-Bold'),
        ),
      ) + 7
    const rowHeight = (row: readonly Cell[]) =>
      Math.max(
        ...row.map(
          (cell, i) =>
            this.height(cell.text, cellWidth(i, cell), size, cell.font ?? 'Sans') +
            (cell.sub ? this.height(cell.sub, cellWidth(i, cell), size - 1) + 2 : 0),
        ),
      ) +
      2 * pad +
      1

    const header = () => {
      const top = this.y
      this.doc.rect(LEFT, top, WIDTH, headerH).fillColor('#e7ebef').fill()
      columns.forEach((c, i) =>
        this.text(c.header, (xs[i] ?? 0) + pad, top + 4, {
          width: (widths[i] ?? 0) - 2 * pad,
          size: 8.5,
          font: 'Sans-Bold',
          colour: MUTED,
        }),
      )
      this.y = top + headerH
    }

    // Never a header alone at the foot of a page: it goes with its first row.
    this.ensure(headerH + (rows[0] ? rowHeight(rows[0]) : 0))
    header()
    rows.forEach((row, r) => {
      const h = rowHeight(row)
      if (this.y + h > BOTTOM) {
        this.doc.addPage()
        this.y = MARGIN.top
        header()
      }
      const top = this.y
      if (r % 2 === 1) this.doc.rect(LEFT, top, WIDTH, h).fillColor('#fafbfc').fill()
      row.forEach((cell, i) => {
        const x = (xs[i] ?? 0) + pad
        let tx = x
        if (cell.status) {
          this.statusMark(cell.status, x, top + pad + 1, 4.5)
          tx += statusIndent
        } else if (cell.tick !== undefined) {
          this.tickBox(cell.tick, x, top + pad + 1)
          tx += statusIndent
        }
        this.text(cell.text, tx, top + pad, {
          width: cellWidth(i, cell),
          size,
          font: cell.font ?? 'Sans',
          colour: cell.colour ?? INK,
        })
        if (cell.sub)
          this.text(cell.sub, tx, this.y + 2, {
            width: cellWidth(i, cell),
            size: size - 1,
            colour: MUTED,
          })
      })
      this.doc
        .moveTo(LEFT, top + h)
        .lineTo(LEFT + WIDTH, top + h)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke()
      this.y = top + h
    })
    this.y += 6
  }
}
