/**
 * The site's mail identity against real local peers: an authoritative DNS server (MX, SPF split
 * across strings, two SPF records, include chains, echo names, blocklist zones), HTTPS echo
 * servers that disagree, and an SMTP peer that echoes a third address in its greeting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createDnsClient, type DnsClient } from '../../electron/probes/dns-client'
import { checkMx, checkSpfRecord } from '../../electron/probes/dns-checks'
import { checkBlocklists } from '../../electron/probes/blocklist-check'
import { checkPublicIp, type PublicIpEnv } from '../../electron/probes/public-ip-check'
import { runDiagnose } from '../../electron/probes/runner'
import { checkSpfVerdict } from '../../electron/probes/spf-verdict-check'
import { CHECK_IDS } from '../../shared/check-results'
import { diagnoseOptionsSchema } from '../../shared/schemas/diagnose-options'
import type { PublicIpData, SpfVerdictData } from '../../shared/site-identity-types'
import {
  blocklistName,
  reverseName,
  startDnsServer,
  type DnsRecord,
  type DnsServer,
} from '../helpers/dns-server'
import { startIpEchoServer, type IpEchoServer } from '../helpers/ip-echo-server'
import { freeTcpPort } from '../helpers/printer-peers'
import { useScenarioPeers } from '../helpers/scenario-peers'

const SITE = '203.0.113.7'
const OTHER_WAN = '198.51.100.9'
const SMTP_SEEN = '192.0.2.44'
const SITE6 = '2001:db8::7'

const records: DnsRecord[] = [
  { type: 'A', name: 'localhost', address: '127.0.0.1' },
  // contoso.test: Microsoft 365 MX, SPF split over two strings (RFC 7208 §3.3)
  {
    type: 'MX',
    name: 'contoso.test',
    exchange: 'contoso-test.mail.protection.outlook.com',
    priority: 0,
  },
  { type: 'A', name: 'contoso-test.mail.protection.outlook.com', address: '127.0.0.1' },
  {
    type: 'TXT',
    name: 'contoso.test',
    strings: ['v=spf1 include:spf.protection.outlook.com', ' -all'],
  },
  { type: 'TXT', name: 'contoso.test', strings: ['MS=ms12345678'] },
  {
    type: 'TXT',
    name: 'spf.protection.outlook.com',
    strings: ['v=spf1 ip4:40.92.0.0/15 ip6:2a01:111:f400::/48 -all'],
  },
  // fabrikam.test: a third-party filter first, Microsoft 365 second; Microsoft reached through a chain
  { type: 'MX', name: 'fabrikam.test', exchange: 'mx1.filter.test', priority: 10 },
  {
    type: 'MX',
    name: 'fabrikam.test',
    exchange: 'fabrikam-test.mail.protection.outlook.com',
    priority: 20,
  },
  {
    type: 'TXT',
    name: 'fabrikam.test',
    strings: [`v=spf1 ip4:${SITE} include:_spf.fabrikam.test ~all`],
  },
  {
    type: 'TXT',
    name: '_spf.fabrikam.test',
    strings: ['v=spf1 include:spf.protection.outlook.com -all'],
  },
  // twospf.test: two SPF records (permerror)
  {
    type: 'MX',
    name: 'twospf.test',
    exchange: 'twospf-test.mail.protection.outlook.com',
    priority: 0,
  },
  { type: 'TXT', name: 'twospf.test', strings: ['v=spf1 include:spf.protection.outlook.com -all'] },
  { type: 'TXT', name: 'twospf.test', strings: ['v=spf1 ip4:192.0.2.0/24 ~all'] },
  // nomicrosoft.test: valid record without Microsoft; badsyntax.test: broken ip4
  { type: 'TXT', name: 'nomicrosoft.test', strings: ['v=spf1 mx ~all'] },
  { type: 'MX', name: 'nomicrosoft.test', exchange: 'mail.nomicrosoft.test', priority: 5 },
  { type: 'A', name: 'mail.nomicrosoft.test', address: '192.0.2.25' },
  {
    type: 'TXT',
    name: 'badsyntax.test',
    strings: ['v=spf1 ip4:300.1.2.3 include:spf.protection.outlook.com -all'],
  },
  // nomx.test exists (a TXT) but has no MX
  { type: 'TXT', name: 'nomx.test', strings: ['hello'] },
  // toomany.test: 11 includes → over the 10-lookup limit
  {
    type: 'TXT',
    name: 'toomany.test',
    // Over 255 bytes, so in two strings, as real long records are.
    strings: [
      `v=spf1 ${Array.from({ length: 6 }, (_, i) => `include:i${i}.toomany.test`).join(' ')}`,
      ` ${Array.from({ length: 5 }, (_, i) => `include:i${i + 6}.toomany.test`).join(' ')} -all`,
    ],
  },
  ...Array.from({ length: 11 }, (_, i): DnsRecord => ({
    type: 'TXT',
    name: `i${i}.toomany.test`,
    strings: ['v=spf1 ?all'],
  })),
  // echo names and reverse DNS
  { type: 'A', name: 'myip.opendns.com', address: SITE },
  { type: 'AAAA', name: 'myip.opendns.com', address: SITE6 },
  { type: 'TXT', name: 'o-o.myaddr.l.google.com', strings: [SITE] },
  { type: 'PTR', name: reverseName(SITE), target: 'mail.contoso.test' },
  { type: 'PTR', name: reverseName(OTHER_WAN), target: 'dsl-198-51-100-9.dynamic.isp.test' },
  // blocklists
  { type: 'A', name: blocklistName('192.0.2.66', 'zen.bl.test'), address: '127.0.0.2' },
  {
    type: 'TXT',
    name: blocklistName('192.0.2.66', 'zen.bl.test'),
    strings: ['Listed in SBL, see https://check.spamhaus.org/'],
  },
  { type: 'A', name: blocklistName('192.0.2.77', 'zen.bl.test'), address: '127.0.0.10' },
  { type: 'A', name: blocklistName('192.0.2.88', 'zen.bl.test'), address: '127.255.255.254' },
]

let dns: DnsServer
let dns6: DnsServer
let client: DnsClient
let echoA: IpEchoServer
let echoB: IpEchoServer
let echoCgnat: IpEchoServer
let closedPort: number
const peers = useScenarioPeers()

beforeAll(async () => {
  dns = await startDnsServer({ records, refuse: [blocklistName('192.0.2.99', 'zen.bl.test')] })
  dns6 = await startDnsServer({ records, host: '::1' })
  client = createDnsClient({ servers: [dns.address], timeoutMs: 1500 })
  echoA = await startIpEchoServer({ v4: SITE, v6: SITE6, tls: peers.pki.leaf })
  echoB = await startIpEchoServer({ v4: OTHER_WAN, format: 'trace', tls: peers.pki.leaf })
  echoCgnat = await startIpEchoServer({ v4: '100.64.12.34' })
  closedPort = await freeTcpPort()
})
afterAll(async () => {
  await Promise.all([
    dns?.close(),
    dns6?.close(),
    echoA?.close(),
    echoB?.close(),
    echoCgnat?.close(),
  ])
})

describe('MX', () => {
  it('Microsoft 365 as the MX: pass, and the endpoint for direct send', async () => {
    const r = await checkMx({ id: 'dns-mx', domain: 'contoso.test' }, client)
    const d = r.data
    expect(r.status).toBe('pass')
    expect(d.m365Endpoint).toBe('contoso-test.mail.protection.outlook.com')
    expect(d.records).toEqual([
      { exchange: 'contoso-test.mail.protection.outlook.com', priority: 0, kind: 'microsoft-365' },
    ])
    expect(r.explanation).toContain('That is the host for direct send and SMTP relay (port 25)')
  })

  it('a third-party filter in front: warns what that means for direct send', async () => {
    const r = await checkMx({ id: 'dns-mx', domain: 'fabrikam.test' }, client)
    const d = r.data
    expect(r.status).toBe('warn')
    expect(d.records.map((x) => [x.exchange, x.kind])).toEqual([
      ['mx1.filter.test', 'other'],
      ['fabrikam-test.mail.protection.outlook.com', 'microsoft-365'],
    ])
    expect(d.m365Endpoint).toBe('fabrikam-test.mail.protection.outlook.com')
    expect(r.explanation).toContain('goes first to mx1.filter.test, not to Microsoft 365')
    expect(r.explanation).toContain('bypasses that filter')
  })

  it('no MX and no such domain are failures with a fix', async () => {
    const none = await checkMx({ id: 'dns-mx', domain: 'nomx.test' }, client)
    expect(none.status).toBe('fail')
    expect(none.explanation).toContain('has no MX record')
    expect(none.fix).toContain('Settings > Domains')
    const missing = await checkMx({ id: 'dns-mx', domain: 'missing.test' }, client)
    expect(missing.status).toBe('fail')
    expect(missing.explanation).toBe('missing.test does not exist in DNS.')
  })
})

describe('SPF record', () => {
  it('joins a record split across strings, finds Microsoft and counts lookups', async () => {
    const r = await checkSpfRecord({ id: 'dns-spf', domain: 'contoso.test' }, client)
    const d = r.data
    expect(d.record).toBe('v=spf1 include:spf.protection.outlook.com -all')
    expect(d.includesMicrosoft).toBe(true)
    expect(d.lookupCount).toBe(1)
    expect(r.status).toBe('pass')
    expect(r.explanation).toContain('1 of 10 DNS lookups')
  })

  it('finds Microsoft 365 through an include chain', async () => {
    const r = await checkSpfRecord({ id: 'dns-spf', domain: 'fabrikam.test' }, client)
    expect(r.data.includesMicrosoft).toBe(true)
    expect(r.data.lookupCount).toBe(2)
    expect(r.status).toBe('pass')
  })

  it('two SPF records: fail, with one merged record to publish', async () => {
    const r = await checkSpfRecord({ id: 'dns-spf', domain: 'twospf.test' }, client)
    expect(r.status).toBe('fail')
    expect(r.data.records).toHaveLength(2)
    expect(r.explanation).toContain('publishes 2 SPF records')
    expect(r.fix).toBe(
      'Replace them with one merged record: v=spf1 include:spf.protection.outlook.com ip4:192.0.2.0/24 -all',
    )
  })

  it('no Microsoft include: warns, with the record to publish', async () => {
    const r = await checkSpfRecord({ id: 'dns-spf', domain: 'nomicrosoft.test' }, client)
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('does not include spf.protection.outlook.com')
    expect(r.fix).toBe('Publish instead: v=spf1 mx include:spf.protection.outlook.com ~all')
  })

  it('a broken ip4 is a permanent error', async () => {
    const r = await checkSpfRecord({ id: 'dns-spf', domain: 'badsyntax.test' }, client)
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('"ip4:300.1.2.3" is not a valid IPv4 address')
  })

  it('more than 10 lookups fails (RFC 7208 §4.6.4)', async () => {
    const r = await checkSpfRecord({ id: 'dns-spf', domain: 'toomany.test' }, client)
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('more than 10 DNS lookups')
  })

  it('no record at all: warns with a record to start from', async () => {
    const r = await checkSpfRecord({ id: 'dns-spf', domain: 'nomx.test' }, client)
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('publishes no SPF record')
    expect(r.fix).toContain('v=spf1 include:spf.protection.outlook.com ~all')
  })
})

function ipEnv(lookup?: PublicIpEnv['lookupFamily']): PublicIpEnv {
  return {
    dns: client,
    deps: { lookup: async () => [], extraCa: [peers.pki.ca.cert] },
    lookupFamily: lookup ?? (async (_h, family) => (family === 4 ? ['127.0.0.1'] : ['::1'])),
  }
}

describe('public IP', () => {
  it('agreeing sources: pass, with the reverse name; IPv4 and IPv6 separately', async () => {
    const r = await checkPublicIp(
      {
        id: 'public-ip',
        sources: [
          echoA.urlName,
          `dns-ip:myip.opendns.com@${dns.address}`,
          `dns-txt:o-o.myaddr.l.google.com@${dns.address}`,
          `dns-ip:myip.opendns.com@${dns6.address}`,
        ],
        timeoutMs: 2000,
        smtpEcho: [],
      },
      ipEnv(),
    )
    const d = r.data
    expect(d.v4).toMatchObject({
      consensus: SITE,
      distinct: [SITE],
      smtpIp: null,
      unsuitable: null,
      reverseDns: ['mail.contoso.test'],
      looksDynamic: false,
    })
    expect(d.v6.consensus).toBe(SITE6)
    expect(
      d.observations
        .filter((o) => o.ip)
        .map((o) => `${o.kind}/${o.family}/${o.ip}`)
        .sort(),
    ).toEqual(
      [
        `dns/4/${SITE}`,
        `dns/4/${SITE}`,
        `dns/6/${SITE6}`,
        `https/4/${SITE}`,
        `https/6/${SITE6}`,
      ].sort(),
    )
    expect(r.status).toBe('pass')
    expect(r.explanation).toBe(
      `This site is seen from ${SITE} over IPv4 (reverse name mail.contoso.test) and ${SITE6} over IPv6 (no reverse name).`,
    )
  })

  it('disagreeing sources and a third address from Exchange Online: the SMTP one wins, flagged', async () => {
    const r = await checkPublicIp(
      {
        id: 'public-ip',
        sources: [echoA.url4, echoB.url4, `dns-ip:myip.opendns.com@${dns.address}`],
        timeoutMs: 2000,
        smtpEcho: [{ source: 'starttls-submission', ip: SMTP_SEEN }],
      },
      ipEnv(),
    )
    const d = r.data
    expect(d.v4.consensus).toBe(SMTP_SEEN)
    expect(d.v4.smtpIp).toBe(SMTP_SEEN)
    expect(new Set(d.v4.distinct)).toEqual(new Set([SITE, OTHER_WAN, SMTP_SEEN]))
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('the sources disagree over IPv4')
    expect(r.explanation).toContain(`Exchange Online (EHLO): ${SMTP_SEEN}`)
    expect(r.fix).toContain(`use the address Exchange Online sees: ${SMTP_SEEN}`)
  })

  it('a carrier-grade NAT address is flagged as unsuitable for a connector', async () => {
    const r = await checkPublicIp(
      { id: 'public-ip', sources: [echoCgnat.url4], timeoutMs: 2000, smtpEcho: [] },
      ipEnv(),
    )
    expect(r.data.v4.unsuitable).toContain('carrier-grade NAT')
    expect(r.status).toBe('warn')
  })

  it('a dynamic-looking reverse name is flagged', async () => {
    const r = await checkPublicIp(
      { id: 'public-ip', sources: [echoB.url4], timeoutMs: 2000, smtpEcho: [] },
      ipEnv(),
    )
    const d = r.data
    expect(d.v4.reverseDns).toEqual(['dsl-198-51-100-9.dynamic.isp.test'])
    expect(d.v4.looksDynamic).toBe(true)
    expect(r.explanation).toContain('looks like a dynamic address pool')
  })

  it('outbound DNS blocked but HTTPS allowed: still finds the address', async () => {
    const r = await checkPublicIp(
      {
        id: 'public-ip',
        sources: [
          echoA.url4,
          `dns-ip:myip.opendns.com@127.0.0.1:${closedPort}`,
          `dns-txt:o-o.myaddr.l.google.com@127.0.0.1:${closedPort}`,
        ],
        timeoutMs: 2000,
        smtpEcho: [],
      },
      ipEnv(),
    )
    const d = r.data
    expect(d.v4.consensus).toBe(SITE)
    expect(d.observations.filter((o) => o.kind === 'dns').map((o) => o.error)).toEqual([
      'ECONNREFUSED',
      'ECONNREFUSED',
    ])
    expect(r.status).toBe('pass')
  })

  it('no source answers: fail (the runner turns it into "offline")', async () => {
    const r = await checkPublicIp(
      {
        id: 'public-ip',
        sources: [
          `https://127.0.0.1:${closedPort}/`,
          `dns-ip:myip.opendns.com@127.0.0.1:${closedPort}`,
        ],
        timeoutMs: 2000,
        smtpEcho: [],
      },
      ipEnv(),
    )
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('No source could tell')
  })
})

describe('SPF verdict', () => {
  it('an address in the record passes', async () => {
    const r = await checkSpfVerdict(
      {
        id: 'spf-verdict',
        domain: 'fabrikam.test',
        ips: [SITE],
        currentRecords: [`v=spf1 ip4:${SITE} include:_spf.fabrikam.test ~all`],
      },
      client,
    )
    expect(r.data.results).toEqual([
      { ip: SITE, family: 4, result: 'pass', comment: expect.any(String) },
    ])
    expect(r.status).toBe('pass')
  })

  it('an address not in a -all record fails, and gets one merged record to publish', async () => {
    const current = ['v=spf1 include:spf.protection.outlook.com -all']
    const r = await checkSpfVerdict(
      { id: 'spf-verdict', domain: 'contoso.test', ips: [SITE, SITE6], currentRecords: current },
      client,
    )
    const d = r.data
    expect(d.results.map((x) => x.result)).toEqual(['fail', 'fail'])
    expect(r.status).toBe('fail')
    expect(d.suggestedRecord).toBe(
      `v=spf1 ip4:${SITE} ip6:${SITE6} include:spf.protection.outlook.com -all`,
    )
    expect(r.fix).toContain('never adding a second')
  })

  it('no public address: skip', async () => {
    const r = await checkSpfVerdict(
      { id: 'spf-verdict', domain: 'contoso.test', ips: [], currentRecords: [] },
      client,
    )
    expect(r.status).toBe('skip')
    expect(r.skipReason).toBe('needs-earlier-check')
  })
})

describe('blocklists', () => {
  const zones = ['zen.bl.test']
  it('not listed: pass', async () => {
    const r = await checkBlocklists({ id: 'blocklists', ips: [SITE], zones }, client)
    expect(r.data.results[0]).toMatchObject({
      state: 'not-listed',
      query: `7.113.0.203.zen.bl.test`,
    })
    expect(r.status).toBe('pass')
  })
  it('listed: fail, with the reason and what it means for direct send and relay', async () => {
    const r = await checkBlocklists({ id: 'blocklists', ips: ['192.0.2.66'], zones }, client)
    const res = r.data.results[0]
    expect(res).toMatchObject({
      state: 'listed',
      codes: ['127.0.0.2'],
      reason: 'Listed in SBL, see https://check.spamhaus.org/',
    })
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('With direct send and SMTP relay')
  })
  it('a policy (PBL-style) listing only: warns', async () => {
    const r = await checkBlocklists(
      { id: 'blocklists', ips: ['192.0.2.77'], zones: ['zen.bl.test'] },
      client,
    )
    expect(r.status).toBe('warn')
  })
  it('a refused query or an error code is unknown, not clean', async () => {
    const refused = await checkBlocklists({ id: 'blocklists', ips: ['192.0.2.99'], zones }, client)
    expect(refused.data.results[0]?.state).toBe('unknown')
    expect(refused.status).toBe('warn')
    expect(refused.explanation).toContain('unknown, not clean')
    const publicResolver = await checkBlocklists(
      { id: 'blocklists', ips: ['192.0.2.88'], zones },
      client,
    )
    expect(publicResolver.data.results[0]).toMatchObject({
      state: 'unknown',
      codes: ['127.255.255.254'],
    })
  })
})

describe('the whole run', () => {
  it('with a domain: MX endpoint from DNS probed on 25, public IP from Exchange Online, SPF verdict, blocklists', async () => {
    const sub = await peers.serve('exchange', { echoIp: SITE })
    const mx = await peers.serve('exchange', { mxMode: true, echoIp: SITE })
    const options = diagnoseOptionsSchema.parse({
      submissionHost: 'localhost',
      submissionPort: sub.port,
      smtpPort: mx.port,
      checkImplicitTls: false,
      checkLegacyTls: false,
      domain: 'contoso.test',
      dnsServer: dns.address,
      publicIpSources: [echoA.url4],
      blocklists: ['zen.bl.test'],
      timeoutMs: 2000,
    })
    const report = await runDiagnose(options, {
      runId: 'run-site-0001',
      deps: { lookup: async () => [], extraCa: [peers.pki.ca.cert] },
    })
    expect(report.offline).toBe(false)
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]))
    // Every check but the two this run turns off, in the order of CHECK_IDS.
    expect(Object.keys(byId)).toEqual(
      CHECK_IDS.filter((id) => id !== 'legacy-tls-submission' && id !== 'reach-implicit-tls'),
    )
    expect(byId['dns-submission-host']?.status).toBe('pass')
    expect(byId['starttls-submission']?.status).toBe('pass')
    expect(byId['reach-mx']?.title).toContain('contoso-test.mail.protection.outlook.com')
    expect(byId['reach-mx']?.status).toBe('pass')
    // The MX name is not on the test certificate: the check says so.
    expect(byId['starttls-mx']?.explanation).toContain(
      'not for contoso-test.mail.protection.outlook.com',
    )
    expect((byId['public-ip']?.data as PublicIpData).v4.smtpIp).toBe(SITE)
    expect(byId['public-ip']?.status).toBe('pass')
    expect(byId['spf-verdict']?.status).toBe('fail')
    expect((byId['spf-verdict']?.data as SpfVerdictData).suggestedRecord).toBe(
      `v=spf1 ip4:${SITE} include:spf.protection.outlook.com -all`,
    )
    expect(byId['blocklists']?.status).toBe('pass')
  })

  it('offline: every check ends quickly as a skip saying so, and the run completes', async () => {
    const dead = `127.0.0.1:${closedPort}`
    const options = diagnoseOptionsSchema.parse({
      domain: 'contoso.test',
      publicIpSources: [`https://127.0.0.1:${closedPort}/`, `dns-ip:myip.opendns.com@${dead}`],
      timeoutMs: 3000,
    })
    // The site's own resolver (standing in for the system's) is silent. A server named with
    // --dns-server that is silent is that server's failure instead (named-dns-server.test.ts).
    const report = await runDiagnose(options, { runId: 'run-site-0002', defaultDnsServer: dead })
    expect(report.cancelled).toBe(false)
    expect(report.offline).toBe(true)
    expect(report.summary.fail).toBe(0)
    expect(report.summary.skip).toBe(report.checks.length)
    for (const c of report.checks) {
      expect(c.explanation).toMatch(/^Offline — run again when the site is online\. \(.*[^.]\.\)$/)
      expect(c.skipReason).toBe('offline')
    }
    expect(report.durationMs).toBeLessThan(3000)
  })
})
