/**
 * Every OAuth failure as an OAuthError with a sentence for the technician: what MSAL, Microsoft's
 * sign-in service (its error and AADSTS description) or the network said, and what to change.
 */
import { AuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node'

import { isCertificateCode } from '../../probes/cert-problem'

export type OAuthErrorCode =
  | 'config'
  | 'cancelled'
  | 'declined'
  | 'expired'
  | 'sign-in-required'
  | 'refused'
  | 'network'
  | 'keychain'

/** Every failure of the OAuth client, with a message written for the technician. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError'
  readonly code: OAuthErrorCode

  constructor(code: OAuthErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause })
    this.code = code
  }
}

/** An OAuth error answer from Microsoft: its error code and the first line of its description. */
export interface MicrosoftError {
  error: string
  description: string
}

/** What the network client saw during a call, which says more than MSAL's own error. */
export interface Observed {
  server: MicrosoftError | null
  failure: OAuthError | null
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

// ---- HTTP -------------------------------------------------------------------------------------

/** fetch wraps the socket's error: `TypeError: fetch failed` with the TLS error as its cause. */
function certificateCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && isCertificateCode(code)) return code
    e = (e as { cause?: unknown }).cause
  }
  return null
}

/** A request to the sign-in service that got no answer: a refused certificate, a timeout, … */
export function requestFailed(url: string, err: unknown): OAuthError {
  const certificate = certificateCode(err)
  if (certificate) {
    // fetch verified the certificate against the system store and refused: nothing of the
    // request (a device code, a refresh token) was sent.
    return new OAuthError(
      'network',
      `Microsoft's sign-in service at ${new URL(url).host} could not prove who it is (${certificate}): something on this network intercepts TLS, often a firewall's TLS inspection or an antivirus web shield. Nothing was sent to it. Ask the site's IT to exclude ${new URL(url).host} from TLS inspection.`,
      { cause: err },
    )
  }
  const why = err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : ''
  return new OAuthError(
    'network',
    `Could not reach Microsoft's sign-in service at ${new URL(url).host}${why ? ` (${why})` : ''}. Check this computer's internet connection.`,
    { cause: err },
  )
}

/** An answer that is not JSON: something other than the sign-in service answered. */
export function answerNotJson(url: string, status: number, err: unknown): OAuthError {
  return new OAuthError(
    'network',
    `Microsoft's sign-in service at ${new URL(url).host} answered HTTP ${status} with something that is not JSON (a proxy or captive portal in the way?).`,
    { cause: err },
  )
}

// ---- Microsoft and MSAL -----------------------------------------------------------------------

// What to change for the AADSTS codes a technician meets while setting up the app registration.
const AADSTS_HINTS: Array<[RegExp, string]> = [
  [
    /AADSTS700016\b/,
    'The application (client) ID was not found in this tenant: check the ID, the tenant, and that the app registration is multi-tenant if the mailbox is in another tenant.',
  ],
  [
    /AADSTS7000218\b|AADSTS700025\b/,
    'In the app registration, under Authentication, set "Allow public client flows" to Yes.',
  ],
  [
    /AADSTS90002\b|AADSTS900023\b/,
    'The tenant was not found: check the tenant ID or domain, or use "organizations".',
  ],
  [
    /AADSTS65001\b|AADSTS90094\b/,
    'An administrator has to grant consent to the app (API permission SMTP.Send of Office 365 Exchange Online).',
  ],
]

/** `Microsoft said "…".` plus what to change, or the fallback when Microsoft said nothing. */
export function fromMicrosoft(e: MicrosoftError | null, fallback: string): string {
  if (!e) return fallback
  const hint = AADSTS_HINTS.find(([re]) => re.test(e.description))?.[1]
  const said = e.description ? `${e.error}: ${e.description}` : e.error
  return `Microsoft said "${said}".${hint ? ` ${hint}` : ''}`
}

/** A failed device code sign-in, in words. */
export function signInError(err: unknown, { server, failure }: Observed): OAuthError {
  if (err instanceof OAuthError) return err
  const code = err instanceof AuthError ? err.errorCode : ''
  const text = err instanceof AuthError ? `${err.errorCode} ${err.errorMessage}` : errorText(err)
  const said = server?.error ?? ''
  if (code === 'device_code_polling_cancelled') {
    return new OAuthError('cancelled', 'The sign-in was cancelled.', { cause: err })
  }
  // Our own network failure says more than whatever MSAL made of it (endpoints_resolution_error…).
  if (failure) return failure
  if (said === 'authorization_declined' || said === 'access_denied') {
    return new OAuthError(
      'declined',
      `The sign-in was declined in the browser. Start again and accept; if Microsoft asked for an administrator's approval, an admin has to grant consent to the app first. ${fromMicrosoft(server, '')}`.trim(),
      { cause: err },
    )
  }
  if (
    said === 'expired_token' ||
    code === 'device_code_expired' ||
    code === 'user_timeout_reached'
  ) {
    return new OAuthError(
      'expired',
      'The code expired before the sign-in was finished. Start again to get a new code.',
      { cause: err },
    )
  }
  if (code === 'network_error' || code === 'openid_config_error') {
    return new OAuthError(
      'network',
      `Could not reach Microsoft's sign-in service (${text}). Check this computer's internet connection.`,
      { cause: err },
    )
  }
  return new OAuthError(
    'refused',
    `The sign-in failed. ${fromMicrosoft(server, `MSAL said "${text}".`)}`,
    { cause: err },
  )
}

// Errors after which only a new sign-in helps, whatever MSAL's class for them.
const SIGN_IN_AGAIN = new Set([
  'invalid_grant',
  'interaction_required',
  'login_required',
  'consent_required',
])

/** A failed renewal with the saved refresh token, in words. */
export function silentError(err: unknown, username: string, observed: Observed): OAuthError {
  const { server } = observed
  if (err instanceof OAuthError) return err
  if (
    err instanceof InteractionRequiredAuthError ||
    (err instanceof ServerError && SIGN_IN_AGAIN.has(err.errorCode))
  ) {
    return new OAuthError(
      'sign-in-required',
      `Sign in again: Microsoft no longer accepts the saved sign-in for ${username} (it was revoked, expired, or the password or policies changed). ${fromMicrosoft(server, `(${err.errorCode})`)}`,
      { cause: err },
    )
  }
  return signInError(err, observed)
}
