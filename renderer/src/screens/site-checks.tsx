/**
 * "Site checks": from the customer's network, can a device reach Microsoft 365, and what happens
 * when it tries STARTTLS? Self-contained (state in the store, no routing), so a later wizard can
 * show it as one of its steps. Once checks have run: one verdict line, a compact row per check
 * (problems first, each unfolds on demand) and the form folded into one line.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react'

import { CheckCard } from '../components/check-card'
import { EndpointForm } from '../components/endpoint-form'
import { ErrorAlert } from '../components/error-alert'
import { RunSummary } from '../components/run-summary'
import { useChosenMethod } from '../components/use-chosen-method'
import { endpointsSummary, validateEndpoints } from '../domain/endpoint-form'
import { checkRows } from '../domain/site-verdict'
import { useAppStore } from '../store'

/**
 * `notice`: shown under the heading (the wizard's "Deferred" notice for an offline run).
 * `runIsMain`: whether Run is the screen's main (primary) action once checks have run; the wizard
 * says no, its Next is then the main action.
 * `runAgainInNotice`: the notice offers to run the checks again, so the folded form does not too.
 */
export function SiteChecks({
  notice,
  runIsMain = true,
  runAgainInNotice = false,
}: { notice?: ReactNode; runIsMain?: boolean; runAgainInNotice?: boolean } = {}) {
  const endpoints = useAppStore((s) => s.probes.endpoints)
  const runKind = useAppStore((s) => s.probes.run.kind)
  const cancelRequested = useAppStore(
    (s) => s.probes.run.kind === 'running' && s.probes.run.cancelRequested,
  )
  const order = useAppStore((s) => s.probes.order)
  const checks = useAppStore((s) => s.probes.checks)
  const error = useAppStore((s) => s.probes.error)
  const runChecks = useAppStore((s) => s.probes.runChecks)
  const cancel = useAppStore((s) => s.probes.cancel)
  const dismissError = useAppStore((s) => s.probes.dismissError)
  const method = useChosenMethod()

  const validation = useMemo(() => validateEndpoints(endpoints), [endpoints])
  const running = runKind === 'running'
  const runDisabledReason = running ? null : validation.firstProblem
  const rows = useMemo(
    () => checkRows(order, checks, { running, method }),
    [order, checks, running, method],
  )

  // The form folds into one line once checks have run (or a saved run is shown); "Change" opens it.
  const [editing, setEditing] = useState(false)
  const folded = (order.length > 0 || runKind !== 'idle') && !editing
  const formRef = useRef<HTMLFormElement>(null)
  const openForm = () => {
    setEditing(true)
    // After the form is shown: its first field.
    requestAnimationFrame(() => formRef.current?.querySelector('input')?.focus())
  }

  // Keep focus somewhere sensible: the Run button is disabled while running (focus would fall to
  // the page), so focus moves to Cancel; when Cancel disappears, focus goes back to Run.
  const runRef = useRef<HTMLButtonElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const active = document.activeElement
    const lost = active === null || active === document.body
    if (running && (lost || active === runRef.current)) cancelRef.current?.focus()
    else if (!running && lost) runRef.current?.focus()
  }, [running])

  const start = () => {
    if (running || !validation.options) return
    setEditing(false)
    void runChecks()
  }
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    // No navigation ever (the CSP has form-action 'none'); the store runs the checks.
    e.preventDefault()
    start()
  }

  // Before any run, Run is the one thing to do; after one, it is main unless the host says not.
  const kind = !folded || runIsMain ? 'button--primary' : 'button--secondary'
  const size = folded ? '' : ' button--large'
  const runButton = (label: string, submit: boolean) => (
    <button
      ref={runRef}
      type={submit ? 'submit' : 'button'}
      className={`button ${kind}${size}`}
      disabled={running || validation.options === null}
      aria-describedby={runDisabledReason ? 'run-disabled-reason' : undefined}
      onClick={submit ? undefined : start}
    >
      {label}
    </button>
  )
  const cancelButton = running ? (
    <button
      ref={cancelRef}
      type="button"
      className={`button button--secondary${size}`}
      onClick={() => void cancel()}
      aria-disabled={cancelRequested || undefined}
    >
      {cancelRequested ? 'Cancelling…' : 'Cancel'}
    </button>
  ) : null
  const reason = runDisabledReason ? (
    <p className="actions__reason" id="run-disabled-reason">
      Fix this first: {runDisabledReason}
    </p>
  ) : null

  return (
    <section className="site-checks" aria-labelledby="site-checks-title">
      <header className="screen-header">
        <h2 id="site-checks-title">Site checks</h2>
        <p className="screen-header__lead">
          From this network, can a device reach Microsoft 365 on ports 587 and 25, what happens when
          it tries STARTTLS, and how do receivers see mail from this site?
        </p>
        <p className="screen-header__note">
          Run them on the laptop connected to the same network as the printer or scanner.
        </p>
      </header>
      {notice}

      {folded ? (
        <div className="run-setup" role="group" aria-labelledby="run-setup-label">
          <p className="run-setup__summary">
            <span className="run-setup__label" id="run-setup-label">
              Checked:
            </span>{' '}
            <span className="run-setup__values">{endpointsSummary(endpoints)}</span>
          </p>
          <div className="actions run-setup__actions">
            <button
              type="button"
              className="button button--secondary"
              onClick={openForm}
              disabled={running}
            >
              Change
            </button>
            {runAgainInNotice ? null : runButton('Run checks again', false)}
            {cancelButton}
            {reason}
          </div>
        </div>
      ) : null}
      {/* Folded, the form stays in the page (hidden), so what was typed is kept as typed. */}
      <form
        ref={formRef}
        className="site-checks__form"
        onSubmit={onSubmit}
        noValidate
        hidden={folded}
      >
        <EndpointForm validation={validation} />
        {folded ? null : (
          <div className="actions">
            {runButton('Run checks', true)}
            {cancelButton}
            {reason}
          </div>
        )}
      </form>

      {error ? <ErrorAlert error={error} onDismiss={dismissError} /> : null}

      <section className="results" aria-labelledby="results-title">
        <h3
          id="results-title"
          className={order.length === 0 && runKind === 'idle' ? 'sr-only' : ''}
        >
          Results
        </h3>
        <RunSummary rows={rows} method={method} />
        {/* Not a live region: the rows are reordered worst first when the run ends, which would
            read every row out again; the verdict above (role="status") announces the outcome. */}
        <ol className="results__list">
          {rows.map((row) => (
            <CheckCard key={row.id} row={row} methodTitle={method?.title ?? null} />
          ))}
        </ol>
      </section>
    </section>
  )
}
