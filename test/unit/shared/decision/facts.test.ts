import { describe, expect, it } from 'vitest'

import { GENERIC_SMTP_DEVICE } from '../../../../shared/catalog/generic'
import type { PrinterFamily } from '../../../../shared/catalog/types'
import {
  capabilitiesFromFamily,
  deviceHints,
  mergeCapabilities,
  reverseNameLooksDynamic,
  siteFactsFromReport,
} from '../../../../shared/decision/facts'
import { isMicrosoftMx } from '../../../../shared/decision/mx-host'
import { HOSTILE, HOSTILE_SHOWN } from '../../../helpers/hostile-text'
import type {
  CheckId,
  CheckResult,
  DiagnoseReport,
  ProbeStatus,
} from '../../../../shared/probe-types'

/** A result whose data holds only what the facts read: cast to the precise type once, here. */
const check = (id: CheckId, status: ProbeStatus, data: unknown): CheckResult =>
  ({
    id,
    status,
    title: id,
    explanation: '',
    fix: null,
    durationMs: 1,
    phases: [],
    data,
    transcript: [],
  }) as CheckResult
const reach = (outcome: string) => ({
  host: 'h',
  port: 1,
  expectGreeting: true,
  outcome,
  attempts: [],
  dnsError: null,
})

function report(checks: CheckResult[]): DiagnoseReport {
  return {
    runId: 'r',
    startedAt: '',
    durationMs: 1,
    checks,
    summary: { pass: 0, warn: 0, fail: 0, info: 0, skip: 0 },
    cancelled: false,
    offline: false,
  }
}

describe('site facts from a site-checks report', () => {
  it('reads ports, STARTTLS, public IP, SPF, MX and blocklists', () => {
    const facts = siteFactsFromReport(
      report([
        check('reach-submission', 'pass', reach('open')),
        check('reach-submission-smtp', 'fail', reach('timeout')),
        check('reach-mx', 'fail', reach('refused')),
        check('starttls-submission', 'pass', { failure: null, tls: { verified: true } }),
        check('public-ip', 'warn', {
          observations: [],
          v4: {
            family: 4,
            consensus: '100.64.1.2',
            smtpIp: null,
            distinct: [],
            unsuitable: 'CGNAT',
            reverseDns: [],
            looksDynamic: null,
          },
          v6: {
            family: 6,
            consensus: null,
            smtpIp: null,
            distinct: [],
            unsuitable: null,
            reverseDns: [],
            looksDynamic: null,
          },
        }),
        check('spf-verdict', 'warn', {
          results: [{ ip: '100.64.1.2', family: 4, result: 'softfail', comment: null }],
        }),
        check('dns-mx', 'warn', {
          records: [{ exchange: 'mx.filter.test', priority: 1, kind: 'other' }],
        }),
        check('blocklists', 'pass', { results: [{ state: 'not-listed' }] }),
      ]),
    )
    expect(facts).toEqual({
      port587: 'open',
      port25: 'blocked',
      starttls: 'ok',
      publicIp: '100.64.1.2',
      publicIpStatic: 'no',
      publicIpNotStatic: 'private-or-cgnat',
      publicIpDynamicName: null,
      spf: 'not-pass',
      mxIsMicrosoft: 'no',
      blocklisted: 'no',
    })
  })

  it('knows nothing without a report, and treats offline skips as unknown', () => {
    const none = siteFactsFromReport(null)
    expect(
      Object.values(none)
        .filter((v) => v !== null)
        .every((v) => v === 'unknown'),
    ).toBe(true)
    const offline = siteFactsFromReport(
      report([check('reach-submission', 'skip', reach('dns-error'))]),
    )
    expect(offline.port587).toBe('unknown')
  })

  it('a failed TLS handshake is "failed"; a refused connection is not a TLS verdict', () => {
    const failed = siteFactsFromReport(
      report([check('starttls-submission', 'fail', { failure: { phase: 'tls' }, tls: null })]),
    )
    expect(failed.starttls).toBe('failed')
    const refused = siteFactsFromReport(
      report([check('starttls-submission', 'fail', { failure: { phase: 'connect' }, tls: null })]),
    )
    expect(refused.starttls).toBe('unknown')
  })
})

describe('device capabilities', () => {
  it('the generic device is all unknown; answers fill it in', () => {
    const caps = capabilitiesFromFamily(GENERIC_SMTP_DEVICE)
    expect(Object.values(caps).every((v) => v === 'unknown')).toBe(true)
    expect(mergeCapabilities(caps, { tls12: 'yes', oauthM365: 'no', smtpAuth: 'unknown' })).toEqual(
      { ...caps, tls12: 'yes', oauthM365: 'no' },
    )
  })

  it('reads supported flags from catalogue facts', () => {
    const src = ['https://example.test/manual']
    const family: PrinterFamily = {
      ...GENERIC_SMTP_DEVICE,
      capabilities: {
        starttls587: { value: true, confidence: 'high', sources: src },
        starttls25: { value: false, confidence: 'high', sources: src },
        tls12: {
          value: { supported: true, fromFirmware: '2.1' },
          confidence: 'medium',
          sources: src,
        },
        implicitTls465Only: { value: false, confidence: 'high', sources: src },
        smtpAuth: { value: true, confidence: 'high', sources: src },
        oauthM365: {
          value: { supported: false, fromFirmware: null, signInAt: 'unknown' },
          confidence: 'low',
          sources: src,
        },
      },
    }
    expect(capabilitiesFromFamily(family)).toEqual({
      starttls587: 'yes',
      starttls25: 'no',
      tls12: 'yes',
      implicitTls465Only: 'no',
      smtpAuth: 'yes',
      oauthM365: 'no',
    })
  })
})

