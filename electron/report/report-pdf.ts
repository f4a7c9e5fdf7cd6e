/**
 * The job report as a PDF for people: the office, the customer, the tenant admin. Made with pdfkit
 * (pure JS), so the app, the CLI and the tests all make it under plain Node; no Electron import.
 *
 * Page 1 answers "is it done?": the verdict, the customer, site and device, the method and why,
 * and the values typed on the device. Then the evidence (report-pdf-sections.ts): the checks,
 * their timing, the admin's instructions, the checklist, the server replies explained and every
 * open issue.
 */
import type { ProbeStatus } from '../../shared/probe-types'
import { countedIssues, verdictHeadlineBody } from '../../shared/report/report-issues'
import type { JobReport, ReportMethodOption, VerdictStatus } from '../../shared/report/report-model'
import { drawFooters, openDocument } from './pdf-document'
import { type Fact, LEFT, MARGIN, MUTED, type Pdf, STATUS_COLOUR, WIDTH } from './pdf-kit'
import { siteRelayLines } from '../../shared/report/site-relay-report'
import { formatUtcTime } from '../../shared/report/utc-time'
import {
  adminSection,
  alternativesSection,
  capturesSection,
  checklistSection,
  checksSection,
  issuesSection,
  repliesSection,
} from './report-pdf-sections'
import { timingChart } from './timing-chart-pdf'
import { drawWaysOut, REPORT_WAYS_OUT } from './ways-out-pdf'

// --- the first page ----------------------------------------------------------------------------------

/** How each verdict is set in the box at the top of page 1. */
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

function orDash(s: string): string {
  return s.trim() === '' ? '-' : s
}

function titlePage(p: Pdf, report: JobReport): void {
  const { job, device } = report
  p.text('SCANPATH  |  JOB REPORT', LEFT, MARGIN.top - 14, {
    width: WIDTH / 2,
    size: 8.5,
    font: 'Sans-Bold',
    colour: MUTED,
    characterSpacing: 0.6,
  })
  p.text(`Generated ${formatUtcTime(report.generatedAt)}`, LEFT + WIDTH / 2, MARGIN.top - 14, {
    width: WIDTH / 2,
    size: 8.5,
    colour: MUTED,
    align: 'right',
  })
  p.y = MARGIN.top + 4
  p.text(orDash(job.customer), LEFT, p.y, { width: WIDTH, size: 22, font: 'Sans-Bold' })
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

/**
 * The verdict's label, then its headline without the label (it would read twice), then the first
 * issues it counts: one that cannot affect the chosen method waits in "Open issues".
 */
function verdictBox(p: Pdf, report: JobReport): void {
  const v = VERDICT[report.verdict.status]
  const headline = verdictHeadlineBody(report.verdict)
  const counted = countedIssues(report.openIssues)
  const issues = counted.slice(0, 3)
  const more = counted.length - issues.length
  const lines = [
    ...issues.map((i) => i.text),
    ...(more > 0 ? [`… and ${more} more (see "Open issues").`] : []),
  ]
  const inner = WIDTH - 56
  const headlineH = p.height(headline, inner, 12, 'Sans-Bold')
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
    font: 'Sans-Bold',
    colour: v.colour,
    characterSpacing: 0.5,
  })
  p.text(headline, LEFT + 48, top + 14 + 28, {
    width: inner,
    size: 12,
    font: 'Sans-Bold',
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
  const left: Fact[] = [
    ['Customer', job.customer],
    ['Site', job.site],
    ['Mail domain', job.domain],
    ['Contact', job.contact],
    ['Technician', report.technician],
    ['Sender address', job.senderAddress],
  ]
  const right: Fact[] = [
    ['Device', deviceName],
    ['Firmware', device.firmware],
    ['Address', device.address],
    ['Serial', device.serial],
    ['Site checks run', formatUtcTime(report.timestamps.checksStartedAt)],
    ['Job last saved', formatUtcTime(report.timestamps.jobUpdatedAt)],
  ]
  const dashed = (facts: Fact[]): Fact[] => facts.map(([label, value]) => [label, orDash(value)])
  const style = { labelWidth: 86, labelSize: 9, valueSize: 9.5, rowHeight: 13 }
  p.y = p.factColumns(dashed(left), dashed(right), style) + 2
}

function findingTexts(list: ReportMethodOption['reasons']): string[] {
  return list.map((f) => f.text)
}

function methodSection(p: Pdf, report: JobReport): void {
  const m = report.method
  p.heading('Sending method')
  if (m.siteRelay) {
    // The way out taken: the device sends to ScanPath Relay, which signs in to Microsoft 365.
    p.paragraph(`${m.siteRelay.title} (a way out: no Microsoft 365 method on the device itself)`, {
      font: 'Sans-Bold',
    })
    p.bullets(siteRelayLines(m.siteRelay).map((l) => `${l.label}: ${l.text}`))
    return
  }
  if (!m.chosen) {
    p.paragraph('No Microsoft 365 sending method can work here with what is known now.', {
      font: 'Sans-Bold',
    })
    const closest = m.pickBlocked ?? m.alternatives[0]
    if (closest) {
      p.paragraph(`Closest: ${closest.title}. Blocked by:`)
      p.bullets(findingTexts(closest.blockers))
    }
    const ways = m.waysOut ?? []
    if (ways.length > 0) {
      p.paragraph('Next: a way out, best first for this site (what each takes: see Ways out).', {
        font: 'Sans-Bold',
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
    font: 'Sans-Bold',
    continued: true,
  })
  p.text(`   (${by})`, LEFT, top, { width: WIDTH, size: 10, colour: MUTED })
  p.y += 4
  // Side by side, so the device settings still fit on the first page.
  const colW = (WIDTH - 18) / 2
  const column = (title: string, items: readonly string[], x: number, top: number): number => {
    if (items.length === 0) return top
    p.text(title, x, top, { width: colW, size: 9.5, font: 'Sans-Bold' })
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
  const open = findingTexts(m.chosen.openQuestions ?? [])
  if (open.length > 0)
    p.paragraph(`Still to answer: ${open.join(' ')}`, { size: 9.5, colour: STATUS_COLOUR.warn })
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
      { text: s.label, font: 'Sans-Bold' },
      { text: s.value, font: 'Mono', ...(s.hint ? { sub: s.hint } : {}) },
    ]),
  )
}

function footers(p: Pdf, report: JobReport): void {
  const who = report.job.customer.trim() || report.job.id
  drawFooters(
    p,
    `ScanPath ${report.appVersion}  |  Job report for ${who}  |  Generated ${formatUtcTime(report.generatedAt)}`,
  )
}

// --- the document ------------------------------------------------------------------------------------

export async function renderReportPdf(report: JobReport): Promise<Buffer> {
  const { p, done } = await openDocument({
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
  if (!report.method.chosen) drawWaysOut(p, report.method.waysOut ?? [], REPORT_WAYS_OUT)
  alternativesSection(p, report)
  footers(p, report)
  doc.end()
  return done
}
