import { getBridge } from './api'
import { BridgeMissing } from './screens/bridge-missing'
import { SiteChecks } from './screens/site-checks'

export function App() {
  // Checked once per render of the shell: the bridge is installed before any app script runs.
  const hasBridge = getBridge() !== null
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-header__title">ScanPath</h1>
      </header>
      <main className="app-main">{hasBridge ? <SiteChecks /> : <BridgeMissing />}</main>
    </div>
  )
}
