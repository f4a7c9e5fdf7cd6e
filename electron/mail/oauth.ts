/**
 * Signing a Microsoft 365 mailbox in with OAuth 2.0 so the sign-in check can use SMTP AUTH
 * XOAUTH2 (issue 5; m365-and-tools.md §B.2). The technician uses the device code flow: ScanPath
 * shows a short code, they enter it on any browser (their phone will do) and sign in as the
 * mailbox. The delegated scope is `https://outlook.office.com/SMTP.Send` plus `offline_access`, so
 * the refresh token lets later checks run without a new sign-in.
 *
 * Where the tokens live:
 * - MSAL's token cache (account, ID token, refresh token) is persisted only through the injected
 *   store — the app's SecretStore, i.e. the OS keychain — via MSAL's cache plugin. There is no
 *   file: msal-node itself writes none, and nothing here does.
 * - Access tokens stay in this process's memory: they expire within the hour, a fresh one costs one
 *   refresh, and leaving them out keeps a keychain item far below its size limit.
 * - Nothing is logged: MSAL's logger gets a no-op callback, and error messages carry Microsoft's
 *   error codes and descriptions, never a token.
 */
import {
  AuthError,
  InteractionRequiredAuthError,
  LogLevel,
  PublicClientApplication,
  ServerError,
  type AccountInfo,
  type DeviceCodeRequest,
  type ICachePlugin,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
  type TokenCacheContext,
} from '@azure/msal-node'

import { isCertificateCode } from '../probes/cert-problem'

/** Delegated permission for SMTP AUTH, plus offline_access so Microsoft issues a refresh token. */
export const SMTP_SCOPES = ['https://outlook.office.com/SMTP.Send', 'offline_access']

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com'

export interface OAuthConfig {
  /** The application (client) ID of the app registration (a public client). */
  clientId: string
  /** 'organizations' (any work or school account), 'common', a tenant ID (GUID) or a domain. */
  tenant: string
  /** Default https://login.microsoftonline.com; sovereign clouds (and tests) use another. */
  authorityHost?: string
}

export interface DeviceCodePrompt {
  /** The code the technician types at verificationUri. */
  userCode: string
  verificationUri: string
  /** Microsoft's own sentence, e.g. "To sign in, use a web browser to open the page …". */
  message: string
  /** When the code stops working (ISO 8601). */
  expiresAt: string
}

