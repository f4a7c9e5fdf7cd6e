/**
 * The report of a relay job after Verify watched the relay: its address, mode and status as the
 * status link showed them, in the model, the lines the preview and PDF print, and the verdict.
 */
import { describe, expect, it } from 'vitest'

import type { Job, RelaySeen } from '../../../../shared/job-types'
import { buildReport } from '../../../../shared/report/build-report'
import { jobSiteRelayPlan } from '../../../../shared/report/job-derive'
import { siteRelayLines, siteRelayVerdict } from '../../../../shared/report/site-relay-report'
import { jobSchema } from '../../../../shared/schemas/job'
import { reportSchemaErrors } from '../../../helpers/report-schema-check'
import { siteRelayJob } from '../../../helpers/site-relay-job'

const OPTS = { generatedAt: '2026-12-05T10:05:00.000Z', appVersion: '0.1.0-test' }
const ID = '<scan-1@mfp.contoso.example>'

const seen: RelaySeen = {
  address: '192.168.1.20',
  statusPort: 2580,
  listening: '192.168.1.20:2525',
  tlsMode: 'starttls',
  account: 'scanner@contoso.com',
  queued: 0,
  failed: 0,
  lastDelivery: { at: '2026-12-05T10:02:13.000Z', messageId: ID, response: '250 2.6.0 Queued' },
}

function verified(passed: boolean, patch: Partial<Job> = {}): Job {
  const job = siteRelayJob(patch)
  const plan = jobSiteRelayPlan(job) ?? []
  return {
    ...job,
    checklist: Object.fromEntries(plan.map((s) => [s.id, { done: true, note: '' }])),
    verifyOutcome: {
      passed,
      text: `192.168.1.50 → relay 192.168.1.20 → Microsoft 365: delivered ${ID} (250 2.6.0 Queued)`,
      at: '2026-12-05T10:02:14.000Z',
      relay: seen,
    },
  }
}

describe('report of a relay Verify watched', () => {
  it('records the relay as seen with the outcome, and fits the job and report schemas', () => {
    const job = verified(true)
    expect(jobSchema.safeParse(job).success).toBe(true)
    const r = buildReport(job, OPTS)
    expect(r.method.siteRelay?.seen).toEqual({
      at: '2026-12-05T10:02:14.000Z',
      delivered: true,
      statusPort: 2580,
      listening: '192.168.1.20:2525',
      tlsMode: 'starttls',
      account: 'scanner@contoso.com',
      queued: 0,
      failed: 0,
      lastDelivery: seen.lastDelivery,
    })
    expect(reportSchemaErrors(r)).toEqual([])
  })

  it('prints the relay status line in the preview and PDF lines', () => {
    const lines = siteRelayLines(buildReport(verified(true), OPTS).method.siteRelay!)
    expect(lines.find((l) => l.label === 'Status')?.text).toBe(
      "working: Verify saw the device's test message delivered (2026-12-05 10:02 UTC); 8 of 8 setup steps ticked",
    )
    expect(lines.find((l) => l.label === 'Relay as Verify saw it')?.text).toBe(
      `2026-12-05 10:02 UTC: listening on 192.168.1.20:2525, STARTTLS offered, sends as scanner@contoso.com; 0 queued, 0 failed; last delivery 2026-12-05 10:02 UTC ${ID} (250 2.6.0 Queued)`,
    )
  })

  it('is ready once every step is done, no issue is open and the delivery was seen', () => {
    const report = buildReport(verified(true), OPTS)
    // The checks never ran: that is still an issue, whatever Verify saw.
    expect(report.openIssues.map((i) => i.kind)).toEqual(['checks-not-run'])
    expect(report.verdict.status).toBe('needs-attention')
    const relay = report.method.siteRelay!
    expect(siteRelayVerdict(relay, [])).toEqual({
      status: 'ready',
      headline:
        'Ready: the device sends through ScanPath Relay at this site (192.168.1.20:2525); Verify saw its test message delivered to Microsoft 365.',
    })
    const notSeen = buildReport(verified(false), OPTS).method.siteRelay!
    expect(siteRelayVerdict(notSeen, []).status).toBe('not-checked')
  })

  it('a failed outcome is kept as seen but verifies nothing; another relay’s status is left out', () => {
    const failed = buildReport(verified(false), OPTS).method.siteRelay!
    expect(failed.seen?.delivered).toBe(false)
    expect(siteRelayLines(failed).find((l) => l.label === 'Status')?.text).toContain(
      "the relay's delivery is not verified by ScanPath yet",
    )
    // The technician moved the relay to another machine since: its old status is not this one's.
    const moved = verified(true, { siteRelay: { address: '192.168.1.21', port: 2525 } })
    const r = buildReport(moved, OPTS)
    expect(r.method.siteRelay?.seen).toBeUndefined()
    expect(siteRelayLines(r.method.siteRelay!).map((l) => l.label)).not.toContain(
      'Relay as Verify saw it',
    )
  })

  it('the job schema refuses a relay record that is not one', () => {
    const job = verified(true)
    const bad = (relay: Record<string, unknown>) =>
      jobSchema.safeParse({ ...job, verifyOutcome: { ...job.verifyOutcome, relay } }).success
    expect(bad({ ...seen, code: '7KQ4M2XD9T3PHWRB5N8E' })).toBe(false)
    expect(bad({ ...seen, tlsMode: 'tls' })).toBe(false)
    expect(bad({ ...seen })).toBe(true)
  })
})
