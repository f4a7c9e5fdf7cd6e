/**
 * The app's security policy as plain data and small functions with no Electron runtime import, so
 * every rule is unit-tested under Node against fakes of the few Electron methods it calls:
 *
 * - the one window: every security preference written out as a literal inside `new BrowserWindow`
 *   (electronegativity, build/security-audit.mjs, reads that literal, so it must stay one);
 * - the renderer's CSP;
 * - every webContents: no navigation, redirect, subframe navigation, new window or `<webview>`;
 *   an https link to an allowlisted host goes to the user's browser instead;
 * - every session: every permission, device and screen-capture request refused, clipboard
 *   writes included: the Copy buttons go through main (`app:copy-text`), not the Clipboard API.
 */
import type { BrowserWindowConstructorOptions } from 'electron'

import { checkExternalUrl } from '../shared/external-url'

/**
 * Creates the window with every security preference written out, so a template default can never
 * sneak in. `BrowserWindow` is Electron's class (a fake in tests); `options` is the rest of the
 * window (size, title…), which cannot carry webPreferences.
 */
export function createSecureWindow<W>(
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W,
  options: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
  preload: string,
): W {
  return new BrowserWindow({
    ...options,
    webPreferences: {
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
    },
  })
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
 * The answer to every permission request and check, from any page: no. Clipboard writes are not
 * an exception (the Copy buttons ask main to write the clipboard, `app:copy-text`), so a page
 * that somehow ran in the app gets no camera, microphone, screen, notification, location,
 * device, clipboard, openExternal or fullscreen permission.
 */
export function permissionAllowed(_permission: string): false {
  return false
}

/** The part of an Electron event the guards use. */
export interface PreventableEvent {
  preventDefault(): void
}

/** The navigation events carry the target URL and whether it is the main frame. */
export interface NavigationEvent extends PreventableEvent {
  url: string
  isMainFrame: boolean
}

/** What the guards need from a webContents; Electron's WebContents satisfies it. */
export interface GuardableContents {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/** The page's URL, or undefined when the webContents is gone (getURL throws once destroyed). */
interface PageContents {
  getURL(): string
}

/** What the permission guards need from a session; Electron's Session satisfies it. */
export interface GuardableSession {
  setPermissionRequestHandler(
    handler: (
      contents: PageContents,
      permission: string,
      callback: (granted: boolean) => void,
      details: { isMainFrame: boolean; requestingUrl?: string },
    ) => void,
  ): void
  setPermissionCheckHandler(
    handler: (
      contents: PageContents | null,
      permission: string,
      requestingOrigin: string,
      details: { isMainFrame: boolean; requestingUrl?: string },
    ) => boolean,
  ): void
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void
  setDisplayMediaRequestHandler(
    handler: (request: unknown, callback: (streams: null) => void) => void,
  ): void
}

// Guards are installed once per object: the main window is guarded when it is created and again
// by app 'web-contents-created'; a second set of listeners would open a link twice.
const guardedContents = new WeakSet<object>()
const guardedSessions = new WeakSet<object>()

/**
 * Navigation rules for one webContents (the main window's, and any other: main.ts applies them
 * from app 'web-contents-created'):
 * - main-frame navigation is cancelled; an allowlisted https link is handed to `openExternal`;
 * - subframe navigation and server redirects are cancelled (our page has no frames, and loads
 *   only local files: neither has a legitimate use);
 * - window.open / target=_blank / middle click are denied, the same allowlisted link aside;
 * - a `<webview>` is never attached (webviewTag is off too).
 * `openExternal` receives only URLs that passed `externalTarget`.
 */
export function guardWebContents(
  contents: GuardableContents,
  openExternal: (url: string) => void,
): void {
  if (guardedContents.has(contents)) return
  guardedContents.add(contents)
  const openOutside = (url: string) => {
    const target = externalTarget(url)
    if (target !== null) openExternal(target)
  }
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    openOutside(event.url)
  })
  // The main frame is handled by 'will-navigate' (which fires after this for it).
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url)
    return { action: 'deny' }
  })
}

/**
 * Permission handlers for one session: every request and check refused (`permissionAllowed`),
 * HID/serial/USB device access refused, screen capture refused (`callback(null)` is Electron's
 * clean refusal: getDisplayMedia rejects). Bluetooth, HID, serial and USB pickers need no handler:
 * with no 'select-…' listener Electron cancels the request.
 */
export function guardSession(session: GuardableSession): void {
  if (guardedSessions.has(session)) return
  guardedSessions.add(session)
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionAllowed(permission)),
  )
  session.setPermissionCheckHandler((_contents, permission) => permissionAllowed(permission))
  session.setDevicePermissionHandler(() => false)
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null))
}
