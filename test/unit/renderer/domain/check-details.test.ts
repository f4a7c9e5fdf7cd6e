import { describe, expect, it } from 'vitest'

import {
  detailRows,
  transcriptMarker,
  type CheckFindings,
} from '../../../../renderer/src/domain/check-details'
import { formatDuration, formatExpiry } from '../../../../renderer/src/domain/format'
import type { LegacyTlsData, SmtpSessionData, TcpReachData } from '../../../../shared/probe-types'

const session = (patch: Partial<SmtpSessionData> = {}): SmtpSessionData => ({
  host: 'smtp.office365.com',
  port: 587,
  address: '52.97.1.2',
  reached: 'ehlo-tls',
  banner: {
    code: 220,
    enhanced: null,
    text: 'AM0PR01CA0123.outlook.office365.com Microsoft ESMTP MAIL Service ready',
  },
  ehlo: {
    greeting: 'AM0PR01CA0123 Hello [203.0.113.7]',
    capabilities: { SIZE: ['157286400'], STARTTLS: [] },
  },
  starttls: { code: 220, enhanced: '2.0.0', text: 'SMTP server ready' },
  tls: {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    cipherStandardName: 'TLS_AES_256_GCM_SHA384',
    certificate: {
      subject: 'CN=outlook.com',
      subjectAltNames: ['DNS:*.office365.com'],
      issuer: 'CN=DigiCert Cloud Services CA-1',
      validFrom: 'Jan  1 00:00:00 2026 GMT',
      validTo: 'Jan  1 00:00:00 2027 GMT',
      fingerprint256: 'AA:BB',
      serialNumber: '01',
    },
    verified: true,
    verifyError: null,
  },
  ehloTls: {
    greeting: 'AM0PR01CA0123 Hello [203.0.113.7]',
    capabilities: { AUTH: ['LOGIN', 'XOAUTH2'] },
  },
  authMechanisms: ['LOGIN', 'XOAUTH2'],
  authBeforeTls: [],
  sizeLimit: 157_286_400,
  clientIpEchoed: '203.0.113.7',
  discardedPlaintextBytes: 0,
  failure: null,
  ...patch,
})

const rowMap = (c: CheckFindings) =>
  Object.fromEntries(detailRows(c).map((r) => [r.label, r.value]))

describe('check details', () => {
  it('lists the STARTTLS facts a technician needs', () => {
    const rows = rowMap({ id: 'starttls-submission', data: session() })
    expect(rows['TLS version']).toBe('TLSv1.3')
    expect(rows['Cipher']).toBe('TLS_AES_256_GCM_SHA384')
    expect(rows['Certificate subject']).toBe('CN=outlook.com')
    expect(rows['Certificate issuer']).toBe('CN=DigiCert Cloud Services CA-1')
    expect(rows['Certificate expires']).toMatch(/^2027-01-01 /)
    expect(rows['Certificate verified']).toBe('yes')
    expect(rows['AUTH after TLS']).toBe('LOGIN XOAUTH2')
    expect(rows['AUTH before TLS']).toBe('none')
    expect(rows['Your IP as the server saw it']).toBe('203.0.113.7')
    expect(rows['Size limit']).toBe('150.0 MB')
  })

  it('says why a certificate did not verify, and where a session stopped', () => {
    const rows = rowMap({
      id: 'starttls-submission',
      data: session({
        tls: { ...session().tls!, verified: false, verifyError: 'CERT_HAS_EXPIRED' },
        ehloTls: null,
        failure: {
          phase: 'starttls',
          kind: 'starttls-refused',
          message: 'STARTTLS refused',
          errorCode: null,
          reply: { code: 454, enhanced: '4.7.0', text: 'TLS not available' },
        },
      }),
    })
    expect(rows['Certificate verified']).toBe('no (CERT_HAS_EXPIRED)')
    expect(rows['AUTH after TLS']).toBeUndefined()
    expect(rows['Stopped at']).toBe('starttls (starttls-refused)')
    expect(rows['Reason']).toBe('STARTTLS refused — 454 4.7.0 TLS not available')
    expect(rows['Error code']).toBeUndefined()
  })

  it('lists each reachability attempt per address family', () => {
    const data: TcpReachData = {
      host: 'smtp.office365.com',
      port: 25,
      expectGreeting: true,
      outcome: 'timeout',
      dnsError: null,
      attempts: [
        {
          family: 4,
          address: '52.97.1.2',
          outcome: 'timeout',
          durationMs: 8000,
          greeting: null,
          errorCode: 'ETIMEDOUT',
        },
        {
          family: 6,
          address: '2603:1026::1',
          outcome: 'unreachable',
          durationMs: 3,
          greeting: null,
          errorCode: 'ENETUNREACH',
        },
      ],
    }
    const rows = rowMap({ id: 'reach-submission', data })
    expect(rows['Result']).toBe('no answer (filtered)')
    expect(rows['IPv4 52.97.1.2']).toBe('no answer (filtered), ETIMEDOUT, after 8.0 s')
    expect(rows['IPv6 2603:1026::1']).toBe('no route to host, ENETUNREACH, after 3 ms')
  })

  it('recognises legacy TLS data before its embedded session', () => {
    const data: LegacyTlsData = {
      host: 'smtp.office365.com',
      port: 587,
      outcome: 'refused-reply',
      negotiatedProtocol: 'TLSv1',
      reply: { code: 421, enhanced: '4.7.66', text: 'TLS 1.0 and 1.1 are not supported.' },
      session: session(),
    }
    const rows = rowMap({ id: 'legacy-tls-submission', data })
    expect(rows['TLS 1.0/1.1']).toBe('negotiated, then refused with an SMTP reply')
    expect(rows['Server reply']).toBe('421 4.7.66 TLS 1.0 and 1.1 are not supported.')
    expect(rows['TLS version']).toBeUndefined()
  })

  it('shows no rows for a check that found nothing', () => {
    expect(detailRows({ id: 'starttls-submission', data: null })).toEqual([])
    expect(detailRows({ id: 'public-ip', data: null })).toEqual([])
  })

  it("uses swaks' transcript markers", () => {
    expect(transcriptMarker({ dir: 'send', tls: false })).toBe('->')
    expect(transcriptMarker({ dir: 'recv', tls: false })).toBe('<-')
    expect(transcriptMarker({ dir: 'send', tls: true })).toBe('~>')
    expect(transcriptMarker({ dir: 'recv', tls: true })).toBe('<~')
    expect(transcriptMarker({ dir: 'info', tls: true })).toBe('==')
    expect(transcriptMarker({ dir: 'error', tls: false })).toBe('**')
  })
})

describe('formatting', () => {
  it('formats durations', () => {
    expect(formatDuration(42.4)).toBe('42 ms')
    expect(formatDuration(1234)).toBe('1.2 s')
    expect(formatDuration(125_000)).toBe('2 min 5 s')
  })

  it('says how far away a certificate expiry is', () => {
    const now = Date.parse('2026-06-01T00:00:00Z')
    expect(formatExpiry('Jun 11 00:00:00 2026 GMT', now)).toBe('2026-06-11 (in 10 days)')
    expect(formatExpiry('May 31 00:00:00 2026 GMT', now)).toBe('2026-05-31 (expired 1 day ago)')
    expect(formatExpiry('Jun  1 12:00:00 2026 GMT', now)).toBe('2026-06-01 (expires within a day)')
    expect(formatExpiry('not a date', now)).toBe('not a date')
  })
})
