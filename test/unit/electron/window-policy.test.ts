/**
 * The security policy of electron/window-policy.ts, exercised through small fakes of the few
 * Electron methods it calls (no Electron binary here): the window's preferences, the CSP, every
 * navigation / redirect / new-window / webview denial, and every permission refusal.
 */
import type { BrowserWindowConstructorOptions } from 'electron'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import {
  CONTENT_SECURITY_POLICY,
  createSecureWindow,
  externalTarget,
  guardSession,
  guardWebContents,
  permissionAllowed,
  type GuardableContents,
  type GuardableSession,
  type NavigationEvent,
} from '../../../electron/window-policy'

const APP_URL = 'file:///opt/ScanPath/resources/app.asar/out/renderer/index.html'
const LEARN = 'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/x'

/** Every permission name Electron 45's handlers can receive (electron.d.ts). */
const ELECTRON_PERMISSIONS = [
  'ar',
  'automatic-fullscreen',
  'background-fetch',
  'background-sync',
  'captured-surface-control',
  'clipboard-read',
  'clipboard-sanitized-write',
  'deprecated-sync-clipboard-read',
  'display-capture',
  'fileSystem',
  'fullscreen',
  'geolocation',
  'geolocation-approximate',
  'hand-tracking',
  'hid',
  'idle-detection',
  'keyboardLock',
  'local-fonts',
  'local-network',
  'local-network-access',
  'loopback-network',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'nfc',
  'notifications',
  'openExternal',
  'payment-handler',
  'periodic-background-sync',
  'persistent-storage',
  'pointerLock',
  'screen-wake-lock',
  'sensors',
  'serial',
  'smart-card',
  'speaker-selection',
  'storage-access',
  'system-wake-lock',
  'top-level-storage-access',
  'usb',
  'vr',
  'web-app-installation',
  'web-printing',
  'window-management',
  'unknown',
]

// ---------------------------------------------------------------------------------------------
// Fakes: only what window-policy.ts calls.

interface FakeEvent extends NavigationEvent {
  prevented: boolean
}

function event(url = '', isMainFrame = true): FakeEvent {
  return {
    url,
    isMainFrame,
    prevented: false,
    preventDefault() {
      this.prevented = true
    },
  }
}

function fakeContents() {
  const listeners = new Map<string, Array<(e: FakeEvent) => void>>()
  let openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined
  let openHandlerSets = 0
  const contents: GuardableContents = {
    on(name: string, listener: (e: FakeEvent) => void) {
      listeners.set(name, [...(listeners.get(name) ?? []), listener])
      return contents
    },
    setWindowOpenHandler(handler) {
      openHandler = handler
      openHandlerSets++
    },
  }
  return {
    contents,
    listeners,
    openHandlerSets: () => openHandlerSets,
    /** Emits like Electron: every listener, then reports whether the default was prevented. */
    emit(name: string, e: FakeEvent = event()): boolean {
      for (const l of listeners.get(name) ?? []) l(e)
      return e.prevented
    },
    windowOpen(url: string) {
      if (!openHandler) throw new Error('no window open handler installed')
      return openHandler({ url })
    },
  }
}

type RequestHandler = Parameters<GuardableSession['setPermissionRequestHandler']>[0]
type CheckHandler = Parameters<GuardableSession['setPermissionCheckHandler']>[0]
type DeviceHandler = Parameters<GuardableSession['setDevicePermissionHandler']>[0]
type DisplayHandler = Parameters<GuardableSession['setDisplayMediaRequestHandler']>[0]

function fakeSession() {
  const set: {
    request?: RequestHandler
    check?: CheckHandler
    device?: DeviceHandler
    display?: DisplayHandler
  } = {}
  let calls = 0
  const session: GuardableSession = {
    setPermissionRequestHandler: (h) => void ((set.request = h), calls++),
    setPermissionCheckHandler: (h) => void ((set.check = h), calls++),
    setDevicePermissionHandler: (h) => void ((set.device = h), calls++),
    setDisplayMediaRequestHandler: (h) => void ((set.display = h), calls++),
  }
  return { session, set, calls: () => calls }
}

