/**
 * The job report as a PDF, read back the way a person (pdftotext) and an eye (pdftoppm) would,
 * and `scanpath report` end to end on a real jobs folder. Needs poppler-utils: in CI its absence
 * is a failure, elsewhere the PDF tests are skipped with the reason.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { parseReportCommand, runReportCommand } from '../../electron/cli/report-cmd'
import { pdfSafe } from '../../electron/report/pdf-text'
import { renderReportPdf } from '../../electron/report/report-pdf'
import { createJobService } from '../../electron/services/job-service'
import type { Job } from '../../shared/job-types'
import { buildReport } from '../../shared/report/build-report'
import { verdictHeadlineBody } from '../../shared/report/report-issues'
import type { JobReport } from '../../shared/report/report-model'
import { pdfLayoutText, pdfPageImages, requirePoppler, savePdf } from '../helpers/poppler'
import {
  isSignInResult,
  reachTimedOut,
  reportJobFixture,
  SPF_SUGGESTED,
} from '../helpers/report-job-fixture'

const run = promisify(execFile)
const root = join(__dirname, '..', '..')
const artifacts = join(root, 'test', 'e2e', 'artifacts')
const OPTS = { generatedAt: '2026-03-14T10:05:00.000Z', appVersion: '0.1.0-test' }

const poppler = await requirePoppler()

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scanpath-report-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function pdfText(pdf: Buffer, name: string): Promise<string> {
  return pdfLayoutText(await savePdf(dir, pdf, name))
}

/** pdftotext -layout keeps columns apart with runs of spaces: compare words, not spacing. */
function words(text: string): string {
  return text.replace(/\s+/g, ' ')
}