const ipFamily = (patch: Record<string, unknown>) => ({
  family: 4,
  consensus: '203.0.113.7',
  smtpIp: null,
  distinct: ['203.0.113.7'],
  unsuitable: null,
  reverseDns: [],
  looksDynamic: null,
  ...patch,
})
const ipReport = (v4: Record<string, unknown>) =>
  report([
    check('public-ip', 'pass', {
      observations: [],
      v4: ipFamily(v4),
      v6: ipFamily({ family: 6, consensus: null, distinct: [] }),
    }),
  ])

describe('the public address: only measurements say "not static"', () => {
  it('a dynamic-looking reverse name is a hint, not a "no" (even from a report saved with looksDynamic true)', () => {
    const f = siteFactsFromReport(
      ipReport({ reverseDns: ['dsl-203-0-113-7.dynamic.isp.test'], looksDynamic: true }),
    )
    expect(f.publicIpStatic).toBe('unknown')
    expect(f.publicIpNotStatic).toBeNull()
    expect(f.publicIpDynamicName).toBe('dsl-203-0-113-7.dynamic.isp.test')
  })

  it('static or fixed in the name, or only the address spelled out, is no hint at all', () => {
    for (const name of [
      'static-203-0-113-7.biz.example.net',
      '203-0-113-7.isp.test',
      'fixed-203-0-113-7.dsl.isp.test',
    ]) {
      const f = siteFactsFromReport(ipReport({ reverseDns: [name], looksDynamic: true }))
      expect(f.publicIpDynamicName, name).toBeNull()
      expect(reverseNameLooksDynamic(name), name).toBe(false)
    }
    expect(reverseNameLooksDynamic('pool-7.cable.isp.test')).toBe(true)
  })

  it('a hostile reverse name reaches the hint as shown: its controls are visible escapes', () => {
    const f = siteFactsFromReport(ipReport({ reverseDns: [`dyn-${HOSTILE}.isp.test`] }))
    expect(f.publicIpDynamicName).toBe(`dyn-${HOSTILE_SHOWN}.isp.test`)
  })

  it('carrier-grade NAT or a private address says "no"; so do sources that disagree', () => {
    const cgnat = siteFactsFromReport(ipReport({ consensus: '100.64.1.2', unsuitable: 'CGNAT' }))
    expect([cgnat.publicIpStatic, cgnat.publicIpNotStatic]).toEqual(['no', 'private-or-cgnat'])
    const split = siteFactsFromReport(ipReport({ distinct: ['203.0.113.7', '198.51.100.9'] }))
    expect([split.publicIpStatic, split.publicIpNotStatic]).toEqual(['no', 'sources-disagree'])
  })
})

describe('Microsoft 365 MX names', () => {
  it('recognises mail.protection.outlook.com and mx.microsoft (domains added from July 2026)', () => {
    expect(isMicrosoftMx('contoso-com.mail.protection.outlook.com')).toBe(true)
    expect(isMicrosoftMx('contoso-com.mail.protection.outlook.com.')).toBe(true)
    expect(isMicrosoftMx('contoso-com.s-v1.mx.microsoft')).toBe(true)
    expect(isMicrosoftMx('contoso-com.s-v1.mx.microsoft.')).toBe(true)
    expect(isMicrosoftMx('mx.microsoft.evil.test')).toBe(false)
    expect(isMicrosoftMx('mx.filter.test')).toBe(false)
  })

  it('a report that called an mx.microsoft host "other" still counts it as Microsoft 365', () => {
    const f = siteFactsFromReport(
      report([
        check('dns-mx', 'warn', {
          records: [{ exchange: 'contoso-com.s-v1.mx.microsoft', priority: 0, kind: 'other' }],
        }),
      ]),
    )
    expect(f.mxIsMicrosoft).toBe('yes')
  })
})

describe('device hints', () => {
  const src = ['https://example.test/forum']
  const family: PrinterFamily = {
    ...GENERIC_SMTP_DEVICE,
    id: 'hp-example',
    vendor: 'hp',
    vendorName: 'HP',
    family: 'Example',
    capabilities: {
      ...GENERIC_SMTP_DEVICE.capabilities,
      oauthM365: {
        value: { supported: true, fromFirmware: '5.7', signInAt: 'web-ui' },
        confidence: 'low',
        sources: src,
        note: 'A third-party summary.',
      },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'high',
        sources: src,
      },
    },
  }

  it('passes low-confidence facts on as weak, with the firmware floor and the family name', () => {
    const h = deviceHints(family, {})
    expect(h.weak).toEqual({
      oauthM365: { confidence: 'low', sources: src, note: 'A third-party summary.' },
    })
    expect(h.oauthFromFirmware).toEqual({ version: '5.7', confidence: 'low', sources: src })
    expect(h.familyName).toBe('HP Example')
  })

  it('the generic device has no family name to put in a sentence', () => {
    expect(deviceHints(GENERIC_SMTP_DEVICE, {}).familyName).toBeNull()
  })

  it("the technician's answer replaces a weak fact", () => {
    expect(deviceHints(family, { oauthM365: 'yes' }).weak).toEqual({})
    expect(deviceHints(family, { oauthM365: 'unknown' }).weak.oauthM365).toBeDefined()
  })
})
