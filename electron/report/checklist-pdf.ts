/**
 * The printable checklist (issue 6): the configuration plan of one job on paper, for sites where
 * the laptop cannot stay open next to the device. Same decision and plan as the app's Decision
 * and Configure steps (shared/report/job-derive.ts), so paper and screen never disagree.
 *
 * Made to be read at arm's length and written on: large tick boxes, values in Courier exactly as
 * they are typed, ruled lines under every step. Never a password or a token: the plan holds only
 * a placeholder for the password, and that field is printed as "type it on the device".
 */
import { findFamily } from '../../shared/catalog'
import type { ConfigField, ConfigStep } from '../../shared/configure/plan'
import type { Finding, MethodAssessment, MethodId, WayOut } from '../../shared/decision/types'
import type { Job } from '../../shared/job-types'
import { jobDecision, jobFamily, jobPlan } from '../../shared/report/job-derive'
import { explainReply } from '../../shared/smtp/explain-reply'
import {
  drawFooters,
  formatTime,
  INK,
  LEFT,
  MARGIN,
  MUTED,
  openDocument,
  PAGE,
  type Pdf,
  SHADE,
  STATUS_COLOUR,
  WIDTH,
} from './pdf-kit'

export interface ChecklistPdfOptions {
  generatedAt: string
  appVersion: string
  /** The decision date (YYYY-MM-DD); the Basic-auth timeline depends on it. */
  today?: string
}

// --- what the sheet says ------------------------------------------------------------------------

const WHO: Record<ConfigStep['who'], { label: string; colour: string }> = {
  device: { label: 'AT THE DEVICE', colour: '#0969da' },
  admin: { label: 'TENANT ADMIN', colour: '#8250df' },
  test: { label: 'TEST', colour: '#1a7f37' },
}

const FACT_SOURCE: Record<string, string> = {
  site: 'Site check',
  device: 'Device',
  answers: 'Answer',
  today: 'Date',
  method: 'Method',
}

function factSource(f: Finding): string {
  return FACT_SOURCE[f.fact.split('.')[0] ?? ''] ?? 'Fact'
}

/** The password field carries a placeholder, never a secret; still, paper never repeats it. */
function isPasswordField(f: ConfigField, passwordLabel: string | undefined): boolean {
  return f.label === passwordLabel || /password|passwort|kennwort|mot de passe/i.test(f.label)
}

/** Codes worth knowing by method: what to look for on the device's display or in its log. */
const CODES: Record<MethodId, [code: number, enhanced: string, fallback: string][]> = {
  'client-submission-oauth': [
    [535, '5.7.139', 'SMTP AUTH is off for the tenant or mailbox, or a policy blocks the sign-in'],
    [535, '5.7.3', 'The sign-in was refused'],
    [550, '5.7.60', 'Not allowed to send as this address'],
    [421, '4.7.66', 'TLS 1.0/1.1 refused'],
  ],
  'client-submission-basic': [
    [535, '5.7.139', 'SMTP AUTH is off for the tenant or mailbox, or a policy blocks the sign-in'],
    [535, '5.7.3', 'The sign-in was refused'],
    [550, '5.7.30', 'Basic authentication is retired'],
    [550, '5.7.60', 'Not allowed to send as this address'],
    [421, '4.7.66', 'TLS 1.0/1.1 refused'],
  ],
  'direct-send': [
    [550, '5.7.68', 'The tenant rejects direct send'],
    [550, '5.7.708', 'Traffic not accepted from this IP'],
    [451, '4.4.62', 'Mail sent to the wrong Office 365 region'],
  ],
  'smtp-relay': [
    [550, '5.7.64', 'The relay connector does not match this site'],
    [550, '5.7.708', 'Traffic not accepted from this IP'],
    [451, '4.4.62', 'Mail sent to the wrong Office 365 region'],
  ],
  'high-volume-email': [
    [535, '5.7.3', 'The sign-in was refused'],
    [550, '5.7.60', 'Not allowed to send as this address'],
  ],
}

// --- blocks: measured first, drawn where they fit --------------------------------------------------

/** A piece of the sheet with its height known before it is drawn, so a step is never split badly. */
interface Block {
  h: number
  draw: (top: number) => void
}

const INDENT = 30
const BOX = 17
const LINE_GAP = 21

