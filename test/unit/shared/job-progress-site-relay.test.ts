import { describe, expect, it } from 'vitest'

import { newJob, type CaptureRecord, type Job } from '../../../shared/job-types'
import { jobProgress, jobStatus } from '../../../shared/report/job-progress'
import { spfOnlyFailsJob, withPlanTicked } from '../../helpers/report-job-fixture'

const TODAY = '2026-03-14'

/** A job that took ScanPath Relay at this site (no Microsoft 365 method confirmed). */
function relayJob(over: Partial<Job> = {}): Job {
  return {
    ...newJob('job-relay-01', `${TODAY}T08:00:00.000Z`),
    customer: 'Contoso',
    site: 'Leeds',
    senderAddress: 'scanner@contoso.com',
    siteRelay: { address: '192.168.1.30', port: 2525 },
    ...over,
  }
}

function relayCapture(status: 'ok' | 'fail'): CaptureRecord {
  return {
    at: `${TODAY}T09:00:00.000Z`,
    deviceAddress: '192.168.1.50',
    ehloName: null,
    transport: 'starttls',
    tlsProtocol: 'TLSv1',
    tlsCipher: null,
    authMechanisms: [],
    username: null,
    summary: 'It sent with TLS 1.0 and no sign-in.',
    verdicts: [
      { method: 'direct-send-relay', status, findings: ['Relay.'] },
      { method: 'client-submission', status: 'fail', findings: ['TLS 1.0.'] },
    ],
  }
}

describe('job progress and the job list with ScanPath Relay at this site', () => {
  it('the Decision step is done once the relay is taken', () => {
    expect(jobProgress(relayJob(), TODAY).decision.state).toBe('done')
    expect(jobProgress(relayJob({ siteRelay: null }), TODAY).decision.state).not.toBe('done')
  })

  it('the list line names the relay and says how far its setup is', () => {
    const status = jobStatus(relayJob(), TODAY)
    expect(status.method).toBe('ScanPath Relay at this site')
    expect(status.verdict).toBe('needs-attention')
    expect(status.text).toMatch(
      /^Needs attention: ScanPath Relay at this site \(192\.168\.1\.30:2525\) is being set up, 0 of \d+ steps done$/,
    )
  })

  it('Configure is done when every relay step is ticked; the list then says the device sends through it', () => {
    const job = withPlanTicked(relayJob())
    expect(jobProgress(job, TODAY).configure.state).toBe('done')
    expect(jobProgress(relayJob(), TODAY).configure.state).toBe('open')
    const status = jobStatus(job, TODAY)
    expect(status.method).toBe('ScanPath Relay at this site')
    // Other open issues (no site checks here) may still count; the setup is no longer the line.
    expect(status.text).toContain(
      'the device sends through ScanPath Relay at this site (192.168.1.30:2525)',
    )
    expect(status.text).not.toContain('being set up')
  })

  it("Verify reads the capture's relay verdict, not the 587 one", () => {
    const ok = jobProgress(relayJob({ captures: [relayCapture('ok')] }), TODAY)
    expect(ok.verify.state).toBe('done')
    const bad = jobProgress(relayJob({ captures: [relayCapture('fail')] }), TODAY)
    expect(bad.verify.text).toBe('Needs attention: the device capture shows it will fail')
  })

  it('a job without the relay keeps its method line', () => {
    const job = withPlanTicked({
      ...spfOnlyFailsJob('client-submission-oauth', {}),
      checklist: {},
    })
    expect(jobStatus(job, TODAY).method).not.toBe('ScanPath Relay at this site')
  })
})
