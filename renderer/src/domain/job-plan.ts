/**
 * The Configure step's inputs from a job: the MX host (typed in the job, else what DNS said), the
 * site's public IP and the SPF record to publish (from the saved site report). Pure, unit-tested.
 */
import type { ConfigStep } from '../../../shared/configure/plan'
import { configurationPlan } from '../../../shared/configure/plan'
import { siteFactsFromReport } from '../../../shared/decision/facts'
import type { MethodId } from '../../../shared/decision/types'
import type { Job } from '../../../shared/job-types'
import type { DnsMxData, SpfVerdictData } from '../../../shared/probe-types'
import { normalizeMailDomain } from './mail-domain'
import { jobFamily } from './job-decision'

function checkData<T>(job: Job, id: string): T | null {
  return (job.lastReport?.checks.find((c) => c.id === id)?.data as T | null | undefined) ?? null
}

export function jobPlan(job: Job, method: MethodId): ConfigStep[] {
  const mxFromDns = checkData<DnsMxData>(job, 'dns-mx')?.m365Endpoint ?? null
  return configurationPlan({
    method,
    family: jobFamily(job),
    domain: normalizeMailDomain(job.domain) || 'example.com',
    senderAddress: job.senderAddress.trim(),
    mxHost: job.mxHost.trim() || mxFromDns,
    publicIp: siteFactsFromReport(job.lastReport).publicIp,
    spfRecord: checkData<SpfVerdictData>(job, 'spf-verdict')?.suggestedRecord ?? null,
  })
}

/** "3 of 7 steps done". */
export function checklistProgress(
  steps: readonly ConfigStep[],
  job: Job,
): { done: number; total: number } {
  const done = steps.filter((s) => job.checklist[s.id]?.done).length
  return { done, total: steps.length }
}
