import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { readJobFile } from '../../../electron/services/job-service'
import { CHECK_IDS } from '../../../shared/check-results'
import { JOB_SCHEMA_VERSION, newJob } from '../../../shared/job-types'
import { storedReportSchema } from '../../../shared/schemas/stored-report'
import { savedResult } from '../../helpers/saved-result'

const result = savedResult

/** A site-check report as ScanPath saved it before `info` and `skipReason` existed. */
const savedBeforeInfo = {
  runId: 'run-old',
  startedAt: '2026-03-14T09:12:03.000Z',
  durationMs: 900,
  cancelled: false,
  offline: false,
  checks: [
    result('reach-submission', 'pass', 'smtp.office365.com answers on port 587.'),
    result(
      'reach-implicit-tls',
      'skip',
      'Information only: Microsoft 365 SMTP AUTH does not support port 465 (implicit TLS, "SMTPS").',
    ),
    result(
      'legacy-tls-submission',
      'skip',
      'Could not test old TLS on smtp.office365.com:587: the session stopped at connect.',
    ),
    result(
      'reach-mx',
      'skip',
      "No Microsoft 365 MX endpoint is published in contoso.test's MX records, so there is nothing to test on port 25.",
    ),
    result(
      'dns-spf',
      'skip',
      'Offline — run again when the site is online. (The DNS server did not answer.)',
    ),
    result('blocklists', 'skip', 'Cancelled.'),
    result('spf-verdict', 'skip', 'Cancelled before it ran.'),
  ],
  summary: { pass: 1, warn: 0, fail: 0, skip: 6 },
}

describe('a stored site-check report', () => {
  it('loads one saved before `info`: port 465 becomes info, and every skip gets its reason', () => {
    const parsed = storedReportSchema.parse(savedBeforeInfo)
    expect(parsed.checks.map((c) => [c.id, c.status, c.skipReason])).toEqual([
      ['reach-submission', 'pass', undefined],
      ['reach-implicit-tls', 'info', undefined],
      ['legacy-tls-submission', 'skip', 'could-not-test'],
      ['reach-mx', 'skip', 'needs-earlier-check'],
      ['dns-spf', 'skip', 'offline'],
      ['blocklists', 'skip', 'cancelled'],
      ['spf-verdict', 'skip', 'cancelled'],
    ])
    // The words stay as they were saved.
    expect(parsed.checks.map((c) => c.explanation)).toEqual(
      savedBeforeInfo.checks.map((c) => c.explanation),
    )
    expect(parsed.summary).toEqual({ pass: 1, warn: 0, fail: 0, info: 1, skip: 5 })
  })

  it('keeps a report in the current shape as it is', () => {
    const current = {
      ...savedBeforeInfo,
      checks: [
        result('reach-implicit-tls', 'info', 'Information only: port 465.'),
        { ...result('blocklists', 'skip', 'Nothing to ask.'), skipReason: 'needs-earlier-check' },
        // A skip's reason is never guessed again once the report has `info`.
        result('dns-spf', 'skip', 'Offline — run again when the site is online. (No answer.)'),
      ],
      summary: { pass: 0, warn: 0, fail: 0, info: 1, skip: 2 },
    }
    expect(storedReportSchema.parse(current)).toEqual(current)
  })

  it('accepts every check id, and nothing else', () => {
    for (const id of CHECK_IDS) {
      const one = {
        ...savedBeforeInfo,
        checks: [result(id, 'pass', 'ok')],
        summary: { pass: 1, warn: 0, fail: 0, info: 0, skip: 0 },
      }
      expect(storedReportSchema.safeParse(one).success, id).toBe(true)
    }
    const unknown = { ...savedBeforeInfo, checks: [result('reach-587', 'pass', 'ok')] }
    expect(storedReportSchema.safeParse(unknown).success).toBe(false)
    const notData = {
      ...savedBeforeInfo,
      checks: [{ ...result('reach-submission', 'pass', 'ok'), data: 'open' }],
    }
    expect(storedReportSchema.safeParse(notData).success).toBe(false)
  })

  it('an old job file with port 465 as skip still loads, with 465 as info', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scanpath-stored-report-'))
    try {
      // A job file as ScanPath wrote it before `info` (schema version 1).
      const job = {
        ...newJob('job-old-465', '2026-03-14T09:00:00.000Z'),
        schemaVersion: 1,
        lastReport: savedBeforeInfo,
      }
      await writeFile(join(dir, `${job.id}.json`), JSON.stringify(job))
      const read = await readJobFile(dir, job.id)
      expect(read.kind).toBe('ok')
      expect(read.kind === 'ok' && read.value.schemaVersion).toBe(JOB_SCHEMA_VERSION)
      const checks = read.kind === 'ok' ? (read.value.lastReport?.checks ?? []) : []
      expect(checks.find((c) => c.id === 'reach-implicit-tls')?.status).toBe('info')
      expect(checks.find((c) => c.id === 'dns-spf')?.skipReason).toBe('offline')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
