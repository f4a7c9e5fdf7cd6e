/**
 * The report PDF's "Check timing" chart read back with pdftotext: check names wrap in their column
 * instead of being cut short with "…", and the problem colour has its own legend entry only when
 * a failed check stopped in a phase. Needs poppler-utils (skipped with the reason without it).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { renderReportPdf } from '../../electron/report/report-pdf'
import { buildReport } from '../../shared/report/build-report'
import type { JobReport } from '../../shared/report/report-model'
import { pdfLayoutText, requirePoppler, savePdf } from '../helpers/poppler'
import { reportJobFixture } from '../helpers/report-job-fixture'

const OPTS = { generatedAt: '2026-03-14T10:05:00.000Z', appVersion: '0.1.0-test' }
const LONG_TITLE =
  'STARTTLS and TLS on contoso-dental-example.mail.protection.outlook.com:25 from the second floor'

const poppler = await requirePoppler()

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scanpath-timing-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The chart's own text: from its heading to its legend. */
async function chartText(report: JobReport, name: string): Promise<string> {
  const text = await pdfLayoutText(await savePdf(dir, await renderReportPdf(report), name))
  const start = text.indexOf('Check timing')
  const end = text.indexOf('Phases:', start)
  expect(start, 'the chart heading').toBeGreaterThanOrEqual(0)
  expect(end, 'the chart legend').toBeGreaterThan(start)
  // The legend may wrap onto more lines: up to the blank line after it.
  const after = text.indexOf('\n\n', end)
  return text.slice(start, after < 0 ? undefined : after)
}

describe.skipIf(poppler.missing)(poppler.title('the PDF timing chart'), () => {
  it('wraps a long check name in its column instead of cutting it short', async () => {
    const report = buildReport(reportJobFixture(), OPTS)
    const items = report.checks?.items ?? []
    const timed = items.find((c) => c.phases.length > 0)
    expect(timed, 'a check with phases').toBeDefined()
    timed!.title = LONG_TITLE
    const chart = await chartText(report, 'long-title')
    expect(chart).not.toContain('…')
    expect(chart).not.toContain('...')
    // Every word of the name is printed, in order, across the wrapped lines.
    const words = chart.replace(/\s+/g, ' ')
    for (const w of ['STARTTLS and TLS on', 'outlook.com:25', 'from the second floor'])
      expect(words, w).toContain(w)
    expect(words.indexOf('STARTTLS')).toBeLessThan(words.indexOf('floor'))
  })

  it('names the problem colour in the legend only when a failed check stopped in a phase', async () => {
    const report = buildReport(reportJobFixture(), OPTS)
    const items = report.checks?.items ?? []
    const failed = items.some((c) => c.status === 'fail' && c.durationMs > 0)
    const chart = (await chartText(report, 'legend')).replace(/\s+/g, ' ')
    expect(chart.includes('where a failed check stopped')).toBe(failed)
    for (const c of items) if (c.status === 'fail') c.status = 'pass'
    const healthy = (await chartText(report, 'healthy')).replace(/\s+/g, ' ')
    expect(healthy).not.toContain('where a failed check stopped')
  })
})
