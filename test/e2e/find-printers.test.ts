/**
 * "Find printers on this network" in the Device step, in Chromium through the browser test host.
 * The browse and the identify run for real on the laptop side of a namespace LAN where Avahi and
 * ippeveprinter announce two printers (see test/helpers/dns-sd-lan.ts): the list shows both, the
 * technician taps one, its address fills in, the device is asked over IPP on the port it
 * announced, and the suggested family is one click away. Needs `out/renderer` (`npm run build`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DnsSdBrowseResult, PrinterIdentity } from '../../shared/discovery-types'
import { dnsSdSupport, startDnsSdLan, type DnsSdLan } from '../helpers/dns-sd-lan'
import { announceTwoPrinters } from '../helpers/lan-printers'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { expectNoAxeViolations } from './support/axe'
import { overflowing } from './support/page-tools'
import { closeWatchedPage, requireBrowser } from './support/local-site'

// Chromium and the build as every browser test needs them, and the same check startDnsSdLan
// makes, so the test skips only where setup could not work (and fails in CI).
const support = await dnsSdSupport()
const needs = requireBrowser({
  need: 'the DNS-SD LAN (namespaces, peers, private mounts)',
  reason: support.ok ? null : support.reason,
})

describe.skipIf(needs.missing)(needs.title('Find printers on this network'), () => {
  let app: E2eApp | undefined
  let lan: DnsSdLan | undefined
  let dir = ''
  const identifyCalls: Array<{ host: string; ippPort?: number }> = []

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scanpath-e2e-dnssd-'))
    lan = await startDnsSdLan(join(dir), { avahi: true })
    await announceTwoPrinters(lan)
    const onLan = lan
    app = await startApp({
      dir,
      // NETWORK SAFETY: browse and identify run inside the laptop namespace of the test LAN,
      // whose only link is the veth to the printer namespace.
      browse: (timeoutMs) => onLan.onLaptop<DnsSdBrowseResult>({ mode: 'browse', timeoutMs }),
      identify: (name, ippPort) => {
        identifyCalls.push({ host: name, ippPort })
        return onLan.onLaptop<PrinterIdentity>({
          mode: 'identify',
          host: name,
          ippPort: ippPort ?? 631,
        })
      },
      log: () => {},
    })
  }, 120_000)

  afterAll(async () => {
    await app?.dispose()
    await lan?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('lists the printers, and a tap fills the address and identifies the device', async () => {
    const watched = await app!.open({ width: 1024, height: 700 })
    const { page } = watched
    await page.getByRole('button', { name: 'New job' }).click()
    await page.getByLabel('Customer', { exact: true }).fill('Fabrikam')
    await page.getByRole('button', { name: /^Next: Device/ }).click()

    await page.getByRole('button', { name: 'Find printers on this network' }).click()
    const list = page.getByRole('list', { name: 'Printers on this network' })
    await list.waitFor({ timeout: 15_000 })
    const entries = list.getByRole('button')
    expect(await entries.count()).toBe(2)
    expect(await page.locator('.found-printers').textContent()).toContain(
      `2 printers answered on the network of ${lan!.laptopAddress}`,
    )
    const hp = list.getByRole('button', { name: /HP LaserJet Pro MFP M428fdw/ })
    const hpText = (await hp.textContent()) ?? ''
    expect(hpText).toContain(lan!.printerAddress)
    expect(hpText).toContain('IPP 8631')
    expect(hpText).toContain('Catalogue: HP')
    expect(await page.locator('input[name="family"]:checked').count()).toBe(0)
    await expectNoAxeViolations(page, 'Device step with the list of printers')
    await page.screenshot({
      path: join(ARTIFACTS, 'wizard-device-find-printers.png'),
      fullPage: true,
    })

    await hp.click()
    expect(await page.getByLabel('IP address or host name').inputValue()).toBe(lan!.printerAddress)
    const result = page.locator('.identify__result', { hasText: 'M428fdw' })
    await result.waitFor({ timeout: 15_000 })
    // Asked on the port the device announced, not the default 631.
    expect(identifyCalls.at(-1)).toEqual({ host: lan!.printerAddress, ippPort: 8631 })
    expect(await page.locator('input[name="family"]:checked').count()).toBe(0)
    await result.getByRole('button', { name: /^Use HP / }).click()
    expect(await page.locator('input[name="family"]:checked').count()).toBe(1)
    expect(await page.getByLabel("Model (as on the device's label)").inputValue()).toBe(
      'LaserJet Pro MFP M428fdw',
    )
    expect(await overflowing(page)).toEqual([])
    await closeWatchedPage(watched)
  })
})
