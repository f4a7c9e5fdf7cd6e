/**
 * `scanpath diagnose` end to end: the built command run under plain Node against local peers,
 * as a technician (or a script) would run it. Needs `npm run build` (part of `npm test`).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startScenarioServer, type ScenarioServer } from '../helpers/scenario-smtp-server'
import { createTestPki, type TestPki } from '../helpers/test-pki'

const root = join(__dirname, '..', '..')
const bin = join(root, 'bin', 'scanpath.cjs')

let pki: TestPki
let submission: ScenarioServer
let port25: ScenarioServer
let closed: number

interface Run {
  code: number
  stdout: string
  stderr: string
}

function scanpath(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  const env = { ...process.env, NO_COLOR: '1', ...extraEnv }
  delete (env as Record<string, string | undefined>)['NODE_EXTRA_CA_CERTS']
  Object.assign(env, extraEnv)
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env, timeout: 30_000 },
      (error, stdout, stderr) => {
        // execFile reports a non-zero exit as an error whose `code` is the exit status.
        const code: unknown = error ? (error as { code?: unknown }).code : 0
        resolve({ code: typeof code === 'number' ? code : -1, stdout, stderr })
      },
    )
  })
}

beforeAll(async () => {
  if (!existsSync(join(root, 'out', 'main', 'cli.js'))) {
    throw new Error('out/main/cli.js is missing: run "npm run build" first (npm test does it)')
  }
  pki = await createTestPki()
  submission = await startScenarioServer({ scenario: 'exchange', pki, echoIp: '203.0.113.7' })
  port25 = await startScenarioServer({ scenario: 'exchange', pki, mxMode: true })
  const srv = net.createServer().listen(0, '127.0.0.1')
  await new Promise((r) => srv.once('listening', r))
  closed = (srv.address() as net.AddressInfo).port
  await new Promise((r) => srv.close(r))
})
afterAll(async () => {
  await submission?.close()
  await port25?.close()
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
    const r = await scanpath(['diagnose', ...endpoints()], { NODE_EXTRA_CA_CERTS: pki.caFile })
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
    expect(r.stdout).toContain('4 passed, 0 warnings, 0 failed, 1 for information')
  })

  it('--json gives the stable machine-readable report', async () => {
    const r = await scanpath(['diagnose', ...endpoints(), '--json'], {
      NODE_EXTRA_CA_CERTS: pki.caFile,
    })
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
      ['reach-submission', 'pass'],
      ['starttls-submission', 'pass'],
      ['legacy-tls-submission', 'pass'],
      ['reach-submission-smtp', 'pass'],
      ['reach-implicit-tls', 'skip'],
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
    const r = await scanpath(['diagnose', ...args], { NODE_EXTRA_CA_CERTS: pki.caFile })
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
      'scanpath: --submission-port must be between 1 and 65535',
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
    expect(r.stderr).toContain('Usage: scanpath diagnose [options]')
  })

  it('--help prints the usage and exits 0', async () => {
    const r = await scanpath(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--submission-host HOST')
    expect(r.stdout).toContain('NODE_EXTRA_CA_CERTS')
  })
})
