/**
 * The "relay at this site" way out in Chromium (issue 16): from the dead end of a device that
 * cannot sign in with OAuth, the technician picks ScanPath Relay, types its address, and Configure
 * shows the relay's setup (relay.json with the job's values) and the device pointing at the relay;
 * the choice survives a reload. Screenshots: test/e2e/artifacts/site-relay-*.png.
 * Needs `out/renderer` (`npm run build`).
 */
import { join } from 'node:path'

import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Job } from '../../shared/job-types'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { expectNoAxeViolations } from './support/axe'
import { captureOneScan, switchBackValues } from './support/capture-device'
import { overflowing } from './support/page-tools'
import { closeWatchedPage, requireBrowser } from './support/local-site'

const needs = requireBrowser()
const VIEWPORT = { width: 1024, height: 700 }
const CUSTOMER = 'Relay Dental'
/** An app registration's Application (client) ID, as the tenant admin reads it off its Overview page. */
const CLIENT_ID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'

describe.skipIf(needs.missing)(needs.title('ScanPath Relay at the site in Chromium'), () => {
  let app: E2eApp | undefined

  beforeAll(async () => {
    app = await startApp({ log: () => {} })
  })

  afterAll(async () => {
    await app?.dispose()
  })

  /**
   * The e2e "no method fits" job (wizard.test.ts): a device without OAuth, Basic blocked, outside
   * recipients, no static IP; saved at the Decision step through main's job service.
   */
  async function deadEndJob(
    customer = CUSTOMER,
    answers: Job['answers'] = {
      externalRecipients: 'yes',
      mfaOrSecurityDefaults: 'no',
      basicAuthBlocked: 'yes',
      staticPublicIp: 'no',
    },
  ): Promise<Job> {
    const jobs = app!.services.jobs
    const created = await jobs.create()
    const job: Job = {
      ...created,
      customer,
      site: 'Main office',
      domain: 'contoso.test',
      senderAddress: 'scanner@contoso.test',
      device: {
        ...created.device,
        familyId: 'generic-smtp',
        address: '192.168.1.50',
        capabilityAnswers: { starttls587: 'yes', tls12: 'yes', smtpAuth: 'yes', oauthM365: 'no' },
      },
      answers,
      step: 'decision',
    }
    await jobs.save(job)
    return job
  }

  const saved = (page: Page) => page.locator('.save-status[data-save="saved"]').waitFor()
  const primaries = (page: Page) =>
    page.locator('.button--primary:visible').evaluateAll((els) => els.map((e) => e.textContent))
  const stepIds = (page: Page) =>
    page
      .locator('[data-config-step]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-config-step')))
  const fieldText = (page: Page, stepId: string, key: string) =>
    page
      .locator(
        `[data-config-step="${stepId}"] .config-field[data-field="${key}"] .config-field__text`,
      )
      .textContent()

  it('pick the relay way out, type its address: Configure shows the relay plan; a reload keeps it', async () => {
    const job = await deadEndJob()
    const watched = await app!.open(VIEWPORT)
    const { page } = watched
    await page
      .locator('.job-row', { hasText: CUSTOMER })
      .getByRole('button', { name: /^Resume/ })
      .click()

    // The dead end: the relay is among the ways out, with its own (secondary) button.
    await page.getByRole('heading', { name: 'Next: pick a way out' }).waitFor()
    const relayWay = page.locator('.way-out[data-way-out="site-oauth-relay"]')
    await relayWay.locator('summary').click()
    const use = relayWay.getByRole('button', { name: 'Use ScanPath Relay at this site' })
    expect(await use.getAttribute('class')).toContain('button--secondary')
    expect(await primaries(page)).toEqual(['Open the report with the ways out'])
    await expectNoAxeViolations(page, 'Decision (dead end, relay way out open)')
    await relayWay.screenshot({ path: join(ARTIFACTS, 'site-relay-way-out.png') })
    await use.click()

    // Configure: the relay plan, relay machine and tenant first, the device after them.
    await page
      .getByRole('heading', { name: 'Configure the device and the relay', level: 2 })
      .waitFor()
    await saved(page)
    expect(await stepIds(page)).toEqual([
      'admin-smtp-auth',
      'admin-relay-app',
      'relay-machine',
      'relay-sign-in',
      'open-settings',
      'smtp-server',
      'relay-status',
      'test-send',
    ])
    // Nothing typed yet: the device's server and relay.json are to fill in, not to copy.
    const config = page.locator('[data-config-step="relay-machine"] [data-field="relay-config"]')
    expect(await config.getAttribute('data-copyable')).toBe('false')
    expect(
      await page
        .locator('[data-config-step="smtp-server"] [data-field="server"]')
        .getAttribute('data-copyable'),
    ).toBe('false')

    // A wrong address is refused with a reason, and never saved.
    const address = page.getByLabel("Relay machine's address (on the device's network)")
    await address.fill('http://192.168.1.20')
    await address.blur()
    await page.locator('.field__error', { hasText: 'is a URL' }).waitFor()
    await address.fill('192.168.1.20')
    await address.blur()
    await saved(page)
    expect(await page.locator('.field__error').count()).toBe(0)
    // relay.json still names no app to sign in through: not for copying yet.
    expect(await config.getAttribute('data-copyable')).toBe('false')
    const clientId = page.getByLabel("App registration's Application (client) ID")
    await clientId.fill('my-app')
    await clientId.blur()
    await page.locator('.field__error', { hasText: 'is a GUID' }).waitFor()
    await clientId.fill(CLIENT_ID)
    await clientId.blur()
    await saved(page)
    expect(await page.locator('.field__error').count()).toBe(0)

    // The device points at the relay: its address and port, STARTTLS, no sign-in.
    expect(await fieldText(page, 'smtp-server', 'server')).toBe('192.168.1.20')
    expect(await fieldText(page, 'smtp-server', 'port')).toBe('25')
    expect(await fieldText(page, 'smtp-server', 'security')).toBe('STARTTLS (TLS)')
    expect(await fieldText(page, 'smtp-server', 'authentication')).toBe('Off')
    expect(await fieldText(page, 'smtp-server', 'fromAddress')).toBe('scanner@contoso.test')
    expect(
      await page.locator('[data-config-step="smtp-server"] [data-field="password"]').count(),
    ).toBe(0)
    // relay.json with the job's values, now complete and copyable.
    expect(await config.getAttribute('data-copyable')).toBe('true')
    const json = JSON.parse((await config.locator('.config-field__text').textContent()) ?? '') as {
      listen: unknown
      allow: unknown
      senders: unknown
      tls: unknown
      outbound: unknown
      signIn: unknown
    }
    expect(json.listen).toEqual({ address: '192.168.1.20', port: 25 })
    expect(json.allow).toEqual(['192.168.1.50'])
    expect(json.senders).toEqual(['scanner@contoso.test'])
    expect(json.tls).toEqual({ mode: 'starttls' })
    expect(json.outbound).toEqual({
      host: 'smtp.office365.com',
      port: 587,
      username: 'scanner@contoso.test',
    })
    expect(json.signIn).toEqual({ kind: 'delegated', clientId: CLIENT_ID })
    // The port: a wrong one is refused; 2525 is kept and reaches the device step.
    const port = page.getByLabel('Relay port')
    await port.fill('70000')
    await port.blur()
    await page.locator('.field__error', { hasText: 'from 1 to 65535' }).waitFor()
    await port.fill('2525')
    await port.blur()
    await saved(page)
    expect(await fieldText(page, 'smtp-server', 'port')).toBe('2525')

    // One main action: Next. The page passes the accessibility rules and fits the window.
    expect(await primaries(page)).toEqual(['Next: Verify →'])
    await expectNoAxeViolations(page, 'Configure (site relay)')
    expect(await overflowing(page)).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'site-relay-configure.png'), fullPage: true })

    // Main keeps the choice with the job.
    expect((await app!.services.jobs.get(job.id)).siteRelay).toEqual({
      address: '192.168.1.20',
      port: 2525,
      clientId: CLIENT_ID,
    })

    // A reload keeps it: the relay plan, the typed address and port.
    await page.reload()
    await page
      .locator('.job-row', { hasText: CUSTOMER })
      .getByRole('button', { name: /^Resume/ })
      .click()
    await page
      .getByRole('heading', { name: 'Configure the device and the relay', level: 2 })
      .waitFor()
    expect(await address.inputValue()).toBe('192.168.1.20')
    expect(await port.inputValue()).toBe('2525')
    expect(await clientId.inputValue()).toBe(CLIENT_ID)
    expect(await fieldText(page, 'smtp-server', 'server')).toBe('192.168.1.20')

    // Back on the Decision step the relay shows as chosen, and Next is the one main action.
    await page
      .getByRole('navigation', { name: 'Steps of the job' })
      .getByRole('button', { name: 'Decision' })
      .click()
    await page.locator('[data-site-relay-choice="chosen"]').waitFor()
    expect(await primaries(page)).toEqual(['Next: Configure →'])
    await expectNoAxeViolations(page, 'Decision (site relay chosen)')

    // The report records the relay: its address, TLS mode and status, in the method section.
    await page
      .getByRole('navigation', { name: 'Steps of the job' })
      .getByRole('button', { name: 'Report' })
      .click()
    const preview = page.getByRole('article', { name: 'Report preview' })
    const relay = preview.locator('[data-site-relay]')
    await relay.waitFor()
    const facts = await relay.locator('.report-facts__row').allTextContents()
    expect(facts[0]).toBe('Address192.168.1.20:2525')
    expect(facts[1]).toMatch(/^TLS from the deviceSTARTTLS/)
    expect(facts[3]).toMatch(/^Statusnot started \(0 of 8 steps done\)/)
    expect(await page.locator('.verdict').getAttribute('data-verdict')).toBe('needs-attention')
    await expectNoAxeViolations(page, 'Report (site relay)')
    await closeWatchedPage(watched)
  })

  it('password sign-in fits but the device has no OAuth: the relay is offered beside it', async () => {
    const customer = 'Basic Bakery'
    // Basic not blocked (yet): client submission with a password is what fits.
    await deadEndJob(customer, {
      externalRecipients: 'yes',
      mfaOrSecurityDefaults: 'no',
      staticPublicIp: 'no',
    })
    const watched = await app!.open(VIEWPORT)
    const { page } = watched
    await page
      .locator('.job-row', { hasText: customer })
      .getByRole('button', { name: /^Resume/ })
      .click()
    const best = page.locator('.methods--best .method')
    expect(await best.getAttribute('data-method')).toBe('client-submission-basic')
    const offer = page.getByRole('region', {
      name: 'Or, for when Basic auth ends: ScanPath Relay at this site',
    })
    expect(await offer.textContent()).toContain('off by default from the end of December 2026')
    expect(await primaries(page)).toEqual(['Use this method'])
    await expectNoAxeViolations(page, 'Decision (password sign-in, relay offered)')
    await offer.screenshot({ path: join(ARTIFACTS, 'site-relay-offer.png') })
    await offer.getByRole('button', { name: 'Use ScanPath Relay at this site' }).click()
    await page
      .getByRole('heading', { name: 'Configure the device and the relay', level: 2 })
      .waitFor()
    await saved(page)
    expect(await fieldText(page, 'smtp-server', 'authentication')).toBe('Off')

    // Back on the Decision step: the relay is the choice; the method is offered instead, quietly.
    await page
      .getByRole('navigation', { name: 'Steps of the job' })
      .getByRole('button', { name: 'Decision' })
      .click()
    await offer.locator('[data-site-relay-choice="chosen"]').waitFor()
    expect(await page.locator('.method-confirm__text').textContent()).toBe(
      'Chosen for this job: ScanPath Relay at this site.',
    )
    expect(await primaries(page)).toEqual(['Next: Configure →'])
    // Choosing the method drops the relay: Configure is the password plan again.
    await page.getByRole('button', { name: 'Use the recommended method instead' }).click()
    await saved(page)
    await page
      .getByRole('navigation', { name: 'Steps of the job' })
      .getByRole('button', { name: 'Configure' })
      .click()
    await page.getByRole('heading', { name: 'Configure the device', level: 2 }).waitFor()
    expect(await page.locator('[data-config-step="relay-machine"]').count()).toBe(0)
    await closeWatchedPage(watched)
  })

  it('a capture in a relay job: the switch-back is the relay, no sign-in; its verdict is primary', async () => {
    const customer = 'Relay Capture Clinic'
    const base = await deadEndJob(customer)
    // The device answers on loopback here; the relay listens at 192.168.1.20:2525.
    const job: Job = {
      ...base,
      device: { ...base.device, address: '127.0.0.1' },
      siteRelay: { address: '192.168.1.20', port: 2525 },
      step: 'configure',
    }
    await app!.services.jobs.save(job)
    const watched = await app!.open(VIEWPORT)
    const { page } = watched

    // The job list names the relay as the job's way, with where its setup stands.
    const row = page.locator('.job-row', { hasText: customer })
    expect(await row.locator('.job-row__method').textContent()).toBe('ScanPath Relay at this site')
    expect(await row.locator('.job-row__verdict').textContent()).toContain('is being set up')
    await row.getByRole('button', { name: /^Resume/ }).click()

    // Configure: the relay machine's steps say who does them.
    await page
      .getByRole('heading', { name: 'Configure the device and the relay', level: 2 })
      .waitFor()
    const who = (id: string) => page.locator(`[data-config-step="${id}"] .who`).textContent()
    expect(await who('relay-machine')).toBe('Relay machine')
    expect(await who('relay-sign-in')).toBe('Relay machine')
    expect(await who('smtp-server')).toBe('On the device')
    expect(await page.locator('[data-config-step="relay-machine"] .who--relay').count()).toBe(1)

    await page
      .getByRole('navigation', { name: 'Steps of the job' })
      .getByRole('button', { name: 'Verify' })
      .click()
    // Verify for a relay job: the relay's own test and status commands, no dead end, no sign-in.
    const relayVerify = page.locator('[data-verify-applies="site-relay"]')
    await relayVerify.waitFor()
    const commands = await relayVerify.locator('.config-field__text').allTextContents()
    expect(commands).toEqual([
      expect.stringMatching(
        /^scanpath relay test --config \/etc\/scanpath-relay\/relay\.json --to \S+$/,
      ),
      'scanpath relay status --config /etc/scanpath-relay/relay.json',
    ])
    expect(await page.getByText('No Microsoft 365 method fits').count()).toBe(0)
    expect(await page.locator('[data-verify-unconfirmed]').count()).toBe(0)
    // The device: STARTTLS (the capture's certificate is self-signed), no sign-in, one message.
    const session = await captureOneScan(page, {
      name: 'old-mfp.contoso.test',
      from: 'scanner@contoso.test',
      starttls: true,
    })
    const primary = session.locator('[data-primary="true"]')
    expect(await primary.getAttribute('data-method')).toBe('direct-send-relay')
    expect(await primary.locator('strong').textContent()).toBe(
      'ScanPath Relay at this site (192.168.1.20:2525, TLS optional, no sign-in)',
    )
    expect(await primary.locator('.tag').textContent()).toBe('Fine')
    // The MX endpoint is not this job's way: no verdict for it at all.
    expect(await session.getByText('tenant MX endpoint').count()).toBe(0)
    const switchBack = session.locator('.capture-session__switch-back')
    const values = await switchBackValues(session)
    expect(values).toEqual({
      'SMTP server': '192.168.1.20',
      Port: '2525',
      Security: 'STARTTLS (sometimes labelled "TLS", not "SSL")',
      'SMTP authentication': 'Off',
    })
    expect(await switchBack.textContent()).toContain('this laptop instead of its mail server')
    expect(await switchBack.textContent()).not.toMatch(
      /office365|Microsoft 365\.|password|username/i,
    )
    expect(await overflowing(page)).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'site-relay-capture.png'), fullPage: true })
    await page.getByRole('button', { name: 'Stop capture' }).click()
    await page.locator('[data-capture="stopped"]').waitFor()
    await closeWatchedPage(watched)
  })
})
