import type { Job } from '../../../shared/job-types'
import { VERIFY_CHECKLIST_ID } from '../domain/verify-plan'

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
export function SavedInJobLine() {
  return (
    <p className="verify-saved-line" data-saved-in-job>
      <span aria-hidden="true">✓ </span>Saved with this job.
    </p>
  )
}
