/**
 * The wizard end to end: a whole job in headless Chromium through the browser test host, against
 * the real handler table, real probes talking to local peers, and a job service writing to a
 * temporary folder (so a page reload finds the job). Screenshots of every step at 1024×700 go to
 * test/e2e/artifacts/wizard-<step>.png. Needs `out/renderer` (`npm run build`).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { blocklistName, reverseName, type DnsRecord } from '../helpers/dns-server'
import type { ScenarioServer } from '../helpers/scenario-smtp-server'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { axeViolations } from './support/axe'
import {
  focusRingVisible,
  focusedName,
  overflowing,
  tabTo,
  type WatchedPage,
} from './support/page-tools'
import {
  requireBrowser,
  closeWatchedPage,
  startLocalSite,
  type LocalSite,
  TEST_BLOCKLIST,
} from './support/local-site'

/** A documentation address (RFC 5737), never a real site. */
const ECHO_IP = '203.0.113.7'
/** `.test` is reserved (RFC 2606): never on the internet. */
const DOMAIN = 'contoso.test'
const MX_ENDPOINT = 'contoso-test.mail.protection.outlook.com'
const VIEWPORT = { width: 1024, height: 700 }
const needs = requireBrowser()

/** Every name a run asks for resolves here (the run's DNS server): no system resolver, no internet. */
function siteRecords(): DnsRecord[] {
  return [
    { type: 'A', name: 'localhost', address: '127.0.0.1' },
    { type: 'A', name: MX_ENDPOINT, address: '127.0.0.1' },
    { type: 'MX', name: DOMAIN, exchange: MX_ENDPOINT, priority: 0 },
    { type: 'TXT', name: DOMAIN, strings: ['v=spf1 include:spf.protection.outlook.com -all'] },
    { type: 'TXT', name: 'spf.protection.outlook.com', strings: ['v=spf1 ip4:40.92.0.0/15 -all'] },
    { type: 'PTR', name: reverseName(ECHO_IP), target: 'mail.contoso.test' },
    // Not listed: the zone answers NXDOMAIN for the site's address.
    { type: 'A', name: blocklistName('192.0.2.1', TEST_BLOCKLIST), address: '127.0.0.2' },
  ]
}

type OpenPage = WatchedPage

