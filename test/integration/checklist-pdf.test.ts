/**
 * The printable checklist (issue 6) read back the way a person (pdftotext) and an eye (pdftoppm)
 * would, and through the report service. Needs poppler-utils: in CI its absence is a failure,
 * elsewhere the PDF reading tests are skipped with the reason (as in report-pdf.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { renderChecklistPdf } from '../../electron/report/checklist-pdf'
import { createJobService } from '../../electron/services/job-service'
import { createReportService } from '../../electron/services/report-service'
import type { MethodId } from '../../shared/decision/types'
import type { Job } from '../../shared/job-types'
import { jobPlan } from '../../shared/report/job-derive'
import { pdfLayoutText, pdfPageImages, requirePoppler, savePdf } from '../helpers/poppler'
import {
  isSignInResult,
  reachTimedOut,
  reportJobFixture,
  SPF_SUGGESTED,
} from '../helpers/report-job-fixture'

const root = join(__dirname, '..', '..')
const artifacts = join(root, 'test', 'e2e', 'artifacts')
const OPTS = { generatedAt: '2026-03-14T10:05:00.000Z', appVersion: '0.1.0-test' }
const MX = 'contoso-dental-example.mail.protection.outlook.com'
const METHODS: MethodId[] = [
  'client-submission-oauth',
  'client-submission-basic',
  'direct-send',
  'smtp-relay',
  'high-volume-email',
]

const poppler = await requirePoppler()

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scanpath-checklist-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function pdfFile(pdf: Buffer, name: string): Promise<string> {
  return savePdf(dir, pdf, name)
}

/** The text with its layout (one printed line per line) and as plain words. */
async function read(job: Job, name: string): Promise<{ layout: string; text: string }> {
  const file = await pdfFile(await renderChecklistPdf(job, OPTS), name)
  const layout = await pdfLayoutText(file)
  return { layout, text: layout.replace(/\s+/g, ' ') }
}

function lineWith(layout: string, s: string): string {
  return layout.split('\n').find((l) => l.includes(s)) ?? ''
}

/** Everything a secret could look like on paper: the plan's placeholder, tokens, bearer values. */
function expectNoSecret(text: string): void {
  expect(text).not.toContain("The mailbox's password")
  expect(text).not.toMatch(/\beyJ[\w-]{10,}/)
  expect(text).not.toMatch(/Bearer\s+\S/i)
  expect(text).not.toMatch(/(access|refresh)_token/i)
}

describe('the configuration plan the checklist prints', () => {
  it('never holds a password or token, only a placeholder that is not for copying', () => {
    for (const method of METHODS) {
      for (const step of jobPlan(reportJobFixture(), { method, port: 587 }))
        for (const f of step.fields)
          if (/password|kennwort|token|secret/i.test(f.label)) {
            expect(f.copy).toBe(false)
            expect(f.value).toBe("The mailbox's password")
          }
    }
  })
})

