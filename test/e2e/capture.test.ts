/**
 * Capture mode in Chromium through the browser test host: the Verify step starts a capture on
 * the laptop's address on the device's network (loopback here), a device-like client (nodemailer:
 * STARTTLS, AUTH LOGIN, one message) sends to it, and the page shows what the device did, the
 * verdict per method and how to switch the device back. Needs `out/renderer` (`npm run build`).
 */
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'

import nodemailer from 'nodemailer'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CaptureService } from '../../electron/services/capture-service'
import type { JobService } from '../../electron/services/job-service'
import { freeTcpPort } from '../helpers/printer-peers'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { captureOneScan, switchBackValues } from './support/capture-device'
import { overflowing } from './support/page-tools'
import { closeWatchedPage, requireBrowser } from './support/local-site'

const needs = requireBrowser()
/** What the device sends as its password: it must never show on the page. */
const DEVICE_PASSWORD = 'Capture-Secret-8127'

/** Creates a job for `customer` and returns a way to open one of its steps. */
async function startJob(page: Page, customer: string) {
  await page.getByRole('button', { name: 'New job' }).click()
  await page.getByLabel('Customer', { exact: true }).fill(customer)
  return (label: string) =>
    page.getByRole('navigation', { name: 'Steps of the job' }).getByRole('button', { name: label })
}

/**
 * In the Decision step: it sends outside the tenant; whether the site has a static public IP;
 * then the technician confirms the recommended method, so the job records it.
 */
async function answerOutsideRecipients(page: Page, opts: { staticIp: 'Yes' | 'No' }) {
  await page
    .getByRole('group', { name: /^Must it send to addresses outside/ })
    .getByRole('radio', { name: 'Yes', exact: true })
    .check()
  await page
    .getByRole('group', { name: /^Does the site have a static public IP/ })
    .getByRole('radio', { name: opts.staticIp, exact: true })
    .check()
  await page.getByRole('button', { name: 'Use this method' }).click()
  await page.locator('.method--chosen').waitFor()
}

