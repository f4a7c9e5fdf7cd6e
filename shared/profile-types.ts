/**
 * Mailbox profiles: the mailbox a device signs in as (for the Verify step), and the office's
 * sending profile (for emailing reports). Ordinary settings — the password or OAuth refresh
 * token lives only in the keychain, and the renderer only ever learns `hasSecret`.
 */
export type ProfilePurpose = 'device' | 'office-reports'
export type ProfileMethod = 'basic' | 'oauth'

export interface MailboxProfile {
  id: string
  /** A name for people: "Contoso scanner mailbox". */
  name: string
  purpose: ProfilePurpose
  /** The mailbox address (From, and the OAuth account). */
  address: string
  /** The sign-in name; for Microsoft 365 the same as the address. */
  username: string
  method: ProfileMethod
  host: string
  port: number
  /** For OAuth: the Entra app (client) id and tenant (id, domain, or 'organizations'). */
  oauth: { clientId: string; tenant: string } | null
}

/**
 * What main says about an OAuth profile's saved Microsoft sign-in (read from its keychain item):
 * the account and when an access token was last obtained. Never a token.
 */
export interface OAuthSignInView {
  /** The account signed in (its user name), preferring the one that matches the profile's. */
  account: string
  /** When an access token was last obtained, by sign-in or refresh (ISO 8601); null if unknown. */
  refreshedAt: string | null
}

export interface MailboxProfileView extends MailboxProfile {
  hasSecret: boolean
  /** OAuth profiles with a saved sign-in (main sets it; null otherwise). */
  oauthSignIn?: OAuthSignInView | null
}

/** Where secrets are kept this run: the OS keychain, or memory only (with the reason). */
export type SecretStorageStatus = { kind: 'keychain' } | { kind: 'session'; reason: string }

/** What the technician needs to finish an OAuth sign-in on any browser (device code flow). */
export interface OAuthPrompt {
  profileId: string
  userCode: string
  verificationUri: string
  message: string
  expiresAt: string
}
