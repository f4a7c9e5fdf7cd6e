/**
 * What the Verify step can do for a job: whether a mailbox sign-in applies to the chosen method,
 * which profile to offer first, and whom to send the test to (main keeps the outcome in the job).
 * Pure, unit-tested.
 */
import { assertNever } from '../../../shared/assert-never'
import { checkResult } from '../../../shared/check-results'
import { emailProblem } from '../../../shared/host-syntax'
import type { MethodId } from '../../../shared/decision/types'
import type { Job } from '../../../shared/job-types'
import { siteFactsFromReport } from '../../../shared/decision/facts'
import type { MailboxProfile, ProfileMethod } from '../../../shared/profile-types'

export type VerifyApplicability =
  | { kind: 'no-method' }
  /** The device signs in as a mailbox: Verify signs in the same way from this laptop. */
  | { kind: 'sign-in'; method: MethodId; profileMethod: ProfileMethod; host: string }
  /** The device sends to the tenant MX without signing in: Verify sends a test message the same way. */
  | { kind: 'mx-send'; method: MethodId; mxMethod: 'direct-send' | 'relay'; why: string }

export function verifyApplicability(method: MethodId | null): VerifyApplicability {
  switch (method) {
    case null:
      return { kind: 'no-method' }
    case 'client-submission-basic':
      return { kind: 'sign-in', method, profileMethod: 'basic', host: 'smtp.office365.com' }
    case 'client-submission-oauth':
      return { kind: 'sign-in', method, profileMethod: 'oauth', host: 'smtp.office365.com' }
    case 'high-volume-email':
      // HVE accounts sign in with SMTP AUTH too, on Microsoft's HVE endpoint.
      return { kind: 'sign-in', method, profileMethod: 'basic', host: 'smtp.hve.mx.microsoft' }
    case 'direct-send':
      return {
        kind: 'mx-send',
        method,
        mxMethod: 'direct-send',
        why: 'Direct send delivers to the tenant MX on port 25 without signing in: this laptop, on the same network as the device, sends a test message the same way.',
      }
    case 'smtp-relay':
      return {
        kind: 'mx-send',
        method,
        mxMethod: 'relay',
        why: "A relay connector accepts the device by the site's public IP address (or certificate), not by a mailbox sign-in: this laptop, on the same network as the device, sends a test message to the tenant MX the same way.",
      }
    default:
      return assertNever(method, 'method')
  }
}

/** The job's contact, when it is an email address (it is free text: often a name and phone). */
export function suggestedRecipient(job: Pick<Job, 'contact'>): string {
  const contact = job.contact.trim()
  return contact !== '' && emailProblem(contact) === null ? contact : ''
}

/**
 * The profile to offer: the one picked earlier (while it exists), else the device mailbox whose
 * address is the job's sender address, else the only device mailbox there is.
 */
export function preferredProfileId(
  profiles: readonly Pick<MailboxProfile, 'id' | 'address' | 'purpose'>[],
  job: Pick<Job, 'senderAddress'>,
  picked: string | null,
): string | null {
  const devices = profiles.filter((p) => p.purpose === 'device')
  if (picked && devices.some((p) => p.id === picked)) return picked
  const sender = job.senderAddress.trim().toLowerCase()
  const match = sender ? devices.find((p) => p.address.toLowerCase() === sender) : undefined
  if (match) return match.id
  return devices.length === 1 ? (devices[0]?.id ?? null) : null
}

/** A name for a new device mailbox profile made from the job ("Contoso scanner mailbox"). */
export function suggestedProfileName(job: Pick<Job, 'customer'>): string {
  const customer = job.customer.trim()
  return customer ? `${customer} device mailbox` : 'Device mailbox'
}

/** What the MX test send starts with, from the job and its site checks. */
export interface MxSendDefaults {
  /** The MX typed in the job, else the Microsoft 365 MX found in DNS; '' when neither is known. */
  mxHost: string
  mxFrom: 'job' | 'dns' | null
  from: string
  to: string
  /** The site's public IP as the site checks found it (what a relay connector must list). */
  connectorIp: string
  spf: 'pass' | 'not-pass' | 'unknown'
}

export function mxSendDefaults(job: Job): MxSendDefaults {
  const typed = job.mxHost.trim()
  const fromDns = checkResult(job.lastReport, 'dns-mx')?.data?.m365Endpoint ?? ''
  const site = siteFactsFromReport(job.lastReport)
  return {
    mxHost: typed || fromDns,
    mxFrom: typed ? 'job' : fromDns ? 'dns' : null,
    from: job.senderAddress.trim(),
    to: suggestedRecipient(job),
    connectorIp: site.publicIp ?? '',
    spf: site.spf,
  }
}

/** The subject's label for a job: the customer and site, as the technician typed them. */
export function jobLabel(job: Pick<Job, 'customer' | 'site'>): string {
  return [job.customer.trim(), job.site.trim()].filter(Boolean).join(', ').slice(0, 200)
}
