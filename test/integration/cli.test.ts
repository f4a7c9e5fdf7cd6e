/**
 * `scanpath diagnose` end to end: the built command run under plain Node against local peers,
 * as a technician (or a script) would run it. Needs `npm run build` (part of `npm test`).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createJobService } from '../../electron/services/job-service'

import { reverseName, startDnsServer, type DnsRecord, type DnsServer } from '../helpers/dns-server'
import { startIpEchoServer, type IpEchoServer } from '../helpers/ip-echo-server'
import { freeTcpPort } from '../helpers/printer-peers'
import { scanpath } from '../helpers/run-scanpath'
import { startScenarioServer, type ScenarioServer } from '../helpers/scenario-smtp-server'
import { createTestPki, disposeTestPki, type TestPki } from '../helpers/test-pki'

let pki: TestPki
let submission: ScenarioServer
let port25: ScenarioServer
let closed: number

/** For the runs that reach our TLS peers: the built command trusts the test CA. */
const trustTestCa = () => ({ env: { NODE_EXTRA_CA_CERTS: pki.caFile } })

beforeAll(async () => {
  pki = await createTestPki()
  submission = await startScenarioServer({ scenario: 'exchange', pki, echoIp: '203.0.113.7' })
  port25 = await startScenarioServer({
    scenario: 'exchange',
    pki,
    mxMode: true,
    echoIp: '203.0.113.7',
  })
  closed = await freeTcpPort()
})
afterAll(async () => {
  await submission?.close()
  await port25?.close()
  await disposeTestPki()
})

const endpoints = () => [
  '--submission-host',
  '127.0.0.1',
  '--submission-port',
  String(submission.port),
  '--smtp-port',
  String(port25.port),
  '--implicit-tls-port',
  String(closed),
  '--timeout-ms',
  '3000',
  // The public-IP sources default to internet services; the identity checks have their own test.
  '--skip-public-ip',
]

describe('scanpath diagnose', () => {
  it('prints a readable table and exits 0 when nothing failed', async () => {
    const r = await scanpath(['diagnose', ...endpoints()], trustTestCa())
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^STATUS +CHECK +RESULT$/m)
    expect(r.stdout).toMatch(
      new RegExp(`^PASS +Port ${submission.port} \\(client submission\\) on`, 'm'),
    )
    expect(r.stdout).toMatch(
      new RegExp(
        `^PASS +STARTTLS and TLS on 127\\.0\\.0\\.1:${submission.port} +STARTTLS works on 127\\.0\\.0\\.1:${submission.port}: TLSv1\\.3`,
        'm',
      ),
    )
    expect(r.stdout).toMatch(/^PASS +Old TLS 1\.0\/1\.1 clients on/m)
    expect(r.stdout).toMatch(/^PASS +Outbound port \d+ \(SMTP\) to/m)
    expect(r.stdout).toMatch(/^INFO +Port \d+ \(implicit TLS\) on/m)
    expect(r.stdout).toMatch(
      /^PASS +DNS for 127\.0\.0\.1 +127\.0\.0\.1 is an IP address: no DNS lookup is needed\./m,
    )
    expect(r.stdout).toContain('5 passed, 0 warnings, 0 failed, 1 for information')
  })

  it('--json gives the stable machine-readable report', async () => {
    const r = await scanpath(['diagnose', ...endpoints(), '--json'], trustTestCa())
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as {
      tool: string
      schemaVersion: number
      summary: Record<string, number>
      checks: Array<{
        id: string
        status: string
        title: string
        explanation: string
        fix: string | null
        durationMs: number
        data: Record<string, unknown>
      }>
    }
    expect(report.tool).toBe('scanpath')
    expect(report.schemaVersion).toBe(1)
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['dns-submission-host', 'pass'],
      ['reach-submission', 'pass'],
      ['starttls-submission', 'pass'],
      ['legacy-tls-submission', 'pass'],
      ['reach-submission-smtp', 'pass'],
      ['reach-implicit-tls', 'info'],
    ])
    for (const c of report.checks) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining([
          'id',
          'status',
          'title',
          'explanation',
          'fix',
          'durationMs',
          'data',
        ]),
      )
      expect(typeof c.durationMs).toBe('number')
    }
    const tls = report.checks.find((c) => c.id === 'starttls-submission')!.data
    expect(tls).toMatchObject({
      clientIpEchoed: '203.0.113.7',
      authMechanisms: ['LOGIN', 'XOAUTH2'],
      tls: { protocol: 'TLSv1.3', verified: true },
    })
  })

  it('exits 1 and says what to do when a check fails', async () => {
    const args = endpoints()
    args[args.indexOf('--smtp-port') + 1] = String(closed)
    const r = await scanpath(['diagnose', ...args], trustTestCa())
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^FAIL +Outbound port \d+ \(SMTP\) to/m)
    expect(r.stdout).toContain('What to do:')
    expect(r.stdout).toContain('1 failed')
  })

  it('verifies certificates against the system store unless NODE_EXTRA_CA_CERTS adds the CA', async () => {
    const r = await scanpath([
      'diagnose',
      ...endpoints(),
      '--skip-port-25',
      '--skip-465',
      '--skip-legacy-tls',
    ])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^FAIL +STARTTLS and TLS on/m)
    expect(r.stdout).toContain('is not in the trusted store')
  })

  it.each([
    [
      ['diagnose', '--submission-port', '70000'],
      'scanpath: --submission-port must be a port number 1–65535, got 70000',
    ],
    [
      ['diagnose', '--submission-host', 'smtp office365.com'],
      'scanpath: --submission-host contains a space',
    ],
    [['diagnose', '--bogus'], "scanpath: Unknown option '--bogus'"],
    [[], 'scanpath: missing command'],
  ])('usage error %j exits 2 with a clear message', async (args, message) => {
    const r = await scanpath(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr.split('\n')[0]).toContain(message)
    // One line pointing at the help, not the help itself (cli-args.test.ts has every command).
    expect(r.stderr.split('\n')[1]).toMatch(/^Run 'scanpath (diagnose )?--help' for the/)
    expect(r.stderr).not.toContain('Usage:')
  })

  it('--help prints the usage and exits 0', async () => {
    const r = await scanpath(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--submission-host HOST')
    expect(r.stdout).toContain('NODE_EXTRA_CA_CERTS')
  })
})

