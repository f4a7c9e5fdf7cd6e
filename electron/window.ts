/**
 * Electron's side of the security policy in window-policy.ts: the one BrowserWindow (every
 * security preference written out), the navigation / new-window / webview guards on every
 * webContents, the deny-all permission handlers on every session, and the CSP header.
 */
import { BrowserWindow, session, shell, type WebContents } from 'electron'
import { join } from 'node:path'

import {
  CONTENT_SECURITY_POLICY,
  createSecureWindow,
  externalTarget,
  guardSession,
  guardWebContents,
} from './window-policy'

export interface WindowTarget {
  /** The dev server URL in development, or undefined to load the built file. */
  devUrl: string | undefined
  rendererFile: string
  preloadFile: string
}

export function rendererTarget(dirname: string): WindowTarget {
  return {
    devUrl: process.env['ELECTRON_RENDERER_URL'],
    rendererFile: join(dirname, '../renderer/index.html'),
    preloadFile: join(dirname, '../preload/preload.js'),
  }
}

/**
 * The only place the app hands a URL to the OS from a page event: re-checked against the https
 * host allowlist (shared/external-url.ts) right here, whatever the caller checked before.
 */
export function openAllowlistedLink(url: string): void {
  const target = externalTarget(url)
  if (target !== null) void shell.openExternal(target)
}

/**
 * Guards one webContents and the session it uses (window-policy.ts). Safe to call more than once
 * for the same webContents or session: the guards install once.
 */
export function hardenWebContents(contents: WebContents): void {
  guardWebContents(contents, openAllowlistedLink)
  guardSession(contents.session)
}

/** The default session refuses permissions before any window exists (window-policy.ts). */
export function restrictPermissions(): void {
  guardSession(session.defaultSession)
}

export function createMainWindow(target: WindowTarget): BrowserWindow {
  const win = createSecureWindow(
    BrowserWindow,
    {
      width: 1100,
      height: 800,
      minWidth: 720,
      minHeight: 560,
      show: false,
      title: 'ScanPath',
      backgroundColor: '#f6f7f9',
    },
    target.preloadFile,
  )
  win.once('ready-to-show', () => win.show())
  // main.ts guards every webContents from 'web-contents-created' too; this keeps the window safe
  // on its own, and the guards install only once.
  hardenWebContents(win.webContents)

  if (target.devUrl) void win.loadURL(target.devUrl)
  else void win.loadFile(target.rendererFile)
  return win
}

export function enforceCsp(devUrl: string | undefined): void {
  // The Vite dev server needs its websocket and inline preamble; production gets the strict policy.
  if (devUrl) return
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    })
  })
}
