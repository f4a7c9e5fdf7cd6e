/**
 * The window's security policy as plain data and pure functions (no Electron import), so it is
 * unit-tested under Node: the webPreferences every window gets, the CSP, and what happens to a
 * navigation or a new-window request.
 */
import type { WebPreferences } from 'electron'

import { checkExternalUrl } from '../shared/external-url'

/** Every security preference written out, so a template default can never sneak in. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  }
}

/**
 * The renderer's CSP. renderer/index.html carries the same policy in a meta tag (without
 * frame-ancestors, which meta tags cannot set); main also sends it as a header.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * A navigation or window.open from the page never happens in the app. An https link to a host on
 * the allowlist is handed to the user's browser instead; anything else is dropped.
 * Returns the URL to open externally, or null.
 */
export function externalTarget(url: string): string | null {
  const checked = checkExternalUrl(url)
  return checked.ok ? checked.url : null
}

/**
 * Permissions the page may have: only writing to the clipboard (the Copy buttons for server
 * names, SPF records and connector settings). Camera, microphone, notifications, geolocation,
 * clipboard reading… are all refused.
 */
export function permissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write'
}
