/**
 * A realistic job for the report tests: a Ricoh at a dental practice, site checks with passes, a
 * warning and failures (phases and start times as the runner records them), an SMTP AUTH attempt
 * refused with 535 5.7.139 (tenant-wide SMTP AUTH off), an SPF record that does not cover the
 * site's address, and the technician's pick of an SMTP relay connector with some steps ticked.
 */
import type { MethodId } from '../../shared/decision/types'
import { newJob, type Job } from '../../shared/job-types'
import { buildReport } from '../../shared/report/build-report'
import { summarize } from '../../shared/check-results'
import type {
  CheckResult,
  DiagnoseReport,
  ProbeStatus,
  TranscriptLine,
} from '../../shared/probe-types'

type Phase = [name: string, startMs: number, durationMs: number]

/**
 * One result. Its data holds only what the report reads, and one result is a sign-in under an id
 * the runner never makes (`auth-submission`), to exercise the replies read from transcripts: the
 * one place the fixture is cast to the precise type.
 */
function check(
  id: string,
  status: ProbeStatus,
  title: string,
  explanation: string,
  opts: {
    fix?: string
    startMs?: number
    phases?: Phase[]
    data?: unknown
    transcript?: TranscriptLine[]
  } = {},
): CheckResult {
  const phases = (opts.phases ?? []).map(([name, startMs, durationMs]) => ({
    name,
    startMs,
    durationMs,
  }))
  const end = phases.reduce((m, p) => Math.max(m, p.startMs + p.durationMs), 0)
  const result = {
    id,
    status,
    title,
    explanation,
    fix: opts.fix ?? null,
    durationMs: end,
    ...(opts.startMs !== undefined ? { startMs: opts.startMs } : {}),
    phases,
    data: opts.data ?? null,
    transcript: opts.transcript ?? [],
  }
  return result as CheckResult
}

const reach = (host: string, port: number) => ({
  host,
  port,
  expectGreeting: true,
  outcome: 'open',
  attempts: [
    {
      family: 4,
      address: '52.97.1.2',
      outcome: 'open',
      durationMs: 40,
      greeting: { code: 220, enhanced: null, text: `${host} Microsoft ESMTP MAIL Service ready` },
      errorCode: null,
    },
  ],
  dnsError: null,
})

export const REFUSAL_535 =
  '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.'

/** The fixture's sign-in result (an id the runner never makes; see `check`). */
export const isSignInResult = (c: { id: string }): boolean => c.id === 'auth-submission'

/** A port check whose port is filtered (timed out), marked `status` when given. */
export const reachTimedOut = (c: CheckResult, status?: 'fail'): CheckResult =>
  c.id === 'reach-submission' ||
  c.id === 'reach-submission-smtp' ||
  c.id === 'reach-implicit-tls' ||
  c.id === 'reach-mx'
    ? { ...c, ...(status ? { status } : {}), data: c.data && { ...c.data, outcome: 'timeout' } }
    : c

export const SPF_SUGGESTED = 'v=spf1 ip4:203.0.113.7 include:spf.protection.outlook.com -all'

