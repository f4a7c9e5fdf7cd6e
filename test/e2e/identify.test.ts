/**
 * Identify the device by its address, in Chromium through the browser test host: a real
 * `ippeveprinter` on loopback plays an HP managed MFP; the Device step asks it, shows what it
 * said, and the technician's click picks the family and fills model and firmware. A silent
 * address gets a clear "did not identify itself". Needs `out/renderer` (`npm run build`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { identifyPrinter } from '../../electron/discovery/identify'
import {
  FIRMWARE_PRINTER_ATTRIBUTES,
  freeTcpPort,
  freeUdpPort,
  missing,
  missingReason,
  startIppPrinter,
  startPrivateBus,
  stopProcess,
  type Peer,
} from '../helpers/printer-peers'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { overflowing } from './support/page-tools'
import { closeWatchedPage, requireBrowser } from './support/local-site'

const needs = requireBrowser({
  need: 'the printer peers',
  reason: missing.length > 0 ? missingReason : null,
})

describe.skipIf(needs.missing)(needs.title('Identify the device by its address'), () => {
  let app: E2eApp | undefined
  let dir = ''
  let bus: Peer | undefined
  let printer: Peer | undefined
  /** 127.0.0.1 answers IPP on this port; "localhost" gets a closed IPP port (nothing answers). */
  const ports = { ipp: 0, silentIpp: 0, snmp: 0 }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scanpath-e2e-identify-'))
    const b = await startPrivateBus(dir)
    bus = b.peer
    const p = await startIppPrinter({
      dir,
      busAddress: b.address,
      name: 'ScanPath E2E Printer',
      attributes: FIRMWARE_PRINTER_ATTRIBUTES,
    })
    printer = p.peer
    ports.ipp = p.port
    ports.silentIpp = await freeTcpPort()
    ports.snmp = await freeUdpPort()
    app = await startApp({
      dir,
      // NETWORK SAFETY: both names are loopback; only the IPP port differs.
      identify: (name) =>
        identifyPrinter({
          host: name === 'localhost' ? '127.0.0.1' : name,
          ippPort: name === 'localhost' ? ports.silentIpp : ports.ipp,
          snmpPort: ports.snmp,
          timeoutMs: 1500,
        }),
      log: () => {},
    })
  })

  afterAll(async () => {
    await app?.dispose()
    await stopProcess(printer)
    await stopProcess(bus)
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('asks the device, then the technician picks the suggested family', async () => {
    const watched = await app!.open()
    const { page } = watched
    await page.getByRole('button', { name: 'New job' }).click()
    await page.getByLabel('Customer', { exact: true }).fill('Contoso Ltd')
    await page.getByRole('button', { name: /^Next: Device/ }).click()

    const identify = page.getByRole('button', { name: 'Identify the device at this address' })
    expect(await identify.isDisabled()).toBe(true)
    await page.getByLabel('IP address or host name').fill('not a host!')
    expect(await identify.isDisabled()).toBe(true)

    // Nothing answers at this address: said plainly, nothing picked.
    await page.getByLabel('IP address or host name').fill('localhost')
    await identify.click()
    await page.locator('.identify__result', { hasText: 'did not identify itself' }).waitFor()
    expect(await page.locator('.identify__result').textContent()).toContain('Not listed')
    expect(await page.locator('input[name="family"]:checked').count()).toBe(0)

    // The printer answers over IPP: make, model, firmware, and a suggestion to confirm.
    await page.getByLabel('IP address or host name').fill('127.0.0.1')
    await identify.click()
    const result = page.locator('.identify__result', { hasText: 'E78330' })
    await result.waitFor()
    expect(await result.textContent()).toContain('FutureSmart Bundle 5.7.1.2')
    expect(await result.textContent()).toContain('Closest catalogue family: HP LaserJet Enterprise')
    expect(await page.locator('input[name="family"]:checked').count()).toBe(0)
    await result.getByRole('button', { name: /^Use HP / }).click()
    expect(await page.locator('input[name="family"]:checked').getAttribute('value')).toBe(
      'hp-futuresmart-enterprise',
    )
    expect(await page.getByLabel("Model (as on the device's label)").inputValue()).toBe(
      'Color LaserJet Managed MFP E78330',
    )
    expect(await page.getByLabel('Firmware version').inputValue()).toBe(
      'FutureSmart Bundle 5.7.1.2 (2507252_062149)',
    )
    await result.locator('text=is the family picked').waitFor()
    expect(await overflowing(page)).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'wizard-device-identify.png'), fullPage: true })
    await closeWatchedPage(watched)
  })
})
