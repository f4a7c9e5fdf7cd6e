/**
 * Where ScanPath Relay gets the access token it signs in to Microsoft 365 with (SMTP AUTH
 * XOAUTH2): a delegated sign-in of a licensed mailbox, or an app-only token (client credentials).
 * The forwarder asks before each connection; a source refreshes ahead of expiry itself.
 */

export interface RelayToken {
  /** The bearer token for XOAUTH2; never logged, never written outside the secret store. */
  accessToken: string
  /** When it stops being accepted (ISO 8601). */
  expiresOn: string
}

export interface RelayTokenSource {
  /** 'delegated': a mailbox signed in by device code; 'app-only': client credentials. */
  readonly kind: 'delegated' | 'app-only'
  /** The mailbox the relay signs in as (the XOAUTH2 user= value). */
  readonly username: string
  /**
   * A token valid for at least `minValidityS` more seconds (default 300), refreshed when needed.
   * Throws an Error whose message a person can act on ("Sign in again: …", "Consent revoked: …").
   */
  token(minValidityS?: number): Promise<RelayToken>
}
