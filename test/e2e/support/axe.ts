/**
 * An automated accessibility check for browser tests: axe-core, read once from node_modules, run
 * on the page as it is, with its violations written out so a failure says what to fix and where.
 *
 * The page's CSP allows only its own scripts, so axe is not added as a <script>: its source is
 * evaluated through DevTools (`page.evaluate`), which the page's CSP does not govern, and the CSP
 * stays exactly as the app ships it.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import type { Page } from 'playwright-core'

/** WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmarks, heading order…). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const

/** One node that breaks a rule: where it is, what it looks like, and axe's summary of why. */
export interface AxeNode {
  target: string[]
  html: string
  failureSummary: string
}

/** One broken rule, as axe-core reports it (the fields a person needs to fix it). */
export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  helpUrl: string
  nodes: AxeNode[]
}

let axeSource: string | undefined

/** axe-core's browser build, read from node_modules the first time it is needed. */
function source(): string {
  if (axeSource === undefined) {
    const require = createRequire(import.meta.url)
    let path: string
    try {
      path = require.resolve('axe-core/axe.min.js')
    } catch {
      throw new Error('axe-core is not installed: it is a devDependency (npm install)')
    }
    axeSource = readFileSync(path, 'utf8')
  }
  return axeSource
}

/**
 * Puts axe on the page unless it is there already (a reload or a new page needs it again). Tests
 * may call it to use axe's own helpers, such as its accessible-name computation.
 */
export async function injectAxe(page: Page): Promise<void> {
  const present = await page.evaluate('typeof window.axe === "object"')
  if (!present) await page.evaluate(source())
}

/**
 * Runs axe over the whole document with the WCAG A/AA and best-practice rules and returns the
 * violations (none is a pass). Only axe's own results leave the page, reduced to plain data.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await injectAxe(page)
  const options = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] }
  return await page.evaluate<AxeViolation[]>(`
    window.axe.run(document, ${JSON.stringify(options)}).then((r) =>
      r.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
          target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))),
          html: n.html,
          failureSummary: n.failureSummary ?? '',
        })),
      })),
    )
  `)
}

const MAX_SNIPPET = 160

/** A violation list as text: rule, impact and help, then each node's selector, markup and why. */
export function formatViolations(where: string, violations: AxeViolation[]): string {
  if (violations.length === 0) return `${where}: no accessibility violations`
  const lines = [`${where}: ${violations.length} accessibility rule(s) broken`]
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact ?? 'no impact given'}] ${v.help} (${v.helpUrl})`)
    for (const n of v.nodes) {
      const html = n.html.replace(/\s+/g, ' ')
      lines.push(`    at ${n.target.join(', ')}`)
      lines.push(`       ${html.length > MAX_SNIPPET ? `${html.slice(0, MAX_SNIPPET)}…` : html}`)
      for (const reason of n.failureSummary.split('\n').filter((l) => l.trim() !== ''))
        lines.push(`       ${reason.trim()}`)
    }
  }
  return lines.join('\n')
}

/**
 * Fails with the formatted list when axe finds anything on `page`, of any impact. `where` names
 * the screen in the message ("Device step", "Settings").
 */
export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page)
  if (violations.length > 0) throw new Error(formatViolations(where, violations))
}
