/**
 * The printable checklist's steps: each step of the plan as blocks measured before they are drawn
 * (so a step is never split badly), with its tick box, who does it, where, the values to type and
 * ruled lines to write on.
 */
import type { ConfigField, ConfigStep } from '../../shared/configure/plan-types'
import type { Job } from '../../shared/job-types'
import type { FontName } from './pdf-fonts'
import { INK, LEFT, MARGIN, MUTED, PAGE, type Pdf, SHADE, STATUS_COLOUR, WIDTH } from './pdf-kit'

const WHO: Record<ConfigStep['who'], { label: string; colour: string }> = {
  device: { label: 'AT THE DEVICE', colour: '#0969da' },
  relay: { label: 'RELAY MACHINE', colour: '#9a6700' },
  admin: { label: 'TENANT ADMIN', colour: '#8250df' },
  test: { label: 'TEST', colour: '#1a7f37' },
}

// --- blocks: measured first, drawn where they fit --------------------------------------------------

/** A piece of the sheet with its height known before it is drawn, so a step is never split badly. */
export interface Block {
  h: number
  draw: (top: number) => void
}

const INDENT = 30
const BOX = 17
const LINE_GAP = 21

export function placeBlocks(p: Pdf, blocks: readonly Block[], keep: number): void {
  // Keep the first `keep` blocks (the step's head) together; the whole step when it fits a page.
  const total = blocks.reduce((s, b) => s + b.h, 0)
  const head = blocks.slice(0, keep).reduce((s, b) => s + b.h, 0)
  p.ensure(total <= PAGE.height - MARGIN.top - MARGIN.bottom - 40 ? total : head)
  for (const b of blocks) {
    p.ensure(b.h)
    const top = p.y
    b.draw(top)
    p.y = top + b.h
  }
}

export function textBlock(
  p: Pdf,
  s: string,
  opts: {
    x?: number
    width?: number
    size?: number
    font?: FontName
    colour?: string
    gap?: number
  },
): Block {
  const x = opts.x ?? LEFT + INDENT
  const width = opts.width ?? WIDTH - (x - LEFT)
  const size = opts.size ?? 10.5
  const font = opts.font ?? 'Sans'
  const h = p.height(s, width, size, font) + (opts.gap ?? 3)
  return {
    h,
    draw: (top) => p.text(s, x, top, { width, size, font, colour: opts.colour ?? INK }),
  }
}

export function ruledLines(p: Pdf, count: number, x = LEFT + INDENT): Block {
  return {
    h: count * LINE_GAP + 4,
    draw: (top) => {
      for (let i = 1; i <= count; i++)
        p.doc
          .moveTo(x, top + i * LINE_GAP)
          .lineTo(LEFT + WIDTH, top + i * LINE_GAP)
          .lineWidth(0.6)
          .strokeColor('#b8c0c8')
          .stroke()
    },
  }
}

/** A large empty box, or a crossed one (☒) when the step was ticked in the app. */
function tickBox(p: Pdf, x: number, y: number, done: boolean): void {
  const d = p.doc
  d.save()
  d.rect(x, y, BOX, BOX).lineWidth(1.4).strokeColor(INK).stroke()
  if (done)
    d.moveTo(x + 3.5, y + 3.5)
      .lineTo(x + BOX - 3.5, y + BOX - 3.5)
      .moveTo(x + BOX - 3.5, y + 3.5)
      .lineTo(x + 3.5, y + BOX - 3.5)
      .lineWidth(2)
      .lineCap('round')
      .strokeColor(STATUS_COLOUR.pass)
      .stroke()
  d.restore()
}