export function siteChecksFixture(): DiagnoseReport {
  const checks: CheckResult[] = [
    check(
      'dns-submission-host',
      'pass',
      'DNS for smtp.office365.com',
      'smtp.office365.com resolves to 4 addresses.',
      {
        startMs: 0,
        phases: [['dns', 0, 18]],
      },
    ),
    check(
      'reach-submission',
      'pass',
      'Port 587 on smtp.office365.com',
      'Port 587 is open and the server greeted us.',
      {
        startMs: 0,
        phases: [
          ['dns', 0, 15],
          ['connect', 15, 42],
          ['banner', 57, 120],
        ],
        data: reach('smtp.office365.com', 587),
      },
    ),
    check(
      'starttls-submission',
      'pass',
      'STARTTLS on smtp.office365.com:587',
      'STARTTLS works with TLS 1.3 and a valid certificate; AUTH LOGIN and XOAUTH2 are offered after TLS.',
      {
        startMs: 2,
        phases: [
          ['connect', 0, 45],
          ['banner', 45, 130],
          ['ehlo', 175, 60],
          ['starttls', 235, 55],
          ['tls', 290, 140],
          ['ehlo-tls', 430, 65],
        ],
        data: {
          host: 'smtp.office365.com',
          port: 587,
          failure: null,
          tls: { protocol: 'TLSv1.3', verified: true, verifyError: null },
          clientIpEchoed: '203.0.113.7',
        },
        transcript: [
          {
            dir: 'recv',
            tls: false,
            text: '220 AM0PR10CA0001.outlook.office365.com Microsoft ESMTP MAIL Service ready',
            tMs: 175,
          },
          { dir: 'send', tls: false, text: 'EHLO scanpath.localdomain', tMs: 176 },
          {
            dir: 'recv',
            tls: false,
            text: '250-AM0PR10CA0001.outlook.office365.com Hello [203.0.113.7]',
            tMs: 234,
          },
          { dir: 'recv', tls: false, text: '250 STARTTLS', tMs: 235 },
        ],
      },
    ),
    check(
      'auth-submission',
      'fail',
      'Sign-in as scanner@contoso-dental.example',
      'Exchange Online refused the sign-in: SMTP AUTH is turned off for the tenant.',
      {
        fix: 'The tenant admin turns SMTP AUTH on for the mailbox, or the device uses a relay connector.',
        startMs: 3,
        phases: [
          ['connect', 0, 44],
          ['banner', 44, 125],
          ['ehlo', 169, 58],
          ['starttls', 227, 52],
          ['tls', 279, 150],
          ['ehlo-tls', 429, 61],
          ['auth', 490, 610],
        ],
        data: {
          host: 'smtp.office365.com',
          port: 587,
          failure: {
            phase: 'auth',
            kind: 'auth-failed',
            message: 'Authentication refused',
            errorCode: null,
            reply: { code: 535, enhanced: '5.7.139', text: REFUSAL_535 },
          },
        },
        transcript: [
          { dir: 'send', tls: true, text: 'AUTH LOGIN', tMs: 490 },
          { dir: 'recv', tls: true, text: '334 VXNlcm5hbWU6', tMs: 520 },
          { dir: 'send', tls: true, text: '[redacted]', tMs: 521 },
          { dir: 'recv', tls: true, text: '334 UGFzc3dvcmQ6', tMs: 560 },
          { dir: 'send', tls: true, text: '[redacted]', tMs: 561 },
          { dir: 'recv', tls: true, text: `535 ${REFUSAL_535}`, tMs: 1100 },
        ],
      },
    ),
    check(
      'legacy-tls-submission',
      'pass',
      'Old TLS 1.0/1.1 refused by smtp.office365.com',
      'Exchange Online refused TLS 1.0, as it should (421 4.7.66).',
      {
        startMs: 1,
        phases: [
          ['connect', 0, 40],
          ['banner', 40, 118],
          ['ehlo', 158, 55],
          ['starttls', 213, 50],
          ['tls', 263, 80],
        ],
        data: {
          outcome: 'refused-reply',
          reply: {
            code: 421,
            enhanced: '4.7.66',
            text: '4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.',
          },
          session: { host: 'smtp.office365.com', port: 587, banner: null, failure: null },
        },
      },
    ),
    check(
      'reach-submission-smtp',
      'pass',
      'Port 25 on smtp.office365.com',
      'Outbound port 25 is open from this network.',
      {
        startMs: 0,
        phases: [
          ['dns', 0, 14],
          ['connect', 14, 48],
          ['banner', 62, 110],
        ],
        data: reach('smtp.office365.com', 25),
      },
    ),
    check(
      'dns-mx',
      'pass',
      'MX of contoso-dental.example',
      'The MX points to Microsoft 365 (contoso-dental-example.mail.protection.outlook.com).',
      {
        startMs: 0,
        phases: [['dns', 0, 31]],
        data: {
          domain: 'contoso-dental.example',
          resolver: 'system',
          records: [
            {
              exchange: 'contoso-dental-example.mail.protection.outlook.com',
              priority: 0,
              kind: 'microsoft-365',
            },
          ],
          m365Endpoint: 'contoso-dental-example.mail.protection.outlook.com',
          error: null,
        },
      },
    ),
    check(
      'dns-spf',
      'warn',
      'SPF record of contoso-dental.example',
      'The SPF record ends in -all and does not list this site. Mail from the device may be refused.',
      {
        fix: 'Publish the merged SPF record shown under the SPF verdict.',
        startMs: 0,
        phases: [['dns', 0, 64]],
      },
    ),
    check(
      'reach-mx',
      'pass',
      'Port 25 on the tenant MX (from DNS)',
      'Port 25 on the tenant MX is open.',
      {
        startMs: 31,
        phases: [
          ['dns', 0, 12],
          ['connect', 12, 51],
          ['banner', 63, 140],
        ],
        data: reach('contoso-dental-example.mail.protection.outlook.com', 25),
      },
    ),
    check(
      'public-ip',
      'pass',
      'Public IP of this site',
      'This site is seen from 203.0.113.7 (IPv4), a fixed business address.',
      {
        startMs: 0,
        phases: [
          ['https', 0, 210],
          ['dns', 0, 90],
          ['rdns', 500, 40],
        ],
        data: {
          observations: [],
          v4: {
            family: 4,
            consensus: '203.0.113.7',
            smtpIp: '203.0.113.7',
            distinct: ['203.0.113.7'],
            unsuitable: null,
            reverseDns: ['static-7.lyon.example.net'],
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
        },
      },
    ),
    check(
      'spf-verdict',
      'fail',
      "SPF for this site's address (contoso-dental.example)",
      "SPF fails for 203.0.113.7: the record does not list the site's address. Receivers may refuse or junk the device's mail.",
      {
        fix: 'Have the tenant admin publish the suggested SPF record.',
        startMs: 540,
        phases: [['spf', 0, 85]],
        data: {
          domain: 'contoso-dental.example',
          results: [{ ip: '203.0.113.7', family: 4, result: 'fail', comment: null }],
          currentRecord: 'v=spf1 include:spf.protection.outlook.com -all',
          suggestedRecord: SPF_SUGGESTED,
        },
      },
    ),
    check(
      'blocklists',
      'pass',
      "Blocklists for this site's address",
      '203.0.113.7 is on none of the 3 blocklists checked.',
      {
        startMs: 540,
        phases: [['dns', 0, 120]],
        data: {
          ips: ['203.0.113.7'],
          results: [
            {
              zone: 'zen.spamhaus.org',
              ip: '203.0.113.7',
              query: '7.113.0.203.zen.spamhaus.org',
              state: 'not-listed',
              codes: [],
              reason: null,
              meaning: null,
              removalUrl: null,
            },
          ],
        },
      },
    ),
  ]
  const summary = summarize(checks)
  return {
    runId: 'run-1',
    startedAt: '2026-03-14T09:12:03.000Z',
    durationMs: 1110,
    checks,
    summary,
    cancelled: false,
    offline: false,
  }
}

export function reportJobFixture(): Job {
  const job = newJob('job-7f3a', '2026-03-14T08:55:00.000Z')
  return {
    ...job,
    updatedAt: '2026-03-14T10:02:00.000Z',
    customer: 'Contoso Dental Care',
    site: 'Lyon main office, 2nd floor',
    domain: 'contoso-dental.example',
    contact: 'Jane Martin (office manager)',
    technician: 'Alex Dupont',
    senderAddress: 'scanner@contoso-dental.example',
    mxHost: '',
    device: {
      familyId: 'ricoh-im-series-smart-operation-panel',
      model: 'IM C3000',
      firmware: '1.12',
      address: '192.168.10.42',
      serial: 'C3X0123456',
      custom: null,
      capabilityAnswers: {},
    },
    answers: {
      externalRecipients: 'yes',
      mfaOrSecurityDefaults: 'yes',
      staticPublicIp: 'yes',
      highVolume: 'no',
      sentItemsCopy: 'no',
      thirdPartyHosted: 'no',
      rejectDirectSend: 'no',
    },
    method: 'smtp-relay',
    lastReport: siteChecksFixture(),
    checklist: {
      'open-settings': { done: true, note: 'Web Image Monitor, admin login from the label' },
      'smtp-server': { done: true, note: 'Needed a reboot after saving (firmware 1.12)' },
      'admin-connector': { done: false, note: 'Sent to Jane (IT) on 14 March' },
    },
    step: 'report',
  }
}

/**
 * The fixture job for `method`, with every check passing but the SPF verdict (which fails) and
 * the sign-in result left out: a failure that matters to the MX methods only.
 */
export function spfOnlyFailsJob(
  method: MethodId | null,
  answers: Partial<Job['answers']> = {},
): Job {
  const last = siteChecksFixture()
  const checks = last.checks
    .filter((c) => !isSignInResult(c))
    .map((c): CheckResult => (c.id === 'spf-verdict' ? c : { ...c, status: 'pass', fix: null }))
  const base = reportJobFixture()
  return {
    ...base,
    method,
    answers: { ...base.answers, ...answers },
    lastReport: { ...last, checks },
  }
}

/** The job with every step of the report's plan ticked, keeping the notes it had. */
export function withPlanTicked(job: Job): Job {
  const checklist = { ...job.checklist }
  const report = buildReport(job, { generatedAt: '2026-03-14T10:00:00.000Z', appVersion: 'test' })
  for (const item of report.checklist)
    checklist[item.stepId] = { done: true, note: checklist[item.stepId]?.note ?? '' }
  return { ...job, checklist }
}
