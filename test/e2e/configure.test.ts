/**
 * The Configure step in Chromium (issue 15): the tenant's prerequisites before the device steps
 * that need them, one TLS instruction for a device without TLS 1.2, Copy buttons only on values
 * typed elsewhere, one "Add a note" per step (a note survives a reload), and a dead end that says
 * why and leads back to the ways out. Jobs are made through main's job service, then resumed.
 * Screenshots: test/e2e/artifacts/configure-*.png. Needs `out/renderer` (`npm run build`).
 */
import { join } from 'node:path'

import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Job } from '../../shared/job-types'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { expectNoAxeViolations } from './support/axe'
import { overflowing } from './support/page-tools'
import { closeWatchedPage, requireBrowser } from './support/local-site'

const needs = requireBrowser()
const VIEWPORT = { width: 1024, height: 700 }

describe.skipIf(needs.missing)(needs.title('The Configure step in Chromium'), () => {
  let app: E2eApp | undefined
  const copied: string[] = []

  beforeAll(async () => {
    app = await startApp({ log: () => {}, writeClipboard: (t) => copied.push(t) })
  })

  afterAll(async () => {
    await app?.dispose()
  })

  /** A job saved at the Configure step, for `customer`, with `edits` over a new job. */
  async function makeJob(customer: string, edits: (job: Job) => Job): Promise<Job> {
    const jobs = app!.services.jobs
    const created = await jobs.create()
    const job = edits({
      ...created,
      customer,
      site: 'Main office',
      domain: 'contoso.test',
      senderAddress: 'scanner@contoso.test',
      step: 'configure',
    })
    await jobs.save(job)
    return job
  }

  /** Opens the app and resumes `customer`'s job at its Configure step. */
  async function resume(customer: string) {
    const watched = await app!.open(VIEWPORT)
    const { page } = watched
    await page
      .locator('.job-row', { hasText: customer })
      .getByRole('button', { name: /^Resume/ })
      .click()
    await page.getByRole('heading', { name: 'Configure the device', level: 2 }).waitFor()
    return watched
  }

  const stepIds = (page: Page) =>
    page
      .locator('[data-config-step]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-config-step')))

  const primaries = (page: Page) => page.locator('.button--primary:visible').count()

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: join(ARTIFACTS, `configure-${name}.png`), fullPage: true })
  }

  it('OAuth: SMTP AUTH and consent come before the sign-in; Copy only on typed values; one note per step', async () => {
    const customer = 'Oak Dental'
    await makeJob(customer, (j) => ({
      ...j,
      device: { ...j.device, familyId: 'ricoh-im-series-smart-operation-panel' },
      answers: { externalRecipients: 'yes', staticPublicIp: 'no', mfaOrSecurityDefaults: 'yes' },
      method: 'client-submission-oauth',
    }))
    const watched = await resume(customer)
    const { page } = watched
    expect(await page.locator('.configure-summary__method').textContent()).toContain('OAuth')

    // Order: the tenant's prerequisites, then the device, the sign-in after what it needs.
    const ids = await stepIds(page)
    expect(ids.slice(0, 2)).toEqual(['admin-smtp-auth', 'admin-oauth-consent'])
    expect(ids.indexOf('oauth-sign-in')).toBeGreaterThan(ids.indexOf('admin-oauth-consent'))
    const signIn = page.locator('[data-config-step="oauth-sign-in"]')
    expect(await signIn.locator('.config-step__title').textContent()).toMatch(
      /^5\. Sign in to Microsoft 365 on the device/,
    )
    expect(await signIn.locator('.config-step__needs').textContent()).toBe(
      'Needs first: steps 1 and 2',
    )
    // Consent is a step with its sources, not a pitfall.
    const consent = page.locator('[data-config-step="admin-oauth-consent"]')
    expect(await consent.locator('.config-step__title').textContent()).toContain(
      "2. Tenant admin: consent to Ricoh's app",
    )
    expect(await consent.textContent()).toContain('SMTP.Send')
    expect(await consent.locator('.fact-sources button').count()).toBeGreaterThanOrEqual(2)
    expect(await page.locator('[data-config-step="pitfalls"]').textContent()).not.toContain(
      'consent',
    )

    // Copy: the PowerShell line, the server, the port, the user name and the From address; never
    // "OAuth 2.0 (Microsoft 365)" or "STARTTLS (TLS)".
    const copyable = page.locator('.config-field[data-copyable="true"]')
    expect(
      await copyable.evaluateAll((els) => els.map((e) => e.getAttribute('data-field'))),
    ).toEqual(['powershell', 'server', 'port', 'username', 'fromAddress'])
    expect(await page.getByRole('button', { name: /^Copy/ }).count()).toBe(5)
    const auth = page.locator('.config-field[data-field="authentication"]')
    expect(await auth.locator('.config-field__text').textContent()).toBe(
      'OAuth 2.0 (Microsoft 365)',
    )
    expect(await auth.getByRole('button').count()).toBe(0)
    expect(
      await page.locator('.config-field[data-field="security"]').getByRole('button').count(),
    ).toBe(0)
    await page
      .locator('.config-field[data-field="server"]')
      .getByRole('button', { name: /^Copy/ })
      .click()
    await page.getByRole('button', { name: /Copied/ }).waitFor()
    expect(copied.at(-1)).toBe('smtp.office365.com')

    // One "Add a note" per step, no empty note boxes; a note opens, takes the focus, is kept.
    const steps = await page.locator('[data-config-step]').count()
    expect(await page.getByRole('button', { name: /^\+?\s*Add a note/ }).count()).toBe(steps)
    expect(await page.locator('textarea').count()).toBe(0)
    const server = page.locator('[data-config-step="smtp-server"]')
    await server.getByRole('button', { name: /Add a note/ }).click()
    const note = server.getByLabel(/^Note/)
    expect(await note.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
    await note.fill('Security is called "STARTTLS" under Use Secure Connection (SSL)')
    await note.blur()
    await page.locator('.save-status[data-save="saved"]').waitFor()
    expect(await page.getByRole('button', { name: /Add a note/ }).count()).toBe(steps - 1)
    // One main action on the screen; the opened note passes the accessibility rules.
    expect(await primaries(page)).toBe(1)
    await expectNoAxeViolations(page, 'Configure (OAuth, a note open)')
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'oauth')
    await page.evaluate('window.scrollTo(0, 0)')
    await page.screenshot({ path: join(ARTIFACTS, 'configure-oauth-fold.png') })

    await page.reload()
    await page
      .locator('.job-row', { hasText: customer })
      .getByRole('button', { name: /^Resume/ })
      .click()
    const kept = page.locator('[data-config-step="smtp-server"]').getByLabel(/^Note/)
    expect(await kept.inputValue()).toBe(
      'Security is called "STARTTLS" under Use Secure Connection (SSL)',
    )
    expect(await page.locator('textarea').count()).toBe(1)
    await closeWatchedPage(watched)
  })

  it('Basic: SMTP AUTH and Basic allowed come before the device settings', async () => {
    const customer = 'Birch Legal'
    await makeJob(customer, (j) => ({
      ...j,
      device: { ...j.device, familyId: 'hp-futuresmart-enterprise' },
      answers: {
        externalRecipients: 'yes',
        staticPublicIp: 'no',
        mfaOrSecurityDefaults: 'no',
        basicAuthBlocked: 'no',
      },
      method: 'client-submission-basic',
    }))
    const watched = await resume(customer)
    const { page } = watched
    expect(await page.locator('.configure-summary__method').textContent()).toContain('Basic auth')
    const ids = await stepIds(page)
    expect(ids.indexOf('admin-smtp-auth')).toBe(0)
    expect(ids.indexOf('admin-basic-auth')).toBe(1)
    expect(ids.indexOf('smtp-server')).toBeGreaterThan(1)
    expect(
      await page.locator('[data-config-step="smtp-server"] .config-step__needs').textContent(),
    ).toBe('Needs first: steps 1 and 2')
    // The password is a placeholder to type on the device: no Copy button.
    expect(
      await page.locator('.config-field[data-field="password"]').getByRole('button').count(),
    ).toBe(0)
    await closeWatchedPage(watched)
  })

  it('a device without TLS 1.2: one instruction, security off, never "recommended" beside "fails"', async () => {
    const customer = 'Cedar Clinic'
    await makeJob(customer, (j) => ({
      ...j,
      device: { ...j.device, familyId: 'brother-legacy-network-mfc' },
      answers: { externalRecipients: 'no' },
      method: 'direct-send',
    }))
    const watched = await resume(customer)
    const { page } = watched
    expect(await page.locator('.configure-summary__method').textContent()).toContain('Direct send')
    const security = page.locator('.config-field[data-field="security"]')
    expect(await security.locator('.config-field__text').textContent()).toBe('Off (no STARTTLS)')
    const server = (await page.locator('[data-config-step="smtp-server"]').textContent()) ?? ''
    expect(server).toContain('without TLS 1.2')
    expect(server).not.toMatch(/if offered|recommended/i)
    // SPF and Reject Direct Send (the tenant's part) before the device.
    const ids = await stepIds(page)
    expect(ids.indexOf('admin-spf')).toBeLessThan(ids.indexOf('open-settings'))
    expect(ids.indexOf('admin-reject-direct-send')).toBeLessThan(ids.indexOf('open-settings'))
    await shot(page, 'no-tls12')
    await closeWatchedPage(watched)
  })

  it('a dead end: why, the best way out, and one main action back to the ways out', async () => {
    const customer = 'Dogwood Print'
    await makeJob(customer, (j) => ({
      ...j,
      device: {
        ...j.device,
        familyId: 'brother-legacy-network-mfc',
        capabilityAnswers: { tls12: 'no' },
      },
      answers: { externalRecipients: 'yes', staticPublicIp: 'no' },
      method: null,
    }))
    const watched = await resume(customer)
    const { page } = watched
    const panel = page.locator('[data-dead-end]')
    await panel.waitFor()
    expect(await panel.textContent()).toContain('No Microsoft 365 method fits here')
    expect(await panel.locator('.dead-end__facts li').count()).toBeGreaterThan(0)
    expect(await panel.locator('.dead-end__best').textContent()).toMatch(/^Best way out here: \S/)
    expect(await page.locator('[data-config-step]').count()).toBe(0)
    const action = page.getByRole('button', { name: 'See the ways out' })
    expect(await action.getAttribute('class')).toContain('button--primary')
    expect(await primaries(page)).toBe(1)
    expect(await overflowing(page)).toEqual([])
    await expectNoAxeViolations(page, 'Configure (no method fits)')
    await shot(page, 'dead-end')
    await action.click()
    await page.getByRole('heading', { name: 'Next: pick a way out' }).waitFor()
    expect(await page.locator('.step-bar__button[aria-current="step"]').textContent()).toContain(
      'Decision',
    )
    await closeWatchedPage(watched)
  })
})
