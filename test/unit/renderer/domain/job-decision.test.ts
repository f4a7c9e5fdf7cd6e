import { describe, expect, it } from 'vitest'

import { probesStateFromReport } from '../../../../renderer/src/domain/saved-report'
import { catalogueAnswer, sourceHost } from '../../../../renderer/src/domain/device-facts'
import {
  DECISION_QUESTION_ORDER,
  decisionInput,
  jobDecision,
  jobFamily,
  localDate,
} from '../../../../renderer/src/domain/job-decision'
import {
  checklistProgress,
  jobDeviceTarget,
  jobPlan,
} from '../../../../renderer/src/domain/job-plan'
import { CAPABILITY_ORDER } from '../../../../renderer/src/domain/device-facts'
import { jobSchema } from '../../../../shared/schemas/job'
import { findFamily, GENERIC_SMTP_DEVICE } from '../../../../shared/catalog'
import { newJob, type Job } from '../../../../shared/job-types'
import type {
  CheckId,
  CheckResult,
  DiagnoseReport,
  ProbeStatus,
} from '../../../../shared/probe-types'
import { HOSTILE, HOSTILE_SHOWN } from '../../../helpers/hostile-text'

/** A result whose data holds only what the decision reads: cast to the precise type once, here. */
const check = (id: CheckId, data: unknown, status: ProbeStatus = 'pass'): CheckResult =>
  ({
    id,
    status,
    title: id,
    explanation: '',
    fix: null,
    durationMs: 5,
    phases: [],
    data,
    transcript: [],
  }) as CheckResult

