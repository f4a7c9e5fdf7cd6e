/**
 * An unknown is never a reason for a method (it is an open question), and the blocked methods an
 * answer alone stands in the way of are told apart from a dead end no answer fixes.
 */
import { describe, expect, it } from 'vitest'

import { clientSubmission } from '../../../../shared/decision/client-submission'
import { decide } from '../../../../shared/decision/decide'
import { directSend } from '../../../../shared/decision/direct-send'
import { highVolumeEmail } from '../../../../shared/decision/high-volume-email'
import {
  answerFixes,
  isUnknownFact,
  withoutUnknownReasons,
} from '../../../../shared/decision/open-questions'
import { smtpRelay } from '../../../../shared/decision/smtp-relay'
import type {
  DecisionAnswers,
  DecisionInput,
  DeviceCapabilities,
  TriState,
} from '../../../../shared/decision/types'
import { GOOD_SITE } from '../../../helpers/decision-input'

const TRI: readonly TriState[] = ['yes', 'no', 'unknown']
const ANSWER_KEYS: readonly (keyof DecisionAnswers)[] = [
  'mfaOrSecurityDefaults',
  'externalRecipients',
  'staticPublicIp',
  'highVolume',
  'sentItemsCopy',
  'thirdPartyHosted',
  'rejectDirectSend',
  'basicAuthBlocked',
]
const allUnknown = (keys: readonly string[]) =>
  Object.fromEntries(keys.map((k) => [k, 'unknown'])) as Record<string, TriState>
const UNKNOWN_DEVICE = allUnknown([
  'starttls587',
  'starttls25',
  'tls12',
  'implicitTls465Only',
  'smtpAuth',
  'oauthM365',
]) as unknown as DeviceCapabilities
const UNKNOWN_ANSWERS = allUnknown(ANSWER_KEYS) as unknown as DecisionAnswers

function input(over: {
  answers?: Partial<DecisionAnswers>
  device?: Partial<DeviceCapabilities>
  site?: Partial<DecisionInput['site']>
}): DecisionInput {
  return {
    site: { ...GOOD_SITE, ...over.site },
    device: { ...UNKNOWN_DEVICE, ...over.device },
    answers: { ...UNKNOWN_ANSWERS, ...over.answers },
    today: '2026-12-05',
  }
}

describe('an unknown is never a reason for a method', () => {
  it('holds for every rule over every answer, with a device and a site that are not known', () => {
    const sites = [GOOD_SITE, { ...GOOD_SITE, port25: 'unknown', spf: 'unknown' } as const]
    const devices = [UNKNOWN_DEVICE, { ...UNKNOWN_DEVICE, smtpAuth: 'yes', tls12: 'no' } as const]
    let checked = 0
    for (let n = 0; n < TRI.length ** ANSWER_KEYS.length; n += 7) {
      const answers = Object.fromEntries(
        ANSWER_KEYS.map((k, i) => [k, TRI[Math.floor(n / TRI.length ** i) % TRI.length]]),
      ) as unknown as DecisionAnswers
      for (const site of sites)
        for (const device of devices) {
          const i: DecisionInput = { site, device, answers, today: '2026-12-05' }
          // The rules themselves, before decide()'s guard.
          for (const m of [
            clientSubmission(i, 'oauth'),
            clientSubmission(i, 'basic'),
            directSend(i),
            smtpRelay(i),
            highVolumeEmail(i),
          ]) {
            const unknownReasons = m.reasons.filter((r) => isUnknownFact(r.fact, i))
            expect(unknownReasons, `${m.method} ${JSON.stringify(answers)}`).toEqual([])
            checked += 1
          }
        }
    }
    expect(checked).toBeGreaterThan(1000)
  })

  it('external recipients not known yet: a question still to answer for client submission, not a reason', () => {
    const d = decide(input({ device: { oauthM365: 'yes', tls12: 'yes', starttls587: 'yes' } }))
    const oauth = d.ranked.find((m) => m.method === 'client-submission-oauth')!
    expect(d.recommended).toBe('client-submission-oauth')
    expect(oauth.reasons.map((r) => r.fact)).not.toContain('answers.externalRecipients')
    expect(oauth.openQuestions).toEqual([
      expect.objectContaining({
        fact: 'answers.externalRecipients',
        text: expect.stringContaining('either way') as unknown,
      }),
    ])
  })

  it('answered "yes": a reason again, and no question left', () => {
    const d = decide(
      input({
        answers: { externalRecipients: 'yes' },
        device: { oauthM365: 'yes', tls12: 'yes', starttls587: 'yes' },
      }),
    )
    const oauth = d.ranked.find((m) => m.method === 'client-submission-oauth')!
    expect(oauth.reasons.map((r) => r.fact)).toContain('answers.externalRecipients')
    expect(oauth.openQuestions).toEqual([])
  })

  it('decide() moves any reason on an unknown fact to the open questions', () => {
    const i = input({})
    const m = directSend(i)
    const slipped = withoutUnknownReasons(
      { ...m, reasons: [...m.reasons, { fact: 'answers.highVolume', text: 'Fast.' }] },
      i,
    )
    expect(slipped.reasons.map((r) => r.text)).not.toContain('Fast.')
    expect(slipped.openQuestions).toContainEqual({ fact: 'answers.highVolume', text: 'Fast.' })
    expect(withoutUnknownReasons(m, i)).toBe(m)
  })

  it('"needs no password" is the method\'s own merit while the device\'s sign-in is not known', () => {
    const unknown = directSend(input({})).reasons.find((r) => r.text.startsWith('Needs no mailbox'))
    expect(unknown?.fact).toBe('method')
    const known = directSend(input({ device: { smtpAuth: 'no' } })).reasons.find((r) =>
      r.text.startsWith('Needs no mailbox'),
    )
    expect(known?.fact).toBe('device.smtpAuth')
  })
})

describe('which answers could open a blocked method', () => {
  it('a dead end made of site and device facts: no answer helps', () => {
    // The static-IP site whose port 25 is blocked, with a device without TLS 1.2.
    const d = decide(
      input({
        site: { port25: 'blocked', publicIpDynamicName: '203-0-113-7.dyn.isp.test' },
        device: { tls12: 'no', smtpAuth: 'yes', oauthM365: 'no', starttls587: 'yes' },
        answers: { externalRecipients: 'yes', staticPublicIp: 'yes' },
      }),
    )
    expect(d.recommended).toBeNull()
    expect(answerFixes(d)).toEqual([])
    expect(d.waysOut.length).toBeGreaterThan(0)
  })

  it('a dead end made of answers: names the method and the answers, fewest first', () => {
    const d = decide(
      input({
        device: { tls12: 'yes', smtpAuth: 'yes', oauthM365: 'no', starttls587: 'yes' },
        answers: {
          externalRecipients: 'yes',
          mfaOrSecurityDefaults: 'no',
          basicAuthBlocked: 'yes',
          staticPublicIp: 'no',
        },
      }),
    )
    expect(d.recommended).toBeNull()
    const fixes = answerFixes(d)
    expect(fixes.map((f) => f.method)).toEqual(
      expect.arrayContaining(['direct-send', 'smtp-relay', 'client-submission-basic']),
    )
    expect(fixes.find((f) => f.method === 'direct-send')?.answers).toEqual(['externalRecipients'])
    expect(fixes.map((f) => f.method)).not.toContain('client-submission-oauth')
    for (let k = 1; k < fixes.length; k++)
      expect(fixes[k]!.answers.length).toBeGreaterThanOrEqual(fixes[k - 1]!.answers.length)
  })
})
