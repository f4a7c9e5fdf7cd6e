import { BRIDGE_MISSING_MESSAGE } from '../api'

/** Shown instead of the app when `window.scanpath` is absent: say so plainly rather than crash. */
export function BridgeMissing() {
  return (
    <section className="bridge-missing" role="alert" aria-labelledby="bridge-missing-title">
      <h2 id="bridge-missing-title">ScanPath cannot start</h2>
      <p>{BRIDGE_MISSING_MESSAGE}</p>
      <p>
        Close this window and start ScanPath again from its shortcut. If this keeps happening,
        reinstall ScanPath.
      </p>
    </section>
  )
}
