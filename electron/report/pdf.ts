/**
 * The job report as a PDF for people: the office, the customer, the tenant admin. Made with pdfkit
 * (pure JS), so the app, the CLI and the tests all make it under plain Node; no Electron import.
 *
 * Page 1 answers "is it done?": the verdict, the customer, site and device, the method and why,
 * and the values typed on the device. Then the evidence: the checks, their timing, the admin's
 * instructions, the checklist, the server replies explained and every open issue.
 *
 * Only pdfkit's built-in fonts (Helvetica, Courier): nothing to embed or ship. They are WinAnsi
 * encoded, so every string goes through `pdfSafe` first, or a '≥' would print as garbage.
 */
import { CAPTURE_METHOD_SHORT, CAPTURE_STATUS_TEXT } from '../../shared/capture-record'
import type { CaptureVerdictStatus } from '../../shared/capture-types'
import type { ProbeStatus } from '../../shared/probe-types'
import type {
  JobReport,
  ReportCheck,
  ReportMethodOption,
  VerdictStatus,
} from '../../shared/report/report-model'
import {
  BOTTOM,
  drawFooters,
  formatTime,
  INK,
  LEFT,
  MARGIN,
  MUTED,
  openDocument,
  pdfSafe,
  type Pdf,
  RULE,
  STATUS_COLOUR,
  WIDTH,
} from './pdf-kit'

// The report's tests and callers import these from here.
export { formatTime, pdfSafe }

// --- report colours ------------------------------------------------------------------------------

const VERDICT: Record<
  VerdictStatus,
  { label: string; colour: string; tint: string; symbol: ProbeStatus | 'unknown' }
> = {
  ready: { label: 'READY', colour: '#1a7f37', tint: '#e6f4ea', symbol: 'pass' },
  'needs-attention': {
    label: 'NEEDS ATTENTION',
    colour: '#9a6700',
    tint: '#fff5d6',
    symbol: 'warn',
  },
  blocked: { label: 'BLOCKED', colour: '#cf222e', tint: '#fde8ea', symbol: 'fail' },
  'not-checked': { label: 'NOT CHECKED', colour: '#57606a', tint: '#eef0f2', symbol: 'unknown' },
}

/** One colour per phase name, the same on every row (the legend names them). */
const PHASE_COLOURS = [
  '#6e40c9',
  '#0969da',
  '#1b7c83',
  '#4d8f29',
  '#bf8700',
  '#bc4c00',
  '#cf222e',
  '#8c959f',
]
const KNOWN_PHASES = ['dns', 'connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo-tls', 'total']
const EXTRA_COLOURS = ['#e85aad', '#2da44e', '#54aeff', '#953800', '#a475f9', '#116329', '#d4a72c']

function phaseBase(name: string): string {
  return name.replace(/ \(IPv[46]\)$/, '')
}

/**
 * The SMTP phases keep fixed colours; any other phase name takes the next colour not used yet in
 * this chart, so no two legend entries look alike.
 */
function phaseColours(names: readonly string[]): Map<string, string> {
  const map = new Map<string, string>()
  const free = [...EXTRA_COLOURS]
  for (const n of names) {
    const i = KNOWN_PHASES.indexOf(n)
    map.set(n, i >= 0 ? (PHASE_COLOURS[i] ?? INK) : (free.shift() ?? MUTED))
  }
  return map
}

// --- small formatting helpers -----------------------------------------------------------------------

