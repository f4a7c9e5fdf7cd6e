/**
 * The About screen in the renderer: the app's facts from main, and the two support tools ("Copy
 * diagnostics", put on the clipboard by main, and "Show log file"). Each visit to the screen asks
 * afresh; leaving it forgets what was shown.
 */
import type { StateCreator } from 'zustand'

import type { AboutInfo, DiagnosticsCopy } from '../../../shared/support-types'
import { bridgeMissingError, getBridge } from '../api'
import type { AppState } from './index'

export type AboutLoad =
  { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; about: AboutInfo }

export type DiagnosticsState =
  | { kind: 'idle' }
  | { kind: 'copying' }
  | { kind: 'failed'; message: string }
  | { kind: 'done'; copy: DiagnosticsCopy }

export interface AboutState {
  info: AboutLoad
  diagnostics: DiagnosticsState
  /** Why the log file could not be shown, or null. */
  logProblem: string | null
}

export interface AboutActions {
  /** Asks main for the app's facts (the screen was opened). */
  load(): Promise<void>
  copyDiagnostics(): Promise<void>
  showLogFile(): Promise<void>
  /** The screen is left: the next visit starts afresh, and late answers are dropped. */
  leave(): void
}

export interface AboutSlice {
  about: AboutState & AboutActions
}

export const initialAboutState: AboutState = {
  info: { kind: 'loading' },
  diagnostics: { kind: 'idle' },
  logProblem: null,
}

export const createAboutSlice: StateCreator<AppState, [], [], AboutSlice> = (set) => {
  const patch = (p: Partial<AboutState>) => set((s) => ({ about: { ...s.about, ...p } }))
  /** Bumped when the screen is left: an answer asked for before then changes nothing. */
  let visit = 0

  return {
    about: {
      ...initialAboutState,

      async load() {
        const api = getBridge()
        if (!api) {
          patch({ info: { kind: 'failed', message: bridgeMissingError.message } })
          return
        }
        const at = visit
        patch({ info: { kind: 'loading' } })
        let info: AboutLoad
        try {
          const r = await api.about()
          info = r.ok
            ? { kind: 'ready', about: r.value }
            : { kind: 'failed', message: r.error.message }
        } catch (e) {
          info = { kind: 'failed', message: String(e) }
        }
        if (at === visit) patch({ info })
      },

      async copyDiagnostics() {
        const api = getBridge()
        if (!api) {
          patch({ diagnostics: { kind: 'failed', message: bridgeMissingError.message } })
          return
        }
        const at = visit
        patch({ diagnostics: { kind: 'copying' } })
        let diagnostics: DiagnosticsState
        try {
          const r = await api.copyDiagnostics()
          diagnostics = r.ok
            ? { kind: 'done', copy: r.value }
            : { kind: 'failed', message: r.error.message }
        } catch (e) {
          diagnostics = { kind: 'failed', message: e instanceof Error ? e.message : String(e) }
        }
        if (at === visit) patch({ diagnostics })
      },

      async showLogFile() {
        const api = getBridge()
        if (!api) {
          patch({ logProblem: bridgeMissingError.message })
          return
        }
        const at = visit
        let logProblem: string | null
        try {
          const r = await api.showLogFile()
          logProblem = r.ok ? null : r.error.message
        } catch (e) {
          logProblem = e instanceof Error ? e.message : String(e)
        }
        if (at === visit) patch({ logProblem })
      },

      leave() {
        visit++
        patch(initialAboutState)
      },
    },
  }
}
