/**
 * App-only tokens for ScanPath Relay: the OAuth 2.0 client credentials grant of a confidential
 * client (a client secret or a certificate) through msal-node, for SMTP AUTH XOAUTH2 as a mailbox
 * the tenant let the app's Exchange Online service principal use. Refreshed ahead of expiry.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto'

import {
  AuthError,
  ConfidentialClientApplication,
  LogLevel,
  type INetworkModule,
  type NodeAuthOptions,
} from '@azure/msal-node'

import {
  msalAuthOptions,
  validateOAuthConfig,
  type AuthorityOverrides,
  type OAuthConfig,
} from '../mail/oauth/config'
import { errorText, fromMicrosoft, OAuthError, type MicrosoftError } from '../mail/oauth/errors'
import { fetchNetworkClient, observing } from '../mail/oauth/network'
import type { RelayToken, RelayTokenSource } from './token-source'

/**
 * The app-only scope for SMTP AUTH: the Exchange Online resource with /.default, which asks for
 * every application permission the admin consented to (SMTP.SendAsApp). Source: Microsoft,
 * "Authenticate an IMAP, POP or SMTP connection using OAuth", section "Use client credentials
 * grant flow to authenticate SMTP, IMAP and POP connections"
 * (https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth).
 * The same page has the tenant register the service principal in Exchange Online
 * (New-ServicePrincipal) and give it the mailbox (Add-MailboxPermission).
 */
export const APP_ONLY_SMTP_SCOPE = 'https://outlook.office365.com/.default'

/** The application permission a token must carry for SMTP AUTH as the app. */
export const SMTP_SEND_AS_APP = 'SMTP.SendAsApp'

/** How the app proves who it is: a client secret, or a certificate's private key. */
export type AppCredential =
  | { kind: 'secret'; secret: string }
  | {
      kind: 'certificate'
      /** PEM private key (PKCS#8 or PKCS#1) of the certificate uploaded to the app registration. */
      privateKeyPem: string
      /** PEM certificate; its SHA-256 thumbprint is computed, and the key is checked against it. */
      certificatePem?: string
      /** Hex SHA-256 thumbprint, when the certificate itself is not at hand. */
      thumbprintSha256?: string
      /** Send the certificate in the assertion (x5c), for subject name + issuer authentication. */
      sendCertificate?: boolean
    }

export interface AppOnlyTokenOptions extends AuthorityOverrides {
  /** The app registration and its tenant (a tenant ID or domain: not 'organizations' or 'common'). */
  config: OAuthConfig
  credential: AppCredential
  /** The mailbox the relay sends as (the XOAUTH2 user= value). */
  username: string
  /** Replaces the built-in fetch client (tests point MSAL at a local identity provider). */
  networkClient?: INetworkModule
  /** Per-request limit of the built-in network client, in milliseconds. Default 30 s. */
  requestTimeoutMs?: number
  /** The clock, for tests. */
  now?: () => number
}

/** For `relay status`: never a token. */
export interface AppOnlyTokenStatus {
  /** When the token in hand expires (ISO 8601), if there is one. */
  expiresOn: string | null
  /** The last failed attempt, cleared by the next success. */
  lastFailure: { at: string; message: string } | null
}

export interface AppOnlyTokenSource extends RelayTokenSource {
  readonly kind: 'app-only'
  status(): AppOnlyTokenStatus
}

