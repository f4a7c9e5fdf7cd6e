import { describe, expect, it } from 'vitest'

import { checkExternalUrl } from '../../../shared/external-url'

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
})
