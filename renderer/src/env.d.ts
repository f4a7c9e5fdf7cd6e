/**
 * The one declaration of `window.scanpath`. Its type is derived from `createScanpathApi` (the
 * object the preload and the test host both expose), so it is never written twice. Optional,
 * because a page opened without the preload has no bridge and must say so instead of crashing.
 */
import type { ScanpathApi } from '../../shared/api'

declare global {
  interface Window {
    scanpath?: ScanpathApi
  }
}

/** The global object as `api.ts` reads it: `window` in the page, `globalThis` in unit tests. */
export type ScanpathGlobal = Pick<Window, 'scanpath'>