// What to change for the AADSTS codes of the client credentials grant (Microsoft Entra
// authentication and authorization error codes, https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
const APP_ONLY_HINTS: Array<[RegExp, string]> = [
  [
    /AADSTS7000215\b/,
    'The client secret is wrong: in the app registration, under Certificates & secrets, create a new client secret and copy its Value (not its Secret ID) into the relay configuration.',
  ],
  [
    /AADSTS7000222\b/,
    'The client secret has expired: in the app registration, under Certificates & secrets, create a new client secret (or upload a certificate) and put it in the relay configuration.',
  ],
  [
    /AADSTS700027\b/,
    "The certificate is not accepted: upload the certificate (its public part) to the app registration under Certificates & secrets, and check that the relay's private key and thumbprint belong to it and that it has not expired.",
  ],
  [
    /AADSTS700016\b/,
    'The application (client) ID was not found in this tenant: check the ID and the tenant in the relay configuration; an app from another tenant needs an administrator of this tenant to consent to it first.',
  ],
  [
    /AADSTS7000112\b/,
    'The app is disabled in this tenant: an administrator has to enable it under Enterprise applications.',
  ],
  [
    /AADSTS90002\b|AADSTS900023\b/,
    'The tenant was not found: use the tenant ID (a GUID) or a domain of the tenant.',
  ],
  [
    /AADSTS500011\b/,
    'The tenant has no Office 365 Exchange Online service principal: check that it has Exchange Online, and the tenant in the relay configuration.',
  ],
  [
    /AADSTS65001\b|AADSTS1002012\b|AADSTS70011\b/,
    `An administrator has to grant admin consent to the app's application permission ${SMTP_SEND_AS_APP} (Office 365 Exchange Online).`,
  ],
]

function appOnlyExplanation(e: MicrosoftError | null, fallback: string): string {
  const hint = e ? APP_ONLY_HINTS.find(([re]) => re.test(e.description))?.[1] : undefined
  if (!e || !hint) return fromMicrosoft(e, fallback)
  return `Microsoft said "${e.error}: ${e.description}". ${hint}`
}

