/**
 * Verify for a site relay, live: ScanPath watches the relay's status link (with the pairing code
 * `scanpath relay pair` shows) and shows the device's test message arriving and being delivered
 * to Microsoft 365, or why not. Main decides the outcome and keeps it with the job.
 */
import { useEffect, useState, type FormEvent } from 'react'

import {
  timelineLine,
  WAITING_TEXT,
  type RelayWatchView,
} from '../../../shared/configure/relay-watch'
import type { Job, SiteRelay } from '../../../shared/job-types'
import { normalizeRelayCode, RELAY_STATUS_PORT } from '../../../shared/relay-link'
import { TextField } from '../components/text-field'
import { portProblemSentence } from '../domain/port'
import { verifyPassed } from '../domain/step-hold'
import { useAppStore } from '../store'
import { SavedOutcome } from './verify-outcome'

const MODE_TEXT = {
  starttls: 'STARTTLS offered',
  'starttls-required': 'STARTTLS required',
  none: 'no TLS',
} as const

const TONE_MARK = { info: '→', pass: '✓', warn: '…', fail: '✕' } as const

/** The relay as its status link describes itself, in one line. */
function RelayLine({ status }: { status: NonNullable<RelayWatchView['status']> }) {
  return (
    <p className="relay-watch__relay" data-relay-status>
      <span className="note__label">Connected to the relay:</span>{' '}
      {status.listening ? `listening on ${status.listening}` : 'not listening for devices'},{' '}
      {MODE_TEXT[status.tlsMode]}, sends as {status.account}; {status.queued} queued,{' '}
      {status.failed} failed.
      {status.signInWarning ? ` ${status.signInWarning}` : ''}
    </p>
  )
}

/** What happened since Watch, in words: waiting, arrived, delivered or why not. */
function Timeline({ view }: { view: RelayWatchView }) {
  if (view.state === 'connecting')
    return (
      <p className="relay-watch__waiting" data-relay-watch="connecting">
        Connecting to the relay at {view.address}:{view.port}…
      </p>
    )
  if (!view.status) return null
  return (
    <>
      <RelayLine status={view.status} />
      <ol className="relay-watch__timeline" data-relay-timeline>
        {view.events.map((e, i) => {
          const line = timelineLine(e)
          return (
            <li key={i} className={`relay-watch__event relay-watch__event--${line.tone}`}>
              <span aria-hidden="true" className="relay-watch__mark">
                {TONE_MARK[line.tone]}
              </span>
              <span>
                {line.text}
                {line.fix ? (
                  <span className="relay-watch__fix">
                    <span className="note__label">Fix:</span> {line.fix}
                  </span>
                ) : null}
              </span>
            </li>
          )
        })}
        {view.state === 'watching' && !view.outcome?.passed ? (
          <li className="relay-watch__event relay-watch__event--wait" data-relay-waiting>
            <span aria-hidden="true" className="relay-watch__mark">
              …
            </span>
            <span>{WAITING_TEXT}</span>
          </li>
        ) : null}
      </ol>
      {view.outcome ? (
        <p
          className={`note ${view.outcome.passed ? 'note--pass' : 'note--fail'}`}
          data-relay-outcome={view.outcome.passed ? 'pass' : 'fail'}
        >
          <span className="note__label">
            {view.outcome.passed
              ? 'Verified, saved with this job:'
              : 'Not verified, saved with this job:'}
          </span>{' '}
          {view.outcome.text}
        </p>
      ) : null}
    </>
  )
}

