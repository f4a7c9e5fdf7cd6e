/**
 * Capture mode from the page, as a technician runs it: start a capture on a free port, let a
 * printer-like device (nodemailer, no sign-in) send one scan to it, and read what the page says.
 */
import nodemailer from 'nodemailer'
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

import { freeTcpPort } from '../../helpers/printer-peers'

/**
 * Starts a capture in the Verify step and sends one scan to it from a device named `name`
 * (STARTTLS when `starttls`, as the capture's self-signed certificate allows; no sign-in). Returns
 * the finished session once the page shows it.
 */
export async function captureOneScan(
  page: Page,
  device: { name: string; from: string; starttls?: boolean },
): Promise<Locator> {
  const port = await freeTcpPort()
  await page.getByLabel('Capture port').fill(String(port))
  await page.getByRole('button', { name: 'Start capture' }).click()
  await page.locator('[data-capture="running"]').waitFor()
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ...(device.starttls ? { requireTLS: true } : {}),
    name: device.name,
    tls: { rejectUnauthorized: false },
  })
  await transport
    .sendMail({
      from: device.from,
      to: 'office@example.org',
      subject: 'Scan',
      text: 'scanned page',
    })
    .catch(() => {})
  transport.close()
  const session = page.locator('.capture-session').first()
  await session.waitFor({ timeout: 10_000 })
  await expect
    .poll(() => session.locator('.capture-session__summary').textContent())
    .toContain('no sign-in')
  return session
}

/** The switch-back's settings as the page lists them: label → value. */
export async function switchBackValues(session: Locator): Promise<Record<string, string>> {
  return Object.fromEntries(
    await session
      .locator('.capture-session__switch-back dl > div')
      .evaluateAll((rows) =>
        rows.map((r) => [r.querySelector('dt')?.textContent, r.querySelector('dd')?.textContent]),
      ),
  ) as Record<string, string>
}
