/**
 * Issue 12 §2 in the PDF report: what a hostile device or server left in a job (a captured EHLO
 * name and user name, a refusal quoted in a verdict and a transcript) is printed as visible
 * escapes, the way every screen shows it, never as raw controls or a silent '?'. Read back with
 * pdftotext (poppler-utils: required in CI, skipped elsewhere).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { renderReportPdf } from '../../electron/report/report-pdf'
import { buildReport } from '../../shared/report/build-report'
import { expectInert, HOSTILE_BYTES, HOSTILE_BYTES_SHOWN } from '../helpers/hostile-text'
import { pdfLayoutText, requirePoppler, savePdf } from '../helpers/poppler'
import { reportJobFixture } from '../helpers/report-job-fixture'

/** What a peer sent, decoded as ScanPath decodes it (bad bytes as U+FFFD). */
const HOSTILE_DECODED = HOSTILE_BYTES.toString('utf8')

const poppler = await requirePoppler()

describe.skipIf(poppler.missing)(poppler.title('the PDF report of a job with hostile text'), () => {
  it('prints the captured EHLO name, the verdicts and the replies as visible escapes', async () => {
    const job = reportJobFixture()
    const last = job.lastReport!
    // What a hostile device and server left in the job: a capture's EHLO name and user name, a
    // refusal quoted in a verdict and in the transcript (its "Server replies explained" line).
    job.lastReport = {
      ...last,
      checks: last.checks.map((c, i) =>
        i === 0
          ? {
              ...c,
              status: 'fail',
              explanation: `Refused: "554 ${HOSTILE_DECODED}".`,
              transcript: [
                ...c.transcript,
                { dir: 'recv', tls: false, text: `554 5.7.1 ${HOSTILE_DECODED}`, tMs: 500 },
              ],
            }
          : c,
      ),
    }
    job.captures = [
      {
        at: '2026-03-14T09:40:00.000Z',
        deviceAddress: '192.0.2.25',
        ehloName: HOSTILE_DECODED,
        transport: 'plaintext',
        tlsProtocol: null,
        tlsCipher: null,
        authMechanisms: ['LOGIN'],
        username: HOSTILE_DECODED,
        summary: `${HOSTILE_DECODED} (192.0.2.25): plaintext, no STARTTLS.`,
        verdicts: [{ method: 'client-submission', status: 'fail', findings: [HOSTILE_DECODED] }],
      },
    ]
    const report = buildReport(job, { generatedAt: '2026-03-14T10:05:00.000Z', appVersion: '0' })
    const dir = mkdtempSync(join(tmpdir(), 'scanpath-hostile-pdf-'))
    try {
      const pdf = await renderReportPdf(report)
      const raw = await pdfLayoutText(await savePdf(dir, pdf, 'hostile'))
      // pdftotext ends each page with a form feed: its own, not the document's.
      expectInert(raw.replaceAll('\f', ''))
      // pdftotext -layout breaks long lines: compare without white space.
      const text = raw.replace(/\s+/g, '')
      // The embedded font has U+FFFD: the invalid bytes print as the replacement character, as
      // on every screen.
      const shown = HOSTILE_BYTES_SHOWN.replace(/\s+/g, '')
      expect(text).toContain(`EHLO${shown}`)
      expect(text).toContain(`Refused:"554${shown}".`)
      expect(text).toContain(`5545.7.1${shown}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
