/**
 * Watching the job's site relay from the Verify step: starting and stopping the watch, and what
 * main reports of it (`relayWatch:changed`). The pairing code goes to main once and never comes
 * back; main takes the relay's address from the job and records the outcome in it.
 */
import type { StateCreator } from 'zustand'

import type { RelayWatchView } from '../../../shared/configure/relay-watch'
import type { AppError, Result } from '../../../shared/result'
import { bridgeMissingError, getBridge } from '../api'
import type { AppState } from './index'

export interface RelayWatchState {
  /** The watch main reported for the open job; null before one (and after leaving the panel). */
  view: RelayWatchView | null
  /** A pairing code is kept in the keychain for this relay and port. */
  codeSaved: boolean
  /** Why the last call failed (the watch's own problems are in `view.problem`). */
  error: AppError | null
  busy: boolean
}

export interface RelayWatchActions {
  /** Reads the job's watch and whether a code is kept for its relay on `port`. */
  load(jobId: string, port: number): Promise<void>
  /** Watches the job's relay on `port`; `code` null: the code kept for it. */
  start(req: { jobId: string; port: number; code: string | null }): Promise<void>
  stop(): Promise<void>
  /** The panel is gone (another step, another job): the watch is stopped. */
  leave(): void
  applyView(view: RelayWatchView): void
}

export interface RelayWatchSlice {
  relayWatch: RelayWatchState & RelayWatchActions
}

export const initialRelayWatchState: RelayWatchState = {
  view: null,
  codeSaved: false,
  error: null,
  busy: false,
}

function thrown(e: unknown): AppError {
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
}

export const createRelayWatchSlice: StateCreator<AppState, [], [], RelayWatchSlice> = (
  set,
  get,
) => {
  const patch = (p: Partial<RelayWatchState>) =>
    set((s) => ({ relayWatch: { ...s.relayWatch, ...p } }))
  let unwatch: (() => void) | null = null
  /** Bumped when the panel is left: an answer still in flight then changes nothing. */
  let visit = 0
  const call = async <T>(
    work: () => Promise<Result<T>>,
    apply: (value: T) => void,
  ): Promise<void> => {
    const at = visit
    patch({ busy: true, error: null })
    try {
      const r = await work()
      if (at !== visit) return
      if (r.ok) apply(r.value)
      else patch({ error: r.error })
    } catch (e) {
      if (at === visit) patch({ error: thrown(e) })
    } finally {
      if (at === visit) patch({ busy: false })
    }
  }
  const listen = () => {
    if (unwatch) return
    unwatch = getBridge()?.onRelayWatchChanged((v) => get().relayWatch.applyView(v)) ?? null
  }

  return {
    relayWatch: {
      ...initialRelayWatchState,

      async load(jobId, port) {
        const api = getBridge()
        if (!api) return patch({ error: bridgeMissingError })
        listen()
        await call(
          () => api.relayWatchStatus({ jobId, port }),
          (r) => patch({ codeSaved: r.codeSaved, ...(r.view ? { view: r.view } : {}) }),
        )
      },

      async start(req) {
        const api = getBridge()
        if (!api) return patch({ error: bridgeMissingError })
        listen()
        await call(
          () => api.startRelayWatch(req),
          (view) => {
            // The watch's own events may have overtaken this answer: keep the newer view.
            const cur = get().relayWatch.view
            const same = cur?.jobId === view.jobId && cur.startedAt === view.startedAt
            if (same && cur.state !== 'connecting') return
            patch({ view, codeSaved: view.codeSaved })
          },
        )
      },

      async stop() {
        const api = getBridge()
        const jobId = get().relayWatch.view?.jobId
        if (!api || !jobId) return
        await call(
          () => api.stopRelayWatch({ jobId }),
          (view) => {
            if (view) patch({ view })
          },
        )
      },

      leave() {
        visit++
        unwatch?.()
        unwatch = null
        const view = get().relayWatch.view
        // Nobody looks at the relay once the panel is gone: main stops listening to it.
        if (view && (view.state === 'connecting' || view.state === 'watching'))
          void getBridge()?.stopRelayWatch({ jobId: view.jobId })
        patch(initialRelayWatchState)
      },

      applyView(view) {
        // A late event of a watch the panel left, or of another job's watch.
        if (unwatch === null) return
        const current = get().relayWatch.view
        if (current && current.jobId !== view.jobId) return
        patch({ view, codeSaved: view.codeSaved })
      },
    },
  }
}
