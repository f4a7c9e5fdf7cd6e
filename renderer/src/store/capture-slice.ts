/**
 * Capture mode in the renderer (the Verify step's panel): starting and stopping the capture, and
 * what main reports of it. Changes arrive as `capture:changed` events, not by asking. A capture
 * started at a job is that job's: main keeps its finished sessions in the job itself.
 */
import type { StateCreator } from 'zustand'

import type { CaptureStatus } from '../../../shared/capture-types'
import type { AppError, Result } from '../../../shared/result'
import { bridgeMissingError, getBridge } from '../api'
import { localDate } from '../domain/job-decision'
import { jobDeviceTarget } from '../domain/job-plan'
import type { AppState } from './index'

/** Long enough to walk to the device, change its settings and send a scan. */
export const CAPTURE_TIMEOUT_S = 15 * 60

export interface CaptureState {
  /** What main last reported; null before a start (and after leaving the panel). */
  status: CaptureStatus | null
  /** Why the last start or stop failed. */
  error: AppError | null
  /** A start or stop is in flight. */
  busy: boolean
}

export interface CaptureActions {
  /** Listens on this laptop's address on the device's network, for the open job when there is one. */
  start(req: { deviceAddress: string; port: number; tlsPort: number | null }): Promise<void>
  stop(): Promise<void>
  /** The panel is gone: a running capture is stopped, and the panel starts afresh next time. */
  leave(): void
  /** Applies a status main sent. */
  applyStatus(status: CaptureStatus): void
}

export interface CaptureSlice {
  capture: CaptureState & CaptureActions
}

export const initialCaptureState: CaptureState = { status: null, error: null, busy: false }

function thrown(e: unknown): AppError {
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
}

export const createCaptureSlice: StateCreator<AppState, [], [], CaptureSlice> = (set, get) => {
  const patch = (p: Partial<CaptureState>) => set((s) => ({ capture: { ...s.capture, ...p } }))
  /** The subscription to `capture:changed`, from a start until the panel is left. */
  let unwatch: (() => void) | null = null
  const stopWatching = () => {
    unwatch?.()
    unwatch = null
  }
  /** Bumped when the panel is left: a start or stop still in flight then changes nothing. */
  let visit = 0
  /**
   * Waits for a start or stop begun at visit `at`: main's status or why it failed, then no longer
   * busy. When the panel was left meanwhile, only `ifLeft` sees the answer.
   */
  const settle = async (
    at: number,
    call: () => Promise<Result<CaptureStatus>>,
    ifLeft: (r: Result<CaptureStatus>) => void = () => {},
  ): Promise<void> => {
    try {
      const r = await call()
      if (at !== visit) {
        ifLeft(r)
        return
      }
      if (r.ok) patch({ status: r.value })
      else patch({ error: r.error })
    } catch (e) {
      if (at === visit) patch({ error: thrown(e) })
    } finally {
      if (at === visit) patch({ busy: false })
    }
  }

  return {
    capture: {
      ...initialCaptureState,

      async start({ deviceAddress, port, tlsPort }) {
        const api = getBridge()
        if (!api) {
          patch({ error: bridgeMissingError })
          return
        }
        const at = visit
        patch({ busy: true, error: null })
        stopWatching()
        unwatch = api.onCaptureChanged((status) => get().capture.applyStatus(status))
        await settle(
          at,
          () => {
            // The switch-back lists the job's own values (method, the port the decision chose,
            // the MX).
            const job = get().jobs.current
            return api.startCapture({
              ...(job ? { jobId: job.id } : {}),
              deviceAddress,
              listenAddress: null,
              port,
              tlsPort,
              timeoutS: CAPTURE_TIMEOUT_S,
              switchBack: job ? jobDeviceTarget(job, localDate()) : null,
            })
          },
          (r) => {
            // The panel was left while the capture started: it must not keep listening.
            if (r.ok) void api.stopCapture()
          },
        )
      },

      async stop() {
        const api = getBridge()
        if (!api) return
        const at = visit
        patch({ busy: true })
        await settle(at, () => api.stopCapture())
      },

      leave() {
        visit++
        stopWatching()
        // The device must not keep sending to the laptop once the step is left.
        if (get().capture.status?.running) void getBridge()?.stopCapture()
        patch(initialCaptureState)
      },

      applyStatus(status) {
        // Nothing to show once the panel is left (a late event of the stopped capture).
        if (unwatch === null) return
        patch({ status })
      },
    },
  }
}