describe('scanpath diagnose --domain (the site identity checks)', () => {
  let dns: DnsServer
  let echo: IpEchoServer

  beforeAll(async () => {
    const records: DnsRecord[] = [
      { type: 'A', name: 'localhost', address: '127.0.0.1' },
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
        strings: ['v=spf1 include:spf.protection.outlook.com ~all'],
      },
      {
        type: 'TXT',
        name: 'spf.protection.outlook.com',
        strings: ['v=spf1 ip4:40.92.0.0/15 -all'],
      },
      { type: 'PTR', name: reverseName('203.0.113.7'), target: 'gw.contoso.test' },
    ]
    dns = await startDnsServer({ records })
    echo = await startIpEchoServer({ v4: '203.0.113.7', tls: pki.leaf })
  })
  afterAll(async () => {
    await dns?.close()
    await echo?.close()
  })

  const identityArgs = () => [
    'diagnose',
    '--submission-host',
    'localhost',
    '--submission-port',
    String(submission.port),
    '--smtp-port',
    String(port25.port),
    '--skip-465',
    '--skip-legacy-tls',
    '--domain',
    'contoso.test',
    '--dns-server',
    dns.address,
    '--public-ip-source',
    echo.url4,
    '--public-ip-source',
    `dns-ip:myip.opendns.com@127.0.0.1:${closed}`,
    '--blocklist',
    'zen.bl.test',
    '--timeout-ms',
    '3000',
  ]

  it('shows MX, SPF, public IP, SPF verdict and blocklists in the table', async () => {
    const r = await scanpath(identityArgs(), trustTestCa())
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^PASS +MX of contoso\.test +contoso\.test's MX is Microsoft 365/m)
    expect(r.stdout).toMatch(/^PASS +SPF record of contoso\.test/m)
    expect(r.stdout).toMatch(
      /^PASS +Public IP of this site +This site is seen from 203\.0\.113\.7 over IPv4, as Exchange/m,
    )
    expect(r.stdout).toMatch(/^WARN +SPF for this site's address/m)
    expect(r.stdout).toMatch(
      /^ +v=spf1 ip4:203\.0\.113\.7 include:spf\.protection\.outlook\.com ~all$/m,
    )
    expect(r.stdout).toMatch(/^PASS +Blocklists for this/m)
    // The MX endpoint's name is not on the test certificate, so STARTTLS on it fails: exit 1.
    expect(r.stdout).toMatch(/^FAIL +STARTTLS on the tenant MX/m)
    expect(r.code).toBe(1)
  })

  it('--json carries the same checks with their data', async () => {
    const r = await scanpath([...identityArgs(), '--json'], trustTestCa())
    const report = JSON.parse(r.stdout) as {
      checks: Array<{ id: string; status: string; data: Record<string, unknown> }>
    }
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]))
    expect(byId['dns-mx']?.data).toMatchObject({
      m365Endpoint: 'contoso-test.mail.protection.outlook.com',
    })
    expect(byId['public-ip']?.data).toMatchObject({
      v4: { consensus: '203.0.113.7', smtpIp: '203.0.113.7', reverseDns: ['gw.contoso.test'] },
    })
    expect(byId['spf-verdict']?.data).toMatchObject({
      results: [{ ip: '203.0.113.7', result: 'softfail' }],
      suggestedRecord: 'v=spf1 ip4:203.0.113.7 include:spf.protection.outlook.com ~all',
    })
    expect(byId['blocklists']?.data).toMatchObject({
      results: [{ zone: 'zen.bl.test', state: 'not-listed' }],
    })
  })

  it('offline: quick skips saying so, and exit 0 when only skips', async () => {
    // Nothing answers, and no name needs the system's resolver. (A --dns-server that does not
    // answer is that server's failure, not an offline site: cli-args.test.ts.)
    const dead = `127.0.0.1:${closed}`
    const r = await scanpath([
      'diagnose',
      '--submission-host',
      '127.0.0.1',
      '--submission-port',
      String(closed),
      '--smtp-port',
      String(closed),
      '--implicit-tls-port',
      String(closed),
      '--public-ip-source',
      `https://127.0.0.1:${closed}/`,
      '--public-ip-source',
      `dns-ip:myip.opendns.com@${dead}`,
      '--timeout-ms',
      '3000',
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/^FAIL/m)
    // A skipped (here: offline) check prints SKIP; INFO is for a result that only informs.
    expect(r.stdout).toMatch(
      /^SKIP +Port \d+ \(client submission\) on +Offline — run again when the site is online\./m,
    )
    expect(r.stdout).not.toMatch(/^INFO +Port \d+ \(client submission\)/m)
    // Only "DNS for 127.0.0.1" passes: an IP address needs no lookup.
    expect(r.stdout).toMatch(/1 passed, 0 warnings, 0 failed, \d+ for information/)
  })
})

