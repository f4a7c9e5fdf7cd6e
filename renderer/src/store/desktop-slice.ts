/**
 * What the renderer asks of the desktop around it, through main: open a page in the browser, put
 * text on the clipboard, and carry out the app menu's commands. No state: only actions.
 */
import type { StateCreator } from 'zustand'

import { assertNever } from '../../../shared/assert-never'
import type { AppError } from '../../../shared/result'
import { copyToClipboard, getBridge, openExternalUrl } from '../api'
import type { AppState } from './index'

export interface DesktopActions {
  /** Whether main's bridge is there at all (it is installed before any app script runs). */
  hasBridge(): boolean
  /**
   * Opens an https page in the technician's browser (main checks it against its allowlist
   * first). Resolves with the error to show, or null once the page was handed to the browser.
   */
  openInBrowser(url: string): Promise<AppError | null>
  /** Puts text on the clipboard through main; resolves with the error to show, or null. */
  copyText(text: string): Promise<AppError | null>
  /** Carries out the app menu's commands (File, Help) from main while held; returns the release. */
  followMenuCommands(): () => void
}

export interface DesktopSlice {
  desktop: DesktopActions
}

export const createDesktopSlice: StateCreator<AppState, [], [], DesktopSlice> = (_set, get) => ({
  desktop: {
    hasBridge: () => getBridge() !== null,
    openInBrowser: (url) => openExternalUrl(url),
    copyText: (text) => copyToClipboard(text),
    followMenuCommands() {
      const api = getBridge()
      if (!api) return () => {}
      return api.onMenuCommand(({ command }) => {
        const { wizard } = get()
        switch (command) {
          case 'new-job':
            return void wizard.newJob()
          case 'all-jobs':
            return void wizard.showJobList()
          case 'outbox':
            return void wizard.showOutbox()
          case 'settings':
            return wizard.showSettings()
          case 'about':
            return wizard.showAbout()
          default:
            return assertNever(command, 'menu command')
        }
      })
    },
  },
})
