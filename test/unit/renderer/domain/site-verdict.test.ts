import { describe, expect, it } from 'vitest'

import type { CheckEntry } from '../../../../renderer/src/domain/check-run'
import {
  checkRows,
  firstSentence,
  siteVerdict,
  type ChosenMethod,
} from '../../../../renderer/src/domain/site-verdict'
import { OFFLINE_EXPLANATION } from '../../../../shared/offline'
import type { CheckResult, ProbeStatus, SkipReason } from '../../../../shared/probe-types'

/** A finished check (its data stands in: the verdict never reads it). */
function entry(
  id: string,
  status: ProbeStatus,
  explanation = `${id} explained. More words.`,
  skipReason?: SkipReason,
): CheckEntry {
  const result = {
    id,
    status,
    ...(skipReason ? { skipReason } : {}),
    title: `Title ${id}`,
    explanation,
    fix: status === 'fail' ? 'Do this.' : null,
    durationMs: 5,
    phases: [],
    data: null,
    transcript: [],
  } as unknown as CheckResult
  return { id, title: `Title ${id}`, result }
}

function run(entries: CheckEntry[]) {
  return {
    order: entries.map((e) => e.id),
    checks: Object.fromEntries(entries.map((e) => [e.id, e])),
  }
}

const OAUTH: ChosenMethod = {
  id: 'client-submission-oauth',
  title: 'Client submission with OAuth',
  port: 587,
}

// In the runner's order: passes and problems mixed.
const SITE = run([
  entry('dns-submission-host', 'pass'),
  entry('reach-submission', 'pass'),
  entry('starttls-submission', 'warn'),
  entry('reach-submission-smtp', 'fail'),
  entry('reach-implicit-tls', 'info'),
  entry('dns-spf', 'pass'),
  entry('spf-verdict', 'fail'),
  entry(
    'legacy-tls-submission',
    'skip',
    'Not tested: STARTTLS failed first.',
    'needs-earlier-check',
  ),
])

describe('checkRows', () => {
  it('puts problems first (fail, warn, then skip and info), passes last, stable within each', () => {
    const rows = checkRows(SITE.order, SITE.checks, { running: false, method: null })
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['reach-submission-smtp', 'fail'],
      ['spf-verdict', 'fail'],
      ['starttls-submission', 'warn'],
      ['legacy-tls-submission', 'skip'],
      ['reach-implicit-tls', 'info'],
      ['dns-submission-host', 'pass'],
      ['reach-submission', 'pass'],
      ['dns-spf', 'pass'],
    ])
  })

  it("keeps the runner's order while the run lasts, so rows do not jump", () => {
    const planned = { ...SITE.checks, 'dns-mx': { id: 'dns-mx', title: 'MX', result: null } }
    const rows = checkRows([...SITE.order, 'dns-mx'], planned, { running: true, method: null })
    expect(rows.map((r) => r.id)).toEqual([...SITE.order, 'dns-mx'])
    expect(rows.at(-1)?.status).toBe('running')
  })

  it('weighs problems against the chosen method: one that cannot affect it comes after', () => {
    const rows = checkRows(SITE.order, SITE.checks, { running: false, method: OAUTH })
    // Port 25 and the SPF verdict cannot affect client submission on 587.
    expect(rows.map((r) => [r.id, r.counted])).toEqual([
      ['starttls-submission', true],
      ['reach-submission-smtp', false],
      ['spf-verdict', false],
      ['legacy-tls-submission', true],
      ['reach-implicit-tls', true],
      ['dns-submission-host', true],
      ['reach-submission', true],
      ['dns-spf', true],
    ])
  })

  it('gives each row one line; a skip says "Skipped" and why, an offline skip is deferred', () => {
    const offline = entry(
      'dns-mx',
      'skip',
      `${OFFLINE_EXPLANATION} (The DNS server did not answer. More.)`,
      'offline',
    )
    const cancelled = entry('reach-mx', 'skip', 'Cancelled.', 'cancelled')
    const old = entry('starttls-mx', 'skip', 'Not tested: no MX host. More words.')
    const r = run([offline, cancelled, old, entry('reach-submission', 'pass')])
    const rows = checkRows(r.order, r.checks, { running: false, method: null })
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]))
    expect(byId['reach-submission']?.summary).toBe('reach-submission explained.')
    expect(byId['dns-mx']?.status).toBe('deferred')
    expect(byId['dns-mx']?.summary).toBe('The DNS server did not answer.')
    expect(byId['reach-mx']?.summary).toBe(
      'Skipped — the run was cancelled before this check finished.',
    )
    // Its own first sentence says why, also in a report saved before skip reasons.
    expect(byId['starttls-mx']?.summary).toBe('Skipped — Not tested: no MX host.')
  })

  it('shows a check the run ended without as skipped', () => {
    const r = { order: ['a'], checks: { a: { id: 'a', title: 'A', result: null } } }
    const [row] = checkRows(r.order, r.checks, { running: false, method: null })
    expect(row?.status).toBe('skip')
    expect(row?.summary).toMatch(/^Skipped — /)
  })
})

