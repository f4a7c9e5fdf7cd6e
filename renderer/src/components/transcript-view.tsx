import { displayText } from '../../../shared/display-text'
import type { TranscriptLine } from '../../../shared/probe-types'
import { transcriptMarker } from '../domain/check-details'

/**
 * The SMTP conversation with swaks' markers (`->` `<-`, `~>` `<~` inside TLS), monospace. Each
 * line is a block (one per line when copied), with a hanging indent for long replies. `about`
 * (the check's title) goes into the region's name: a page shows many transcripts, and a screen
 * reader's list of regions must tell them apart.
 */
export function TranscriptView({ lines, about }: { lines: TranscriptLine[]; about: string }) {
  if (lines.length === 0) return <p className="muted">No SMTP conversation for this check.</p>
  return (
    // Focusable so keyboard users can scroll a long transcript (it has a maximum height).
    <pre className="transcript" tabIndex={0} role="region" aria-label={`SMTP transcript: ${about}`}>
      {lines.map((line, i) => (
        <span key={i} className={`transcript__line transcript__line--${line.dir}`}>
          <span className="transcript__time">{`${Math.round(line.tMs)}`.padStart(6)} ms </span>
          <span className="transcript__marker">{transcriptMarker(line)}</span>{' '}
          {displayText(line.text)}
        </span>
      ))}
    </pre>
  )
}
