import type { Job } from '../../../shared/job-types'
import { VERIFY_CHECKLIST_ID } from '../domain/verify-plan'
import { VerifyResult } from '../profiles/verify-result'
import type { VerifyRunState } from '../store/profiles-slice'

/** What the job keeps of the last test (its checklist item), shown until a new test runs. */
export function SavedOutcome({ job }: { job: Job }) {
  const item = job.checklist[VERIFY_CHECKLIST_ID]
  if (!item || item.note === '') return null
  return (
    <p className={`note ${item.done ? 'note--pass' : 'note--fail'} verify-saved`}>
      <span className="note__label">
        {item.done
          ? 'Saved with this job: a test passed.'
          : 'Saved with this job: the last test failed.'}
      </span>{' '}
      {item.note}
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
