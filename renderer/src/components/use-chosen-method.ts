/**
 * The method the technician chose for the open job, when Site checks is shown as its step: the
 * verdict weighs each check against it. Null without a job, without a pick, or when the pick is
 * blocked now (then nothing is chosen yet, as far as the checks go).
 */
import { useMemo } from 'react'

import { jobDecision, localDate } from '../domain/job-decision'
import type { ChosenMethod } from '../domain/site-verdict'
import { useAppStore } from '../store'

export function useChosenMethod(): ChosenMethod | null {
  const atJob = useAppStore((s) => s.wizard.view.kind === 'job')
  const job = useAppStore((s) => s.jobs.current)
  return useMemo(() => {
    if (!atJob || !job || job.method === null) return null
    const { decision, method } = jobDecision(job, localDate())
    if (method !== job.method) return null
    const assessment = decision.ranked.find((m) => m.method === method)
    return assessment ? { id: method, title: assessment.title, port: assessment.port } : null
  }, [atJob, job])
}