/** The slice of the app's SecretStore (electron/secrets) this module needs. */
export interface TokenStoreLike {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

export interface OAuthClientDeps {
  store: TokenStoreLike
  /** The store account (keychain item) that holds this app registration's token cache. */
  storeKey: string
  /** Replaces the built-in fetch client (tests point MSAL at a local identity provider). */
  networkClient?: INetworkModule
  /** The tenant's OpenID configuration as JSON, so MSAL skips fetching it. */
  authorityMetadata?: string
  /** Instance discovery metadata as JSON, so MSAL skips asking Microsoft for it. */
  cloudDiscoveryMetadata?: string
  /** Authority hosts trusted without instance discovery (a non-Microsoft authorityHost needs it). */
  knownAuthorities?: string[]
  /** Per-request limit of the built-in network client, in milliseconds. Default 30 s. */
  requestTimeoutMs?: number
}

export interface OAuthClient {
  /**
   * The device code flow: asks Microsoft for a code, hands it to onPrompt, then waits until the
   * technician has signed in (or declined, or the code expired). Resolves with the mailbox's
   * user name and when the first access token expires.
   */
  signIn(
    onPrompt: (p: DeviceCodePrompt) => void,
    signal?: AbortSignal,
  ): Promise<{ username: string; expiresOn: string }>
  /**
   * An access token for SMTP.Send without asking the technician: from memory while it is valid,
   * otherwise renewed with the saved refresh token. Throws an OAuthError with code
   * 'sign-in-required' ("Sign in again: …") when that is not possible.
   */
  accessToken(username: string): Promise<string>
  /** Forgets the mailbox's tokens here and in the keychain (it does not revoke them at Microsoft). */
  signOut(username: string): Promise<void>
}

export type OAuthErrorCode =
  | 'config'
  | 'cancelled'
  | 'declined'
  | 'expired'
  | 'sign-in-required'
  | 'refused'
  | 'network'
  | 'keychain'

/** Every failure of this module, with a message written for the technician. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError'
  readonly code: OAuthErrorCode

  constructor(code: OAuthErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause })
    this.code = code
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/i

function isDomain(s: string): boolean {
  const labels = s.split('.')
  return (
    s.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => DOMAIN_LABEL.test(l)) &&
    TOP_LEVEL.test(labels[labels.length - 1] ?? '')
  )
}

/** Null when the settings can be used; otherwise what is wrong, in words for the technician. */
export function validateOAuthConfig(c: unknown): string | null {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    return 'The OAuth settings are missing: an application (client) ID and a tenant are needed.'
  }
  const { clientId, tenant, authorityHost } = c as Record<string, unknown>
  if (typeof clientId !== 'string' || clientId.length === 0) {
    return "The application (client) ID is missing. Copy it from the app registration's Overview page in Microsoft Entra."
  }
  if (!GUID.test(clientId)) {
    return `The application (client) ID ${JSON.stringify(clientId)} is not a GUID; it looks like 00000000-0000-0000-0000-000000000000 (Overview page of the app registration in Microsoft Entra).`
  }
  if (typeof tenant !== 'string' || tenant.length === 0) {
    return "The tenant is missing: use 'organizations' for any work or school account, or the tenant ID or domain (e.g. contoso.onmicrosoft.com)."
  }
  const lower = tenant.toLowerCase()
  if (lower === 'consumers') {
    return "The tenant 'consumers' only signs in personal Microsoft accounts, which are not Microsoft 365 mailboxes; use 'organizations', the tenant ID or the tenant's domain."
  }
  if (lower !== 'organizations' && lower !== 'common' && !GUID.test(tenant) && !isDomain(tenant)) {
    return `The tenant ${JSON.stringify(tenant)} is not valid: use 'organizations', 'common', the tenant ID (a GUID) or a domain of the tenant such as contoso.onmicrosoft.com.`
  }
  if (authorityHost !== undefined) {
    const url = typeof authorityHost === 'string' ? URL.parse(authorityHost) : null
    // Only an origin: the tenant is appended to it, and a path or query would be silently lost.
    if (
      !url ||
      url.protocol !== 'https:' ||
      url.username !== '' ||
      url.password !== '' ||
      (url.pathname !== '/' && url.pathname !== '') ||
      url.search !== '' ||
      url.hash !== ''
    ) {
      return `The sign-in host ${JSON.stringify(authorityHost)} is not valid: it must be an https:// address with no path, such as ${DEFAULT_AUTHORITY_HOST}.`
    }
  }
  return null
}

// ---- network ----------------------------------------------------------------------------------

interface OAuthErrorBody {
  error?: unknown
  error_description?: unknown
  error_codes?: unknown
}

/**
 * MSAL's own client has no timeout on POSTs, so a stalled connection would hang a check forever;
 * this one aborts each request after timeoutMs. Plain fetch, as MSAL's, so proxies behave alike.
 */
function fetchNetworkClient(timeoutMs: number): INetworkModule {
  async function send<T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    let res: Response
    try {
      res = await fetch(url, {
        method,
        headers: options?.headers ?? {},
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (err) {
      const certificate = certificateCode(err)
      if (certificate) {
        // fetch verified the certificate against the system store and refused: nothing of the
        // request (a device code, a refresh token) was sent.
        throw new OAuthError(
          'network',
          `Microsoft's sign-in service at ${new URL(url).host} could not prove who it is (${certificate}): something on this network intercepts TLS, often a firewall's TLS inspection or an antivirus web shield. Nothing was sent to it. Ask the site's IT to exclude ${new URL(url).host} from TLS inspection.`,
          { cause: err },
        )
      }
      const why = err instanceof Error && err.name === 'TimeoutError' ? 'no answer in time' : ''
      throw new OAuthError(
        'network',
        `Could not reach Microsoft's sign-in service at ${new URL(url).host}${why ? ` (${why})` : ''}. Check this computer's internet connection.`,
        { cause: err },
      )
    }
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => {
      headers[k] = v
    })
    let body: T
    try {
      body = (await res.json()) as T
    } catch (err) {
      throw new OAuthError(
        'network',
        `Microsoft's sign-in service at ${new URL(url).host} answered HTTP ${res.status} with something that is not JSON (a proxy or captive portal in the way?).`,
        { cause: err },
      )
    }
    return { headers, body, status: res.status }
  }
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  }
}

