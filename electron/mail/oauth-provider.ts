/**
 * The OAuth side of mailbox profiles: one MSAL client per profile (its app id and tenant), its
 * token cache — the refresh token — in the profile's keychain item `oauth:<profile id>`.
 */
import type { MailboxProfile } from '../../shared/profile-types'
import type { SecretStore } from '../secrets/secret-store'
import { oauthAccount, type OAuthProvider } from '../services/profile-service'
import { createOAuthClient, type OAuthClient, type OAuthClientDeps } from './oauth/client'

export function createOAuthProvider(
  extra: Omit<OAuthClientDeps, 'store' | 'storeKey'> = {},
): OAuthProvider {
  // Clients keep access tokens in memory; one per profile (and per app registration).
  const clients = new Map<string, OAuthClient>()
  const client = (p: MailboxProfile, store: SecretStore): OAuthClient => {
    if (!p.oauth) throw new Error(`${p.name} is not an OAuth profile`)
    const key = `${p.id}|${p.oauth.clientId}|${p.oauth.tenant}`
    let c = clients.get(key)
    if (!c) {
      c = createOAuthClient(
        { clientId: p.oauth.clientId, tenant: p.oauth.tenant },
        { ...extra, store, storeKey: oauthAccount(p.id) },
      )
      clients.set(key, c)
    }
    return c
  }
  return {
    signIn: (p, store, onPrompt, signal) => client(p, store).signIn(onPrompt, signal),
    accessToken: (p, store) => client(p, store).accessToken(p.username),
  }
}
