import { describe, expect, it } from 'vitest'

import { CATALOG } from '../../../shared/catalog'
import type { MethodId } from '../../../shared/decision/types'
import type { CaptureRecord, Job } from '../../../shared/job-types'
import type { CheckResult } from '../../../shared/probe-types'
import { buildReport, verifyOutcomeLine } from '../../../shared/report/build-report'
import type { JobReport, ReportAdminField } from '../../../shared/report/report-model'
import schema from '../../../shared/report/report.schema.json'
import { CONFIG_FIELD_KEYS } from '../../helpers/config-field-keys'
import { reportSchemaErrors, validate } from '../../helpers/report-schema-check'
import {
  isSignInResult,
  reachTimedOut,
  reportJobFixture,
  siteChecksFixture,
  SPF_SUGGESTED,
} from '../../helpers/report-job-fixture'

const OPTS = { generatedAt: '2026-03-14T10:05:00.000Z', appVersion: '0.1.0-test' }

const schemaErrors = (report: JobReport): string[] => reportSchemaErrors(report)

// --- helpers --------------------------------------------------------------------------------------

function tickAll(job: Job): Job {
  const report = buildReport(job, OPTS)
  const checklist = { ...job.checklist }
  for (const item of report.checklist)
    checklist[item.stepId] = { done: true, note: checklist[item.stepId]?.note ?? '' }
  return { ...job, checklist }
}

function withChecks(job: Job, keep: (c: CheckResult) => CheckResult | null): Job {
  const last = siteChecksFixture()
  const checks = last.checks.map(keep).filter((c): c is CheckResult => c !== null)
  return { ...job, lastReport: { ...last, checks } }
}

const allPass = (c: CheckResult): CheckResult | null => {
  if (isSignInResult(c)) return null
  if (c.status === 'pass') return c
  // A passing SPF verdict suggests nothing.
  if (c.id === 'spf-verdict')
    return { ...c, status: 'pass', fix: null, data: c.data && { ...c.data, suggestedRecord: null } }
  return { ...c, status: 'pass', fix: null }
}

// --- tests ------------------------------------------------------------------------------------------

