/**
 * The Basic-auth (password) rules of client submission: Security Defaults and MFA, the tenant's
 * authentication policy, and the end-of-2026 cut-over that turns Basic off by default.
 */
import type { Assessment } from './assessment'
import { SECURITY_DEFAULTS_QUOTE } from './sources'
import type { DecisionInput } from './types'

/**
 * "End of December 2026: SMTP AUTH Basic Authentication will be disabled by default for existing
 * tenants" (docs/microsoft-365-facts.md, "Basic authentication timeline").
 */
export const BASIC_AUTH_DEFAULT_OFF = '2026-12-31'
/**
 * High Volume Email keeps Basic auth "until September 2028"
 * (docs/microsoft-365-facts.md, "High Volume Email").
 */
export const HVE_BASIC_UNTIL = '2028-09'

/**
 * Whether the tenant lets the mailbox sign in with a password. SMTP_AUTH_DOC: "If your
 * authentication policy disables basic authentication for SMTP, clients cannot use the SMTP AUTH
 * protocol even if you enable the settings outlined in this article." From the end of December
 * 2026 Basic is off by default for existing tenants (docs/microsoft-365-facts.md, "Basic
 * authentication timeline"): unknown then counts as blocked.
 */
function basicAuthPolicy(a: Assessment, i: DecisionInput): void {
  const v = i.answers.basicAuthBlocked
  const afterDefaultOff = i.today > BASIC_AUTH_DEFAULT_OFF
  if (v === 'yes') {
    a.block(
      'answers.basicAuthBlocked',
      'The tenant blocks password (Basic) sign-in for SMTP AUTH (an authentication policy, a Conditional Access rule against legacy authentication, or the end-of-2026 default): the device would get "535 5.7.139".',
    )
  } else if (v === 'unknown' && afterDefaultOff) {
    a.block(
      'answers.basicAuthBlocked',
      'Counted as blocked: since the end of December 2026 Microsoft turns Basic auth for SMTP AUTH off by default for existing tenants. The admin can turn it back on until the final removal (to be announced in the second half of 2027); if they confirm it is on, answer "No" to the question.',
    )
  } else if (v === 'unknown') {
    a.check(
      'answers.basicAuthBlocked',
      'Ask the tenant admin whether an authentication policy or Conditional Access blocks password (Basic) sign-in for SMTP AUTH; from the end of December 2026 it is off by default.',
    )
  }
}

/** Client submission with a password: what stands in its way, and the timeline that ends it. */
export function passwordSignIn(a: Assessment, i: DecisionInput): void {
  // [MS option 1] "not compatible with Microsoft Security Defaults or multi-factor authentication (MFA)".
  if (i.answers.mfaOrSecurityDefaults === 'yes') {
    a.block(
      'answers.mfaOrSecurityDefaults',
      `A password sign-in does not work with Security Defaults or MFA on the mailbox. ${SECURITY_DEFAULTS_QUOTE}`,
    )
  } else if (i.answers.mfaOrSecurityDefaults === 'unknown') {
    a.check(
      'answers.mfaOrSecurityDefaults',
      'Ask the tenant admin whether Security Defaults or MFA apply to the mailbox: they block password sign-in.',
    )
  }
  basicAuthPolicy(a, i)
  // The timeline of the 27 January 2026 update (docs/microsoft-365-facts.md, "Basic
  // authentication timeline").
  if (i.today > BASIC_AUTH_DEFAULT_OFF) {
    a.warn(
      'today',
      'Basic auth for SMTP AUTH has been disabled by default since the end of December 2026: the tenant admin must turn it back on, and Microsoft will announce its final removal (second half of 2027).',
    )
    a.penalize(25)
  } else {
    a.warn(
      'today',
      'Basic auth for SMTP AUTH will be disabled by default at the end of December 2026 (admins can turn it back on until Microsoft removes it): plan the move to OAuth.',
    )
    a.penalize(10)
  }
  a.reason(
    i.device.smtpAuth === 'unknown' ? 'method' : 'device.smtpAuth',
    'Works with any device that can sign in with a user name and password.',
  )
}
