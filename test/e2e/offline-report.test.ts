/**
 * Issue 6 end to end: a whole job with every external endpoint unreachable (offline checklist
 * mode), the report queued for the office while offline, then delivered once the office's server
 * comes up and the laptop is online again. Headless Chromium through the browser test host,
 * against the real job, profile, outbox, report, online, probe and Verify services. The PDF the
 * office received is decoded and read back with pdftotext.
 *
 * NETWORK SAFETY: loopback only. The probes' name lookup throws (EAI_AGAIN), their DNS server,
 * public-IP source and blocklist are closed loopback ports or a reserved name, and the office
 * profile's host is the literal 127.0.0.1, so no resolver (system or c-ares) is ever asked.
 * Screenshots at 1024×700 go to test/e2e/artifacts/offline-*.png and report-*.png.
 * Needs `out/renderer` (`npm run build`) and pdftotext (poppler-utils).
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { freeTcpPort } from '../helpers/printer-peers'
import { startScenarioServer, type ScenarioServer } from '../helpers/scenario-smtp-server'
import { createTestPki, type TestPki } from '../helpers/test-pki'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { overflowing, type WatchedPage } from './support/page-tools'
import { closeWatchedPage, requireBrowser } from './support/local-site'

const run = promisify(execFile)

const PDFTOTEXT = '/usr/bin/pdftotext'
const VIEWPORT = { width: 1024, height: 700 }
/** `.test` is reserved (RFC 2606): never on the internet. */
const DOMAIN = 'contoso.test'
const OFFICE_MAILBOX = 'office@contoso.test'
const OFFICE_PASSWORD = 'Off1ce-P@ss-e2e'
const CUSTOMER = 'Contoso Dental'
const STEP_NOTE = 'Menu is Scan > Email > SMTP on firmware 5.7'
const needs = requireBrowser({
  need: 'poppler-utils',
  reason: existsSync(PDFTOTEXT)
    ? null
    : `${PDFTOTEXT} is not installed (apt-get install poppler-utils)`,
})

/** The first MIME part named *.pdf in a raw message, decoded from base64. */
function pdfAttachment(raw: string): { name: string; bytes: Buffer } | null {
  const parts = raw.split(/\r\n--[^\r\n]+\r\n/)
  for (const part of parts) {
    const split = part.indexOf('\r\n\r\n')
    if (split < 0) continue
    const head = part.slice(0, split).replace(/\r\n[ \t]+/g, ' ')
    const name = /name="?([^";\r\n]+\.pdf)"?/i.exec(head)?.[1]
    if (!name || !/content-transfer-encoding:\s*base64/i.test(head)) continue
    const body = part.slice(split + 4).split(/\r\n--/)[0] ?? ''
    return { name, bytes: Buffer.from(body.replace(/\s+/g, ''), 'base64') }
  }
  return null
}

