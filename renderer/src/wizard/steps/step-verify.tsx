import { StepHeader } from '../step-header'

/** Verify's place in the job; its checks come with the verification issue. */
export function StepVerify() {
  return (
    <section className="step step-verify" aria-labelledby="step-verify-title">
      <StepHeader title="Verify" titleId="step-verify-title">
        Prove from this laptop that the settings work, before leaving the site.
      </StepHeader>
      <div className="placeholder">
        <p className="placeholder__title">Coming in a later version of ScanPath</p>
        <ul>
          <li>
            An SMTP AUTH sign-in with the mailbox credentials (kept in the system keychain, never in
            the job).
          </li>
          <li>
            A real test message, with every Exchange Online reply explained in plain words and its
            fix.
          </li>
          <li>
            A capture mode: the laptop listens as an SMTP server and shows what the device really
            sends (STARTTLS, TLS version, sign-in method).
          </li>
        </ul>
        <p className="muted">
          Until then, use the test step of the checklist in Configure: send a scan and note what
          happened.
        </p>
      </div>
    </section>
  )
}
