import { describe, expect, it } from 'vitest'

import {
  APP_REGISTRATION_STEPS,
  BASIC_END_OF_2026,
  BASIC_END_OF_2026_SHORT,
  mailDomain,
  savedAppFor,
} from '../../../../renderer/src/domain/m365-sign-in'
import { checkExternalUrl } from '../../../../shared/external-url'
import type { MailboxProfile } from '../../../../shared/profile-types'

const APP_A = '0b57d0a1-2c3d-4e5f-8a9b-0c1d2e3f4a5b'
const APP_B = '3f2504e0-4f89-11d3-9a0c-0305e82c3301'

const profile = (p: Partial<MailboxProfile> & Pick<MailboxProfile, 'id' | 'name'>) =>
  ({
    purpose: 'device',
    address: 'scanner@contoso.com',
    username: 'scanner@contoso.com',
    method: 'oauth',
    host: 'smtp.office365.com',
    port: 587,
    oauth: { clientId: APP_A, tenant: 'organizations' },
    ...p,
  }) satisfies MailboxProfile

describe('Microsoft 365 sign-in wording and the app kept per tenant', () => {
  it("says Basic's end-of-2026 default as Microsoft announced it, with its source", () => {
    expect(BASIC_END_OF_2026.text).toContain('end of December 2026')
    expect(BASIC_END_OF_2026.text).toContain('off by default')
    expect(BASIC_END_OF_2026.text).toContain('existing Microsoft 365 tenants')
    expect(BASIC_END_OF_2026.text).toContain('An administrator can still turn it back on')
    expect(BASIC_END_OF_2026.text).toContain('second half of 2027')
    expect(BASIC_END_OF_2026_SHORT).toContain('end of December 2026')
    expect(BASIC_END_OF_2026.sources[0]).toContain('techcommunity.microsoft.com/blog/exchange/')
  })

  it('names the public client setting, SMTP.Send and admin consent, each with a source main opens', () => {
    const all = APP_REGISTRATION_STEPS.map((s) => s.text).join('\n')
    expect(all).toContain('Allow public client flows: Yes')
    expect(all).toContain('device code flow')
    expect(all).toContain('SMTP.Send (https://outlook.office.com/SMTP.Send)')
    expect(all).toContain('admin consent')
    for (const step of APP_REGISTRATION_STEPS) {
      expect(step.sources.length).toBeGreaterThan(0)
      for (const url of step.sources) expect(checkExternalUrl(url).ok, url).toBe(true)
    }
  })

  it('mailDomain: the part after the last @, lower case', () => {
    expect(mailDomain(' Scanner@Contoso.COM ')).toBe('contoso.com')
    expect(mailDomain('scanner')).toBe('')
  })

  it('offers the app saved with a profile of the same domain or tenant, never its own', () => {
    const saved = [
      profile({ id: 'p-office', name: 'Office reports', address: 'reports@contoso.com' }),
      profile({
        id: 'p-fab',
        name: 'Fabrikam scanner',
        address: 'mfp@fabrikam.net',
        oauth: { clientId: APP_B, tenant: 'fabrikam.net' },
      }),
      profile({ id: 'p-basic', name: 'A basic one', address: 'x@woodgrove.com', oauth: null }),
    ]
    expect(savedAppFor(saved, 'scanner2@CONTOSO.com', 'new')).toEqual({
      clientId: APP_A,
      tenant: 'organizations',
      profileName: 'Office reports',
      domain: 'contoso.com',
    })
    expect(savedAppFor(saved, 'other@fabrikam.net', 'new')?.clientId).toBe(APP_B)
    expect(savedAppFor(saved, 'x@woodgrove.com', 'new')).toBeNull()
    expect(savedAppFor(saved, 'nobody@tailspin.com', 'new')).toBeNull()
    expect(savedAppFor(saved, 'reports', 'new')).toBeNull()
    // Editing the only profile of a tenant offers nothing (its own id is skipped).
    expect(savedAppFor(saved, 'reports@contoso.com', 'p-office')).toBeNull()
  })
})
