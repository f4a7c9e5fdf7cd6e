/**
 * Verify for a site relay in Chromium (issue 16): a real relay on 127.0.0.1 with its status link
 * paired, the Exchange-like server behind it, and a printer-like sender. The technician types the
 * pairing code and watches: the panel shows the scan arriving and delivered, main records the
 * outcome with the relay's status, the report prints it; a wrong code says what to do; the code
 * is never in the page after Watch, in the job file or in the report.
 * Screenshot: test/e2e/artifacts/site-relay-watch-delivered.png. Needs `out/renderer`.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import type { Job } from '../../shared/job-types'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { siteRelayJob } from '../helpers/site-relay-job'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  freePort,
  MAILBOX,
  PAIRING_CODE,
  pairedWith,
  relayConfig,
  relayRunner,
  scan,
  TOKEN,
} from '../integration/relay-helpers'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { expectNoAxeViolations } from './support/axe'
import { overflowing } from './support/page-tools'
import { closeWatchedPage, requireBrowser } from './support/local-site'

const needs = requireBrowser()
const VIEWPORT = { width: 1024, height: 760 }
/** The code as a technician might type it off the relay's screen. */
const TYPED_CODE = '7kq4-m2xd-9t3p-hwrb-5n8e'

describe.skipIf(needs.missing)(needs.title('Verify watches the site relay in Chromium'), () => {
  const peers = useScenarioPeers()
  const tempDir = useTempDirs()
  const runner = relayRunner()
  let app: E2eApp | undefined

  beforeAll(async () => {
    app = await startApp({ log: () => {} })
  })
  afterEach(() => runner.stopAll())
  afterAll(async () => {
    await app?.dispose()
  })

  /** A relay paired with PAIRING_CODE in front of the Exchange-like server. */
  async function startRelay() {
    const server = await peers.serve('exchange', { users: { [MAILBOX]: TOKEN } })
    const statusPort = await freePort()
    const config = relayConfig(
      {
        listen: { address: '127.0.0.1', port: await freePort() },
        outbound: { host: '127.0.0.1', port: server.port, username: MAILBOX },
        status: { port: statusPort },
      },
      await tempDir('e2e-relay-'),
    )
    await runner.start({ config, outboundCa: [peers.pki.ca.cert], ...pairedWith(PAIRING_CODE) })
    return { server, statusPort, smtpPort: config.listen.port }
  }

  /** A relay job at the Verify step, the relay and the device both on 127.0.0.1. */
  async function relayJobAtVerify(customer: string, smtpPort: number): Promise<Job> {
    const jobs = app!.services.jobs
    const created = await jobs.create()
    const base = siteRelayJob()
    const job: Job = {
      ...base,
      id: created.id,
      createdAt: created.createdAt,
      customer,
      siteRelay: { address: '127.0.0.1', port: smtpPort },
      device: { ...base.device, address: '127.0.0.1' },
      step: 'verify',
    }
    await jobs.save(job)
    return job
  }

  async function openAtVerify(customer: string) {
    const watched = await app!.open(VIEWPORT)
    const { page } = watched
    await page
      .locator('.job-row', { hasText: customer })
      .getByRole('button', { name: /^Resume/ })
      .click()
    await page.getByRole('heading', { name: 'Watch the relay' }).waitFor()
    return watched
  }

  const primaries = (page: Page) =>
    page.locator('.button--primary:visible').evaluateAll((els) => els.map((e) => e.textContent))
  /** The code in any form it could take, anywhere in the page's markup or its inputs' values. */
  async function codeInPage(page: Page): Promise<boolean> {
    const html = await page.content()
    const values = await page
      .locator('input')
      .evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value).join('\n'))
    const all = `${html}\n${values}`.toUpperCase().replace(/-/g, '')
    return all.includes(PAIRING_CODE)
  }

  it('watch, send a scan: arrival and delivery shown, the outcome and relay status kept', async () => {
    const { server, statusPort, smtpPort } = await startRelay()
    const job = await relayJobAtVerify('Relay Watch Dental', smtpPort)
    const watched = await openAtVerify('Relay Watch Dental')
    const { page } = watched
    const panel = page.locator('.relay-watch')

    // The relay's address is the job's (read-only here); the commands are folded away.
    expect(await panel.locator('[data-relay-address]').textContent()).toBe('127.0.0.1')
    expect(await page.getByText('Or check on the relay machine').isVisible()).toBe(true)
    expect(await page.getByText('scanpath relay status --config').isVisible()).toBe(false)
    // One main action: Watch (Next waits for the test).
    expect(await primaries(page)).toEqual(['Watch'])
    await expectNoAxeViolations(page, 'Verify (site relay, before watching)')

    await panel.getByLabel('Status port').fill(String(statusPort))
    await panel.getByLabel('Pairing code').fill(TYPED_CODE)
    expect(await panel.getByLabel('Pairing code').getAttribute('type')).toBe('password')
    await panel.getByRole('button', { name: 'Watch' }).click()

    await panel.locator('[data-relay-waiting]').waitFor()
    expect(await panel.locator('[data-relay-waiting]').textContent()).toContain(
      'Waiting for a message from the device… Send a test scan now.',
    )
    expect(await panel.locator('[data-relay-status]').textContent()).toContain(
      `STARTTLS offered, sends as ${MAILBOX}`,
    )
    expect(await codeInPage(page)).toBe(false)

    // The printer-like sender: TLS 1.0 only, through the relay.
    await device(smtpPort, 'tls1.0').sendMail({
      envelope: { from: MAILBOX, to: ['office@contoso.example'] },
      raw: scan('<watch-1@mfp.contoso.example>'),
    })
    await panel.locator('[data-relay-outcome="pass"]').waitFor({ timeout: 15_000 })
    const lines = await panel.locator('.relay-watch__event').allTextContents()
    expect(lines[0]).toMatch(
      /^→Arrived at the relay from 127\.0\.0\.1 over TLSv1 at \d\d:\d\d:\d\d \(Message-ID <watch-1@mfp\.contoso\.example>\)$/,
    )
    expect(lines[1]).toMatch(/^✓Delivered to Microsoft 365 at \d\d:\d\d:\d\d: 250 /)
    expect(lines).toHaveLength(2)
    expect(await panel.locator('[data-relay-outcome]').textContent()).toMatch(
      /Verified, saved with this job: 127\.0\.0\.1 → relay 127\.0\.0\.1 → Microsoft 365: delivered <watch-1@mfp\.contoso\.example> \(250 /,
    )
    expect(server.messages.map((m) => m.messageId)).toEqual(['<watch-1@mfp.contoso.example>'])
    // Verified: Next is the main action again (still watching: Stop is secondary).
    expect(await primaries(page)).toEqual(['Next: Report →'])
    await expectNoAxeViolations(page, 'Verify (site relay, delivered)')
    expect(await overflowing(page)).toEqual([])
    await panel.screenshot({ path: join(ARTIFACTS, 'site-relay-watch-delivered.png') })
    await page.screenshot({ path: join(ARTIFACTS, 'site-relay-watch-verify.png'), fullPage: true })
    expect(await codeInPage(page)).toBe(false)

    // Main kept the outcome and the relay's status; the code is not in the job file.
    const file = await readFile(join(app!.dataDir!, 'jobs', `${job.id}.json`), 'utf8')
    const kept = (JSON.parse(file) as Job).verifyOutcome
    expect(kept?.passed).toBe(true)
    expect(kept?.relay).toMatchObject({
      address: '127.0.0.1',
      statusPort,
      tlsMode: 'starttls',
      account: MAILBOX,
      lastDelivery: { messageId: '<watch-1@mfp.contoso.example>' },
    })
    expect(file.toUpperCase().replace(/-/g, '')).not.toContain(PAIRING_CODE)

    // Typed once per relay: stopped and watched again with the field left empty.
    await panel.getByRole('button', { name: 'Stop watching' }).click()
    await panel.getByText('A code is saved for this relay').waitFor()
    expect(await panel.getByLabel('Pairing code').inputValue()).toBe('')
    await panel.getByRole('button', { name: 'Watch' }).click()
    await panel.locator('[data-relay-waiting]').waitFor()
    expect(await panel.locator('[data-relay-problem]').count()).toBe(0)
    // What the job kept is still said while the new watch waits.
    expect(await panel.locator('[data-verify-saved="pass"]').count()).toBe(1)
    expect(await codeInPage(page)).toBe(false)

    // The report prints the relay's status as Verify saw it.
    await page.getByRole('button', { name: /^Next: Report/ }).click()
    const facts = page.locator('[data-site-relay]')
    await facts.waitFor()
    await facts.screenshot({ path: join(ARTIFACTS, 'site-relay-watch-report.png') })
    expect(await facts.textContent()).toMatch(
      /Relay as Verify saw it\d{4}-\d\d-\d\d \d\d:\d\d UTC: listening on 127\.0\.0\.1:\d+, STARTTLS offered, sends as scanner@contoso\.example; 0 queued, 0 failed; last delivery .* <watch-1@mfp\.contoso\.example> \(250 /,
    )
    const report = await app!.services.reports!.build(job.id)
    expect(report.method.siteRelay?.seen?.delivered).toBe(true)
    expect(JSON.stringify(report).toUpperCase().replace(/-/g, '')).not.toContain(PAIRING_CODE)
    await closeWatchedPage(watched)
  })

  it('a code with a typo is named under the field; a wrong code says what to do', async () => {
    const { statusPort, smtpPort } = await startRelay()
    await relayJobAtVerify('Relay Wrong Code', smtpPort)
    const watched = await openAtVerify('Relay Wrong Code')
    const { page } = watched
    const panel = page.locator('.relay-watch')
    await panel.getByLabel('Status port').fill(String(statusPort))

    // Nothing typed, nothing kept: the field says where the code is.
    await panel.getByRole('button', { name: 'Watch' }).click()
    await panel.locator('.field__error', { hasText: 'scanpath relay pair' }).waitFor()
    // Too short: named before anything is sent.
    await panel.getByLabel('Pairing code').fill('7KQ4-M2XD')
    await panel.locator('.field__error', { hasText: 'a relay code has 20 characters' }).waitFor()

    await panel.getByLabel('Pairing code').fill('aaaa-bbbb-cccc-dddd-eeee')
    await panel.getByRole('button', { name: 'Watch' }).click()
    const problem = panel.locator('[data-relay-problem="wrong-code"]')
    await problem.waitFor()
    expect(await problem.textContent()).toMatch(
      /did not accept this code.*Type the code `scanpath relay pair` printed on the relay machine/,
    )
    // The problem is read out politely, and Watch is there to try again.
    expect(await panel.locator('[aria-live="polite"] [data-relay-problem]').count()).toBe(1)
    expect(await primaries(page)).toEqual(['Watch'])
    expect(await page.content()).not.toContain('AAAABBBBCCCCDDDDEEEE')
    await expectNoAxeViolations(page, 'Verify (site relay, wrong code)')
    await closeWatchedPage(watched)
  })
})
