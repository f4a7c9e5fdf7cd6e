import { useEffect } from 'react'

import type { JobSummary } from '../../../shared/job-types'
import type { JobStatus } from '../../../shared/report/job-progress'
import { stepMeta } from '../domain/wizard-steps'
import { useAppStore } from '../store'

function when(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

/** The mark before a verdict: a shape as well as a colour (the words follow it). */
const VERDICT_MARK: Record<JobStatus['verdict'], string> = {
  ready: '✓',
  'needs-attention': '!',
  blocked: '✕',
  'not-checked': '○',
  'no-method': '○',
}

/** The method the technician confirmed and where the job stands, as its report would say. */
function JobStatusLine({ status }: { status: JobStatus }) {
  return (
    <p className="job-row__status" data-verdict={status.verdict}>
      <span className={`job-row__mark job-row__mark--${status.verdict}`} aria-hidden="true">
        {VERDICT_MARK[status.verdict]}
      </span>{' '}
      {status.method ? (
        <>
          <span className="job-row__method">{status.method}</span>
          <span aria-hidden="true"> · </span>
          <span className="sr-only">, </span>
        </>
      ) : null}
      <span className="job-row__verdict">{status.text}</span>
    </p>
  )
}

function JobRow({ job }: { job: JobSummary }) {
  const openJob = useAppStore((s) => s.wizard.openJob)
  const name = [job.customer.trim(), job.site.trim()].filter(Boolean).join(' — ') || 'Untitled job'
  return (
    <li className="job-row" data-job-id={job.id}>
      <div className="job-row__main">
        <h3 className="job-row__name">{name}</h3>
        <p className="job-row__meta">
          {job.domain ? (
            <span className="mono">{job.domain}</span>
          ) : (
            <span className="muted">No domain yet</span>
          )}
          <span aria-hidden="true"> · </span>
          {job.deviceLabel || <span className="muted">No device yet</span>}
        </p>
        <JobStatusLine status={job.status} />
        <p className="job-row__meta muted">
          At step {stepMeta(job.step).label} · changed {when(job.updatedAt)}
        </p>
      </div>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => void openJob(job.id)}
      >
        Resume<span className="sr-only"> {name}</span>
      </button>
    </li>
  )
}

/**
 * The start screen: resume a job, start one, or run the site checks without a job. New job is the
 * one main action; the outbox is in the app's header.
 */
export function JobList() {
  const list = useAppStore((s) => s.jobs.list)
  const openError = useAppStore((s) => s.jobs.openError)
  const loadList = useAppStore((s) => s.jobs.loadList)
  const dismissOpenError = useAppStore((s) => s.jobs.dismissOpenError)
  const newJob = useAppStore((s) => s.wizard.newJob)
  const showSiteChecks = useAppStore((s) => s.wizard.showSiteChecks)

  useEffect(() => {
    void loadList()
  }, [loadList])

  return (
    <section className="job-list" aria-labelledby="job-list-title">
      <header className="screen-header">
        <h2 id="job-list-title">Jobs</h2>
        <p className="screen-header__lead">
          One job per device at a customer site. Everything you type is saved as you go.
        </p>
      </header>
      <div className="actions">
        <button
          type="button"
          className="button button--primary button--large"
          onClick={() => void newJob()}
        >
          New job
        </button>
        <button type="button" className="button button--secondary" onClick={showSiteChecks}>
          Site checks without a job
        </button>
      </div>
      {openError ? (
        <div className="alert" role="alert">
          <p className="alert__title">
            <span aria-hidden="true">✕ </span>The job could not be opened
          </p>
          <p className="alert__message">{openError.message}</p>
          <button type="button" className="button button--secondary" onClick={dismissOpenError}>
            Dismiss
          </button>
        </div>
      ) : null}
      <h3 className="job-list__heading">Recent jobs</h3>
      {list.kind === 'ready' ? (
        list.jobs.length === 0 ? (
          <p className="muted">No jobs yet: start one with New job.</p>
        ) : (
          <ul className="job-list__items">
            {list.jobs.map((j) => (
              <JobRow key={j.id} job={j} />
            ))}
          </ul>
        )
      ) : list.kind === 'failed' ? (
        <div className="alert" role="alert">
          <p className="alert__title">
            <span aria-hidden="true">✕ </span>The jobs could not be loaded
          </p>
          <p className="alert__message">{list.error.message}</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void loadList()}
          >
            Try again
          </button>
        </div>
      ) : (
        <p className="muted" role="status">
          Loading jobs…
        </p>
      )}
    </section>
  )
}
