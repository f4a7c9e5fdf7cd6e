/**
 * The report preview's evidence: the site checks, the tenant admin's part, the checklist, the
 * server replies explained, what the device did when captured, and the open issues.
 */
import type { JobReport, ReportCheck, ReportField } from '../../../shared/report/report-model'
import { displayText } from '../../../shared/display-text'
import { verifyOutcomeLine } from '../../../shared/report/build-report'
import { CodeBlock } from '../components/code-block'
import { StatusBadge } from '../components/status-badge'
import { deferredReason, isDeferred } from '../domain/deferred-check'
import { formatDuration } from '../domain/format'
import { checklistProgress, issueTag, whoLabel } from '../domain/report-view'
import { CopyButton } from '../components/copy-button'
import { CAPTURE_METHOD_SHORT, CAPTURE_STATUS_TEXT } from '../../../shared/capture-record'
import { CAPTURE_STATUS_TAG } from '../domain/status-meta'

function CheckRow({ check }: { check: ReportCheck }) {
  const deferred = isDeferred(check)
  return (
    <tr data-report-check={check.id}>
      <td>
        <StatusBadge status={deferred ? 'deferred' : check.status} />
      </td>
      <th scope="row">{displayText(check.title)}</th>
      <td>
        {/* Explanations quote what servers sent. */}
        {displayText(deferred ? deferredReason(check.explanation) : check.explanation)}
        {check.fix && !deferred ? (
          <p className="report-table__hint">
            <span className="check__fix-label">What to do:</span> {displayText(check.fix)}
          </p>
        ) : null}
      </td>
    </tr>
  )
}

