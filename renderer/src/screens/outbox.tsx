import { useEffect, useRef } from 'react'

import { OutboxList } from '../report/outbox-list'
import { useAppStore } from '../store'

/** Every report queued for the office, from every job: what went, what waits, what failed. */
export function Outbox() {
  const showJobList = useAppStore((s) => s.wizard.showJobList)
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    headingRef.current?.focus()
  }, [])
  return (
    <section className="outbox-screen" aria-labelledby="outbox-title">
      <p className="back-link">
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void showJobList()}
        >
          <span aria-hidden="true">← </span>All jobs
        </button>
      </p>
      <header className="screen-header">
        <h2 id="outbox-title" ref={headingRef} tabIndex={-1}>
          Outbox
        </h2>
        <p className="screen-header__lead">
          Reports sent to the office. A report queued while offline goes out by itself when the
          network is back.
        </p>
      </header>
      <OutboxList />
    </section>
  )
}
