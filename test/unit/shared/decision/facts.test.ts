import { describe, expect, it } from 'vitest'

import { GENERIC_SMTP_DEVICE } from '../../../../shared/catalog/generic'
import type { PrinterFamily } from '../../../../shared/catalog/types'
import {
  capabilitiesFromFamily,
  mergeCapabilities,
  siteFactsFromReport,
} from '../../../../shared/decision/facts'
import type { DiagnoseReport, ProbeResult } from '../../../../shared/probe-types'

const check = (id: string, status: ProbeResult['status'], data: unknown): ProbeResult => ({
  id,
  status,
  title: id,
  explanation: '',
  fix: null,
  durationMs: 1,
  phases: [],
  data,
  transcript: [],
})
const reach = (outcome: string) => ({
  host: 'h',
  port: 1,
  expectGreeting: true,
  outcome,
  attempts: [],
  dnsError: null,
})

function report(checks: ProbeResult[]): DiagnoseReport {
  return {
    runId: 'r',
    startedAt: '',
    durationMs: 1,
    checks,
    summary: { pass: 0, warn: 0, fail: 0, skip: 0 },
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