const page = (url: string) => ({ getURL: () => url })

/** Asks the request handler, as Electron does, and returns what it answered. */
function request(
  handler: RequestHandler | undefined,
  permission: string,
  pageUrl: string,
  details: { isMainFrame: boolean; requestingUrl?: string } = {
    isMainFrame: true,
    requestingUrl: pageUrl,
  },
): boolean[] {
  if (!handler) throw new Error('no permission request handler installed')
  const answers: boolean[] = []
  handler(page(pageUrl), permission, (granted) => answers.push(granted), details)
  return answers
}

// ---------------------------------------------------------------------------------------------

describe('the window', () => {
  class FakeBrowserWindow {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }

  it('isolates and sandboxes the renderer, with Node off everywhere, written out in full', () => {
    const win = createSecureWindow(
      FakeBrowserWindow,
      { width: 1100, height: 800, title: 'ScanPath' },
      '/app/out/preload/preload.js',
    )
    expect(win.options).toEqual({
      width: 1100,
      height: 800,
      title: 'ScanPath',
      webPreferences: {
        preload: '/app/out/preload/preload.js',
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
  })

  it('window options cannot smuggle in their own webPreferences', () => {
    const smuggled = {
      title: 'x',
      webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false },
    } as unknown as Omit<BrowserWindowConstructorOptions, 'webPreferences'>
    const win = createSecureWindow(FakeBrowserWindow, smuggled, '/p.js')
    expect(win.options.webPreferences).toMatchObject({
      nodeIntegration: false,
      contextIsolation: true,
      sandbox: true,
    })
  })
})

describe('the CSP', () => {
  it('allows nothing remote, no eval, no inline script, no network from the page', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/)
        return [name, values.join(' ')]
      }),
    )
    expect(directives).toEqual({
      'default-src': "'none'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data:",
      'font-src': "'self'",
      'connect-src': "'none'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    })
  })

  it("renderer/index.html carries the same CSP (less frame-ancestors, which a meta tag can't set)", () => {
    const html = readFileSync(join(__dirname, '../../../renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''))
  })
})

describe('links leaving the app', () => {
  it('only an allowlisted https link is opened, in the browser', () => {
    expect(externalTarget(LEARN)).toBe(LEARN)
    expect(externalTarget('https://evil.example/')).toBeNull()
    expect(externalTarget('file:///etc/passwd')).toBeNull()
    expect(externalTarget('http://aka.ms/x')).toBeNull()
    expect(externalTarget('javascript:alert(1)')).toBeNull()
  })
})

describe('every webContents', () => {
  function guarded() {
    const fake = fakeContents()
    const opened: string[] = []
    guardWebContents(fake.contents, (url) => opened.push(url))
    return { ...fake, opened }
  }

  it('listens to every navigation event and sets a window-open handler', () => {
    const g = guarded()
    expect([...g.listeners.keys()].sort()).toEqual([
      'will-attach-webview',
      'will-frame-navigate',
      'will-navigate',
      'will-redirect',
    ])
    expect(g.openHandlerSets()).toBe(1)
  })

  it('will-navigate: every main-frame navigation is cancelled', () => {
    const g = guarded()
    for (const url of [
      'https://evil.example/phish',
      'file:///etc/passwd',
      'http://learn.microsoft.com/',
      'data:text/html,<script>alert(1)</script>',
      APP_URL,
      `${APP_URL}?again`,
    ]) {
      expect(g.emit('will-navigate', event(url)), url).toBe(true)
    }
    expect(g.opened).toEqual([])
  })

  it('will-navigate: an allowlisted https link is cancelled and handed to the browser once', () => {
    const g = guarded()
    expect(g.emit('will-navigate', event(LEARN))).toBe(true)
    expect(g.opened).toEqual([LEARN])
  })

  it('will-frame-navigate: every subframe navigation is cancelled (main frame left to will-navigate)', () => {
    const g = guarded()
    expect(g.emit('will-frame-navigate', event('https://evil.example/', false))).toBe(true)
    expect(g.emit('will-frame-navigate', event(APP_URL, false))).toBe(true)
    expect(g.emit('will-frame-navigate', event(LEARN, false))).toBe(true)
    expect(g.emit('will-frame-navigate', event(LEARN, true))).toBe(false)
    expect(g.opened).toEqual([])
  })

  it('will-redirect: every server redirect is cancelled', () => {
    const g = guarded()
    expect(g.emit('will-redirect', event('https://evil.example/'))).toBe(true)
    expect(g.emit('will-redirect', event(LEARN))).toBe(true)
    expect(g.opened).toEqual([])
  })

  it('will-attach-webview: a <webview> is never attached', () => {
    const g = guarded()
    expect(g.emit('will-attach-webview')).toBe(true)
  })

  it('window.open / target=_blank / middle click: always denied; an allowlisted link goes to the browser', () => {
    const g = guarded()
    for (const url of [
      'https://evil.example/',
      'about:blank',
      'javascript:alert(1)',
      'file:///etc/passwd',
      APP_URL,
    ]) {
      expect(g.windowOpen(url), url).toEqual({ action: 'deny' })
    }
    expect(g.opened).toEqual([])
    expect(g.windowOpen(LEARN)).toEqual({ action: 'deny' })
    expect(g.opened).toEqual([LEARN])
  })

  it('guarding twice (window creation and web-contents-created) installs the guards once', () => {
    const fake = fakeContents()
    const opened: string[] = []
    guardWebContents(fake.contents, (url) => opened.push(url))
    guardWebContents(fake.contents, (url) => opened.push(url))
    expect(fake.listeners.get('will-navigate')).toHaveLength(1)
    expect(fake.openHandlerSets()).toBe(1)
    fake.emit('will-navigate', event(LEARN))
    expect(opened).toEqual([LEARN])
  })
})

describe('permissions', () => {
  it('every permission is refused, clipboard writes included (Copy goes through main)', () => {
    for (const p of [...ELECTRON_PERMISSIONS, 'clipboard-write', 'bluetooth', ''])
      expect(permissionAllowed(p), p).toBe(false)
  })

  it('the session refuses every request, from our own page or any other frame', () => {
    const s = fakeSession()
    guardSession(s.session)
    for (const p of ELECTRON_PERMISSIONS) {
      expect(request(s.set.request, p, APP_URL), p).toEqual([false])
      expect(request(s.set.request, p, 'https://evil.example/'), p).toEqual([false])
      expect(
        request(s.set.request, p, APP_URL, { isMainFrame: false, requestingUrl: APP_URL }),
        p,
      ).toEqual([false])
    }
  })

  it('the session answers every check no, with or without a webContents', () => {
    const s = fakeSession()
    guardSession(s.session)
    const check = s.set.check
    if (!check) throw new Error('no permission check handler installed')
    const main = { isMainFrame: true, requestingUrl: APP_URL }
    for (const p of ELECTRON_PERMISSIONS) {
      expect(check(page(APP_URL), p, 'file://', main), p).toBe(false)
      expect(check(null, p, 'file://', main), p).toBe(false)
    }
    // A destroyed webContents throws from getURL: the handler never asks it.
    const destroyed = {
      getURL: (): string => {
        throw new Error('Object has been destroyed')
      },
    }
    expect(check(destroyed, 'clipboard-sanitized-write', 'file://', main)).toBe(false)
  })

  it('HID, serial and USB device access is refused', () => {
    const s = fakeSession()
    guardSession(s.session)
    for (const deviceType of ['hid', 'serial', 'usb']) {
      expect(s.set.device?.({ deviceType, origin: 'file://', device: {} }), deviceType).toBe(false)
    }
  })

  it("screen capture is refused with Electron's clean refusal, callback(null)", () => {
    const s = fakeSession()
    guardSession(s.session)
    const answers: unknown[] = []
    s.set.display?.({ videoRequested: true, audioRequested: true }, (streams) =>
      answers.push(streams),
    )
    expect(answers).toEqual([null])
  })

  it('guarding a session twice (default session and a window’s session) sets its handlers once', () => {
    const s = fakeSession()
    guardSession(s.session)
    guardSession(s.session)
    expect(s.calls()).toBe(4)
  })
})
