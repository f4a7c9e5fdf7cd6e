import { useEffect } from 'react'

import { SiteChecks } from '../../screens/site-checks'
import { useAppStore } from '../../store'
import { TimingWaterfall } from '../timing-waterfall'

/**
 * Offline checklist mode: the saved run found no internet, so its checks are deferred. The job
 * keeps that report (nothing is blocked on the network); once main sees the network again, one
 * button runs the checks again with the same settings.
 */
function DeferredNotice() {
  const offlineRun = useAppStore((s) => s.jobs.current?.lastReport?.offline === true)
  const online = useAppStore((s) => s.appStatus.online)
  const running = useAppStore((s) => s.probes.run.kind === 'running')
  const runChecks = useAppStore((s) => s.probes.runChecks)
  if (!offlineRun) return null
  const isOnline = online.kind === 'known' && online.online
  return (
    <div className="deferred-notice" role="note" data-online={isOnline}>
      <p className="deferred-notice__title">
        <span aria-hidden="true">‖{'\uFE0E'} </span>Deferred: these checks ran without internet
      </p>
      <p className="deferred-notice__text">
        {isOnline
          ? 'The laptop is online now: run the checks again to confirm the method from this site.'
          : 'Carry on with the job from the checklist; the report says the checks are still to do. Run them again when the site is online.'}
      </p>
      {isOnline ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={running}
          onClick={() => void runChecks()}
        >
          Run the checks again
        </button>
      ) : null}
    </div>
  )
}

/**
 * The Site checks screen for this job: its form starts with the job's domain and MX host, the
 * job's last report is shown until a new run replaces it, and a finished run is saved into the
 * job (store/job-run-link.ts).
 */
export function StepSiteChecks() {
  const jobId = useAppStore((s) => s.jobs.current?.id)
  const enterSiteChecks = useAppStore((s) => s.wizard.enterSiteChecks)
  const savedAt = useAppStore((s) => s.jobs.current?.lastReport?.startedAt ?? null)
  const runAgainInNotice = useAppStore(
    (s) =>
      s.jobs.current?.lastReport?.offline === true &&
      s.appStatus.online.kind === 'known' &&
      s.appStatus.online.online,
  )
  useEffect(() => {
    enterSiteChecks()
  }, [jobId, enterSiteChecks])
  return (
    <div className="step step-site-checks">
      {/* The step's Next is its main action once checks have run (one primary button). */}
      <SiteChecks
        notice={<DeferredNotice />}
        runIsMain={false}
        runAgainInNotice={runAgainInNotice}
      />
      <p className="step-site-checks__saved muted">
        {savedAt
          ? `The results of the run started ${new Date(savedAt).toLocaleString()} are saved with this job.`
          : 'The results of the next run are saved with this job.'}
      </p>
      <TimingWaterfall />
    </div>
  )
}