function ms(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function orDash(s: string): string {
  return s.trim() === '' ? '-' : s
}

// --- sections ----------------------------------------------------------------------------------------

function statusWord(s: ProbeStatus): string {
  return s.toUpperCase()
}

function titlePage(p: Pdf, report: JobReport): void {
  const { job, device } = report
  p.text('SCANPATH  |  JOB REPORT', LEFT, MARGIN.top - 14, {
    width: WIDTH / 2,
    size: 8.5,
    font: 'Helvetica-Bold',
    colour: MUTED,
    characterSpacing: 0.6,
  })
  p.text(`Generated ${formatTime(report.generatedAt)}`, LEFT + WIDTH / 2, MARGIN.top - 14, {
    width: WIDTH / 2,
    size: 8.5,
    colour: MUTED,
    align: 'right',
  })
  p.y = MARGIN.top + 4
  p.text(orDash(job.customer), LEFT, p.y, { width: WIDTH, size: 22, font: 'Helvetica-Bold' })
  p.text(
    [job.site, job.domain].filter((s) => s.trim() !== '').join('  |  ') || '-',
    LEFT,
    p.y + 1,
    { width: WIDTH, size: 12, colour: MUTED },
  )
  p.y += 12
  verdictBox(p, report)
  factsGrid(p, report, device)
  methodSection(p, report)
  settingsSection(p, report)
}

function verdictBox(p: Pdf, report: JobReport): void {
  const v = VERDICT[report.verdict.status]
  const issues = report.openIssues.slice(0, 3)
  const more = report.openIssues.length - issues.length
  const lines = [
    ...issues.map((i) => i.text),
    ...(more > 0 ? [`… and ${more} more (see "Open issues").`] : []),
  ]
  const inner = WIDTH - 56
  const headlineH = p.height(report.verdict.headline, inner, 12, 'Helvetica-Bold')
  const linesH = lines.reduce((s, l) => s + p.height(l, inner - 12, 9.5) + 2, 0)
  const h = 14 + 26 + headlineH + (lines.length ? linesH + 6 : 0) + 10
  const top = p.y
  const d = p.doc
  d.roundedRect(LEFT, top, WIDTH, h, 6).fillColor(v.tint).fill()
  d.rect(LEFT, top, 6, h).fillColor(v.colour).fill()
  p.statusMark(v.symbol, LEFT + 20, top + 14, 11)
  p.text(v.label, LEFT + 48, top + 14, {
    width: inner,
    size: 22,
    font: 'Helvetica-Bold',
    colour: v.colour,
    characterSpacing: 0.5,
  })
  p.text(report.verdict.headline, LEFT + 48, top + 14 + 28, {
    width: inner,
    size: 12,
    font: 'Helvetica-Bold',
  })
  let y = p.y + 4
  for (const l of lines) {
    p.text('•', LEFT + 50, y, { width: 10, size: 9.5 })
    p.text(l, LEFT + 60, y, { width: inner - 12, size: 9.5 })
    y = p.y + 2
  }
  p.y = top + h + 10
}

function factsGrid(p: Pdf, report: JobReport, device: JobReport['device']): void {
  const { job } = report
  const deviceName = [device.familyName, device.model].filter((s) => s.trim() !== '').join(' - ')
  const left: [string, string][] = [
    ['Customer', job.customer],
    ['Site', job.site],
    ['Mail domain', job.domain],
    ['Contact', job.contact],
    ['Technician', report.technician],
    ['Sender address', job.senderAddress],
  ]
  const right: [string, string][] = [
    ['Device', deviceName],
    ['Firmware', device.firmware],
    ['Address', device.address],
    ['Serial', device.serial],
    ['Site checks run', formatTime(report.timestamps.checksStartedAt)],
    ['Job last saved', formatTime(report.timestamps.jobUpdatedAt)],
  ]
  const colW = (WIDTH - 16) / 2
  const labelW = 86
  const top = p.y
  const column = (rows: [string, string][], x: number): number => {
    let y = top
    for (const [k, v] of rows) {
      p.text(k, x, y, { width: labelW, size: 9, colour: MUTED })
      p.text(orDash(v), x + labelW, y, { width: colW - labelW, size: 9.5 })
      y = Math.max(p.y, y + 13) + 2
    }
    return y
  }
  const end = Math.max(column(left, LEFT), column(right, LEFT + colW + 16))
  p.y = end + 2
}

function findingTexts(list: ReportMethodOption['reasons']): string[] {
  return list.map((f) => f.text)
}

function methodSection(p: Pdf, report: JobReport): void {
  const m = report.method
  p.heading('Sending method')
  if (!m.chosen) {
    p.paragraph('No Microsoft 365 sending method can work here with what is known now.', {
      font: 'Helvetica-Bold',
    })
    const closest = m.pickBlocked ?? m.alternatives[0]
    if (closest) {
      p.paragraph(`Closest: ${closest.title}. Blocked by:`)
      p.bullets(findingTexts(closest.blockers))
    }
    const ways = m.waysOut ?? []
    if (ways.length > 0) {
      p.paragraph('Next: a way out, best first for this site (what each takes: see Ways out).', {
        font: 'Helvetica-Bold',
      })
      p.bullets(ways.map((w, i) => `${i + 1}. ${w.title}`))
    }
    return
  }
  const by =
    m.chosen.source === 'technician' ? 'chosen by the technician' : 'recommended by ScanPath'
  p.ensure(40)
  const top = p.y
  p.text(m.chosen.title, LEFT, top, {
    width: WIDTH,
    size: 12.5,
    font: 'Helvetica-Bold',
    continued: true,
  })
  p.text(`   (${by})`, LEFT, top, { width: WIDTH, size: 10, colour: MUTED })
  p.y += 4
  // Side by side, so the device settings still fit on the first page.
  const colW = (WIDTH - 18) / 2
  const column = (title: string, items: readonly string[], x: number, top: number): number => {
    if (items.length === 0) return top
    p.text(title, x, top, { width: colW, size: 9.5, font: 'Helvetica-Bold' })
    let y = p.y + 1
    for (const item of items) {
      p.text('•', x + 1, y, { width: 8, size: 9 })
      p.text(item, x + 10, y, { width: colW - 10, size: 9 })
      y = p.y + 1.5
    }
    return y
  }
  const top2 = p.y
  const why = findingTexts(m.chosen.reasons)
  const watch = findingTexts(m.chosen.warnings)
  const end = Math.max(
    column('Why this method', why, LEFT, top2),
    column('Watch out for', watch, why.length ? LEFT + colW + 18 : LEFT, top2),
  )
  p.y = end + 2
  if (m.pickBlocked)
    p.paragraph(
      `The technician picked ${m.pickBlocked.title}, which is blocked now: ${findingTexts(m.pickBlocked.blockers).join(' ')}`,
      { size: 9.5, colour: STATUS_COLOUR.fail },
    )
}

function settingsSection(p: Pdf, report: JobReport): void {
  if (report.settings.length === 0) return
  p.heading(
    'Settings on the device',
    "Enter these values in the device's email (SMTP) settings. Passwords are never written in a report.",
  )
  p.table(
    [
      { header: 'SETTING', width: 27 },
      { header: 'VALUE TO ENTER', width: 73 },
    ],
    report.settings.map((s) => [
      { text: s.label, font: 'Helvetica-Bold' },
      { text: s.value, font: 'Courier', ...(s.hint ? { sub: s.hint } : {}) },
    ]),
  )
}

function checksSection(p: Pdf, report: JobReport): void {
  const run = report.checks
  p.heading(
    'Site checks',
    run
      ? `Run from the site's network on ${formatTime(run.startedAt)} in ${ms(run.durationMs)}: ${run.summary.pass} passed, ${plural(run.summary.warn, 'warning')}, ${run.summary.fail} failed, ${run.summary.skip} skipped.${run.offline ? ' The laptop had no internet access: nothing could be confirmed.' : ''}${run.cancelled ? ' The run was cancelled before it finished.' : ''}`
      : 'The site checks were not run for this job.',
  )
  if (!run || run.items.length === 0) return
  p.table(
    [
      { header: 'STATUS', width: 13 },
      { header: 'CHECK', width: 28 },
      { header: 'RESULT AND WHAT TO DO', width: 49 },
      { header: 'TIME', width: 10 },
    ],
    run.items.map((c) => [
      {
        text: statusWord(c.status),
        status: c.status,
        font: 'Helvetica-Bold',
        colour: STATUS_COLOUR[c.status],
      },
      { text: c.title, font: 'Helvetica-Bold' },
      { text: c.fix ? `${c.explanation}\nFix: ${c.fix}` : c.explanation },
      { text: c.status === 'skip' && c.durationMs === 0 ? '-' : ms(c.durationMs) },
    ]),
    { size: 9 },
  )
}

/** A step (1, 2, 2.5 × 10^n) that gives about `target` ticks over `span`. */
function niceStep(span: number, target: number): number {
  const raw = span / target
  const pow = 10 ** Math.floor(Math.log10(raw))
  const f = raw / pow
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * pow
}

function timingChart(p: Pdf, report: JobReport): void {
  const items = report.checks?.items.filter((c) => c.durationMs > 0 || c.phases.length > 0) ?? []
  if (items.length === 0) return
  // The heading goes with the chart: the whole chart on one page when it can fit on one.
  const rowH = 15
  const chartH = 12 + rowH * items.length + 40
  const fitsOnePage = chartH + 50 <= BOTTOM - MARGIN.top
  p.ensure(fitsOnePage ? chartH + 50 : 120)
  p.heading(
    'Check timing',
    "When each check ran and how long each step took, on the run's time scale (0 = the run started). Long bars show where the network was slow.",
  )
  const offset = (c: ReportCheck) => c.startMs ?? 0
  const ends = items.map(
    (c) => offset(c) + Math.max(c.durationMs, ...c.phases.map((ph) => ph.startMs + ph.durationMs)),
  )
  const scale = Math.max(1, report.checks?.durationMs ?? 0, ...ends)
  const labelW = 168
  const durW = 46
  const chartX = LEFT + labelW
  const chartW = WIDTH - labelW - durW
  const step = niceStep(scale, 5)
  const x = (t: number) => chartX + (Math.min(t, scale) / scale) * chartW
  const d = p.doc
  const names: string[] = []
  for (const c of items)
    for (const ph of c.phases.length ? c.phases : [{ name: 'total' }])
      if (!names.includes(phaseBase(ph.name))) names.push(phaseBase(ph.name))
  const colours = phaseColours(names)
  const colourOf = (name: string) => colours.get(phaseBase(name)) ?? MUTED

  const axis = () => {
    const top = p.y
    for (let t = 0; t <= scale + 1e-9; t += step) {
      p.text(ms(t), x(t) - 20, top, {
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
    for (let t = 0; t <= scale + 1e-9; t += step)
      d.moveTo(x(t), top).lineTo(x(t), bottom).lineWidth(0.4).strokeColor(RULE).stroke()
  }

  p.ensure(fitsOnePage ? chartH : 12 + rowH * 6)
  axis()
  let gridTop = p.y
  for (const c of items) {
    if (p.y + rowH > BOTTOM - 30) {
      grid(gridTop, p.y)
      d.addPage()
      p.y = MARGIN.top
      axis()
      gridTop = p.y
    }
    const top = p.y
    p.statusMark(c.status, LEFT, top + 3, 4)
    p.text(c.title, LEFT + 12, top + 3, {
      width: labelW - 16,
      size: 8,
      lineBreak: false,
      ellipsis: true,
      height: rowH,
    })
    const phases = c.phases.length
      ? c.phases
      : [{ name: 'total', startMs: 0, durationMs: c.durationMs }]
    for (const ph of phases) {
      const start = offset(c) + Math.max(0, ph.startMs)
      const x0 = x(start)
      const w = Math.max(1.2, x(start + Math.max(0, ph.durationMs)) - x0)
      d.rect(x0, top + 3, w, rowH - 6)
        .fillColor(colourOf(ph.name))
        .fill()
    }
    p.text(ms(c.durationMs), LEFT + WIDTH - durW + 4, top + 3, {
      width: durW - 4,
      size: 8,
      colour: MUTED,
      align: 'right',
      lineBreak: false,
    })
    p.y = top + rowH
  }
  grid(gridTop, p.y)
  // Legend: colours name the phases, so the chart also reads in greyscale with the names.
  p.y += 6
  p.ensure(16)
  const legendTop = p.y
  let lx = chartX
  let ly = p.y
  for (const n of names) {
    d.font('Helvetica').fontSize(8)
    const w = 12 + d.widthOfString(pdfSafe(n)) + 12
    if (lx + w > LEFT + WIDTH) {
      lx = chartX
      ly += 12
    }
    d.rect(lx, ly + 1, 8, 7)
      .fillColor(colourOf(n))
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

function adminSection(p: Pdf, report: JobReport): void {
  const a = report.admin
  const spf = a.spf
  const hasSpf = spf.recordToPublish !== null || spf.suggestedRecord !== null
  if (a.steps.length === 0 && !hasSpf) return
  p.heading(
    'Instructions for the tenant admin',
    'Hand this page to whoever manages the Microsoft 365 tenant and the DNS of the domain.',
  )
  if (hasSpf) {
    const record = spf.recordToPublish ?? spf.suggestedRecord ?? ''
    p.paragraph(`SPF record for ${spf.domain} (one TXT record; it replaces the existing one)`, {
      font: 'Helvetica-Bold',
    })
    p.code(record)
    if (spf.currentRecord) {
      p.paragraph('Published now:', { size: 9, colour: MUTED })
      p.code(spf.currentRecord)
    }
    if (spf.recordToPublish === null)
      p.paragraph(
        'The chosen method does not depend on SPF, but mail from this site fails SPF for the domain as it is.',
        { size: 9, colour: MUTED },
      )
  }
  if (a.connector) {
    p.paragraph('Inbound connector (Exchange admin center > Mail flow > Connectors)', {
      font: 'Helvetica-Bold',
    })
    p.table(
      [
        { header: 'SETTING', width: 30 },
        { header: 'VALUE', width: 70 },
      ],
      a.connector.map((f) => [{ text: f.label, font: 'Helvetica-Bold' }, { text: f.value }]),
    )
  }
  for (const s of a.steps) {
    if (s.id === 'admin-spf' || s.id === 'admin-connector') continue
    p.paragraph(s.title, { font: 'Helvetica-Bold' })
    if (s.where) p.paragraph(`Where: ${s.where.join(' > ')}`, { size: 9, colour: MUTED })
    p.paragraph(s.text, { size: 9.5 })
    for (const f of s.fields)
      if (f.label !== 'PowerShell') p.paragraph(`${f.label}: ${f.value}`, { size: 9.5 })
  }
  if (a.powershell.length) {
    p.paragraph('Exchange Online PowerShell', { font: 'Helvetica-Bold' })
    p.code(a.powershell.join('\n'))
  }
}

function checklistSection(p: Pdf, report: JobReport): void {
  if (report.checklist.length === 0) return
  const done = report.checklist.filter((c) => c.inPlan && c.done).length
  const total = report.checklist.filter((c) => c.inPlan).length
  p.heading('Configuration checklist', `${done} of ${total} steps done.`)
  const who = { device: 'Device', admin: 'Tenant admin', test: 'Test', unknown: 'Earlier plan' }
  p.table(
    [
      { header: 'DONE', width: 13 },
      { header: 'STEP', width: 45 },
      { header: 'BY', width: 13 },
      { header: 'NOTE', width: 29 },
    ],
    report.checklist.map((c) => [
      { text: c.done ? 'Done' : 'Open', tick: c.done, colour: c.done ? STATUS_COLOUR.pass : MUTED },
      { text: c.title },
      { text: who[c.who], colour: MUTED },
      { text: c.note, font: 'Helvetica-Oblique' },
    ]),
  )
}

function repliesSection(p: Pdf, report: JobReport): void {
  if (report.replies.length === 0) return
  p.heading(
    'Exchange Online replies',
    'Every refusal a server sent during the checks, and what it means.',
  )
  for (const r of report.replies) {
    const code = `${r.code}${r.enhanced ? ` ${r.enhanced}` : ''}`
    p.ensure(70)
    p.paragraph(
      `${code}  ${r.gateTitle}${r.expected ? '  (expected: the check wanted this refusal)' : ''}`,
      {
        font: 'Helvetica-Bold',
      },
    )
    p.code(`${code} ${r.text}`)
    p.paragraph(`Meaning: ${r.meaning}`, { size: 9.5 })
    if (!r.expected) p.paragraph(`Fix: ${r.fix}`, { size: 9.5 })
    if (!r.expected && r.powershell) p.code(r.powershell)
    p.paragraph(`Seen in: ${r.checkIds.join(', ')}. Source: ${r.source}`, {
      size: 8,
      colour: MUTED,
    })
    p.y += 4
  }
}

/** How a capture verdict is marked in the PDF (its words are CAPTURE_STATUS_TEXT). */
const CAPTURE_MARK: Record<CaptureVerdictStatus, ProbeStatus> = {
  ok: 'pass',
  warn: 'warn',
  fail: 'fail',
  unknown: 'skip',
}

/** What the device did when pointed at the laptop (Verify step), newest first. */
function capturesSection(p: Pdf, report: JobReport): void {
  const captures = report.captures ?? []
  if (captures.length === 0) return
  p.heading(
    'What the device did (capture)',
    'The device sent a test message to this laptop; what it negotiated, against what Microsoft 365 needs.',
  )
  for (const c of [...captures].reverse()) {
    p.ensure(60)
    p.paragraph(`${formatTime(c.at)}  from ${c.deviceAddress}`, { font: 'Helvetica-Bold' })
    p.paragraph(c.summary, { size: 9.5 })
    const tls = c.tlsProtocol
      ? `${c.tlsProtocol}${c.tlsCipher ? ` (${c.tlsCipher})` : ''}`
      : 'no TLS'
    const transport = {
      plaintext: 'no encryption',
      starttls: 'STARTTLS',
      'implicit-tls': 'SSL/TLS',
    }
    p.paragraph(
      `EHLO ${c.ehloName ?? '-'};  ${transport[c.transport]};  ${tls};  sign-in ${c.authMechanisms.join(', ') || 'none'}${c.username ? ` as ${c.username}` : ''}`,
      { size: 9, colour: MUTED },
    )
    p.table(
      [
        { header: 'METHOD', width: 30 },
        { header: 'VERDICT', width: 14 },
        { header: 'WHAT WAS SEEN', width: 56 },
      ],
      c.verdicts.map((v) => [
        { text: CAPTURE_METHOD_SHORT[v.method], font: 'Helvetica-Bold' },
        { text: CAPTURE_STATUS_TEXT[v.status], status: CAPTURE_MARK[v.status] },
        { text: v.findings.join('\n') || '-' },
      ]),
      { size: 9 },
    )
    p.y += 4
  }
}

function issuesSection(p: Pdf, report: JobReport): void {
  p.heading('Open issues')
  if (report.openIssues.length === 0) {
    p.paragraph('None: nothing is left to do.')
    return
  }
  for (const i of report.openIssues) {
    const status: ProbeStatus =
      i.kind === 'check-warning' || i.kind === 'step-open' || i.kind === 'capture-warning'
        ? 'warn'
        : 'fail'
    const text = i.fix ? `${i.text}\nWhat to do: ${i.fix}` : i.text
    const h = p.height(text, WIDTH - 16, 9.5)
    p.ensure(h + 4)
    const top = p.y
    p.statusMark(status, LEFT, top + 1, 4.5)
    p.text(text, LEFT + 16, top, { width: WIDTH - 16, size: 9.5 })
    p.y += 4
  }
}

/** When no method fits: each way out with why, what it takes, what to know, and its sources. */
function waysOutSection(p: Pdf, report: JobReport): void {
  const ways = report.method.waysOut ?? []
  if (report.method.chosen || ways.length === 0) return
  p.heading(
    'Ways out',
    'No Microsoft 365 method fits as things stand. Each of these gets the mail flowing instead, best first for this site.',
  )
  ways.forEach((w, i) => {
    p.ensure(60)
    p.paragraph(`${i + 1}. ${w.title}`, { font: 'Helvetica-Bold', size: 10.5 })
    p.paragraph(w.why, { size: 9.5 })
    p.paragraph('What it takes:', { size: 9.5, font: 'Helvetica-Bold' })
    p.bullets(w.takes, { size: 9.5 })
    if (w.caveats.length > 0) {
      p.paragraph('Know before choosing it:', { size: 9.5, font: 'Helvetica-Bold' })
      p.bullets(w.caveats, { size: 9.5 })
    }
    p.paragraph(`Sources (${w.confidence} confidence): ${w.sources.join('  ')}`, {
      size: 8.5,
      colour: MUTED,
    })
    p.y += 4
  })
}

function alternativesSection(p: Pdf, report: JobReport): void {
  if (report.method.alternatives.length === 0) return
  const m = report.method
  const recTitle = [m.chosen, ...m.alternatives].find((a) => a && a.id === m.recommended)?.title
  p.heading(
    'Other methods considered',
    recTitle ? `ScanPath's recommendation for this site: ${recTitle}.` : undefined,
  )
  p.table(
    [
      { header: 'METHOD', width: 34 },
      { header: 'WORKS HERE', width: 14 },
      { header: 'BLOCKED BY / TO CHECK', width: 52 },
    ],
    report.method.alternatives.map((a) => [
      { text: a.title, font: 'Helvetica-Bold' },
      { text: a.viable ? 'Yes' : 'No', status: a.viable ? 'pass' : 'fail' },
      {
        text: (a.viable ? a.warnings : a.blockers).map((f) => f.text).join('\n') || '-',
      },
    ]),
    { size: 9 },
  )
}

function footers(p: Pdf, report: JobReport): void {
  const who = report.job.customer.trim() || report.job.id
  drawFooters(
    p,
    `ScanPath ${report.appVersion}  |  Job report for ${who}  |  Generated ${formatTime(report.generatedAt)}`,
  )
}

// --- the document ------------------------------------------------------------------------------------

export async function renderReportPdf(report: JobReport): Promise<Buffer> {
  const { p, done } = openDocument({
    title: `ScanPath job report - ${report.job.customer || report.job.id}`,
    author: report.technician || 'ScanPath',
    subject: `${report.job.site} ${report.job.domain}`.trim(),
    creator: `ScanPath ${report.appVersion}`,
    // From the report, not the clock: the same report makes the same dates.
    createdAt: report.generatedAt,
  })
  const doc = p.doc
  titlePage(p, report)
  // The evidence starts on a fresh page, unless page 1 already ran over onto one.
  if (doc.bufferedPageRange().count === 1) {
    doc.addPage()
    p.y = MARGIN.top
  }
  checksSection(p, report)
  timingChart(p, report)
  adminSection(p, report)
  checklistSection(p, report)
  repliesSection(p, report)
  capturesSection(p, report)
  issuesSection(p, report)
  waysOutSection(p, report)
  alternativesSection(p, report)
  footers(p, report)
  doc.end()
  return done
}
