import { describe, expect, it } from 'vitest'

import { firstSentence, formatReport, toJsonReport, wrap } from '../../../../electron/cli/format'
import { renderLine, type Line } from '../../../../electron/cli/output'
import type { CheckResult, DiagnoseReport } from '../../../../shared/probe-types'
import { HOSTILE, HOSTILE_SHOWN } from '../../../helpers/hostile-text'

const RED = '\x1b[31m'
const RESET = '\x1b[0m'

/** What the terminal gets. */
const printed = (lines: Line[], color = false): string =>
  lines.map((l) => renderLine(l, color)).join('\n')

/** A port check (its data stands in: the table never reads it); cast once, here. */
const check = (over: Partial<CheckResult>): CheckResult =>
  ({
    id: 'reach-submission',
    status: 'pass',
    title: 'Port 587 (client submission) on smtp.office365.com',
    explanation:
      'smtp.office365.com answers on port 587 from this network (IPv4 192.0.2.1: answered in 12 ms). More.',
    fix: null,
    durationMs: 12,
    phases: [],
    data: { x: 1 },
    transcript: [],
    ...over,
  }) as CheckResult

const report: DiagnoseReport = {
  runId: 'run-0001',
  startedAt: '2026-11-28T00:00:00.000Z',
  durationMs: 2345,
  cancelled: false,
  offline: false,
  summary: { pass: 1, warn: 0, fail: 1, info: 0, skip: 0 },
  checks: [
    check({}),
    check({
      id: 'reach-submission-smtp',
      status: 'fail',
      title: 'Outbound port 25 (SMTP) to smtp.office365.com',
      explanation:
        'Port 25 is blocked on this network: connections got no answer. Most ISPs block it.',
      fix: "Ask the site's IT to allow outbound TCP 25 to *.mail.protection.outlook.com, or use client submission on 587.",
    }),
  ],
}

describe('CLI report format', () => {
  it('takes the first sentence without splitting host names', () => {
    expect(firstSentence('smtp.office365.com answers (12 ms). More here.')).toBe(
      'smtp.office365.com answers (12 ms).',
    )
    expect(firstSentence('No full stop')).toBe('No full stop')
  })

  it('wraps at word boundaries', () => {
    expect(wrap('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc'])
  })

  it('prints status, check, one-line explanation and the fix for failures only', () => {
    const text = printed(formatReport(report, { width: 100 }))
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^STATUS +CHECK +RESULT$/)
    expect(text).toMatch(/^PASS +Port 587 \(client submission\) on +smtp\.office365\.com answers/m)
    // The title wraps in its column instead of losing the host name.
    expect(text).toMatch(/^ {7}smtp\.office365\.com +network \(IPv4/m)
    expect(text).not.toContain('More.')
    expect(text).toMatch(/^FAIL +Outbound port 25/m)
    expect(text).toContain('What to do: Ask the')
    expect(text).toContain('1 passed, 0 warnings, 1 failed, 0 for information — 2.3 s')
    expect(lines.every((l) => l.length <= 100)).toBe(true)
    expect(text).not.toContain('\x1b[')
    expect(printed(formatReport(report, { width: 100 }), true)).toContain('\x1b[31mFAIL')
  })

  it('prints SKIP for a skipped check and INFO for an informational one; --json keeps both', () => {
    const r: DiagnoseReport = {
      ...report,
      summary: { pass: 0, warn: 0, fail: 0, info: 1, skip: 1 },
      checks: [
        check({
          id: 'reach-implicit-tls',
          status: 'info',
          title: 'Port 465 (implicit TLS) on smtp.office365.com',
          explanation: 'Information only: nothing sends on port 465.',
        }),
        check({ status: 'skip', skipReason: 'cancelled', explanation: 'Cancelled.' }),
      ],
    }
    const text = printed(formatReport(r, { width: 100 }))
    expect(text).toMatch(/^INFO +Port 465 \(implicit TLS\)/m)
    expect(text).toMatch(/^SKIP +Port 587 \(client submission\) on +Cancelled\./m)
    expect(text).not.toMatch(/^INFO +Port 587/m)
    expect(text).toContain('0 failed, 1 for information, 1 skipped')
    const json = toJsonReport(r) as { checks: { status: string }[] }
    expect(json.checks.map((c) => c.status)).toEqual(['info', 'skip'])
  })

  it('shows server text as visible escapes, and paints only its own status label', () => {
    const hostile: DiagnoseReport = {
      ...report,
      checks: [
        check({
          status: 'fail',
          title: `STARTTLS on ${HOSTILE}`,
          explanation: `The server refused: "554 ${HOSTILE}\u2028${HOSTILE}".`,
          fix: `Ask ${HOSTILE}.`,
        }),
      ],
    }
    for (const color of [false, true]) {
      const text = printed(formatReport(hostile, { width: 300 }), color)
      // The title wraps in its column: the long name goes on the next line, whole.
      const painted = color ? `${RED}FAIL   ${RESET}` : 'FAIL   '
      expect(text).toContain(`${painted}STARTTLS on `)
      expect(text).toContain(`\n       ${HOSTILE_SHOWN}`)
      expect(text).toContain(`"554 ${HOSTILE_SHOWN}\\u2028${HOSTILE_SHOWN}".`)
      expect(text).toContain(`What to do: Ask ${HOSTILE_SHOWN}.`)
      // The only escape sequences left are our colour codes around FAIL.
      const ours = text.replaceAll(RED, '').replaceAll(RESET, '')
      expect(ours).not.toMatch(/(?!\n)[\p{Cc}\u202e\u2028]/u)
      expect(text.includes(`${RED}FAIL`)).toBe(color)
    }
  })

  it('keeps the JSON field names stable', () => {
    const j = toJsonReport(report) as { checks: Array<Record<string, unknown>> }
    expect(Object.keys(j)).toEqual([
      'tool',
      'schemaVersion',
      'runId',
      'startedAt',
      'durationMs',
      'cancelled',
      'offline',
      'summary',
      'checks',
    ])
    expect(Object.keys(j.checks[0]!)).toEqual([
      'id',
      'status',
      'title',
      'explanation',
      'fix',
      'durationMs',
      'phases',
      'data',
      'transcript',
    ])
  })
})
