/**
 * The report as readable HTML in the app: the verdict, the job and device, the method and why, the
 * ways out and the device settings here; the evidence sections in report-evidence.tsx.
 */
import type { JobReport, ReportFinding } from '../../../shared/report/report-model'
import { displayText } from '../../../shared/display-text'
import { siteRelayLines } from '../../../shared/report/site-relay-report'
import { headlineBody, verdictMeta } from '../domain/report-view'
import { CopyButton } from '../components/copy-button'
import { CONFIDENCE_LABELS } from '../domain/device-facts'
import {
  AdminSection,
  CapturesSection,
  ChecklistSection,
  ChecksSection,
  IssuesSection,
  RepliesSection,
} from './report-evidence'

/** The verdict first: what the office reads before anything else. */
export function VerdictBox({ report }: { report: JobReport }) {
  const meta = verdictMeta(report.verdict.status)
  return (
    <div className={`verdict ${meta.className}`} data-verdict={report.verdict.status}>
      <p className="verdict__status">
        <span className="verdict__icon" aria-hidden="true">
          {meta.icon}
        </span>{' '}
        {meta.label}
      </p>
      <p className="verdict__headline">
        {headlineBody(report.verdict.status, report.verdict.headline)}
      </p>
    </div>
  )
}

function Facts({ report }: { report: JobReport }) {
  const { job, device } = report
  const rows: [string, string][] = [
    ['Customer', job.customer],
    ['Site', job.site],
    ['Mail domain', job.domain],
    ['Contact', job.contact],
    ['Technician', job.technician],
    ['Device', [device.familyName, device.model].filter(Boolean).join(' — ')],
    ['Address', device.address],
    ['Serial', device.serial],
    ['Firmware', device.firmware],
    ['Sender address', job.senderAddress],
  ]
  return (
    <dl className="report-facts">
      {rows.map(([label, value]) => (
        <div className="report-facts__row" key={label}>
          <dt>{label}</dt>
          <dd>{value.trim() ? displayText(value) : <span className="muted">Not given</span>}</dd>
        </div>
      ))}
    </dl>
  )
}

function FindingList({
  title,
  items,
  kind,
}: {
  title: string
  items: ReportFinding[]
  kind: string
}) {
  if (items.length === 0) return null
  return (
    <div className={`findings findings--${kind}`}>
      <p className="findings__title">{title}</p>
      <ul className="findings__list">
        {items.map((f) => (
          <li key={`${f.fact}|${f.text}`}>{displayText(f.text)}</li>
        ))}
      </ul>
    </div>
  )
}

function MethodSection({ report }: { report: JobReport }) {
  const { chosen, summary, pickBlocked, alternatives, siteRelay } = report.method
  return (
    <section className="report-section" aria-labelledby="report-method">
      <h3 id="report-method">Method and why</h3>
      {siteRelay ? (
        <div className="report-site-relay" data-site-relay>
          <p className="report-method__chosen">
            <strong>{siteRelay.title}</strong>{' '}
            <span className="muted">
              (a way out: the device sends to it; it signs in to Microsoft 365)
            </span>
          </p>
          <dl className="report-facts">
            {siteRelayLines(siteRelay).map((l) => (
              <div className="report-facts__row" key={l.label}>
                <dt>{l.label}</dt>
                <dd>{displayText(l.text)}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : chosen ? (
        <>
          <p className="report-method__chosen">
            <strong>{chosen.title}</strong>{' '}
            <span className="muted">
              ({chosen.source === 'technician' ? "the technician's pick" : 'recommended'})
            </span>
          </p>
          {/* The decision's summary repeats the title, reasons and warnings listed here. */}
          <FindingList title="Why" items={chosen.reasons} kind="reason" />
          <FindingList title="Watch out" items={chosen.warnings} kind="warning" />
          <FindingList title="Still to answer" items={chosen.openQuestions ?? []} kind="open" />
        </>
      ) : (
        <p>No Microsoft 365 method can work here yet. {summary}</p>
      )}
      {pickBlocked ? (
        <FindingList
          title={`The picked method (${pickBlocked.title}) is blocked`}
          items={pickBlocked.blockers}
          kind="blocker"
        />
      ) : null}
      {alternatives.length > 0 ? (
        <details className="report-alternatives">
          <summary>Other methods ({alternatives.length})</summary>
          <ul>
            {alternatives.map((a) => (
              <li key={a.id}>
                <strong>{a.title}</strong>
                {a.viable
                  ? ' — possible'
                  : ` — blocked: ${a.blockers.map((b) => b.text).join(' ')}`}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  )
}

/** When no method fits: the ways out, best first, as the Decision step shows them. */
function WaysOutSection({ report }: { report: JobReport }) {
  const ways = report.method.waysOut ?? []
  if (report.method.chosen || ways.length === 0) return null
  return (
    <section className="report-section" aria-labelledby="report-ways-out">
      <h3 id="report-ways-out">Ways out</h3>
      <p className="muted">
        No Microsoft 365 method fits as things stand; these get the mail flowing instead, best first
        for this site.
      </p>
      <ol className="report-ways-out">
        {ways.map((w) => (
          <li key={w.id} data-way-out={w.id}>
            <strong>{w.title}</strong>{' '}
            <span className="muted">({CONFIDENCE_LABELS[w.confidence].toLowerCase()})</span>
            <p>{w.why}</p>
            <ul>
              {w.takes.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
            {w.caveats.length > 0 ? (
              <p className="muted">Know before choosing it: {w.caveats.join(' ')}</p>
            ) : null}
            <p className="report-ways-out__sources">Sources: {w.sources.join(' ')}</p>
          </li>
        ))}
      </ol>
    </section>
  )
}

function SettingsSection({ report }: { report: JobReport }) {
  if (report.settings.length === 0) return null
  return (
    <section className="report-section" aria-labelledby="report-settings">
      <h3 id="report-settings">Settings on the device</h3>
      <table className="report-table">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {report.settings.map((s) => (
            <tr key={s.key ?? s.label}>
              <th scope="row">{s.label}</th>
              <td>
                <span className="mono">{s.value}</span>{' '}
                {s.value && s.copy !== false ? (
                  <CopyButton value={s.value} label={s.label} />
                ) : null}
                {s.hint ? <p className="report-table__hint muted">{s.hint}</p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

/** The whole report as readable HTML: the same data the PDF draws and the office receives. */
export function ReportPreview({ report }: { report: JobReport }) {
  return (
    <article className="report-preview" aria-label="Report preview">
      <Facts report={report} />
      <MethodSection report={report} />
      <WaysOutSection report={report} />
      <SettingsSection report={report} />
      <ChecksSection report={report} />
      <AdminSection report={report} />
      <ChecklistSection report={report} />
      <RepliesSection report={report} />
      <CapturesSection report={report} />
      <IssuesSection report={report} />
      <p className="muted report-preview__foot">
        Made {new Date(report.generatedAt).toLocaleString()} by ScanPath {report.appVersion}. No
        password is ever in a report.
      </p>
    </article>
  )
}