function fieldBlocks(p: Pdf, f: ConfigField): Block[] {
  const x = LEFT + INDENT
  const labelW = 140
  const valueX = x + labelW
  const valueW = LEFT + WIDTH - valueX
  const blocks: Block[] = []
  const label = `${f.label}:`
  const labelH = p.height(label, labelW - 8, 10.5, 'Sans-Bold')
  // The password field carries a placeholder, never a secret; still, paper never repeats it.
  if (f.key === 'password') {
    const v = 'type it on the device (never printed on this sheet)'
    blocks.push({
      h: Math.max(labelH, p.height(v, valueW, 10.5, 'Sans-Italic')) + 4,
      draw: (top) => {
        p.text(label, x, top, { width: labelW - 8, size: 10.5, font: 'Sans-Bold' })
        p.text(v, valueX, top, { width: valueW, size: 10.5, font: 'Sans-Italic' })
      },
    })
    return blocks
  }
  if (f.copy) {
    // Typed values stay on one line where they can (a host name broken at a hyphen gets typed
    // wrong): smaller type beside the label, else the full width under it.
    const chars = Math.max(1, f.value.length)
    const beside = Math.min(11.5, valueW / (0.6 * chars))
    if (beside >= 9.5) {
      const vh = p.height(f.value, valueW, beside, 'Mono')
      blocks.push({
        h: Math.max(labelH, vh) + 4,
        draw: (top) => {
          p.text(label, x, top, { width: labelW - 8, size: 10.5, font: 'Sans-Bold' })
          p.text(f.value, valueX, top + (11.5 - beside) / 2, {
            width: valueW,
            size: beside,
            font: 'Mono',
          })
        },
      })
    } else {
      const w = WIDTH - INDENT - 12
      const size = Math.max(7.5, Math.min(11.5, (w - 2) / (0.6 * chars)))
      const vh = p.height(f.value, w, size, 'Mono')
      blocks.push({
        h: labelH + vh + 12,
        draw: (top) => {
          p.text(label, x, top, { width: WIDTH - INDENT, size: 10.5, font: 'Sans-Bold' })
          const boxTop = top + labelH + 2
          p.doc
            .rect(x, boxTop, WIDTH - INDENT, vh + 6)
            .fillColor(SHADE)
            .fill()
          p.text(f.value, x + 6, boxTop + 3, { width: w, size, font: 'Mono' })
        },
      })
    }
  } else {
    // A choice to select on the device (On, STARTTLS), not text to type: sans-serif, bold.
    const vh = p.height(f.value, valueW, 10.5, 'Sans-Bold')
    blocks.push({
      h: Math.max(labelH, vh) + 4,
      draw: (top) => {
        p.text(label, x, top, { width: labelW - 8, size: 10.5, font: 'Sans-Bold' })
        p.text(f.value, valueX, top, { width: valueW, size: 10.5, font: 'Sans-Bold' })
      },
    })
  }
  if (f.hint) blocks.push(textBlock(p, f.hint, { x: valueX, size: 8, colour: MUTED, gap: 4 }))
  return blocks
}

function whereLine(step: ConfigStep, first: number): string | null {
  if (step.where)
    return `Where: ${step.where.path.join(' > ')}  (catalogue confidence: ${step.where.confidence})`
  if (step.id === 'open-settings')
    return 'Where: not in the catalogue: look for Email, SMTP, Scan to Email or Network > Email in the web page'
  // `first` is 0 when the plan has no step that opens them.
  if (step.id === 'smtp-server' && first > 0)
    return `Where: the email (SMTP) settings opened in step ${first}`
  return null
}

export function stepBlocks(
  p: Pdf,
  job: Job,
  step: ConfigStep,
  n: number,
  first: number,
  ruled = 2,
): Block[] {
  const state = job.checklist[step.id]
  const done = state?.done === true
  const titleX = LEFT + INDENT
  const tagW = 74
  const title = `${n}. ${step.title}`
  // The "[x] done" tag takes room from the title only when it is there.
  const titleW = WIDTH - INDENT - (done ? tagW : 0)
  const titleH = p.height(title, titleW, 12.5, 'Sans-Bold')
  const who = WHO[step.who]
  const where = whereLine(step, first)
  const blocks: Block[] = [
    {
      h: Math.max(titleH, BOX) + 4,
      draw: (top) => {
        tickBox(p, LEFT, top - 1, done)
        p.text(title, titleX, top, { width: titleW, size: 12.5, font: 'Sans-Bold' })
        // Said in words too, so the ticked state reads without colour (and in pdftotext).
        if (done)
          p.text('[x] done', LEFT + WIDTH - tagW, top + 2, {
            width: tagW,
            size: 9,
            font: 'Sans-Bold',
            colour: STATUS_COLOUR.pass,
            align: 'right',
          })
      },
    },
    {
      h: p.height(`${who.label}   ${where ?? ''}`, WIDTH - INDENT, 9, 'Sans') + 4,
      draw: (top) => {
        p.text(who.label, titleX, top, {
          width: WIDTH - INDENT,
          size: 9,
          font: 'Sans-Bold',
          colour: who.colour,
          continued: where !== null,
        })
        if (where)
          p.text(`   ${where}`, titleX, top, { width: WIDTH - INDENT, size: 9, colour: MUTED })
      },
    },
  ]
  if (step.text.trim() !== '') blocks.push(textBlock(p, step.text, { size: 10, gap: 5 }))
  for (const f of step.fields) blocks.push(...fieldBlocks(p, f))
  const note = state?.note.trim() ?? ''
  if (note !== '')
    blocks.push(
      textBlock(p, `Note from the app: ${note}`, {
        size: 10,
        font: 'Sans-Italic',
        colour: '#3d4650',
        gap: 2,
      }),
    )
  if (ruled > 0) blocks.push(ruledLines(p, note !== '' ? Math.max(1, ruled - 1) : ruled))
  blocks.push({ h: 12, draw: () => {} })
  return blocks
}