const report: DiagnoseReport = {
  runId: 'run-00000001',
  startedAt: '2026-11-28T07:00:00.000Z',
  durationMs: 100,
  cancelled: false,
  offline: false,
  summary: { pass: 3, warn: 0, fail: 0, info: 0, skip: 0 },
  checks: [
    check('reach-mx', { outcome: 'refused' }, 'fail'),
    check('dns-mx', { m365Endpoint: 'contoso-test.mail.protection.outlook.com', records: [] }),
    check('spf-verdict', {
      domain: 'contoso.test',
      results: [{ ip: '203.0.113.7', family: 4, result: 'fail', comment: null }],
      currentRecord: 'v=spf1 -all',
      suggestedRecord: 'v=spf1 ip4:203.0.113.7 -all',
    }),
    check('public-ip', {
      observations: [],
      v4: {
        family: 4,
        consensus: '203.0.113.7',
        smtpIp: null,
        distinct: [],
        unsuitable: null,
        reverseDns: [],
        looksDynamic: false,
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
  ],
}

function job(patch: Partial<Job> = {}): Job {
  return { ...newJob('job-00000001', '2026-11-28T07:00:00.000Z'), domain: 'contoso.test', ...patch }
}

describe('jobDecision', () => {
  it('uses the generic device (all unknown) until a family is picked', () => {
    expect(jobFamily(job())).toBe(GENERIC_SMTP_DEVICE)
    expect(decisionInput(job(), '2026-11-28').device.oauthM365).toBe('unknown')
  })

  it('counts unanswered questions as unknown, and lets the technician correct the catalogue', () => {
    const j = job({
      device: {
        ...job().device,
        familyId: 'hp-futuresmart-enterprise',
        capabilityAnswers: { oauthM365: 'no', tls12: 'yes' },
      },
      answers: { externalRecipients: 'yes' },
    })
    const input = decisionInput(j, '2026-11-28')
    expect(input.answers.externalRecipients).toBe('yes')
    expect(input.answers.rejectDirectSend).toBe('unknown')
    expect(input.device.oauthM365).toBe('no')
    expect(input.device.tls12).toBe('yes')
  })

  it("keeps the technician's pick while it is viable, else falls back and says so", () => {
    const base = job({
      lastReport: report,
      answers: { externalRecipients: 'yes', mfaOrSecurityDefaults: 'no' },
    })
    const viable = jobDecision({ ...base, method: 'client-submission-basic' }, '2026-11-28')
    expect(viable.method).toBe('client-submission-basic')
    expect(viable.pickBlocked).toBeNull()
    // Port 25 is refused in the report and outside recipients are needed: direct send is blocked.
    const blocked = jobDecision({ ...base, method: 'direct-send' }, '2026-11-28')
    expect(blocked.pickBlocked?.method).toBe('direct-send')
    expect(blocked.method).toBe(blocked.decision.recommended)
  })

  it('formats today as a local calendar date', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05')
  })
})

describe('every question and capability the wizard asks can be saved', () => {
  it('the job schema takes each answer (a missing key made every save fail)', () => {
    const answered = job({
      answers: Object.fromEntries(DECISION_QUESTION_ORDER.map((k) => [k, 'yes'])),
      device: {
        ...job().device,
        capabilityAnswers: Object.fromEntries(CAPABILITY_ORDER.map((k) => [k, 'no'])),
      },
    })
    expect(jobSchema.safeParse(answered).success).toBe(true)
    expect(DECISION_QUESTION_ORDER).toContain('basicAuthBlocked')
    expect(CAPABILITY_ORDER).toContain('starttls25')
  })
})

describe('jobPlan', () => {
  it('takes the MX host, public IP and SPF record from the saved report', () => {
    const steps = jobPlan(job({ lastReport: report, senderAddress: 'scanner@contoso.test' }), {
      method: 'direct-send',
      port: 25,
    })
    const values = steps.flatMap((s) => s.fields.map((f) => f.value))
    expect(values).toContain('contoso-test.mail.protection.outlook.com')
    expect(values).toContain('v=spf1 ip4:203.0.113.7 -all')
    expect(values).toContain('scanner@contoso.test')
  })

  it('prefers the MX host typed in the job', () => {
    const steps = jobPlan(
      job({ lastReport: report, mxHost: 'typed.mail.protection.outlook.com' }),
      { method: 'smtp-relay', port: 25 },
    )
    const server = steps.find((s) => s.id === 'smtp-server')
    expect(server?.fields[0]?.value).toBe('typed.mail.protection.outlook.com')
  })

  it('takes an MX under mx.microsoft from DNS even when a saved report called it "other"', () => {
    const mx = 'contoso-test.s-v1.mx.microsoft'
    const dns: DiagnoseReport = {
      ...report,
      checks: [
        ...report.checks.filter((c) => c.id !== 'dns-mx'),
        check('dns-mx', {
          m365Endpoint: null,
          records: [{ exchange: mx, priority: 0, kind: 'other' }],
        }),
      ],
    }
    const steps = jobPlan(job({ lastReport: dns }), { method: 'direct-send', port: 25 })
    expect(steps.find((s) => s.id === 'smtp-server')?.fields[0]?.value).toBe(mx)
  })

  it('shows an MX host from DNS as the display function shows it (a hostile name is inert)', () => {
    const mx = `contoso-test${HOSTILE}.mx.microsoft`
    const dns: DiagnoseReport = {
      ...report,
      checks: [
        ...report.checks.filter((c) => c.id !== 'dns-mx'),
        check('dns-mx', { m365Endpoint: mx, records: [{ exchange: mx, priority: 0 }] }),
      ],
    }
    const steps = jobPlan(job({ lastReport: dns }), { method: 'direct-send', port: 25 })
    expect(steps.find((s) => s.id === 'smtp-server')?.fields[0]?.value).toBe(
      `contoso-test${HOSTILE_SHOWN}.mx.microsoft`,
    )
  })

  it("gives capture mode the job's own switch-back: method, chosen port, MX host", () => {
    // Port 25 open to smtp.office365.com (the MX itself refuses): submission on 25 is possible.
    const open25 = {
      ...report,
      checks: [...report.checks, check('reach-submission-smtp', { outcome: 'open' })],
    }
    const j = job({
      lastReport: open25,
      answers: { externalRecipients: 'yes', mfaOrSecurityDefaults: 'no', basicAuthBlocked: 'no' },
      device: {
        ...job().device,
        capabilityAnswers: {
          starttls587: 'no',
          starttls25: 'yes',
          smtpAuth: 'yes',
          tls12: 'yes',
          oauthM365: 'no',
        },
      },
      method: 'client-submission-basic',
    })
    expect(jobDeviceTarget(j, '2026-11-28')).toEqual({
      method: 'client-submission-basic',
      host: 'smtp.office365.com',
      port: 25,
      mailbox: null,
    })
    // A blocked pick (direct send, external recipients): the recommendation, to the MX from DNS.
    expect(jobDeviceTarget({ ...j, method: 'direct-send' }, '2026-11-28')).toEqual({
      method: 'smtp-relay',
      host: 'contoso-test.mail.protection.outlook.com',
      port: 25,
      mailbox: null,
    })
  })

  it('counts ticked steps of this plan only', () => {
    const j = job({
      checklist: { 'smtp-server': { done: true, note: '' }, 'gone-step': { done: true, note: '' } },
    })
    const steps = jobPlan(j, { method: 'client-submission-oauth', port: 587 })
    expect(checklistProgress(steps, j)).toEqual({ done: 1, total: steps.length })
  })
})

describe('device facts', () => {
  it('shows a known fact with confidence and sources, and never "unknown" as a value', () => {
    const hp = findFamily('hp-futuresmart-enterprise')!
    const oauth = catalogueAnswer(hp, 'oauthM365')
    expect(oauth.kind).toBe('known')
    if (oauth.kind === 'known') {
      expect(oauth.text).toContain('Yes (from firmware FutureSmart 5.7)')
      expect(oauth.confidence).toBe('low')
      expect(oauth.sources.length).toBeGreaterThan(0)
    }
    expect(catalogueAnswer(hp, 'starttls587').kind).toBe('unknown')
    expect(catalogueAnswer(GENERIC_SMTP_DEVICE, 'smtpAuth')).toEqual({
      kind: 'unknown',
      note: null,
    })
  })

  it('names a source by its host', () => {
    expect(sourceHost('https://learn.microsoft.com/en-us/x')).toBe('learn.microsoft.com')
    expect(sourceHost('not a url')).toBe('not a url')
  })
})

describe('probesStateFromReport', () => {
  it('shows a saved report as a finished run', () => {
    const s = probesStateFromReport(report)
    expect(s.run).toEqual({ kind: 'done', runId: report.runId, report })
    expect(s.order).toEqual(report.checks.map((c) => c.id))
    expect(s.checks['dns-mx']?.result).toBe(report.checks[1])
  })
})
