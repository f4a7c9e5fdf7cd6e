/**
 * MSAL's token cache kept in the OS keychain through the app's SecretStore (electron/secrets),
 * via MSAL's cache plugin. There is no file: msal-node itself writes none, and nothing here does.
 * Access tokens stay in this process's memory: they expire within the hour, a fresh one costs one
 * refresh, and leaving them out keeps a keychain item far below its size limit. The keychain copy
 * also carries ScanPath's own note of when an access token was last obtained (SIGN_IN_NOTE), so
 * Settings can say when the sign-in was last refreshed after a restart; MSAL ignores the key.
 */
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node'

import { errorText, OAuthError } from './errors'

/** The slice of the app's SecretStore (electron/secrets) the token cache needs. */
export interface TokenStoreLike {
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

/** The top-level key of ScanPath's note in the keychain copy (MSAL reads only its own keys). */
export const SIGN_IN_NOTE = 'ScanPathSignIn'

type SerializedCache = Record<string, Record<string, unknown> | undefined>

function parseCache(serialized: string): SerializedCache | null {
  try {
    const parsed: unknown = JSON.parse(serialized)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as SerializedCache)
      : null
  } catch {
    return null
  }
}

/** When the newest access token in the cache was obtained (MSAL's `cached_at`, in seconds). */
function newestAccessTokenAt(cache: SerializedCache): number | null {
  let newest: number | null = null
  for (const entry of Object.values(cache.AccessToken ?? {})) {
    const at = Number((entry as { cached_at?: unknown } | null)?.cached_at)
    if (Number.isFinite(at) && at > 0 && (newest === null || at > newest)) newest = at
  }
  return newest === null ? null : newest * 1000
}

function noteOf(cache: SerializedCache): number | null {
  const at = Date.parse(
    String((cache[SIGN_IN_NOTE] as { refreshedAt?: unknown } | undefined)?.refreshedAt),
  )
  return Number.isFinite(at) ? at : null
}

/**
 * The serialized cache as it goes to the keychain: no access tokens, and the note of when the
 * newest one was obtained (or the earlier note); null when nothing is left.
 */
function forKeychain(serialized: string, noted: number | null): string | null {
  const cache = JSON.parse(serialized) as SerializedCache
  const fresh = newestAccessTokenAt(cache)
  const refreshedAt = fresh !== null && (noted === null || fresh > noted) ? fresh : noted
  cache.AccessToken = {}
  const accounts = Object.keys(cache.Account ?? {}).length
  const refreshTokens = Object.keys(cache.RefreshToken ?? {}).length
  if (accounts === 0 && refreshTokens === 0) return null
  delete cache[SIGN_IN_NOTE]
  if (refreshedAt !== null)
    cache[SIGN_IN_NOTE] = { refreshedAt: new Date(refreshedAt).toISOString() }
  return JSON.stringify(cache)
}

/** What a keychain copy says about the sign-in, for the profile's view: never a token. */
export interface SavedSignIn {
  /** The user names of the accounts signed in (MSAL's `username`, the UPN). */
  accounts: string[]
  /** When an access token was last obtained, by sign-in or refresh (ISO 8601), if noted. */
  refreshedAt: string | null
}

/** Reads the user names and the refresh note from a keychain copy; null when it is not one. */
export function savedSignIn(serialized: string): SavedSignIn | null {
  const cache = parseCache(serialized)
  if (!cache) return null
  const accounts = Object.values(cache.Account ?? {})
    .map((a) => (a as { username?: unknown } | null)?.username)
    .filter((u): u is string => typeof u === 'string' && u !== '')
  const at = noteOf(cache)
  return { accounts, refreshedAt: at === null ? null : new Date(at).toISOString() }
}

/** MSAL's cache plugin over the keychain item `key` of store. */
export function keychainCachePlugin(store: TokenStoreLike, key: string): ICachePlugin {
  // The full cache of this process (access tokens included). Once known it wins over the keychain
  // copy, which lacks the access tokens; this app is the only writer of its keychain item.
  let live: string | null = null
  // When an access token was last obtained: from the keychain copy, then from this process.
  let noted: number | null = null
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
      if (data !== null) {
        if (live === null) {
          const kept = parseCache(data)
          noted = kept ? noteOf(kept) : null
        }
        ctx.tokenCache.deserialize(data)
      }
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (!ctx.cacheHasChanged) return
      live = ctx.tokenCache.serialize()
      const persisted = forKeychain(live, noted)
      const kept = persisted === null ? null : parseCache(persisted)
      noted = kept ? noteOf(kept) : null
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
