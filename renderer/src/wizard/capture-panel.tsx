import { useEffect, useState } from 'react'

import { CAPTURE_STATUS_TEXT } from '../../../shared/capture-record'
import type { CaptureMethodVerdict, CaptureVerdict } from '../../../shared/capture-types'
import { displayText } from '../../../shared/display-text'
import { TextField } from '../components/text-field'
import { portProblemSentence } from '../domain/port'
import { CAPTURE_STATUS_TAG } from '../domain/status-meta'
import { useAppStore } from '../store'

const DEFAULT_PORT = '2525'

/**
 * Capture mode: the device is pointed at this laptop for a moment, and what it really sends
 * (greeting, STARTTLS, TLS version, sign-in, message) is shown against what Microsoft 365 needs.
 * The capture stops when the step is left, on Stop, or after its timeout. Main reports every
 * change, and keeps the finished sessions in the job for the report.
 */
export function CapturePanel({ deviceAddress }: { deviceAddress: string }) {
  const [port, setPort] = useState(DEFAULT_PORT)
  /** Empty: no implicit-TLS listener. */
  const [tlsPort, setTlsPort] = useState('')
  const status = useAppStore((s) => s.capture.status)
  const error = useAppStore((s) => s.capture.error)
  const busy = useAppStore((s) => s.capture.busy)
  const startCapture = useAppStore((s) => s.capture.start)
  const stop = useAppStore((s) => s.capture.stop)
  const leave = useAppStore((s) => s.capture.leave)
  const running = status?.running ?? false

  // Leaving the step stops the capture: the device must not keep sending to the laptop.
  useEffect(() => leave, [leave])

  const address = deviceAddress.trim()
  const pProblem = portProblemSentence(port, '2525')
  const tProblem =
    tlsPort.trim() === ''
      ? null
      : (portProblemSentence(tlsPort.trim(), '4650') ??
        (tlsPort.trim() === port ? 'Another port than the capture port.' : null))

  const start = () =>
    startCapture({
      deviceAddress: address,
      port: Number(port),
      tlsPort: tlsPort.trim() === '' ? null : Number(tlsPort.trim()),
    })

  return (
    <section className="capture" aria-labelledby="capture-title">
      <h3 id="capture-title">See what the device sends (capture)</h3>
      <p className="capture__lead">
        Point the device at this laptop for a moment: ScanPath answers like a mail server, shows
        what the device does (STARTTLS, TLS version, sign-in, message) and what Microsoft 365 would
        make of it. Nothing is delivered; a password the device sends is not kept.
      </p>
      {address === '' ? (
        <p className="note note--warn">
          Enter the device&apos;s IP address in the Device step first: the capture listens on this
          laptop&apos;s address on that network.
        </p>
      ) : !running ? (
        <div className="capture__start">
          <TextField
            label="Capture port"
            value={port}
            onValueChange={setPort}
            error={pProblem}
            hint="2525 needs no administrator rights; use 587 or 25 only if the device cannot be set to another port."
            inputMode="numeric"
            autoComplete="off"
          />
          <TextField
            label="SSL/TLS port (optional)"
            value={tlsPort}
            onValueChange={setTlsPort}
            error={tProblem}
            hint='For a device that only offers "SSL/TLS" (the 465 kind): e.g. 4650. Leave empty otherwise.'
            inputMode="numeric"
            autoComplete="off"
          />
          <div className="capture__actions">
            <button
              type="button"
              className="button button--secondary"
              disabled={busy || pProblem !== null || tProblem !== null}
              onClick={() => void start()}
            >
              Start capture
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p className="note note--fail" role="alert">
          {error.message}
        </p>
      ) : null}
      {status?.addresses && running ? (
        <div className="note capture__target" data-capture="running">
          <p>
            <span className="note__label">Listening.</span> On the device, set the SMTP server to{' '}
            <strong>{status.addresses.host}</strong>, port <strong>{status.addresses.port}</strong>
            {status.addresses.implicitTlsPort ? (
              <>
                {' '}
                (or port <strong>{status.addresses.implicitTlsPort}</strong> with security
                &quot;SSL/TLS&quot;)
              </>
            ) : null}
            , then send a test scan to email.
          </p>
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => void stop()}
          >
            Stop capture
          </button>
        </div>
      ) : null}
      {status && !running && status.stoppedBy ? (
        <p className="note" data-capture="stopped">
          {status.stoppedBy === 'timeout'
            ? 'The capture stopped after 15 minutes.'
            : 'The capture is stopped.'}
        </p>
      ) : null}
      {status?.sessions.length === 0 && running ? (
        <p className="capture__waiting" role="status">
          Waiting for the device to connect…
        </p>
      ) : null}
      <ol className="capture__sessions">
        {status?.sessions.map(({ session, verdict }) => (
          <li key={session.id} className="capture-session" data-session={session.id}>
            {/* The device's EHLO name, user name and addresses are in these texts. */}
            <p className="capture-session__summary">{displayText(verdict.summary)}</p>
            <CaptureMethodVerdicts verdict={verdict} />
            <div className="note note--warn capture-session__switch-back">
              <p>
                <span className="note__label">Switch the device back.</span> It now sends to this
                laptop instead of its mail server. {verdict.switchBack.advice}
              </p>
              {verdict.switchBack.settings.length > 0 ? (
                <dl>
                  {verdict.switchBack.settings.map((s) => (
                    <div key={s.label}>
                      <dt>{s.label}</dt>
                      <dd>{displayText(s.value)}</dd>
                    </div>
                  ))}
                </dl>
              ) : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  )
}

/** One method's verdict: its tag (coloured only for the job's method), title and findings. */
function MethodVerdict({ m, primary }: { m: CaptureMethodVerdict; primary: boolean }) {
  return (
    <li data-method={m.method} data-primary={primary ? 'true' : 'false'}>
      <span className={`tag ${primary ? CAPTURE_STATUS_TAG[m.status] : 'tag--neutral'}`}>
        {CAPTURE_STATUS_TEXT[m.status]}
      </span>{' '}
      <strong>{m.title}</strong>
      <ul>
        {m.findings.map((f) => (
          <li key={f}>{displayText(f)}</li>
        ))}
      </ul>
    </li>
  )
}

/**
 * The verdict for the job's chosen method first and in colour; the other method after it, for
 * comparison, in neutral tags. With no method chosen, all side by side in neutral tags.
 */
function CaptureMethodVerdicts({ verdict }: { verdict: CaptureVerdict }) {
  const chosen = verdict.methods.find((m) => m.method === verdict.chosen) ?? null
  const others = verdict.methods.filter((m) => m !== chosen)
  return (
    <>
      {chosen ? (
        <ul className="capture-session__methods capture-session__chosen">
          <MethodVerdict m={chosen} primary />
        </ul>
      ) : (
        <p className="capture-session__no-method">
          No sending method is chosen for this job yet: what the device did, judged for each method.
        </p>
      )}
      {others.length > 0 ? (
        <>
          {chosen ? (
            <p className="capture-session__others-label">
              Other methods, for comparison (not this job&apos;s method):
            </p>
          ) : null}
          <ul className="capture-session__methods capture-session__others">
            {others.map((m) => (
              <MethodVerdict key={m.method} m={m} primary={false} />
            ))}
          </ul>
        </>
      ) : null}
    </>
  )
}
