import { useEffect } from 'react'

import { assertNever } from '../../shared/assert-never'
import { OnlineIndicator } from './components/online-indicator'
import { StoreProblemsBanner } from './components/store-problems-banner'
import { About } from './screens/about'
import { BridgeMissing } from './screens/bridge-missing'
import { JobList } from './screens/job-list'
import { Outbox } from './screens/outbox'
import { Settings } from './screens/settings'
import { SiteChecks } from './screens/site-checks'
import { useAppStore } from './store'
import { Wizard } from './wizard/wizard'

function Screen() {
  const view = useAppStore((s) => s.wizard.view)
  const showJobList = useAppStore((s) => s.wizard.showJobList)
  switch (view.kind) {
    case 'job-list':
      return <JobList />
    case 'job':
      return <Wizard step={view.step} />
    case 'site-checks':
      return (
        <>
          <p className="back-link">
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => void showJobList()}
            >
              <span aria-hidden="true">← </span>All jobs
            </button>
          </p>
          <SiteChecks />
        </>
      )
    case 'outbox':
      return <Outbox />
    case 'settings':
      return <Settings />
    case 'about':
      return <About />
    default:
      return assertNever(view, 'view')
  }
}

/** The header's way into Settings, from any screen (it reads "current" while Settings is open). */
function SettingsButton() {
  const open = useAppStore((s) => s.wizard.view.kind === 'settings')
  const showSettings = useAppStore((s) => s.wizard.showSettings)
  return (
    <button
      type="button"
      className="app-header__button"
      aria-current={open ? 'page' : undefined}
      onClick={showSettings}
    >
      <span className="app-header__icon" aria-hidden="true">
        ⚙{'\uFE0E'}
      </span>{' '}
      Settings
    </button>
  )
}

/** The header's way to the global outbox (reports queued for the office, from every job). */
function OutboxButton() {
  const open = useAppStore((s) => s.wizard.view.kind === 'outbox')
  const showOutbox = useAppStore((s) => s.wizard.showOutbox)
  return (
    <button
      type="button"
      className="app-header__button"
      aria-current={open ? 'page' : undefined}
      onClick={() => void showOutbox()}
    >
      <span className="app-header__icon" aria-hidden="true">
        ✉{'\uFE0E'}
      </span>{' '}
      Outbox
    </button>
  )
}

/** The header's way to About (version, files, Copy diagnostics, Show log file). */
function AboutButton() {
  const open = useAppStore((s) => s.wizard.view.kind === 'about')
  const showAbout = useAppStore((s) => s.wizard.showAbout)
  return (
    <button
      type="button"
      className="app-header__button"
      aria-current={open ? 'page' : undefined}
      onClick={showAbout}
    >
      <span className="app-header__icon" aria-hidden="true">
        ?
      </span>{' '}
      About
    </button>
  )
}

export function App() {
  // Checked once per render of the shell: the bridge is installed before any app script runs.
  const hasBridge = useAppStore((s) => s.desktop.hasBridge())
  const followMenuCommands = useAppStore((s) => s.desktop.followMenuCommands)
  useEffect(() => followMenuCommands(), [followMenuCommands])
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-header__title">ScanPath</h1>
        {hasBridge ? (
          <div className="app-header__end">
            <OnlineIndicator />
            <OutboxButton />
            <SettingsButton />
            <AboutButton />
          </div>
        ) : null}
      </header>
      <main className="app-main">
        {hasBridge ? (
          <>
            <StoreProblemsBanner />
            <Screen />
          </>
        ) : (
          <BridgeMissing />
        )}
      </main>
    </div>
  )
}
