/**
 * The phases of an SMTP session and the clock they run against: each phase under its own hard
 * timeout, the whole session under an overall deadline, an AbortSignal that stops it at once.
 */
import { DEADLINE_FACTOR } from '../../shared/diagnose-defaults'
import type { ProbePhase, SmtpStopPoint } from '../../shared/probe-types'
import { SmtpSessionError } from './smtp-failure'

/** The phases of a session in the order they run; each is also a stop point (`quitAfter`). */
const STOP_ORDER: readonly SmtpStopPoint[] = [
  'connect',
  'banner',
  'ehlo',
  'starttls',
  'tls',
  'ehlo-tls',
  'auth',
  'mail',
  'rcpt',
  'data',
]

/** Whether `phase` is `stopPoint` or comes after it. */
export function isAtOrPast(phase: SmtpStopPoint, stopPoint: SmtpStopPoint): boolean {
  return STOP_ORDER.indexOf(phase) >= STOP_ORDER.indexOf(stopPoint)
}

/** The phase after the last one reached: the one a failure happened in. */
export function nextPhase(reached: SmtpStopPoint | null): SmtpStopPoint {
  if (reached === null) return 'connect'
  return STOP_ORDER[Math.min(STOP_ORDER.indexOf(reached) + 1, STOP_ORDER.length - 1)] ?? 'ehlo-tls'
}

/** The overall deadline for a session with these limits. */
export function sessionDeadlineMs(input: { timeoutMs: number; deadlineMs?: number }): number {
  return input.deadlineMs ?? input.timeoutMs * DEADLINE_FACTOR
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`)

export interface PhaseClockHooks {
  /** A phase ran out of time: its pending read must end with this error. */
  onPhaseTimeout: (e: SmtpSessionError) => void
  /** The session is stopped from outside its current phase (cancel, overall deadline). */
  onStop: (e: SmtpSessionError) => void
}

export class PhaseClock {
  /** Each phase run, with its start and duration, whether it succeeded or not. */
  readonly phases: ProbePhase[] = []
  private stopped: SmtpSessionError | null = null
  private rejectPhase: ((e: SmtpSessionError) => void) | null = null
  private readonly deadlineTimer: NodeJS.Timeout
  private readonly onAbort = () =>
    this.stop(new SmtpSessionError('cancelled', 'the check was cancelled'))

  constructor(
    private readonly limits: { timeoutMs: number; deadlineMs?: number },
    private readonly elapsed: () => number,
    private readonly hooks: PhaseClockHooks,
    private readonly signal?: AbortSignal,
  ) {
    signal?.addEventListener('abort', this.onAbort, { once: true })
    const deadlineMs = sessionDeadlineMs(limits)
    this.deadlineTimer = setTimeout(
      () =>
        this.stop(
          new SmtpSessionError(
            'deadline',
            `the check did not finish within its overall limit of ${seconds(deadlineMs)}`,
          ),
        ),
      deadlineMs,
    )
  }

  /** Ends the session at once from outside the current phase (cancel, overall deadline). */
  private stop(e: SmtpSessionError): void {
    this.stopped ??= e
    this.rejectPhase?.(e)
    this.hooks.onStop(e)
  }

  /** Runs one phase under its own hard timeout; records its timing whether it succeeds or not. */
  async run<T>(name: SmtpStopPoint, work: () => Promise<T>): Promise<T> {
    if (this.signal?.aborted) throw new SmtpSessionError('cancelled', 'the check was cancelled')
    if (this.stopped) throw this.stopped
    const start = this.elapsed()
    let phaseTimer: NodeJS.Timeout | null = null
    try {
      return await new Promise<T>((resolve, reject) => {
        this.rejectPhase = reject
        phaseTimer = setTimeout(() => {
          const e = new SmtpSessionError(
            'timeout',
            `no answer within ${this.limits.timeoutMs} ms (the limit for each step)`,
          )
          reject(e)
          this.hooks.onPhaseTimeout(e)
        }, this.limits.timeoutMs)
        work().then(resolve, reject)
      })
    } finally {
      if (phaseTimer) clearTimeout(phaseTimer)
      this.rejectPhase = null
      const end = this.elapsed()
      this.phases.push({ name, startMs: Math.round(start), durationMs: Math.round(end - start) })
    }
  }

  /** The session is over: no deadline, no cancel from now on. */
  dispose(): void {
    clearTimeout(this.deadlineTimer)
    this.signal?.removeEventListener('abort', this.onAbort)
  }
}
