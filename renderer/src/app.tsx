import { assertNever } from '../../shared/assert-never'
import { getBridge } from './api'
import { BridgeMissing } from './screens/bridge-missing'
import { JobList } from './screens/job-list'
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
    default:
      return assertNever(view, 'view')
  }
}

export function App() {
  // Checked once per render of the shell: the bridge is installed before any app script runs.
  const hasBridge = getBridge() !== null
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-header__title">ScanPath</h1>
      </header>
      <main className="app-main">{hasBridge ? <Screen /> : <BridgeMissing />}</main>
    </div>
  )
}
