/**
 * Signing a Microsoft 365 mailbox in with OAuth 2.0 so the sign-in check can use SMTP AUTH
 * XOAUTH2 (issue 5; docs/microsoft-365-facts.md, "OAuth 2.0 for SMTP (XOAUTH2)"). The technician
 * uses the device code flow: ScanPath shows a short code, they enter it on any browser (their
 * phone will do) and sign in as the mailbox. The delegated scope is
 * `https://outlook.office.com/SMTP.Send` plus `offline_access`, so the refresh token lets later
 * checks run without a new sign-in.
 *
 * The tokens live in the keychain and in memory only (./token-cache). Nothing is logged: MSAL's
 * logger gets a no-op callback, and error messages (./errors) carry Microsoft's error codes and
 * descriptions, never a token.
 */
import {
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type DeviceCodeRequest,
  type INetworkModule,
} from '@azure/msal-node'

import {
  msalAuthOptions,
  SMTP_SCOPES,
  validateOAuthConfig,
  type AuthorityOverrides,
  type OAuthConfig,
} from './config'
import { fromMicrosoft, OAuthError, signInError, silentError } from './errors'
import { fetchNetworkClient, observing } from './network'
import { keychainCachePlugin, type TokenStoreLike } from './token-cache'

export interface DeviceCodePrompt {
  /** The code the technician types at verificationUri. */
  userCode: string
  verificationUri: string
  /** Microsoft's own sentence, e.g. "To sign in, use a web browser to open the page …". */
  message: string
  /** When the code stops working (ISO 8601). */
  expiresAt: string
}

export interface OAuthClientDeps extends AuthorityOverrides {
  store: TokenStoreLike
  /** The store account (keychain item) that holds this app registration's token cache. */
  storeKey: string
  /** Replaces the built-in fetch client (tests point MSAL at a local identity provider). */
  networkClient?: INetworkModule
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
   * 'sign-in-required' ("Sign in again: …") when that is not possible. `forceRefresh` renews it
   * with the refresh token even while the one in memory is still valid.
   */
  accessToken(username: string, opts?: { forceRefresh?: boolean }): Promise<string>
  /** Forgets the mailbox's tokens here and in the keychain (it does not revoke them at Microsoft). */
  signOut(username: string): Promise<void>
}

function sameUser(a: AccountInfo, username: string): boolean {
  // User principal names are case-insensitive in Entra ID.
  return a.username.toLowerCase() === username.toLowerCase()
}

export function createOAuthClient(config: OAuthConfig, deps: OAuthClientDeps): OAuthClient {
  const invalid = validateOAuthConfig(config)
  if (invalid) throw new OAuthError('config', invalid)
  const auth = msalAuthOptions(config, deps)
  const net = observing(deps.networkClient ?? fetchNetworkClient(deps.requestTimeoutMs ?? 30_000))

  const pca = new PublicClientApplication({
    auth,
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

    async accessToken(username, opts) {
      const [account] = await accountsOf(username)
      if (!account) {
        throw new OAuthError(
          'sign-in-required',
          `Sign in again: there is no saved Microsoft 365 sign-in for ${username} on this computer.`,
        )
      }
      net.reset()
      try {
        const r = await pca.acquireTokenSilent({
          account,
          scopes: [...SMTP_SCOPES],
          ...(opts?.forceRefresh ? { forceRefresh: true } : {}),
        })
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