describe('buildReport', () => {
  it('carries the job, the device, the technician and the timestamps', () => {
    const r = buildReport(reportJobFixture(), OPTS)
    expect(r.schemaVersion).toBe(1)
    expect(r.kind).toBe('scanpath-job-report')
    expect(r.generatedAt).toBe(OPTS.generatedAt)
    expect(r.appVersion).toBe('0.1.0-test')
    expect(r.job.customer).toBe('Contoso Dental Care')
    expect(r.technician).toBe('Alex Dupont')
    expect(r.device).toEqual({
      familyId: 'ricoh-im-series-smart-operation-panel',
      familyName: expect.stringContaining('Ricoh'),
      model: 'IM C3000',
      firmware: '1.12',
      address: '192.168.10.42',
      serial: 'C3X0123456',
    })
    expect(r.timestamps).toEqual({
      jobCreatedAt: '2026-03-14T08:55:00.000Z',
      jobUpdatedAt: '2026-03-14T10:02:00.000Z',
      checksStartedAt: '2026-03-14T09:12:03.000Z',
    })
    expect(r.checks?.items.map((c) => c.id)).toContain('spf-verdict')
    expect(r.checks?.items.find((c) => c.id === 'starttls-submission')?.phases).toHaveLength(6)
  })

  it("reports the technician's method with its reasons and the alternatives with their blockers", () => {
    const r = buildReport(reportJobFixture(), OPTS)
    expect(r.method.chosen?.id).toBe('smtp-relay')
    expect(r.method.chosen?.source).toBe('technician')
    expect(r.method.chosen?.reasons.length).toBeGreaterThan(0)
    expect(r.method.summary).not.toBe('')
    const direct = r.method.alternatives.find((a) => a.id === 'direct-send')
    expect(direct?.viable).toBe(false)
    expect(direct?.blockers[0]?.fact).toBe('answers.externalRecipients')
    expect(r.method.alternatives.map((a) => a.id)).not.toContain('smtp-relay')
  })

  it('lists the settings to type on the device, with the device labels', () => {
    const r = buildReport(reportJobFixture(), OPTS)
    const byKey = Object.fromEntries(r.settings.map((s) => [s.key, s]))
    expect(byKey['server']?.value).toBe('contoso-dental-example.mail.protection.outlook.com')
    expect(byKey['server']?.label).toBe('SMTP Server Name')
    expect(byKey['port']?.value).toBe('25')
    expect(byKey['fromAddress']?.value).toBe('scanner@contoso-dental.example')
    // A Copy button only for what someone types elsewhere: not for a choice like the security.
    expect(byKey['server']?.copy).toBe(true)
    expect(byKey['port']?.copy).toBe(true)
    expect(byKey['security']?.copy).toBe(false)
  })

  it('explains every refusal a server sent, and marks the expected ones', () => {
    const r = buildReport(reportJobFixture(), OPTS)
    const auth = r.replies.find((x) => x.code === 535)
    expect(auth).toMatchObject({
      enhanced: '5.7.139',
      gate: 'tenant-smtp-auth-disabled',
      checkIds: ['auth-submission'],
      expected: false,
    })
    expect(auth?.meaning).toMatch(/SMTP AUTH/)
    expect(auth?.fix).not.toBe('')
    // The job names the mailbox, so the admin's line needs no editing.
    expect(auth?.powershell).toContain('scanner@contoso-dental.example')
    // 421 4.7.66 to the old-TLS probe is what that check wants: explained, but not a to-do.
    const legacy = r.replies.find((x) => x.code === 421)
    expect(legacy?.gate).toBe('legacy-tls')
    expect(legacy?.expected).toBe(true)
    // Positive replies (220 banners, 250 EHLO, 334 challenges) are not listed.
    expect(r.replies.every((x) => x.code >= 400)).toBe(true)
    expect(r.replies).toHaveLength(2)
  })

  it('gives the tenant admin the SPF record and the connector settings', () => {
    const r = buildReport(reportJobFixture(), OPTS)
    expect(r.admin.spf).toEqual({
      domain: 'contoso-dental.example',
      currentRecord: 'v=spf1 include:spf.protection.outlook.com -all',
      suggestedRecord: SPF_SUGGESTED,
      recordToPublish: SPF_SUGGESTED,
    })
    expect(r.admin.connector).toContainEqual({ label: 'IP address', value: '203.0.113.7' })
    expect(r.admin.steps.map((s) => s.id)).toEqual(['admin-connector', 'admin-spf'])
    // Client submission: the admin's PowerShell line for the mailbox, no connector.
    const sub = buildReport({ ...reportJobFixture(), method: 'client-submission-oauth' }, OPTS)
    expect(sub.admin.connector).toBeNull()
    expect(sub.admin.powershell).toEqual([
      'Set-CASMailbox -Identity scanner@contoso-dental.example -SmtpClientAuthenticationDisabled $false',
    ])
  })

  it("keys the admin's values by what they are: PowerShell lines, the SPF record, the connector", () => {
    const relay = buildReport(reportJobFixture(), OPTS)
    const keys = (r: JobReport) => r.admin.steps.map((s) => [s.id, s.fields.map((f) => f.key)])
    expect(keys(relay)).toEqual([
      [
        'admin-connector',
        ['connector-from', 'connector-to', 'connector-identify-by', 'connector-ip'],
      ],
      ['admin-spf', ['spf-record']],
    ])
    const basic = buildReport(
      { ...reportJobFixture(), method: 'client-submission-basic', answers: {} },
      OPTS,
    )
    expect(keys(basic)).toEqual([
      ['admin-smtp-auth', ['powershell']],
      ['admin-basic-auth', ['powershell']],
    ])
    expect(basic.admin.powershell).toEqual(
      basic.admin.steps.flatMap((s) => s.fields.map((f) => f.value)),
    )
  })

  it('names each device setting by its key, also where a device gives two settings one label', () => {
    for (const family of CATALOG)
      for (const method of ['smtp-relay', 'client-submission-basic'] as const) {
        const device = { ...reportJobFixture().device, familyId: family.id }
        const r = buildReport({ ...reportJobFixture(), device, method, answers: {} }, OPTS)
        const keys = r.settings.map((s) => s.key)
        expect(keys, `${family.id} ${method}`).not.toContain(null)
        expect(new Set(keys).size, `${family.id} ${method}`).toBe(keys.length)
      }
    // The Xerox WorkCentre's "Address: Port" field holds the server and the port.
    const xerox = buildReport(
      {
        ...reportJobFixture(),
        device: { ...reportJobFixture().device, familyId: 'xerox-workcentre-centreware' },
      },
      OPTS,
    )
    expect(xerox.settings.slice(0, 2)).toMatchObject([
      { key: 'server', label: 'Address: Port' },
      { key: 'port', label: 'Address: Port', value: '25' },
    ])
  })

  it('keeps the checklist ticks and notes, with titles from the plan', () => {
    const r = buildReport(reportJobFixture(), OPTS)
    expect(r.checklist.find((c) => c.stepId === 'smtp-server')).toMatchObject({
      title: 'Enter the SMTP server (the tenant MX endpoint)',
      done: true,
      note: 'Needed a reboot after saving (firmware 1.12)',
      inPlan: true,
    })
    expect(r.checklist.find((c) => c.stepId === 'admin-connector')?.done).toBe(false)
    // A note written under another method's plan is kept, marked as such.
    const job = reportJobFixture()
    job.checklist['oauth-sign-in'] = { done: true, note: 'Signed in on the panel' }
    const kept = buildReport(job, OPTS).checklist.find((c) => c.stepId === 'oauth-sign-in')
    expect(kept).toMatchObject({ inPlan: false, note: 'Signed in on the panel' })
  })

  it('keeps the Verify outcome as its own line, never as a checklist row (issue 15)', () => {
    const job = reportJobFixture()
    const at = '2026-12-05T09:12:40.000Z'
    job.verifyOutcome = {
      passed: true,
      text: 'Signed in as scanner@contoso.com and sent a test.',
      at,
    }
    job.checklist['oauth-sign-in'] = { done: true, note: 'Signed in on the panel' }
    const r = buildReport(job, OPTS)
    expect(r.checklist.map((c) => c.stepId)).not.toContain('verify')
    expect(r.checklist.map((c) => c.title)).not.toContain('verify')
    expect(r.verifyOutcome).toEqual({
      passed: true,
      text: 'Signed in as scanner@contoso.com and sent a test.',
      at,
    })
    expect(verifyOutcomeLine({ passed: true, text: 'Signed in.', at })).toBe(
      'Verified (2026-12-05 09:12 UTC): Signed in.',
    )
    expect(verifyOutcomeLine({ passed: false, text: '535 5.7.139.', at })).toBe(
      'The last Verify test failed (2026-12-05 09:12 UTC): 535 5.7.139.',
    )
    // A report saved before outcomes had a time prints none.
    expect(verifyOutcomeLine({ passed: true, text: 'Signed in.' })).toBe('Verified: Signed in.')
    // No outcome kept (or an empty one): null, and no line.
    expect(buildReport(reportJobFixture(), OPTS).verifyOutcome).toBeNull()
    job.verifyOutcome = { passed: false, text: '', at }
    expect(buildReport(job, OPTS).verifyOutcome).toBeNull()
  })

  it('lists open issues: failed and warning checks, unticked steps', () => {
    const r = buildReport(reportJobFixture(), OPTS)
    const kinds = r.openIssues.map((i) => `${i.kind}:${i.ref}`)
    expect(kinds).toContain('check-failed:auth-submission')
    expect(kinds).toContain('check-failed:spf-verdict')
    expect(kinds).toContain('check-warning:dns-spf')
    expect(kinds).toContain('step-open:admin-connector')
    expect(kinds).not.toContain('step-open:smtp-server')
    expect(r.openIssues.find((i) => i.ref === 'admin-connector')?.text).toContain(
      'Sent to Jane (IT) on 14 March',
    )
  })
})

