/**
 * Relay-machine steps say who does them: "Relay machine", not "On the device", in the plan, the
 * report's checklist (and its schema), and the preview's label.
 */
import { describe, expect, it } from 'vitest'

import { whoLabel } from '../../../../renderer/src/domain/report-view'
import { newJob, type Job } from '../../../../shared/job-types'
import { buildReport } from '../../../../shared/report/build-report'
import { jobSiteRelayPlan } from '../../../../shared/report/job-derive'
import { reportSchemaErrors } from '../../../helpers/report-schema-check'

const OPTS = { generatedAt: '2026-12-05T10:05:00.000Z', appVersion: '0.1.0-test' }

function relayJob(): Job {
  return {
    ...newJob('job-relay-who1', '2026-12-05T07:00:00.000Z'),
    domain: 'contoso.com',
    senderAddress: 'scanner@contoso.com',
    siteRelay: { address: '192.168.1.20', port: 2525 },
  }
}

describe('who does a relay-machine step', () => {
  it('is the relay machine for installing and signing in the relay; the device for the rest', () => {
    const who = Object.fromEntries((jobSiteRelayPlan(relayJob()) ?? []).map((s) => [s.id, s.who]))
    expect(who['relay-machine']).toBe('relay')
    expect(who['relay-sign-in']).toBe('relay')
    expect(who['smtp-server']).toBe('device')
    expect(who['admin-relay-app']).toBe('admin')
  })

  it('the report keeps it, the schema takes it and still refuses an unknown one', () => {
    const r = buildReport(relayJob(), OPTS)
    expect(r.checklist.find((c) => c.stepId === 'relay-machine')?.who).toBe('relay')
    expect(reportSchemaErrors(r)).toEqual([])
    const bad = {
      ...r,
      checklist: r.checklist.map((c) => (c.who === 'relay' ? { ...c, who: 'robot' } : c)),
    }
    expect(reportSchemaErrors(bad).length).toBeGreaterThan(0)
    expect(reportSchemaErrors(bad)[0]).toContain('"robot" not in')
  })

  it('is labelled "Relay machine"', () => {
    expect(whoLabel('relay')).toBe('Relay machine')
    expect(whoLabel('device')).toBe('On the device')
  })
})
