/**
 * The one BrowserWindow, with every security preference written out (a template default must not
 * sneak in), navigation and new windows denied, and permission requests refused.
 */
import { BrowserWindow, session, shell } from 'electron'
import { join } from 'node:path'

import {
  CONTENT_SECURITY_POLICY,
  externalTarget,
  permissionAllowed,
  secureWebPreferences,
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

export function createMainWindow(target: WindowTarget): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 800,
    minWidth: 720,
    minHeight: 560,
    show: false,
    title: 'ScanPath',
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(target.preloadFile),
  })

  win.once('ready-to-show', () => win.show())

  // Navigation away from our page is never wanted; links open in the browser after the allowlist.
  const openOutside = (url: string) => {
    const target = externalTarget(url)
    if (target) void shell.openExternal(target)
  }
  win.webContents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openOutside(url)
  })
  win.webContents.on('will-redirect', (event) => event.preventDefault())
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    openOutside(url)
    return { action: 'deny' }
  })

  if (target.devUrl) void win.loadURL(target.devUrl)
  else void win.loadFile(target.rendererFile)
  return win
}

/** The page gets clipboard writing for its Copy buttons and nothing else (window-policy.ts). */
export function restrictPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) =>
    callback(permissionAllowed(permission)),
  )
  session.defaultSession.setPermissionCheckHandler((_wc, permission) =>
    permissionAllowed(permission),
  )
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
