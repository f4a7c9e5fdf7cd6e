import { assertNever } from '../../../shared/assert-never'
import { formatDuration } from '../domain/format'
import { siteVerdict, type ChosenMethod, type CheckRowView } from '../domain/site-verdict'
import { useAppStore } from '../store'

const TONE_MARK = { fail: '✕', warn: '⚠\uFE0E', incomplete: '–', pass: '✓' } as const

/**
 * The run as a whole: while it runs, what it is doing; once done, the verdict line (problems
 * first, weighed against the chosen method) and how long it took. A polite live region, so the
 * end of a run is announced.
 */
export function RunSummary({
  rows,
  method,
}: {
  rows: readonly CheckRowView[]
  method: ChosenMethod | null
}) {
  const run = useAppStore((s) => s.probes.run)
  const planned = useAppStore((s) => s.probes.order.length)
  let text = ''
  switch (run.kind) {
    case 'idle':
      break
    case 'running':
      if (run.cancelRequested) text = 'Cancelling…'
      else text = planned > 0 ? `Running ${planned} checks…` : 'Starting…'
      break
    case 'done':
      if (run.report === null) text = 'The run stopped before it finished.'
      break
    default:
      assertNever(run, 'run state')
  }
  if (run.kind !== 'done' || run.report === null)
    return (
      <p className="run-summary" role="status">
        {text}
      </p>
    )
  const { report } = run
  const verdict = siteVerdict(rows, {
    method,
    cancelled: report.cancelled,
    offline: report.offline,
  })
  return (
    <div
      className={`run-summary run-summary--done site-verdict site-verdict--${verdict.tone}`}
      role="status"
      data-tone={verdict.tone}
    >
      <p className="site-verdict__headline">
        <span className="site-verdict__mark" aria-hidden="true">
          {TONE_MARK[verdict.tone]}
        </span>{' '}
        {verdict.headline}
      </p>
      {verdict.notes.map((n) => (
        <p key={n} className="site-verdict__note">
          {n}
        </p>
      ))}
      <p className="site-verdict__time">
        {report.cancelled ? 'Cancelled after' : 'Finished in'} {formatDuration(report.durationMs)}
      </p>
    </div>
  )
}
