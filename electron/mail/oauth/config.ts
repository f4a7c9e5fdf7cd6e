/**
 * Where a mailbox signs in with OAuth: the app registration (client id), the tenant, the
 * authority host and the scopes, checked before MSAL sees them, and the MSAL authority options
 * (which tests override to point at a local identity provider).
 */
import type { NodeAuthOptions } from '@azure/msal-node'

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

/** What MSAL is told instead of asking Microsoft (tests use a local identity provider). */
export interface AuthorityOverrides {
  /** The tenant's OpenID configuration as JSON, so MSAL skips fetching it. */
  authorityMetadata?: string
  /** Instance discovery metadata as JSON, so MSAL skips asking Microsoft for it. */
  cloudDiscoveryMetadata?: string
  /** Authority hosts trusted without instance discovery (a non-Microsoft authorityHost needs it). */
  knownAuthorities?: string[]
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

/** MSAL's auth options for a validated config: the authority is the host plus the tenant. */
export function msalAuthOptions(
  config: OAuthConfig,
  overrides: AuthorityOverrides,
): NodeAuthOptions {
  const host = new URL(config.authorityHost ?? DEFAULT_AUTHORITY_HOST).origin
  return {
    clientId: config.clientId,
    authority: `${host}/${config.tenant}`,
    ...(overrides.knownAuthorities ? { knownAuthorities: overrides.knownAuthorities } : {}),
    ...(overrides.authorityMetadata ? { authorityMetadata: overrides.authorityMetadata } : {}),
    ...(overrides.cloudDiscoveryMetadata
      ? { cloudDiscoveryMetadata: overrides.cloudDiscoveryMetadata }
      : {}),
  }
}
