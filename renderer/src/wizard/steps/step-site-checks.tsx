import { useEffect } from 'react'

import { SiteChecks } from '../../screens/site-checks'
import { useAppStore } from '../../store'
import { TimingWaterfall } from '../timing-waterfall'

/**
 * The Site checks screen for this job: its form starts with the job's domain and MX host, the
 * job's last report is shown until a new run replaces it, and a finished run is saved into the
 * job (store/job-run-link.ts).
 */
export function StepSiteChecks() {
  const jobId = useAppStore((s) => s.jobs.current?.id)
  const enterSiteChecks = useAppStore((s) => s.wizard.enterSiteChecks)
  const savedAt = useAppStore((s) => s.jobs.current?.lastReport?.startedAt ?? null)
  useEffect(() => {
    enterSiteChecks()
  }, [jobId, enterSiteChecks])
  return (
    <div className="step step-site-checks">
      <SiteChecks />
      <p className="step-site-checks__saved muted">
        {savedAt
          ? `The results of the run started ${new Date(savedAt).toLocaleString()} are saved with this job.`
          : 'The results of the next run are saved with this job.'}
      </p>
      <TimingWaterfall />
    </div>
  )
}
