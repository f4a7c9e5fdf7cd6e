import { useEffect } from 'react'

import { OutboxList } from '../../report/outbox-list'
import { PdfButton } from '../../report/pdf-button'
import { ReportPreview, VerdictBox } from '../../report/report-preview'
import { SendToOffice } from '../../report/send-to-office'
import { useAppStore } from '../../store'
import { StepHeader } from '../step-header'

/**
 * The job's report: the verdict, the PDFs, "Send to office" (queued durably, so it works offline)
 * with what this job sent, and the whole report as the office will read it. Main builds the report
 * from the saved job, so the preview is rebuilt each time the step opens. The ways to hand the
 * report over are secondary buttons; the step's one main action is StepNav's "Done".
 */
export function StepReport() {
  const jobId = useAppStore((s) => s.jobs.current?.id ?? null)
  const preview = useAppStore((s) => s.report.preview)
  const loadPreview = useAppStore((s) => s.report.loadPreview)
  useEffect(() => {
    if (jobId) void loadPreview()
  }, [jobId, loadPreview])
  if (!jobId) return null
  const report = preview.kind === 'ready' && preview.jobId === jobId ? preview.report : null
  return (
    <section className="step step-report" aria-labelledby="step-report-title">
      <StepHeader title="Report" titleId="step-report-title">
        What was found and done at this site, for the office and the customer (never a password).
      </StepHeader>
      {preview.kind === 'failed' ? (
        <div className="alert" role="alert">
          <p className="alert__title">
            <span aria-hidden="true">✕ </span>The report could not be made
          </p>
          <p className="alert__message">{preview.error.message}</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void loadPreview()}
          >
            Try again
          </button>
        </div>
      ) : null}
      {report ? (
        <VerdictBox report={report} />
      ) : preview.kind !== 'failed' ? (
        <p className="muted" role="status">
          Making the report…
        </p>
      ) : null}

      <div className="report-actions">
        <PdfButton kind="report" label="Save PDF" fallbackName="scanpath-report.pdf" />
        <PdfButton
          kind="checklist"
          label="Print checklist (PDF)"
          fallbackName="scanpath-checklist.pdf"
        />
      </div>

      <section className="report-send" aria-labelledby="report-send-title">
        <h3 id="report-send-title">Send to office</h3>
        <SendToOffice jobId={jobId} />
        {/* This job's entries, not a second Outbox: the header's Outbox button is the one way
            to every job's reports. */}
        <h4 id="report-outbox-title" className="report-send__outbox-title">
          Sent from this job
        </h4>
        <OutboxList jobId={jobId} titleId="report-outbox-title" />
      </section>

      {report ? <ReportPreview report={report} /> : null}
    </section>
  )
}