describe('verdict rules', () => {
  it('needs-attention when a check failed or a step is open, and says how many', () => {
    const r = buildReport(reportJobFixture(), OPTS)
    expect(r.verdict.status).toBe('needs-attention')
    expect(r.verdict.headline).toMatch(/2 failed checks/)
    expect(r.verdict.headline).toMatch(/1 warning/)
    expect(r.verdict.headline).toMatch(/steps not done/)
  })

  it('ready when every check passed and every step is ticked', () => {
    const job = tickAll(withChecks(reportJobFixture(), allPass))
    const r = buildReport(job, OPTS)
    expect(r.openIssues).toEqual([])
    expect(r.verdict.status).toBe('ready')
    expect(r.verdict.headline).toMatch(/^Ready: SMTP relay through a connector/)
  })

  it('needs-attention when only a step is open', () => {
    const job = withChecks(reportJobFixture(), allPass)
    expect(buildReport(job, OPTS).verdict.status).toBe('needs-attention')
  })

  it('not-checked without site checks, offline, or with every check skipped', () => {
    const none = buildReport(tickAll({ ...reportJobFixture(), lastReport: null }), OPTS)
    expect(none.verdict.status).toBe('not-checked')
    expect(none.checks).toBeNull()
    expect(none.openIssues.map((i) => i.kind)).toContain('checks-not-run')

    const last = siteChecksFixture()
    const offline = buildReport(
      tickAll({ ...reportJobFixture(), lastReport: { ...last, offline: true } }),
      OPTS,
    )
    expect(offline.verdict.status).toBe('not-checked')

    const skipped = withChecks(reportJobFixture(), (c) => ({ ...c, status: 'skip', data: null }))
    expect(buildReport(skipped, OPTS).verdict.status).toBe('not-checked')
  })

  it('blocked when no method can work', () => {
    // Ports 25 and 587 closed: nothing can reach Microsoft 365 from here.
    const closed = (c: CheckResult): CheckResult => reachTimedOut(c, 'fail')
    const job = withChecks(reportJobFixture(), closed)
    const r = buildReport(job, OPTS)
    expect(r.verdict.status).toBe('blocked')
    expect(r.method.chosen).toBeNull()
    expect(r.settings).toEqual([])
    expect(r.openIssues[0]?.kind).toBe('no-method')
    expect(r.method.pickBlocked?.id).toBe('smtp-relay')
    expect(r.method.pickBlocked?.blockers.map((b) => b.fact)).toContain('site.port25')
    // Never a dead end: the ways out, each with what it takes and its sources.
    const ways = r.method.waysOut ?? []
    expect(ways.length).toBeGreaterThan(1)
    expect(ways.at(-1)?.id).toBe('replace-device')
    for (const w of ways) {
      expect(w.takes.length).toBeGreaterThan(0)
      expect(w.sources.length).toBeGreaterThan(0)
    }
    expect(r.openIssues[0]?.fix).toContain(`or take a way out (best here: ${ways[0]!.title}`)
  })

  it('carries no ways out when a method fits', () => {
    expect(buildReport(reportJobFixture(), OPTS).method.waysOut).toEqual([])
  })

  it('writes the port the decision chose: 25 for a device that submits on 25 only', () => {
    const base = reportJobFixture()
    const job: Job = {
      ...base,
      method: 'client-submission-basic',
      answers: { ...base.answers, mfaOrSecurityDefaults: 'no', basicAuthBlocked: 'no' },
      device: {
        ...base.device,
        capabilityAnswers: { starttls587: 'no', starttls25: 'yes', smtpAuth: 'yes', tls12: 'yes' },
      },
    }
    const r = buildReport(job, OPTS)
    expect(r.method.chosen?.id).toBe('client-submission-basic')
    expect(r.settings.find((s) => s.key === 'port')?.value).toBe('25')
    expect(r.settings.find((s) => s.key === 'server')?.value).toBe('smtp.office365.com')
  })

  it("falls back to the recommendation when the technician's pick is blocked, and says so", () => {
    const job = { ...reportJobFixture(), method: 'direct-send' as MethodId }
    const r = buildReport(job, OPTS)
    expect(r.method.chosen?.source).toBe('recommended')
    expect(r.method.pickBlocked?.id).toBe('direct-send')
    expect(r.openIssues.map((i) => i.kind)).toContain('pick-blocked')
    expect(r.verdict.status).toBe('needs-attention')
  })
})

