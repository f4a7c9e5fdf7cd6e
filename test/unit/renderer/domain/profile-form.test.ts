import { describe, expect, it } from 'vitest'

import {
  clientIdProblem,
  draftFromProfile,
  draftIsValid,
  draftProblems,
  editDraft,
  emptyDraft,
  profileFromDraft,
  secretStatus,
} from '../../../../renderer/src/domain/profile-form'
import { portProblem, portProblemSentence } from '../../../../renderer/src/domain/port'
import type { MailboxProfile } from '../../../../shared/profile-types'

const ID = 'b7d6c1e2-5a4f-4c3b-9d8e-7f6a5b4c3d2e'
const GUID = '0b57d0a1-2c3d-4e5f-8a9b-0c1d2e3f4a5b'

const filled = () => ({
  ...emptyDraft(ID, { name: 'Contoso scanner', address: 'scanner@contoso.com', method: 'basic' }),
})

describe('mailbox profile form', () => {
  it('starts with Microsoft 365 defaults and the sign-in name following the address', () => {
    const d = emptyDraft(ID)
    // Microsoft sign-in first: Basic for SMTP AUTH is off by default from the end of 2026.
    expect(d).toMatchObject({
      host: 'smtp.office365.com',
      port: '587',
      method: 'oauth',
      tenant: 'organizations',
    })
    expect(emptyDraft(ID, { method: 'basic' }).method).toBe('basic')
    const typed = editDraft(d, 'address', 'scanner@contoso.com ')
    expect(typed.username).toBe('scanner@contoso.com')
    // Once the technician types another sign-in name, the address no longer overwrites it.
    const own = editDraft(typed, 'username', 'svc-scan@contoso.com')
    expect(editDraft(own, 'address', 'mfp@contoso.com').username).toBe('svc-scan@contoso.com')
    // Typing the address back into the sign-in name makes it follow again.
    const same = editDraft(own, 'username', 'scanner@contoso.com')
    expect(editDraft(same, 'address', 'mfp@contoso.com').username).toBe('mfp@contoso.com')
  })

  it('checks every field with the same rules main applies', () => {
    const p = draftProblems({
      ...filled(),
      name: ' ',
      address: 'scanner',
      host: 'https://smtp.office365.com',
      port: '70000',
    })
    expect(p.name).toBe('is empty')
    expect(p.address).toContain('is not an email address')
    expect(p.host).toContain('is a URL')
    expect(p.port).toBe('must be between 1 and 65535')
    // Client id and tenant are asked only for OAuth.
    expect(p.clientId).toBeNull()
    expect(p.tenant).toBeNull()
  })

  it.each([
    ['', 'is empty'],
    ['587', null],
    ['0', 'must be between 1 and 65535'],
    ['65536', 'must be between 1 and 65535'],
    ['58 7', 'must be a whole number, e.g. 587'],
    ['5e2', 'must be a whole number, e.g. 587'],
    ['-1', 'must be a whole number, e.g. 587'],
  ])('port %j → %j', (value, problem) => {
    expect(portProblem(value, '587')).toBe(problem)
  })

  it('says the same problem as a sentence where no label precedes it (capture panel)', () => {
    expect(portProblemSentence('99999')).toBe('Must be between 1 and 65535.')
    expect(portProblemSentence('x', '2525')).toBe('Must be a whole number, e.g. 2525.')
    expect(portProblemSentence('2525')).toBeNull()
  })

  it('asks OAuth profiles for a GUID client id and a tenant', () => {
    const d = editDraft(filled(), 'method', 'oauth')
    expect(draftProblems(d).clientId).toBe('is empty')
    expect(clientIdProblem('not-a-guid')).toContain('must be the app (client) id')
    expect(clientIdProblem(GUID.toUpperCase())).toBeNull()
    expect(draftProblems({ ...d, tenant: '' }).tenant).toContain('"organizations" works')
    expect(draftProblems({ ...d, tenant: 'https://login/x' }).tenant).toContain(
      'tenant id or domain',
    )
    const ok = { ...d, clientId: GUID, tenant: 'contoso.onmicrosoft.com' }
    expect(draftIsValid(ok)).toBe(true)
    expect(profileFromDraft(ok)?.oauth).toEqual({
      clientId: GUID,
      tenant: 'contoso.onmicrosoft.com',
    })
  })

  it('builds the profile main accepts (trimmed, port a number, no OAuth block for passwords)', () => {
    const d = { ...filled(), host: ' localhost ', port: ' 2525 ', clientId: GUID }
    expect(profileFromDraft(d)).toEqual({
      id: ID,
      name: 'Contoso scanner',
      purpose: 'device',
      address: 'scanner@contoso.com',
      username: 'scanner@contoso.com',
      method: 'basic',
      host: 'localhost',
      port: 2525,
      oauth: null,
    })
    expect(profileFromDraft({ ...d, port: 'x' })).toBeNull()
  })

  it('round-trips a saved profile', () => {
    const saved: MailboxProfile = {
      id: ID,
      name: 'Office reports',
      purpose: 'office-reports',
      address: 'reports@contoso.com',
      username: 'svc-reports@contoso.com',
      method: 'oauth',
      host: 'smtp.office365.com',
      port: 587,
      oauth: { clientId: GUID, tenant: 'organizations' },
    }
    const d = draftFromProfile(saved)
    expect(d.usernameEdited).toBe(true)
    expect(profileFromDraft(d)).toEqual(saved)
  })

  it('names the secret by method', () => {
    expect(secretStatus({ method: 'basic', hasSecret: true })).toBe('Password saved')
    expect(secretStatus({ method: 'basic', hasSecret: false })).toBe('No password saved')
    expect(secretStatus({ method: 'oauth', hasSecret: true })).toBe('Signed in with Microsoft')
  })
})