export function RelayWatchPanel({ job, relay }: { job: Job; relay: SiteRelay }) {
  const view = useAppStore((s) => s.relayWatch.view)
  const codeSaved = useAppStore((s) => s.relayWatch.codeSaved)
  const error = useAppStore((s) => s.relayWatch.error)
  const busy = useAppStore((s) => s.relayWatch.busy)
  const load = useAppStore((s) => s.relayWatch.load)
  const start = useAppStore((s) => s.relayWatch.start)
  const stop = useAppStore((s) => s.relayWatch.stop)
  const leave = useAppStore((s) => s.relayWatch.leave)
  const goTo = useAppStore((s) => s.wizard.goTo)
  const [port, setPort] = useState(String(RELAY_STATUS_PORT))
  const [code, setCode] = useState('')
  const [shown, setShown] = useState(false)

  // Another job, or leaving the step, stops the watch; a kept code is looked up for this relay.
  const portNumber = Number(port)
  const portError = portProblemSentence(port, String(RELAY_STATUS_PORT))
  useEffect(() => leave, [leave, job.id])
  useEffect(() => {
    if (portError === null) void load(job.id, portNumber)
  }, [load, job.id, portNumber, portError])

  const address = relay.address.trim()
  const typed = code.trim()
  const normalized = typed === '' ? null : normalizeRelayCode(typed)
  const codeError =
    normalized && 'problem' in normalized
      ? `${normalized.problem[0]!.toUpperCase()}${normalized.problem.slice(1)}.`
      : typed === '' && !codeSaved
        ? 'Type the pairing code: on the relay machine, `scanpath relay pair` shows it.'
        : null
  const active = view?.state === 'connecting' || view?.state === 'watching'

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setShown(true)
    if (busy || portError || codeError) return
    const req = {
      jobId: job.id,
      port: portNumber,
      code: normalized && 'code' in normalized ? normalized.code : null,
    }
    // The code goes to main (and the keychain) once: it does not stay in the page.
    setCode('')
    setShown(false)
    void start(req)
  }

  return (
    <section className="relay-watch" aria-labelledby="relay-watch-title">
      <h4 id="relay-watch-title">Watch the relay</h4>
      <p className="relay-watch__lead">
        ScanPath connects to the relay&apos;s status link and shows the device&apos;s test message
        arriving at the relay and the relay&apos;s delivery to Microsoft 365.
      </p>
      {address === '' ? (
        <p className="note note--warn">
          Type the relay machine&apos;s address in Configure first.{' '}
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => goTo('configure')}
          >
            Go to Configure
          </button>
        </p>
      ) : (
        <form className="relay-watch__form" onSubmit={submit} noValidate>
          <p className="relay-watch__address">
            <span className="field__label">Relay</span>{' '}
            <span className="mono" data-relay-address>
              {address}
            </span>
            {active && view ? <span className="muted">status link on port {view.port}</span> : null}{' '}
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => goTo('configure')}
            >
              Change it in Configure
            </button>
          </p>
          {active ? null : (
            <>
              <TextField
                label="Status port"
                value={port}
                onValueChange={setPort}
                error={portError}
                hint={`${RELAY_STATUS_PORT} unless the relay's config sets status.port.`}
                inputMode="numeric"
                autoComplete="off"
                maxLength={5}
              />
              <TextField
                label="Pairing code"
                type="password"
                value={code}
                onValueChange={setCode}
                error={shown || (typed !== '' && codeError) ? codeError : null}
                hint={
                  codeSaved
                    ? 'A code is saved for this relay: leave this empty to use it, or type a new one.'
                    : 'Shown by `scanpath relay pair` on the relay machine; any case, dashes or not.'
                }
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
                data-relay-code
              />
            </>
          )}
          <div className="relay-watch__actions">
            {active ? (
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() => void stop()}
              >
                Stop watching
              </button>
            ) : (
              <button
                type="submit"
                className={`button ${verifyPassed(job) ? 'button--secondary' : 'button--primary'}`}
                aria-disabled={busy || undefined}
              >
                Watch
              </button>
            )}
          </div>
        </form>
      )}
      <div className="relay-watch__live" aria-live="polite">
        {error ? (
          <p className="note note--fail" data-relay-error>
            {error.message}
          </p>
        ) : null}
        {view?.problem ? (
          <p className="note note--fail" data-relay-problem={view.problem.kind}>
            {view.problem.message}
          </p>
        ) : null}
        {view ? <Timeline view={view} /> : null}
      </div>
      {view?.outcome ? null : <SavedOutcome job={job} />}
    </section>
  )
}