/** fetch wraps the socket's error: `TypeError: fetch failed` with the TLS error as its cause. */
function certificateCode(err: unknown): string | null {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && isCertificateCode(code)) return code
    e = (e as { cause?: unknown }).cause
  }
  return null
}

/**
 * MSAL's device code client reports a failed poll with the bare error code and drops
 * Microsoft's description (the AADSTS number that says what to fix), and ignores an error from
 * the device code endpoint altogether. So the last OAuth error body is kept to word the message.
 */
function observing(inner: INetworkModule): {
  network: INetworkModule
  lastError: () => { error: string; description: string } | null
  /** Our own network failure: MSAL replaces any error that is not its own with "network_error". */
  lastFailure: () => OAuthError | null
  reset: () => void
} {
  let last: { error: string; description: string } | null = null
  let failure: OAuthError | null = null
  const keep = <T>(res: NetworkResponse<T>): NetworkResponse<T> => {
    const b = res.body as OAuthErrorBody | null
    if (b && typeof b === 'object' && typeof b.error === 'string') {
      // authorization_pending is the normal answer while the technician signs in.
      if (b.error !== 'authorization_pending') {
        const d = typeof b.error_description === 'string' ? b.error_description : ''
        // Microsoft appends Trace ID / Correlation ID / Timestamp lines; the first line says it all.
        last = { error: b.error, description: d.split(/\r?\n/)[0]?.trim() ?? '' }
      }
    }
    return res
  }
  const noting = async <T>(
    call: () => Promise<NetworkResponse<T>>,
  ): Promise<NetworkResponse<T>> => {
    try {
      return keep(await call())
    } catch (err) {
      if (err instanceof OAuthError) failure = err
      throw err
    }
  }
  return {
    network: {
      sendGetRequestAsync: (url, options, timeout) =>
        noting(() => inner.sendGetRequestAsync(url, options, timeout)),
      sendPostRequestAsync: (url, options) =>
        noting(() => inner.sendPostRequestAsync(url, options)),
    },
    lastError: () => last,
    lastFailure: () => failure,
    reset: () => {
      last = null
      failure = null
    },
  }
}

// ---- token cache in the keychain --------------------------------------------------------------