describe('scanpath auth-test / send-test', () => {
  let mail: ScenarioServer
  beforeAll(async () => {
    mail = await startScenarioServer({
      scenario: 'exchange',
      pki,
      users: { 'scanner@contoso.test': 'Sc4n-P@ss' },
    })
  })
  afterAll(async () => {
    await mail?.close()
  })

  const withStdin = (args: string[], stdin: string) => scanpath(args, { stdin, ...trustTestCa() })
  const target = () => [
    '--submission-host',
    'localhost',
    '--submission-port',
    String(mail.port),
    '--timeout-ms',
    '3000',
  ]

  it('signs in with the password from standard input; the password is never printed', async () => {
    const r = await withStdin(
      ['auth-test', '--user', 'scanner@contoso.test', ...target()],
      'Sc4n-P@ss\n',
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /^PASS +Sign-in to localhost:\d+ +The mailbox can sign in from this network/m,
    )
    expect(r.stdout).toContain('~> [redacted]')
    expect(r.stdout + r.stderr).not.toContain('Sc4n-P@ss')
    expect(r.stdout + r.stderr).not.toContain(Buffer.from('Sc4n-P@ss').toString('base64'))
  })

  it('a wrong password: exit 1 and the explanation', async () => {
    const r = await withStdin(
      ['auth-test', '--user', 'scanner@contoso.test', ...target(), '--json'],
      'nope\n',
    )
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout) as { check: { status: string; explanation: string } }
    expect(out.check.status).toBe('fail')
    expect(out.check.explanation).toContain('535 5.7.3')
  })

  it('send-test sends and shows the queue answer', async () => {
    const r = await withStdin(
      ['send-test', '--user', 'scanner@contoso.test', '--to', 'helpdesk@contoso.test', ...target()],
      'Sc4n-P@ss\n',
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('250 2.6.0 Queued mail for delivery')
  })

  it.each([
    [
      ['auth-test', '--user', 'scanner@contoso.test', '--password', 'x'],
      '--password is not accepted: a secret on the command line ends up in shell history',
    ],
    [['auth-test'], '--user is required'],
    [['auth-test', '--user', 'scanner'], '--user is not an email address'],
    [['send-test', '--user', 'scanner@contoso.test'], '--to is required'],
    [
      ['send-test', '--user', 'scanner@contoso.test', '--to', 'a@b'],
      '--to has "b" after @, which is not a domain name',
    ],
  ])('usage error %j', async (args, message) => {
    const r = await withStdin(args, '')
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')[0]).toContain(message)
  })

  it('an empty secret on standard input is refused before anything is sent', async () => {
    const r = await withStdin(['auth-test', '--user', 'scanner@contoso.test', ...target()], '\n')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('no password given')
  })
})

describe('scanpath report', () => {
  it('writes the PDF and JSON of a job from the data folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scanpath-cli-report-'))
    try {
      const jobs = await createJobService({ dataDir: dir })
      const job = await jobs.create()
      await jobs.save({
        ...job,
        customer: 'Contoso Ltd',
        site: 'Leeds office',
        domain: 'contoso.com',
        technician: 'Sam',
      })
      const pdf = join(dir, 'out.pdf')
      const json = join(dir, 'out.json')
      const r = await scanpath(['report', job.id, '--data-dir', dir, '--pdf', pdf, '--json', json])
      expect(r.code).toBe(0)
      expect(r.stderr).toContain(`Wrote ${pdf}`)
      const report = JSON.parse(await readFile(json, 'utf8')) as {
        kind: string
        schemaVersion: number
        verdict: { status: string }
      }
      expect(report).toMatchObject({
        kind: 'scanpath-job-report',
        schemaVersion: 1,
        verdict: { status: 'not-checked' },
      })
      expect((await readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-')
      const missing = await scanpath(['report', 'no-such-job-1', '--data-dir', dir, '--json', json])
      expect(missing.code).not.toBe(0)
      expect(missing.stderr).toContain('no-such-job-1')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
