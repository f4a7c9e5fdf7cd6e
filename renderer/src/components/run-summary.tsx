import { assertNever } from '../../../shared/assert-never'
import { formatDuration, formatSummary } from '../domain/format'
import { useAppStore } from '../store'

/** One line about the run as a whole; a polite live region so its end is announced. */
export function RunSummary() {
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
      else if (run.report.offline)
        // Offline results are postponed, not "for information": say what they are.
        text = `Finished in ${formatDuration(run.report.durationMs)}: offline, ${
          run.report.checks.filter((c) => c.status !== 'pass').length
        } checks deferred until the site is online.`
      else
        text = `${run.report.cancelled ? 'Cancelled after' : 'Finished in'} ${formatDuration(
          run.report.durationMs,
        )}: ${formatSummary(run.report.summary)}.`
      break
    default:
      assertNever(run, 'run state')
  }
  const done = run.kind === 'done' && run.report !== null
  return (
    <p className={`run-summary${done ? ' run-summary--done' : ''}`} role="status">
      {text}
    </p>
  )
}
