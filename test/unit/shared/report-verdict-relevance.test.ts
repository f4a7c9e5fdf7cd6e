import { describe, expect, it } from 'vitest'

import type { MethodId } from '../../../shared/decision/types'
import type { Job } from '../../../shared/job-types'
import { buildReport } from '../../../shared/report/build-report'
import { checkAffectsMethod } from '../../../shared/report/method-relevance'
import { verdictHeadlineBody } from '../../../shared/report/report-issues'
import { spfOnlyFailsJob, withPlanTicked } from '../../helpers/report-job-fixture'

const OPTS = { generatedAt: '2026-03-14T10:05:00.000Z', appVersion: '0.1.0-test' }

/** Every check passes but the SPF verdict (fails), with every planned step ticked. */
function spfOnlyFails(method: MethodId, answers: Partial<Job['answers']> = {}): Job {
  return withPlanTicked(spfOnlyFailsJob(method, answers))
}

describe('the verdict weighs each check by the chosen method', () => {
  it('OAuth client submission: a failed SPF verdict is listed, not counted', () => {
    const r = buildReport(spfOnlyFails('client-submission-oauth'), OPTS)
    expect(r.method.chosen?.id).toBe('client-submission-oauth')
    expect(r.verdict.status).toBe('ready')
    expect(r.verdict.headline).toMatch(/^Ready: SMTP AUTH client submission with OAuth 2\.0/)
    expect(r.verdict.headline).toContain('1 check that cannot affect it is listed')
    const spf = r.openIssues.find((i) => i.ref === 'spf-verdict')
    expect(spf).toMatchObject({ kind: 'check-failed', relevant: false })
    expect(spf?.text).toContain('Not relevant to SMTP AUTH client submission with OAuth 2.0')
    expect(r.openIssues.filter((i) => i.relevant !== false)).toEqual([])
  })

  it('direct send: the same failed SPF verdict needs attention', () => {
    const r = buildReport(spfOnlyFails('direct-send', { externalRecipients: 'no' }), OPTS)
    expect(r.method.chosen?.id).toBe('direct-send')
    expect(r.verdict.status).toBe('needs-attention')
    expect(r.verdict.headline).toBe('Needs attention: 1 failed check.')
    const spf = r.openIssues.find((i) => i.ref === 'spf-verdict')
    expect(spf?.kind).toBe('check-failed')
    expect(spf).not.toHaveProperty('relevant')
    expect(spf?.text).not.toContain('Not relevant')
  })

  it('knows which checks can affect each method', () => {
    for (const m of [
      'client-submission-oauth',
      'client-submission-basic',
      'high-volume-email',
    ] as const) {
      expect(checkAffectsMethod('starttls-submission', m, 587)).toBe(true)
      expect(checkAffectsMethod('legacy-tls-submission', m, 587)).toBe(true)
      expect(checkAffectsMethod('spf-verdict', m, 587)).toBe(false)
      expect(checkAffectsMethod('blocklists', m, 587)).toBe(false)
      expect(checkAffectsMethod('reach-mx', m, 587)).toBe(false)
      // Port 25 counts only when the device submits on 25.
      expect(checkAffectsMethod('reach-submission-smtp', m, 587)).toBe(false)
      expect(checkAffectsMethod('reach-submission-smtp', m, 25)).toBe(true)
    }
    for (const m of ['direct-send', 'smtp-relay'] as const) {
      for (const id of ['dns-mx', 'reach-mx', 'spf-verdict', 'public-ip', 'blocklists'])
        expect(checkAffectsMethod(id, m, 25)).toBe(true)
      expect(checkAffectsMethod('reach-submission-smtp', m, 25)).toBe(true)
      expect(checkAffectsMethod('starttls-submission', m, 25)).toBe(false)
    }
    // Port 465 only informs; with no method, or a check this version does not know, it counts.
    expect(checkAffectsMethod('reach-implicit-tls', 'client-submission-oauth', 587)).toBe(false)
    expect(checkAffectsMethod('reach-implicit-tls', 'direct-send', 25)).toBe(false)
    expect(checkAffectsMethod('spf-verdict', null, null)).toBe(true)
    expect(checkAffectsMethod('auth-submission', 'direct-send', 25)).toBe(true)
  })

  it('the headline body leaves out the label the box already shows', () => {
    expect(
      verdictHeadlineBody({
        status: 'needs-attention',
        headline: 'Needs attention: 1 failed check.',
      }),
    ).toBe('1 failed check.')
    expect(verdictHeadlineBody({ status: 'ready', headline: 'Something else.' })).toBe(
      'Something else.',
    )
  })
})
