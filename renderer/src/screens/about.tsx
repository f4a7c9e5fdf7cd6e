import { useEffect, useRef } from 'react'

import { backLabel } from '../domain/back-label'
import { useAppStore } from '../store'

/**
 * About ScanPath: the version and what it runs on, where its files are, and the two support
 * tools — "Copy diagnostics" (a redacted bundle, put on the clipboard by main) and "Show log
 * file". The copied text is shown too, so the technician sees exactly what leaves the laptop.
 */
export function About() {
  const close = useAppStore((s) => s.wizard.closeAbout)
  const back = useAppStore((s) => (s.wizard.view.kind === 'about' ? s.wizard.view.back : null))
  const headingRef = useRef<HTMLHeadingElement>(null)
  const load = useAppStore((s) => s.about.info)
  const copy = useAppStore((s) => s.about.diagnostics)
  const logProblem = useAppStore((s) => s.about.logProblem)
  const loadAbout = useAppStore((s) => s.about.load)
  const copyDiagnostics = useAppStore((s) => s.about.copyDiagnostics)
  const showLog = useAppStore((s) => s.about.showLogFile)
  const leave = useAppStore((s) => s.about.leave)

  useEffect(() => {
    headingRef.current?.focus()
    void loadAbout()
    return leave
  }, [loadAbout, leave])

  return (
    <section className="about" aria-labelledby="about-title">
      <p className="back-link">
        <button type="button" className="button button--secondary button--small" onClick={close}>
          <span aria-hidden="true">← </span>
          {backLabel(back)}
        </button>
      </p>
      <header className="screen-header">
        <h2 id="about-title" ref={headingRef} tabIndex={-1}>
          About ScanPath
        </h2>
        <p className="screen-header__lead">
          On-site checks and guided setup for printers, scanners and apps that send email through
          Microsoft 365.
        </p>
      </header>

      {load.kind === 'loading' ? (
        <p className="muted" role="status">
          Loading…
        </p>
      ) : load.kind === 'failed' ? (
        <p className="note note--fail" role="alert">
          {load.message}
        </p>
      ) : (
        <>
          <dl className="about__facts">
            <dt>Version</dt>
            <dd>
              {load.about.version}
              {load.about.packaged ? '' : ' (development build)'}
            </dd>
            <dt>Runs on</dt>
            <dd>
              Electron {load.about.versions.electron}, Chromium {load.about.versions.chrome},
              Node.js {load.about.versions.node}
            </dd>
            <dt>System</dt>
            <dd>{load.about.os}</dd>
            <dt>Data folder</dt>
            <dd className="about__path">{load.about.dataDir}</dd>
            <dt>Log file</dt>
            <dd className="about__path">{load.about.logFile}</dd>
          </dl>

          <section className="about__support" aria-labelledby="about-support-title">
            <h3 id="about-support-title">Support</h3>
            <p className="muted">
              Diagnostics describe this laptop, the app and its recent log, without passwords or
              tokens, and with e-mail addresses shortened to their domain. Paste them into a support
              ticket.
            </p>
            <div className="about__actions">
              <button
                type="button"
                className="button button--primary"
                disabled={copy.kind === 'copying'}
                onClick={() => void copyDiagnostics()}
              >
                {copy.kind === 'copying' ? 'Collecting…' : 'Copy diagnostics'}
              </button>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void showLog()}
              >
                Show log file
              </button>
            </div>
            <div aria-live="polite">
              {copy.kind === 'failed' ? (
                <p className="note note--fail" role="alert">
                  {copy.message}
                </p>
              ) : null}
              {copy.kind === 'done' ? (
                <>
                  <p className={`note ${copy.copy.copied ? 'note--pass' : 'note--warn'}`}>
                    {copy.copy.copied
                      ? `Copied to the clipboard (${copy.copy.text.split('\n').length} lines). Paste it into the support ticket.`
                      : 'The clipboard could not be reached: select the text below and copy it.'}
                  </p>
                  <details className="about__copied" open={!copy.copy.copied}>
                    <summary>What was copied</summary>
                    <pre tabIndex={0} aria-label="Diagnostics text">
                      {copy.copy.text}
                    </pre>
                  </details>
                </>
              ) : null}
              {logProblem ? (
                <p className="note note--fail" role="alert">
                  {logProblem}
                </p>
              ) : null}
            </div>
          </section>
        </>
      )}
    </section>
  )
}
