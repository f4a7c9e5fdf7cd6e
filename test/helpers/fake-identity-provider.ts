import {
  constants as cryptoConstants,
  randomBytes,
  randomUUID,
  verify,
  X509Certificate,
} from 'node:crypto'
import { request as httpsRequest, createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node'
import type { TestPki } from './test-pki'

/**
 * A local stand-in for the Microsoft identity platform (v2 endpoints), with just enough of it for
 * MSAL's device code flow and its silent refresh: OpenID configuration, the device code endpoint
 * and the token endpoint (device_code and refresh_token grants). HTTPS on 127.0.0.1 with the test
 * PKI's leaf certificate; `networkClient` is an MSAL network module that trusts the test CA and
 * refuses any host but the loopback, so MSAL cannot reach Microsoft from a test even by mistake.
 *
 * Error bodies copy Microsoft's shape (error, error_description with an AADSTS number,
 * error_codes, HTTP 400); the AADSTS numbers are the documented ones, the sentences are close
 * paraphrases. Tokens are random and unsigned: MSAL does not verify the ID token's signature
 * (it only base64-decodes the payload), so a well-formed JWT with a junk signature suffices.
 *
 * The client_credentials grant (app-only sign-in of a confidential client, as ScanPath Relay
 * uses) checks a client secret, or a client_assertion JWT (RFC 7523) whose signature is verified
 * with the registered certificate's public key, and records every assertion it received.
 */

export interface FakeIdpUser {
  /** preferred_username: what MSAL reports as the account's username. */
  username: string
  name: string
  /** Object ID of the user (client_info uid, id_token oid). */
  oid: string
  /** Tenant ID (client_info utid, id_token tid). */
  tid: string
}

export interface FakeIdpOptions {
  pki: TestPki
  user?: Partial<FakeIdpUser>
  /** Polling interval the device code endpoint asks for, in seconds. Default 1 (Microsoft: 5). */
  interval?: number
  /** Lifetime of a device code, in seconds. Default 900 (as Microsoft's). */
  deviceCodeExpiresIn?: number
  /** expires_in of access tokens, in seconds. Default 3600. */
  accessTokenExpiresIn?: number
}

export interface FakeIdpRequest {
  method: string
  /** Path without the query, e.g. /organizations/oauth2/v2.0/token */
  path: string
  query: Record<string, string>
  /** First path segment: the tenant MSAL put in the authority. */
  tenant: string
  /** The form-encoded body of a POST. */
  form: Record<string, string>
  /** For the token endpoint: the grant_type, with RFC 8628's URN shortened to 'device_code'. */
  grantType: string | null
}

type DeviceCodeState = 'pending' | 'approved' | 'declined' | 'expired' | 'redeemed'

interface DeviceCodeEntry {
  deviceCode: string
  userCode: string
  clientId: string
  scopes: string[]
  state: DeviceCodeState
}

/** A confidential client (app registration) the client_credentials grant knows. */
export interface FakeIdpApp {
  clientId: string
  /** Client secret values that are valid. */
  secrets?: string[]
  /** Client secret values that were valid but have expired (Microsoft: AADSTS7000222). */
  expiredSecrets?: string[]
  /** PEM certificates uploaded to the app registration (their key signs client assertions). */
  certificates?: string[]
  /** Application permissions granted with admin consent, as the token's roles. Default SMTP.SendAsApp. */
  roles?: string[]
}

/** A client_assertion the token endpoint received, decoded, with the outcome of its check. */
export interface FakeIdpClientAssertion {
  header: Record<string, unknown>
  claims: Record<string, unknown>
  /** The signature verified with a registered certificate's public key. */
  signatureValid: boolean
  /** Why it was refused, or null when accepted. */
  refused: string | null
}

export interface FakeIdentityProvider {
  /** https://127.0.0.1:PORT — use as OAuthConfig.authorityHost. */
  origin: string
  port: number
  /** For knownAuthorities, so MSAL skips instance discovery (which would ask Microsoft). */
  knownAuthorities: string[]
  /** An MSAL network module trusting the test CA; throws for any host but 127.0.0.1 / ::1. */
  networkClient: INetworkModule
  user: FakeIdpUser
  /** Every request that reached the server, in order. */
  requests: FakeIdpRequest[]
  /** URLs the network client refused to contact (not loopback). Expected to stay empty. */
  refused: string[]
  /** Every token handed out, for "never written anywhere" assertions. */
  issued: { accessTokens: string[]; refreshTokens: string[]; idTokens: string[] }
  /** The technician signs in and accepts (the latest pending code, or the one given). */
  approve(userCode?: string): void
  /** The technician declines in the browser. */
  decline(userCode?: string): void
  /** The code expires server-side (Microsoft then answers expired_token). */
  expire(userCode?: string): void
  /** Every refresh token issued so far becomes invalid (as after "revoke sessions"). */
  revokeRefreshTokens(): void
  /** The next device code request fails with this OAuth error (400). */
  failNextDeviceCode(error: string, description: string): void
  /** Registers (or replaces) a confidential client for the client_credentials grant. */
  registerApp(app: FakeIdpApp): void
  /** Admin consent is withdrawn: the app's tokens carry no roles, refresh tokens are refused (AADSTS65001). */
  revokeConsent(clientId: string): void
  /** Every client_assertion the token endpoint received, in order. */
  clientAssertions: FakeIdpClientAssertion[]
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>
}

function base64url(v: string | Buffer): string {
  return Buffer.from(v).toString('base64url')
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: 'fake-idp' }))
  // A random "signature": nobody verifies it, and it makes every token unique.
  return `${header}.${base64url(JSON.stringify(claims))}.${base64url(randomBytes(32))}`
}

