/**
 * Issue 12 §2 in the renderer: what hostile servers and devices send is shown through the shared
 * display function, so the technician reads the escape sequences, NUL, C1 and bidi controls as
 * visible escapes (`\x1b`, `\u202e`) instead of text reordered or hidden by them. In Chromium,
 * through the browser test host, against a real hostile SMTP server (a certificate named with
 * escape sequences, a banner and EHLO line of raw bytes) and a hostile IPP printer; the DNS-SD
 * answer is handed to the page as main would send it. Needs `out/renderer` (`npm run build`).
 */
import { join } from 'node:path'

import { type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { identifyPrinter } from '../../electron/discovery/identify'
import type { OAuthProvider } from '../../electron/services/profile-service'
import type { DnsSdBrowseResult } from '../../shared/discovery-types'
import { startDnsServer, type DnsServer } from '../helpers/dns-server'
import {
  hostileCertificate,
  startHostileIppPrinter,
  type HostileIppPrinter,
} from '../helpers/hostile-peers'
import {
  HOSTILE,
  HOSTILE_BYTES_SHOWN,
  HOSTILE_LATIN1,
  HOSTILE_SHOWN,
} from '../helpers/hostile-text'
import { freeUdpPort } from '../helpers/printer-peers'
import { startScenarioServer, type ScenarioServer } from '../helpers/scenario-smtp-server'
import { createTestPki } from '../helpers/test-pki'
import { ARTIFACTS, LOOPBACK_DEPS, startApp, type E2eApp } from './support/app-harness'
import { closeWatchedPage, requireBrowser } from './support/local-site'
import type { WatchedPage } from './support/page-tools'

const needs = requireBrowser()

/** What no page text may hold: controls (but TAB and LF), bidi controls and marks, separators. */
const RAW = /(?![\t\n])[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u

/**
 * Microsoft's side of an OAuth sign-in, hostile: the device code and sign-in page it hands out
 * carry the controls, then it refuses with a description holding the marks that main's IPC error
 * cleaning leaves (the Arabic letter mark, LRM, zero-width space; it turns the rest into '?').
 */
const REFUSAL = `Microsoft said "invalid_grant: AADSTS70000 Evil\u061c\u200eName\u200b${HOSTILE}".`
const REFUSAL_SHOWN = 'Microsoft said "invalid_grant: AADSTS70000 Evil\\u061c\\u200eName\\u200b'

/** A DNS-SD answer as main sends it, with a device name and model full of controls. */
function hostileBrowse(): DnsSdBrowseResult {
  return {
    printers: [
      {
        name: `Printer${HOSTILE}`,
        host: 'evil.local',
        addresses: ['127.0.0.1'],
        services: [{ service: 'ipp', port: 631 }],
        makeAndModel: `Model \u061c${HOSTILE}`,
        product: null,
        adminUrl: null,
        answeredFrom: '127.0.0.1',
        askedOn: '127.0.0.1',
        catalogMatches: [],
      },
    ],
    askedOn: ['127.0.0.1'],
    problems: [],
    durationMs: 100,
    summary: '1 printer answered on the network of 127.0.0.1.',
  }
}

describe.skipIf(needs.missing)(needs.title('Hostile text in the renderer'), () => {
  let app: E2eApp | undefined
  let smtp: ScenarioServer | undefined
  let printer: HostileIppPrinter | undefined
  let dns: DnsServer | undefined
  let watched: WatchedPage | undefined
  /** Ends the OAuth sign-in waiting in the fake Microsoft, with its refusal. */
  const refusals: (() => void)[] = []
  const fakeOAuth: OAuthProvider = {
    signIn: (_profile, _store, onPrompt) =>
      new Promise((_resolve, reject) => {
        onPrompt({
          userCode: `CODE${HOSTILE}`,
          verificationUri: `https://microsoft.com/devicelogin${HOSTILE}`,
          message: 'To sign in, use a web browser.',
          expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
        })
        refusals.push(() => reject(new Error(REFUSAL)))
      }),
    accessToken: async () => {
      throw new Error('no access token in this test')
    },
  }

  beforeAll(async () => {
    const pki = await createTestPki()
    smtp = await startScenarioServer({
      scenario: 'exchange',
      pki: { ...pki, leaf: await hostileCertificate(pki) },
      serverName: HOSTILE_LATIN1,
      wireEncoding: 'latin1',
    })
    printer = await startHostileIppPrinter()
    dns = await startDnsServer({
      records: [{ type: 'A', name: 'localhost', address: '127.0.0.1' }],
    })
    const closedUdp = await freeUdpPort()
    // NETWORK SAFETY: names resolve on the local DNS server or to loopback; the public-IP source
    // and the blocklist are a closed loopback port and a reserved name.
    app = await startApp({
      probeDeps: { ...LOOPBACK_DEPS, extraCa: [pki.ca.cert] },
      siteDefaults: {
        dnsServer: dns.address,
        publicIpSources: [`https://127.0.0.1:${closedUdp}/`],
        blocklists: ['zen.test.local'],
      },
      oauth: fakeOAuth,
      identify: () =>
        identifyPrinter({
          host: '127.0.0.1',
          ippPort: printer!.port,
          snmpPort: closedUdp,
          timeoutMs: 1500,
        }),
      browse: async () => hostileBrowse(),
      log: () => {},
    })
    await app.services.profiles!.save({
      id: 'office-0001',
      name: 'Office reports',
      purpose: 'office-reports',
      address: 'reports@contoso.test',
      username: 'reports@contoso.test',
      method: 'oauth',
      host: 'smtp.office365.com',
      port: 587,
      oauth: { clientId: '11111111-2222-4333-8444-555555555555', tenant: 'organizations' },
    })
  })

  afterAll(async () => {
    await app?.dispose()
    await Promise.all([smtp?.close(), printer?.close(), dns?.close()])
  })

  afterEach(async () => {
    await closeWatchedPage(watched)
    watched = undefined
  })

  const pageText = (page: Page) => page.locator('main').innerText()

  it('device names, check verdicts, details, transcripts and the report preview show escapes', async () => {
    watched = await app!.open({ width: 1100, height: 800 })
    const { page } = watched
    await page.getByRole('button', { name: 'New job' }).click()
    await page.getByLabel('Customer', { exact: true }).fill('Contoso Ltd')
    await page.getByRole('button', { name: /^Next: Device/ }).click()

    // DNS-SD: the announced name and model.
    await page.getByRole('button', { name: 'Find printers on this network' }).click()
    const found = page.locator('.found-printer')
    await found.first().waitFor()
    expect(await found.first().locator('.found-printer__name').textContent()).toBe(
      `Printer${HOSTILE_SHOWN}`,
    )
    expect(await found.first().textContent()).toContain(`Model \\u061c${HOSTILE_SHOWN}`)

    // IPP: picking it asks the device, whose make, model and firmware are hostile bytes.
    await found.first().click()
    const result = page.locator('.identify__result')
    await result.waitFor()
    expect(await result.textContent()).toContain(`reports "${HOSTILE_BYTES_SHOWN}" (via IPP)`)
    expect(await result.textContent()).toContain(`Firmware: v1 ${HOSTILE_BYTES_SHOWN}`)
    expect(await pageText(page)).not.toMatch(RAW)

    // Site checks against the hostile SMTP server.
    await page.getByRole('button', { name: /^Next: Site checks/ }).click()
    await page.getByLabel('Submission host', { exact: true }).fill('127.0.0.1')
    await page.getByLabel('Submission port', { exact: true }).fill(String(smtp!.port))
    await page.getByLabel('Timeout (seconds)', { exact: true }).fill('3')
    await page.getByRole('button', { name: 'Run checks' }).click()
    await page.locator('.run-summary--done').waitFor({ timeout: 30_000 })
    const starttls = page.locator('li[data-check-id="starttls-submission"]')
    expect(await starttls.locator('.check__explanation').textContent()).toContain(
      `certificate CN=${HOSTILE_SHOWN}, O=${HOSTILE_SHOWN} issued by`,
    )
    await starttls.getByText('Details', { exact: true }).click()
    const labels = await starttls.locator('.facts dt').allTextContents()
    const values = await starttls.locator('.facts dd').allTextContents()
    expect(values[labels.indexOf('Certificate subject')]).toBe(
      `CN=${HOSTILE_SHOWN}, O=${HOSTILE_SHOWN}`,
    )
    const transcript = await starttls.locator('.transcript').textContent()
    expect(transcript).toContain(`220 ${HOSTILE_BYTES_SHOWN} Microsoft ESMTP`)
    expect(transcript).toContain(`250-${HOSTILE_BYTES_SHOWN} Hello`)
    expect(await pageText(page)).not.toMatch(RAW)
    await page.screenshot({ path: join(ARTIFACTS, 'hostile-site-checks.png'), fullPage: true })

    // The report preview: the same verdict, through the same function.
    await page.locator('.step-site-checks__saved', { hasText: 'saved with this job' }).waitFor()
    await page
      .getByRole('navigation', { name: 'Steps of the job' })
      .getByRole('button', { name: /Report/ })
      .click()
    const preview = page.locator('.report-preview')
    await preview.waitFor()
    expect(await preview.textContent()).toContain(`certificate CN=${HOSTILE_SHOWN}`)
    expect(await pageText(page)).not.toMatch(RAW)
  })

  it('the OAuth sign-in shows the code, the page and the refusal Microsoft sent as escapes', async () => {
    watched = await app!.open({ width: 1100, height: 800 })
    const { page } = watched
    await page.getByRole('button', { name: 'Settings' }).click()
    const card = page.locator('.profile-card', {
      has: page.getByRole('heading', { name: 'Office reports', exact: true }),
    })
    await card.getByRole('button', { name: 'Sign in with Microsoft' }).click()
    const waiting = card.locator('[data-oauth="waiting"]')
    await waiting.locator('.oauth__code').waitFor()
    expect(await waiting.locator('.oauth__code').textContent()).toBe(`CODE${HOSTILE_SHOWN}`)
    expect(await waiting.locator('.oauth__uri').textContent()).toBe(
      `https://microsoft.com/devicelogin${HOSTILE_SHOWN}`,
    )
    expect(await pageText(page)).not.toMatch(RAW)

    refusals.splice(0).forEach((refuse) => refuse())
    const failed = card.locator('[data-oauth="failed"]')
    await failed.waitFor()
    expect(await failed.textContent()).toContain(REFUSAL_SHOWN)
    expect(await pageText(page)).not.toMatch(RAW)
    expect(await pageText(page)).not.toMatch(/[\u061c\u200b]/u)
  })
})
