/**
 * The runner: every check starts at once, results stream as they land, a hanging check does not
 * hold up the others, and cancel ends the run cleanly.
 */
import { describe, expect, it } from 'vitest'

import { planChecks } from '../../electron/probes/check-plan'
import { runDiagnose } from '../../electron/probes/runner'
import { CHECK_IDS } from '../../shared/check-results'
import { diagnoseOptionsSchema } from '../../shared/schemas/diagnose-options'
import type { ProbeProgress } from '../../shared/probe-types'
import { type ScenarioName } from '../helpers/scenario-smtp-server'
import { useScenarioPeers } from '../helpers/scenario-peers'

const peers = useScenarioPeers()
const serve = (scenario: ScenarioName, mxMode = false) => peers.serve(scenario, { mxMode })

describe('planChecks', () => {
  it('plans the Microsoft 365 defaults, and the MX checks only when an MX is given', () => {
    const plain = planChecks(diagnoseOptionsSchema.parse({}))
    // Every check but those of a customer domain and its MX, in the order of CHECK_IDS.
    const ofDomainOrMx = ['dns-mx', 'dns-spf', 'reach-mx', 'starttls-mx', 'spf-verdict']
    expect(plain.map((c) => c.id)).toEqual(CHECK_IDS.filter((id) => !ofDomainOrMx.includes(id)))
    expect(plain.map((c) => c.title)).toContain(
      'Port 587 (client submission) on smtp.office365.com',
    )
    const withMx = planChecks(
      diagnoseOptionsSchema.parse({
        mxHost: 'contoso-com.mail.protection.outlook.com',
        checkImplicitTls: false,
        checkLegacyTls: false,
        checkPort25: false,
        checkPublicIp: false,
      }),
    )
    expect(withMx.map((c) => c.id)).toEqual([
      'dns-submission-host',
      'reach-submission',
      'starttls-submission',
      'reach-mx',
      'starttls-mx',
    ])
    const withDomain = planChecks(
      diagnoseOptionsSchema.parse({ domain: 'contoso.com', checkBlocklists: false }),
    )
    // Every check but the blocklists, in the order of CHECK_IDS.
    expect(withDomain.map((c) => c.id)).toEqual(CHECK_IDS.filter((id) => id !== 'blocklists'))
    expect(withDomain.find((c) => c.id === 'reach-mx')?.title).toBe(
      'Port 25 on the tenant MX (from DNS)',
    )
    expect(withMx.find((c) => c.id === 'starttls-mx')?.title).toBe(
      'STARTTLS on the tenant MX contoso-com.mail.protection.outlook.com:25',
    )
  })
})