describe.skipIf(poppler.missing)(poppler.title('the PDF report'), () => {
  let report: JobReport
  let pdf: Buffer
  let text: string

  beforeAll(async () => {
    report = buildReport(reportJobFixture(), OPTS)
    pdf = await renderReportPdf(report)
    text = words(await pdfText(pdf, 'fixture'))
  })

  it('is a PDF with the report in words a person can read', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    for (const s of [
      'Contoso Dental Care',
      'Lyon main office, 2nd floor',
      'NEEDS ATTENTION',
      // The headline without its label: the box prints the label above it.
      verdictHeadlineBody(report.verdict),
      'SMTP relay through a connector',
      'chosen by the technician',
      'Ricoh IM / IM C series',
      'IM C3000',
      '192.168.10.42',
      'Alex Dupont',
      // Settings for the device, with the device's own labels.
      'SMTP Server Name',
      'contoso-dental-example.mail.protection.outlook.com',
      // The admin's SPF record and connector.
      SPF_SUGGESTED,
      'Inbound connector',
      '203.0.113.7',
      // Replies explained.
      '535 5.7.139',
      'SMTP AUTH is turned off for the whole tenant',
      // Checklist notes.
      'Web Image Monitor, admin login from the label',
      'Needed a reboot after saving (firmware 1.12)',
      'Sent to Jane (IT) on 14 March',
      'Open issues',
      'Check timing',
    ])
      expect(text).toContain(s)
    for (const c of report.checks?.items ?? []) {
      // Long titles wrap in the table: every word is there, in order.
      expect(text).toContain(c.title.split(' ').slice(0, 3).join(' '))
    }
    // Status is written, not only coloured.
    expect(text).toMatch(/PASS/)
    expect(text).toMatch(/FAIL/)
    expect(text).toMatch(/WARN/)
  })

  it('says the verdict once on page 1', async () => {
    const page1 = words((await pdfText(pdf, 'page1')).split('\f')[0] ?? '')
    expect(page1.match(/needs attention/gi)).toHaveLength(1)
    expect(page1).toContain(`NEEDS ATTENTION ${verdictHeadlineBody(report.verdict)}`)
    // The whole device settings table stays on page 1, with the embedded font's taller lines.
    for (const setting of report.settings) expect(page1, setting.label).toContain(setting.label)
    expect(report.settings.length).toBeGreaterThanOrEqual(5)
  })

  it('numbers its pages and dates itself from the report, not the clock', async () => {
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1])
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(text).toContain(`Page ${pages} of ${pages}`)
    expect(text).toContain('Generated 2026-03-14 10:05 UTC')
    const file = join(dir, 'info.pdf')
    await writeFile(file, pdf)
    const { stdout } = await run('pdfinfo', ['-isodates', file])
    expect(stdout).toMatch(/CreationDate:\s+2026-03-14T10:05:00/)
  })

  it("never prints a password, not even the plan's placeholder for one", async () => {
    const basic = { ...reportJobFixture(), method: 'client-submission-basic' as const, answers: {} }
    const r = buildReport(basic, OPTS)
    expect(r.method.chosen?.id).toBe('client-submission-basic')
    const t = words(await pdfText(await renderReportPdf(r), 'basic'))
    expect(t).toContain('smtp.office365.com')
    expect(t).not.toContain("The mailbox's password")
    expect(t).not.toMatch(/\bPassword\b(?!s are never)/)
  })

  it('prints letters as written and draws the symbols the fonts lack as safe equivalents', async () => {
    expect(pdfSafe('TLS ≥ 1.2 → port 587 ✓ 📠 Dvořák ő “ok” €5 – done 東')).toBe(
      'TLS >= 1.2 -> port 587 v  Dvořák ő “ok” €5 – done \\u6771',
    )
    const job = reportJobFixture()
    job.checklist['test-send'] = { done: true, note: 'TLS ≥ 1.2 → arrived 📠 in Łódź' }
    const t = words(await pdfText(await renderReportPdf(buildReport(job, OPTS)), 'unicode'))
    expect(t).toContain('TLS >= 1.2 -> arrived in Łódź')
    expect(t).not.toContain('\ufffd')
  })

  it('prints the Verify outcome as a line in words and counts only the rows shown (issue 15)', async () => {
    const job = reportJobFixture()
    job.verifyOutcome = {
      passed: true,
      text: 'Signed in and sent a test message.',
      at: '2026-12-05T09:12:40.000Z',
    }
    job.checklist['oauth-sign-in'] = { done: true, note: 'Signed in on the panel' }
    const r = buildReport(job, OPTS)
    const t = words(await pdfText(await renderReportPdf(r), 'verify-outcome'))
    const rows = r.checklist.filter((c) => c.inPlan)
    const done = rows.filter((c) => c.done).length
    expect(t).toContain(`${done} of ${rows.length} steps done.`)
    expect(r.checklist.filter((c) => !c.inPlan).map((c) => c.stepId)).toEqual(['oauth-sign-in'])
    expect(t).toContain('Verified (2026-12-05 09:12 UTC): Signed in and sent a test message.')
    expect(t).toContain('Note kept from an earlier plan: Signed in on the panel')
    // No internal step id or "Earlier plan" row reaches the paper.
    expect(t).not.toMatch(/\bverify\b/)
    expect(t).not.toContain('oauth-sign-in')
    expect(t).not.toContain('Earlier plan')
  })

  it('lists what is still to answer for the method, never as a reason (issue 15)', async () => {
    const job: Job = {
      ...reportJobFixture(),
      method: 'client-submission-oauth',
      answers: { ...reportJobFixture().answers, externalRecipients: 'unknown' },
    }
    const r = buildReport(job, OPTS)
    const open = r.method.chosen?.openQuestions ?? []
    expect(open.map((f) => f.fact)).toEqual(['answers.externalRecipients'])
    expect(r.method.chosen?.reasons.map((f) => f.fact)).not.toContain('answers.externalRecipients')
    const t = words(await pdfText(await renderReportPdf(r), 'open-questions'))
    expect(t).toContain(`Still to answer: ${open[0]!.text}`)
  })

  it('renders the other verdicts', async () => {
    const blocked: Job = reportJobFixture()
    blocked.lastReport = {
      ...blocked.lastReport!,
      checks: blocked.lastReport!.checks.map((c) => reachTimedOut(c, 'fail')),
    }
    const b = words(await pdfText(await renderReportPdf(buildReport(blocked, OPTS)), 'blocked'))
    expect(b).toContain('BLOCKED')
    expect(b).toContain('No Microsoft 365 sending method can work here')
    // Never a dead end: the ways out, first the list, then each with what it takes and its sources.
    const ways = buildReport(blocked, OPTS).method.waysOut ?? []
    expect(ways.length).toBeGreaterThan(1)
    expect(b).toContain('Next: a way out, best first for this site')
    expect(b).toContain('Ways out')
    expect(b).toContain(`1. ${ways[0]!.title}`)
    expect(b).toContain('What it takes:')
    expect(b).toMatch(/Sources \((high|medium|low) confidence\): https:\/\//)

    const unchecked = { ...reportJobFixture(), lastReport: null }
    const u = words(await pdfText(await renderReportPdf(buildReport(unchecked, OPTS)), 'none'))
    expect(u).toContain('NOT CHECKED')
    expect(u).toContain('The site checks were not run for this job.')
  })

  it('prints what the device did when captured, with the verdict per method', async () => {
    const job: Job = {
      ...reportJobFixture(),
      method: 'client-submission-basic',
      captures: [
        {
          at: '2026-03-14T09:40:00.000Z',
          deviceAddress: '192.0.2.25',
          ehloName: 'NPI3C2AF4',
          transport: 'starttls',
          tlsProtocol: 'TLSv1',
          tlsCipher: 'ECDHE-RSA-AES256-SHA',
          authMechanisms: ['LOGIN'],
          username: 'scanner@contoso-dental.example',
          summary: 'STARTTLS with TLSv1, signed in with AUTH LOGIN, sent one message.',
          verdicts: [
            {
              method: 'client-submission',
              status: 'fail',
              findings: ['TLS 1.0 negotiated: Exchange Online refuses it on 587 with 421 4.7.66.'],
            },
            { method: 'direct-send-relay', status: 'ok', findings: [] },
          ],
        },
      ],
    }
    const t = words(await pdfText(await renderReportPdf(buildReport(job, OPTS)), 'capture'))
    expect(t).toContain('What the device did (capture)')
    expect(t).toContain('from 192.0.2.25')
    expect(t).toContain('EHLO NPI3C2AF4; STARTTLS; TLSv1 (ECDHE-RSA-AES256-SHA); sign-in LOGIN')
    expect(t).toMatch(/Client submission \(sign-in\) Will fail TLS 1\.0 negotiated/)
    expect(t).toContain('The device capture: TLS 1.0 negotiated')
  })

  it('writes page images to look at (test/e2e/artifacts/report-page1.png, -page2.png)', async () => {
    const sizes = await pdfPageImages(await savePdf(dir, pdf, 'look'), artifacts, 'report', [1, 2])
    for (const size of sizes) expect(size).toBeGreaterThan(5_000)
  })
})

