/**
 * Microsoft documents cited by the decision, the ways out, the configuration plan and the Decision
 * step's questions: one address each, so every citation of a page is the same string.
 */

/** Microsoft, "Enable or disable authenticated client SMTP submission (SMTP AUTH) in Exchange Online". */
export const SMTP_AUTH_DOC =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission'

/** Exchange Team, "Updated Exchange Online SMTP AUTH Basic Authentication Deprecation Timeline". */
export const BASIC_AUTH_TIMELINE =
  'https://techcommunity.microsoft.com/blog/exchange/updated-exchange-online-smtp-auth-basic-authentication-deprecation-timeline/4489835'

/**
 * Microsoft, SMTP_AUTH_DOC (note, checked December 2026): "If security defaults is enabled in your
 * organization, SMTP AUTH is already disabled in Exchange Online. To use SMTP AUTH, you need to
 * disable security defaults."
 */
export const SECURITY_DEFAULTS_QUOTE =
  'Microsoft: "If security defaults is enabled in your organization, SMTP AUTH is already disabled in Exchange Online. To use SMTP AUTH, you need to disable security defaults."'
