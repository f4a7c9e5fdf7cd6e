/**
 * The decision for a job, as the Decision and Configure steps both need it: the job's saved site
 * report, the device's capabilities (catalogue, corrected by the technician) and the answers,
 * with every unanswered question counted as "don't know". The rules live in shared/ (the report
 * uses the same ones); only the technician's local date is the renderer's own.
 */
export {
  DECISION_QUESTION_ORDER,
  decisionInput,
  jobDecision,
  jobFamily,
  type JobDecision,
} from '../../../shared/report/job-derive'

/** Today as YYYY-MM-DD in the technician's own time zone (the Basic-auth dates are calendar dates). */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}
