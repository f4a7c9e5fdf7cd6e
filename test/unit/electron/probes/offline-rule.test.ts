import { describe, expect, it } from 'vitest'

import {
  asOffline,
  asSilentServer,
  evidenceOf,
  isOffline,
} from '../../../../electron/probes/offline-rule'
import { OFFLINE_EXPLANATION } from '../../../../shared/offline'
import type { CheckResult, TcpReachData } from '../../../../shared/probe-types'

const reach = (outcome: TcpReachData['outcome']): TcpReachData => ({
  host: 'smtp.office365.com',
  port: 465,
  expectGreeting: false,
  outcome,
  attempts: [
    { family: 4, address: '52.97.1.2', outcome, durationMs: 5, greeting: null, errorCode: null },
  ],
  dnsError: null,
})

const implicitTls = (outcome: TcpReachData['outcome']): CheckResult => ({
  id: 'reach-implicit-tls',
  status: 'info',
  title: 'Port 465',
  explanation: 'Information only: port 465 is refused.',
  fix: 'Use 587.',
  durationMs: 5,
  phases: [],
  data: reach(outcome),
  transcript: [],
})

const dnsHost = (error: string | null, host = 'smtp.office365.com'): CheckResult => ({
  id: 'dns-submission-host',
  status: error ? 'fail' : 'pass',
  title: 'DNS',
  explanation: error ? `No answer (${error}).` : 'Resolves.',
  fix: null,
  durationMs: 5,
  phases: [],
  data: { host, resolver: 'system', a: [], aaaa: [], error },
  transcript: [],
})

describe('the offline rule', () => {
  it('reads what each result says about the internet, by its check id', () => {
    expect(evidenceOf(implicitTls('open'))).toBe('answered')
    expect(evidenceOf(implicitTls('timeout'))).toBe('no-answer')
    expect(evidenceOf(dnsHost('ETIMEOUT'))).toBe('no-answer')
    expect(evidenceOf(dnsHost('ENOTFOUND'))).toBe('answered')
    // An IP address needs no lookup: it says nothing.
    expect(evidenceOf(dnsHost(null, '127.0.0.1'))).toBe('none')
    expect(evidenceOf({ ...implicitTls('open'), data: null })).toBe('none')
  })

  it('is offline only when nothing answered and something was asked', () => {
    expect(isOffline([implicitTls('timeout'), dnsHost('ETIMEOUT')])).toBe(true)
    expect(isOffline([implicitTls('timeout'), dnsHost('ENOTFOUND')])).toBe(false)
    expect(isOffline([dnsHost(null, '127.0.0.1')])).toBe(false)
  })

  it('defers what did not pass, with the reason as a field and the words in front', () => {
    const deferred = asOffline(implicitTls('timeout'))
    expect(deferred).toMatchObject({ status: 'skip', skipReason: 'offline' })
    expect(deferred.explanation).toBe(
      `${OFFLINE_EXPLANATION} (Information only: port 465 is refused.)`,
    )
    const passed = dnsHost(null)
    expect(asOffline(passed)).toBe(passed)
  })

  it('a silent named DNS server fails what needed it, but information stays information', () => {
    const text = { explanation: 'The DNS server 192.0.2.53 did not answer.', fix: 'Check it.' }
    expect(asSilentServer(implicitTls('dns-error'), text)).toMatchObject({
      status: 'info',
      explanation:
        'The DNS server 192.0.2.53 did not answer. (Information only: port 465 is refused.)',
      fix: 'Check it.',
    })
    expect(asSilentServer(dnsHost('ETIMEOUT'), text).status).toBe('fail')
  })
})
