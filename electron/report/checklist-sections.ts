/**
 * The printable checklist's sections around its steps: the header with the job and the device,
 * the method box, why no method fits, the family's known pitfalls, the Verify form with the codes
 * to look for, and the notes page.
 */
import { findFamily } from '../../shared/catalog'
import type { ConfigStep } from '../../shared/configure/plan-types'
import type { Finding, MethodAssessment, MethodId } from '../../shared/decision/types'
import type { Job } from '../../shared/job-types'
import { isConsentPitfall } from '../../shared/configure/device-steps'
import { jobFamily } from '../../shared/report/job-derive'
import { explainReply } from '../../shared/smtp/explain-reply'
import { placeBlocks, ruledLines, stepBlocks } from './checklist-steps'
import { type Fact, type FactStyle, INK, LEFT, MARGIN, MUTED, type Pdf, WIDTH } from './pdf-kit'

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

export function sheetHeader(p: Pdf, job: Job, date: string): void {
  p.text('SCANPATH  |  OFFLINE CHECKLIST', LEFT, MARGIN.top - 14, {
    width: WIDTH / 2,
    size: 8.5,
    font: 'Sans-Bold',
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
    font: 'Sans-Bold',
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
  const left: Fact[] = [
    ['Device', vendorFamily],
    ['Model', dash(job.device.model || job.device.custom?.model || '')],
    ['Firmware', dash(job.device.firmware)],
    ['Address', dash(job.device.address)],
  ]
  const right: Fact[] = [
    ['Technician', dash(job.technician)],
    ['Contact', dash(job.contact)],
    ['Sender', dash(job.senderAddress)],
    ['Date', date],
  ]
  const style: FactStyle = {
    labelWidth: 70,
    labelSize: 9.5,
    valueSize: 10.5,
    valueFont: 'Sans-Bold',
    rowHeight: 14,
  }
  p.y = p.factColumns(left, right, style) + 4
}

export function methodBox(
  p: Pdf,
  lines: { text: string; bold?: boolean; colour?: string }[],
): void {
  const inner = WIDTH - 24
  const h = lines.reduce(
    (s, l) => s + p.height(l.text, inner, l.bold ? 12 : 10, l.bold ? 'Sans-Bold' : 'Sans') + 3,
    0,
  )
  p.ensure(h + 20)
  const top = p.y
  p.shadedBox(top, h + 14, { width: 4, colour: '#0969da' })
  let y = top + 7
  for (const l of lines) {
    y =
      p.text(l.text, LEFT + 14, y, {
        width: inner,
        size: l.bold ? 12 : 10,
        font: l.bold ? 'Sans-Bold' : 'Sans',
        colour: l.colour ?? INK,
      }) + 3
  }
  p.y = top + h + 22
}

export function blockersSection(p: Pdf, ranked: readonly MethodAssessment[]): void {
  p.heading(
    'Why no method fits yet',
    'Every Microsoft 365 sending method is blocked by what is known now. Change one of these facts (open a port, confirm what the device can do, answer a question differently) and the app will pick a method.',
  )
  for (const m of ranked) {
    p.paragraph(m.title, { font: 'Sans-Bold', size: 11 })
    p.bullets(
      m.blockers.map((b) => `${factSource(b)}: ${b.text}`),
      { size: 10 },
    )
    p.y += 4
  }
}

export function pitfallsSection(p: Pdf, job: Job): void {
  const f = jobFamily(job)
  // Consent is a step of its own in an OAuth plan (with its sources), and no other method signs
  // in through the vendor's app: listed here it would be said twice or out of place.
  const pitfalls = f.pitfalls.filter((x) => !isConsentPitfall(x))
  if (pitfalls.length === 0) return
  p.heading(
    `Known pitfalls of ${f.vendorName} ${f.family}`,
    'From the catalogue; the confidence says how sure it is.',
  )
  p.bullets(
    pitfalls.map((x) => `${x.text} (confidence: ${x.confidence})`),
    { size: 10 },
  )
}

export function verifySection(
  p: Pdf,
  job: Job,
  method: MethodId,
  test: ConfigStep | undefined,
  n: number,
): void {
  // The form below takes the place of the test step's ruled lines.
  const blocks = test ? stepBlocks(p, job, test, n, 1, 0) : []
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
    p.text(r, LEFT, top + 8, { width: labelW - 8, size: 9.5, font: 'Sans-Bold' })
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
  p.paragraph('Codes you may see with this method', { font: 'Sans-Bold', size: 10.5 })
  for (const [code, enhanced, fallback] of codes) {
    const title = explainReply(code, enhanced, '')?.gateTitle ?? fallback
    const top = p.y
    p.text(`${code} ${enhanced}`, LEFT + 4, top, { width: 90, size: 10, font: 'Mono' })
    p.text(title, LEFT + 96, top, { width: WIDTH - 96, size: 10 })
    p.y += 2
  }
  p.paragraph(
    'Back online, enter the code in the Verify step of ScanPath: it explains the reply and what to change.',
    { size: 9, colour: MUTED },
  )
}

export function notesSection(p: Pdf): void {
  p.heading('Notes')
  placeBlocks(p, [ruledLines(p, 6, LEFT)], 1)
}
