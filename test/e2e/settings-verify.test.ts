/**
 * Settings (mailbox profiles) and the Verify step end to end: headless Chromium through the
 * browser test host, against the real profile and Verify services (secrets in memory, storage
 * reported as session-only) and Exchange-like SMTP peers with a real mailbox and password. The
 * password typed in the page must never come back: not in the DOM, not in any WebSocket frame the
 * page received. Screenshots at 1024×700 go to test/e2e/artifacts/settings-*.png and verify-*.png.
 * Needs `out/renderer` (`npm run build`).
 */
import { join } from 'node:path'

import { type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { SIGN_IN_NOTE } from '../../electron/mail/oauth/token-cache'
import { oauthAccount, type OAuthProvider } from '../../electron/services/profile-service'
import { startScenarioServer, type ScenarioServer } from '../helpers/scenario-smtp-server'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
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
} from './support/local-site'

const VIEWPORT = { width: 1024, height: 700 }
/** A documentation address (RFC 5737), never a real site. */
const ECHO_IP = '203.0.113.7'
const MAILBOX = 'scanner@contoso.test'
const PASSWORD = 'Sc4n-P@ss'
const WRONG_PASSWORD = 'Wr0ng-P@ss-42'
const GATED_REPLY =
  '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.'
const SESSION_REASON = 'no keychain in this test'
const USER_CODE = 'F4KE-C0DE'
const DEVICE_LOGIN = 'https://microsoft.com/devicelogin'
const REFRESH_TOKEN = 'R3fresh-T0ken-never-in-the-page'
const APP_ID = '0b57d0a1-2c3d-4e5f-8a9b-0c1d2e3f4a5b'
const needs = requireBrowser()

interface OpenPage extends WatchedPage {
  /** Every WebSocket frame the page received (replies and events from "main"). */
  received: string[]
}