/** The claims of a JWT access token, or null when it is not one (Microsoft may make them opaque). */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1]
  if (token.split('.').length !== 3 || !payload) return null
  try {
    const v: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i

/** MSAL's credential options, after checking locally what can be checked. */
function credentialOptions(credential: AppCredential): Partial<NodeAuthOptions> {
  if (credential.kind === 'secret') {
    if (credential.secret.trim() === '') {
      throw new OAuthError(
        'config',
        'The client secret is empty: put its Value in the relay configuration.',
      )
    }
    return { clientSecret: credential.secret }
  }
  let key
  try {
    key = createPrivateKey(credential.privateKeyPem)
  } catch (err) {
    throw new OAuthError(
      'config',
      `The private key of the app's certificate could not be read (${errorText(err)}): it must be a PEM private key without a passphrase.`,
      { cause: err },
    )
  }
  let thumbprint = credential.thumbprintSha256?.replace(/:/g, '')
  let x5c: string | undefined
  if (credential.certificatePem !== undefined) {
    let cert: X509Certificate
    try {
      cert = new X509Certificate(credential.certificatePem)
    } catch (err) {
      throw new OAuthError(
        'config',
        `The app's certificate could not be read (${errorText(err)}): it must be a PEM certificate.`,
        { cause: err },
      )
    }
    if (!cert.checkPrivateKey(key)) {
      throw new OAuthError(
        'config',
        "The private key does not belong to the app's certificate: use the key the certificate was made with.",
      )
    }
    if (Date.parse(cert.validTo) < Date.now()) {
      throw new OAuthError(
        'config',
        `The app's certificate expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}: make a new one and upload it to the app registration under Certificates & secrets.`,
      )
    }
    thumbprint = cert.fingerprint256.replace(/:/g, '')
    if (credential.sendCertificate) x5c = credential.certificatePem
  }
  if (!thumbprint || !HEX_SHA256.test(thumbprint)) {
    throw new OAuthError(
      'config',
      "The certificate's SHA-256 thumbprint is missing or not 64 hex digits: give the certificate itself, or its SHA-256 thumbprint.",
    )
  }
  return {
    clientCertificate: {
      thumbprintSha256: thumbprint.toLowerCase(),
      privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      ...(x5c ? { x5c } : {}),
    },
  }
}

/** Network failures MSAL reports with its own codes, after our network client gave up. */
const MSAL_NETWORK_CODES = new Set([
  'network_error',
  'endpoints_resolution_error',
  'openid_config_error',
])

export function createAppOnlyTokenSource(opts: AppOnlyTokenOptions): AppOnlyTokenSource {
  const invalid = validateOAuthConfig(opts.config)
  if (invalid) throw new OAuthError('config', invalid)
  const tenant = opts.config.tenant.toLowerCase()
  if (tenant === 'organizations' || tenant === 'common') {
    throw new OAuthError(
      'config',
      `App-only sign-in needs the tenant itself, not '${opts.config.tenant}': use the tenant ID (a GUID) or a domain of the tenant.`,
    )
  }
  const now = opts.now ?? Date.now
  const auth = { ...msalAuthOptions(opts.config, opts), ...credentialOptions(opts.credential) }
  const host = new URL(auth.authority ?? 'https://login.microsoftonline.com').host
  const net = observing(opts.networkClient ?? fetchNetworkClient(opts.requestTimeoutMs ?? 30_000))
  const cca = new ConfidentialClientApplication({
    auth,
    system: {
      networkClient: net.network,
      loggerOptions: {
        loggerCallback: () => {},
        piiLoggingEnabled: false,
        logLevel: LogLevel.Error,
      },
    },
  })

  let current: { token: RelayToken; expiresAt: number } | null = null
  let lastFailure: AppOnlyTokenStatus['lastFailure'] = null
  let inFlight: Promise<RelayToken> | null = null

  function explain(err: unknown): OAuthError {
    if (err instanceof OAuthError) return err
    const failure = net.lastFailure()
    if (failure) return failure
    const server = net.lastError()
    const code = err instanceof AuthError ? err.errorCode : ''
    if (!server && (MSAL_NETWORK_CODES.has(code) || !(err instanceof AuthError))) {
      return new OAuthError(
        'network',
        `Could not reach Microsoft's sign-in service at ${host} (${errorText(err)}). Check this machine's internet connection and firewall.`,
        { cause: err },
      )
    }
    return new OAuthError(
      'refused',
      `The app could not sign in. ${appOnlyExplanation(server, `MSAL said "${errorText(err)}".`)}`,
      { cause: err },
    )
  }

  async function fetchToken(): Promise<RelayToken> {
    net.reset()
    let result
    try {
      // skipCache: this source keeps the token and decides itself when it is too old.
      result = await cca.acquireTokenByClientCredential({
        scopes: [APP_ONLY_SMTP_SCOPE],
        skipCache: true,
      })
    } catch (err) {
      throw explain(err)
    }
    if (!result?.accessToken || !result.expiresOn) {
      throw new OAuthError('refused', 'Microsoft answered without an access token for the app.')
    }
    const claims = jwtClaims(result.accessToken)
    const roles = claims?.roles
    // A token without SMTP.SendAsApp is refused by Exchange (535 5.7.3); say why now instead.
    if (claims && !(Array.isArray(roles) && roles.includes(SMTP_SEND_AS_APP))) {
      throw new OAuthError(
        'refused',
        `Consent missing: Microsoft issued the app a token without the application permission ${SMTP_SEND_AS_APP}. In the app registration, under API permissions, add Office 365 Exchange Online > Application permissions > ${SMTP_SEND_AS_APP}, and have an administrator grant admin consent (it may have been revoked).`,
      )
    }
    const token = { accessToken: result.accessToken, expiresOn: result.expiresOn.toISOString() }
    current = { token, expiresAt: result.expiresOn.getTime() }
    lastFailure = null
    return token
  }

  return {
    kind: 'app-only',
    username: opts.username,
    async token(minValidityS = 300) {
      if (current && current.expiresAt - now() >= minValidityS * 1000) return current.token
      // One request at a time: the forwarder's connections share the refresh.
      inFlight ??= fetchToken()
        .catch((err: unknown) => {
          lastFailure = { at: new Date(now()).toISOString(), message: errorText(err) }
          throw err
        })
        .finally(() => {
          inFlight = null
        })
      const token = await inFlight
      if (Date.parse(token.expiresOn) - now() < minValidityS * 1000) {
        throw new OAuthError(
          'refused',
          `Microsoft issued a token valid until ${token.expiresOn}, shorter than the ${minValidityS} s asked for.`,
        )
      }
      return token
    },
    status: () => ({ expiresOn: current?.token.expiresOn ?? null, lastFailure }),
  }
}
