/**
 * Delegated tokens for ScanPath Relay: the mailbox signed in by device code (the existing OAuth
 * client), kept alive by a regular refresh so the refresh token never reaches Microsoft's 90-day
 * inactivity limit, with the last refresh and the last failure kept for `relay status`.
 */
import { errorText, OAuthError } from '../mail/oauth/errors'
import { jwtClaims } from './app-only-token'
import type { RelayToken, RelayTokenSource } from './token-source'

/**
 * A refresh token lapses after 90 days without use. Source: Microsoft, "Refresh tokens in the
 * Microsoft identity platform", Token lifetime
 * (https://learn.microsoft.com/entra/identity-platform/refresh-tokens); see also
 * docs/microsoft-365-facts.md, "OAuth 2.0 for SMTP (XOAUTH2)".
 */
export const REFRESH_TOKEN_INACTIVITY_DAYS = 90
const DAY_MS = 24 * 60 * 60 * 1000

/** Once a day: a failing refresh then leaves some 89 days to notice and sign in again. */
export const DEFAULT_KEEP_ALIVE_MS = DAY_MS
/** After a failed keep-alive refresh, try again sooner. */
export const DEFAULT_RETRY_MS = 60 * 60 * 1000
/** What MSAL guarantees of a token it hands out from its cache (its renewal offset). */
const MSAL_RENEWAL_MARGIN_MS = 5 * 60 * 1000

/** The part of the OAuth client (electron/mail/oauth/client.ts) this source needs. */
export interface DelegatedTokenClient {
  /**
   * A token from MSAL's cache while valid for 5 more minutes, else renewed with the refresh token;
   * `forceRefresh` renews it whatever is left.
   */
  accessToken(username: string, opts?: { forceRefresh?: boolean }): Promise<string>
}

export type RefreshFailureKind = 'sign-in-again' | 'consent' | 'network' | 'other'

export interface DelegatedTokenStatus {
  /** When the access token in hand expires (ISO 8601), if there is one. */
  expiresOn: string | null
  /** When the refresh token was last used (a new access token issued), if known (ISO 8601). */
  lastRefreshAt: string | null
  /** The last failed attempt, cleared by the next success. */
  lastFailure: { at: string; kind: RefreshFailureKind; message: string } | null
  /** When the saved sign-in lapses unless refreshed: lastRefreshAt + 90 days (ISO 8601). */
  lapsesAt: string | null
  /** A sentence for `relay status` when something needs doing; null when all is well. */
  warning: string | null
}

export interface DelegatedTokenOptions {
  client: DelegatedTokenClient
  /** The signed-in mailbox (the XOAUTH2 user= value). */
  username: string
  /**
   * When the sign-in was last refreshed before this run, e.g. the keychain copy's note
   * (savedSignIn(...).refreshedAt in electron/mail/oauth/token-cache.ts).
   */
  lastRefreshAt?: string | null
  keepAliveMs?: number
  retryMs?: number
  /** Called whenever the status changes (to persist it or log it; it never holds a token). */
  onStatus?: (status: DelegatedTokenStatus) => void
  now?: () => number
}

export interface DelegatedTokenSource extends RelayTokenSource {
  readonly kind: 'delegated'
  /** Uses the refresh token if the access token is not fresh; never throws, records the outcome. */
  keepAlive(): Promise<DelegatedTokenStatus>
  /** Starts the keep-alive timer (a refresh now, then every keepAliveMs); stop() ends it. */
  start(): void
  stop(): void
  status(): DelegatedTokenStatus
}

function failureKind(err: unknown): RefreshFailureKind {
  // AADSTS65001: the user or administrator has not consented (or consent was withdrawn).
  if (/AADSTS65001\b/.test(errorText(err))) return 'consent'
  if (err instanceof OAuthError) {
    if (err.code === 'sign-in-required') return 'sign-in-again'
    if (err.code === 'network') return 'network'
  }
  return 'other'
}

/** The failure in words a technician acts on: what happened and what to do. */
function failureMessage(kind: RefreshFailureKind, username: string, err: unknown): string {
  const said = errorText(err)
  switch (kind) {
    case 'consent':
      return `Consent revoked: Microsoft no longer lets this app send as ${username}. An administrator has to grant consent to the app again (API permission SMTP.Send of Office 365 Exchange Online), then sign in again. (${said})`
    case 'sign-in-again':
      // AADSTS700082: the refresh token expired after 90 days without use.
      if (/AADSTS700082\b/.test(said)) {
        return `Sign in again: the saved sign-in for ${username} lapsed after ${REFRESH_TOKEN_INACTIVITY_DAYS} days without use. (${said})`
      }
      return said.startsWith('Sign in again') ? said : `Sign in again: ${said}`
    case 'network':
    case 'other':
      return said
  }
}