describe('Settings and Verify in Chromium', () => {
  let app: E2eApp | undefined
  let site: LocalSite | undefined
  let exchange: ScenarioServer | undefined
  let gated: ScenarioServer | undefined
  /** The tenant MX for direct send: no sign-in, mail accepted for the tenant's mailboxes. */
  let mx: ScenarioServer | undefined
  const hostLog: string[] = []
  /** Every frame any page received, over the whole file (checked for the password at the end). */
  const allReceived: string[] = []
  let current: OpenPage | undefined
  const opened: string[] = []
  /** What the page's Copy buttons asked main to put on the clipboard. */
  const copied: string[] = []
  /** Makes main's clipboard write fail, as when another program holds the clipboard. */
  let clipboardFails = false
  /** Sign-ins waiting for the technician (in the fake Microsoft); `approve` finishes them all. */
  const pendingSignIns: (() => void)[] = []
  const approve = () => pendingSignIns.splice(0).forEach((finish) => finish())

  /**
   * The OAuth side stands in for MSAL + Microsoft (covered by test/integration/oauth.test.ts):
   * it shows the device code as Microsoft would, waits until the test "signs in", then keeps a
   * refresh token in the same secret store the real provider uses.
   */
  const fakeOAuth: OAuthProvider = {
    signIn: (profile, store, onPrompt) =>
      new Promise((resolve) => {
        onPrompt({
          userCode: USER_CODE,
          verificationUri: DEVICE_LOGIN,
          message: `To sign in, use a web browser to open the page ${DEVICE_LOGIN} and enter the code ${USER_CODE} to authenticate.`,
          expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
        })
        pendingSignIns.push(() => {
          // What MSAL's cache plugin keeps in the keychain: the account, the refresh token and
          // ScanPath's note of the last refresh (no access token).
          const cache = {
            Account: { 'uid.utid-login.microsoftonline.com-utid': { username: profile.address } },
            RefreshToken: { rt: { credential_type: 'RefreshToken', secret: REFRESH_TOKEN } },
            AccessToken: {},
            [SIGN_IN_NOTE]: { refreshedAt: new Date().toISOString() },
          }
          void store.set(oauthAccount(profile.id), JSON.stringify(cache)).then(() =>
            resolve({
              username: profile.address,
              expiresOn: new Date(Date.now() + 3600_000).toISOString(),
            }),
          )
        })
      }),
    accessToken: async () => {
      throw new Error('no access token in this test')
    },
  }

  beforeAll(async () => {
    if (needs.missing) return
    // NETWORK SAFETY: every name resolves to loopback; DNS, echo and blocklists stay local.
    site = await startLocalSite({
      records: [{ type: 'A', name: 'localhost', address: '127.0.0.1' }],
      echoIp: ECHO_IP,
      users: { [MAILBOX]: PASSWORD },
      exchangeEchoesIp: false,
    })
    const { pki, deps } = site
    exchange = site.exchange
    gated = await startScenarioServer({
      scenario: 'exchange',
      pki,
      users: { [MAILBOX]: PASSWORD },
      authReply: GATED_REPLY,
    })
    mx = await startScenarioServer({ scenario: 'exchange', pki, mxMode: true, echoIp: ECHO_IP })
    app = await startApp({
      probeDeps: deps,
      siteDefaults: site.siteDefaults,
      secretStorage: { kind: 'session', reason: SESSION_REASON },
      oauth: fakeOAuth,
      writeClipboard: (text) => {
        if (clipboardFails) throw new Error('the clipboard is held by another program')
        copied.push(text)
      },
      openExternal: async (url) => {
        opened.push(url)
      },
      log: (m) => hostLog.push(m),
    })
  })

  afterAll(async () => {
    await app?.dispose()
    await Promise.all([site?.close(), gated?.close(), mx?.close()])
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
    const received: string[] = []
    const watched = await app!.open(VIEWPORT, {
      beforeGoto: (page) => {
        // Fail with the locator that did not appear, well before the test's own timeout.
        page.setDefaultTimeout(10_000)
        page.on('websocket', (ws) => {
          ws.on('framereceived', ({ payload }) => {
            const text = typeof payload === 'string' ? payload : payload.toString('utf8')
            received.push(text)
            allReceived.push(text)
          })
        })
      },
    })
    await watched.page.getByRole('button', { name: 'New job' }).waitFor()
    current = { ...watched, received }
    return current
  }

  /** The whole page, and what the technician sees first at 1024×700 (`-fold`). */
  async function shot(page: Page, name: string, opts: { fold?: boolean } = {}): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true })
    if (opts.fold) {
      await page.evaluate('window.scrollTo(0, 0)')
      await page.screenshot({ path: join(ARTIFACTS, `${name}-fold.png`) })
    }
  }

  /** The password never came back from main, and is nowhere in the page's markup. */
  async function expectNoPassword(open: OpenPage): Promise<void> {
    const html = await open.page.content()
    for (const secret of [PASSWORD, WRONG_PASSWORD, REFRESH_TOKEN]) {
      expect(html, 'page DOM').not.toContain(secret)
      const hit = open.received.find((f) => f.includes(secret))
      expect(hit, 'a WebSocket frame received by the page').toBeUndefined()
    }
  }

  /** The main (blue) buttons on screen, by their words: at most one per screen (issue 15). */
  const primaryButtons = (page: Page) =>
    page
      .locator('.button--primary:visible')
      .evaluateAll((els) => els.map((e) => e.textContent?.trim()))

  const card = (page: Page, name: string): Locator =>
    page.locator('.profile-card', { has: page.getByRole('heading', { name, exact: true }) })

  /** Fills the new-profile form (Basic and the password only when a password is given). */
  async function fillProfile(
    form: Locator,
    p: { name: string; port: number; password?: string },
  ): Promise<void> {
    await form.getByLabel('Profile name').fill(p.name)
    await form.getByLabel('Mailbox address').fill(MAILBOX)
    await form.getByLabel('SMTP host').fill('localhost')
    await form.getByLabel('Port', { exact: true }).fill(String(p.port))
    if (p.password) {
      // A password profile: Basic is no longer the form's default.
      await form.getByRole('radio', { name: 'Password (SMTP AUTH, Basic)' }).check()
      await form.getByLabel('Password (optional now)').fill(p.password)
    }
  }

  // --- Tests ---------------------------------------------------------------------------------

  it('Settings: session-only consent, password, Test sign-in, wrong password, gated mailbox', async () => {
    const open = await openApp()
    const { page } = open
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor()
    expect(await page.getByRole('button', { name: 'Settings' }).getAttribute('aria-current')).toBe(
      'page',
    )
    const banner = page.locator('.storage-banner')
    expect(await banner.textContent()).toContain(
      `Passwords cannot be saved on this computer: ${SESSION_REASON}. They are kept for this session only and forgotten when ScanPath closes.`,
    )
    expect(await overflowing(page)).toEqual([])
    // The intro stands apart from the banner under it (it used to run into it).
    const gap = await page.evaluate<number>(`(() => {
      const lead = document.querySelector('.settings .screen-header__lead').getBoundingClientRect()
      const next = document.querySelector('.storage-banner').getBoundingClientRect()
      return next.top - lead.bottom
    })()`)
    expect(gap).toBeGreaterThanOrEqual(16)
    expect(await primaryButtons(page)).toEqual([])
    await shot(page, 'settings-empty')

    // --- Validation as they type; the form starts on Microsoft sign-in, its app id explained
    await page.getByRole('button', { name: 'Add a device mailbox' }).click()
    const form = page.locator('form[data-profile-form="new"]')
    expect(await form.getByRole('radio', { name: 'Microsoft sign-in (OAuth)' }).isChecked()).toBe(
      true,
    )
    expect(await form.locator('[data-basic-warning]').count()).toBe(0)
    expect(await form.getByLabel('App (client) id').getAttribute('aria-describedby')).toBeTruthy()
    expect(await form.locator('.field', { hasText: 'App (client) id' }).textContent()).toContain(
      'delegated permission SMTP.Send',
    )
    const help = form.locator('[data-app-help]')
    await help.locator('summary').click()
    const helpText = (await help.textContent()) ?? ''
    expect(helpText).toContain('Allow public client flows: Yes')
    expect(helpText).toContain('device code flow')
    expect(helpText).toContain(
      'delegated permission SMTP.Send (https://outlook.office.com/SMTP.Send)',
    )
    expect(helpText).toContain('Grant admin consent')
    expect(
      await help.getByRole('button', { name: /learn\.microsoft\.com|register app/ }).count(),
    ).toBeGreaterThan(0)
    expect(await primaryButtons(page)).toEqual(['Save profile'])
    await help.scrollIntoViewIfNeeded()
    await shot(page, 'settings-oauth-form')
    await help.locator('summary').click()
    await form.getByLabel('Mailbox address').fill('scanner')
    await form
      .locator('.field__error', { hasText: 'Mailbox address is not an email address' })
      .waitFor()
    await form.getByLabel('SMTP host').fill('https://smtp.office365.com')
    await form.locator('.field__error', { hasText: 'SMTP host is a URL' }).waitFor()
    await form.getByLabel('Port', { exact: true }).fill('70000')
    await form.locator('.field__error', { hasText: 'Port must be between 1 and 65535' }).waitFor()
    await form.getByRole('radio', { name: 'Microsoft sign-in (OAuth)' }).check()
    await form.getByLabel('App (client) id').fill('not-a-guid')
    await form.locator('.field__error', { hasText: 'App (client) id must be the app' }).waitFor()
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'settings-invalid')
    await form.getByRole('button', { name: 'Save profile' }).click()
    await form.getByRole('alert').filter({ hasText: 'Some fields need a fix first' }).waitFor()
    expect(await page.locator('.profile-card').count()).toBe(0)

    // --- A good profile; the password waits for the explicit session-only consent. Choosing
    // Basic says what its end-of-2026 default means, with Microsoft's post as the source.
    await form.getByRole('radio', { name: 'Password (SMTP AUTH, Basic)' }).check()
    const basic = form.locator('[data-basic-warning]')
    const basicText = (await basic.textContent()) ?? ''
    expect(basicText).toContain(
      'At the end of December 2026 Microsoft turns Basic authentication for SMTP AUTH off by default in existing Microsoft 365 tenants.',
    )
    expect(basicText).toContain('An administrator can still turn it back on')
    expect(basicText).toContain('second half of 2027')
    expect(await basic.getByRole('button', { name: /techcommunity\.microsoft\.com/ }).count()).toBe(
      1,
    )
    await shot(page, 'settings-basic-warning')
    await fillProfile(form, { name: 'Contoso scanner', port: exchange!.port, password: PASSWORD })
    expect(await form.getByLabel('Sign-in name').inputValue()).toBe(MAILBOX)
    await form.locator('.secret-form__gate').waitFor()
    await form.getByRole('button', { name: 'Save profile' }).click()
    await form
      .getByRole('alert')
      .filter({ hasText: 'Confirm "Use for this session only"' })
      .waitFor()
    expect(await page.locator('.profile-card').count()).toBe(0)
    await banner.getByRole('button', { name: 'Use for this session only' }).click()
    await banner.getByText('You chose to use passwords for this session only.').waitFor()
    await form.getByRole('button', { name: 'Save profile' }).click()
    const scanner = card(page, 'Contoso scanner')
    await scanner.getByText('Password saved').waitFor()
    expect(await scanner.textContent()).toContain(`localhost:${exchange!.port}`)
    // The card of a Basic profile says it too, in a line.
    expect(await scanner.locator('[data-basic-warning]').textContent()).toContain(
      'off by default in existing tenants from the end of December 2026',
    )
    expect(await primaryButtons(page)).toEqual([])
    await expectNoPassword(open)

    // --- Test sign-in → pass, with the transcript folded away
    await scanner.getByRole('button', { name: /^Test sign-in/ }).click()
    const result = scanner.locator('.verify-result[data-verify="pass"]')
    await result.waitFor({ timeout: 15_000 })
    expect(await result.textContent()).toContain(`Signed in as ${MAILBOX} with`)
    const transcript = result.getByRole('region', { name: 'SMTP transcript' })
    expect(await transcript.isVisible()).toBe(false)
    await result.getByText('SMTP transcript').click()
    expect(await transcript.textContent()).toContain('~> AUTH')
    expect(await transcript.textContent()).toContain('<~ 235')
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'settings-pass')

    // --- Wrong password → the explained refusal
    await scanner.getByRole('button', { name: /^Replace password/ }).click()
    await scanner.getByLabel(/^New password for/).fill(WRONG_PASSWORD)
    await scanner.getByRole('button', { name: 'Replace password', exact: true }).click()
    await scanner.getByRole('button', { name: /^Test sign-in/ }).click()
    const refused = scanner.locator('.verify-result[data-verify="fail"]')
    await refused.waitFor({ timeout: 15_000 })
    expect(await refused.locator('.check__explanation').textContent()).toContain('535 5.7.3')
    expect(await refused.locator('.check__fix').textContent()).toBeTruthy()
    await shot(page, 'settings-wrong-password')
    await expectNoPassword(open)

    // Put the right one back (the Verify test below signs in with it).
    await scanner.getByRole('button', { name: /^Replace password/ }).click()
    await scanner.getByLabel(/^New password for/).fill(PASSWORD)
    await scanner.getByRole('button', { name: 'Replace password', exact: true }).click()
    await scanner.getByRole('button', { name: /^Test sign-in/ }).click()
    await scanner.locator('.verify-result[data-verify="pass"]').waitFor({ timeout: 15_000 })

    // --- A mailbox with SMTP AUTH turned off: the gate, and the admin's command
    await page.getByRole('button', { name: 'Add a device mailbox' }).click()
    const second = page.locator('form[data-profile-form="new"]')
    await fillProfile(second, { name: 'Gated mailbox', port: gated!.port, password: PASSWORD })
    await second.getByRole('button', { name: 'Save profile' }).click()
    const gatedCard = card(page, 'Gated mailbox')
    await gatedCard.getByRole('button', { name: /^Test sign-in/ }).click()
    const gate = gatedCard.locator('.verify-result[data-verify="fail"]')
    await gate.waitFor({ timeout: 15_000 })
    expect(await gate.locator('.check__explanation').textContent()).toContain('535 5.7.139')
    const fix = await gate.locator('.check__fix').textContent()
    expect(fix).toContain('Set-CASMailbox')
    expect(fix).toContain(MAILBOX)
    expect(await overflowing(page)).toEqual([])
    await gate.scrollIntoViewIfNeeded()
    await shot(page, 'settings-gated')

    // --- Forget, edit, delete (with confirmation)
    await gatedCard.getByRole('button', { name: /^Forget password/ }).click()
    await gatedCard.getByText('No password saved').waitFor()
    expect(await gatedCard.getByRole('button', { name: /^Test sign-in/ }).count()).toBe(0)
    await gatedCard.getByRole('button', { name: /^Edit/ }).click()
    const edit = gatedCard.locator('form[data-profile-form="edit"]')
    expect(await edit.getByLabel('Port', { exact: true }).inputValue()).toBe(String(gated!.port))
    await edit.getByLabel('Profile name').fill('Gated mailbox (SMTP AUTH off)')
    await edit.getByRole('button', { name: 'Save changes' }).click()
    const renamed = card(page, 'Gated mailbox (SMTP AUTH off)')
    await renamed.getByRole('button', { name: /^Delete/ }).click()
    await renamed.getByText('This cannot be undone').waitFor()
    await shot(page, 'settings-delete-confirm')
    await renamed.getByRole('button', { name: 'Keep it' }).click()
    await renamed.getByRole('button', { name: /^Delete/ }).click()
    await renamed.getByRole('button', { name: 'Delete Gated mailbox (SMTP AUTH off)' }).click()
    await renamed.waitFor({ state: 'detached' })
    expect(await page.locator('.profile-card').count()).toBe(1)
    await shot(page, 'settings', { fold: true })

    await expectNoPassword(open)
  })

  it('keyboard only: Settings from the header, a whole profile with Tab, typing and Enter', async () => {
    const { page } = await openApp()
    await tabTo(page, /Settings$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor()
    await tabTo(page, /^Add the office's sending profile$/)
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    // The form opens with the focus in its first field.
    await page.locator('form[data-profile-form="new"]').waitFor()
    expect(await focusedName(page)).toBe('Profile name')
    await page.keyboard.type('Office reports')
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('Mailbox address')
    await page.keyboard.type('reports@contoso.test')
    // Used for: one Tab stop, already "Office sending profile"; Sign-in method: one Tab stop,
    // already Microsoft sign-in (the default since Basic goes off by default end of 2026).
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('Office sending profile (reports)')
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('Microsoft sign-in (OAuth)')
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('Sign-in name')
    expect(await page.getByLabel('Sign-in name').inputValue()).toBe('reports@contoso.test')
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('SMTP host')
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('Port')
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('App (client) id')
    await page.keyboard.type(`${APP_ID.slice(0, -1)}x`)
    await page.locator('.field__error', { hasText: 'App (client) id must be' }).waitFor()
    await page.keyboard.press('Backspace')
    await page.keyboard.type('b')
    expect(await page.locator('.field__error').count()).toBe(0)
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('Tenant')
    expect(await focusRingVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    const office = card(page, 'Office reports')
    await office.waitFor()
    expect(await office.textContent()).toContain('Not signed in yet')
    expect(await office.textContent()).toContain('Microsoft sign-in (OAuth)')
    // There is one office sending profile: the button that opened the form is gone, and the
    // focus is on the saved profile's name.
    expect(
      await page.getByRole('button', { name: "Add the office's sending profile" }).count(),
    ).toBe(0)
    expect(await focusedName(page)).toBe('Office reports')
    await tabTo(page, /(Back to the job|All jobs)$/, { back: true })
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'New job' }).waitFor()
  })

  it('OAuth: the code big and copyable, the sign-in page, Cancel, then "Signed in as"', async () => {
    const open = await openApp()
    const { page } = open
    await page.getByRole('button', { name: 'Settings' }).click()
    const office = card(page, 'Office reports')
    await office.getByRole('button', { name: 'Sign in with Microsoft' }).click()
    const waiting = office.locator('[data-oauth="waiting"]')
    const code = waiting.locator('.oauth__code')
    await code.waitFor()
    expect(await code.textContent()).toBe(USER_CODE)
    // The clipboard refuses once: the button says so and the code stays on screen to type.
    clipboardFails = true
    await waiting.getByRole('button', { name: 'Copy sign-in code' }).click()
    await waiting.getByText('Could not copy: select the value and copy it by hand.').waitFor()
    clipboardFails = false
    await waiting.getByRole('button', { name: 'Copy sign-in code' }).click()
    await waiting.getByRole('button', { name: /Copied/ }).waitFor()
    expect(copied.at(-1)).toBe(USER_CODE)
    await waiting.getByRole('button', { name: /^Open the sign-in page/ }).click()
    await expect.poll(() => opened).toEqual([DEVICE_LOGIN])
    expect(await waiting.textContent()).toContain('Waiting for you to finish signing in')
    expect(await overflowing(page)).toEqual([])
    await waiting.scrollIntoViewIfNeeded()
    await shot(page, 'settings-oauth-code')

    // Cancel only stops waiting here; a sign-in finished later is not shown.
    await waiting.getByRole('button', { name: 'Cancel' }).click()
    await office.getByRole('button', { name: 'Sign in with Microsoft' }).waitFor()
    await office.getByRole('button', { name: 'Sign in with Microsoft' }).click()
    await office.locator('.oauth__code').waitFor()
    approve()
    const done = office.locator('[data-oauth="done"]')
    await done.waitFor()
    expect(await done.locator('.oauth__signed-in').textContent()).toMatch(
      /^✓ Signed in as reports@contoso\.test\. Token last refreshed .*\d{1,2}:\d{2}.*\.$/,
    )
    await office.locator('.tag', { hasText: 'Signed in with Microsoft' }).waitFor()
    await expectNoPassword(open)

    // After a reload main's view has the account and the last refresh; signing in again is a
    // secondary action, and there is no second office profile to add.
    await page.reload()
    await page.getByRole('button', { name: 'Settings' }).click()
    const signedIn = office.locator('[data-oauth="signed-in"]')
    await signedIn.waitFor()
    const line = (await signedIn.locator('.oauth__signed-in').textContent()) ?? ''
    expect(line).toContain('Signed in as reports@contoso.test.')
    expect(line).toMatch(/Token last refreshed .*\d{1,2}:\d{2}/)
    const again = signedIn.getByRole('button', { name: /^Sign in with Microsoft again/ })
    expect(await again.getAttribute('class')).not.toContain('button--primary')
    expect(await again.getAttribute('class')).toContain('button--secondary')
    expect(
      await page.getByRole('button', { name: "Add the office's sending profile" }).count(),
    ).toBe(0)
    expect(await primaryButtons(page)).toEqual([])
    expect(await overflowing(page)).toEqual([])
    await shot(page, 'settings-oauth-done')
    await expectNoPassword(open)
  })

  it('the app (client) id is kept per customer tenant and offered again after a reload', async () => {
    const { page } = await openApp()
    await page.getByRole('button', { name: 'Settings' }).click()
    await card(page, 'Office reports').waitFor()
    await page.getByRole('button', { name: 'Add a device mailbox' }).click()
    const form = page.locator('form[data-profile-form="new"]')
    await form.getByLabel('Profile name').fill('Contoso MFP')
    // Another tenant: nothing to offer.
    await form.getByLabel('Mailbox address').fill('mfp@fabrikam.test')
    expect(await form.locator('[data-saved-app]').count()).toBe(0)
    // The office profile's tenant (contoso.test): its app id is offered, and used in one click.
    await form.getByLabel('Mailbox address').fill('mfp@contoso.test')
    const offer = form.locator('[data-saved-app="contoso.test"]')
    await offer.waitFor()
    expect(await offer.textContent()).toContain(APP_ID)
    expect(await offer.textContent()).toContain('Office reports')
    await shot(page, 'settings-saved-app')
    await offer.getByRole('button', { name: 'Use this app id' }).click()
    expect(await form.getByLabel('App (client) id').inputValue()).toBe(APP_ID)
    expect(await form.locator('[data-saved-app]').count()).toBe(0)
    expect(await primaryButtons(page)).toEqual(['Save profile'])
    await form.getByRole('button', { name: 'Save profile' }).click()
    const mfp = card(page, 'Contoso MFP')
    await mfp.waitFor()
    expect(await mfp.textContent()).toContain('Not signed in yet')
    // Not signed in: the sign-in is offered, as a card action like the others; with no form
    // open there is no blue button on Settings.
    const first = mfp.getByRole('button', { name: /^Sign in with Microsoft for/ })
    expect(await first.getAttribute('class')).toContain('button--secondary')
    expect(await primaryButtons(page)).toEqual([])
    await mfp.getByRole('button', { name: /^Delete/ }).click()
    await mfp.getByRole('button', { name: 'Delete Contoso MFP' }).click()
    await mfp.waitFor({ state: 'detached' })
  })

  it(
    'Verify in a job: the method decides, a mailbox made inline, a real test message',
    { timeout: 60_000 },
    async () => {
      const open = await openApp()
      const { page } = open
      await page.getByRole('button', { name: 'New job' }).click()
      await page.getByLabel('Customer', { exact: true }).fill('Contoso Ltd')
      await page.getByLabel('Site', { exact: true }).fill('Main office')
      await page.getByLabel('Customer mail domain').fill('contoso.test')
      await page.getByLabel('Contact at the site').fill('it@contoso.test')
      const stepBar = page.getByRole('navigation', { name: 'Steps of the job' })

      // Without site checks the recommendation is direct send: Verify sends a real test message
      // to the tenant MX without signing in, as the device will.
      await stepBar.getByRole('button', { name: /Verify$/ }).click()
      const why = page.locator('[data-verify-applies="mx-send"]')
      await why.waitFor()
      expect(await why.textContent()).toContain('sends a test message the same way')
      const mxForm = page.locator('[data-verify-mx="direct-send"]')
      expect(await mxForm.getByLabel('Send the test message to').inputValue()).toBe(
        'it@contoso.test',
      )
      // No site checks ran, so the MX is not known yet: sending says what is missing.
      await mxForm.getByRole('button', { name: 'Send a test message' }).click()
      expect(await mxForm.locator('.field__error').first().textContent()).toContain(
        'Tenant MX host is needed',
      )
      expect(mx?.sessions ?? []).toHaveLength(0)
      await mxForm.getByLabel('Tenant MX host').fill('localhost')
      await mxForm.getByLabel('From').fill('mfp@contoso.test')
      await mxForm.locator('summary', { hasText: 'Advanced' }).click()
      await mxForm.getByLabel('MX port').fill(String(mx?.port))
      await mxForm.getByRole('button', { name: 'Send a test message' }).click()
      const delivered = mxForm.locator('[data-verify="pass"]')
      await delivered.waitFor()
      expect(await delivered.textContent()).toContain(
        'accepted the test message for it@contoso.test by direct send',
      )
      await mxForm.locator('[data-saved-in-job]').waitFor()
      expect(mx?.messages).toHaveLength(1)
      expect(mx?.messages[0]?.data).toContain(
        'Subject: ScanPath test message (direct send) — Contoso Ltd, Main office',
      )
      expect(mx?.sessions[0]?.commands.some((c) => /^AUTH/i.test(c.line))).toBe(false)
      await shot(page, 'verify-direct-send')

      await stepBar.getByRole('button', { name: /Decision$/ }).click()
      await page.getByRole('radio', { name: /with a password \(Basic auth\)/ }).check()
      await stepBar.getByRole('button', { name: /Configure$/ }).click()
      await page.getByLabel("Sender address (the device's mailbox)").fill('mfp@contoso.test')
      await stepBar.getByRole('button', { name: /Verify$/ }).click()
      expect(await page.locator('.verify-method').textContent()).toContain('Basic auth')

      // The mailbox from Settings is there; the job's sender has none yet: make it here.
      const picker = page.getByLabel("The device's mailbox")
      await picker.waitFor()
      await page.getByRole('button', { name: 'New mailbox profile' }).click()
      const form = page.locator('form[data-profile-form="new"]')
      expect(await form.getByLabel('Mailbox address').inputValue()).toBe('mfp@contoso.test')
      expect(await form.getByLabel('Profile name').inputValue()).toBe('Contoso Ltd device mailbox')
      expect(
        await form.getByRole('radio', { name: 'Password (SMTP AUTH, Basic)' }).isChecked(),
      ).toBe(true)
      await shot(page, 'verify-new-profile')
      await form.getByRole('button', { name: 'Cancel' }).click()

      // Pick the mailbox from Settings instead (its password is still held for this session).
      await picker.selectOption({ label: `Contoso scanner — ${MAILBOX}` })
      const tests = page.locator('.verify-tests')
      expect(await tests.textContent()).toContain('Password saved')
      await page.getByRole('button', { name: 'Test sign-in' }).click()
      await tests.locator('.verify-result[data-verify="pass"]').waitFor({ timeout: 15_000 })
      await shot(page, 'verify-sign-in')

      // The job's contact is an address: it is the suggested recipient.
      const to = page.getByLabel('Send the test message to')
      expect(await to.inputValue()).toBe('it@contoso.test')
      await to.fill('it@')
      await page.getByRole('button', { name: 'Send a test message' }).click()
      await page
        .locator('.field__error', { hasText: 'Recipient is not an email address' })
        .waitFor()
      await to.fill('it@contoso.test')
      await page.getByRole('button', { name: 'Send a test message' }).click()
      const sent = tests.locator('.verify-result[data-verify="pass"]', {
        hasText: '250 2.6.0 Queued mail for delivery',
      })
      await sent.waitFor({ timeout: 15_000 })
      expect(await sent.locator('.check__title').textContent()).toContain('Test message through')
      await tests.locator('[data-saved-in-job]').waitFor()
      await page.locator('.save-status[data-save="saved"]').waitFor()
      expect(await overflowing(page)).toEqual([])
      await shot(page, 'verify', { fold: true })

      // The outcome is in the job: after a reload, the step shows it.
      await page.reload()
      const row = page.locator('.job-row', { hasText: 'Contoso Ltd — Main office' })
      await row.getByRole('button', { name: /^Resume/ }).click()
      const saved = page.locator('.verify-saved')
      await saved.waitFor()
      // Main kept it with the time the test finished, and the step says when.
      expect(await saved.getAttribute('data-verify-saved')).toBe('pass')
      expect(await saved.textContent()).toMatch(
        /^Saved with this job: a test passed \([^)]*2026[^)]*\d\d:\d\d[^)]*\)\./,
      )
      expect(await saved.textContent()).toContain('250 2.6.0 Queued mail for delivery')
      const [summary] = await app!.services.jobs.list()
      const kept = (await app!.services.jobs.get(summary!.id)).verifyOutcome
      expect(kept).toMatchObject({ passed: true, text: expect.stringContaining('250 2.6.0') })
      expect(Date.now() - Date.parse(kept!.at)).toBeLessThan(120_000)
      expect((await app!.services.jobs.get(summary!.id)).checklist).not.toHaveProperty('verify')

      // Settings from inside the job, and back to the same step.
      await page.getByRole('button', { name: 'Settings' }).click()
      await page.getByRole('button', { name: 'Back to the job' }).click()
      await page.locator('.verify-saved').waitFor()

      await expectNoPassword(open)
    },
  )

  it('no frame any page received, over the whole run, carried a password', () => {
    expect(allReceived.length).toBeGreaterThan(10)
    for (const secret of [PASSWORD, WRONG_PASSWORD, REFRESH_TOKEN]) {
      expect(allReceived.some((f) => f.includes(secret))).toBe(false)
      const b64 = Buffer.from(secret).toString('base64')
      expect(allReceived.some((f) => f.includes(b64))).toBe(false)
    }
    expect(hostLog.join('\n')).not.toContain(PASSWORD)
  })
})
