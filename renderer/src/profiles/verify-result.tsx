import { displayText } from '../../../shared/display-text'
import { CodeBlock } from '../components/code-block'
import { StatusBadge } from '../components/status-badge'
import { TranscriptView } from '../components/transcript-view'
import { formatDuration } from '../domain/format'
import { splitFix } from '../domain/profile-view'
import type { VerifyRunState } from '../store/profiles-slice'

/**
 * A Verify run inline: the verdict in plain words, what to do, and the SMTP conversation folded
 * away (passwords in it are redacted by main).
 */
export function VerifyResult({ run }: { run: VerifyRunState | undefined }) {
  if (!run) return null
  switch (run.kind) {
    case 'running':
      return (
        <div className="check check--running verify-result" data-verify="running" role="status">
          <div className="check__head">
            <StatusBadge status="running" />
            <h4 className="check__title">
              {run.mode === 'send' ? 'Sending a test message…' : 'Signing in…'}
            </h4>
          </div>
        </div>
      )
    case 'failed':
      return (
        <div className="alert verify-result" role="alert" data-verify="error">
          <p className="alert__title">
            <span aria-hidden="true">✕ </span>The test could not run
          </p>
          <p className="alert__message">{displayText(run.error.message)}</p>
        </div>
      )
    case 'done': {
      const r = run.result
      const fix = r.fix ? splitFix(r.fix) : null
      return (
        <div
          className={`check check--${r.status} verify-result`}
          data-verify={r.status}
          role="status"
        >
          <div className="check__head">
            <StatusBadge status={r.status} />
            <h4 className="check__title">{r.title}</h4>
            <span className="check__duration">{formatDuration(r.durationMs)}</span>
          </div>
          <p className="check__explanation">{displayText(r.explanation)}</p>
          {fix ? (
            <div className="check__fix">
              <span className="check__fix-label">What to do:</span> {displayText(fix.text)}
              {fix.command ? (
                <CodeBlock label="Admin's PowerShell" text={fix.command} copyable />
              ) : null}
            </div>
          ) : null}
          <details className="check__details">
            <summary className="check__details-toggle">SMTP transcript</summary>
            <div className="check__details-body">
              <TranscriptView lines={r.transcript} about={r.title} />
            </div>
          </details>
        </div>
      )
    }
  }
}