/** The serialized cache as it goes to the keychain: no access tokens; null when nothing is left. */
function forKeychain(serialized: string): string | null {
  const cache = JSON.parse(serialized) as Record<string, Record<string, unknown> | undefined>
  cache.AccessToken = {}
  const accounts = Object.keys(cache.Account ?? {}).length
  const refreshTokens = Object.keys(cache.RefreshToken ?? {}).length
  return accounts === 0 && refreshTokens === 0 ? null : JSON.stringify(cache)
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function keychainCachePlugin(store: TokenStoreLike, key: string): ICachePlugin {
  // The full cache of this process (access tokens included). Once known it wins over the keychain
  // copy, which lacks the access tokens; this app is the only writer of its keychain item.
  let live: string | null = null
  return {
    async beforeCacheAccess(ctx: TokenCacheContext) {
      let data = live
      if (data === null) {
        try {
          data = await store.get(key)
        } catch (err) {
          throw new OAuthError(
            'keychain',
            `The saved Microsoft 365 sign-in could not be read from the keychain: ${errorText(err)}`,
            { cause: err },
          )
        }
      }
      if (data !== null) ctx.tokenCache.deserialize(data)
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (!ctx.cacheHasChanged) return
      live = ctx.tokenCache.serialize()
      const persisted = forKeychain(live)
      try {
        if (persisted === null) await store.delete(key)
        else await store.set(key, persisted)
      } catch (err) {
        throw new OAuthError(
          'keychain',
          `The Microsoft 365 sign-in could not be saved in the keychain: ${errorText(err)}`,
          { cause: err },
        )
      }
    },
  }
}

// ---- errors ---------------------------------------------------------------------------------

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

function fromMicrosoft(e: { error: string; description: string } | null, fallback: string): string {
  if (!e) return fallback
  const hint = AADSTS_HINTS.find(([re]) => re.test(e.description))?.[1]
  const said = e.description ? `${e.error}: ${e.description}` : e.error
  return `Microsoft said "${said}".${hint ? ` ${hint}` : ''}`
}

interface Observed {
  server: { error: string; description: string } | null
  failure: OAuthError | null
}

function signInError(err: unknown, { server, failure }: Observed): OAuthError {
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

function silentError(err: unknown, username: string, observed: Observed): OAuthError {
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

// ---- the client -------------------------------------------------------------------------------

function sameUser(a: AccountInfo, username: string): boolean {
  // User principal names are case-insensitive in Entra ID.
  return a.username.toLowerCase() === username.toLowerCase()
}

export function createOAuthClient(config: OAuthConfig, deps: OAuthClientDeps): OAuthClient {
  const invalid = validateOAuthConfig(config)
  if (invalid) throw new OAuthError('config', invalid)
  const host = new URL(config.authorityHost ?? DEFAULT_AUTHORITY_HOST).origin
  const net = observing(deps.networkClient ?? fetchNetworkClient(deps.requestTimeoutMs ?? 30_000))

  const pca = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: `${host}/${config.tenant}`,
      ...(deps.knownAuthorities ? { knownAuthorities: deps.knownAuthorities } : {}),
      ...(deps.authorityMetadata ? { authorityMetadata: deps.authorityMetadata } : {}),
      ...(deps.cloudDiscoveryMetadata
        ? { cloudDiscoveryMetadata: deps.cloudDiscoveryMetadata }
        : {}),
    },
    cache: { cachePlugin: keychainCachePlugin(deps.store, deps.storeKey) },
    system: {
      networkClient: net.network,
      // A no-op sink: even without PII, MSAL's log lines are noise in the main process output.
      loggerOptions: {
        loggerCallback: () => {},
        piiLoggingEnabled: false,
        logLevel: LogLevel.Error,
      },
    },
  })

  async function accountsOf(username: string): Promise<AccountInfo[]> {
    return (await pca.getAllAccounts()).filter((a) => sameUser(a, username))
  }

  return {
    async signIn(onPrompt, signal) {
      if (signal?.aborted) throw new OAuthError('cancelled', 'The sign-in was cancelled.')
      net.reset()
      const request: DeviceCodeRequest = {
        scopes: [...SMTP_SCOPES],
        deviceCodeCallback: (r) => {
          if (typeof r.userCode !== 'string' || typeof r.verificationUri !== 'string') {
            // MSAL would go on polling with no device code; stop with Microsoft's reason instead.
            throw new OAuthError(
              'refused',
              `Microsoft did not issue a sign-in code. ${fromMicrosoft(net.lastError(), 'It gave no reason.')}`,
            )
          }
          if (request.cancel) return
          onPrompt({
            userCode: r.userCode,
            verificationUri: r.verificationUri,
            message: r.message,
            expiresAt: new Date(Date.now() + r.expiresIn * 1000).toISOString(),
          })
        },
      }
      // MSAL checks `cancel` before each poll; the promise below settles at once, though, because
      // MSAL may be sleeping out a polling interval of several seconds.
      let onAbort = (): void => {}
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => {
          request.cancel = true
          reject(new OAuthError('cancelled', 'The sign-in was cancelled.'))
        }
        signal?.addEventListener('abort', onAbort, { once: true })
      })
      try {
        const result = await Promise.race([pca.acquireTokenByDeviceCode(request), aborted])
        const username = result?.account?.username
        if (!result || !username) {
          throw new OAuthError(
            'refused',
            'Microsoft finished the sign-in but returned no mailbox account (no ID token). Check that the app asks for the openid and profile permissions.',
          )
        }
        return { username, expiresOn: (result.expiresOn ?? new Date()).toISOString() }
      } catch (err) {
        throw signInError(err, { server: net.lastError(), failure: net.lastFailure() })
      } finally {
        signal?.removeEventListener('abort', onAbort)
      }
    },

    async accessToken(username) {
      const [account] = await accountsOf(username)
      if (!account) {
        throw new OAuthError(
          'sign-in-required',
          `Sign in again: there is no saved Microsoft 365 sign-in for ${username} on this computer.`,
        )
      }
      net.reset()
      try {
        const r = await pca.acquireTokenSilent({ account, scopes: [...SMTP_SCOPES] })
        if (!r?.accessToken) {
          throw new OAuthError(
            'sign-in-required',
            `Sign in again: no access token could be obtained for ${username}.`,
          )
        }
        return r.accessToken
      } catch (err) {
        throw silentError(err, username, { server: net.lastError(), failure: net.lastFailure() })
      }
    },

    async signOut(username) {
      for (const account of await accountsOf(username)) await pca.signOut({ account })
    },
  }
}