describe('scanpath report', () => {
  it('parses its arguments, and needs a jobs folder', () => {
    expect(parseReportCommand(['report', 'j1', '--data-dir', '/d', '--pdf', 'a.pdf'], {})).toEqual({
      kind: 'report',
      jobId: 'j1',
      dataDir: '/d',
      pdf: 'a.pdf',
      json: null,
    })
    expect(parseReportCommand(['j1'], { SCANPATH_DATA_DIR: '/env' })).toMatchObject({
      kind: 'report',
      dataDir: '/env',
    })
    expect(parseReportCommand(['report', 'j1'], {})).toMatchObject({
      kind: 'usage-error',
      message: expect.stringContaining(
        'no data folder: give --data-dir DIR (the data folder the About screen shows',
      ),
    })
    expect(parseReportCommand(['report'], { SCANPATH_DATA_DIR: '/d' }).kind).toBe('usage-error')
    expect(parseReportCommand(['report', 'j1', '--bogus'], {}).kind).toBe('usage-error')
    expect(parseReportCommand(['report', '--help'], {}).kind).toBe('report-help')
  })

  it('writes the PDF and the JSON of a saved job', async () => {
    const jobsDir = join(dir, 'jobs')
    const jobs = await createJobService({ dataDir: jobsDir })
    const created = await jobs.create()
    const fixture = reportJobFixture()
    await jobs.save({ ...fixture, id: created.id })
    // A stored report holds site checks only: the fixture's sign-in result stays out of it.
    const siteChecks = fixture.lastReport!.checks.filter((c) => !isSignInResult(c))
    await jobs.recordReport(created.id, { ...fixture.lastReport!, checks: siteChecks })

    const out: string[] = []
    const err: string[] = []
    const io = {
      stdout: (t: string) => out.push(t),
      stderr: (t: string) => err.push(t),
      now: () => new Date(OPTS.generatedAt),
    }
    const pdfFile = join(dir, 'out.pdf')
    const jsonFile = join(dir, 'out.json')
    const code = await runReportCommand(
      parseReportCommand(
        ['report', created.id, '--data-dir', jobsDir, '--pdf', pdfFile, '--json', jsonFile],
        {},
      ),
      io,
    )
    expect(err.join('')).toContain('Verdict: Needs attention')
    expect(code).toBe(0)
    const json = JSON.parse(await readFile(jsonFile, 'utf8')) as JobReport
    expect(json.kind).toBe('scanpath-job-report')
    expect(json.schemaVersion).toBe(1)
    expect(json.job.customer).toBe('Contoso Dental Care')
    expect(json.generatedAt).toBe(OPTS.generatedAt)
    expect((await readFile(pdfFile)).subarray(0, 5).toString('latin1')).toBe('%PDF-')

    // No file named: the JSON goes to standard output.
    out.length = 0
    expect(
      await runReportCommand(parseReportCommand([created.id, '--data-dir', jobsDir], {}), io),
    ).toBe(0)
    expect(JSON.parse(out.join('')).job.id).toBe(created.id)
  })

  it('says which job or folder is missing', async () => {
    const err: string[] = []
    const io = { stdout: () => {}, stderr: (t: string) => err.push(t), now: () => new Date() }
    const missingDir = join(dir, 'nope')
    expect(
      await runReportCommand(parseReportCommand(['x', '--data-dir', missingDir], {}), io),
    ).toBe(1)
    expect(err.join('')).toContain('does not exist')
    // …and does not create it.
    await expect(stat(missingDir)).rejects.toThrow()
    const empty = join(dir, 'empty')
    await mkdir(empty)
    expect(await runReportCommand(parseReportCommand(['x', '--data-dir', empty], {}), io)).toBe(1)
    expect(err.join('')).toContain('cannot read job x')
  })
})