const DEVICE_CODE_URN = 'urn:ietf:params:oauth:grant-type:device_code'
const JWT_BEARER_URN = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

function decodeSegment(segment: string | undefined): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'))
    return typeof v === 'object' && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

/**
 * Checks a client_assertion (RFC 7523 §3) as Entra does: the header's x5t#S256 (or x5t) names a
 * registered certificate, the signature verifies with its public key (RS256 or PS256), iss and sub
 * are the client ID, aud is the token endpoint, and it has not expired.
 */
function checkAssertion(
  jwt: string,
  app: FakeIdpApp,
  tokenEndpoint: string,
): FakeIdpClientAssertion {
  const [h, c, sig] = jwt.split('.')
  const header = decodeSegment(h) ?? {}
  const claims = decodeSegment(c) ?? {}
  const certs = (app.certificates ?? []).map((pem) => new X509Certificate(pem))
  const thumb = (cert: X509Certificate, alg: 'sha1' | 'sha256'): string =>
    Buffer.from(
      (alg === 'sha256' ? cert.fingerprint256 : cert.fingerprint).replace(/:/g, ''),
      'hex',
    ).toString('base64url')
  const cert = certs.find(
    (x) => header['x5t#S256'] === thumb(x, 'sha256') || header.x5t === thumb(x, 'sha1'),
  )
  const result = (signatureValid: boolean, refused: string | null): FakeIdpClientAssertion => ({
    header,
    claims,
    signatureValid,
    refused,
  })
  if (!cert) return result(false, 'The key was not found.')
  const data = Buffer.from(`${h}.${c}`)
  const signature = Buffer.from(sig ?? '', 'base64url')
  let valid = false
  if (header.alg === 'RS256') valid = verify('sha256', data, cert.publicKey, signature)
  if (header.alg === 'PS256') {
    valid = verify(
      'sha256',
      data,
      {
        key: cert.publicKey,
        padding: cryptoConstants.RSA_PKCS1_PSS_PADDING,
        saltLength: cryptoConstants.RSA_PSS_SALTLEN_DIGEST,
      },
      signature,
    )
  }
  if (!valid) return result(false, 'The signature does not verify with the registered key.')
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
    return result(true, 'The iss and sub claims must be the client ID.')
  }
  if (claims.aud !== tokenEndpoint) return result(true, `The audience must be ${tokenEndpoint}.`)
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
    return result(true, 'The assertion has expired.')
  }
  return result(true, null)
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email'])

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  })
  res.end(text)
}