describe('no secrets', () => {
  const methods: MethodId[] = [
    'client-submission-oauth',
    'client-submission-basic',
    'direct-send',
    'smtp-relay',
    'high-volume-email',
  ]

  it.each(methods)('%s: no password field or value among the settings', (method) => {
    const job = { ...reportJobFixture(), method, answers: {} }
    const r = buildReport(job, OPTS)
    expect(r.method.chosen?.id).toBe(method)
    for (const s of r.settings) {
      expect(s.label).not.toMatch(/password/i)
      expect(s.value).not.toMatch(/password/i)
    }
  })

  it('copies no client line of a transcript (where a credential could be)', () => {
    const job = reportJobFixture()
    const last = siteChecksFixture()
    // Even an unredacted credential in a saved transcript must not reach the report.
    const leaky = last.checks.map((c) =>
      isSignInResult(c)
        ? {
            ...c,
            transcript: [
              ...c.transcript,
              {
                dir: 'send' as const,
                tls: true,
                text: 'AUTH PLAIN AHNjYW5uZXIAaHVudGVyMg==',
                tMs: 1,
              },
              { dir: 'info' as const, tls: true, text: 'password=hunter2', tMs: 1 },
            ],
          }
        : c,
    )
    const text = JSON.stringify(
      buildReport({ ...job, lastReport: { ...last, checks: leaky } }, OPTS),
    )
    expect(text).not.toContain('AHNjYW5uZXIAaHVudGVyMg')
    expect(text).not.toContain('hunter2')
    expect(text).not.toContain('[redacted]')
    expect(text).not.toContain('UGFzc3dvcmQ6')
  })
})

