import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import {
  CONTENT_SECURITY_POLICY,
  externalTarget,
  permissionAllowed,
  secureWebPreferences,
} from '../../../electron/window-policy'

describe('window security policy', () => {
  it('isolates and sandboxes the renderer, with Node off everywhere', () => {
    expect(secureWebPreferences('/app/out/preload/preload.js')).toEqual({
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
    })
  })

  it('the CSP allows nothing remote, no eval, no inline script, no network from the page', () => {
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

  it('navigation leaves the app only as an allowlisted https link opened in the browser', () => {
    expect(externalTarget('https://learn.microsoft.com/en-us/exchange/x')).toBe(
      'https://learn.microsoft.com/en-us/exchange/x',
    )
    expect(externalTarget('https://evil.example/')).toBeNull()
    expect(externalTarget('file:///etc/passwd')).toBeNull()
    expect(externalTarget('http://aka.ms/x')).toBeNull()
  })

  it('grants only clipboard writing (for the Copy buttons)', () => {
    expect(permissionAllowed('clipboard-sanitized-write')).toBe(true)
    for (const p of [
      'clipboard-read',
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'fullscreen',
    ]) {
      expect(permissionAllowed(p), p).toBe(false)
    }
  })
})
