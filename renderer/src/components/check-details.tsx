import type { ProbeResult } from '../../../shared/probe-types'
import { detailRows } from '../domain/check-details'
import { formatDuration } from '../domain/format'
import { TranscriptView } from './transcript-view'

/** The expandable "Details" of a finished check: key facts, step timings and the transcript. */
export function CheckDetails({ result }: { result: ProbeResult }) {
  const rows = detailRows(result.data)
  return (
    <details className="check__details">
      <summary className="check__details-toggle">Details</summary>
      <div className="check__details-body">
        {rows.length > 0 ? (
          <dl className="facts">
            {rows.map((r, i) => (
              <div className="facts__row" key={`${r.label}-${i}`}>
                <dt>{r.label}</dt>
                <dd>{r.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {result.phases.length > 0 ? (
          <p className="phases">
            <span className="phases__label">Steps: </span>
            {result.phases.map((p) => `${p.name} ${formatDuration(p.durationMs)}`).join(' · ')}
          </p>
        ) : null}
        <h5 className="check__transcript-heading">Transcript</h5>
        <TranscriptView lines={result.transcript} />
      </div>
    </details>
  )
}
