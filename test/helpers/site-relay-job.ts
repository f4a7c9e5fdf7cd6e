/**
 * The e2e "no method fits" job (a device without OAuth, external recipients, Basic blocked, no
 * static IP) with ScanPath Relay at the site chosen: the report and PDF tests of the relay start
 * from it.
 */
import { newJob, type Job } from '../../shared/job-types'

export function siteRelayJob(patch: Partial<Job> = {}): Job {
  const j = newJob('job-relay-0001', '2026-12-05T07:00:00.000Z')
  return {
    ...j,
    customer: 'Contoso',
    domain: 'contoso.com',
    senderAddress: 'scanner@contoso.com',
    device: {
      ...j.device,
      familyId: 'generic-smtp',
      address: '192.168.1.50',
      capabilityAnswers: { starttls587: 'yes', tls12: 'no', smtpAuth: 'yes', oauthM365: 'no' },
    },
    answers: {
      externalRecipients: 'yes',
      mfaOrSecurityDefaults: 'no',
      basicAuthBlocked: 'yes',
      staticPublicIp: 'no',
    },
    siteRelay: { address: '192.168.1.20', port: 2525 },
    ...patch,
  }
}