describe('Offline checklist mode and the office outbox in Chromium', () => {
  let app: E2eApp | undefined
  let office: ScenarioServer | undefined
  let pki: TestPki | undefined
  /** Scratch files of the test (the saved PDF, the one the office received). */
  let tmp: string | undefined
  let officePort = 0
  /** What the online check answers; the test flips it when the "network" comes back. */
  let onlineFlag = false
  const hostLog: string[] = []
  let watched: WatchedPage | undefined

  beforeAll(async () => {
    if (needs.missing) return
    pki = await createTestPki()
    // Loopback ports nothing listens on (bound, then released).
    const [dnsPort, echoPort] = [await freeTcpPort(), await freeTcpPort()]
    officePort = await freeTcpPort()
    const ca = pki.ca.cert
    // NETWORK SAFETY: DNS, public-IP sources and blocklists are closed loopback ports or a
    // reserved name; the lookup throws, so nothing is ever resolved.
    app = await startApp({
      probeDeps: {
        lookup: async () => {
          throw Object.assign(new Error('offline'), { code: 'EAI_AGAIN' })
        },
        extraCa: [ca],
      },
      siteDefaults: {
        dnsServer: `127.0.0.1:${dnsPort}`,
        publicIpSources: [`https://127.0.0.1:${echoPort}/`],
        blocklists: ['zen.test.local'],
      },
      outboxTuning: {
        transportFor: () => ({ tls: { ca: [ca] }, connectionTimeout: 2000, greetingTimeout: 2000 }),
        backoff: { firstMs: 200, maxMs: 1000 },
      },
      // As in the app, the network coming back wakes the outbox at once.
      online: { check: async () => onlineFlag, intervalMs: 250 },
      log: (m) => hostLog.push(m),
    })
    tmp = app.dir
  })

  afterAll(async () => {
    await app?.dispose()
    await office?.close()
  })

  beforeEach((ctx) => {
    ctx.skip(needs.missing, needs.reason ?? '')
  })

  afterEach(async () => {
    const open = watched
    watched = undefined
    await closeWatchedPage(open)
  })

  async function openApp(): Promise<Page> {
    watched = await app!.open(VIEWPORT, {
      acceptDownloads: true,
      beforeGoto: (page) => page.setDefaultTimeout(15_000),
    })
    await watched.page.getByRole('button', { name: 'New job' }).waitFor()
    return watched.page
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
  }

  const saved = (page: Page) => page.locator('.save-status[data-save="saved"]').waitFor()

  /** The main (blue) buttons on screen, by their text: one per screen (issue 15 item 10). */
  const primaryButtons = (page: Page) =>
    page
      .locator('.button--primary:visible')
      .evaluateAll((els) => els.map((e) => e.textContent?.trim()))

  /** Every way to reach the Outbox on screen, and the outbox lists shown. */
  async function outboxWays(page: Page): Promise<{ ways: number; lists: number }> {
    const named = { name: /outbox/i }
    const ways =
      (await page.getByRole('button', named).count()) +
      (await page.getByRole('link', named).count())
    return { ways, lists: await page.locator('.outbox').count() }
  }
  const step = (page: Page, label: string) =>
    page.getByRole('navigation', { name: 'Steps of the job' }).getByRole('button', { name: label })

  it('a job offline, the report queued, then delivered when the office server comes up', async () => {
    const page = await openApp()
    const indicator = page.locator('.online-indicator')
    await indicator.filter({ hasText: 'Offline — working from the checklist' }).waitFor()
    expect(await indicator.getAttribute('data-online')).toBe('false')
    await shot(page, 'offline-jobs')

    // --- Job
    await page.getByRole('button', { name: 'New job' }).click()
    await page.getByLabel('Customer', { exact: true }).fill(CUSTOMER)
    await page.getByLabel('Site', { exact: true }).fill('Lyon branch')
    await page.getByLabel('Customer mail domain').fill(DOMAIN)
    await page.getByLabel('Technician').fill('Sam Lee')
    await saved(page)

    // --- Device
    await page.getByRole('button', { name: /^Next: Device/ }).click()
    await page.getByLabel('Search the catalogue').fill('hp m528')
    await page.getByRole('radio', { name: /LaserJet Enterprise \/ Managed MFPs/ }).check()
    await page.getByLabel('IP address or host name').fill('192.0.2.25')
    for (const key of ['starttls587', 'tls12', 'smtpAuth'])
      await page
        .locator(`[data-capability="${key}"]`)
        .getByRole('radio', { name: 'Yes', exact: true })
        .check()
    await saved(page)

    // --- Site checks: nothing answers, so every check is deferred (not a wall of red)
    await page.getByRole('button', { name: /^Next: Site checks/ }).click()
    await page.getByLabel('Timeout (seconds)', { exact: true }).fill('2')
    await page.getByRole('button', { name: 'Run checks' }).click()
    await page.locator('.run-summary--done').waitFor({ timeout: 30_000 })
    const statuses = await page
      .locator('li[data-check-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))
    expect(statuses.length).toBeGreaterThan(3)
    expect(new Set(statuses)).toEqual(new Set(['deferred']))
    expect(await page.locator('li[data-check-id] .status-badge').first().textContent()).toContain(
      'Deferred',
    )
    const notice = page.locator('.deferred-notice')
    await notice.filter({ hasText: 'Deferred' }).waitFor()
    // Offline: no "run again" yet (it comes once main sees the network).
    expect(await notice.getByRole('button', { name: 'Run the checks again' }).count()).toBe(0)
    await saved(page)
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'offline-site-checks')
    await page.locator('li[data-check-id]').first().scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(ARTIFACTS, 'offline-site-checks-deferred.png') })

    // --- Decision
    await page.getByRole('button', { name: /^Next: Decision/ }).click()
    const answers: Record<string, 'Yes' | 'No' | "Don't know"> = {
      'Must it send to addresses outside the organisation': 'Yes',
      'Do Security Defaults or MFA apply': 'No',
      'Does the site have a static public IP': "Don't know",
      'Will it send more than 30 messages': 'No',
      'Must a copy of each message be kept': 'No',
      'Is the sender an application hosted': 'No',
      'Has the tenant turned on Reject Direct Send': "Don't know",
    }
    for (const [question, value] of Object.entries(answers))
      await page
        .getByRole('group', { name: new RegExp(`^${question}`) })
        .getByRole('radio', { name: value, exact: true })
        .check()
    await saved(page)
    await shot(page, 'offline-decision')

    // --- Configure: tick two steps, a note on the first
    await page.getByRole('button', { name: /^Next: Configure/ }).click()
    await page.getByLabel("Sender address (the device's mailbox)").fill(`scanner@${DOMAIN}`)
    const steps = page.locator('[data-config-step]')
    expect(await steps.count()).toBeGreaterThan(1)
    const first = steps.nth(0)
    const firstTitle = (await first.getAttribute('data-config-step')) ?? ''
    await first.getByRole('checkbox').first().check()
    await steps.nth(1).getByRole('checkbox').first().check()
    await first.getByRole('button', { name: /^\+?Add a note/ }).click()
    await first.getByLabel(/^Note/).fill(STEP_NOTE)
    await saved(page)

    // --- Settings: the office's sending profile (the office server is not up yet)
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    await page.getByRole('button', { name: "Add the office's sending profile" }).click()
    const form = page.locator('form[data-profile-form="new"]')
    await form.getByLabel('Profile name').fill('Office reports')
    await form.getByLabel('Mailbox address').fill(OFFICE_MAILBOX)
    // The literal address: nodemailer resolves host names itself (see the report to the lead).
    await form.getByLabel('SMTP host').fill('127.0.0.1')
    await form.getByLabel('Port', { exact: true }).fill(String(officePort))
    // The office server here takes a password (the form starts on Microsoft sign-in).
    await form.getByRole('radio', { name: 'Password (SMTP AUTH, Basic)' }).check()
    await form.getByLabel('Password (optional now)').fill(OFFICE_PASSWORD)
    await form.getByRole('button', { name: 'Save profile' }).click()
    await page.locator('.profile-card', { hasText: 'Office reports' }).waitFor()
    await page.getByRole('button', { name: 'Back to the job' }).click()

    // --- Report: the preview, the PDFs
    await step(page, 'Report').click()
    const verdict = page.locator('.verdict')
    await verdict.waitFor()
    expect(await verdict.getAttribute('data-verdict')).toBe('not-checked')
    // The verdict once: one box, its label not repeated in its headline, the headline not repeated.
    expect(await page.locator('.verdict').count()).toBe(1)
    expect((await verdict.textContent())?.match(/not checked/gi)).toHaveLength(1)
    const headline = (await verdict.locator('.verdict__headline').textContent()) ?? ''
    expect(headline).not.toBe('')
    expect(((await page.locator('body').textContent()) ?? '').split(headline)).toHaveLength(2)
    const preview = page.getByRole('article', { name: 'Report preview' })
    expect(await preview.textContent()).toContain(CUSTOMER)
    expect(await preview.locator('.report-checklist__note').first().textContent()).toContain(
      STEP_NOTE,
    )
    // The checklist counts the rows it shows, and no internal id is a row (issue 15).
    const progress = (await preview.locator('#report-checklist + .muted').textContent()) ?? ''
    const [, doneCount, stepCount] = /^(\d+) of (\d+) steps? done$/.exec(progress) ?? []
    expect(Number(stepCount)).toBe(await preview.locator('.report-checklist__item').count())
    expect(Number(doneCount)).toBe(await preview.locator('.report-checklist__item--done').count())
    expect(await preview.locator('[data-step-id="verify"]').count()).toBe(0)
    expect(await preview.locator('.report-checklist').textContent()).not.toContain('Earlier plan')
    expect(
      await preview.locator('[data-report-check] .status-badge').first().textContent(),
    ).toContain('Deferred')
    // One main action: Done (the hand-over actions are equal and secondary), and the Outbox
    // reachable once, from the header; the step lists what this job sent, titled as such.
    expect(await primaryButtons(page)).toEqual(['Done: back to all jobs'])
    for (const name of ['Save PDF', 'Print checklist (PDF)', 'Send to office']) {
      expect(await page.getByRole('button', { name, exact: true }).getAttribute('class')).toContain(
        'button--secondary',
      )
    }
    expect(await outboxWays(page)).toEqual({ ways: 1, lists: 1 })
    expect(await page.getByRole('region', { name: 'Sent from this job' }).count()).toBe(1)
    expect(await overflowing(page)).toEqual([])
    await page.evaluate('window.scrollTo(0, 0)')
    await page.screenshot({ path: join(ARTIFACTS, 'report-fold.png') })
    await shot(page, 'report-preview')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Save PDF' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^scanpath-contoso-dental-.*\.pdf$/)
    const savedPdf = join(tmp!, 'saved.pdf')
    await download.saveAs(savedPdf)
    expect(readFileSync(savedPdf).subarray(0, 5).toString('latin1')).toBe('%PDF-')

    // The printable checklist: a download once main makes it, else a plain error (no crash).
    await page.getByRole('button', { name: 'Print checklist (PDF)' }).click()
    const checklist = page.locator('[data-pdf="checklist"]')
    await checklist.locator('.pdf-button__link, .pdf-button__error').first().waitFor()

    // --- Send to office while offline: queued, the network error explained, attempts rising
    await page.getByLabel('Recipient at the office').fill('office@contoso')
    await page.getByRole('button', { name: 'Send to office' }).click()
    await page.locator('.field__error', { hasText: 'not a domain name' }).waitFor()
    await page.getByLabel('Recipient at the office').fill(OFFICE_MAILBOX)
    await page.getByRole('button', { name: 'Send to office' }).click()
    const entry = page.locator('.report-send .outbox-entry')
    await entry.waitFor()
    expect(await entry.getAttribute('data-state')).toMatch(/^(queued|sending)$/)
    await entry.locator('.outbox-entry__explanation').waitFor()
    await entry
      .locator('.outbox-entry__attempts', { hasText: /^[3-9] attempts|\d{2} attempts/ })
      .waitFor()
    expect(await entry.locator('.outbox-state').textContent()).toMatch(/Queued|Sending/)
    expect(await entry.getByRole('button', { name: /^Try again/ }).count()).toBeLessThanOrEqual(1)
    expect(await page.locator('.send-office__queued').textContent()).toContain('In the outbox')
    // Queued, the step still has one main action and one way to the Outbox.
    expect(await primaryButtons(page)).toEqual(['Done: back to all jobs'])
    expect(await outboxWays(page)).toEqual({ ways: 1, lists: 1 })
    await entry.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(ARTIFACTS, 'offline-outbox.png') })
    expect(office).toBeUndefined()

    // --- The office server comes up and the laptop is online again
    office = await startScenarioServer({
      scenario: 'exchange',
      pki: pki!,
      users: { [OFFICE_MAILBOX]: OFFICE_PASSWORD },
      port: officePort,
    })
    onlineFlag = true
    await indicator.filter({ hasText: /^\W*Online$/ }).waitFor({ timeout: 20_000 })
    await page.locator('.report-send .outbox-entry[data-state="sent"]').waitFor({ timeout: 20_000 })
    expect(await entry.locator('.outbox-state').textContent()).toContain('Sent')
    expect(await entry.textContent()).toContain('250')
    // The form's note follows the entry: no "goes out as soon as…" once it went.
    await page.locator('.send-office__queued', { hasText: 'Sent to the office.' }).waitFor()
    expect(await page.locator('.send-office__queued').textContent()).not.toContain('outbox')
    await entry.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(ARTIFACTS, 'report-sent.png') })

    // The global outbox, from the header.
    await page.getByRole('button', { name: 'Outbox', exact: true }).click()
    await page.getByRole('heading', { name: 'Outbox', level: 2 }).waitFor()
    await page.locator('.outbox-entry[data-state="sent"]').waitFor()
    // The Outbox screen: the header button marks where we are, one list, no blue button (its one
    // action, Try again, is per entry and only for a report that waits).
    const header = page.getByRole('button', { name: 'Outbox', exact: true })
    expect(await header.getAttribute('aria-current')).toBe('page')
    expect(await outboxWays(page)).toEqual({ ways: 1, lists: 1 })
    expect(await primaryButtons(page)).toEqual([])
    await shot(page, 'report-outbox')

    // Back in the job, Site checks now offers to run again.
    await page.getByRole('button', { name: 'All jobs' }).click()
    await page
      .locator('.job-row', { hasText: CUSTOMER })
      .getByRole('button', { name: /^Resume/ })
      .click()
    await step(page, 'Site checks').click()
    await page.getByRole('button', { name: 'Run the checks again' }).waitFor()
    await shot(page, 'offline-site-checks-online')

    // --- What the office received: exactly one message, its PDF readable
    expect(office.messages).toHaveLength(1)
    const message = office.messages[0]!
    expect(message.data).toContain(`To: ${OFFICE_MAILBOX}`)
    const pdf = pdfAttachment(message.data)
    expect(pdf, 'a base64 MIME part named *.pdf').not.toBeNull()
    expect(pdf!.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const file = join(tmp!, pdf!.name)
    writeFileSync(file, pdf!.bytes)
    // In content order (-raw): a note that wraps in its table cell reads as one run of words,
    // not interleaved with the cells beside it as -layout would print it.
    const { stdout } = await run(PDFTOTEXT, ['-raw', file, '-'])
    const text = stdout.replace(/\s+/g, ' ')
    expect(text).toContain(CUSTOMER)
    expect(text).toContain(STEP_NOTE)
    // The PDF counts the same rows as the preview did.
    expect(text).toContain(`${progress}.`)
    expect(firstTitle).not.toBe('')
  })
})
