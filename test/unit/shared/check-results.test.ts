import { describe, expect, it } from 'vitest'

import { CHECK_IDS, checkResult, isCheck, summarize } from '../../../shared/check-results'
import type { CheckResult, DiagnoseReport, TcpReachData } from '../../../shared/probe-types'

const reach: TcpReachData = {
  host: 'smtp.office365.com',
  port: 587,
  expectGreeting: true,
  outcome: 'open',
  attempts: [],
  dnsError: null,
}

const checks: CheckResult[] = [
  {
    id: 'reach-submission',
    status: 'pass',
    title: 'Port 587',
    explanation: 'Open.',
    fix: null,
    durationMs: 5,
    phases: [],
    data: reach,
    transcript: [],
  },
  {
    id: 'reach-implicit-tls',
    status: 'info',
    title: 'Port 465',
    explanation: 'Information only.',
    fix: null,
    durationMs: 5,
    phases: [],
    data: { ...reach, port: 465, expectGreeting: false },
    transcript: [],
  },
  {
    id: 'public-ip',
    status: 'skip',
    skipReason: 'cancelled',
    title: 'Public IP',
    explanation: 'Cancelled.',
    fix: null,
    durationMs: 0,
    phases: [],
    data: null,
    transcript: [],
  },
]

const report: DiagnoseReport = {
  runId: 'run-1',
  startedAt: '2026-03-14T09:12:03.000Z',
  durationMs: 10,
  checks,
  summary: summarize(checks),
  cancelled: false,
  offline: false,
}

describe('check results by id', () => {
  it("finds a check's result with its own data type, in a report or a list", () => {
    // Typed: `.data.port` needs no cast.
    expect(checkResult(report, 'reach-implicit-tls')?.data?.port).toBe(465)
    expect(checkResult(checks, 'reach-submission')?.data?.outcome).toBe('open')
    expect(checkResult(report, 'public-ip')?.skipReason).toBe('cancelled')
  })

  it('says undefined for a check that was not part of the run, or no report', () => {
    expect(checkResult(report, 'dns-mx')).toBeUndefined()
    expect(checkResult(null, 'dns-mx')).toBeUndefined()
    expect(checkResult(undefined, 'blocklists')).toBeUndefined()
  })

  it('tells a result by its id', () => {
    expect(checks.filter((c) => isCheck(c, 'reach-submission'))).toHaveLength(1)
  })

  it('counts each status', () => {
    expect(summarize(checks)).toEqual({ pass: 1, warn: 0, fail: 0, info: 1, skip: 1 })
    expect(summarize([])).toEqual({ pass: 0, warn: 0, fail: 0, info: 0, skip: 0 })
  })

  it('lists the thirteen check ids in run order', () => {
    expect(CHECK_IDS).toHaveLength(13)
    expect(new Set(CHECK_IDS).size).toBe(13)
    expect(CHECK_IDS[0]).toBe('dns-submission-host')
    expect(CHECK_IDS.at(-1)).toBe('blocklists')
  })
})
