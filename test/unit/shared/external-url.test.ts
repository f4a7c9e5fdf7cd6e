import { describe, expect, it } from 'vitest'

import { catalogSourceUrls } from '../../../shared/catalog'
import { checkExternalUrl, EXTERNAL_HOST_ALLOWLIST } from '../../../shared/external-url'

describe('checkExternalUrl', () => {
  it('opens https links to allowed hosts', () => {
    expect(checkExternalUrl('https://aka.ms/smtp_auth_tls')).toEqual({
      ok: true,
      url: 'https://aka.ms/smtp_auth_tls',
    })
    expect(checkExternalUrl('https://learn.microsoft.com/en-us/exchange/x#y').ok).toBe(true)
  })
  it.each([
    ['http://aka.ms/x', 'http: links are not opened'],
    ['file:///etc/passwd', 'file: links are not opened'],
    ['javascript:alert(1)', 'javascript: links are not opened'],
    ['https://aka.ms.evil.example/x', 'is not on the list'],
    ['https://user:pw@aka.ms/x', 'credentials'],
    ['https://aka.ms:8443/x', 'other ports'],
    ['not a url', 'not a valid URL'],
  ])('refuses %s', (url, reason) => {
    const r = checkExternalUrl(url)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain(reason)
  })

  it('opens an address the catalogue cites, and only that address of its site', () => {
    const cited = catalogSourceUrls()
    const vendor = [...cited].find(
      (u) => u.startsWith('https://') && !EXTERNAL_HOST_ALLOWLIST.includes(new URL(u).hostname),
    )
    expect(vendor, 'the catalogue cites vendor documents').toBeDefined()
    const url = vendor as string
    expect(checkExternalUrl(url).ok).toBe(false)
    expect(checkExternalUrl(url, cited)).toEqual({ ok: true, url })
    const elsewhere = new URL('/somewhere-else', url).href
    expect(checkExternalUrl(elsewhere, cited).ok).toBe(false)
    // Cited over http: still not opened.
    expect(
      checkExternalUrl(url.replace('https:', 'http:'), new Set([url.replace('https:', 'http:')]))
        .ok,
    ).toBe(false)
  })
})
