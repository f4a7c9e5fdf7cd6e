import { describe, expect, it } from 'vitest'

import { endpointLabel, formatClock, splitFix } from '../../../../renderer/src/domain/profile-view'
import {
  preferredProfileId,
  suggestedProfileName,
  suggestedRecipient,
  verifyApplicability,
  verifyChecklistItem,
} from '../../../../renderer/src/domain/verify-plan'
import type { MethodId } from '../../../../shared/decision/types'

const profiles = [
  { id: 'p-office-01', address: 'reports@contoso.com', purpose: 'office-reports' as const },
  { id: 'p-scanner-1', address: 'Scanner@contoso.com', purpose: 'device' as const },
  { id: 'p-mfp-0001', address: 'mfp@contoso.com', purpose: 'device' as const },
]

describe('Verify step logic', () => {
  it.each<[MethodId | null, string]>([
    [null, 'no-method'],
    ['client-submission-basic', 'sign-in'],
    ['client-submission-oauth', 'sign-in'],
    ['high-volume-email', 'sign-in'],
    ['direct-send', 'no-sign-in'],
    ['smtp-relay', 'no-sign-in'],
  ])('%s → %s', (method, kind) => {
    expect(verifyApplicability(method).kind).toBe(kind)
  })

  it('signs in the way the method does', () => {
    expect(verifyApplicability('client-submission-oauth')).toMatchObject({ profileMethod: 'oauth' })
    expect(verifyApplicability('high-volume-email')).toMatchObject({
      profileMethod: 'basic',
      host: 'smtp.hve.mx.microsoft',
    })
    const relay = verifyApplicability('smtp-relay')
    expect(relay.kind === 'no-sign-in' && relay.why).toContain('not by a mailbox sign-in')
  })

  it('suggests the contact as recipient only when it is an email address', () => {
    expect(suggestedRecipient({ contact: ' it@contoso.com ' })).toBe('it@contoso.com')
    expect(suggestedRecipient({ contact: 'Ana Ortiz, +1 555 0100' })).toBe('')
    expect(suggestedRecipient({ contact: '' })).toBe('')
  })

  it('offers the picked profile, else the sender mailbox, else the only device mailbox', () => {
    const job = { senderAddress: 'scanner@CONTOSO.com' }
    expect(preferredProfileId(profiles, job, 'p-mfp-0001')).toBe('p-mfp-0001')
    expect(preferredProfileId(profiles, job, 'deleted-profile')).toBe('p-scanner-1')
    // An office profile is never offered for a device.
    expect(preferredProfileId(profiles, { senderAddress: 'reports@contoso.com' }, null)).toBeNull()
    expect(preferredProfileId(profiles.slice(0, 2), { senderAddress: '' }, null)).toBe(
      'p-scanner-1',
    )
    expect(preferredProfileId([], job, null)).toBeNull()
  })

  it('keeps the outcome as a checklist item: done when passed, the explanation as the note', () => {
    expect(
      verifyChecklistItem({ status: 'pass', explanation: 'Accepted: "250 2.6.0 Queued"' }),
    ).toEqual({
      done: true,
      note: 'Accepted: "250 2.6.0 Queued"',
    })
    expect(verifyChecklistItem({ status: 'fail', explanation: 'Refused: "535 5.7.3"' }).done).toBe(
      false,
    )
  })

  it('names things for people', () => {
    expect(suggestedProfileName({ customer: ' Contoso ' })).toBe('Contoso device mailbox')
    expect(suggestedProfileName({ customer: '' })).toBe('Device mailbox')
    expect(endpointLabel({ host: 'smtp.office365.com', port: 587 })).toBe('smtp.office365.com:587')
    expect(endpointLabel({ host: '2001:db8::25', port: 587 })).toBe('[2001:db8::25]:587')
    expect(formatClock('not a date')).toBe('not a date')
    expect(formatClock('2026-11-28T14:05:00Z', 'en-GB')).toMatch(/^\d\d:\d\d$/)
  })

  it('splits the admin command off a fix, to show it as a block to copy', () => {
    expect(
      splitFix(
        "The tenant admin turns SMTP AUTH on for the mailbox. Admin's PowerShell: Set-CASMailbox -Identity a@b.test -SmtpClientAuthenticationDisabled $false",
      ),
    ).toEqual({
      text: 'The tenant admin turns SMTP AUTH on for the mailbox.',
      command: 'Set-CASMailbox -Identity a@b.test -SmtpClientAuthenticationDisabled $false',
    })
    expect(splitFix('Check the password.')).toEqual({ text: 'Check the password.', command: null })
  })
})
