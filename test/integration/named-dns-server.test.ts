/**
 * A DNS server the person named that does not answer (issue 12): the checks that needed it fail
 * naming the server, and the run is not "offline". The same server given as the site's default
 * (standing in for the system's resolver) still reads as offline. Against a real local peer: a
 * loopback port, UDP and TCP, that takes every query and never answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { runDiagnose } from '../../electron/probes/runner'
import { createProbeService } from '../../electron/services/probe-service'
import { diagnoseOptionsSchema } from '../../shared/schemas/diagnose-options'
import { OFFLINE_EXPLANATION } from '../../shared/offline'
import type { CheckResult } from '../../shared/probe-types'
import { freeTcpPort } from '../helpers/printer-peers'
import { startDnsServer, type DnsServer } from '../helpers/dns-server'
import { useScenarioPeers } from '../helpers/scenario-peers'

let silent: DnsServer
let closedPort: number
const peers = useScenarioPeers()

beforeAll(async () => {
  silent = await startDnsServer({ records: [], silent: true })
  closedPort = await freeTcpPort()
})
afterAll(async () => {
  await silent?.close()
})

// NETWORK SAFETY: every name goes to the silent loopback server; the public-IP sources are a
// closed loopback port; nothing leaves the machine.
const options = (extra: Record<string, unknown> = {}) =>
  diagnoseOptionsSchema.parse({
    domain: 'contoso.test',
    publicIpSources: [`https://127.0.0.1:${closedPort}/`],
    blocklists: ['zen.bl.test'],
    timeoutMs: 300,
    ...extra,
  })

const byId = (checks: CheckResult[]) => Object.fromEntries(checks.map((c) => [c.id, c]))

// The checks that resolve a name through the run's DNS server: they fail…
const NEEDS_DNS = [
  'dns-submission-host',
  'reach-submission',
  'starttls-submission',
  'reach-submission-smtp',
  'dns-mx',
  'dns-spf',
]
// …except those that only inform (465) or could not test (old TLS): they stay information,
// but name the server too.
const INFORMS = ['legacy-tls-submission', 'reach-implicit-tls']

describe('a DNS server named with --dns-server that does not answer', () => {
  it('fails the checks that needed it, naming the server; the run is not offline', async () => {
    const before = udpQueries(silent)
    const report = await runDiagnose(options({ dnsServer: silent.address }), {
      runId: 'run-named-dns-0001',
    })
    expect(udpQueries(silent)).toBeGreaterThan(before)
    expect(report.offline).toBe(false)
    expect(report.cancelled).toBe(false)
    const checks = byId(report.checks)
    for (const id of [...NEEDS_DNS, ...INFORMS]) {
      const c = checks[id]!
      expect(c.status, id).toBe(
        id === 'reach-implicit-tls' ? 'info' : INFORMS.includes(id) ? 'skip' : 'fail',
      )
      expect(c.explanation, id).toMatch(
        new RegExp(
          `^The DNS server 127\\.0\\.0\\.1:${silent.port} named with --dns-server did not answer\\. \\(.+\\.\\)$`,
        ),
      )
      expect(c.fix, id).toBe(
        "Check the address, or leave --dns-server out to use the system's DNS.",
      )
    }
    // The check's own words are kept: which name went unanswered.
    expect(checks['dns-submission-host']!.explanation).toContain(
      'did not answer for smtp.office365.com (ETIMEOUT)',
    )
    for (const c of report.checks) expect(c.explanation).not.toContain(OFFLINE_EXPLANATION)
    expect(report.summary.fail).toBeGreaterThanOrEqual(NEEDS_DNS.length)
    // One timeout per lookup, all at once: the run stays short.
    expect(report.durationMs).toBeLessThan(3000)
  })

  it('checks that did not need it keep their own result', async () => {
    const sub = await peers.serve('exchange')
    const report = await runDiagnose(
      options({
        dnsServer: silent.address,
        submissionHost: '127.0.0.1',
        submissionPort: sub.port,
        checkPort25: false,
        checkImplicitTls: false,
        checkLegacyTls: false,
        checkPublicIp: false,
      }),
      {
        runId: 'run-named-dns-0002',
        deps: { lookup: async () => [], extraCa: [peers.pki.ca.cert] },
      },
    )
    const checks = byId(report.checks)
    expect(checks['dns-submission-host']?.status).toBe('pass')
    expect(checks['reach-submission']?.status).toBe('pass')
    expect(checks['starttls-submission']?.explanation).not.toContain('DNS server')
    expect(checks['dns-mx']?.status).toBe('fail')
    expect(checks['dns-mx']?.explanation).toMatch(/^The DNS server 127\.0\.0\.1:\d+ named with/)
    expect(report.offline).toBe(false)
  })

  it('the same server as the site default (standing in for the system) reads as offline', async () => {
    const report = await runDiagnose(options(), {
      runId: 'run-named-dns-0003',
      defaultDnsServer: silent.address,
    })
    expect(report.offline).toBe(true)
    expect(report.summary.fail).toBe(0)
    for (const c of report.checks) expect(c.explanation).not.toContain('named with --dns-server')
    expect(byId(report.checks)['dns-submission-host']!.explanation).toMatch(
      /^Offline — run again when the site is online\./,
    )
  })
})

describe('the app: the DNS server field of the site checks (probes:run)', () => {
  it('a server typed in the form that does not answer fails the checks, in the app’s words', async () => {
    const probes = createProbeService()
    const report = await probes.run(
      'run-named-dns-0004',
      options({ dnsServer: silent.address }),
      () => {},
    )
    expect(report.offline).toBe(false)
    const dnsHost = byId(report.checks)['dns-submission-host']!
    expect(dnsHost.status).toBe('fail')
    expect(dnsHost.explanation).toMatch(
      /^The DNS server 127\.0\.0\.1:\d+ set under Advanced did not answer\. \(/,
    )
    expect(dnsHost.fix).toBe(
      "Check the address under Advanced > DNS server, or empty the field to use this laptop's own resolver.",
    )
  })

  it('the site default of the service (not typed) still reads as offline', async () => {
    const probes = createProbeService(undefined, { dnsServer: silent.address })
    const report = await probes.run('run-named-dns-0005', options(), () => {})
    expect(report.offline).toBe(true)
    expect(report.summary.fail).toBe(0)
  })
})

/** UDP queries the silent server took in (and dropped). */
function udpQueries(server: DnsServer): number {
  return server.queries.filter((q) => q.transport === 'udp').length
}