describe.skipIf(needs.missing)(needs.title('Capture mode in Chromium'), () => {
  let app: E2eApp | undefined
  let capture: CaptureService
  let jobs: JobService | undefined

  beforeAll(async () => {
    // The Report step's preview is built by main's report service from the saved job; nothing is
    // sent to the office here.
    app = await startApp({ log: () => {} })
    capture = app.services.capture!
    jobs = app.services.jobs
  })

  afterAll(async () => {
    await app?.dispose()
  })

  it('start, the device sends, the verdict and the switch-back show, stop', async () => {
    const watched = await app!.open()
    const { page } = watched
    const stepButton = await startJob(page, 'Contoso Ltd')

    // No device address yet: the panel says where to enter it.
    await stepButton('Verify').click()
    await page.locator('.capture .note--warn', { hasText: 'Device step first' }).waitFor()
    await stepButton('Device').click()
    await page.getByLabel('IP address or host name').fill('127.0.0.1')
    // Outside recipients, no static IP: the job's method is client submission (OAuth, for a
    // device not known yet), and the switch-back lists its values.
    await stepButton('Decision').click()
    await answerOutsideRecipients(page, { staticIp: 'No' })
    await stepButton('Verify').click()

    const port = await freeTcpPort()
    await page.getByLabel('Capture port').fill('99999')
    await page.locator('.field__error', { hasText: 'Must be between 1 and 65535.' }).waitFor()
    expect(await page.getByRole('button', { name: 'Start capture' }).isDisabled()).toBe(true)
    await page.getByLabel('Capture port').fill(String(port))
    await page.getByLabel('SSL/TLS port (optional)').fill(String(port))
    await page.locator('.field__error', { hasText: 'Another port' }).waitFor()
    const tlsPort = await freeTcpPort()
    await page.getByLabel('SSL/TLS port (optional)').fill(String(tlsPort))
    await page.getByRole('button', { name: 'Start capture' }).click()
    const target = page.locator('[data-capture="running"]')
    await target.waitFor()
    expect(await target.textContent()).toContain(`127.0.0.1, port ${port}`)
    expect(await target.textContent()).toContain(`or port ${tlsPort} with security "SSL/TLS"`)
    expect(capture.status().addresses?.implicitTlsPort).toBe(tlsPort)
    await page.getByText('Waiting for the device to connect').waitFor()

    // The device: STARTTLS (the capture's certificate is self-signed), AUTH LOGIN, one message.
    const device = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      requireTLS: true,
      name: 'mfp-e78330.contoso.test',
      auth: { user: 'scanner@contoso.test', pass: DEVICE_PASSWORD },
      tls: { rejectUnauthorized: false },
    })
    await device
      .sendMail({
        from: 'scanner@contoso.test',
        to: 'helpdesk@contoso.test',
        subject: 'Scan',
        text: 'scanned page',
      })
      .catch(() => {
        // The capture may refuse the message (it never delivers); what it saw is what counts.
      })
    device.close()

    const session = page.locator('.capture-session').first()
    await session.waitFor({ timeout: 10_000 })
    await expect
      .poll(() => session.locator('.capture-session__summary').textContent())
      .toContain('as scanner@contoso.test')
    const summary = (await session.locator('.capture-session__summary').textContent()) ?? ''
    expect(summary).toContain('mfp-e78330.contoso.test (')
    expect(summary).toContain('STARTTLS, TLS 1.')
    expect(
      await session.locator('[data-method="client-submission"] strong').first().textContent(),
    ).toContain('smtp.office365.com:587')
    const switchBack = session.locator('.capture-session__switch-back')
    expect(await switchBack.textContent()).toContain('smtp.office365.com')
    expect(await switchBack.textContent()).toContain('587')
    expect(await switchBack.textContent()).toContain('OAuth 2.0 (Microsoft 365)')
    expect(await switchBack.textContent()).toContain('scanner@contoso.test')
    // OAuth is this job's method: its verdict comes first and in colour, the port-25 one after it
    // in a neutral tag; the switch-back asks for a sign-in, not a password, and no example value.
    const primary = session.locator('[data-primary="true"]')
    expect(await primary.count()).toBe(1)
    expect(await primary.getAttribute('data-method')).toBe('client-submission')
    const other = session.locator('.capture-session__others [data-method="direct-send-relay"]')
    expect(await other.locator('.tag').getAttribute('class')).toContain('tag--neutral')
    expect(await switchBack.textContent()).toContain('sign in on the device again')
    expect(await switchBack.locator('dt').allTextContents()).not.toContain('Password')
    expect(await switchBack.textContent()).not.toMatch(/password|e\.g\./i)
    expect(await page.content()).not.toContain(DEVICE_PASSWORD)
    expect(await overflowing(page)).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'wizard-verify-capture.png'), fullPage: true })

    await page.getByRole('button', { name: 'Stop capture' }).click()
    await page.locator('[data-capture="stopped"]', { hasText: 'stopped' }).waitFor()
    expect(capture.status().running).toBe(false)
    // The sessions stay on screen after the stop, for the report and the switch-back.
    expect(await page.locator('.capture-session').count()).toBe(1)
    // …and the finished session is in the saved job, for the report: facts and verdicts only.
    await expect
      .poll(async () => {
        const [summary] = await jobs!.list()
        return summary ? ((await jobs!.get(summary.id))?.captures ?? []) : []
      })
      .toHaveLength(1)
    const [saved] = await jobs!.list()
    const record = (await jobs!.get(saved!.id)).captures![0]!
    expect(record).toMatchObject({
      ehloName: 'mfp-e78330.contoso.test',
      transport: 'starttls',
      // nodemailer picks PLAIN when the server offers it, as many devices do.
      authMechanisms: ['PLAIN'],
      username: 'scanner@contoso.test',
    })
    expect(record.verdicts.map((v) => v.method)).toEqual(['client-submission', 'direct-send-relay'])
    expect(JSON.stringify(record)).not.toContain(DEVICE_PASSWORD)

    // The Report step shows it too, before the report goes anywhere.
    await stepButton('Report').click()
    const captured = page.getByRole('region', { name: 'What the device did (capture)' })
    await captured.waitFor()
    expect(await captured.textContent()).toContain('mfp-e78330.contoso.test')
    expect(await captured.textContent()).toContain('Client submission (sign-in)')
    await captured.screenshot({ path: join(ARTIFACTS, 'report-capture.png') })
    await stepButton('Verify').click()

    // Leaving the step stops a running capture.
    await page.getByRole('button', { name: 'Start capture' }).click()
    await target.waitFor()
    expect(capture.status().running).toBe(true)
    await stepButton('Device').click()
    await expect.poll(() => capture.status().running).toBe(false)
    await closeWatchedPage(watched)
  })

  it('a port in use: the failure says what could not be done, in words, never a channel name', async () => {
    const watched = await app!.open()
    const { page } = watched
    const stepButton = await startJob(page, 'Northwind Scan')
    await stepButton('Device').click()
    await page.getByLabel('IP address or host name').fill('127.0.0.1')
    await stepButton('Verify').click()
    // Another program already listens on the port the technician picked.
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const { port } = busy.address() as AddressInfo
    try {
      await page.getByLabel('Capture port').fill(String(port))
      await page.getByRole('button', { name: 'Start capture' }).click()
      const alert = page.locator('.capture [role="alert"]', {
        hasText: 'Could not start the capture',
      })
      await alert.waitFor()
      const text = (await alert.textContent()) ?? ''
      expect(text).toContain(`Port ${port} on 127.0.0.1 is already in use by another program`)
      expect(text).not.toMatch(/capture:start|failed:/)
      expect(capture.status().running).toBe(false)
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()))
    }
    await closeWatchedPage(watched)
  })

  it("a relay job: its port-25 verdict first, the switch-back to the job's MX host, no sign-in", async () => {
    const watched = await app!.open()
    const { page } = watched
    const stepButton = await startJob(page, 'Fabrikam Print')
    await stepButton('Device').click()
    await page.getByLabel('IP address or host name').fill('127.0.0.1')
    const mx = 'fabrikam-com.mail.protection.outlook.com'
    await stepButton('Site checks').click()
    await page.getByLabel('Tenant MX host (optional)').fill(mx)
    // Outside recipients from a static public IP: the job's method is the relay connector.
    await stepButton('Decision').click()
    await answerOutsideRecipients(page, { staticIp: 'Yes' })
    await stepButton('Verify').click()

    // The device: port 25 style, no sign-in, one message.
    const session = await captureOneScan(page, {
      name: 'old-laserjet.fabrikam.test',
      from: 'scanner@fabrikam.test',
    })
    const primary = session.locator('[data-primary="true"]')
    expect(await primary.getAttribute('data-method')).toBe('direct-send-relay')
    // Client submission fails without a sign-in, but it is not this job's method: no red headline.
    const other = session.locator('.capture-session__others [data-method="client-submission"]')
    expect(await other.locator('.tag').textContent()).toBe('Will fail')
    expect(await other.locator('.tag').getAttribute('class')).toContain('tag--neutral')
    expect(await session.locator('.tag--fail').count()).toBe(0)
    const switchBack = session.locator('.capture-session__switch-back')
    const values = await switchBackValues(session)
    expect(values).toEqual({
      'SMTP server': mx,
      Port: '25',
      Security: 'STARTTLS if offered',
      'SMTP authentication': 'Off',
    })
    expect(await switchBack.textContent()).toContain('no sign-in')
    expect(await switchBack.textContent()).not.toMatch(/password|username|e\.g\.|contoso/i)
    expect(await overflowing(page)).toEqual([])
    await page.screenshot({
      path: join(ARTIFACTS, 'wizard-verify-capture-relay.png'),
      fullPage: true,
    })
    await page.getByRole('button', { name: 'Stop capture' }).click()
    await page.locator('[data-capture="stopped"]').waitFor()
    await closeWatchedPage(watched)
  })
})
