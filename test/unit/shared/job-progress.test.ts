import { describe, expect, it } from 'vitest'

import type { MethodId } from '../../../shared/decision/types'
import { newJob, type CaptureRecord, type Job } from '../../../shared/job-types'
import { jobProgress, jobStatus } from '../../../shared/report/job-progress'
import { spfOnlyFailsJob, withPlanTicked } from '../../helpers/report-job-fixture'

const TODAY = '2026-03-14'

/** Every check passes but the SPF verdict (fails); `ticked`: every planned step done. */
function spfOnlyFails(
  method: MethodId | null,
  answers: Partial<Job['answers']> = {},
  ticked = true,
): Job {
  const job = { ...spfOnlyFailsJob(method, answers), checklist: {} }
  return ticked ? withPlanTicked(job) : job
}

const states = (job: Job) =>
  Object.fromEntries(Object.entries(jobProgress(job, TODAY)).map(([k, v]) => [k, v.state]))

describe('jobProgress: each step done, needing attention, or not yet', () => {
  it('a new job: nothing done; the decision without a method is not yet wrong', () => {
    const job = newJob('job-00000001', `${TODAY}T08:00:00.000Z`)
    expect(states(job)).toEqual({
      job: 'open',
      device: 'open',
      'site-checks': 'open',
      decision: 'open',
      configure: 'open',
      verify: 'open',
      report: 'open',
    })
  })

  it('job and device are done once customer, site and a family are filled in', () => {
    const base = newJob('job-00000001', `${TODAY}T08:00:00.000Z`)
    expect(states({ ...base, customer: 'Contoso' }).job).toBe('open')
    const job = { ...base, customer: 'Contoso', site: ' Leeds ' }
    expect(states(job).job).toBe('done')
    expect(states({ ...job, site: '  ' }).job).toBe('open')
    const device = { ...job.device, familyId: 'generic-smtp-device' }
    expect(states({ ...job, device }).device).toBe('done')
  })

  it('OAuth: a failed SPF check cannot affect it, so site checks are done', () => {
    const p = jobProgress(spfOnlyFails('client-submission-oauth'), TODAY)
    expect(p['site-checks']).toEqual({ state: 'done', text: 'Done' })
    expect(p.decision.state).toBe('done')
    expect(p.configure.state).toBe('done')
    expect(p.report.state).toBe('done')
  })

  it('direct send: the same failed SPF check needs attention, and says why', () => {
    const p = jobProgress(spfOnlyFails('direct-send', { externalRecipients: 'no' }), TODAY)
    expect(p['site-checks'].state).toBe('attention')
    expect(p['site-checks'].text).toBe(
      'Needs attention: 1 failed check can affect Direct send to the tenant MX',
    )
    expect(p.report.state).toBe('open')
  })

  it('decision: done only when the technician confirmed a method; attention when none fits', () => {
    expect(states(spfOnlyFails(null)).decision).toBe('open')
    expect(states(spfOnlyFails('client-submission-oauth')).decision).toBe('done')
    // Nothing can work: external recipients, MFA, Basic blocked, no static IP, no OAuth.
    const none = spfOnlyFails(null, {
      externalRecipients: 'yes',
      mfaOrSecurityDefaults: 'no',
      basicAuthBlocked: 'yes',
      staticPublicIp: 'no',
    })
    const stuck: Job = {
      ...none,
      device: { ...none.device, capabilityAnswers: { oauthM365: 'no' } },
    }
    const p = jobProgress(stuck, TODAY)
    expect(p.decision).toEqual({
      state: 'attention',
      text: 'Needs attention: no Microsoft 365 method fits yet',
    })
  })

  it('decision: a picked method that is blocked now needs attention, by name', () => {
    // Direct send cannot reach outside recipients; another method still fits.
    const p = jobProgress(spfOnlyFails('direct-send', { externalRecipients: 'yes' }), TODAY)
    expect(p.decision).toEqual({
      state: 'attention',
      text: 'Needs attention: the picked method, Direct send to the tenant MX, is blocked now',
    })
  })

  it('configure is done when every planned step is ticked', () => {
    expect(states(spfOnlyFails('client-submission-oauth', {}, false)).configure).toBe('open')
  })

  it('verify: the last test and the newest capture for the method', () => {
    const job = spfOnlyFails('client-submission-oauth')
    expect(states(job).verify).toBe('open')
    const at = `${TODAY}T08:00:00.000Z`
    const passed = { ...job, verifyOutcome: { passed: true, text: 'ok', at } }
    expect(states(passed).verify).toBe('done')
    const failed = { ...job, verifyOutcome: { passed: false, text: 'no', at } }
    expect(jobProgress(failed, TODAY).verify.text).toBe('Needs attention: the last test failed')
    const capture: CaptureRecord = {
      at: `${TODAY}T09:00:00.000Z`,
      deviceAddress: '192.0.2.25',
      ehloName: null,
      transport: 'plaintext',
      tlsProtocol: null,
      tlsCipher: null,
      authMechanisms: [],
      username: null,
      summary: 'It sent without TLS.',
      verdicts: [{ method: 'client-submission', status: 'fail', findings: ['No TLS.'] }],
    }
    expect(jobProgress({ ...passed, captures: [capture] }, TODAY).verify.text).toBe(
      'Needs attention: the device capture shows it will fail',
    )
  })

  it('site checks run offline or cancelled need attention', () => {
    const job = spfOnlyFails('client-submission-oauth')
    const offline = { ...job, lastReport: { ...job.lastReport!, offline: true } }
    expect(states(offline)['site-checks']).toBe('attention')
    const cancelled = { ...job, lastReport: { ...job.lastReport!, cancelled: true } }
    expect(jobProgress(cancelled, TODAY)['site-checks'].text).toBe(
      'Needs attention: the checks were cancelled',
    )
  })
})

describe('jobStatus: the job list line', () => {
  it('names the confirmed method and the verdict', () => {
    expect(jobStatus(spfOnlyFails('direct-send', { externalRecipients: 'no' }), TODAY)).toEqual({
      method: 'Direct send to the tenant MX',
      verdict: 'needs-attention',
      text: 'Needs attention: 1 failed check',
    })
    expect(jobStatus(spfOnlyFails('client-submission-oauth'), TODAY)).toEqual({
      method: 'SMTP AUTH client submission with OAuth 2.0',
      verdict: 'ready',
      text: 'Ready',
    })
  })

  it('says when no method is chosen yet, or none can work', () => {
    expect(jobStatus(newJob('job-00000001', `${TODAY}T08:00:00.000Z`), TODAY)).toEqual({
      method: null,
      verdict: 'no-method',
      text: 'No method chosen yet',
    })
    const none = spfOnlyFails('direct-send', {
      externalRecipients: 'yes',
      mfaOrSecurityDefaults: 'no',
      basicAuthBlocked: 'yes',
      staticPublicIp: 'no',
    })
    const stuck: Job = {
      ...none,
      device: { ...none.device, capabilityAnswers: { oauthM365: 'no' } },
    }
    expect(jobStatus(stuck, TODAY)).toMatchObject({
      method: 'Direct send to the tenant MX',
      verdict: 'blocked',
      text: 'Blocked: no Microsoft 365 method can work here yet',
    })
    expect(jobStatus({ ...stuck, method: null }, TODAY)).toMatchObject({
      method: null,
      verdict: 'blocked',
    })
  })
})
