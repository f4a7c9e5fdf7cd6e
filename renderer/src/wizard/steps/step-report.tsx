import { StepHeader } from '../step-header'

/** Report's place in the job; the report itself comes with the report issue. */
export function StepReport() {
  return (
    <section className="step step-report" aria-labelledby="step-report-title">
      <StepHeader title="Report" titleId="step-report-title">
        What was found and done at this site, for the office and the customer.
      </StepHeader>
      <div className="placeholder">
        <p className="placeholder__title">Coming in a later version of ScanPath</p>
        <ul>
          <li>
            A PDF and a JSON file of the whole job: site checks, decision, checklist and notes
            (never a password).
          </li>
          <li>Sent to the office by email, or queued and sent when the laptop is back online.</li>
        </ul>
        <p className="muted">Everything the report will hold is already saved with this job.</p>
      </div>
    </section>
  )
}
