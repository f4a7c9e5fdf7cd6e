/**
 * About, "Copy diagnostics" and "Show log file" in Chromium through the browser test host, with
 * the real support service over a real support log and job store in a temp folder; the clipboard
 * and the file manager are the two things recorded instead of done. Also the app menu's commands,
 * sent the way main sends them. Needs `out/renderer` (`npm run build`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createSupportLog } from '../../electron/support/support-log'
import type { AboutInfo } from '../../shared/support-types'
import { ARTIFACTS, startApp, type E2eApp } from './support/app-harness'
import { expectNoAxeViolations } from './support/axe'
import { overflowing } from './support/page-tools'
import { closeWatchedPage, requireBrowser } from './support/local-site'

const needs = requireBrowser()

const SECRET = 'hunter2-Sup3r-secret'

describe.skipIf(needs.missing)(needs.title('About and support tools'), () => {
  let app: E2eApp | undefined
  let dir = ''
  const clipboard: string[] = []
  /** Makes the clipboard write fail, as when another program holds the clipboard. */
  let clipboardFails = false
  const shown: string[] = []
  let about: AboutInfo

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scanpath-e2e-about-'))
    const log = createSupportLog({ dir: join(dir, 'logs'), echo: false })
    log.write('info', 'ScanPath 0.1.0 starting')
    log.write('error', `verify failed for jane.doe@contoso.com: password=${SECRET}`)
    about = {
      name: 'ScanPath',
      version: '0.1.0',
      packaged: false,
      versions: { electron: '45.5.0', chrome: '142.0.7444.52', node: '22.20.0' },
      os: 'Linux 6.1.0 (x64)',
      locale: 'en-GB',
      dataDir: join(dir, 'data'),
      logFile: log.file,
    }
    app = await startApp({
      dir,
      support: {
        about: () => about,
        homeDir: '/nonexistent-home',
        logTail: (n) => log.tail(n),
        showItemInFolder: (p) => shown.push(p),
      },
      writeClipboard: (t) => {
        if (clipboardFails) throw new Error('the clipboard is held by another program')
        clipboard.push(t)
      },
      log: () => {},
    })
  })

  afterAll(async () => {
    await app?.dispose()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('shows the version and files, copies redacted diagnostics, shows the log file, goes back', async () => {
    const watched = await app!.open()
    const { page } = watched
    await page.getByRole('button', { name: 'About', exact: true }).click()
    const heading = page.getByRole('heading', { name: 'About ScanPath' })
    await heading.waitFor()
    // Keyboard and screen-reader users land on the new screen's heading.
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('About ScanPath')
    const facts = page.locator('.about__facts')
    await facts.getByText('0.1.0 (development build)').waitFor()
    expect(await facts.textContent()).toContain('Electron 45.5.0, Chromium 142.0.7444.52')
    expect(await facts.textContent()).toContain(about.logFile)

    await page.getByRole('button', { name: 'Copy diagnostics' }).click()
    await page.getByText(/^Copied to the clipboard \(\d+ lines\)/).waitFor()
    expect(clipboard).toHaveLength(1)
    const copied = clipboard[0]!
    expect(copied).toContain('# ScanPath diagnostics')
    expect(copied).toContain('Jobs: 0')
    expect(copied).toContain('verify failed for j…@contoso.com: password=[redacted]')
    expect(copied).not.toContain(SECRET)
    // What was copied is on the page too, exactly.
    await page.getByText('What was copied').click()
    expect(await page.getByLabel('Diagnostics text').textContent()).toBe(copied)
    expect(await page.content()).not.toContain(SECRET)

    // The About screen passes the same accessibility audit as the rest of the app.
    await expectNoAxeViolations(page, 'About, after Copy diagnostics')

    await page.getByRole('button', { name: 'Show log file' }).click()
    await expect.poll(() => shown).toEqual([about.logFile])
    expect(await overflowing(page)).toEqual([])
    await page.screenshot({ path: join(ARTIFACTS, 'about.png'), fullPage: true })

    await page.getByRole('button', { name: 'All jobs' }).click()
    await page.getByRole('button', { name: 'New job' }).waitFor()
    await closeWatchedPage(watched)
  })

  it('when the clipboard refuses, says so and shows the text to copy by hand', async () => {
    const watched = await app!.open()
    const { page } = watched
    await page.getByRole('button', { name: 'About', exact: true }).click()
    clipboardFails = true
    try {
      await page.getByRole('button', { name: 'Copy diagnostics' }).click()
      await page
        .getByText('The clipboard could not be reached: select the text below and copy it.')
        .waitFor()
      // The text is open on the page, ready to select, and still redacted.
      const text = page.getByLabel('Diagnostics text')
      expect(await text.isVisible()).toBe(true)
      expect(await text.textContent()).toContain('# ScanPath diagnostics')
      expect(await text.textContent()).not.toContain(SECRET)
    } finally {
      clipboardFails = false
    }
    await closeWatchedPage(watched)
  })

  it('carries out the app menu commands main sends', async () => {
    const watched = await app!.open()
    const { page } = watched
    await page.getByRole('button', { name: 'New job' }).waitFor()

    app!.host.broadcast('app:menu', { command: 'about' })
    await page.getByRole('heading', { name: 'About ScanPath' }).waitFor()
    app!.host.broadcast('app:menu', { command: 'new-job' })
    await page.getByLabel('Customer', { exact: true }).waitFor()
    await page.getByLabel('Customer', { exact: true }).fill('Menu Test Ltd')
    app!.host.broadcast('app:menu', { command: 'settings' })
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    app!.host.broadcast('app:menu', { command: 'outbox' })
    await page.getByRole('heading', { name: 'Outbox' }).waitFor()
    app!.host.broadcast('app:menu', { command: 'all-jobs' })
    // The job opened from the menu was saved on the way, with what was typed.
    await page.getByText('Menu Test Ltd').first().waitFor()
    await watched.close()
    expect(watched.problems.filter((p) => !p.includes('app:online'))).toEqual([])
  })
})
