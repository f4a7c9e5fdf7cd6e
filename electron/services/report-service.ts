/**
 * Reports in main: the JSON model and the PDF of a job, and "Send to office" (the report into the
 * durable outbox, the PDF and JSON attached, a short summary in the body).
 */
import { buildReport } from '../../shared/report/build-report'
import type { JobReport } from '../../shared/report/report-model'
import type { OutboxView } from '../../shared/outbox-types'
import type { Outbox } from '../mail/outbox'
import { renderChecklistPdf } from '../report/checklist-pdf'
import { renderReportPdf } from '../report/report-pdf'
import type { JobService } from './job-service'

export interface ReportService {
  build(jobId: string): Promise<JobReport>
  pdf(jobId: string): Promise<{ fileName: string; base64: string }>
  checklistPdf(jobId: string): Promise<{ fileName: string; base64: string }>
  sendToOffice(req: { jobId: string; profileId: string; to: string }): Promise<OutboxView>
}

const VERDICT_LABEL: Record<JobReport['verdict']['status'], string> = {
  ready: 'ready',
  'needs-attention': 'needs attention',
  blocked: 'blocked',
  'not-checked': 'not checked yet',
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'job'
  )
}

export function createReportService(opts: {
  jobs: JobService
  outbox?: Outbox
  appVersion: string
  now?: () => Date
}): ReportService {
  const now = opts.now ?? (() => new Date())
  const build = async (jobId: string) =>
    buildReport(await opts.jobs.get(jobId), {
      generatedAt: now().toISOString(),
      appVersion: opts.appVersion,
    })
  return {
    build,
    async pdf(jobId) {
      const report = await build(jobId)
      const pdf = await renderReportPdf(report)
      return {
        fileName: `scanpath-${slug(report.job.customer)}-${report.generatedAt.slice(0, 10)}.pdf`,
        base64: pdf.toString('base64'),
      }
    },
    async checklistPdf(jobId) {
      const job = await opts.jobs.get(jobId)
      const generatedAt = now().toISOString()
      const pdf = await renderChecklistPdf(job, { generatedAt, appVersion: opts.appVersion })
      return {
        fileName: `scanpath-checklist-${slug(job.customer)}-${generatedAt.slice(0, 10)}.pdf`,
        base64: pdf.toString('base64'),
      }
    },
    async sendToOffice(req) {
      if (!opts.outbox) throw new Error('the office outbox is not available here')
      const report = await build(req.jobId)
      const pdf = await renderReportPdf(report)
      const base = `scanpath-${slug(report.job.customer)}-${report.generatedAt.slice(0, 10)}`
      const summary = [
        `ScanPath job report: ${report.job.customer || '(no customer)'} — ${report.job.site || '(no site)'}`,
        `Verdict: ${report.verdict.headline}`,
        report.method.chosen ? `Method: ${report.method.chosen.title}` : 'Method: not chosen yet',
        `Technician: ${report.job.technician || '(not given)'}`,
        '',
        'The full report is attached as PDF (for people) and JSON (for tools).',
      ].join('\n')
      return opts.outbox.enqueue({
        jobId: req.jobId,
        profileId: req.profileId,
        to: req.to,
        subject: `ScanPath report: ${report.job.customer || 'job'} — ${VERDICT_LABEL[report.verdict.status]}`,
        summary,
        attachments: [
          { name: `${base}.pdf`, contentType: 'application/pdf', content: pdf },
          {
            name: `${base}.json`,
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(report, null, 2)),
          },
        ],
      })
    },
  }
}
