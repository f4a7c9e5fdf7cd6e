/**
 * The report PDF of a relay job after Verify watched the relay, read back with pdftotext: the
 * method section prints the relay's status as the status link showed it.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { renderReportPdf } from '../../electron/report/report-pdf'
import { buildReport } from '../../shared/report/build-report'
import { pdfLayoutText, requirePoppler, savePdf } from '../helpers/poppler'
import { siteRelayJob } from '../helpers/site-relay-job'

const OPTS = { generatedAt: '2026-12-05T10:05:00.000Z', appVersion: '0.1.0-test' }
const poppler = await requirePoppler()

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scanpath-relay-seen-pdf-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe.skipIf(poppler.missing)(poppler.title('the relay as Verify saw it, in the PDF'), () => {
  it('prints the relay’s listening address, mode, account, queue and last delivery', async () => {
    const job = siteRelayJob({
      verifyOutcome: {
        passed: true,
        text: '192.168.1.50 → relay 192.168.1.20 → Microsoft 365: delivered <scan-1@mfp> (250 2.6.0 Queued)',
        at: '2026-12-05T10:02:14.000Z',
        relay: {
          address: '192.168.1.20',
          statusPort: 2580,
          listening: '192.168.1.20:2525',
          tlsMode: 'starttls-required',
          account: 'scanner@contoso.com',
          queued: 1,
          failed: 0,
          lastDelivery: {
            at: '2026-12-05T10:02:13.000Z',
            messageId: '<scan-1@mfp>',
            response: '250 2.6.0 Queued',
          },
        },
      },
    })
    const pdf = await renderReportPdf(buildReport(job, OPTS))
    const text = (await pdfLayoutText(await savePdf(dir, pdf, 'report'))).replace(/\s+/g, ' ')
    expect(text).toContain(
      "Status: working: Verify saw the device's test message delivered (2026-12-05 10:02 UTC); 0 of 8 setup steps ticked",
    )
    expect(text).toContain(
      'Relay as Verify saw it: 2026-12-05 10:02 UTC: listening on 192.168.1.20:2525, STARTTLS required, sends as scanner@contoso.com; 1 queued, 0 failed; last delivery 2026-12-05 10:02 UTC <scan-1@mfp> (250 2.6.0 Queued)',
    )
  })
})
