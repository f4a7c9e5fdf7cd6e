/**
 * The site relay way out in the wizard's holds: once chosen, the Decision step is done and
 * Configure has the relay's plan, even where no Microsoft 365 method fits.
 */
import { describe, expect, it } from 'vitest'

import { canProceed, stepHold } from '../../../../renderer/src/domain/step-hold'
import { waysOut } from '../../../../shared/decision/ways-out'
import { newJob, type Job } from '../../../../shared/job-types'
import { decisionInput, jobDecision } from '../../../../shared/report/job-derive'

const TODAY = '2026-12-05'

/** Every method blocked by answers alone, as in the e2e "no method fits" job. */
function deadEndJob(patch: Partial<Job> = {}): Job {
  const j = newJob('job-00000001', '2026-12-05T07:00:00.000Z')
  return {
    ...j,
    domain: 'contoso.test',
    device: {
      ...j.device,
      familyId: 'generic-smtp',
      capabilityAnswers: { starttls587: 'yes', tls12: 'yes', smtpAuth: 'yes', oauthM365: 'no' },
    },
    answers: {
      externalRecipients: 'yes',
      mfaOrSecurityDefaults: 'no',
      basicAuthBlocked: 'yes',
      staticPublicIp: 'no',
    },
    ...patch,
  }
}

describe('the site relay way out', () => {
  it('is among the ways out of this dead end', () => {
    expect(jobDecision(deadEndJob(), TODAY).decision.waysOut.map((w) => w.id)).toContain(
      'site-oauth-relay',
    )
  })

  it('holds Decision and Configure in the dead end until it is chosen', () => {
    expect(stepHold(deadEndJob(), 'configure', TODAY)?.kind).toBe('no-method-fits')
    expect(stepHold(deadEndJob({ siteRelay: null }), 'decision', TODAY)?.kind).toBe(
      'no-method-fits',
    )
  })

  it('once chosen, Decision and Configure go on; Verify still waits', () => {
    const j = deadEndJob({ siteRelay: { address: '', port: 25 } })
    expect(canProceed(j, 'decision', TODAY)).toBe(true)
    expect(canProceed(j, 'configure', TODAY)).toBe(true)
    // Verify waits for the relay's delivery to be seen, not for a method that fits.
    expect(stepHold(j, 'verify', TODAY)?.kind).toBe('not-verified')
    const seen = {
      ...j,
      verifyOutcome: { passed: true, text: 'delivered', at: `${TODAY}T10:00:00Z` },
    }
    expect(canProceed(seen, 'verify', TODAY)).toBe(true)
  })

  it('is offered when only a password sign-in fits and the device cannot do OAuth', () => {
    const j = deadEndJob({
      answers: { externalRecipients: 'yes', mfaOrSecurityDefaults: 'no', staticPublicIp: 'no' },
    })
    const jd = jobDecision(j, TODAY)
    expect(jd.decision.recommended).toBe('client-submission-basic')
    expect(jd.input.device.oauthM365).toBe('no')
    expect(waysOut(decisionInput(j, TODAY), jd.decision.ranked).map((w) => w.id)).toContain(
      'site-oauth-relay',
    )
  })
})
