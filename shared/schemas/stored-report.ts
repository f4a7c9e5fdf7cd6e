/**
 * Runtime schema of a site-check run's report as a job keeps it (main only: zod), and the upgrade
 * of reports saved before results had `skipReason` and the `info` status.
 */
import { z } from 'zod'

import { summarize } from '../check-results'
import { OFFLINE_EXPLANATION } from '../offline'
import type {
  CheckDataById,
  CheckId,
  CheckResult,
  DiagnoseReport,
  SkipReason,
} from '../probe-types'

const text = (max: number) => z.string().max(max, `is longer than ${max} characters`)

const SKIP_REASONS = [
  'cancelled',
  'offline',
  'needs-earlier-check',
  'could-not-test',
] as const satisfies readonly SkipReason[]

const resultFields = {
  status: z.enum(['pass', 'warn', 'fail', 'info', 'skip']),
  skipReason: z.enum(SKIP_REASONS).optional(),
  title: text(300),
  explanation: text(5000),
  fix: text(5000).nullable(),
  durationMs: z.number().nonnegative(),
  startMs: z.number().nonnegative().optional(),
  phases: z
    .array(z.object({ name: text(80), startMs: z.number(), durationMs: z.number() }))
    .max(200),
  transcript: z
    .array(
      z.object({
        dir: z.enum(['send', 'recv', 'info', 'error']),
        tls: z.boolean(),
        text: text(2000),
        tMs: z.number(),
      }),
    )
    .max(1000),
}

/**
 * One check's stored result. Its `data` was written by this app's runner: it is checked to be an
 * object (or null) and trusted for the shape of the check its id names, so a report saved before
 * a field was added still loads.
 */
function storedResult<K extends CheckId>(id: K) {
  return z
    .object({
      id: z.literal(id),
      ...resultFields,
      data: z.custom<CheckDataById[K] | null>(
        (v) => v === null || (typeof v === 'object' && !Array.isArray(v)),
        { message: 'must be an object or null' },
      ),
    })
    .strict()
}

/** Every check's stored result, told apart by its id (each of CHECK_IDS; a test checks the list). */
const storedCheck = z.discriminatedUnion('id', [
  storedResult('dns-submission-host'),
  storedResult('reach-submission'),
  storedResult('starttls-submission'),
  storedResult('legacy-tls-submission'),
  storedResult('reach-submission-smtp'),
  storedResult('reach-implicit-tls'),
  storedResult('dns-mx'),
  storedResult('dns-spf'),
  storedResult('reach-mx'),
  storedResult('starttls-mx'),
  storedResult('public-ip'),
  storedResult('spf-verdict'),
  storedResult('blocklists'),
])

/** `info` was added to the summary with the status; reports saved before it have none. */
const summarySchema = z
  .object({
    pass: z.number(),
    warn: z.number(),
    fail: z.number(),
    info: z.number().optional(),
    skip: z.number(),
  })
  .strict()

/**
 * A result saved before `skipReason` and `info` existed, as it would be made now: a skip gets the
 * reason its words gave (the only time the words are read for it), and port 465's information-only
 * result, saved as `skip`, becomes `info`.
 */
export function upgradeStoredResult(r: CheckResult): CheckResult {
  if (r.status !== 'skip' || r.skipReason) return r
  const e = r.explanation
  if (e.startsWith(OFFLINE_EXPLANATION)) return { ...r, skipReason: 'offline' }
  if (e === 'Cancelled.' || e === 'Cancelled before it ran.')
    return { ...r, skipReason: 'cancelled' }
  switch (r.id) {
    case 'reach-implicit-tls':
      return { ...r, status: 'info' }
    case 'legacy-tls-submission':
      return { ...r, skipReason: 'could-not-test' }
    default:
      return { ...r, skipReason: 'needs-earlier-check' }
  }
}

/** A run's report as a job keeps it; an older one is upgraded as it is read. */
export const storedReportSchema = z
  .object({
    runId: z.string().max(64),
    startedAt: z.string().max(40),
    durationMs: z.number().nonnegative(),
    checks: z.array(storedCheck).max(50),
    summary: summarySchema,
    cancelled: z.boolean(),
    offline: z.boolean(),
  })
  .strict()
  .transform((r): DiagnoseReport => {
    if (r.summary.info !== undefined)
      return { ...r, summary: { ...r.summary, info: r.summary.info } }
    const checks = r.checks.map(upgradeStoredResult)
    return { ...r, checks, summary: summarize(checks) }
  })
