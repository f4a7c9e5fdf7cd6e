import type { CheckResult } from '../../../shared/probe-types'
import { detailBlocks, hasSmtpConversation } from '../domain/check-details'
import { formatDuration } from '../domain/format'
import { DetailBlockView } from './detail-block-view'
import { TranscriptView } from './transcript-view'

/**
 * The details of a finished check, shown when its row is unfolded: its facts, tables and records,
 * step timings and, for checks that speak SMTP, the transcript. Nothing when there is nothing to add.
 */
export function CheckDetails({ result }: { result: CheckResult }) {
  const blocks = detailBlocks(result)
  const transcript = result.transcript.length > 0 || hasSmtpConversation(result)
  if (blocks.length === 0 && result.phases.length === 0 && !transcript) return null
  return (
    <div className="check__details-body">
      {blocks.map((b, i) => (
        <DetailBlockView key={i} block={b} />
      ))}
      {result.phases.length > 0 ? (
        <p className="phases">
          <span className="phases__label">Steps: </span>
          {result.phases.map((p) => `${p.name} ${formatDuration(p.durationMs)}`).join(' · ')}
        </p>
      ) : null}
      {transcript ? (
        <>
          <h5 className="check__transcript-heading">Transcript</h5>
          <TranscriptView lines={result.transcript} about={result.title} />
        </>
      ) : null}
    </div>
  )
}
