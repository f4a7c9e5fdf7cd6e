import { useEffect } from 'react'

import { useAppStore } from '../store'

/**
 * Data files found damaged at start-up: main moved them aside and loaded the rest. Said once,
 * plainly, so the technician knows what is missing and where support can find it.
 */
export function StoreProblemsBanner() {
  const problems = useAppStore((s) => s.appStatus.storeProblems)
  const dismissed = useAppStore((s) => s.appStatus.problemsDismissed)
  const load = useAppStore((s) => s.appStatus.loadStoreProblems)
  const dismiss = useAppStore((s) => s.appStatus.dismissStoreProblems)
  useEffect(() => {
    void load()
  }, [load])
  if (dismissed || problems.length === 0) return null
  return (
    <div className="store-problems" role="alert">
      <p className="store-problems__title">
        <span aria-hidden="true">⚠{'\uFE0E'} </span>
        {problems.length === 1
          ? 'One saved file was damaged and was set aside'
          : `${problems.length} saved files were damaged and were set aside`}
      </p>
      <ul className="store-problems__list">
        {problems.map((p) => (
          <li key={p.file}>{p.message}</li>
        ))}
      </ul>
      <button type="button" className="button button--secondary button--small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  )
}
