import type { PrinterFamily } from './types'

/**
 * A device not in the catalogue: nothing is known in advance, so every capability is asked as
 * a question in the wizard and recorded with the job.
 */
export const GENERIC_SMTP_DEVICE: PrinterFamily = {
  id: 'generic-smtp-device',
  vendor: 'generic',
  vendorName: 'Generic',
  family: 'Generic SMTP device (scanner, app, appliance)',
  exampleModels: [],
  aliases: ['other', 'unknown', 'not listed', 'application', 'software', 'nas', 'ups', 'camera'],
  webUiPath: {
    value: 'unknown',
    note: "Look for the device's Email, SMTP, Notification or Scan to Email settings.",
  },
  panelPath: { value: 'unknown' },
  fieldNames: { value: 'unknown' },
  capabilities: {
    starttls587: {
      value: 'unknown',
      note: 'Look for "STARTTLS", "TLS" or "SSL/TLS: STARTTLS" on port 587.',
    },
    starttls25: {
      value: 'unknown',
      note: 'Look for STARTTLS together with SMTP authentication when the port is set to 25.',
    },
    tls12: { value: 'unknown', note: 'Check the firmware release notes for TLS 1.2.' },
    implicitTls465Only: { value: 'unknown' },
    smtpAuth: { value: 'unknown' },
    oauthM365: {
      value: 'unknown',
      note: 'Look for "OAuth", "Modern authentication" or "Microsoft 365" in the email settings.',
    },
  },
  limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
  pitfalls: [],
}