describe('Wizard in Chromium', () => {
  let app: E2eApp | undefined
  let site: LocalSite | undefined
  let exchange: ScenarioServer | undefined
  /** The folder of the job files (the test counts them). */
  let dataDir: string | undefined
  const opened: string[] = []
  /** What the page's Copy buttons asked main to put on the clipboard. */
  const copied: string[] = []
  const hostLog: string[] = []
  let current: OpenPage | undefined

  beforeAll(async () => {
    if (needs.missing) return
    site = await startLocalSite({ records: siteRecords(), echoIp: ECHO_IP })
    const { deps } = site
    exchange = site.exchange
    // NETWORK SAFETY: DNS, public-IP sources and blocklists all stay on loopback.
    app = await startApp({
      probeDeps: deps,
      siteDefaults: site.siteDefaults,
      secretStorage: { kind: 'session', reason: 'no keychain in this test' },
      // The Report step without a report service says so plainly (offline-report.test.ts has it).
      withhold: ['reports'],
      writeClipboard: (text) => copied.push(text),
      openExternal: async (url) => {
        opened.push(url)
      },
      log: (m) => hostLog.push(m),
    })
    dataDir = join(app.dataDir!, 'jobs')
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

  async function openApp(): Promise<OpenPage> {
    current = await app!.open(VIEWPORT)
    await current.page.getByRole('button', { name: 'New job' }).waitFor()
    return current
  }

  /** The whole page, and what the technician sees first at 1024×700 (`-fold`). */
  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `wizard-${name}.png`), fullPage: true })
    await page.evaluate('window.scrollTo(0, 0)')
    await page.screenshot({ path: join(ARTIFACTS, `wizard-${name}-fold.png`) })
  }

  /** Waits until main holds every edit (the job bar says "Saved"). */
  const saved = (page: Page) => page.locator('.save-status[data-save="saved"]').waitFor()

  const step = (page: Page, label: string): Locator =>
    page.getByRole('navigation', { name: 'Steps of the job' }).getByRole('button', { name: label })

  const currentStep = (page: Page) =>
    page.locator('.step-bar__button[aria-current="step"]').textContent()

  /** The method the job file on disk records (what main saved), found by the job's customer. */
  function storedMethod(customer: string): string | null | undefined {
    for (const f of readdirSync(dataDir!).filter((n) => n.endsWith('.json'))) {
      const job = JSON.parse(readFileSync(join(dataDir!, f), 'utf8')) as {
        customer?: string
        method?: string | null
      }
      if (job.customer === customer) return job.method ?? null
    }
    return undefined
  }

  /** The main (blue) buttons on screen: one per screen (`besideCapture`: Verify's capture panel aside). */
  const primaryButtons = (page: Page, opts: { besideCapture?: boolean } = {}) =>
    page
      .locator(
        opts.besideCapture ? '.button--primary:not(.capture .button--primary)' : '.button--primary',
      )
      .evaluateAll((els) => els.map((e) => e.textContent?.trim()))

  /** StepNav's "Next" button: the main one only while the step can move on. */
  const nextIsPrimary = async (page: Page) =>
    ((await page.locator('.step-nav button', { hasText: /^Next:/ }).getAttribute('class')) ?? '')
      .split(' ')
      .includes('button--primary')

  // --- Tests ---------------------------------------------------------------------------------

  it('a whole job: create, device, site checks, decision, configure, reload and resume', async () => {
    const { page } = await openApp()
    expect(await overflowing(page)).toEqual([])

    // --- Job
    await page.getByRole('button', { name: 'New job' }).click()
    expect(await currentStep(page)).toContain('Job')
    expect(await page.locator('.step-bar__button').count()).toBe(7)
    await page.getByLabel('Customer', { exact: true }).fill('Contoso Ltd')
    await page.getByLabel('Site', { exact: true }).fill('Main office')
    await page.getByLabel('Customer mail domain').fill('contoso@test')
    await page.locator('.field__error', { hasText: 'is an email address' }).waitFor()
    await page.getByLabel('Customer mail domain').fill(DOMAIN)
    expect(await page.locator('.field__error').count()).toBe(0)
    await page.getByLabel('Contact at the site').fill('Ana Ortiz, +1 555 0100')
    await page.getByLabel('Technician').fill('Sam Lee')
    await saved(page)
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'job')

    // --- Device
    await page.getByRole('button', { name: /^Next: Device/ }).click()
    expect(await currentStep(page)).toContain('Device')
    await page.getByLabel('Search the catalogue').fill('hp m528')
    const option = page.getByRole('radio', { name: /LaserJet Enterprise \/ Managed MFPs/ })
    await option.check()
    expect(await page.getByLabel("Model (as on the device's label)").inputValue()).toBe(
      'LaserJet Enterprise MFP M528',
    )
    await page.getByLabel('Firmware version').fill('FutureSmart 5.7.1')
    await page.getByLabel('IP address or host name').fill('192.0.2.25')
    await page.getByLabel('Serial number').fill('CNB1234567')
    // A known fact shows its confidence and its source; main opens exactly the documents the
    // catalogue cites, though the vendor's host is not on its list of sites.
    const oauth = page.locator('[data-capability="oauthM365"]')
    expect(await oauth.locator('.confidence').textContent()).toBe('Low confidence')
    await oauth.locator('summary').click()
    const source = oauth.getByRole('button', { name: /github\.com/ }).first()
    const cited = await source.getAttribute('title')
    expect(cited).toMatch(/^https:\/\/github\.com\//)
    await source.click()
    await expect.poll(() => opened).toEqual([cited])
    expect(await oauth.locator('.external-link__error').count()).toBe(0)
    opened.length = 0
    // Unknown facts are asked; these answers override the catalogue (TLS 1.2 is known, weakly).
    for (const key of ['starttls587', 'tls12', 'smtpAuth']) {
      const cap = page.locator(`[data-capability="${key}"]`)
      if (key !== 'tls12')
        expect(await cap.locator('.tag', { hasText: 'Not known' }).count()).toBe(1)
      await cap.getByRole('radio', { name: 'Yes', exact: true }).check()
    }
    await saved(page)
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'device')

    // --- Site checks
    await page.getByRole('button', { name: /^Next: Site checks/ }).click()
    expect(await page.getByLabel('Customer mail domain (optional)').inputValue()).toBe(DOMAIN)
    await page.getByLabel('Submission host', { exact: true }).fill('localhost')
    await page.getByLabel('Submission port', { exact: true }).fill(String(exchange!.port))
    await page.getByLabel('Timeout (seconds)', { exact: true }).fill('3')
    await page.getByRole('button', { name: 'Run checks' }).click()
    // The waterfall reserves a row for every planned check as soon as the run starts.
    await page.locator('[data-waterfall-row]').first().waitFor()
    const planned = await page.locator('li[data-check-id]').count()
    expect(await page.locator('[data-waterfall-row]').count()).toBe(planned)
    await page.locator('.run-summary--done').waitFor({ timeout: 20_000 })
    expect(await page.locator('[data-waterfall-row]').count()).toBe(planned)
    // Every finished check has bars with a text name (SVG title) and an accessible label.
    const starttlsRow = page.locator('[data-waterfall-row="starttls-submission"]')
    expect(await starttlsRow.getByRole('img').getAttribute('aria-label')).toMatch(
      /connect .+ms.*tls .+ms/,
    )
    expect(await starttlsRow.locator('rect title').count()).toBeGreaterThanOrEqual(4)
    // The report went into the job.
    await page.locator('.step-site-checks__saved', { hasText: 'saved with this job' }).waitFor()
    await saved(page)
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'site-checks')
    await page
      .locator('.waterfall')
      .screenshot({ path: join(ARTIFACTS, 'wizard-site-checks-timing.png') })

    // --- Decision
    await page.getByRole('button', { name: /^Next: Decision/ }).click()
    // Before any answer: a recommendation, but nothing looks chosen and the job records none.
    // An unknown is a question still to answer, never a reason for the method.
    const best = page.locator('.methods--best .method')
    expect(await best.getAttribute('data-method')).toBe('client-submission-oauth')
    expect(await page.locator('.recommendation input[type="radio"]:checked').count()).toBe(0)
    expect(await best.locator('.findings--reason').textContent()).not.toContain(
      'External recipients',
    )
    expect(await best.locator('.findings--open').textContent()).toContain(
      'External recipients — not known yet',
    )
    expect(await primaryButtons(page)).toEqual(['Use this method'])
    expect(await nextIsPrimary(page)).toBe(false)
    await saved(page)
    expect(storedMethod('Contoso Ltd')).toBeNull()
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
    expect(await best.getAttribute('data-method')).toBe('client-submission-oauth')
    expect(await best.locator('.findings--reason').textContent()).toContain(
      'Device: Microsoft 365 OAuth — yes',
    )
    // Answered: a reason now, no longer a question.
    expect(await best.locator('.findings--reason').textContent()).toContain(
      'External recipients — yes',
    )
    expect(await best.locator('.findings--open').count()).toBe(0)
    expect(await page.locator('.recommendation input[type="radio"]:checked').count()).toBe(0)
    // The other methods: a disclosure, open while nothing is chosen, that says so.
    const others = page.getByRole('button', { name: /^Other methods \(4\)$/ })
    expect(await others.getAttribute('aria-expanded')).toBe('true')
    await others.click()
    expect(await others.getAttribute('aria-expanded')).toBe('false')
    expect(await page.locator('.method[data-method="direct-send"]').isVisible()).toBe(false)
    await others.click()
    expect(await others.getAttribute('aria-expanded')).toBe('true')
    // Confirming is the step's one main action: then the radio is filled, the job records it,
    // Next is the main button.
    await page.getByRole('button', { name: 'Use this method' }).click()
    expect(await best.getByRole('radio').isChecked()).toBe(true)
    await page.locator('[data-method-confirm="chosen"]').waitFor()
    await saved(page)
    expect(storedMethod('Contoso Ltd')).toBe('client-submission-oauth')
    expect(await nextIsPrimary(page)).toBe(true)
    expect(await primaryButtons(page)).toEqual(['Next: Configure →'])
    // Opened by hand, the other methods stay open.
    expect(await others.getAttribute('aria-expanded')).toBe('true')
    // A blocked method names the fact that blocks it.
    const direct = page.locator('.method[data-method="direct-send"]')
    expect(await direct.locator('.findings--blocker').textContent()).toContain(
      'Port 25 — blocked on this network',
    )
    expect(await direct.getByRole('radio').count()).toBe(0)
    // Pick another possible method: it is what the job records, and the recommended one is offered
    // back as a secondary button.
    await page.getByRole('radio', { name: /with a password \(Basic auth\)/ }).check()
    expect(await best.getByRole('radio').isChecked()).toBe(false)
    await page.getByRole('button', { name: 'Use the recommended method instead' }).waitFor()
    await saved(page)
    expect(storedMethod('Contoso Ltd')).toBe('client-submission-basic')
    expect(await primaryButtons(page)).toEqual(['Next: Configure →'])
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'decision')

    // --- Configure
    await page.getByRole('button', { name: /^Next: Configure/ }).click()
    expect(await page.locator('.configure-summary__method').textContent()).toContain('Basic auth')
    await page.getByLabel("Sender address (the device's mailbox)").fill(`scanner@${DOMAIN}`)
    const server = page.locator('[data-config-step="smtp-server"]')
    expect(
      await server
        .locator('.config-field', { hasText: 'SMTP server' })
        .locator('.config-field__text')
        .textContent(),
    ).toBe('smtp.office365.com')
    expect(
      await server
        .locator('.config-field', { hasText: 'User name' })
        .locator('.config-field__text')
        .textContent(),
    ).toBe(`scanner@${DOMAIN}`)
    await server.getByRole('button', { name: 'Copy SMTP server' }).click()
    await server.getByRole('button', { name: /Copied/ }).waitFor()
    expect(copied.at(-1)).toBe('smtp.office365.com')
    // Where: not in the catalogue for this family (the catalogue has no HP menu path).
    expect(
      await page.locator('[data-config-step="open-settings"] .config-step__where').textContent(),
    ).toContain('Not in the catalogue')
    await page.getByRole('checkbox', { name: /Open the device's email/ }).check()
    await page.getByRole('checkbox', { name: /Enter the SMTP server/ }).check()
    await server.getByRole('button', { name: /Add a note/ }).click()
    await server.getByLabel(/^Note/).fill('Security is called "SSL/TLS: STARTTLS" on this firmware')
    await page
      .locator('.configure-summary__progress', { hasText: /^2 of \d+ steps done$/ })
      .waitFor()
    await saved(page)
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'configure')

    // --- Verify (tested in settings-verify.test.ts): no device mailbox yet. Report: what will come
    await page.getByRole('button', { name: /^Next: Verify/ }).click()
    await page
      .getByText("No device mailbox yet (the job's sender is scanner@contoso.test)")
      .waitFor()
    // No device mailbox yet: making one is the one main action (capture is the lead's panel).
    expect(await primaryButtons(page, { besideCapture: true })).toEqual(['New mailbox profile'])
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'verify')
    await page.getByRole('button', { name: /^Next: Report/ }).click()
    // This host serves no report service: the step says so plainly (offline-report.test.ts has it).
    await page.getByRole('heading', { name: 'Report', level: 2 }).waitFor()
    await page.locator('.step-report .alert', { hasText: 'The report could not be made' }).waitFor()
    await saved(page)
    await shot(page, 'report')
    expect(readdirSync(dataDir!).filter((f) => f.endsWith('.json'))).toHaveLength(1)

    // --- Reload: the job is in the list, and opens as it was left
    await page.reload()
    const row = page.locator('.job-row', { hasText: 'Contoso Ltd — Main office' })
    await row.waitFor()
    expect(await row.textContent()).toContain('At step Report')
    expect(await row.textContent()).toContain('HP LaserJet Enterprise MFP M528')
    await shot(page, 'jobs')
    await row.getByRole('button', { name: /^Resume/ }).click()
    expect(await currentStep(page)).toContain('Report')

    await step(page, 'Configure').click()
    expect(await page.getByRole('checkbox', { name: /Open the device's email/ }).isChecked()).toBe(
      true,
    )
    expect(await page.getByRole('checkbox', { name: /Enter the SMTP server/ }).isChecked()).toBe(
      true,
    )
    expect(
      await page.locator('[data-config-step="smtp-server"]').getByLabel(/^Note/).inputValue(),
    ).toContain('SSL/TLS: STARTTLS')
    expect(await page.locator('.configure-summary__method').textContent()).toContain('Basic auth')

    await step(page, 'Decision').click()
    expect(
      await page
        .getByRole('group', { name: /^Must it send to addresses outside/ })
        .getByRole('radio', { name: 'Yes', exact: true })
        .isChecked(),
    ).toBe(true)
    // The choice survives the reload, shown as the job records it.
    expect(
      await page.getByRole('radio', { name: /with a password \(Basic auth\)/ }).isChecked(),
    ).toBe(true)
    expect(await page.locator('.recommendation input[type="radio"]:checked').count()).toBe(1)

    await step(page, 'Site checks').click()
    await page.locator('.run-summary--done').waitFor()
    expect(await page.locator('[data-waterfall-row]').count()).toBe(planned)
    expect(await page.getByLabel('Customer mail domain (optional)').inputValue()).toBe(DOMAIN)

    await step(page, 'Device').click()
    expect(await page.locator('.family-choice').textContent()).toContain(
      'LaserJet Enterprise / Managed MFPs',
    )
    expect(await page.getByLabel('Serial number').inputValue()).toBe('CNB1234567')

    await step(page, 'Job').click()
    expect(await page.getByLabel('Customer', { exact: true }).inputValue()).toBe('Contoso Ltd')
    expect(await page.getByLabel('Technician').inputValue()).toBe('Sam Lee')
  })

  it('keyboard only: a job and the decision with Tab, Space, arrows and Enter', async () => {
    const { page } = await openApp()
    await tabTo(page, /^New job$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    await page.locator('.step-bar__button[aria-current="step"]').waitFor()

    // Job: type into each field in order, then Enter on Next.
    await tabTo(page, /^Customer$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.type('Fabrikam')
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('Site')
    await page.keyboard.type('Warehouse')
    await page.keyboard.press('Tab')
    await page.keyboard.type('fabrikam.test')
    await tabTo(page, /^Next: Device/)
    await page.keyboard.press('Enter')
    expect(await currentStep(page)).toContain('Device')

    // Straight to the decision through the step bar, with the arrow keys.
    await tabTo(page, /Device$/, { back: true })
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    expect(await focusedName(page)).toMatch(/Decision$/)
    await page.keyboard.press('Enter')
    expect(await currentStep(page)).toContain('Decision')

    // Eight radio groups: Tab into each, Space answers "Yes", ArrowRight moves the answer to "No".
    // The admin's questions have a "Where the admin looks" disclosure after them, also a Tab stop.
    const keys = [
      'Space',
      'ArrowRight',
      'ArrowRight',
      'ArrowRight',
      'ArrowRight',
      'ArrowRight',
      'ArrowRight',
      'ArrowRight',
    ]
    await tabTo(page, /^Yes$/)
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) await page.keyboard.press('Tab')
      if ((await focusedName(page)) === 'Where the admin looks') {
        expect(await focusRingVisible(page)).toBe(true)
        await page.keyboard.press('Tab')
      }
      expect(await focusedName(page)).toBe('Yes')
      expect(await focusRingVisible(page)).toBe(true)
      await page.keyboard.press(keys[i]!)
    }
    const checked = await page
      .locator('.questions input[type="radio"]:checked')
      .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))
    expect(checked).toEqual(['yes', 'no', 'no', 'no', 'no', 'no', 'no', 'no'])
    // External recipients: yes blocks direct send, by name.
    expect(
      await page.locator('.method[data-method="direct-send"] .findings--blocker').textContent(),
    ).toContain('External recipients — yes')

    await tabTo(page, /^Next: Configure/)
    await page.keyboard.press('Enter')
    expect(await currentStep(page)).toContain('Configure')
    await saved(page)

    await page.reload()
    const row = page.locator('.job-row', { hasText: 'Fabrikam — Warehouse' })
    await row.waitFor()
    expect(await row.textContent()).toContain('At step Configure')
  })

  it('no method fits: the Decision step leads with the ways out; a device fixed on port 25 gets 25', async () => {
    const { page } = await openApp()
    await page.getByRole('button', { name: 'New job' }).click()
    await page.getByLabel('Customer', { exact: true }).fill('Northwind')
    await page.getByLabel('Site', { exact: true }).fill('Depot')
    await page.getByRole('button', { name: /^Next: Device/ }).click()
    await page.getByLabel('Search the catalogue').fill('generic')
    await page.getByRole('radio', { name: /Generic SMTP device/ }).check()
    const capability = (key: string, value: 'Yes' | 'No') =>
      page
        .locator(`[data-capability="${key}"]`)
        .getByRole('radio', { name: value, exact: true })
        .check()
    // The port-25 capability is asked like the others.
    expect(await page.locator('[data-capability="starttls25"]').textContent()).toContain(
      'STARTTLS and sign in (SMTP AUTH) on port 25',
    )
    for (const key of ['starttls587', 'tls12', 'smtpAuth']) await capability(key, 'Yes')
    await capability('oauthM365', 'No')
    await saved(page)

    await step(page, 'Decision').click()
    const answers: Record<string, 'Yes' | 'No'> = {
      'Must it send to addresses outside the organisation': 'Yes',
      'Do Security Defaults or MFA apply': 'No',
      'Does the tenant block password \\(Basic\\) sign-in': 'Yes',
      'Does the site have a static public IP': 'No',
    }
    for (const [question, value] of Object.entries(answers))
      await page
        .getByRole('group', { name: new RegExp(`^${question}`) })
        .getByRole('radio', { name: value, exact: true })
        .check()
    // Where the admin looks: the read-only PowerShell and Microsoft's page.
    const lookup = page.locator('[data-question="basicAuthBlocked"] .admin-lookup')
    await lookup.getByText('Where the admin looks').click()
    expect(await lookup.textContent()).toContain(
      'Get-AuthenticationPolicy | Format-List Name,AllowBasicAuthSmtp',
    )
    expect(await lookup.getByRole('button', { name: /learn\.microsoft\.com/ }).count()).toBe(2)
    await lookup.getByText('Where the admin looks').click()

    // Nothing fits: the next action is a way out, not a red note. Answers alone block some
    // methods here, and the step names them (it never just says "correct an answer").
    expect(await page.locator('.methods--best').count()).toBe(0)
    expect(await page.locator('.recommendation .note--fail').count()).toBe(0)
    await page.getByRole('heading', { name: 'Next: pick a way out' }).waitFor()
    const fix = page.locator('.dead-end [data-answer-fix]')
    expect(await fix.getAttribute('data-answer-fix')).not.toBe('none')
    expect(await fix.textContent()).toMatch(/Only if an answer is wrong: .+ — (yes|no)/)
    expect(await page.locator('.step-decision').textContent()).not.toContain('correct an answer')
    expect(await primaryButtons(page)).toEqual(['Open the report with the ways out'])
    expect(await nextIsPrimary(page)).toBe(false)
    const ways = page.locator('.way-out')
    expect(await ways.first().getAttribute('data-way-out')).toBe('acs-email')
    const first = ways.first()
    expect(await first.locator('details').getAttribute('open')).not.toBeNull()
    expect(await first.textContent()).toContain('smtp.azurecomm.net')
    expect(await first.locator('.confidence').textContent()).toBe('High confidence')
    expect(await ways.last().getAttribute('data-way-out')).toBe('replace-device')
    expect(
      await page
        .locator('.method[data-method="client-submission-basic"] .findings--blocker')
        .textContent(),
    ).toContain('Basic auth blocked in the tenant — yes')
    expect(await overflowing(page)).toEqual([])
    await saved(page)
    await shot(page, 'decision-ways-out')
    // Every way out opened: still nothing wider than the window, each with its sources.
    for (const summary of await page.locator('.way-out summary').all()) {
      if ((await summary.locator('xpath=..').getAttribute('open')) === null) await summary.click()
    }
    expect(await overflowing(page)).toEqual([])
    for (const way of await ways.all())
      expect(await way.locator('.fact-sources button').count()).toBeGreaterThan(0)
    await page
      .locator('.ways-out')
      .screenshot({ path: join(ARTIFACTS, 'wizard-decision-ways-out-list.png') })

    // The device turns out to be fixed on port 25, with OAuth: client submission on 25.
    await step(page, 'Device').click()
    await capability('starttls587', 'No')
    await capability('starttls25', 'Yes')
    await capability('oauthM365', 'Yes')
    await step(page, 'Decision').click()
    const best = page.locator('.methods--best .method')
    expect(await best.getAttribute('data-method')).toBe('client-submission-oauth')
    expect(await best.locator('.findings--warning').textContent()).toContain(
      'also accepts submission on port 25',
    )
    // Still choosing: the other methods are open. Confirmed: they fold away, Next leads.
    const others = page.getByRole('button', { name: /^Other methods \(4\)$/ })
    expect(await others.getAttribute('aria-expanded')).toBe('true')
    expect(await nextIsPrimary(page)).toBe(false)
    await page.getByRole('button', { name: 'Use this method' }).click()
    expect(await others.getAttribute('aria-expanded')).toBe('false')
    expect(await best.getByRole('radio').isChecked()).toBe(true)
    expect(await primaryButtons(page)).toEqual(['Next: Configure →'])
    await step(page, 'Configure').click()
    const port = page
      .locator('[data-config-step="smtp-server"] .config-field')
      .filter({ has: page.getByText('Port', { exact: true }) })
      .locator('.config-field__text')
    expect(await port.textContent()).toBe('25')
    await saved(page)
  })
  it('a dead end no answer changes (a static IP whose reverse name holds its digits): every held step says why and offers the way out', async () => {
    // The ISP names the site's static address like a dynamic pool: a hint, never an answer.
    const dynamicName = '203-0-113-7.dyn.isp.test'
    site!.dns.setRecords(
      siteRecords().map((r) => (r.type === 'PTR' ? { ...r, target: dynamicName } : r)),
    )
    try {
      const { page } = await openApp()
      await page.getByRole('button', { name: 'New job' }).click()
      await page.getByLabel('Customer', { exact: true }).fill('Tailspin Toys')
      await page.getByLabel('Site', { exact: true }).fill('Annex')
      await page.getByLabel('Customer mail domain').fill(DOMAIN)
      await page.getByRole('button', { name: /^Next: Device/ }).click()
      await page.getByLabel('Search the catalogue').fill('generic')
      await page.getByRole('radio', { name: /Generic SMTP device/ }).check()
      // An old device: no TLS 1.2, no Microsoft 365 OAuth.
      const capabilities = [
        ['starttls587', 'Yes'],
        ['tls12', 'No'],
        ['smtpAuth', 'Yes'],
        ['oauthM365', 'No'],
      ] as const
      for (const [key, value] of capabilities)
        await page
          .locator(`[data-capability="${key}"]`)
          .getByRole('radio', { name: value, exact: true })
          .check()
      await saved(page)
      // The site checks: outbound port 25 is blocked on this network.
      await step(page, 'Site checks').click()
      await page.getByLabel('Submission host', { exact: true }).fill('localhost')
      await page.getByLabel('Submission port', { exact: true }).fill(String(exchange!.port))
      await page.getByLabel('Timeout (seconds)', { exact: true }).fill('3')
      await page.getByRole('button', { name: 'Run checks' }).click()
      await page.locator('.step-site-checks__saved', { hasText: 'saved with this job' }).waitFor({
        timeout: 20_000,
      })
      await saved(page)

      // --- Decision: the ISP says the address is static; mail goes outside.
      await step(page, 'Decision').click()
      const answers = {
        'Must it send to addresses outside the organisation': 'Yes',
        'Do Security Defaults or MFA apply': 'No',
        'Does the site have a static public IP': 'Yes',
      } as const
      for (const [question, value] of Object.entries(answers))
        await page
          .getByRole('group', { name: new RegExp(`^${question}`) })
          .getByRole('radio', { name: value, exact: true })
          .check()
      expect(await page.locator('[data-question="staticPublicIp"]').textContent()).toContain(
        dynamicName,
      )
      const end = page.locator('.step-decision .dead-end')
      expect(await end.textContent()).toContain('No Microsoft 365 method fits here')
      expect(await end.textContent()).toContain('Device: TLS 1.2 — no')
      expect(await end.textContent()).toContain('Port 25 — blocked on this network')
      // No answer would help, so none is suggested.
      expect(await end.locator('[data-answer-fix]').getAttribute('data-answer-fix')).toBe('none')
      expect(await end.textContent()).toContain('No answer changes this')
      expect(await page.locator('.step-decision').textContent()).not.toContain('correct an answer')
      await page.getByRole('heading', { name: 'Next: pick a way out' }).waitFor()
      expect(await page.locator('.way-out').count()).toBeGreaterThan(1)
      expect(await primaryButtons(page)).toEqual(['Open the report with the ways out'])
      expect(await nextIsPrimary(page)).toBe(false)
      // What blocks each method: folded, a real disclosure.
      const why = page.getByRole('button', { name: /^What blocks each method \(5\)$/ })
      expect(await why.getAttribute('aria-expanded')).toBe('false')
      expect(await page.locator('.method[data-method="smtp-relay"]').isVisible()).toBe(false)
      await why.click()
      expect(await why.getAttribute('aria-expanded')).toBe('true')
      expect(
        await page.locator('.method[data-method="smtp-relay"] .findings--blocker').textContent(),
      ).toContain('Port 25 — blocked on this network')
      await why.click()
      expect(await why.getAttribute('aria-expanded')).toBe('false')
      await saved(page)
      expect(storedMethod('Tailspin Toys')).toBeNull()
      expect(await overflowing(page)).toEqual([])
      expect(await axeViolations(page)).toEqual([])
      await shot(page, 'decision-dead-end')

      // --- Configure: why, and the way back to the ways out as its main button.
      await step(page, 'Configure').click()
      const configure = page.locator('.step-configure [data-dead-end]')
      await configure.waitFor()
      expect(await configure.textContent()).toContain('Port 25 — blocked on this network')
      expect(await configure.textContent()).toContain('No answer changes this')
      expect(await primaryButtons(page)).toEqual(['See the ways out'])
      expect(await nextIsPrimary(page)).toBe(false)
      expect(await overflowing(page)).toEqual([])
      await shot(page, 'configure-dead-end')

      // --- Verify: the same; its button goes back to the Decision step's ways out.
      await step(page, 'Verify').click()
      const verify = page.locator('.step-verify [data-dead-end]')
      await verify.waitFor()
      expect(await verify.textContent()).toContain('Nothing to verify until a way out is taken')
      expect(await verify.textContent()).toContain('Device: TLS 1.2 — no')
      expect(await verify.textContent()).toContain('Best way out here:')
      expect(await page.locator('.step-verify .note--fail').count()).toBe(0)
      expect(await primaryButtons(page, { besideCapture: true })).toEqual(['See the ways out'])
      expect(await nextIsPrimary(page)).toBe(false)
      expect(await overflowing(page)).toEqual([])
      expect(await axeViolations(page)).toEqual([])
      await shot(page, 'verify-dead-end')
      await verify.getByRole('button', { name: 'See the ways out' }).click()
      expect(await currentStep(page)).toContain('Decision')
      await expect.poll(() => focusedName(page)).toBe('Next: pick a way out')

      // The Decision step's main action: the report, which lists the ways out for the customer.
      await page.getByRole('button', { name: 'Open the report with the ways out' }).click()
      expect(await currentStep(page)).toContain('Report')
      await saved(page)
    } finally {
      site!.dns.setRecords(siteRecords())
    }
  })
})
