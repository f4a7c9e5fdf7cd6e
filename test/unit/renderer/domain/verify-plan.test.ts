import { describe, expect, it } from 'vitest'

import { endpointLabel, formatClock, splitFix } from '../../../../renderer/src/domain/profile-view'
import {
  jobLabel,
  mxSendDefaults,
  preferredProfileId,
  suggestedProfileName,
  suggestedRecipient,
  verifyApplicability,
} from '../../../../renderer/src/domain/verify-plan'
import type { MethodId } from '../../../../shared/decision/types'
import { newJob } from '../../../../shared/job-types'
import type { DnsMxData } from '../../../../shared/site-identity-types'
import { siteChecksFixture } from '../../../helpers/report-job-fixture'

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
    ['direct-send', 'mx-send'],
    ['smtp-relay', 'mx-send'],
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
    expect(relay).toMatchObject({ kind: 'mx-send', mxMethod: 'relay' })
    expect(relay.kind === 'mx-send' && relay.why).toContain('not by a mailbox sign-in')
    expect(verifyApplicability('direct-send')).toMatchObject({ mxMethod: 'direct-send' })
  })

  it('starts the MX test from the job: the MX typed, else found in DNS; the site IP and SPF', () => {
    const job = newJob('job-mx-0001', '2026-12-04T10:00:00.000Z')
    Object.assign(job, {
      customer: 'Contoso Ltd',
      site: 'Main office',
      contact: 'it@contoso.com',
      senderAddress: ' scanner@contoso.com ',
    })
    expect(mxSendDefaults(job)).toEqual({
      mxHost: '',
      mxFrom: null,
      from: 'scanner@contoso.com',
      to: 'it@contoso.com',
      connectorIp: '',
      spf: 'unknown',
    })
    // The site checks of the report fixture: MX found in DNS, public IP 203.0.113.7.
    job.lastReport = siteChecksFixture()
    const mx = (job.lastReport.checks.find((c) => c.id === 'dns-mx')?.data as DnsMxData)
      .m365Endpoint
    expect(mx).toBeTruthy()
    expect(mxSendDefaults(job)).toMatchObject({
      mxHost: mx,
      mxFrom: 'dns',
      connectorIp: '203.0.113.7',
    })
    expect(['pass', 'not-pass']).toContain(mxSendDefaults(job).spf)
    job.mxHost = ' contoso-com.l-v1.mx.microsoft '
    expect(mxSendDefaults(job)).toMatchObject({
      mxHost: 'contoso-com.l-v1.mx.microsoft',
      mxFrom: 'job',
    })
    expect(jobLabel(job)).toBe('Contoso Ltd, Main office')
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