// A device that negotiated TLS 1.0 when captured: fine on port 25, refused on 587.
function legacyCapture(at = '2026-03-14T09:40:00.000Z'): CaptureRecord {
  return {
    at,
    deviceAddress: '192.0.2.25',
    ehloName: 'NPI3C2AF4',
    transport: 'starttls',
    tlsProtocol: 'TLSv1',
    tlsCipher: 'ECDHE-RSA-AES256-SHA',
    authMechanisms: ['LOGIN'],
    username: 'scanner@contoso-dental.example',
    summary: 'STARTTLS with TLSv1, signed in with AUTH LOGIN, sent one message.',
    verdicts: [
      {
        method: 'client-submission',
        status: 'fail',
        findings: [
          'TLS 1.0 negotiated: Exchange Online will refuse this device on 587 with 421 4.7.66.',
          'Update the firmware, or use direct send or relay.',
        ],
      },
      { method: 'direct-send-relay', status: 'warn', findings: ['It signs in: turn sign-in off.'] },
    ],
  }
}

describe('device captures in the report', () => {
  it('carries the captures, and the newest one judges the chosen method', () => {
    const ready = tickAll(withChecks(reportJobFixture(), allPass))
    expect(buildReport(ready, OPTS).verdict.status).toBe('ready')

    // Relay is chosen: the capture's port-25 verdict (warn) counts, not the 587 one.
    const relay = buildReport({ ...ready, captures: [legacyCapture()] }, OPTS)
    expect(relay.captures).toEqual([legacyCapture()])
    expect(relay.openIssues).toEqual([
      {
        kind: 'capture-warning',
        text: 'The device capture: It signs in: turn sign-in off.',
        fix: null,
        ref: '2026-03-14T09:40:00.000Z',
      },
    ])
    expect(relay.verdict.headline).toBe('Needs attention: the device capture needs a look.')

    // Client submission chosen: TLS 1.0 on 587 will fail.
    const submission = buildReport(
      { ...ready, method: 'client-submission-basic', captures: [legacyCapture()] },
      OPTS,
    )
    const issue = submission.openIssues.find((i) => i.kind === 'capture-failed')
    expect(issue?.text).toContain('421 4.7.66')
    expect(issue?.fix).toBe('Update the firmware, or use direct send or relay.')
    expect(submission.verdict.headline).toContain('the device capture shows it will fail')
  })

  it('an older failing capture does not count once a newer one is fine', () => {
    const ready = tickAll(withChecks(reportJobFixture(), allPass))
    const fine: CaptureRecord = {
      ...legacyCapture('2026-03-14T10:00:00.000Z'),
      tlsProtocol: 'TLSv1.2',
      authMechanisms: [],
      username: null,
      verdicts: [
        { method: 'client-submission', status: 'fail', findings: ['No sign-in.'] },
        { method: 'direct-send-relay', status: 'ok', findings: [] },
      ],
    }
    const r = buildReport({ ...ready, captures: [legacyCapture(), fine] }, OPTS)
    expect(r.captures).toHaveLength(2)
    expect(r.openIssues).toEqual([])
    expect(r.verdict.status).toBe('ready')
  })
})

