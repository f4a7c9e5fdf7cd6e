/**
 * The report when the technician took the "relay at this site" way out: the relay is recorded in
 * the method section (address, port, TLS mode, status), its plan is the checklist, its device step
 * the settings, and the JSON still fits report.schema.json.
 */
import { describe, expect, it } from 'vitest'

import type { Job } from '../../../../shared/job-types'
import { buildReport } from '../../../../shared/report/build-report'
import { jobSiteRelayPlan } from '../../../../shared/report/job-derive'
import { siteRelayLines } from '../../../../shared/report/site-relay-report'
import { reportSchemaErrors } from '../../../helpers/report-schema-check'
import { siteRelayJob } from '../../../helpers/site-relay-job'

const OPTS = { generatedAt: '2026-12-05T10:05:00.000Z', appVersion: '0.1.0-test' }

const relayJob = siteRelayJob

function ticked(job: Job): Job {
  const plan = jobSiteRelayPlan(job) ?? []
  return {
    ...job,
    checklist: Object.fromEntries(plan.map((s) => [s.id, { done: true, note: '' }])),
  }
}

describe('report with ScanPath Relay at the site', () => {
  it('records the relay in the method section, and no Microsoft 365 method as chosen', () => {
    const r = buildReport(relayJob(), OPTS)
    expect(r.method.chosen).toBeNull()
    expect(r.method.siteRelay).toEqual({
      title: 'ScanPath Relay at this site',
      address: '192.168.1.20',
      port: 2525,
      tlsMode: 'starttls',
      status: 'not-started',
      stepsDone: 0,
      stepsTotal: 8,
    })
    expect(reportSchemaErrors(r)).toEqual([])
  })

  it("lists the relay plan as the checklist and its device step as the device's settings", () => {
    const r = buildReport(relayJob(), OPTS)
    expect(r.checklist.filter((c) => c.inPlan).map((c) => c.stepId)).toEqual(
      (jobSiteRelayPlan(relayJob()) ?? []).map((s) => s.id),
    )
    expect(r.settings.map((s) => [s.key, s.value])).toEqual([
      ['server', '192.168.1.20'],
      ['port', '2525'],
      ['security', 'STARTTLS (TLS)'],
      ['authentication', 'Off'],
      ['fromAddress', 'scanner@contoso.com'],
    ])
    expect(r.admin.powershell).toContain(
      'Set-CASMailbox -Identity scanner@contoso.com -SmtpClientAuthenticationDisabled $false',
    )
  })

  it('no longer calls the dead end an open issue; the verdict follows the relay setup', () => {
    const open = buildReport(relayJob(), OPTS)
    expect(open.openIssues.map((i) => i.kind)).not.toContain('no-method')
    expect(open.verdict.status).toBe('needs-attention')
    expect(open.verdict.headline).toContain('192.168.1.20:2525')
    expect(open.verdict.headline).toContain('0 of 8 steps done')

    const done = buildReport(ticked(relayJob()), OPTS)
    expect(done.method.siteRelay?.status).toBe('set-up')
    // Every step done, but the site checks never ran: that is still said.
    expect(done.openIssues.map((i) => i.kind)).toEqual(['checks-not-run'])
    expect(done.verdict).toEqual({
      status: 'needs-attention',
      headline:
        'Needs attention: the device sends through ScanPath Relay at this site (192.168.1.20:2525); 1 issue below.',
    })
    const half = relayJob()
    half.checklist = { 'relay-machine': { done: true, note: '' } }
    expect(buildReport(half, OPTS).method.siteRelay?.status).toBe('in-progress')
  })

  it('says when the relay address is not typed yet, and the TLS mode the device allows', () => {
    const j = relayJob({
      siteRelay: { address: '', port: 25 },
      device: {
        ...relayJob().device,
        capabilityAnswers: { starttls587: 'no', starttls25: 'no', oauthM365: 'no' },
      },
    })
    const r = buildReport(j, OPTS)
    expect(r.method.siteRelay?.tlsMode).toBe('none')
    const lines = siteRelayLines(r.method.siteRelay!)
    expect(lines[0]).toEqual({ label: 'Address', text: '(address not typed yet), port 25' })
    expect(lines[1]?.text).toMatch(/^none: the device sends in plain text/)
    expect(reportSchemaErrors(r)).toEqual([])
  })

  it('the schema refuses a relay record that is not one', () => {
    const r = buildReport(relayJob(), OPTS)
    const bad = (patch: Record<string, unknown>) =>
      reportSchemaErrors({
        ...r,
        method: { ...r.method, siteRelay: { ...r.method.siteRelay, ...patch } },
      })
    expect(bad({ tlsMode: 'tls' })).toEqual([
      '$.method.siteRelay.tlsMode: "tls" not in ["starttls","starttls-required","none"]',
    ])
    expect(bad({ port: 70000 })).toEqual(['$.method.siteRelay.port: above maximum'])
    expect(bad({ password: 'x' })).toEqual(['$.method.siteRelay: unexpected password'])
  })

  it('is absent when no relay is chosen, and choosing a method leaves it out', () => {
    const r = buildReport(relayJob({ siteRelay: null }), OPTS)
    expect(r.method.siteRelay).toBeUndefined()
    expect(r.verdict.status).toBe('blocked')
    expect(r.openIssues.map((i) => i.kind)).toContain('no-method')
  })
})

describe('a device capture in a relay job', () => {
  const capture = (status: 'ok' | 'fail') => ({
    at: '2026-12-05T09:00:00.000Z',
    deviceAddress: '192.168.1.50',
    ehloName: 'mfp',
    transport: 'implicit-tls' as const,
    tlsProtocol: 'TLSv1.2',
    tlsCipher: null,
    authMechanisms: [],
    username: null,
    summary: 'It sent over implicit TLS.',
    verdicts: [
      {
        method: 'direct-send-relay' as const,
        status,
        findings: ['Implicit TLS (the 465 kind): the relay offers STARTTLS only.'],
      },
    ],
  })

  it("is judged by the relay's verdict: a failing one is an open issue", () => {
    const failing = buildReport(relayJob({ captures: [capture('fail')] }), OPTS)
    expect(failing.openIssues.map((i) => i.kind)).toContain('capture-failed')
    expect(failing.openIssues.find((i) => i.kind === 'capture-failed')?.text).toContain(
      'Implicit TLS',
    )
    const fine = buildReport(relayJob({ captures: [capture('ok')] }), OPTS)
    expect(fine.openIssues.map((i) => i.kind)).not.toContain('capture-failed')
  })
})