export function ChecksSection({ report }: { report: JobReport }) {
  const checks = report.checks
  return (
    <section className="report-section" aria-labelledby="report-checks">
      <h3 id="report-checks">Site checks</h3>
      {checks === null ? (
        <p className="muted">The site checks were not run for this job.</p>
      ) : (
        <>
          <p className="muted">
            Run started {new Date(checks.startedAt).toLocaleString()}, took{' '}
            {formatDuration(checks.durationMs)}
            {checks.offline ? ' — offline: the checks are deferred until the site is online.' : '.'}
            {checks.cancelled ? ' Cancelled before the end.' : ''}
          </p>
          <table className="report-table report-table--checks">
            <thead>
              <tr>
                <th scope="col">Result</th>
                <th scope="col">Check</th>
                <th scope="col">What it means</th>
              </tr>
            </thead>
            <tbody>
              {checks.items.map((c) => (
                <CheckRow key={c.id} check={c} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}

function Fields({ fields, what }: { fields: ReportField[]; what: string }) {
  if (fields.length === 0) return null
  return (
    <dl className="report-fields">
      {fields.map((f) => (
        <div className="report-fields__row" key={`${f.label}|${f.value}`}>
          <dt>{f.label}</dt>
          <dd>
            <span className="mono">{displayText(f.value)}</span>{' '}
            <CopyButton value={displayText(f.value)} label={`${what}: ${f.label}`} />
          </dd>
        </div>
      ))}
    </dl>
  )
}

export function AdminSection({ report }: { report: JobReport }) {
  const { steps, spf, connector, powershell } = report.admin
  const anything =
    steps.length > 0 ||
    spf.recordToPublish !== null ||
    spf.suggestedRecord !== null ||
    connector !== null ||
    powershell.length > 0
  return (
    <section className="report-section" aria-labelledby="report-admin">
      <h3 id="report-admin">For the tenant admin</h3>
      {!anything ? <p className="muted">Nothing for the tenant admin with this method.</p> : null}
      {spf.recordToPublish ? (
        <CodeBlock
          label={`SPF record to publish for ${spf.domain}`}
          text={spf.recordToPublish}
          copyable
        />
      ) : null}
      {spf.suggestedRecord && spf.suggestedRecord !== spf.recordToPublish ? (
        <CodeBlock
          label={`Suggested SPF record for ${spf.domain}`}
          text={spf.suggestedRecord}
          copyable
        />
      ) : null}
      {spf.currentRecord ? (
        <CodeBlock label="SPF record published now" text={spf.currentRecord} copyable={false} />
      ) : null}
      {connector ? (
        <div className="report-admin__connector">
          <h4>Inbound connector</h4>
          <Fields fields={connector} what="Connector" />
        </div>
      ) : null}
      {steps.length > 0 ? (
        <ol className="report-admin__steps">
          {steps.map((s) => (
            <li key={s.id}>
              <p className="report-admin__step-title">{s.title}</p>
              <p>{s.text}</p>
              {s.where ? <p className="muted">Where: {s.where.join(' › ')}</p> : null}
              <Fields fields={s.fields.filter((f) => f.key !== 'powershell')} what={s.title} />
            </li>
          ))}
        </ol>
      ) : null}
      {powershell.map((line, i) => (
        <CodeBlock
          key={line}
          label={powershell.length > 1 ? `PowerShell (${i + 1})` : 'PowerShell'}
          text={line}
          copyable
        />
      ))}
    </section>
  )
}

export function ChecklistSection({ report }: { report: JobReport }) {
  // Only the plan's steps are rows, so the count matches what is shown.
  const steps = report.checklist.filter((c) => c.inPlan)
  const earlier = report.checklist.filter((c) => !c.inPlan)
  const verify = report.verifyOutcome ?? null
  if (steps.length === 0 && earlier.length === 0 && !verify) return null
  return (
    <section className="report-section" aria-labelledby="report-checklist">
      <h3 id="report-checklist">Checklist</h3>
      <p className="muted">{checklistProgress(steps)}</p>
      {steps.length ? (
        <ul className="report-checklist">
          {steps.map((item) => (
            <li
              key={item.stepId}
              className={`report-checklist__item${item.done ? ' report-checklist__item--done' : ''}`}
              data-step-id={item.stepId}
            >
              <span className="report-checklist__tick" aria-hidden="true">
                {item.done ? '☑' : '☐'}
              </span>
              <div>
                <p className="report-checklist__title">
                  <span className="sr-only">{item.done ? 'Done: ' : 'Not done: '}</span>
                  {item.title} <span className="muted">· {whoLabel(item.who)}</span>
                </p>
                {item.note.trim() ? (
                  <p className="report-checklist__note">Note: {item.note}</p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {earlier.map((item) => (
        <p key={item.stepId} className="muted report-checklist__earlier">
          Note kept from an earlier plan: {item.note}
        </p>
      ))}
      {verify ? (
        <p
          className={`note ${verify.passed ? 'note--pass' : 'note--fail'} report-verify-outcome`}
          data-verify-outcome={verify.passed ? 'pass' : 'fail'}
        >
          {verifyOutcomeLine(verify)}
        </p>
      ) : null}
    </section>
  )
}

export function RepliesSection({ report }: { report: JobReport }) {
  if (report.replies.length === 0) return null
  return (
    <section className="report-section" aria-labelledby="report-replies">
      <h3 id="report-replies">Server replies explained</h3>
      <ul className="report-replies">
        {report.replies.map((r) => (
          <li key={`${r.code}|${r.enhanced ?? ''}|${r.text}`} className="report-reply">
            <p className="mono report-reply__line">
              {r.code} {r.enhanced ?? ''} {displayText(r.text)}
            </p>
            <p>
              <strong>{r.gateTitle}</strong>
              {r.expected ? ' (expected: the check wanted this refusal)' : ''}: {r.meaning}
            </p>
            {!r.expected ? (
              <p>
                <span className="check__fix-label">What to do:</span> {r.fix}
              </p>
            ) : null}
            {r.powershell && !r.expected ? (
              <CodeBlock label={`PowerShell for ${r.code}`} text={r.powershell} copyable />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** What the device did when pointed at the laptop (Verify step's capture), newest first. */
export function CapturesSection({ report }: { report: JobReport }) {
  const captures = report.captures ?? []
  if (captures.length === 0) return null
  return (
    <section className="report-section" aria-labelledby="report-captures">
      <h3 id="report-captures">What the device did (capture)</h3>
      <ul className="report-captures">
        {[...captures].reverse().map((c) => (
          <li key={`${c.at}|${c.deviceAddress}`} className="report-capture">
            <p>
              <strong>{new Date(c.at).toLocaleString()}</strong>, from {c.deviceAddress}:{' '}
              {displayText(c.summary)}
            </p>
            <ul className="report-capture__verdicts">
              {c.verdicts.map((v) => (
                <li key={v.method}>
                  <span className={`tag ${CAPTURE_STATUS_TAG[v.status]}`}>
                    {CAPTURE_STATUS_TEXT[v.status]}
                  </span>{' '}
                  {CAPTURE_METHOD_SHORT[v.method]}
                  {v.findings.length > 0 ? `: ${displayText(v.findings.join(' '))}` : ''}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  )
}

export function IssuesSection({ report }: { report: JobReport }) {
  return (
    <section className="report-section" aria-labelledby="report-issues">
      <h3 id="report-issues">Open issues</h3>
      {report.openIssues.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul className="report-issues">
          {report.openIssues.map((i, n) => (
            <li key={`${i.kind}|${i.ref ?? n}`} data-issue={i.kind}>
              <span className="tag">{issueTag(i)}</span> {displayText(i.text)}
              {i.fix ? <p className="report-table__hint muted">{displayText(i.fix)}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