describe.skipIf(poppler.missing)(poppler.title('the printable checklist'), () => {
  let pdf: Buffer
  let layout: string
  let text: string

  beforeAll(async () => {
    pdf = await renderChecklistPdf(reportJobFixture(), OPTS)
    const file = await pdfFile(pdf, 'fixture')
    layout = await pdfLayoutText(file)
    text = layout.replace(/\s+/g, ' ')
  })

  it('prints the job, the method and every step with its exact values (SMTP relay)', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    for (const s of [
      'OFFLINE CHECKLIST',
      'Contoso Dental Care',
      'Lyon main office, 2nd floor',
      'Ricoh IM / IM C series',
      'IM C3000',
      '1.12',
      '192.168.10.42',
      'Method: SMTP relay through a connector (chosen by the technician)',
      'Why: Outbound port 25 is open',
      // Every step, numbered, with who does it and where: the tenant's part first.
      '1. Tenant admin: create the inbound connector for this site',
      '2. Tenant admin: publish the SPF record for contoso-dental.example',
      "3. Open the device's email (SMTP) settings",
      '4. Enter the SMTP server (the tenant MX endpoint)',
      '5. Send a test from the device',
      'AT THE DEVICE',
      'TENANT ADMIN',
      'Where: Device Management > Configuration > Device Settings > Email (catalogue confidence: medium)',
      'Where: Exchange admin center > Mail flow > Connectors',
      // The values, with the device's own labels.
      `SMTP Server Name: ${MX}`,
      'SMTP Port No.: 25',
      'From address: scanner@contoso-dental.example',
      'IP address: 203.0.113.7',
      SPF_SUGGESTED,
      'TLS is optional for relay; the device has TLS 1.2, so use it.',
      // The technician's notes from the app.
      'Note from the app: Web Image Monitor, admin login from the label',
      'Note from the app: Needed a reboot after saving (firmware 1.12)',
      'Note from the app: Sent to Jane (IT) on 14 March',
      'Known pitfalls of Ricoh IM / IM C series',
      'Verify',
      'Error code on the device or in its log',
      '550 5.7.64 The relay connector does not match this site',
      '2 of 5 steps already ticked',
    ])
      expect(text).toContain(s)
    // The menu path of the pitfalls step is a section of its own, not a tickable step.
    expect(text).not.toMatch(/\d\. Known pitfalls/)
    expectNoSecret(text)
  })

  it('shows which steps are already ticked, in words as well as in the box', () => {
    expect(lineWith(layout, "3. Open the device's email (SMTP) settings")).toContain('[x] done')
    expect(lineWith(layout, '4. Enter the SMTP server')).toContain('[x] done')
    expect(lineWith(layout, '1. Tenant admin: create the inbound connector')).not.toContain('[x]')
    expect(text.match(/\[x\] done/g)).toHaveLength(2)
  })

  it('numbers its pages and dates itself from the options, not the clock', () => {
    const pages = Number(/Page 1 of (\d+)/.exec(text)?.[1])
    expect(pages).toBeGreaterThanOrEqual(2)
    expect(text).toContain(`Page ${pages} of ${pages}`)
    expect(text).toContain('Generated 2026-03-14 10:05 UTC by ScanPath 0.1.0-test')
    expect(text).toContain('Date: 2026-03-14')
  })

  it('prints direct send with the MX endpoint and the Reject Direct Send check', async () => {
    const job: Job = {
      ...reportJobFixture(),
      method: 'direct-send',
      answers: { ...reportJobFixture().answers, externalRecipients: 'no' },
      checklist: {},
    }
    const { text: t } = await read(job, 'direct-send')
    expect(t).toContain('Method: Direct send to the tenant MX (chosen by the technician)')
    expect(t).toContain(`SMTP Server Name: ${MX}`)
    expect(t).toContain('SMTP Port No.: 25')
    expect(t).toContain(SPF_SUGGESTED)
    expect(t).toContain('Tenant admin: check that Reject Direct Send is off')
    expect(t).toContain('Get-OrganizationConfig | Format-List RejectDirectSend')
    expect(t).toContain('550 5.7.68 The tenant rejects direct send')
    expect(t).toContain('0 of 5 steps already ticked')
    expect(t).not.toContain('[x] done')
    expectNoSecret(t)
  })

  it('prints OAuth client submission: smtp.office365.com, 587, STARTTLS, the sign-in', async () => {
    const job: Job = { ...reportJobFixture(), method: 'client-submission-oauth' }
    const { text: t } = await read(job, 'oauth')
    expect(t).toContain('Method: SMTP AUTH client submission with OAuth 2.0')
    expect(t).toContain('smtp.office365.com')
    expect(t).toMatch(/Port[^:]*: 587/)
    expect(t).toContain('STARTTLS (TLS)')
    expect(t).toContain('OAuth 2.0 (Microsoft 365)')
    expect(t).toContain('Sign in to Microsoft 365 on the device')
    expect(t).toContain('Set-CASMailbox -Identity scanner@contoso-dental.example')
    // Tenant steps come first, so the step that opens the SMTP settings is not step 1, and the
    // SMTP server step points at it by its printed number.
    const printed = jobPlan(job, { method: 'client-submission-oauth', port: 587 }).filter(
      (s) => s.id !== 'pitfalls' && s.id !== 'test-send',
    )
    const opened = printed.findIndex((s) => s.id === 'open-settings') + 1
    expect(opened).toBeGreaterThan(1)
    expect(t).toContain(`settings opened in step ${opened}`)
    // Consent is a step of its own: not repeated among the family's known pitfalls.
    const pitfalls = t.slice(t.indexOf('Known pitfalls of'))
    expect(t).toContain('Known pitfalls of')
    expect(pitfalls).not.toMatch(/consent/i)
    expectNoSecret(t)
  })

  it('never prints the password, even for a method that signs in with one', async () => {
    const job: Job = { ...reportJobFixture(), method: 'client-submission-basic', answers: {} }
    const { layout: l, text: t } = await read(job, 'basic')
    expect(t).toContain('SMTP AUTH client submission with a password (Basic auth)')
    expect(t).toContain('smtp.office365.com')
    const passwordLine = lineWith(l, 'type it on the device').replace(/\s+/g, ' ')
    expect(passwordLine).toMatch(
      /Password.*: type it on the device \(never printed on this sheet\)/,
    )
    expectNoSecret(t)
  })

  it("prints the recommendation's steps when no method is chosen yet, and says so", async () => {
    const job: Job = { ...reportJobFixture(), method: null, checklist: {} }
    const { text: t } = await read(job, 'no-method')
    expect(t).toContain('No method chosen yet')
    expect(t).toContain("these are the steps of ScanPath's recommendation")
    expect(t).toMatch(/Method: SMTP AUTH client submission with OAuth 2\.0 Why:/)
    expect(t).toContain('1. Tenant admin: allow SMTP AUTH for this mailbox')
    expect(t).toContain("3. Open the device's email (SMTP) settings")
  })

  it('says which facts block each method when nothing fits', async () => {
    const job = reportJobFixture()
    job.method = null
    job.lastReport = {
      ...job.lastReport!,
      checks: job.lastReport!.checks.map((c) => reachTimedOut(c, 'fail')),
    }
    const { text: t } = await read(job, 'blocked')
    expect(t).toContain('No sending method fits this site yet')
    expect(t).toContain('Why no method fits yet')
    for (const title of [
      'SMTP AUTH client submission with OAuth 2.0',
      'Direct send to the tenant MX',
      'SMTP relay through a connector',
    ])
      expect(t).toContain(title)
    expect(t).toMatch(/Site check: [^.]*port/i)
    expect(t).not.toContain('Configuration steps')
    // Not a dead end: the ways out come first, each with what it takes and its sources.
    expect(t).toContain('Ways out')
    expect(t).toMatch(/1\. \S/)
    expect(t).toMatch(/Sources \((high|medium|low) confidence\): https:/)
    expect(t.indexOf('Ways out')).toBeLessThan(t.indexOf('Why no method fits yet'))
    // The box at the top names the best one.
    expect(t.replace(/\s+/g, ' ')).toContain(
      'Nothing to configure until a blocker is removed or a way out is taken (best here:',
    )
  })

  it('writes port 25 for a device that submits on 25 only', async () => {
    const job = reportJobFixture()
    job.method = 'client-submission-basic'
    job.answers = { ...job.answers, mfaOrSecurityDefaults: 'no', basicAuthBlocked: 'no' }
    job.device = {
      ...job.device,
      capabilityAnswers: { starttls587: 'no', starttls25: 'yes', smtpAuth: 'yes', tls12: 'yes' },
    }
    const { text: t } = await read(job, 'port25')
    expect(t).toContain('smtp.office365.com')
    expect(t).toMatch(/Port[^:\n]*:\s+25\b/)
    expect(t).toContain('587 (recommended) or 25')
  })

  it("says where to look when the device's menu is not in the catalogue", async () => {
    const base = reportJobFixture()
    const job: Job = {
      ...base,
      device: { ...base.device, familyId: null, custom: { vendor: 'Acme', model: 'Scan 9' } },
    }
    const { text: t } = await read(job, 'generic')
    expect(t).toContain('Device Acme')
    expect(t).toContain('Where: not in the catalogue: look for Email, SMTP, Scan to Email')
  })

  it('writes page images to look at (test/e2e/artifacts/checklist-page1.png, -page2.png)', async () => {
    const sizes = await pdfPageImages(await pdfFile(pdf, 'look'), artifacts, 'checklist', [1, 2])
    for (const size of sizes) expect(size).toBeGreaterThan(5_000)
  })
})

describe('the report service', () => {
  it('makes the checklist PDF of a saved job, named after the customer and the date', async () => {
    const jobs = await createJobService({ dataDir: join(dir, 'jobs') })
    const created = await jobs.create()
    const fixture = reportJobFixture()
    await jobs.save({ ...fixture, id: created.id })
    // A stored report holds site checks only: the fixture's sign-in result stays out of it.
    const siteChecks = fixture.lastReport!.checks.filter((c) => !isSignInResult(c))
    await jobs.recordReport(created.id, { ...fixture.lastReport!, checks: siteChecks })
    const reports = createReportService({
      jobs,
      appVersion: '0.1.0-test',
      now: () => new Date(OPTS.generatedAt),
    })
    const out = await reports.checklistPdf(created.id)
    expect(out.fileName).toBe('scanpath-checklist-contoso-dental-care-2026-03-14.pdf')
    const bytes = Buffer.from(out.base64, 'base64')
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(bytes.length).toBeGreaterThan(5_000)
  })
})