function oauthError(res: ServerResponse, error: string, aadsts: number, sentence: string): void {
  sendJson(res, 400, {
    error,
    error_description: `AADSTS${aadsts}: ${sentence}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [aadsts],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  })
}

/** The network module MSAL uses in tests: node https with the test CA, loopback only. */
function loopbackNetworkClient(ca: string, refused: string[]): INetworkModule {
  function send<T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const u = new URL(url)
    if (u.protocol !== 'https:' || !['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname)) {
      refused.push(url)
      return Promise.reject(new Error(`test network client: refusing to contact ${u.host}`))
    }
    return new Promise((resolve, reject) => {
      const body = method === 'POST' ? (options?.body ?? '') : undefined
      const req = httpsRequest(
        u,
        {
          method,
          ca: [ca],
          headers: {
            ...(options?.headers ?? {}),
            ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
          },
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const headers: Record<string, string> = {}
            for (const [k, v] of Object.entries(res.headers)) {
              if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
            }
            try {
              resolve({
                headers,
                body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T,
                status: res.statusCode ?? 0,
              })
            } catch (err) {
              reject(err instanceof Error ? err : new Error(String(err)))
            }
          })
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  }
}

export async function startFakeIdentityProvider(
  opts: FakeIdpOptions,
): Promise<FakeIdentityProvider> {
  const user: FakeIdpUser = {
    username: 'scanner@contoso.test',
    name: 'Scanner Mailbox',
    oid: randomUUID(),
    tid: randomUUID(),
    ...opts.user,
  }
  const interval = opts.interval ?? 1
  const deviceCodeExpiresIn = opts.deviceCodeExpiresIn ?? 900
  const accessTokenExpiresIn = opts.accessTokenExpiresIn ?? 3600

  const requests: FakeIdpRequest[] = []
  const refused: string[] = []
  const issued = {
    accessTokens: [] as string[],
    refreshTokens: [] as string[],
    idTokens: [] as string[],
  }
  const codes: DeviceCodeEntry[] = []
  // refresh token -> the client and scopes it was issued for
  const liveRefreshTokens = new Map<string, { clientId: string; scopes: string[] }>()
  const apps = new Map<string, FakeIdpApp>()
  const noConsent = new Set<string>()
  const clientAssertions: FakeIdpClientAssertion[] = []
  let nextDeviceCodeError: { error: string; description: string } | null = null
  let origin = ''

  function issueTokens(clientId: string, scopes: string[]): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000)
    const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s))
    const accessToken = unsignedJwt({
      aud: 'https://outlook.office.com',
      iss: `https://sts.windows.net/${user.tid}/`,
      iat: now,
      nbf: now,
      exp: now + accessTokenExpiresIn,
      appid: clientId,
      scp: resourceScopes.map((s) => s.replace(/^https:\/\/outlook\.office\.com\//, '')).join(' '),
      upn: user.username,
      oid: user.oid,
      tid: user.tid,
      jti: randomUUID(),
    })
    const idToken = unsignedJwt({
      aud: clientId,
      iss: `${origin}/${user.tid}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: user.name,
      oid: user.oid,
      preferred_username: user.username,
      sub: base64url(randomBytes(16)),
      tid: user.tid,
      ver: '2.0',
    })
    // Microsoft's refresh tokens are opaque (encrypted) strings, and rotate on every use.
    const refreshToken = `1.fake-rt.${base64url(randomBytes(48))}`
    issued.accessTokens.push(accessToken)
    issued.idTokens.push(idToken)
    issued.refreshTokens.push(refreshToken)
    liveRefreshTokens.set(refreshToken, { clientId, scopes })
    return {
      token_type: 'Bearer',
      scope: resourceScopes.join(' '),
      expires_in: accessTokenExpiresIn,
      ext_expires_in: accessTokenExpiresIn,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: base64url(JSON.stringify({ uid: user.oid, utid: user.tid })),
    }
  }

  function deviceCodeEndpoint(res: ServerResponse, tenant: string, form: Record<string, string>) {
    if (nextDeviceCodeError) {
      const { error, description } = nextDeviceCodeError
      nextDeviceCodeError = null
      const aadsts = Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)
      return oauthError(res, error, aadsts, description.replace(/^AADSTS\d+: /, ''))
    }
    const entry: DeviceCodeEntry = {
      deviceCode: `DAQABAAEAAA.fake-dc.${base64url(randomBytes(24))}`,
      userCode: randomBytes(5).toString('hex').toUpperCase().slice(0, 9),
      clientId: form.client_id ?? '',
      scopes: (form.scope ?? '').split(' ').filter(Boolean),
      state: 'pending',
    }
    codes.push(entry)
    const verificationUri = `${origin}/devicelogin`
    sendJson(res, 200, {
      user_code: entry.userCode,
      device_code: entry.deviceCode,
      verification_uri: verificationUri,
      expires_in: deviceCodeExpiresIn,
      interval,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${entry.userCode} to authenticate. (tenant ${tenant})`,
    })
  }

  /** The client_credentials grant: app-only tokens, no refresh token, no ID token. */
  function clientCredentials(res: ServerResponse, tenant: string, form: Record<string, string>) {
    const clientId = form.client_id ?? ''
    const app = apps.get(clientId)
    if (!app) {
      return oauthError(
        res,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      )
    }
    const scope = form.scope ?? ''
    if (!scope.split(' ').every((s) => s.endsWith('/.default'))) {
      return oauthError(
        res,
        'invalid_scope',
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      )
    }
    if (form.client_secret !== undefined) {
      if ((app.expiredSecrets ?? []).includes(form.client_secret)) {
        return oauthError(
          res,
          'invalid_client',
          7000222,
          `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app or consider using certificate credentials for added security.`,
        )
      }
      if (!(app.secrets ?? []).includes(form.client_secret)) {
        return oauthError(
          res,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
        )
      }
    } else if (form.client_assertion !== undefined) {
      const checked = checkAssertion(
        form.client_assertion,
        app,
        `${origin}/${tenant}/oauth2/v2.0/token`,
      )
      clientAssertions.push(checked)
      if (form.client_assertion_type !== JWT_BEARER_URN || checked.refused) {
        return oauthError(
          res,
          'invalid_client',
          700027,
          `Client assertion failed signature validation. [Reason - ${checked.refused ?? 'wrong client_assertion_type'}]`,
        )
      }
    } else {
      return oauthError(
        res,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      )
    }
    const now = Math.floor(Date.now() / 1000)
    const resource = scope.replace(/\/\.default$/, '')
    const roles = noConsent.has(clientId) ? [] : (app.roles ?? ['SMTP.SendAsApp'])
    const accessToken = unsignedJwt({
      aud: resource,
      iss: `https://sts.windows.net/${user.tid}/`,
      iat: now,
      nbf: now,
      exp: now + accessTokenExpiresIn,
      appid: clientId,
      idtyp: 'app',
      ...(roles.length > 0 ? { roles } : {}),
      tid: user.tid,
      jti: randomUUID(),
    })
    issued.accessTokens.push(accessToken)
    return sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: accessTokenExpiresIn,
      ext_expires_in: accessTokenExpiresIn,
      access_token: accessToken,
    })
  }

  function tokenEndpoint(res: ServerResponse, tenant: string, form: Record<string, string>) {
    if (form.grant_type === 'client_credentials') return clientCredentials(res, tenant, form)
    // MSAL sends the short form; Microsoft accepts it as well as RFC 8628's URN.
    if (form.grant_type === 'device_code' || form.grant_type === DEVICE_CODE_URN) {
      const entry = codes.find((c) => c.deviceCode === form.device_code)
      if (!entry) return oauthError(res, 'invalid_grant', 70000, 'Provided grant is invalid.')
      switch (entry.state) {
        case 'pending':
          return oauthError(
            res,
            'authorization_pending',
            70016,
            'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
          )
        case 'declined':
          return oauthError(
            res,
            'authorization_declined',
            70000,
            'The user declined to authorize the application.',
          )
        case 'expired':
          return oauthError(
            res,
            'expired_token',
            70020,
            "The provided value for the input parameter 'device_code' is not valid. This device code has expired.",
          )
        case 'redeemed':
          return oauthError(
            res,
            'invalid_grant',
            54005,
            'OAuth2 Authorization code was already redeemed.',
          )
        case 'approved':
          entry.state = 'redeemed'
          return sendJson(res, 200, issueTokens(entry.clientId, entry.scopes))
      }
    }
    if (form.grant_type === 'refresh_token') {
      const rt = form.refresh_token ?? ''
      const grant = liveRefreshTokens.get(rt)
      if (!grant) {
        return oauthError(
          res,
          'invalid_grant',
          50173,
          'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
        )
      }
      if (noConsent.has(grant.clientId)) {
        return oauthError(
          res,
          'invalid_grant',
          65001,
          `The user or administrator has not consented to use the application with ID '${grant.clientId}'. Send an interactive authorization request for this user and resource.`,
        )
      }
      liveRefreshTokens.delete(rt)
      const scopes = (form.scope ?? '').split(' ').filter(Boolean)
      return sendJson(res, 200, issueTokens(form.client_id ?? grant.clientId, scopes))
    }
    return oauthError(
      res,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${form.grant_type ?? ''}'.`,
    )
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    const raw = req.method === 'POST' ? await readBody(req) : ''
    const form = Object.fromEntries(new URLSearchParams(raw))
    const tenant = url.pathname.split('/')[1] ?? ''
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      tenant,
      form,
      grantType: form.grant_type === DEVICE_CODE_URN ? 'device_code' : (form.grant_type ?? null),
    })
    const rest = url.pathname.slice(tenant.length + 1)
    if (req.method === 'GET' && rest === '/v2.0/.well-known/openid-configuration') {
      const base = `${origin}/${tenant}`
      return sendJson(res, 200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
        issuer: `${base}/v2.0`,
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
      })
    }
    if (req.method === 'POST' && rest === '/oauth2/v2.0/devicecode') {
      return deviceCodeEndpoint(res, tenant, form)
    }
    if (req.method === 'POST' && rest === '/oauth2/v2.0/token')
      return tokenEndpoint(res, tenant, form)
    sendJson(res, 404, { error: 'not_found' })
  }

  const server: Server = createServer(
    { key: opts.pki.leaf.key, cert: opts.pki.leaf.cert },
    (req, res) => {
      handle(req, res).catch((err: unknown) => {
        if (!res.headersSent)
          sendJson(res, 500, { error: 'server_error', error_description: String(err) })
        else res.destroy()
      })
    },
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  origin = `https://127.0.0.1:${port}`

  function pick(userCode?: string): DeviceCodeEntry {
    const entry = userCode
      ? codes.find((c) => c.userCode === userCode)
      : [...codes].reverse().find((c) => c.state === 'pending')
    if (!entry)
      throw new Error(
        `fake IdP: no ${userCode ? `device code ${userCode}` : 'pending device code'}`,
      )
    return entry
  }

  return {
    origin,
    port,
    knownAuthorities: [`127.0.0.1:${port}`],
    networkClient: loopbackNetworkClient(opts.pki.ca.cert, refused),
    user,
    requests,
    refused,
    issued,
    approve: (userCode) => {
      pick(userCode).state = 'approved'
    },
    decline: (userCode) => {
      pick(userCode).state = 'declined'
    },
    expire: (userCode) => {
      pick(userCode).state = 'expired'
    },
    revokeRefreshTokens: () => liveRefreshTokens.clear(),
    failNextDeviceCode: (error, description) => {
      nextDeviceCodeError = { error, description }
    },
    registerApp: (app) => {
      apps.set(app.clientId, app)
      noConsent.delete(app.clientId)
    },
    revokeConsent: (clientId) => {
      noConsent.add(clientId)
    },
    clientAssertions,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
