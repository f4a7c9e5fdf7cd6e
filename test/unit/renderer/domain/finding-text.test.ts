import { describe, expect, it } from 'vitest'

import { describeFact, factLabel } from '../../../../renderer/src/domain/finding-text'
import type { DecisionInput } from '../../../../shared/decision/types'

const input: DecisionInput = {
  site: {
    port587: 'open',
    port25: 'blocked',
    starttls: 'ok',
    publicIp: '203.0.113.7',
    publicIpStatic: 'no',
    publicIpNotStatic: 'private-or-cgnat',
    publicIpDynamicName: null,
    spf: 'not-pass',
    mxIsMicrosoft: 'yes',
    blocklisted: 'unknown',
  },
  device: {
    starttls587: 'yes',
    starttls25: 'unknown',
    tls12: 'unknown',
    implicitTls465Only: 'no',
    smtpAuth: 'yes',
    oauthM365: 'no',
  },
  answers: {
    mfaOrSecurityDefaults: 'no',
    externalRecipients: 'yes',
    staticPublicIp: 'unknown',
    highVolume: 'no',
    sentItemsCopy: 'no',
    thirdPartyHosted: 'no',
    rejectDirectSend: 'unknown',
    basicAuthBlocked: 'unknown',
  },
  today: '2026-11-28',
}

describe('factLabel', () => {
  it('names the fact and its value', () => {
    expect(factLabel('site.port25', input)).toBe('Port 25 — blocked on this network')
    expect(factLabel('site.port587', input)).toBe('Port 587 — open on this network')
    expect(factLabel('answers.externalRecipients', input)).toBe('External recipients — yes')
    expect(factLabel('device.tls12', input)).toBe('Device: TLS 1.2 — not known yet')
    expect(factLabel('site.publicIpStatic', input)).toBe(
      'Public IP address — private or carrier-grade NAT',
    )
    expect(factLabel('answers.basicAuthBlocked', input)).toBe(
      'Basic auth blocked in the tenant — not known yet',
    )
    expect(factLabel('device.starttls25', input)).toBe(
      'Device: STARTTLS and sign-in on 25 — not known yet',
    )
    expect(factLabel('today', input)).toBe('Date — 2026-11-28')
  })

  it('gives a method requirement without a value', () => {
    expect(describeFact('method', input)).toEqual({ name: 'Method requirement', value: null })
    expect(factLabel('method', input)).toBe('Method requirement')
  })

  it('says a port was not checked rather than blocked', () => {
    const unchecked = { ...input, site: { ...input.site, port25: 'unknown' as const } }
    expect(factLabel('site.port25', unchecked)).toBe('Port 25 — not checked from this network')
  })
})
