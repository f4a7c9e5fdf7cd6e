/**
 * The app's own condition, shown in the header: online or not (main re-checks in the background;
 * the renderer asks every ~10 s) and data files that were found damaged at start-up.
 */
import type { StateCreator } from 'zustand'

import type { StoreProblem } from '../../../shared/store-problem'
import { getBridge } from '../api'
import type { AppState } from './index'
import { createPoller } from './poller'

export const ONLINE_POLL_MS = 10_000

/** `unknown` until main first answers (or when it cannot say): nothing is blocked on it. */
export type OnlineState =
  { kind: 'unknown' } | { kind: 'known'; online: boolean; checkedAt: string }

export interface AppStatusState {
  online: OnlineState
  storeProblems: StoreProblem[]
  problemsDismissed: boolean
}

export interface AppStatusActions {
  refreshOnline(): Promise<void>
  /** Polls the online status while held; returns the release function (for a useEffect). */
  watchOnline(): () => void
  loadStoreProblems(): Promise<void>
  dismissStoreProblems(): void
  /** Ends every timer of this slice (the store's reset). */
  stopPolling(): void
}

export interface AppStatusSlice {
  appStatus: AppStatusState & AppStatusActions
}

export const initialAppStatusState: AppStatusState = {
  online: { kind: 'unknown' },
  storeProblems: [],
  problemsDismissed: false,
}

export const createAppStatusSlice: StateCreator<AppState, [], [], AppStatusSlice> = (set) => {
  const patch = (p: Partial<AppStatusState>) =>
    set((s) => ({ appStatus: { ...s.appStatus, ...p } }))

  const refreshOnline = async () => {
    const api = getBridge()
    if (!api) return
    try {
      const r = await api.onlineStatus()
      // An error keeps the last known state: not knowing is no reason to claim "offline".
      if (r.ok) patch({ online: { kind: 'known', ...r.value } })
    } catch {
      // A broken transport: the indicator keeps what it last knew.
    }
  }
  const poller = createPoller(refreshOnline, ONLINE_POLL_MS)

  return {
    appStatus: {
      ...initialAppStatusState,
      refreshOnline,
      watchOnline: () => poller.acquire(),
      async loadStoreProblems() {
        const api = getBridge()
        if (!api) return
        try {
          const r = await api.storeProblems()
          if (r.ok) patch({ storeProblems: r.value })
        } catch {
          // Nothing to show: the banner is a courtesy, the data that loaded is usable.
        }
      },
      dismissStoreProblems() {
        patch({ problemsDismissed: true })
      },
      stopPolling() {
        poller.stop()
      },
    },
  }
}