describe('runDiagnose', () => {
  it('runs every check, streams results, and a hanging port does not hold up the others', async () => {
    const sub = await serve('exchange')
    const slow = await serve('greeting-never') // the "port 25" here never greets
    const mx = await serve('exchange', true)
    const events: ProbeProgress[] = []
    const options = diagnoseOptionsSchema.parse({
      checkPublicIp: false,
      submissionHost: 'localhost',
      submissionPort: sub.port,
      smtpPort: slow.port,
      implicitTlsPort: sub.port,
      timeoutMs: 1500,
    })
    const report = await runDiagnose(options, {
      runId: 'run-aaaa-0001',
      deps: peers.deps,
      onProgress: (p) => events.push(p),
    })

    expect(events[0]).toMatchObject({ kind: 'started', runId: 'run-aaaa-0001' })
    const started = events[0] as Extract<ProbeProgress, { kind: 'started' }>
    expect(started.checks.map((c) => c.id)).toEqual(report.checks.map((c) => c.id))
    expect(events.at(-1)).toEqual({ kind: 'finished', runId: 'run-aaaa-0001', report })
    const order = events
      .filter((e) => e.kind === 'result')
      .map((e) => (e.kind === 'result' ? e.result.id : ''))
    expect(order).toHaveLength(6)
    // The check stuck on the silent port lands last; everything else was already reported.
    expect(order.at(-1)).toBe('reach-submission-smtp')

    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]))
    expect(byId['reach-submission']?.status).toBe('pass')
    expect(byId['starttls-submission']?.status).toBe('pass')
    expect(byId['legacy-tls-submission']?.status).toBe('pass')
    expect(byId['reach-submission-smtp']?.status).toBe('fail')
    expect(byId['reach-implicit-tls']?.status).toBe('info')
    expect(report.summary).toEqual({ pass: 4, warn: 0, fail: 1, info: 1, skip: 0 })
    expect(report.cancelled).toBe(false)
    // All at once: the run takes about as long as its slowest check, not the sum.
    const slowest = Math.max(...report.checks.map((c) => c.durationMs))
    const sum = report.checks.reduce((n, c) => n + c.durationMs, 0)
    expect(report.durationMs).toBeLessThan(slowest + 1000)
    expect(sum).toBeGreaterThan(slowest)
    void mx
  })

  it('probes the tenant MX on the SMTP port when one is given', async () => {
    const sub = await serve('exchange')
    const mx = await serve('exchange', true)
    const options = diagnoseOptionsSchema.parse({
      checkPublicIp: false,
      submissionHost: 'localhost',
      submissionPort: sub.port,
      smtpPort: mx.port,
      mxHost: 'localhost',
      checkImplicitTls: false,
      checkLegacyTls: false,
      timeoutMs: 1500,
    })
    const report = await runDiagnose(options, { runId: 'run-aaaa-0002', deps: peers.deps })
    const ids = report.checks.map((c) => `${c.id}:${c.status}`)
    expect(ids).toEqual([
      'dns-submission-host:pass',
      'reach-submission:pass',
      'starttls-submission:pass',
      'reach-submission-smtp:pass',
      'reach-mx:pass',
      'starttls-mx:pass',
    ])
  })

  it('cancel ends every check at once; the report says so', async () => {
    const silent = await serve('greeting-never')
    const options = diagnoseOptionsSchema.parse({
      checkPublicIp: false,
      submissionHost: 'localhost',
      submissionPort: silent.port,
      smtpPort: silent.port,
      checkImplicitTls: false, // a bare TCP connect, done before the cancel comes
      timeoutMs: 60_000,
    })
    const controller = new AbortController()
    const events: ProbeProgress[] = []
    const running = runDiagnose(options, {
      runId: 'run-aaaa-0003',
      deps: peers.deps,
      signal: controller.signal,
      onProgress: (p) => {
        events.push(p)
        if (p.kind === 'started') setTimeout(() => controller.abort(), 150)
      },
    })
    const report = await running
    expect(report.cancelled).toBe(true)
    expect(report.durationMs).toBeLessThan(5000)
    // The DNS lookup (injected here) is done before the cancel comes; everything else was cut short.
    for (const c of report.checks.filter((x) => x.id !== 'dns-submission-host')) {
      expect(c.status).toBe('skip')
      expect(c.skipReason).toBe('cancelled')
      expect(c.explanation).toBe('Cancelled.')
    }
    expect(events.at(-1)?.kind).toBe('finished')
  })

  it('a run cancelled before it starts runs nothing', async () => {
    const controller = new AbortController()
    controller.abort()
    const report = await runDiagnose(
      diagnoseOptionsSchema.parse({
        submissionHost: 'localhost',
        submissionPort: 9,
        checkPublicIp: false,
      }),
      {
        runId: 'run-aaaa-0004',
        deps: {
          lookup: async () => {
            throw new Error('must not resolve')
          },
        },
        signal: controller.signal,
      },
    )
    expect(report.cancelled).toBe(true)
    expect(
      report.checks.every(
        (c) =>
          c.status === 'skip' &&
          c.skipReason === 'cancelled' &&
          c.explanation === 'Cancelled before it ran.',
      ),
    ).toBe(true)
  })
})
