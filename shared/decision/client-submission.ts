/**
 * Client submission (SMTP AUTH on smtp.office365.com) with OAuth or with a password [MS option 1]:
 * its requirements, its limits, and what it offers over the other methods.
 */
import { Assessment } from './assessment'
import { passwordSignIn } from './basic-auth'
import { deviceFact } from './device-fact'
import { SECURITY_DEFAULTS_QUOTE } from './sources'
import { submissionRequirements } from './submission-requirements'
import type { DecisionInput, MethodAssessment } from './types'

/** Client submission with OAuth: whether the device can sign in to Microsoft 365 that way. */
function oauthSignIn(a: Assessment, i: DecisionInput): void {
  // OAuth (XOAUTH2) is "the supported authentication method" from end of 2026
  // (docs/microsoft-365-facts.md, "Basic authentication timeline" and "OAuth 2.0 for SMTP
  // (XOAUTH2)").
  const oauth = deviceFact(a, i, 'oauthM365', 'no')
  if (oauth === 'no') {
    a.block(
      'device.oauthM365',
      'The device (at this firmware) cannot sign in to Microsoft 365 with OAuth.',
    )
  } else if (oauth === 'unknown') {
    if (!i.hints?.weak.oauthM365)
      a.check(
        'device.oauthM365',
        'Check whether the device firmware offers OAuth 2.0 / Microsoft 365 sign-in.',
      )
  } else {
    a.reason(
      'device.oauthM365',
      i.hints?.weak.oauthM365
        ? 'The catalogue says the device can sign in to Microsoft 365 with OAuth 2.0, which keeps working after Basic auth is turned off (from a weak source: check it).'
        : 'The device can sign in to Microsoft 365 with OAuth 2.0, which keeps working after Basic auth is turned off.',
    )
  }
  if (i.answers.mfaOrSecurityDefaults === 'yes') {
    // SMTP_AUTH_DOC: with Security Defaults SMTP AUTH is disabled, OAuth included; MFA itself
    // is satisfied at the interactive OAuth sign-in.
    a.warn(
      'answers.mfaOrSecurityDefaults',
      `If it is Security Defaults, the admin must turn them off (Conditional Access can replace them) before the device can sign in, even with OAuth. ${SECURITY_DEFAULTS_QUOTE} MFA alone is fine: it is done at the OAuth sign-in.`,
    )
  }
}

export function clientSubmission(i: DecisionInput, auth: 'oauth' | 'basic'): MethodAssessment {
  const a = new Assessment(
    auth === 'oauth' ? 'client-submission-oauth' : 'client-submission-basic',
    587,
  )
  const { answers } = i
  submissionRequirements(a, i, 'smtp.office365.com', true)
  if (auth === 'oauth') oauthSignIn(a, i)
  else passwordSignIn(a, i)
  // [MS table] Relay to internet: Yes; Saves to Sent Items: Yes; third-party hosted: Yes.
  if (answers.externalRecipients === 'yes')
    a.reason(
      'answers.externalRecipients',
      'Sends to recipients inside and outside the organisation.',
    )
  else if (answers.externalRecipients === 'unknown')
    a.ask(
      'answers.externalRecipients',
      'It sends inside and outside the organisation either way; the answer says whether direct send or High Volume Email could do instead.',
    )
  if (answers.sentItemsCopy === 'yes')
    a.reason('answers.sentItemsCopy', "Saves a copy in the mailbox's Sent Items.")
  if (answers.thirdPartyHosted === 'yes')
    a.reason('answers.thirdPartyHosted', 'Works from an application hosted by a third party.')
  // [MS option 1 limits] "30 messages sent per minute, and a limit of 10,000 recipients per day".
  if (answers.highVolume === 'yes') {
    a.block(
      'answers.highVolume',
      'Client submission is limited to 30 messages a minute and 10,000 recipients a day.',
    )
  } else if (answers.highVolume === 'unknown') {
    a.check(
      'answers.highVolume',
      'Check the volume: client submission allows 30 messages a minute and 10,000 recipients a day.',
    )
  }
  // [MS option 1] "Mailbox: You must have a licensed Microsoft 365 or Office 365 mailbox to send email from."
  a.warn(
    'method',
    'Needs a licensed mailbox to sign in with; mail is sent as that mailbox (with SMTP AUTH allowed for it).',
  )
  return a.done()
}