export function createDelegatedTokenSource(opts: DelegatedTokenOptions): DelegatedTokenSource {
  const now = opts.now ?? Date.now
  const keepAliveMs = opts.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS
  const retryMs = opts.retryMs ?? DEFAULT_RETRY_MS
  const initial = opts.lastRefreshAt ? Date.parse(opts.lastRefreshAt) : NaN
  let lastRefreshAt: number | null = Number.isFinite(initial) ? initial : null
  let lastFailure: DelegatedTokenStatus['lastFailure'] = null
  let current: { token: RelayToken; expiresAt: number } | null = null
  let timer: NodeJS.Timeout | undefined
  let running = false

  function status(): DelegatedTokenStatus {
    const lapses =
      lastRefreshAt === null ? null : lastRefreshAt + REFRESH_TOKEN_INACTIVITY_DAYS * DAY_MS
    let warning: string | null = null
    if (lastFailure) {
      if (lastFailure.kind === 'sign-in-again' || lastFailure.kind === 'consent') {
        warning = `The last refresh failed: sign in again now. ${lastFailure.message}`
      } else {
        const msg = lastFailure.message
        const on = lapses === null ? '' : new Date(lapses).toISOString().slice(0, 10)
        const days = lapses === null ? null : Math.floor((lapses - now()) / DAY_MS)
        if (days === null) {
          warning = `The last refresh failed: ${msg} If it keeps failing, sign in again.`
        } else if (days < 0) {
          warning = `The last refresh failed: ${msg} The saved sign-in has most likely lapsed (${REFRESH_TOKEN_INACTIVITY_DAYS} days without use on ${on}): sign in again now.`
        } else {
          warning = `The last refresh failed: ${msg} Unless a refresh succeeds, sign in again within ${days} day${days === 1 ? '' : 's'} (the saved sign-in lapses on ${on} after ${REFRESH_TOKEN_INACTIVITY_DAYS} days without use).`
        }
      }
    }
    return {
      expiresOn: current?.token.expiresOn ?? null,
      lastRefreshAt: lastRefreshAt === null ? null : new Date(lastRefreshAt).toISOString(),
      lastFailure,
      lapsesAt: lapses === null ? null : new Date(lapses).toISOString(),
      warning,
    }
  }

  const changed = (): void => opts.onStatus?.(status())

  /** One call of the client; notes a new token (the refresh token was used) or the failure. */
  async function obtain(forceRefresh = false): Promise<RelayToken> {
    let accessToken: string
    try {
      accessToken = await opts.client.accessToken(
        opts.username,
        forceRefresh ? { forceRefresh: true } : undefined,
      )
    } catch (err) {
      const kind = failureKind(err)
      const message = failureMessage(kind, opts.username, err)
      lastFailure = { at: new Date(now()).toISOString(), kind, message }
      changed()
      throw new OAuthError(err instanceof OAuthError ? err.code : 'refused', message, {
        cause: err,
      })
    }
    const claims = jwtClaims(accessToken)
    const exp = typeof claims?.exp === 'number' ? claims.exp * 1000 : null
    const iat = typeof claims?.iat === 'number' ? claims.iat * 1000 : null
    // An opaque token: MSAL hands out only tokens valid for its renewal margin at least.
    const expiresAt = exp ?? now() + MSAL_RENEWAL_MARGIN_MS
    const isNew = current?.token.accessToken !== accessToken
    // A token not seen before was issued by a refresh (or the sign-in) at iat.
    if (isNew) lastRefreshAt = Math.min(iat ?? now(), now())
    const hadFailure = lastFailure !== null
    lastFailure = null
    current = { token: { accessToken, expiresOn: new Date(expiresAt).toISOString() }, expiresAt }
    if (isNew || hadFailure) changed()
    return current.token
  }

  function schedule(ms: number): void {
    if (!running) return
    clearTimeout(timer)
    timer = setTimeout(() => {
      void keepAlive()
    }, ms)
    timer.unref()
  }

  async function keepAlive(): Promise<DelegatedTokenStatus> {
    try {
      await obtain()
      schedule(keepAliveMs)
    } catch {
      schedule(retryMs)
    }
    return status()
  }

  return {
    kind: 'delegated',
    username: opts.username,
    async token(minValidityS = 300) {
      if (current && current.expiresAt - now() >= minValidityS * 1000) return current.token
      // MSAL renews on its own only inside its 5-minute margin: asked for more, force it.
      return obtain(minValidityS * 1000 > MSAL_RENEWAL_MARGIN_MS)
    },
    keepAlive,
    start() {
      if (running) return
      running = true
      void keepAlive()
    },
    stop() {
      running = false
      clearTimeout(timer)
    },
    status,
  }
}
