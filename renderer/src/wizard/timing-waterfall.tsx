import { useMemo } from 'react'

import { isDeferred } from '../domain/deferred-check'
import { STATUS_META, type BadgeStatus } from '../domain/status-meta'
import { formatDuration } from '../domain/format'
import { phaseSlot } from '../../../shared/report/waterfall'
import { buildWaterfall, phaseNames, type WaterfallRow } from '../domain/waterfall'
import type { CheckResult, ProbeStatus } from '../../../shared/probe-types'
import { useAppStore } from '../store'

function rowLabel(r: WaterfallRow & { kind: 'done' }): string {
  const phases = r.bars
    .map((b) => `${b.name} ${formatDuration(b.durationMs)}${b.problem ? ', where it failed' : ''}`)
    .join(', ')
  return `${r.title}: ${formatDuration(r.durationMs)}${phases ? ` (${phases})` : ''}`
}

/** The row's mark, as its row in the results list has it (an offline skip is "deferred"). */
function markOf(status: ProbeStatus, result: CheckResult | null | undefined): BadgeStatus {
  return result && isDeferred(result) ? 'deferred' : status
}

/**
 * How long each check took and in which phase (DNS, connect, banner, EHLO, STARTTLS, TLS…), on
 * the run's time scale. A row is reserved for every planned check as soon as the run starts,
 * so nothing moves while results stream in. Only the phase where a failed check stopped is red;
 * names wrap rather than being cut short.
 */
export function TimingWaterfall() {
  const order = useAppStore((s) => s.probes.order)
  const checks = useAppStore((s) => s.probes.checks)
  const run = useAppStore((s) => s.probes.run)
  const runDurationMs = run.kind === 'done' ? (run.report?.durationMs ?? null) : null
  const { rows, scaleMs } = useMemo(
    () => buildWaterfall(order, checks, { runDurationMs }),
    [order, checks, runDurationMs],
  )
  const names = phaseNames(rows)
  const anyProblem = rows.some((r) => r.kind === 'done' && r.bars.some((b) => b.problem))
  return (
    <section className="waterfall" aria-labelledby="waterfall-title">
      <h3 id="waterfall-title">Timing</h3>
      {rows.length === 0 ? (
        <p className="muted">
          When the checks run, each one's phases appear here on one time scale.
        </p>
      ) : (
        <>
          <ol className="waterfall__rows">
            {rows.map((r) => (
              <li key={r.id} className="waterfall__row" data-waterfall-row={r.id}>
                <span className="waterfall__label">{r.title}</span>
                {r.kind === 'pending' ? (
                  <span className="waterfall__track waterfall__track--pending">
                    {run.kind === 'running' ? 'Running…' : 'Did not finish'}
                  </span>
                ) : (
                  <span className="waterfall__track">
                    <svg
                      className="waterfall__svg"
                      role="img"
                      aria-label={rowLabel(r)}
                      width="100%"
                      height="24"
                    >
                      {r.bars.map((b, i) => (
                        <rect
                          key={`${b.name}-${i}`}
                          className={`waterfall__bar timing-phase-${phaseSlot(b.name)}${b.problem ? ' waterfall__bar--problem' : ''}`}
                          data-phase={b.name}
                          data-problem={b.problem}
                          x={`${b.left}%`}
                          width={`${b.width}%`}
                          y="4"
                          height="16"
                          rx="2"
                        >
                          <title>{`${b.name}: ${formatDuration(b.durationMs)}, from ${formatDuration(b.startMs)}${b.problem ? ' (where the check failed)' : ''}`}</title>
                        </rect>
                      ))}
                    </svg>
                  </span>
                )}
                <span className="waterfall__time">
                  {r.kind === 'done' ? (
                    <>
                      <span
                        className={`waterfall__status status-text--${r.status}`}
                        aria-hidden="true"
                      >
                        {STATUS_META[markOf(r.status, checks[r.id]?.result)].icon}
                      </span>{' '}
                      {formatDuration(r.durationMs)}
                    </>
                  ) : null}
                </span>
              </li>
            ))}
          </ol>
          <div className="waterfall__axis" aria-hidden="true">
            <span>0</span>
            <span>{formatDuration(scaleMs / 2)}</span>
            <span>{formatDuration(scaleMs)}</span>
          </div>
          {names.length > 0 ? (
            <ul className="waterfall__legend" aria-label="Phases">
              {names.map((n) => (
                <li key={n}>
                  <span
                    className={`waterfall__swatch timing-phase-${phaseSlot(n)}`}
                    aria-hidden="true"
                  />
                  {n}
                </li>
              ))}
              {anyProblem ? (
                <li>
                  <span
                    className="waterfall__swatch waterfall__swatch--problem"
                    aria-hidden="true"
                  />
                  where a failed check stopped
                </li>
              ) : null}
            </ul>
          ) : null}
        </>
      )}
    </section>
  )
}
