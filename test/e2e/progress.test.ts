/**
 * Progress in Chromium (issue 15, items 7, 8 and 10): the step bar marks steps done, current and
 * needing attention (in attributes and words); the job list says each job's method and verdict;
 * the Device step keeps the chosen family in view with a Change button; one main action per
 * screen. Jobs with site-check reports are seeded through the app's own job service. Screenshots
 * go to test/e2e/artifacts/progress-*.png. Needs `out/renderer` (`npm run build`).
 */
import { join } from 'node:path'

import { type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { MethodId } from '../../shared/decision/types'
import type { Job } from '../../shared/job-types'
import type { CheckResult } from '../../shared/probe-types'
import { isSignInResult, reportJobFixture, siteChecksFixture } from '../helpers/report-job-fixture'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { closeWatchedPage, requireBrowser } from './support/local-site'
import { overflowing, type WatchedPage } from './support/page-tools'

const VIEWPORT = { width: 1024, height: 700 }
const needs = requireBrowser()

interface BarStep {
  step: string
  state: string
  current: string | null
  /** The step button's accessible description (aria-describedby), or null. */
  description: string | null
}

/** Every step button of the step bar as the page has it. */
const stepBar = (page: Page) =>
  page.evaluate<BarStep[]>(`[...document.querySelectorAll('.step-bar__button')].map((b) => {
    const described = b.getAttribute('aria-describedby')
    return {
      step: b.dataset.step,
      state: b.dataset.state,
      current: b.getAttribute('aria-current'),
      description: described ? document.getElementById(described).textContent : null,
    }
  })`)

const stateOf = async (page: Page) =>
  Object.fromEntries((await stepBar(page)).map((s) => [s.step, s.state]))

/** Visible main (primary) buttons on the page. */
const primaryButtons = (page: Page) =>
  page.evaluate<string[]>(`[...document.querySelectorAll('.button--primary')]
    .filter((b) => b.offsetParent !== null)
    .map((b) => b.textContent.trim())`)

/** The seeded site checks: every check passes except the SPF verdict, which fails. */
function spfOnlyFails(): Job['lastReport'] {
  const last = siteChecksFixture()
  const checks = last.checks
    .filter((c) => !isSignInResult(c))
    .map((c): CheckResult => (c.id === 'spf-verdict' ? c : { ...c, status: 'pass', fix: null }))
  return { ...last, checks }
}

describe.skipIf(needs.missing)(needs.title('Progress in Chromium'), () => {
  let app: E2eApp | undefined
  let current: WatchedPage | undefined

  /** A job in the app's job service, with its site-check report recorded as main records one. */
  async function seed(
    customer: string,
    site: string,
    method: MethodId | null,
    answers: Partial<Job['answers']>,
    capabilityAnswers: Job['device']['capabilityAnswers'] = {},
  ): Promise<string> {
    const jobs = app!.services.jobs
    const created = await jobs.create()
    const base = reportJobFixture()
    await jobs.save({
      ...base,
      id: created.id,
      customer,
      site,
      method,
      answers: { ...base.answers, ...answers },
      device: { ...base.device, capabilityAnswers },
      checklist: {},
      step: 'decision',
    })
    await jobs.recordReport(created.id, spfOnlyFails()!)
    return created.id
  }

  beforeAll(async () => {
    if (needs.missing) return
    app = await startApp({ log: () => {} })
    // Direct send: the failed SPF check can affect it. No method chosen. Nothing can work.
    await seed('Contoso Dental', 'Lyon', 'direct-send', { externalRecipients: 'no' })
    await seed('Fabrikam', 'Depot', null, { externalRecipients: 'no' })
    await seed(
      'Northwind',
      'Harbour',
      'direct-send',
      {
        externalRecipients: 'yes',
        mfaOrSecurityDefaults: 'no',
        basicAuthBlocked: 'yes',
        staticPublicIp: 'no',
      },
      { oauthM365: 'no' },
    )
  })

  afterAll(async () => {
    await app?.dispose()
  })

  afterEach(async () => {
    const open = current
    current = undefined
    await closeWatchedPage(open)
  })

  async function openApp(): Promise<Page> {
    current = await app!.open(VIEWPORT)
    await current.page.getByRole('button', { name: 'New job' }).waitFor()
    return current.page
  }

  const row = (page: Page, name: string) => page.locator('.job-row', { hasText: name })

  it('the job list: each job with its method and verdict, New job the one main action', async () => {
    const page = await openApp()
    await row(page, 'Northwind').waitFor()
    const contoso = row(page, 'Contoso Dental — Lyon').locator('.job-row__status')
    expect(await contoso.getAttribute('data-verdict')).toBe('needs-attention')
    expect(await contoso.locator('.job-row__method').textContent()).toBe(
      'Direct send to the tenant MX',
    )
    expect(await contoso.locator('.job-row__verdict').textContent()).toMatch(
      /^Needs attention: 1 failed check, \d+ steps not done$/,
    )
    const fabrikam = row(page, 'Fabrikam — Depot').locator('.job-row__status')
    expect(await fabrikam.getAttribute('data-verdict')).toBe('no-method')
    expect(await fabrikam.textContent()).toContain('No method chosen yet')
    expect(await fabrikam.locator('.job-row__method').count()).toBe(0)
    const northwind = row(page, 'Northwind — Harbour').locator('.job-row__status')
    expect(await northwind.getAttribute('data-verdict')).toBe('blocked')
    expect(await northwind.textContent()).toContain(
      'Blocked: no Microsoft 365 method can work here yet',
    )
    // One main action: New job. Resume is secondary; the outbox is in the header only.
    expect(await primaryButtons(page)).toEqual(['New job'])
    expect(await page.getByRole('button', { name: /outbox/i }).count()).toBe(1)
    expect(await overflowing(page)).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'progress-job-list.png') })
  })

  it('the step bar of a seeded job: done, current and needing attention, in words', async () => {
    const page = await openApp()
    await row(page, 'Contoso Dental — Lyon')
      .getByRole('button', { name: /^Resume/ })
      .click()
    await page.locator('.step-bar__button[aria-current="step"]').waitFor()
    const bar = await stepBar(page)
    expect(bar.map((s) => [s.step, s.state, s.current])).toEqual([
      ['job', 'done', null],
      ['device', 'done', null],
      ['site-checks', 'attention', null],
      ['decision', 'done', 'step'],
      ['configure', 'open', null],
      ['verify', 'open', null],
      ['report', 'open', null],
    ])
    expect(bar[0]?.description).toBe('Done')
    expect(bar[2]?.description).toBe(
      'Needs attention: 1 failed check can affect Direct send to the tenant MX',
    )
    expect(bar[4]?.description).toBeNull()
    // The names stay the steps' names; the marks are shapes as well as colours.
    const nav = page.getByRole('navigation', { name: 'Steps of the job' })
    expect(await nav.getByRole('button', { name: 'Site checks', exact: true }).count()).toBe(1)
    expect(await nav.locator('[data-step="job"] .step-bar__number').textContent()).toBe('✓')
    expect(await nav.locator('[data-step="site-checks"] .step-bar__number').textContent()).toBe('!')
    expect(await nav.locator('[data-step="configure"] .step-bar__number').textContent()).toBe('5')
    await nav.screenshot({ path: join(ARTIFACTS, 'progress-step-bar.png') })

    // No method fits: the Decision step needs attention.
    await page.getByRole('button', { name: 'All jobs' }).click()
    await row(page, 'Northwind — Harbour')
      .getByRole('button', { name: /^Resume/ })
      .click()
    await page.locator('.step-bar__button[aria-current="step"]').waitFor()
    const stuck = (await stepBar(page)).find((s) => s.step === 'decision')
    expect(stuck).toEqual({
      step: 'decision',
      state: 'attention',
      current: 'step',
      description: 'Needs attention: no Microsoft 365 method fits yet',
    })
  })

  it('a new job step by step; the Device step keeps the chosen family in view', async () => {
    const page = await openApp()
    await page.getByRole('button', { name: 'New job' }).click()
    await page.locator('.step-bar__button[aria-current="step"]').waitFor()
    expect(Object.values(await stateOf(page))).toEqual(Array(7).fill('open'))
    expect((await stepBar(page))[0]?.current).toBe('step')

    // Job: done once customer and site are filled in (while it is the current step too).
    await page.getByLabel('Customer', { exact: true }).fill('Tailspin')
    expect((await stateOf(page)).job).toBe('open')
    await page.getByLabel('Site', { exact: true }).fill('Airfield')
    await expect.poll(async () => (await stateOf(page)).job).toBe('done')
    await page.getByRole('button', { name: /^Next: Device/ }).click()
    const bar = await stepBar(page)
    expect(bar[0]).toEqual({ step: 'job', state: 'done', current: null, description: 'Done' })
    expect(bar[1]).toEqual({ step: 'device', state: 'open', current: 'step', description: null })

    // Device, no family yet: the list is open, no summary, and fits the window.
    expect(await page.locator('.family-choice').count()).toBe(0)
    const box = page.locator('.family-picker__box')
    const boxHeight = (await box.boundingBox())!.height
    expect(boxHeight).toBeGreaterThan(250)
    expect(boxHeight).toBeLessThan(VIEWPORT.height - 200)
    expect(await primaryButtons(page)).toEqual(['Next: Site checks →'])

    // A click picks the family: the list closes, the choice is at the top, in view.
    await page.getByLabel('Search the catalogue').fill('hp m528')
    await page.getByRole('radio', { name: /LaserJet Enterprise \/ Managed MFPs/ }).click()
    const choice = page.locator('.family-choice')
    await choice.waitFor()
    expect(await page.locator('.family-picker').isHidden()).toBe(true)
    expect(await choice.textContent()).toContain('HP LaserJet Enterprise / Managed MFPs')
    await page.evaluate('window.scrollTo(0, 0)')
    const at = (await choice.boundingBox())!
    expect(at.y).toBeGreaterThanOrEqual(0)
    expect(at.y + at.height).toBeLessThanOrEqual(VIEWPORT.height)
    const change = page.getByRole('button', { name: /^Change/ })
    expect(await change.getAttribute('aria-expanded')).toBe('false')
    expect(await page.evaluate('document.activeElement.textContent')).toMatch(/^Change/)
    expect(await page.getByLabel("Model (as on the device's label)").inputValue()).toBe(
      'LaserJet Enterprise MFP M528',
    )
    await expect.poll(async () => (await stateOf(page)).device).toBe('done')
    expect(await primaryButtons(page)).toEqual(['Next: Site checks →'])
    expect(await overflowing(page)).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'progress-device-chosen-fold.png') })
    await page.screenshot({ path: join(ARTIFACTS, 'progress-device-chosen.png'), fullPage: true })
    // The step is shorter than before (2,879 px with this family): the catalogue's reasons and
    // sources are folded, one row per capability.
    const height = await page.evaluate<number>('document.documentElement.scrollHeight')
    expect(height).toBeLessThan(2000)

    // Change reopens the list at the search, the pick still checked; arrow keys move the pick
    // without closing it; "Close the list" closes it.
    await change.click()
    expect(await page.locator('.family-picker').isVisible()).toBe(true)
    expect(await page.evaluate('document.activeElement.type')).toBe('search')
    const picked = page.getByRole('radio', { name: /LaserJet Enterprise \/ Managed MFPs/ })
    expect(await picked.isChecked()).toBe(true)
    expect(await picked.isVisible()).toBe(true)
    await page.screenshot({ path: join(ARTIFACTS, 'progress-device-change-fold.png') })
    await picked.focus()
    await page.keyboard.press('ArrowDown')
    expect(await page.getByRole('radio', { name: /Generic SMTP device/ }).isChecked()).toBe(true)
    expect(await page.locator('.family-picker').isVisible()).toBe(true)
    expect(await choice.textContent()).toContain('Not in the catalogue')
    await page.keyboard.press('ArrowUp')
    expect(await picked.isChecked()).toBe(true)
    await page.getByRole('button', { name: /^Close the list/ }).click()
    expect(await page.locator('.family-picker').isHidden()).toBe(true)
    expect(await choice.textContent()).toContain('HP LaserJet Enterprise')

    // A catalogue fact's reasons and sources open on demand.
    const tls = page.locator('[data-capability="tls12"]')
    expect(await tls.locator('.capability__note').isVisible()).toBe(false)
    await tls.locator('summary').click()
    expect(await tls.locator('.capability__note').isVisible()).toBe(true)
    expect(await tls.locator('.fact-sources button').count()).toBeGreaterThan(0)

    // Reopening the step: the family is summarised, the list closed.
    await page.getByRole('button', { name: /^Next: Site checks/ }).click()
    await page
      .getByRole('navigation', { name: 'Steps of the job' })
      .getByRole('button', { name: 'Device' })
      .click()
    await choice.waitFor()
    expect(await page.locator('.family-picker').isHidden()).toBe(true)
    const after = await stepBar(page)
    expect(after.slice(0, 3).map((s) => [s.step, s.state, s.current])).toEqual([
      ['job', 'done', null],
      ['device', 'done', 'step'],
      ['site-checks', 'open', null],
    ])
    await page.locator('.save-status[data-save="saved"]').waitFor()
    await page.getByRole('button', { name: 'All jobs' }).click()
    const tailspin = row(page, 'Tailspin — Airfield').locator('.job-row__status')
    await tailspin.waitFor()
    expect(await tailspin.textContent()).toContain('No method chosen yet')
  })
})
