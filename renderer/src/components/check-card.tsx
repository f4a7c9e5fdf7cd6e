import { displayText } from '../../../shared/display-text'
import { deferredReason, isDeferred } from '../domain/deferred-check'
import { formatDuration } from '../domain/format'
import type { BadgeStatus } from '../domain/status-meta'
import { useAppStore } from '../store'
import { CheckDetails } from './check-details'
import { StatusBadge } from './status-badge'

/** One check in the results list, subscribed to its own entry only. */
export function CheckCard({ id }: { id: string }) {
  const entry = useAppStore((s) => s.probes.checks[id])
  const running = useAppStore((s) => s.probes.run.kind === 'running')
  if (!entry) return null
  const result = entry.result
  // A check with no result after the run ended was stopped with the run (error or lost bridge).
  const deferred = result !== null && isDeferred(result)
  // An offline check is postponed, not informational: it says so, and says it must run again.
  const status: BadgeStatus = result
    ? deferred
      ? 'deferred'
      : result.status
    : running
      ? 'running'
      : 'skip'
  return (
    <li className={`check check--${status}`} data-check-id={id} data-status={status}>
      <div className="check__head">
        <StatusBadge status={status} />
        <h4 className="check__title">{entry.title}</h4>
        {result ? (
          <span className="check__duration">{formatDuration(result.durationMs)}</span>
        ) : null}
      </div>
      {result ? (
        <>
          <p className="check__explanation">
            {/* Explanations quote what servers sent: shown through the shared display function. */}
            {displayText(
              deferred
                ? `Deferred until the site is online: ${deferredReason(result.explanation)}`
                : result.explanation,
            )}
          </p>
          {result.fix ? (
            <div className="check__fix">
              <span className="check__fix-label">What to do:</span> {displayText(result.fix)}
            </div>
          ) : null}
          <CheckDetails result={result} />
        </>
      ) : running ? null : (
        <p className="check__explanation">The run ended before this check finished.</p>
      )}
    </li>
  )
}