describe('siteVerdict', () => {
  const done = { cancelled: false, offline: false }

  it('counts worst first, in words a technician reads', () => {
    const rows = checkRows(SITE.order, SITE.checks, { running: false, method: null })
    const v = siteVerdict(rows, { method: null, ...done })
    expect(v.tone).toBe('fail')
    expect(v.headline).toBe('2 problems, 1 warning, 1 not tested, 3 passed, 1 for information')
    expect(v.notes).toEqual([])
  })

  it('with a chosen method, lists the failures that cannot affect it and does not count them', () => {
    const rows = checkRows(SITE.order, SITE.checks, { running: false, method: OAUTH })
    const v = siteVerdict(rows, { method: OAUTH, ...done })
    expect(v.tone).toBe('warn')
    expect(v.headline).toBe(
      'For Client submission with OAuth: 1 warning, 1 not tested, 3 passed, 1 for information',
    )
    expect(v.notes).toEqual([
      '2 checks that failed or warned cannot affect Client submission with OAuth: listed below, not counted.',
    ])
  })

  it('says "No problems" when everything passed, and when a run was cancelled', () => {
    const all = run([entry('reach-submission', 'pass')])
    const passed = checkRows(all.order, all.checks, { running: false, method: OAUTH })
    expect(siteVerdict(passed, { method: OAUTH, ...done }).headline).toBe(
      'For Client submission with OAuth: no problems — 1 passed',
    )
    const ok = run([entry('reach-submission', 'pass'), entry('reach-implicit-tls', 'info')])
    const rows = checkRows(ok.order, ok.checks, { running: false, method: null })
    expect(siteVerdict(rows, { method: null, ...done })).toEqual({
      tone: 'pass',
      headline: 'No problems — 1 passed, 1 for information',
      notes: [],
    })
    const cancelled = run([
      entry('reach-submission', 'pass'),
      entry('starttls-submission', 'skip', 'Cancelled.', 'cancelled'),
    ])
    const c = checkRows(cancelled.order, cancelled.checks, { running: false, method: null })
    const v = siteVerdict(c, { method: null, cancelled: true, offline: false })
    expect(v.tone).toBe('incomplete')
    expect(v.headline).toBe('Cancelled: 1 not tested, 1 passed')
  })

  it('an offline run is deferred, not a list of failures', () => {
    const off = run([
      entry('dns-mx', 'skip', `${OFFLINE_EXPLANATION} (x)`, 'offline'),
      entry('reach-mx', 'skip', `${OFFLINE_EXPLANATION} (y)`, 'offline'),
    ])
    const rows = checkRows(off.order, off.checks, { running: false, method: null })
    const v = siteVerdict(rows, { method: null, cancelled: false, offline: true })
    expect(v.tone).toBe('incomplete')
    expect(v.headline).toBe('Offline: 2 checks deferred until the site is online')
  })
})

describe('firstSentence', () => {
  it('does not split host names or decimals', () => {
    expect(firstSentence('smtp.office365.com answers (1.5 s). More.')).toBe(
      'smtp.office365.com answers (1.5 s).',
    )
  })
})
