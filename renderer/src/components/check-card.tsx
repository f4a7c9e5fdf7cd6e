import { useId, useState } from 'react'

import { displayText } from '../../../shared/display-text'
import { deferredReason } from '../domain/deferred-check'
import { formatDuration } from '../domain/format'
import type { CheckRowView } from '../domain/site-verdict'
import { useAppStore } from '../store'
import { CheckDetails } from './check-details'
import { StatusBadge } from './status-badge'

/**
 * One check of the results list as a compact row: status mark and word, name and one line of what
 * happened. The row's button unfolds the rest (the whole explanation, facts, transcript). A counted
 * problem shows its "What to do" without unfolding: that is the next action.
 */
export function CheckCard({ row, methodTitle }: { row: CheckRowView; methodTitle: string | null }) {
  const entry = useAppStore((s) => s.probes.checks[row.id])
  const [open, setOpen] = useState(false)
  const bodyId = useId()
  if (!entry) return null
  const result = entry.result
  const { status } = row
  const fixInline = result?.fix && row.counted && (status === 'fail' || status === 'warn')
  const fix = result?.fix && status !== 'deferred' ? displayText(result.fix) : null
  const head = (
    <>
      <StatusBadge status={status} />
      <span className="check-row__text">
        <span className="check__title">{displayText(row.title)}</span>
        {/* Summaries quote what servers sent: shown through the shared display function. */}
        <span className="check-row__summary">{displayText(row.summary)}</span>
        {!row.counted && methodTitle ? (
          <span className="check-row__not-counted">Not counted: cannot affect {methodTitle}</span>
        ) : null}
      </span>
      {result ? <span className="check__duration">{formatDuration(result.durationMs)}</span> : null}
    </>
  )
  return (
    <li
      className={`check-row check-row--${status}`}
      data-check-id={row.id}
      data-status={status}
      data-counted={row.counted}
    >
      <h4 className="check-row__heading">
        {result ? (
          <button
            type="button"
            className="check-row__toggle"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpen((o) => !o)}
          >
            {head}
            <span className="check-row__more" aria-hidden="true">
              Details
            </span>
          </button>
        ) : (
          <span className="check-row__static">{head}</span>
        )}
      </h4>
      {fixInline && fix ? (
        <div className="check__fix">
          <span className="check__fix-label">What to do:</span> {fix}
        </div>
      ) : null}
      {result ? (
        <div className="check-row__body" id={bodyId} hidden={!open}>
          <p className="check__explanation">
            {displayText(
              status === 'deferred'
                ? `Deferred until the site is online: ${deferredReason(result.explanation)}`
                : result.explanation,
            )}
          </p>
          {fix && !fixInline ? (
            <div className="check__fix">
              <span className="check__fix-label">What to do:</span> {fix}
            </div>
          ) : null}
          <CheckDetails result={result} />
        </div>
      ) : null}
    </li>
  )
}
