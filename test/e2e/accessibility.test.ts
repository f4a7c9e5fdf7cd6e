/**
 * Accessibility end to end: axe-core (WCAG 2.0/2.1 A and AA, and best practices) over every
 * screen a technician sees in a job — the job list, each of the seven wizard steps with real
 * content, Settings and the Outbox — with every Tab stop of each screen checked for a name (as
 * Chromium's accessibility tree computes it), a visible focus ring and page order; then a
 * keyboard-only pass from the job list to a family picked on the Device step, checking where focus
 * lands after each navigation and that async results are announced.
 *
 * Headless Chromium through the browser test host, against the real handler table and services:
 * the site checks talk to an Exchange-like SMTP peer, a DNS server and an IP echo service on
 * 127.0.0.1; Verify signs in to that peer; the office profile points at a closed loopback port, so
 * the report waits in the outbox with its error explained. axe goes in through DevTools
 * (support/axe.ts), never as a page script: the app's CSP stays as shipped and is still watched.
 * Needs `out/renderer` (`npm run build`).
 */
import { join } from 'node:path'

import { type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { blocklistName, reverseName, type DnsRecord } from '../helpers/dns-server'
import { freeTcpPort } from '../helpers/printer-peers'
import type { ScenarioServer } from '../helpers/scenario-smtp-server'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { axeViolations, formatViolations } from './support/axe'
import { focusRingVisible, tabTo, type WatchedPage } from './support/page-tools'
import {
  requireBrowser,
  closeWatchedPage,
  startLocalSite,
  type LocalSite,
  TEST_BLOCKLIST,
} from './support/local-site'

const VIEWPORT = { width: 1024, height: 700 }
/** A documentation address (RFC 5737), never a real site. */
const ECHO_IP = '203.0.113.7'
/** `.test` is reserved (RFC 2606): never on the internet. */
const DOMAIN = 'contoso.test'
const MX_ENDPOINT = 'contoso-test.mail.protection.outlook.com'
const MAILBOX = `scanner@${DOMAIN}`
const PASSWORD = 'Sc4n-P@ss-a11y'
const OFFICE_MAILBOX = `office@${DOMAIN}`
const needs = requireBrowser()

/** Every name a run asks for resolves here: no system resolver, no internet. */
function siteRecords(): DnsRecord[] {
  return [
    { type: 'A', name: 'localhost', address: '127.0.0.1' },
    { type: 'A', name: MX_ENDPOINT, address: '127.0.0.1' },
    { type: 'MX', name: DOMAIN, exchange: MX_ENDPOINT, priority: 0 },
    { type: 'TXT', name: DOMAIN, strings: ['v=spf1 include:spf.protection.outlook.com -all'] },
    { type: 'TXT', name: 'spf.protection.outlook.com', strings: ['v=spf1 ip4:40.92.0.0/15 -all'] },
    { type: 'PTR', name: reverseName(ECHO_IP), target: 'mail.contoso.test' },
    // Listed, so the blocklist table and its removal button are on the page too.
    { type: 'A', name: blocklistName(ECHO_IP, TEST_BLOCKLIST), address: '127.0.0.2' },
  ]
}

/** What the focused element is, as the keyboard pass records it. */
interface FocusStop {
  /** Its tag and its role in the accessibility tree: "input (radio)". */
  what: string
  /** Its accessible name, as Chromium computes it for assistive technology. */
  name: string
  /** Whether it comes after the previous stop in the document (tab order = page order). */
  afterPrevious: boolean
  /** Whether it draws a visible focus ring (page-tools' `focusRingVisible`). */
  ring: boolean
}

describe('Accessibility in Chromium (axe-core and the keyboard)', () => {
  let app: E2eApp | undefined
  let site: LocalSite | undefined
  let exchange: ScenarioServer | undefined
  let officePort = 0
  const hostLog: string[] = []
  let current: WatchedPage | undefined

  beforeAll(async () => {
    if (needs.missing) return
    site = await startLocalSite({
      records: siteRecords(),
      echoIp: ECHO_IP,
      users: { [MAILBOX]: PASSWORD },
    })
    const { pki, deps } = site
    exchange = site.exchange
    // A loopback port nothing listens on (bound, then released).
    officePort = await freeTcpPort()
    const ca = pki.ca.cert
    // NETWORK SAFETY: DNS, public-IP sources, blocklists, SMTP peers and the office's (closed)
    // server are all on 127.0.0.1; every other name resolves to loopback.
    app = await startApp({
      probeDeps: deps,
      siteDefaults: site.siteDefaults,
      outboxTuning: {
        transportFor: () => ({ tls: { ca: [ca] }, connectionTimeout: 2000, greetingTimeout: 2000 }),
        // One attempt, then a minute's wait: the queued entry sits still while the page is
        // checked (its countdown ticks on screen, and must not tick in a live region).
        backoff: { firstMs: 60_000, maxMs: 60_000 },
      },
      online: { check: async () => true, intervalMs: 1000 },
      log: (m) => hostLog.push(m),
    })
  })

  afterAll(async () => {
    await app?.dispose()
    await site?.close()
  })

  beforeEach((ctx) => {
    ctx.skip(needs.missing, needs.reason ?? '')
  })

  afterEach(async () => {
    const open = current
    current = undefined
    await closeWatchedPage(open)
  })

  // --- Helpers -------------------------------------------------------------------------------

  async function openApp(): Promise<Page> {
    current = await app!.open(VIEWPORT)
    current.page.setDefaultTimeout(15_000)
    await current.page.getByRole('button', { name: 'New job' }).waitFor()
    return current.page
  }

  /** Screens checked so far, and what was found on each (reported together at the end). */
  const checked: string[] = []
  const found: string[] = []

  /**
   * Runs axe on the page as it is now, then Tabs through all of it: every stop needs a name, a
   * visible focus ring and its place in page order. A screenshot of what was checked goes to
   * artifacts.
   */
  async function audit(page: Page, where: string): Promise<void> {
    checked.push(where)
    const violations = await axeViolations(page)
    if (violations.length > 0) found.push(formatViolations(where, violations))
    const stops = await tabStops(page, 400)
    const bad = stops.filter((x) => x.name === '' || !x.ring || !x.afterPrevious)
    if (bad.length > 0)
      found.push(
        [
          `${where}: Tab stops without a name, without a visible focus ring or out of page order`,
          ...bad.map(
            (x) =>
              `- ${x.what} "${x.name}"${x.ring ? '' : ' (no ring)'}${x.afterPrevious ? '' : ' (out of order)'}`,
          ),
        ].join('\n'),
      )
    // One main action per screen (issue 15): at most one visible blue button.
    const primaries = await page
      .locator('.button--primary:visible')
      .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()))
    if (primaries.length > 1)
      found.push(`${where}: ${primaries.length} main (blue) buttons: ${primaries.join(' | ')}`)
    const file = where
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
    await page.screenshot({ path: join(ARTIFACTS, `a11y-${file}.png`), fullPage: true })
  }

  /**
   * What the page's live regions (aria-live, status, alert, log) would announce now: their text
   * without the parts hidden from assistive technology.
   */
  const liveText = (page: Page) =>
    page.evaluate<string>(`[...document.querySelectorAll(
      '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]',
    )].map((el) => {
      const copy = el.cloneNode(true)
      copy.querySelectorAll('[aria-hidden="true"]').forEach((n) => n.remove())
      return copy.textContent.replace(/\\s+/g, ' ').trim()
    }).join(' | ')`)

  /**
   * Live regions stay quiet while nothing happens: a screen reader reads every change in one, so
   * a clock ticking inside it would be read out each second. `ticking` is a visible clock on the
   * page that does change meanwhile (so the wait is long enough to see a tick).
   */
  async function expectStillLiveRegions(page: Page, ticking: Locator): Promise<void> {
    const [before, clock] = [await liveText(page), await ticking.textContent()]
    await expect.poll(() => ticking.textContent(), { timeout: 5000 }).not.toBe(clock)
    expect(await liveText(page), 'live regions changed while nothing happened').toBe(before)
  }

  const saved = (page: Page) => page.locator('.save-status[data-save="saved"]').waitFor()

  const currentStep = (page: Page) =>
    page.locator('.step-bar__button[aria-current="step"]').textContent()

  const card = (page: Page, name: string): Locator =>
    page.locator('.profile-card', { has: page.getByRole('heading', { name, exact: true }) })

  /**
   * The focused element as Chromium's accessibility tree has it (what a screen reader is given):
   * its role and computed name, through DevTools, not guessed from the markup.
   */
  async function focusedAx(page: Page): Promise<{ role: string; name: string }> {
    const cdp = await page.context().newCDPSession(page)
    try {
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: 'document.activeElement',
      })
      if (!result.objectId) return { role: 'none', name: '' }
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', {
        objectId: result.objectId,
        fetchRelatives: false,
      })
      const node = nodes[0]
      return {
        role: String(node?.role?.value ?? 'none'),
        name: String(node?.name?.value ?? '').trim(),
      }
    } finally {
      await cdp.detach()
    }
  }

  const focusedAccessibleName = async (page: Page) => (await focusedAx(page)).name

  /** Where the focus is: the element's tag and text ("h2: Device"). */
  const focusedDescription = (page: Page) =>
    page.evaluate<string>(`(() => {
      const el = document.activeElement
      if (!el || el === document.body) return 'body'
      return el.tagName.toLowerCase() + ': ' + (el.textContent || '').trim().slice(0, 60)
    })()`)

  /** Presses Tab; says whether focus left the page's last stop (it is then on <body>). */
  const tabIsAtEnd = async (page: Page) => {
    await page.keyboard.press('Tab')
    return await page.evaluate<boolean>('document.activeElement === document.body')
  }

  /**
   * Every Tab stop of the page, top to bottom, with the keyboard only: Tab until focus leaves the
   * page's last stop (Chromium then focuses <body>), then record each stop until it leaves again.
   * Fails if a round takes more than `max` presses.
   */
  async function tabStops(page: Page, max = 200): Promise<FocusStop[]> {
    let presses = 0
    while (!(await tabIsAtEnd(page)))
      if (++presses > max) throw new Error(`Tab did not reach the page's end in ${max} presses`)
    await page.evaluate('window.__lastStop = null')
    const stops: FocusStop[] = []
    while (!(await tabIsAtEnd(page))) {
      if (stops.length > max)
        throw new Error(`more than ${max} Tab stops: ${JSON.stringify(stops.slice(-5))}`)
      const where = await page.evaluate<{ tag: string; afterPrevious: boolean }>(`(() => {
        const el = document.activeElement
        const prev = window.__lastStop
        window.__lastStop = el
        return {
          tag: el.tagName.toLowerCase(),
          afterPrevious: !prev || !!(prev.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING),
        }
      })()`)
      const { role, name } = await focusedAx(page)
      stops.push({
        what: `${where.tag} (${role})`,
        name,
        afterPrevious: where.afterPrevious,
        ring: await focusRingVisible(page),
      })
    }
    return stops
  }

  // --- Tests ---------------------------------------------------------------------------------

  it(
    'every screen of a job, Settings and the Outbox: no axe violations, every Tab stop named',
    { timeout: 120_000 },
    async () => {
      const page = await openApp()
      await audit(page, 'Job list (no jobs yet)')

      // --- Settings: empty, the new-profile form with its errors, then two profiles and a test
      await page.getByRole('button', { name: 'Settings' }).click()
      await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor()
      await page.locator('.settings-section__empty').first().waitFor()
      await audit(page, 'Settings (no profiles)')

      await page.getByRole('button', { name: 'Add a device mailbox' }).click()
      const form = page.locator('form[data-profile-form="new"]')
      await form.getByLabel('Mailbox address').fill('scanner')
      await form.getByRole('button', { name: 'Save profile' }).click()
      await form.getByRole('alert').filter({ hasText: 'Some fields need a fix first' }).waitFor()
      await audit(page, 'Settings (new profile form with errors)')

      await form.getByLabel('Profile name').fill('Contoso scanner')
      await form.getByLabel('Mailbox address').fill(MAILBOX)
      await form.getByLabel('SMTP host').fill('localhost')
      await form.getByLabel('Port', { exact: true }).fill(String(exchange!.port))
      await form.getByRole('radio', { name: 'Password (SMTP AUTH, Basic)' }).check()
      await form.getByLabel('Password (optional now)').fill(PASSWORD)
      await form.getByRole('button', { name: 'Save profile' }).click()
      const scanner = card(page, 'Contoso scanner')
      await scanner.waitFor()

      await page.getByRole('button', { name: "Add the office's sending profile" }).click()
      const office = page.locator('form[data-profile-form="new"]')
      await office.getByLabel('Profile name').fill('Office reports')
      await office.getByLabel('Mailbox address').fill(OFFICE_MAILBOX)
      await office.getByLabel('SMTP host').fill('127.0.0.1')
      await office.getByLabel('Port', { exact: true }).fill(String(officePort))
      await office.getByRole('radio', { name: 'Password (SMTP AUTH, Basic)' }).check()
      await office.getByLabel('Password (optional now)').fill('Off1ce-P@ss-a11y')
      await office.getByRole('button', { name: 'Save profile' }).click()
      await card(page, 'Office reports').waitFor()

      await scanner.getByRole('button', { name: /^Test sign-in/ }).click()
      await scanner.locator('.verify-result[data-verify="pass"]').waitFor()
      await audit(page, 'Settings (profiles and a sign-in result)')
      await page.getByRole('button', { name: 'All jobs' }).click()

      // --- Job: an invalid domain first (the error is part of the screen), then valid values
      await page.getByRole('button', { name: 'New job' }).click()
      expect(await currentStep(page)).toContain('Job')
      await page.getByLabel('Customer', { exact: true }).fill('Contoso Ltd')
      await page.getByLabel('Site', { exact: true }).fill('Main office')
      await page.getByLabel('Customer mail domain').fill('contoso@test')
      await page.locator('.field__error', { hasText: 'is an email address' }).waitFor()
      await audit(page, 'Job step (with a field error)')
      await page.getByLabel('Customer mail domain').fill(DOMAIN)
      await page.getByLabel('Contact at the site').fill(`it@${DOMAIN}`)
      await page.getByLabel('Technician').fill('Sam Lee')
      await saved(page)
      await audit(page, 'Job step')

      // --- Device: a family picked, so the capability list shows
      await page.getByRole('button', { name: /^Next: Device/ }).click()
      await page.getByLabel('Search the catalogue').fill('hp m528')
      await page.getByRole('radio', { name: /LaserJet Enterprise \/ Managed MFPs/ }).check()
      await page.locator('[data-capability]').first().waitFor()
      for (const key of ['starttls587', 'tls12', 'smtpAuth'])
        await page
          .locator(`[data-capability="${key}"]`)
          .getByRole('radio', { name: 'Yes', exact: true })
          .check()
      await page.getByLabel('IP address or host name').fill('192.0.2.25')
      await saved(page)
      await audit(page, 'Device step (family and capabilities)')

      // --- Site checks against the local peers, every detail opened
      await page.getByRole('button', { name: /^Next: Site checks/ }).click()
      await page.getByLabel('Submission host', { exact: true }).fill('localhost')
      await page.getByLabel('Submission port', { exact: true }).fill(String(exchange!.port))
      await page.getByLabel('Timeout (seconds)', { exact: true }).fill('3')
      await page.getByRole('button', { name: 'Run checks' }).click()
      await page.locator('.run-summary--done').waitFor({ timeout: 30_000 })
      // The outcome is announced: the summary is a live region.
      expect(await page.locator('.run-summary--done').getAttribute('role')).toBe('status')
      await page.locator('.step-site-checks__saved', { hasText: 'saved with this job' }).waitFor()
      // (The folded form's own "Advanced" is hidden with it: only visible ones.)
      const closedDetails = page.locator('details:not([open]) > summary:visible')
      while ((await closedDetails.count()) > 0) await closedDetails.first().click()
      // Each check is a folded row that its own button unfolds.
      const foldedRows = page.locator('button.check-row__toggle[aria-expanded="false"]')
      while ((await foldedRows.count()) > 0) await foldedRows.first().click()
      await saved(page)
      await audit(page, 'Site checks step (results, details open)')

      // --- Decision: every question answered, Basic auth picked (so Verify can sign in)
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
      await page.getByRole('radio', { name: /with a password \(Basic auth\)/ }).check()
      await saved(page)
      await audit(page, 'Decision step (answered, a method picked)')

      // --- Configure: the sender, two steps ticked
      await page.getByRole('button', { name: /^Next: Configure/ }).click()
      await page.getByLabel("Sender address (the device's mailbox)").fill(MAILBOX)
      await page.getByRole('checkbox', { name: /Open the device's email/ }).check()
      await page.getByRole('checkbox', { name: /Enter the SMTP server/ }).check()
      await saved(page)
      await audit(page, 'Configure step')

      // --- Verify: the device mailbox from Settings signs in
      await page.getByRole('button', { name: /^Next: Verify/ }).click()
      const picker = page.getByLabel("The device's mailbox")
      await picker.waitFor()
      if ((await picker.inputValue()) === '')
        await picker.selectOption({ label: `Contoso scanner — ${MAILBOX}` })
      const tests = page.locator('.verify-tests')
      await page.getByRole('button', { name: 'Test sign-in' }).click()
      await tests.locator('.verify-result[data-verify="pass"]').waitFor()
      await saved(page)
      await audit(page, 'Verify step (a sign-in passed)')

      // --- Report: the preview, and a report waiting in the outbox (the office is down)
      await page.getByRole('button', { name: /^Next: Report/ }).click()
      await page.locator('.verdict').waitFor()
      // "In the outbox" is announced: its live region is on the page before the text arrives.
      const queued = page.locator('.send-office__queued')
      expect(await queued.getAttribute('role')).toBe('status')
      expect(await queued.textContent()).toBe('')
      await page.getByLabel('Recipient at the office').fill(OFFICE_MAILBOX)
      await page.getByRole('button', { name: 'Send to office' }).click()
      await queued.filter({ hasText: 'In the outbox' }).waitFor()
      const entry = page.locator('.report-send .outbox-entry')
      await entry.locator('.outbox-entry__explanation').waitFor()
      // The entry's next try is a minute away: both live checks come first, well before it.
      await expectStillLiveRegions(page, entry.locator('.outbox-entry__next'))
      await page.getByRole('button', { name: 'Outbox', exact: true }).click()
      await page.getByRole('heading', { name: 'Outbox', level: 2 }).waitFor()
      await page.locator('.outbox-entry').first().waitFor()
      await expectStillLiveRegions(page, page.locator('.outbox-entry__next').first())

      // --- The Outbox, the job list with the job in it, and the job's report again
      await audit(page, 'Outbox')
      await page.getByRole('button', { name: 'All jobs' }).click()
      const row = page.locator('.job-row', { hasText: 'Contoso Ltd — Main office' })
      await row.waitFor()
      await audit(page, 'Job list (one job)')
      await row.getByRole('button', { name: /^Resume/ }).click()
      expect(await currentStep(page)).toContain('Report')
      await page.locator('.report-send .outbox-entry .outbox-entry__explanation').waitFor()
      await page.locator('.verdict').waitFor()
      await audit(page, 'Report step (preview, a queued report)')

      expect(checked).toHaveLength(14)
      expect(
        found.join('\n\n'),
        'axe-core violations (WCAG 2.1 A/AA, best practice) and Tab stops that fail',
      ).toBe('')
    },
  )

  it('keyboard only: the job list to a family on the Device step', async () => {
    const page = await openApp()
    // The whole job list: every stop named, ringed, in page order.
    const listStops = await tabStops(page)
    expect(listStops.map((s) => s.name)).toEqual(
      expect.arrayContaining(['New job', 'Site checks without a job']),
    )
    for (const s of listStops) {
      expect(s.name, `${s.what} has an accessible name`).not.toBe('')
      expect(s.ring, `${s.what} "${s.name}" shows a focus ring`).toBe(true)
      expect(s.afterPrevious, `${s.what} "${s.name}" comes after the previous stop`).toBe(true)
    }

    // New job with Enter: focus moves into the wizard, on the current step.
    await tabTo(page, /^New job$/)
    await page.keyboard.press('Enter')
    await page.locator('.step-bar__button[aria-current="step"]').waitFor()
    await page.getByRole('heading', { name: 'Job', level: 2 }).waitFor()
    // Opening a job puts focus on its current step in the step bar ("Job, current step").
    expect(await focusedAx(page)).toEqual({ role: 'button', name: 'Job' })
    expect(await page.evaluate('document.activeElement.getAttribute("aria-current")')).toBe('step')
    expect(await focusRingVisible(page)).toBe(true)

    // The first field is the next stop after the step bar; type a customer, then Next.
    await tabTo(page, /^Customer$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.type('Northwind')
    await page.keyboard.press('Tab')
    await page.keyboard.type('Depot')
    await tabTo(page, /^Next: Device/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    expect(await currentStep(page)).toContain('Device')

    // After the step changes, focus is on the new step's heading (read out first), not lost.
    expect(await focusedDescription(page)).toBe('h2: Device')
    expect(await focusedAccessibleName(page)).toBe('Device')
    expect(await focusRingVisible(page)).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'a11y-keyboard-device-heading.png') })

    // Search, then Tab into the family list, Space picks, arrows move the pick.
    await tabTo(page, /^Search the catalogue$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.type('ricoh')
    // The match count is announced (a live region).
    const count = page.locator('.family-picker__count')
    expect(await count.getAttribute('role')).toBe('status')
    await count.filter({ hasText: /families match|family matches/ }).waitFor()
    await page.keyboard.press('Tab')
    expect(await focusedAccessibleName(page)).toMatch(/^Ricoh /)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press('Space')
    const first = await focusedAccessibleName(page)
    await page.keyboard.press('ArrowDown')
    const second = await focusedAccessibleName(page)
    expect(second).not.toBe(first)
    expect(second).toMatch(/^Ricoh /)
    const picked = page.locator('.family-picker input[type="radio"]:checked')
    expect(await picked.count()).toBe(1)
    expect(await focusRingVisible(page)).toBe(true)
    // The capability list for the picked family shows, titled with it.
    await page.locator('[data-capability]').first().waitFor()
    expect(await page.locator('.family-choice').textContent()).toContain('Ricoh')
    await saved(page)

    // Every stop on the Device step: named, ringed, in page order.
    const deviceStops = await tabStops(page)
    expect(deviceStops.length).toBeGreaterThan(20)
    const unnamed = deviceStops.filter((s) => s.name === '')
    expect(unnamed, 'focusable elements without an accessible name').toEqual([])
    const ringless = deviceStops.filter((s) => !s.ring)
    expect(ringless, 'focusable elements without a visible focus ring').toEqual([])
    const outOfOrder = deviceStops.filter((s) => !s.afterPrevious)
    expect(outOfOrder, 'stops reached out of page order').toEqual([])
    // The order a technician meets: header, steps, search, families, fields, capabilities, Next.
    const names = deviceStops.map((s) => s.name)
    const at = (re: RegExp) => names.findIndex((n) => re.test(n))
    const order = [
      at(/Settings$/),
      at(/^Job$/),
      at(/^Search the catalogue$/),
      at(/^Ricoh /),
      at(/^Model \(as on the device's label\)$/),
      at(/^Serial number$/),
      at(/^(Yes|As the catalogue says)$/),
      at(/^Next: Site checks/),
    ]
    expect(
      order.every((i) => i >= 0),
      `all landmarks of the order found in ${names.join(' | ')}`,
    ).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)

    // Shift+Tab goes back the same way: from Next to the stop before it.
    await tabTo(page, /^Next: Site checks/)
    await page.keyboard.press('Shift+Tab')
    const next = names.findIndex((n) => /^Next: Site checks/.test(n))
    expect(await focusedAccessibleName(page)).toBe(names[next - 1])
    await page.keyboard.press('Shift+Tab')
    expect(await focusedAccessibleName(page)).toBe(names[next - 2])
  })
})
