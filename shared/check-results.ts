/**
 * Reading a run's results by check id, typed: the one way code finds a check in a report (no
 * casts, no guessing from the shape of `data`), and how a run's statuses are counted.
 */
import type {
  CheckId,
  CheckResult,
  CheckResultOf,
  DiagnoseReport,
  DiagnoseSummary,
  ProbeStatus,
} from './probe-types'

/** The list as given, when it names every check id (it does not compile when one is missing). */
function everyCheckId<const T extends readonly CheckId[]>(
  ids: T & ([Exclude<CheckId, T[number]>] extends [never] ? unknown : never),
): T {
  return ids
}

/** Every site check id, in the order the runner plans them. */
export const CHECK_IDS = everyCheckId([
  'dns-submission-host',
  'reach-submission',
  'starttls-submission',
  'legacy-tls-submission',
  'reach-submission-smtp',
  'reach-implicit-tls',
  'dns-mx',
  'dns-spf',
  'reach-mx',
  'starttls-mx',
  'public-ip',
  'spf-verdict',
  'blocklists',
])

/** True when `result` is the result of the check `id` (its `data` then has that check's shape). */
export function isCheck<K extends CheckId>(result: CheckResult, id: K): result is CheckResultOf<K> {
  return result.id === id
}

/** The result of the check `id` in a run's results, or undefined when it was not part of the run. */
export function checkResult<K extends CheckId>(
  source: DiagnoseReport | readonly CheckResult[] | null | undefined,
  id: K,
): CheckResultOf<K> | undefined {
  const checks =
    source === null || source === undefined ? [] : 'checks' in source ? source.checks : source
  return checks.find((c): c is CheckResultOf<K> => isCheck(c, id))
}

/** How many results ended with each status. */
export function summarize(checks: readonly { status: ProbeStatus }[]): DiagnoseSummary {
  const s: DiagnoseSummary = { pass: 0, warn: 0, fail: 0, info: 0, skip: 0 }
  for (const c of checks) s[c.status] += 1
  return s
}
