/**
 * High Volume Email (smtp.hve.mx.microsoft:587): a mail user, not a mailbox, for internal
 * recipients only, with Basic sign-in until September 2028 and pay-as-you-go billing.
 */
import { Assessment } from './assessment'
import { submissionRequirements } from './submission-requirements'
import type { DecisionInput, MethodAssessment } from './types'

export function highVolumeEmail(i: DecisionInput): MethodAssessment {
  const a = new Assessment('high-volume-email', 587)
  const { answers } = i
  // Internal recipients only, external sending removed June 2025 (docs/microsoft-365-facts.md,
  // "High Volume Email").
  if (answers.externalRecipients === 'yes') {
    a.block('answers.externalRecipients', 'High Volume Email only delivers to internal recipients.')
  } else if (answers.externalRecipients === 'unknown') {
    a.check(
      'answers.externalRecipients',
      'High Volume Email only reaches internal recipients: confirm nobody outside needs the mail.',
    )
  }
  submissionRequirements(a, i, 'smtp.hve.mx.microsoft', false)
  // "An HVE account is a special type of mail user" (learn.microsoft.com, Add-HVEAppAccess):
  // no mailbox, so no Sent Items.
  if (answers.sentItemsCopy === 'yes') {
    a.block(
      'answers.sentItemsCopy',
      'An HVE account is a mail user, not a mailbox: there is no Sent Items folder.',
    )
  }
  // Basic auth until September 2028; OAuth apps allowed (docs/microsoft-365-facts.md, "High
  // Volume Email").
  a.reason('today', 'Keeps password (Basic) sign-in until September 2028, or OAuth.')
  if (answers.highVolume === 'yes')
    a.reason('answers.highVolume', 'Made for volume beyond client-submission limits.')
  // Billed from 1 June 2026 (MC1243552; docs/microsoft-365-facts.md, "High Volume Email"), $42 per
  // 1M recipients; accounts without a billing policy show "Not active".
  a.warn(
    'method',
    'Needs an HVE account and a pay-as-you-go billing policy in the tenant ($42 per million recipients since June 2026, as message center post MC1243552 announced).',
  )
  return a.done()
}
