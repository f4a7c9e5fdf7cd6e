/** What the Decision step shows around the engine: the questions' hints, fact labels, sources. */
import { describe, expect, it } from 'vitest'

import {
  DECISION_QUESTIONS,
  questionHint,
} from '../../../../renderer/src/domain/decision-questions'
import { factLabel } from '../../../../renderer/src/domain/finding-text'
import { sourceLabels } from '../../../../renderer/src/domain/source-labels'
import type { DecisionInput } from '../../../../shared/decision/types'
import { GOOD_SITE } from '../../../helpers/decision-input'

const site = GOOD_SITE

describe('the static-IP question shows what the site checks found', () => {
  it('a dynamic-looking reverse name is a hint, and says the ISP wins', () => {
    const hint = questionHint('staticPublicIp', {
      ...site,
      publicIpDynamicName: 'dsl-203-0-113-7.dynamic.isp.test',
    })
    expect(hint).toContain(
      'dsl-203-0-113-7.dynamic.isp.test of 203.0.113.7 looks like a dynamic pool',
    )
    expect(hint).toContain("the ISP's answer wins")
  })

  it('carrier-grade NAT and disagreeing sources are said plainly; other questions keep their hint', () => {
    expect(
      questionHint('staticPublicIp', {
        ...site,
        publicIpStatic: 'no',
        publicIpNotStatic: 'private-or-cgnat',
      }),
    ).toContain('whatever the answer')
    expect(
      questionHint('staticPublicIp', {
        ...site,
        publicIpStatic: 'no',
        publicIpNotStatic: 'sources-disagree',
      }),
    ).toContain('lists every address')
    expect(questionHint('staticPublicIp', site)).toBe(DECISION_QUESTIONS.staticPublicIp.hint)
    expect(questionHint('highVolume', { ...site, publicIpDynamicName: 'x' })).toBe(
      DECISION_QUESTIONS.highVolume.hint,
    )
  })
})

describe('the Basic-auth question', () => {
  it('says where the admin looks, with read-only PowerShell and Microsoft sources', () => {
    const q = DECISION_QUESTIONS.basicAuthBlocked
    expect(q.hint).toContain('end of December 2026')
    expect(q.hint).toContain('second half of 2027')
    expect(q.lookup?.powershell).toEqual([
      'Get-AuthenticationPolicy | Format-List Name,AllowBasicAuthSmtp',
      'Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled',
      'Get-CASMailbox -Identity <mailbox> | Format-List SmtpClientAuthenticationDisabled',
    ])
    for (const line of q.lookup?.powershell ?? []) expect(line).toMatch(/^Get-/)
    expect(q.lookup?.sources.every((u) => u.startsWith('https://'))).toBe(true)
    expect(DECISION_QUESTIONS.mfaOrSecurityDefaults.lookup?.text).toContain(
      'If security defaults is enabled in your organization, SMTP AUTH is already disabled in Exchange Online.',
    )
  })
})

describe('fact labels', () => {
  it('a catalogue fact of low confidence says so', () => {
    const input: DecisionInput = {
      site,
      device: {
        starttls587: 'yes',
        starttls25: 'unknown',
        tls12: 'yes',
        implicitTls465Only: 'no',
        smtpAuth: 'yes',
        oauthM365: 'yes',
      },
      answers: {
        mfaOrSecurityDefaults: 'no',
        externalRecipients: 'yes',
        staticPublicIp: 'unknown',
        highVolume: 'no',
        sentItemsCopy: 'no',
        thirdPartyHosted: 'no',
        rejectDirectSend: 'no',
        basicAuthBlocked: 'no',
      },
      today: '2026-12-04',
      hints: {
        weak: { oauthM365: { confidence: 'low', sources: ['https://x.test/'], note: null } },
        oauthFromFirmware: null,
        familyName: null,
      },
    }
    expect(factLabel('device.oauthM365', input)).toBe(
      'Device: Microsoft 365 OAuth — yes (low confidence)',
    )
    expect(factLabel('device.tls12', input)).toBe('Device: TLS 1.2 — yes')
  })
})

describe('source labels', () => {
  it('names the page when several sources share a host', () => {
    expect(
      sourceLabels([
        'https://learn.microsoft.com/en-us/azure/communication-services/quickstarts/email/send-email-smtp/smtp-authentication',
        'https://learn.microsoft.com/en-us/azure/communication-services/concepts/pricing',
        'https://techcommunity.microsoft.com/blog/exchange/updated-exchange-online-smtp-auth-basic-authentication-deprecation-timeline/4489835',
      ]),
    ).toEqual([
      'learn.microsoft.com: smtp authentication',
      'learn.microsoft.com: pricing',
      'techcommunity.microsoft.com',
    ])
    expect(
      sourceLabels([
        'https://techcommunity.microsoft.com/t5/exchange-team-blog/deprecating-legacy-tls-and-endpoints-for-pop-and-imap-in/ba-p/4515201',
        'https://techcommunity.microsoft.com/blog/exchange/exchange-online-to-retire-basic-auth-for-client-submission-smtp-auth/4114750',
      ]),
    ).toEqual([
      'techcommunity.microsoft.com: deprecating legacy tls and…',
      'techcommunity.microsoft.com: exchange online to retire basic…',
    ])
    expect(sourceLabels(['not a url'])).toEqual(['not a url'])
  })
})
