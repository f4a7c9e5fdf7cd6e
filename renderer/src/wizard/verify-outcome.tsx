import type { Job } from '../../../shared/job-types'
import { formatDateTime } from '../domain/profile-view'
import { VerifyResult } from '../profiles/verify-result'
import type { VerifyRunState } from '../store/profiles-slice'

/** What the job keeps of the last test (main recorded it, with its time), until a new test runs. */
export function SavedOutcome({ job }: { job: Job }) {
  const outcome = job.verifyOutcome
  if (!outcome || outcome.text === '') return null
  const when = formatDateTime(outcome.at)
  return (
    <p
      className={`note ${outcome.passed ? 'note--pass' : 'note--fail'} verify-saved`}
      data-verify-saved={outcome.passed ? 'pass' : 'fail'}
    >
      <span className="note__label">
        {outcome.passed
          ? `Saved with this job: a test passed (${when}).`
          : `Saved with this job: the last test failed (${when}).`}
      </span>{' '}
      {outcome.text}
    </p>
  )
}

/** Under a test just run: its outcome went into the open job. */
function SavedInJobLine() {
  return (
    <p className="verify-saved-line" data-saved-in-job>
      <span aria-hidden="true">✓ </span>Saved with this job.
    </p>
  )
}

/** A Verify test's outcome: the run's result (and that the job kept it), else what the job kept. */
export function VerifyOutcome({ run, job }: { run: VerifyRunState | undefined; job: Job }) {
  if (!run) return <SavedOutcome job={job} />
  return (
    <>
      <VerifyResult run={run} />
      {run.kind === 'done' && run.jobId === job.id ? <SavedInJobLine /> : null}
    </>
  )
}
