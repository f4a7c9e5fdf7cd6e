/**
 * The only module that touches `window.scanpath`. Store actions get the bridge from here; unit
 * tests install a fake `scanpath` on `globalThis` and never fake Electron.
 */
import type { ScanpathApi } from '../../shared/api'
import type { AppError } from '../../shared/result'
import type { ScanpathGlobal } from './env'

export type { ScanpathApi }

export const BRIDGE_MISSING_MESSAGE =
  "ScanPath's bridge is missing, so this window cannot run any checks. This happens when the page " +
  "is opened outside the ScanPath app, or when the app's preload script failed to load."

/** The bridge, or null when the page runs without it (opened in a plain browser, preload failed). */
export function getBridge(): ScanpathApi | null {
  // `globalThis` is `window` in the page; reading it this way also works under Node (unit tests).
  return (globalThis as ScanpathGlobal).scanpath ?? null
}

/** The error actions record when they need the bridge and it is not there. */
export const bridgeMissingError: AppError = { code: 'internal', message: BRIDGE_MISSING_MESSAGE }

/**
 * Opens an https page in the technician's browser (main checks it against its allowlist first).
 * Resolves with the error to show, or null once the page was handed to the browser.
 */
export async function openExternalUrl(url: string): Promise<AppError | null> {
  const api = getBridge()
  if (!api) return bridgeMissingError
  try {
    const result = await api.openExternal({ url })
    return result.ok ? null : result.error
  } catch (e) {
    // The bridge returns Results; a broken transport still gets a message, not a rejection.
    return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
  }
}

/**
 * Puts text on the clipboard through main (the window holds no clipboard permission). Resolves
 * with the error to show, or null once it is copied.
 */
export async function copyToClipboard(text: string): Promise<AppError | null> {
  const api = getBridge()
  if (!api) return bridgeMissingError
  try {
    const result = await api.copyText({ text })
    return result.ok ? null : result.error
  } catch (e) {
    return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
  }
}
