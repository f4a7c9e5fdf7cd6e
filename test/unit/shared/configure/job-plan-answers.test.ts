/** The Configure plan of a job follows what the technician answered about the device. */
import { describe, expect, it } from 'vitest'

import { jobPlan } from '../../../../shared/report/job-derive'
import { newJob, type Job } from '../../../../shared/job-types'

function securityValue(job: Job): string | undefined {
  return jobPlan(job, { method: 'smtp-relay', port: 25 })
    .flatMap((s) => s.fields)
    .find((f) => f.key === 'security')?.value
}

describe('jobPlan and the Device step answers', () => {
  it("a TLS 1.2 'No' answer turns STARTTLS off for the relay; 'Yes' turns it on", () => {
    const job = newJob('job-tls-answer-1', '2026-12-05T09:00:00.000Z')
    // The generic device knows nothing: the plan says "if offered".
    expect(securityValue(job)).toBe('STARTTLS (TLS) if offered')
    const no: Job = { ...job, device: { ...job.device, capabilityAnswers: { tls12: 'no' } } }
    expect(securityValue(no)).toBe('Off (no STARTTLS)')
    const yes: Job = { ...job, device: { ...job.device, capabilityAnswers: { tls12: 'yes' } } }
    expect(securityValue(yes)).toBe('STARTTLS (TLS)')
  })
})
