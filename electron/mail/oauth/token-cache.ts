/**
 * MSAL's token cache kept in the OS keychain through the app's SecretStore (electron/secrets),
 * via MSAL's cache plugin. There is no file: msal-node itself writes none, and nothing here does.
 * Access tokens stay in this process's memory: they expire within the hour, a fresh one costs one
 * refresh, and leaving them out keeps a keychain item far below its size limit.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node'

import { errorText, OAuthError } from './errors'

/** The slice of the app's SecretStore (electron/secrets) the token cache needs. */
export interface TokenStoreLike {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

/** The serialized cache as it goes to the keychain: no access tokens; null when nothing is left. */
function forKeychain(serialized: string): string | null {
  const cache = JSON.parse(serialized) as Record<string, Record<string, unknown> | undefined>
  cache.AccessToken = {}
  const accounts = Object.keys(cache.Account ?? {}).length
  const refreshTokens = Object.keys(cache.RefreshToken ?? {}).length
  return accounts === 0 && refreshTokens === 0 ? null : JSON.stringify(cache)
}

/** MSAL's cache plugin over the keychain item `key` of store. */
export function keychainCachePlugin(store: TokenStoreLike, key: string): ICachePlugin {
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