function placeBlocks(p: Pdf, blocks: readonly Block[], keep: number): void {
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

function textBlock(
  p: Pdf,
  s: string,
  opts: { x?: number; width?: number; size?: number; font?: string; colour?: string; gap?: number },
): Block {
  const x = opts.x ?? LEFT + INDENT
  const width = opts.width ?? WIDTH - (x - LEFT)
  const size = opts.size ?? 10.5
  const font = opts.font ?? 'Helvetica'
  const h = p.height(s, width, size, font) + (opts.gap ?? 3)
  return {
    h,
    draw: (top) => p.text(s, x, top, { width, size, font, colour: opts.colour ?? INK }),
  }
}

function ruledLines(p: Pdf, count: number, x = LEFT + INDENT): Block {
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

function fieldBlocks(p: Pdf, f: ConfigField, passwordLabel: string | undefined): Block[] {
  const x = LEFT + INDENT
  const labelW = 140
  const valueX = x + labelW
  const valueW = LEFT + WIDTH - valueX
  const blocks: Block[] = []
  const label = `${f.label}:`
  const labelH = p.height(label, labelW - 8, 10.5, 'Helvetica-Bold')
  if (isPasswordField(f, passwordLabel)) {
    const v = 'type it on the device (never printed on this sheet)'
    blocks.push({
      h: Math.max(labelH, p.height(v, valueW, 10.5, 'Helvetica-Oblique')) + 4,
      draw: (top) => {
        p.text(label, x, top, { width: labelW - 8, size: 10.5, font: 'Helvetica-Bold' })
        p.text(v, valueX, top, { width: valueW, size: 10.5, font: 'Helvetica-Oblique' })
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
      const vh = p.height(f.value, valueW, beside, 'Courier')
      blocks.push({
        h: Math.max(labelH, vh) + 4,
        draw: (top) => {
          p.text(label, x, top, { width: labelW - 8, size: 10.5, font: 'Helvetica-Bold' })
          p.text(f.value, valueX, top + (11.5 - beside) / 2, {
            width: valueW,
            size: beside,
            font: 'Courier',
          })
        },
      })
    } else {
      const w = WIDTH - INDENT - 12
      const size = Math.max(7.5, Math.min(11.5, (w - 2) / (0.6 * chars)))
      const vh = p.height(f.value, w, size, 'Courier')
      blocks.push({
        h: labelH + vh + 12,
        draw: (top) => {
          p.text(label, x, top, { width: WIDTH - INDENT, size: 10.5, font: 'Helvetica-Bold' })
          const boxTop = top + labelH + 2
          p.doc
            .rect(x, boxTop, WIDTH - INDENT, vh + 6)
            .fillColor(SHADE)
            .fill()
          p.text(f.value, x + 6, boxTop + 3, { width: w, size, font: 'Courier' })
        },
      })
    }
  } else {
    // A choice to select on the device (On, STARTTLS), not text to type: Helvetica, bold.
    const vh = p.height(f.value, valueW, 10.5, 'Helvetica-Bold')
    blocks.push({
      h: Math.max(labelH, vh) + 4,
      draw: (top) => {
        p.text(label, x, top, { width: labelW - 8, size: 10.5, font: 'Helvetica-Bold' })
        p.text(f.value, valueX, top, { width: valueW, size: 10.5, font: 'Helvetica-Bold' })
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
  if (step.id === 'smtp-server') return `Where: the email (SMTP) settings opened in step ${first}`
  return null
}

function stepBlocks(
  p: Pdf,
  job: Job,
  step: ConfigStep,
  n: number,
  first: number,
  passwordLabel: string | undefined,
  ruled = 2,
): Block[] {
  const state = job.checklist[step.id]
  const done = state?.done === true
  const titleX = LEFT + INDENT
  const tagW = 74
  const title = `${n}. ${step.title}`
  // The "[x] done" tag takes room from the title only when it is there.
  const titleW = WIDTH - INDENT - (done ? tagW : 0)
  const titleH = p.height(title, titleW, 12.5, 'Helvetica-Bold')
  const who = WHO[step.who]
  const where = whereLine(step, first)
  const blocks: Block[] = [
    {
      h: Math.max(titleH, BOX) + 4,
      draw: (top) => {
        tickBox(p, LEFT, top - 1, done)
        p.text(title, titleX, top, { width: titleW, size: 12.5, font: 'Helvetica-Bold' })
        // Said in words too, so the ticked state reads without colour (and in pdftotext).
        if (done)
          p.text('[x] done', LEFT + WIDTH - tagW, top + 2, {
            width: tagW,
            size: 9,
            font: 'Helvetica-Bold',
            colour: STATUS_COLOUR.pass,
            align: 'right',
          })
      },
    },
    {
      h: p.height(`${who.label}   ${where ?? ''}`, WIDTH - INDENT, 9, 'Helvetica') + 4,
      draw: (top) => {
        p.text(who.label, titleX, top, {
          width: WIDTH - INDENT,
          size: 9,
          font: 'Helvetica-Bold',
          colour: who.colour,
          continued: where !== null,
        })
        if (where)
          p.text(`   ${where}`, titleX, top, { width: WIDTH - INDENT, size: 9, colour: MUTED })
      },
    },
  ]
  if (step.text.trim() !== '') blocks.push(textBlock(p, step.text, { size: 10, gap: 5 }))
  for (const f of step.fields) blocks.push(...fieldBlocks(p, f, passwordLabel))
  const note = state?.note.trim() ?? ''
  if (note !== '')
    blocks.push(
      textBlock(p, `Note from the app: ${note}`, {
        size: 10,
        font: 'Helvetica-Oblique',
        colour: '#3d4650',
        gap: 2,
      }),
    )
  if (ruled > 0) blocks.push(ruledLines(p, note !== '' ? Math.max(1, ruled - 1) : ruled))
  blocks.push({ h: 12, draw: () => {} })
  return blocks
}

// --- sections ---------------------------------------------------------------------------------------

function header(p: Pdf, job: Job, date: string): void {
  p.text('SCANPATH  |  OFFLINE CHECKLIST', LEFT, MARGIN.top - 14, {
    width: WIDTH / 2,
    size: 8.5,
    font: 'Helvetica-Bold',
    colour: MUTED,
    characterSpacing: 0.6,
  })
  p.text(`Date: ${date}`, LEFT + WIDTH / 2, MARGIN.top - 14, {
    width: WIDTH / 2,
    size: 8.5,
    colour: MUTED,
    align: 'right',
  })
  p.y = MARGIN.top + 4
  p.text(job.customer.trim() || '(no customer yet)', LEFT, p.y, {
    width: WIDTH,
    size: 22,
    font: 'Helvetica-Bold',
  })
  p.text(
    [job.site, job.domain].filter((s) => s.trim() !== '').join('  |  ') || '-',
    LEFT,
    p.y + 1,
    {
      width: WIDTH,
      size: 12,
      colour: MUTED,
    },
  )
  p.y += 10
  const family = job.device.familyId ? findFamily(job.device.familyId) : undefined
  const vendorFamily = job.device.custom
    ? job.device.custom.vendor
    : family
      ? `${family.vendorName} ${family.family}`
      : 'Not picked (generic SMTP device)'
  const dash = (s: string) => (s.trim() === '' ? '-' : s)
  const left: [string, string][] = [
    ['Device', vendorFamily],
    ['Model', dash(job.device.model || job.device.custom?.model || '')],
    ['Firmware', dash(job.device.firmware)],
    ['Address', dash(job.device.address)],
  ]
  const right: [string, string][] = [
    ['Technician', dash(job.technician)],
    ['Contact', dash(job.contact)],
    ['Sender', dash(job.senderAddress)],
    ['Date', date],
  ]
  const colW = (WIDTH - 16) / 2
  const labelW = 70
  const top = p.y
  const column = (rows: [string, string][], x: number): number => {
    let y = top
    for (const [k, v] of rows) {
      p.text(k, x, y, { width: labelW, size: 9.5, colour: MUTED })
      p.text(v, x + labelW, y, { width: colW - labelW, size: 10.5, font: 'Helvetica-Bold' })
      y = Math.max(p.y, y + 14) + 2
    }
    return y
  }
  p.y = Math.max(column(left, LEFT), column(right, LEFT + colW + 16)) + 4
}

function methodBox(p: Pdf, lines: { text: string; bold?: boolean; colour?: string }[]): void {
  const inner = WIDTH - 24
  const h = lines.reduce(
    (s, l) =>
      s + p.height(l.text, inner, l.bold ? 12 : 10, l.bold ? 'Helvetica-Bold' : 'Helvetica') + 3,
    0,
  )
  p.ensure(h + 20)
  const top = p.y
  p.doc
    .rect(LEFT, top, WIDTH, h + 14)
    .fillColor(SHADE)
    .fill()
  p.doc
    .rect(LEFT, top, 4, h + 14)
    .fillColor('#0969da')
    .fill()
  let y = top + 7
  for (const l of lines) {
    y =
      p.text(l.text, LEFT + 14, y, {
        width: inner,
        size: l.bold ? 12 : 10,
        font: l.bold ? 'Helvetica-Bold' : 'Helvetica',
        colour: l.colour ?? INK,
      }) + 3
  }
  p.y = top + h + 22
}

function blockersSection(p: Pdf, ranked: readonly MethodAssessment[]): void {
  p.heading(
    'Why no method fits yet',
    'Every Microsoft 365 sending method is blocked by what is known now. Change one of these facts (open a port, confirm what the device can do, answer a question differently) and the app will pick a method.',
  )
  for (const m of ranked) {
    p.paragraph(m.title, { font: 'Helvetica-Bold', size: 11 })
    p.bullets(
      m.blockers.map((b) => `${factSource(b)}: ${b.text}`),
      { size: 10 },
    )
    p.y += 4
  }
}

/** When nothing fits: what gets mail flowing instead, best first, with what each takes. */
function waysOutSection(p: Pdf, ways: readonly WayOut[]): void {
  if (ways.length === 0) return
  p.heading(
    'Ways out',
    'What gets the mail flowing instead, best first for this site. Agree one with the customer before changing anything.',
  )
  ways.forEach((w, i) => {
    p.paragraph(`${i + 1}. ${w.title}`, { font: 'Helvetica-Bold', size: 11 })
    p.paragraph(w.why, { size: 10 })
    p.bullets(w.takes, { size: 10 })
    if (w.caveats.length > 0) p.bullets(w.caveats, { size: 9, colour: MUTED })
    p.paragraph(`Sources (${w.confidence} confidence): ${w.sources.join('  ')}`, {
      size: 8.5,
      colour: MUTED,
    })
    p.y += 4
  })
}

function pitfallsSection(p: Pdf, job: Job): void {
  const f = jobFamily(job)
  if (f.pitfalls.length === 0) return
  p.heading(
    `Known pitfalls of ${f.vendorName} ${f.family}`,
    'From the catalogue; the confidence says how sure it is.',
  )
  p.bullets(
    f.pitfalls.map((x) => `${x.text} (confidence: ${x.confidence})`),
    { size: 10 },
  )
}

function verifySection(
  p: Pdf,
  job: Job,
  method: MethodId,
  test: ConfigStep | undefined,
  n: number,
): void {
  // The form below takes the place of the test step's ruled lines.
  const blocks = test ? stepBlocks(p, job, test, n, 1, undefined, 0) : []
  // The heading never ends a page alone: it goes with the test step.
  p.ensure(70 + blocks.reduce((s, b) => s + b.h, 0))
  p.heading(
    'Verify',
    'Send a test and write down what happened: the error code is what the office and the tenant admin need.',
  )
  placeBlocks(p, blocks, 3)
  const rows = [
    'Date and time of the test',
    'Sent to (address)',
    'Arrived? (inbox / junk / not at all)',
    'Error code on the device or in its log (e.g. 550 5.7.60)',
    'Error text, as shown',
  ]
  const labelW = 190
  p.ensure(rows.length * 26 + 10)
  for (const r of rows) {
    const top = p.y
    p.text(r, LEFT, top + 8, { width: labelW - 8, size: 9.5, font: 'Helvetica-Bold' })
    const base = Math.max(p.y, top + 22)
    p.doc
      .moveTo(LEFT + labelW, base)
      .lineTo(LEFT + WIDTH, base)
      .lineWidth(0.6)
      .strokeColor('#b8c0c8')
      .stroke()
    p.y = base + 4
  }
  p.y += 8
  const codes = CODES[method]
  p.ensure(40 + codes.length * 16)
  p.paragraph('Codes you may see with this method', { font: 'Helvetica-Bold', size: 10.5 })
  for (const [code, enhanced, fallback] of codes) {
    const title = explainReply(code, enhanced, '')?.gateTitle ?? fallback
    const top = p.y
    p.text(`${code} ${enhanced}`, LEFT + 4, top, { width: 90, size: 10, font: 'Courier' })
    p.text(title, LEFT + 96, top, { width: WIDTH - 96, size: 10 })
    p.y += 2
  }
  p.paragraph(
    'Back online, enter the code in the Verify step of ScanPath: it explains the reply and what to change.',
    { size: 9, colour: MUTED },
  )
}

function notesSection(p: Pdf): void {
  p.heading('Notes')
  placeBlocks(p, [ruledLines(p, 6, LEFT)], 1)
}

// --- the document ------------------------------------------------------------------------------------

export async function renderChecklistPdf(job: Job, opts: ChecklistPdfOptions): Promise<Buffer> {
  const date = opts.today ?? opts.generatedAt.slice(0, 10)
  const jd = jobDecision(job, date)
  const ranked = jd.decision.ranked
  const family = jobFamily(job)
  const passwordLabel =
    family.fieldNames.value !== 'unknown' ? family.fieldNames.value.password : undefined
  const who = job.customer.trim() || job.id
  const { p, done } = openDocument({
    title: `ScanPath checklist - ${who}`,
    author: job.technician || 'ScanPath',
    subject: `${job.site} ${job.domain}`.trim(),
    creator: `ScanPath ${opts.appVersion}`,
    createdAt: opts.generatedAt,
  })

  header(p, job, date)
  const chosen = jd.method ? ranked.find((m) => m.method === jd.method) : undefined
  if (!jd.method || !chosen) {
    methodBox(p, [
      { text: 'No sending method fits this site yet', bold: true, colour: STATUS_COLOUR.fail },
      {
        text: jd.decision.waysOut[0]
          ? `Nothing to configure until a blocker is removed or a way out is taken (best here: ${jd.decision.waysOut[0].title}).`
          : 'Nothing to configure until one of the blockers below is removed.',
      },
    ])
    waysOutSection(p, jd.decision.waysOut)
    blockersSection(p, ranked)
    pitfallsSection(p, job)
    notesSection(p)
  } else {
    const plan = jobPlan(job, chosen)
    const steps = plan.filter((s) => s.id !== 'pitfalls' && s.id !== 'test-send')
    const test = plan.find((s) => s.id === 'test-send')
    // Why, in one line: as many of the decision's reasons as fit (always the first).
    let why = chosen.reasons[0]?.text ?? jd.decision.summary
    for (const r of chosen.reasons.slice(1)) {
      const longer = `${why} ${r.text}`
      if (p.height(`Why: ${longer}`, WIDTH - 24, 10) > p.height('Why:', WIDTH - 24, 10)) break
      why = longer
    }
    const lines: { text: string; bold?: boolean; colour?: string }[] = [
      {
        text: `Method: ${chosen.title}${job.method === jd.method ? '  (chosen by the technician)' : ''}`,
        bold: true,
      },
      { text: `Why: ${why}` },
    ]
    if (jd.pickBlocked)
      lines.push({
        text: `The method picked in the app, ${jd.pickBlocked.title}, is blocked now (${jd.pickBlocked.blockers.map((b) => b.text).join(' ')}): these are the steps of ScanPath's recommendation instead.`,
        colour: STATUS_COLOUR.fail,
      })
    else if (job.method === null)
      lines.push({
        text: "No method chosen yet: these are the steps of ScanPath's recommendation. Confirm it in the Decision step when the laptop is back.",
        colour: STATUS_COLOUR.warn,
      })
    methodBox(p, lines)
    const items = test ? [...steps, test] : steps
    const ticked = items.filter((s) => job.checklist[s.id]?.done).length
    p.heading(
      'Configuration steps',
      `${ticked} of ${items.length} steps already ticked in the app (crossed boxes). Tick each box as you go and write what you see on the lines.`,
    )
    steps.forEach((s, i) => placeBlocks(p, stepBlocks(p, job, s, i + 1, 1, passwordLabel), 3))
    pitfallsSection(p, job)
    verifySection(p, job, jd.method, test, steps.length + 1)
  }

  drawFooters(
    p,
    `Generated ${formatTime(opts.generatedAt)} by ScanPath ${opts.appVersion}  |  Checklist for ${who}`,
  )
  p.doc.end()
  return done
}
