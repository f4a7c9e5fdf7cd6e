/**
 * The evidence pages of the job report PDF: the site checks, the tenant admin's instructions, the
 * checklist, the server replies explained, the device captures, the open issues and the other
 * methods considered.
 */
import { CAPTURE_METHOD_SHORT, CAPTURE_STATUS_TEXT } from '../../shared/capture-record'
import type { CaptureVerdictStatus } from '../../shared/capture-types'
import type { ProbeStatus } from '../../shared/probe-types'
import { verifyOutcomeLine } from '../../shared/report/build-report'
import type { JobReport } from '../../shared/report/report-model'
import { LEFT, MUTED, type Pdf, STATUS_COLOUR, WIDTH } from './pdf-kit'
import { formatMs } from './pdf-text'
import { formatUtcTime } from '../../shared/report/utc-time'

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function statusWord(s: ProbeStatus): string {
  return s.toUpperCase()
}

export function checksSection(p: Pdf, report: JobReport): void {
  const run = report.checks
  p.heading(
    'Site checks',
    run
      ? `Run from the site's network on ${formatUtcTime(run.startedAt)} in ${formatMs(run.durationMs)}: ${run.summary.pass} passed, ${plural(run.summary.warn, 'warning')}, ${run.summary.fail} failed, ${run.summary.info} for information, ${run.summary.skip} skipped.${run.offline ? ' The laptop had no internet access: nothing could be confirmed.' : ''}${run.cancelled ? ' The run was cancelled before it finished.' : ''}`
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
        font: 'Sans-Bold',
        colour: STATUS_COLOUR[c.status],
      },
      { text: c.title, font: 'Sans-Bold' },
      { text: c.fix ? `${c.explanation}\nFix: ${c.fix}` : c.explanation },
      { text: c.status === 'skip' && c.durationMs === 0 ? '-' : formatMs(c.durationMs) },
    ]),
    { size: 9 },
  )
}

export function adminSection(p: Pdf, report: JobReport): void {
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
      font: 'Sans-Bold',
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
      font: 'Sans-Bold',
    })
    p.table(
      [
        { header: 'SETTING', width: 30 },
        { header: 'VALUE', width: 70 },
      ],
      a.connector.map((f) => [{ text: f.label, font: 'Sans-Bold' }, { text: f.value }]),
    )
  }
  for (const s of a.steps) {
    if (s.id === 'admin-spf' || s.id === 'admin-connector') continue
    p.paragraph(s.title, { font: 'Sans-Bold' })
    if (s.where) p.paragraph(`Where: ${s.where.join(' > ')}`, { size: 9, colour: MUTED })
    p.paragraph(s.text, { size: 9.5 })
    for (const f of s.fields)
      if (f.key !== 'powershell') p.paragraph(`${f.label}: ${f.value}`, { size: 9.5 })
  }
  if (a.powershell.length) {
    p.paragraph('Exchange Online PowerShell', { font: 'Sans-Bold' })
    p.code(a.powershell.join('\n'))
  }
}

export function checklistSection(p: Pdf, report: JobReport): void {
  // Only the plan's steps are rows, so the count matches what is shown.
  const steps = report.checklist.filter((c) => c.inPlan)
  const earlier = report.checklist.filter((c) => !c.inPlan)
  const verify = report.verifyOutcome ?? null
  if (steps.length === 0 && earlier.length === 0 && !verify) return
  const done = steps.filter((c) => c.done).length
  p.heading('Configuration checklist', `${done} of ${steps.length} steps done.`)
  const who = {
    device: 'Device',
    relay: 'Relay machine',
    admin: 'Tenant admin',
    test: 'Test',
    unknown: '',
  }
  if (steps.length)
    p.table(
      [
        { header: 'DONE', width: 13 },
        { header: 'STEP', width: 45 },
        { header: 'BY', width: 13 },
        { header: 'NOTE', width: 29 },
      ],
      steps.map((c) => [
        {
          text: c.done ? 'Done' : 'Open',
          tick: c.done,
          colour: c.done ? STATUS_COLOUR.pass : MUTED,
        },
        { text: c.title },
        { text: who[c.who], colour: MUTED },
        { text: c.note, font: 'Sans-Italic' },
      ]),
    )
  for (const c of earlier)
    p.paragraph(`Note kept from an earlier plan: ${c.note}`, { size: 9.5, colour: MUTED })
  if (verify)
    p.paragraph(verifyOutcomeLine(verify), {
      font: 'Sans-Bold',
      colour: verify.passed ? STATUS_COLOUR.pass : STATUS_COLOUR.fail,
    })
}

export function repliesSection(p: Pdf, report: JobReport): void {
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
        font: 'Sans-Bold',
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
export function capturesSection(p: Pdf, report: JobReport): void {
  const captures = report.captures ?? []
  if (captures.length === 0) return
  p.heading(
    'What the device did (capture)',
    'The device sent a test message to this laptop; what it negotiated, against what Microsoft 365 needs.',
  )
  for (const c of [...captures].reverse()) {
    p.ensure(60)
    p.paragraph(`${formatUtcTime(c.at)}  from ${c.deviceAddress}`, { font: 'Sans-Bold' })
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
        { text: CAPTURE_METHOD_SHORT[v.method], font: 'Sans-Bold' },
        { text: CAPTURE_STATUS_TEXT[v.status], status: CAPTURE_MARK[v.status] },
        { text: v.findings.join('\n') || '-' },
      ]),
      { size: 9 },
    )
    p.y += 4
  }
}

export function issuesSection(p: Pdf, report: JobReport): void {
  p.heading('Open issues')
  if (report.openIssues.length === 0) {
    p.paragraph('None: nothing is left to do.')
    return
  }
  for (const i of report.openIssues) {
    // A check that cannot affect the chosen method is listed for information, not as a failure.
    const status: ProbeStatus =
      i.relevant === false
        ? 'info'
        : i.kind === 'check-warning' || i.kind === 'step-open' || i.kind === 'capture-warning'
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

export function alternativesSection(p: Pdf, report: JobReport): void {
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
      { text: a.title, font: 'Sans-Bold' },
      { text: a.viable ? 'Yes' : 'No', status: a.viable ? 'pass' : 'fail' },
      {
        text: (a.viable ? a.warnings : a.blockers).map((f) => f.text).join('\n') || '-',
      },
    ]),
    { size: 9 },
  )
}
