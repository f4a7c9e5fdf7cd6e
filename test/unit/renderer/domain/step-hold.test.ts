/**
 * Whether a wizard step can move on (StepNav's "Next" is the main button only then), and the dead
 * end as Decision, Configure and Verify show it: why, whether an answer helps, the ways out.
 */
import { describe, expect, it } from 'vitest'

import {
  canProceed,
  confirmedMethod,
  deadEnd,
  stepHold,
  verifyPassed,
} from '../../../../renderer/src/domain/step-hold'
import { jobDecision } from '../../../../renderer/src/domain/job-decision'
import { newJob, WIZARD_STEPS, type Job } from '../../../../shared/job-types'
import { siteChecksFixture } from '../../../helpers/report-job-fixture'

const TODAY = '2026-12-05'

function job(patch: Partial<Job> = {}): Job {
  return { ...newJob('job-00000001', '2026-12-05T07:00:00.000Z'), domain: 'contoso.test', ...patch }
}

const modernDevice = (over: Partial<Job['device']['capabilityAnswers']> = {}): Job['device'] => ({
  ...job().device,
  familyId: 'generic-smtp',
  capabilityAnswers: {
    starttls587: 'yes',
    tls12: 'yes',
    smtpAuth: 'yes',
    oauthM365: 'yes',
    ...over,
  },
})

/** Every method blocked by answers alone (the e2e "no method fits" job). */
const blockedByAnswers = job({
  device: modernDevice({ oauthM365: 'no' }),
  answers: {
    externalRecipients: 'yes',
    mfaOrSecurityDefaults: 'no',
    basicAuthBlocked: 'yes',
    staticPublicIp: 'no',
  },
})

describe('stepHold', () => {
  it('the Decision step waits for a confirmed method; the others go on with the recommendation', () => {
    const j = job({ device: modernDevice(), answers: { externalRecipients: 'yes' } })
    const hold = stepHold(j, 'decision', TODAY)
    expect(hold?.kind).toBe('method-not-confirmed')
    expect(hold?.kind === 'method-not-confirmed' && hold.recommended.method).toBe(
      'client-submission-oauth',
    )
    expect(canProceed(j, 'decision', TODAY)).toBe(false)
    const ran = { ...j, lastReport: siteChecksFixture() }
    for (const step of WIZARD_STEPS.filter((s) => s !== 'decision' && s !== 'verify'))
      expect(canProceed(ran, step, TODAY), step).toBe(true)
  })

  it('Site checks wait for a run: running them is the main action until one is kept', () => {
    const j = job({ device: modernDevice() })
    expect(stepHold(j, 'site-checks', TODAY)).toEqual({ kind: 'checks-not-run' })
    expect(canProceed(j, 'site-checks', TODAY)).toBe(false)
    expect(canProceed({ ...j, lastReport: siteChecksFixture() }, 'site-checks', TODAY)).toBe(true)
  })

  it('Verify waits for a test that passed: its own test is the main action until then', () => {
    const j = job({ device: modernDevice(), method: 'client-submission-oauth' })
    expect(stepHold(j, 'verify', TODAY)).toEqual({ kind: 'not-verified' })
    const at = '2026-12-05T08:00:00.000Z'
    const failed = { ...j, verifyOutcome: { passed: false, text: '535 5.7.139', at } }
    expect(canProceed(failed, 'verify', TODAY)).toBe(false)
    const passed = { ...j, verifyOutcome: { passed: true, text: 'Signed in.', at } }
    expect(canProceed(passed, 'verify', TODAY)).toBe(true)
    expect([verifyPassed(j), verifyPassed(failed), verifyPassed(passed)]).toEqual([
      false,
      false,
      true,
    ])
  })

  it('a confirmed method that still fits lets the Decision step go on', () => {
    const j = job({
      device: modernDevice(),
      answers: { externalRecipients: 'yes' },
      method: 'client-submission-oauth',
    })
    expect(stepHold(j, 'decision', TODAY)).toBeNull()
    expect(confirmedMethod(j, jobDecision(j, TODAY).decision)?.method).toBe(
      'client-submission-oauth',
    )
  })

  it('a confirmed method blocked since is not confirmed any more, and says which it was', () => {
    const j = job({
      device: modernDevice(),
      answers: { externalRecipients: 'yes' },
      method: 'direct-send',
    })
    const hold = stepHold(j, 'decision', TODAY)
    expect(hold?.kind).toBe('method-not-confirmed')
    expect(hold?.kind === 'method-not-confirmed' && hold.pickBlocked?.method).toBe('direct-send')
    expect(confirmedMethod(j, jobDecision(j, TODAY).decision)).toBeNull()
  })

  it('no method fits: Decision, Configure and Verify are held; Job, Device, Site checks, Report are not', () => {
    for (const step of ['decision', 'configure', 'verify'] as const) {
      expect(stepHold(blockedByAnswers, step, TODAY)?.kind, step).toBe('no-method-fits')
      expect(canProceed(blockedByAnswers, step, TODAY)).toBe(false)
    }
    const ran = { ...blockedByAnswers, lastReport: siteChecksFixture() }
    for (const step of ['job', 'device', 'site-checks', 'report'] as const)
      expect(canProceed(ran, step, TODAY), step).toBe(true)
    expect(canProceed(null, 'decision', TODAY)).toBe(true)
  })
})

describe('deadEnd', () => {
  it('names each blocking fact once, with its value, and the answers that alone block a method', () => {
    const end = deadEnd(jobDecision(blockedByAnswers, TODAY))
    expect(end).not.toBeNull()
    expect(end!.blockedBy).toContain('External recipients — yes')
    expect(end!.blockedBy).toContain('Device: Microsoft 365 OAuth — no')
    expect(new Set(end!.blockedBy).size).toBe(end!.blockedBy.length)
    expect(end!.answerFixes[0]).toMatchObject({ answers: [expect.stringMatching(/ — yes$/)] })
    expect(end!.waysOut[0]?.id).toBe('acs-email')
  })

  it('a dead end no answer changes: the device cannot do TLS 1.2 and port 25 is blocked', () => {
    const j = job({
      device: modernDevice({ tls12: 'no', oauthM365: 'no' }),
      answers: { externalRecipients: 'yes', staticPublicIp: 'yes' },
      lastReport: {
        runId: 'run-00000001',
        startedAt: '2026-12-05T07:00:00.000Z',
        durationMs: 100,
        cancelled: false,
        offline: false,
        summary: { pass: 0, warn: 0, fail: 1, info: 0, skip: 0 },
        checks: [
          {
            id: 'reach-mx',
            status: 'fail',
            title: 'reach-mx',
            explanation: '',
            fix: null,
            durationMs: 5,
            phases: [],
            data: { outcome: 'refused' },
            transcript: [],
          } as unknown as NonNullable<Job['lastReport']>['checks'][number],
        ],
      },
    })
    const end = deadEnd(jobDecision(j, TODAY))
    expect(end?.blockedBy).toEqual(
      expect.arrayContaining(['Device: TLS 1.2 — no', 'Port 25 — blocked on this network']),
    )
    expect(end?.answerFixes).toEqual([])
  })

  it('null while a method fits', () => {
    expect(deadEnd(jobDecision(job({ device: modernDevice() }), TODAY))).toBeNull()
  })
})
