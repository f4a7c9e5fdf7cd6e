/**
 * "Site checks": from the customer's network, can a device reach Microsoft 365, and what happens
 * when it tries STARTTLS? Self-contained (state in the store, no routing), so a later wizard can
 * show it as one of its steps.
 */
import { useEffect, useMemo, useRef, type FormEvent, type ReactNode } from 'react'

import { CheckCard } from '../components/check-card'
import { EndpointForm } from '../components/endpoint-form'
import { ErrorAlert } from '../components/error-alert'
import { RunSummary } from '../components/run-summary'
import { validateEndpoints } from '../domain/endpoint-form'
import { useAppStore } from '../store'

/** `notice`: shown under the heading (the wizard's "Deferred" notice for an offline run). */
export function SiteChecks({ notice }: { notice?: ReactNode } = {}) {
  const endpoints = useAppStore((s) => s.probes.endpoints)
  const runKind = useAppStore((s) => s.probes.run.kind)
  const cancelRequested = useAppStore(
    (s) => s.probes.run.kind === 'running' && s.probes.run.cancelRequested,
  )
  const order = useAppStore((s) => s.probes.order)
  const error = useAppStore((s) => s.probes.error)
  const runChecks = useAppStore((s) => s.probes.runChecks)
  const cancel = useAppStore((s) => s.probes.cancel)
  const dismissError = useAppStore((s) => s.probes.dismissError)

  const validation = useMemo(() => validateEndpoints(endpoints), [endpoints])
  const running = runKind === 'running'
  const runDisabledReason = running ? null : validation.firstProblem

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

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    // No navigation ever (the CSP has form-action 'none'); the store runs the checks.
    e.preventDefault()
    if (!running && validation.options) void runChecks()
  }

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

      <form className="site-checks__form" onSubmit={onSubmit} noValidate>
        <EndpointForm validation={validation} />
        <div className="actions">
          <button
            ref={runRef}
            type="submit"
            className="button button--primary button--large"
            disabled={running || validation.options === null}
            aria-describedby={runDisabledReason ? 'run-disabled-reason' : undefined}
          >
            Run checks
          </button>
          {running ? (
            <button
              ref={cancelRef}
              type="button"
              className="button button--secondary button--large"
              onClick={() => void cancel()}
              aria-disabled={cancelRequested || undefined}
            >
              {cancelRequested ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : null}
          {runDisabledReason ? (
            <p className="actions__reason" id="run-disabled-reason">
              Fix this first: {runDisabledReason}
            </p>
          ) : null}
        </div>
      </form>

      {error ? <ErrorAlert error={error} onDismiss={dismissError} /> : null}

      <section className="results" aria-labelledby="results-title">
        <h3
          id="results-title"
          className={order.length === 0 && runKind === 'idle' ? 'sr-only' : ''}
        >
          Results
        </h3>
        <RunSummary />
        <ol className="results__list" aria-live="polite">
          {order.map((id) => (
            <CheckCard key={id} id={id} />
          ))}
        </ol>
      </section>
    </section>
  )
}
