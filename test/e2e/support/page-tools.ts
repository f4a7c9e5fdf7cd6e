/**
 * What every browser test needs: Debian's Chromium launched the way this machine allows it, and
 * page checks written once — sideways overflow, keyboard focus, visible focus rings.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'

/** Init script: CSP violations are kept in `window.__cspViolations` for the test to read. */
export const RECORD_CSP_VIOLATIONS = `
  const seen = []
  Object.defineProperty(window, '__cspViolations', { value: seen })
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI)
  })
`

export interface WatchedPage {
  page: Page
  context: BrowserContext
  /** Console errors, page errors and (after `close`) CSP violations. */
  problems: string[]
  close(): Promise<void>
}

/**
 * A new context and page at `url` that records console errors, page errors and CSP violations.
 * `beforeGoto` runs on the new page before it loads (e.g. to listen to its WebSocket frames).
 * No permission is granted: the app needs none (its Copy buttons go through main).
 */
export async function openWatchedPage(
  browser: Browser,
  url: string,
  viewport = { width: 1024, height: 700 },
  opts: { acceptDownloads?: boolean; beforeGoto?: (page: Page) => void } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport,
    ...(opts.acceptDownloads ? { acceptDownloads: true } : {}),
  })
  const page = await context.newPage()
  opts.beforeGoto?.(page)
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  await page.addInitScript({ content: RECORD_CSP_VIOLATIONS })
  await page.goto(url)
  return {
    page,
    context,
    problems,
    close: async () => {
      problems.push(...(await page.evaluate<string[]>('[...window.__cspViolations]')))
      await context.close()
    },
  }
}

/**
 * Headless Chromium with no background networking (this machine's network is closed) and its
 * profile, crash reports and caches under `home`, never the real HOME.
 */
export function launchChromium(home: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
  })
}

/**
 * Elements that stick out past the window's right edge and so make the page scroll sideways
 * (content of a scrolling box, like a wide table in its own scroller, does not count).
 */
export const overflowing = (page: Page) =>
  page.evaluate<string[]>(`(() => {
    const width = document.documentElement.clientWidth
    const scrollsInside = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') return true
      return false
    }
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !scrollsInside(el))
      .slice(0, 8)
      .map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.'))
  })()`)

/** The accessible-ish name of the focused element: its label, aria-label or text. */
export const focusedName = (page: Page) =>
  page.evaluate<string>(`(() => {
    const el = document.activeElement
    if (!el) return ''
    if (el.labels && el.labels[0]) return el.labels[0].textContent.trim()
    return (el.getAttribute('aria-label') || el.textContent || '').trim()
  })()`)

/** Presses Tab (or Shift+Tab) until the focused element's name matches; fails after `max`. */
export async function tabTo(page: Page, name: RegExp, opts: { back?: boolean; max?: number } = {}) {
  for (let i = 0; i < (opts.max ?? 60); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab')
    if (name.test(await focusedName(page))) return
  }
  throw new Error(`Tab never reached ${name}; focus is on "${await focusedName(page)}"`)
}

/** The focused element draws a visible focus ring (outline, or its label's ring). */
export const focusRingVisible = (page: Page) =>
  page.evaluate<boolean>(`(() => {
    const el = document.activeElement
    const ring = (e) => e && getComputedStyle(e).outlineStyle !== 'none' && parseFloat(getComputedStyle(e).outlineWidth) >= 2
    return ring(el) || ring(el.closest('label'))
  })()`)
