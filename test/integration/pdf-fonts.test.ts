/**
 * Issue 15 item 12: both PDFs embed a subset of Noto Sans, so names in Latin Extended, Greek and
 * Cyrillic come back from pdftotext exactly as typed, words are not spaced apart, and no
 * non-embedded standard font is left. Needs poppler-utils (required in CI, skipped elsewhere).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { renderChecklistPdf } from '../../electron/report/checklist-pdf'
import { pdfSafe } from '../../electron/report/pdf-text'
import { renderReportPdf } from '../../electron/report/report-pdf'
import type { Job } from '../../shared/job-types'
import { buildReport } from '../../shared/report/build-report'
import { pdfLayoutText, pdfPageImages, requirePoppler, savePdf } from '../helpers/poppler'
import { reportJobFixture } from '../helpers/report-job-fixture'

const run = promisify(execFile)
const artifacts = join(__dirname, '..', 'e2e', 'artifacts')
const OPTS = { generatedAt: '2026-03-14T10:05:00.000Z', appVersion: '0.1.0-test' }

const CUSTOMER = 'Łódź Dental'
const SITE = 'Ōsaka Print'
const GREEK = 'Αθηνά Παπαδοπούλου'
const CYRILLIC = 'Дмитрий Иванов'

const poppler = await requirePoppler()

function internationalJob(): Job {
  const job = reportJobFixture()
  job.customer = CUSTOMER
  job.site = SITE
  job.contact = GREEK
  job.technician = CYRILLIC
  return job
}

/** pdffonts' table as rows: name, type, encoding, embedded, subset, unicode map. */
async function fontsOf(file: string): Promise<string[][]> {
  const { stdout } = await run('pdffonts', [file])
  return stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/))
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scanpath-pdf-fonts-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe.skipIf(poppler.missing)(poppler.title('the PDFs in an embedded font'), () => {
  const pdfs: Record<'report' | 'checklist', { file: string; bytes: number }> = {
    report: { file: '', bytes: 0 },
    checklist: { file: '', bytes: 0 },
  }

  beforeAll(async () => {
    const job = internationalJob()
    const report = await renderReportPdf(buildReport(job, OPTS))
    const checklist = await renderChecklistPdf(job, OPTS)
    pdfs.report = { file: await savePdf(dir, report, 'report'), bytes: report.length }
    pdfs.checklist = { file: await savePdf(dir, checklist, 'checklist'), bytes: checklist.length }
  })

  it.each(['report', 'checklist'] as const)(
    'the %s prints Polish, macron, Greek and Cyrillic names exactly as typed',
    async (which) => {
      const layout = await pdfLayoutText(pdfs[which].file)
      const page1 = layout.split('\f')[0] ?? ''
      for (const name of [CUSTOMER, SITE, GREEK, CYRILLIC]) expect(page1).toContain(name)
      // The big customer name at the top: one line of its own, the letters not spaced apart.
      expect(page1.split('\n').map((l) => l.trim())).toContain(CUSTOMER)
      expect(layout).not.toMatch(/L ?o ?d ?z Dental|\?ódz/)
    },
  )

  it('keeps the letters of a word together in a heading and a sentence (no "S t" gaps)', async () => {
    // pdftotext without -layout joins what it reads as one line: words stay whole.
    const { stdout } = await run('pdftotext', [pdfs.report.file, '-'])
    expect(stdout).toContain('Settings on the device')
    expect(stdout).toContain('Enter these values in the device')
    expect(stdout).toContain(`Job report for ${CUSTOMER}`)
    expect(stdout).not.toMatch(/\bS t\b|\bS etting|\bD ental/)
  })

  it.each(['report', 'checklist'] as const)(
    'the %s embeds subsets of Noto Sans and no standard font',
    async (which) => {
      const fonts = await fontsOf(pdfs[which].file)
      expect(fonts.length).toBeGreaterThanOrEqual(2)
      for (const row of fonts) {
        // e.g. "BZZZZZ+NotoSans-Regular CID TrueType Identity-H yes yes yes 9 0"
        expect(row[0]).toMatch(/^[A-Z]{6}\+NotoSans(Mono)?-(Regular|Bold|Italic)$/)
        expect(row.slice(-5, -2)).toEqual(['yes', 'yes', 'yes'])
      }
      expect(fonts.flat().join(' ')).not.toMatch(/Helvetica|Courier|Type 1/)
    },
  )

  it('stays small: only the glyphs used are embedded', () => {
    // Noto Sans regular alone is about 630 KB; the subsets of four fonts take some 25 KB.
    expect(pdfs.report.bytes).toBeLessThan(100_000)
    expect(pdfs.checklist.bytes).toBeLessThan(80_000)
  })

  it('writes characters no embedded font has (CJK) as their code points, never a blank box', async () => {
    expect(pdfSafe('東京 Print')).toBe('\\u6771\\u4eac Print')
    const job = internationalJob()
    job.customer = '東京 Print'
    const file = await savePdf(dir, await renderChecklistPdf(job, OPTS), 'cjk')
    expect(await pdfLayoutText(file)).toContain('\\u6771\\u4eac Print')
  })

  it('writes page images to look at (test/e2e/artifacts/pdf-fonts-*-page1.png)', async () => {
    const sizes = [
      ...(await pdfPageImages(pdfs.report.file, artifacts, 'pdf-fonts-report', [1])),
      ...(await pdfPageImages(pdfs.checklist.file, artifacts, 'pdf-fonts-checklist', [1])),
    ]
    for (const size of sizes) expect(size).toBeGreaterThan(5_000)
  })
})