describe('JSON Schema (shared/report/report.schema.json)', () => {
  it('is draft 2020-12 for version 1', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.properties.schemaVersion.const).toBe(1)
  })

  it('accepts every report shape the tests build', () => {
    const jobs: Job[] = [
      reportJobFixture(),
      tickAll(withChecks(reportJobFixture(), allPass)),
      { ...reportJobFixture(), lastReport: null },
      { ...reportJobFixture(), method: 'direct-send' },
      { ...reportJobFixture(), method: 'client-submission-basic', answers: {} },
      { ...reportJobFixture(), method: 'high-volume-email', answers: {} },
      {
        ...reportJobFixture(),
        device: {
          ...reportJobFixture().device,
          familyId: null,
          custom: { vendor: 'Acme', model: 'X1' },
        },
      },
      { ...reportJobFixture(), captures: [legacyCapture()] },
      withChecks(reportJobFixture(), (c) => reachTimedOut(c)),
    ]
    for (const job of jobs) expect(schemaErrors(buildReport(job, OPTS))).toEqual([])
  })

  it("lists every configuration field key, and keeps an admin field's key optional", () => {
    expect(schema.$defs.adminField.properties.key.enum).toEqual(CONFIG_FIELD_KEYS)
    // A report made before fields had keys still validates; a key that is not one does not.
    const old = JSON.parse(JSON.stringify(buildReport(reportJobFixture(), OPTS))) as JobReport
    for (const s of old.admin.steps)
      for (const f of s.fields) delete (f as Partial<ReportAdminField>).key
    expect(validate(schema, old, schema)).toEqual([])
    const wrong = JSON.parse(JSON.stringify(buildReport(reportJobFixture(), OPTS))) as JobReport
    Object.assign(wrong.admin.steps[0]?.fields[0] ?? {}, { key: 'IP address' })
    expect(validate(schema, wrong, schema)).toEqual([
      expect.stringContaining('$.admin.steps[0].fields[0].key'),
    ])
  })

  it('rejects a report that breaks it (the validator is not a no-op)', () => {
    const r = JSON.parse(JSON.stringify(buildReport(reportJobFixture(), OPTS)))
    r.verdict.status = 'fine'
    r.extra = 1
    delete r.job.customer
    r.checks.items[0].durationMs = -1
    const errors = validate(schema, r, schema)
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('$.verdict.status'),
        expect.stringContaining('unexpected extra'),
        expect.stringContaining('missing customer'),
        expect.stringContaining('$.checks.items[0].durationMs'),
      ]),
    )
  })
})
