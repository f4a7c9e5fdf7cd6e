/**
 * The site relay in print, read back as a person reads it (pdftotext): the report's method section
 * names the relay with its address, TLS mode and status; the checklist prints its plan with
 * relay.json as typed and the device pointing at the relay.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { renderChecklistPdf } from '../../electron/report/checklist-pdf'
import { renderReportPdf } from '../../electron/report/report-pdf'
import { buildReport } from '../../shared/report/build-report'
import { pdfLayoutText, requirePoppler, savePdf } from '../helpers/poppler'
import { siteRelayJob } from '../helpers/site-relay-job'

const OPTS = { generatedAt: '2026-12-05T10:05:00.000Z', appVersion: '0.1.0-test' }
const poppler = await requirePoppler()

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scanpath-relay-pdf-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const relayJob = siteRelayJob

async function words(pdf: Buffer, name: string): Promise<string> {
  return (await pdfLayoutText(await savePdf(dir, pdf, name))).replace(/\s+/g, ' ')
}

describe.skipIf(poppler.missing)(poppler.title('the site relay in the PDFs'), () => {
  it("the report's method section records the relay: address, TLS mode, status", async () => {
    const text = await words(await renderReportPdf(buildReport(relayJob(), OPTS)), 'report')
    expect(text).toContain('ScanPath Relay at this site (a way out')
    expect(text).toContain('Address: 192.168.1.20:2525')
    expect(text).toContain('TLS from the device: STARTTLS')
    expect(text).toContain('Status: not started (0 of 8 steps done)')
    expect(text).not.toContain('No Microsoft 365 sending method can work here with what is known')
  })

  it('the checklist prints the relay plan with relay.json and the device pointing at the relay', async () => {
    const text = await words(await renderChecklistPdf(relayJob(), OPTS), 'checklist')
    expect(text).toContain('Method: ScanPath Relay at this site')
    expect(text).toContain('The device sends to the relay at 192.168.1.20:2525')
    expect(text).toContain('Relay machine: install ScanPath Relay and write its configuration')
    expect(text).toContain('"address": "192.168.1.20"')
    expect(text).toContain('"allow": [ "192.168.1.50" ]')
    expect(text).toContain('sudo systemctl enable --now scanpath-relay')
    expect(text).toContain('Point the device at the relay')
    expect(text).toContain('scanpath relay status --config /etc/scanpath-relay/relay.json')
    expect(text).not.toContain('No sending method fits this site yet')
  })
})
