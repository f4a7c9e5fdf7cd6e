/**
 * The Site checks screen's verdict line and row order: problems first (weighed against the job's
 * chosen method as the report weighs them, shared/report/method-relevance.ts), passes last.
 */
import type { MethodId } from '../../../shared/decision/types'
import type { SkipReason } from '../../../shared/probe-types'
import { checkAffectsMethod } from '../../../shared/report/method-relevance'
import type { CheckEntry } from './check-run'
import { deferredReason, isDeferred } from './deferred-check'
import type { BadgeStatus } from './status-meta'

/** The method the technician chose for the job, and the port the decision gave it. */
export interface ChosenMethod {
  id: MethodId
  title: string
  port: 587 | 25
}

/** One compact row of the results list. */
export interface CheckRowView {
  id: string
  title: string
  status: BadgeStatus
  /** False for a failure or warning that cannot affect the chosen method: listed, not counted. */
  counted: boolean
  /** One line: what happened (a skip says why it did not test). */
  summary: string
}

/** The first sentence of an explanation: explanations are written so that it stands alone. */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(?:\s+(?=[A-Z"(])|$)/s.exec(text.trim())
  return (m?.[1] ?? text).trim()
}

/**
 * Why a check did not test, in words: its own first sentence says it best ("No public address of
 * this site is known…"); a cancelled check's is only "Cancelled.", so that one is spelled out.
 */
function skipWhy(reason: SkipReason | undefined, explanation: string): string {
  if (reason === 'cancelled') return 'the run was cancelled before this check finished.'
  return firstSentence(explanation) || 'this check did not test.'
}

/**
 * How a check is shown: its result's status, `deferred` for an offline skip (to run again online),
 * `running` while the run lasts, and `skip` for a check the run ended without.
 */
export function entryStatus(entry: CheckEntry, running: boolean): BadgeStatus {
  const r = entry.result
  if (r) return isDeferred(r) ? 'deferred' : r.status
  return running ? 'running' : 'skip'
}

function summaryOf(entry: CheckEntry, status: BadgeStatus): string {
  const r = entry.result
  if (!r) return status === 'running' ? 'Running…' : 'Skipped — the run ended before this check.'
  switch (status) {
    case 'deferred':
      // The badge and the verdict already say "Deferred": the line says what did not answer.
      return firstSentence(deferredReason(r.explanation))
    case 'skip':
      return `Skipped — ${skipWhy(r.skipReason, r.explanation)}`
    default:
      return firstSentence(r.explanation)
  }
}

/** Worst first: counted failures, warnings, the rest of the problems, then skips, info, passes. */
function rank(row: CheckRowView): number {
  switch (row.status) {
    case 'fail':
      return row.counted ? 0 : 2
    case 'warn':
      return row.counted ? 1 : 2
    case 'running':
    case 'skip':
    case 'deferred':
      return 3
    case 'info':
      return 4
    case 'pass':
      return 5
  }
}

/**
 * The rows of a run. While it runs they keep the runner's order (rows do not jump as results
 * arrive); once it ended, worst first, each group in the runner's order.
 */
export function checkRows(
  order: readonly string[],
  checks: Readonly<Record<string, CheckEntry>>,
  opts: { running: boolean; method: ChosenMethod | null },
): CheckRowView[] {
  const rows: CheckRowView[] = []
  for (const id of order) {
    const entry = checks[id]
    if (!entry) continue
    const status = entryStatus(entry, opts.running)
    const problem = status === 'fail' || status === 'warn'
    const counted =
      !problem || checkAffectsMethod(id, opts.method?.id ?? null, opts.method?.port ?? null)
    rows.push({ id, title: entry.title, status, counted, summary: summaryOf(entry, status) })
  }
  if (opts.running) return rows
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => rank(a.row) - rank(b.row) || a.i - b.i)
    .map(({ row }) => row)
}

export type VerdictTone = 'fail' | 'warn' | 'pass' | 'incomplete'

export interface SiteVerdict {
  tone: VerdictTone
  /** "2 problems, 1 warning, 9 passed": worst first. */
  headline: string
  /** The failures that cannot affect the chosen method, and anything else the line must add. */
  notes: string[]
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** The verdict of a finished run, from its rows (see checkRows). */
export function siteVerdict(
  rows: readonly CheckRowView[],
  opts: { method: ChosenMethod | null; cancelled: boolean; offline: boolean },
): SiteVerdict {
  const n = (pred: (r: CheckRowView) => boolean) => rows.filter(pred).length
  const fail = n((r) => r.status === 'fail' && r.counted)
  const warn = n((r) => r.status === 'warn' && r.counted)
  const other = n((r) => (r.status === 'fail' || r.status === 'warn') && !r.counted)
  const skipped = n((r) => r.status === 'skip' || r.status === 'running')
  const deferred = n((r) => r.status === 'deferred')
  const info = n((r) => r.status === 'info')
  const pass = n((r) => r.status === 'pass')
  const notes: string[] = []
  if (opts.offline)
    return {
      tone: 'incomplete',
      headline: `Offline: ${count(deferred, 'check')} deferred until the site is online`,
      notes: ['Nothing on the internet answered, so nothing could be confirmed from this site.'],
    }
  const parts: string[] = []
  if (fail > 0) parts.push(count(fail, 'problem'))
  if (warn > 0) parts.push(count(warn, 'warning'))
  if (skipped + deferred > 0) parts.push(`${skipped + deferred} not tested`)
  parts.push(`${pass} passed`)
  if (info > 0) parts.push(`${info} for information`)
  const incomplete = opts.cancelled || skipped + deferred > 0
  const method = opts.method
  const prefix = `${opts.cancelled ? 'Cancelled: ' : ''}${method ? `For ${method.title}: ` : ''}`
  const lead =
    fail + warn === 0 && !incomplete ? (prefix ? 'no problems — ' : 'No problems — ') : ''
  const headline = `${prefix}${lead}${parts.join(', ')}`
  if (method && other > 0)
    notes.push(
      `${other === 1 ? '1 check that failed or warned cannot' : `${other} checks that failed or warned cannot`} affect ${method.title}: listed below, not counted.`,
    )
  const tone: VerdictTone =
    fail > 0 ? 'fail' : warn > 0 ? 'warn' : incomplete ? 'incomplete' : 'pass'
  return { tone, headline, notes }
}
