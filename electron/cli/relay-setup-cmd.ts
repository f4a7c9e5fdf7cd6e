/**
 * The relay's Microsoft 365 sign-in from its config: the secret store it names (keychain or the
 * encrypted file), `relay sign-in` (device code), `relay set-secret` (an app's client secret), and
 * the token source `relay --config` sends with. Never prints, logs or writes a token in clear.
 */
import { access, readFile } from 'node:fs/promises'

import { KEY_CREDENTIAL_NAME, type LoadedRelayConfig } from '../relay/config'
import { createAppOnlyTokenSource, type AppCredential } from '../relay/app-only-token'
import { createDelegatedTokenSource } from '../relay/delegated-token'
import type { RelaySignInState } from '../relay/relay-status'
import type { RelayTokenSource } from '../relay/token-source'
import { createOAuthClient, type OAuthClient } from '../mail/oauth/client'
import { errorText } from '../mail/oauth/errors'
import { savedSignIn } from '../mail/oauth/token-cache'
import { openSecretStore, type SecretStore } from '../secrets'
import { createFileSecretStore, SecretFileError } from '../secrets/file-store'
import type { RelaySignIn } from '../../shared/schemas/relay-config'
import { printLines } from './output'
import { promptSecret, readSecretLine } from './read-secret'

/** A setup problem the technician fixes; `exitCode` 2: nothing was started. */
export class RelaySetupError extends Error {
  override readonly name = 'RelaySetupError'
}

/** The store item of the delegated sign-in (MSAL's cache: refresh token, account). */
export const signInKey = (clientId: string): string => `relay-sign-in:${clientId.toLowerCase()}`
/** The store item of an app's client secret. */
export const clientSecretKey = (clientId: string): string =>
  `relay-client-secret:${clientId.toLowerCase()}`

function needSignIn(cfg: LoadedRelayConfig, file: string): RelaySignIn {
  if (cfg.signIn) return cfg.signIn
  throw new RelaySetupError(
    `${file} has no "signIn": add "signIn": {"kind": "delegated", "clientId": "<application (client) ID>"} (a mailbox signed in by device code) or {"kind": "app-only", "clientId": …, "tenant": …}`,
  )
}

function storeName(cfg: LoadedRelayConfig): string {
  return cfg.secrets.store === 'file' ? `the encrypted file ${cfg.secrets.file}` : 'the OS keychain'
}

/** The store the config names; `setup` makes the file store's key when it is missing. */
export async function openRelayStore(
  cfg: LoadedRelayConfig,
  file: string,
  setup: boolean,
): Promise<SecretStore> {
  if (cfg.secrets.store === 'file') {
    if (cfg.secrets.keyFile === null)
      throw new RelaySetupError(
        `secrets.keyFile in ${file}: is missing, and there is no $CREDENTIALS_DIRECTORY (the service's LoadCredential=${KEY_CREDENTIAL_NAME}:…) to take it from: name the key file, in another folder than the secrets (see docs/relay-secrets.md)`,
      )
    return createFileSecretStore({
      file: cfg.secrets.file,
      keyFile: cfg.secrets.keyFile,
      createKey: setup,
    })
  }
  const { store, keychain } = await openSecretStore({ probeTimeoutMs: 10_000 })
  if (keychain.ok) return store
  throw new RelaySetupError(
    `no OS keychain here (${keychain.reason}): set "secrets": {"store": "file", "keyFile": "…"} in ${file} to keep the sign-in in an encrypted file (the key in another folder), see docs/relay-secrets.md`,
  )
}

/** Reads a store item; a missing key file with no secrets file yet means nothing is saved. */
async function readItem(store: SecretStore, cfg: LoadedRelayConfig, key: string) {
  try {
    return await store.get(key)
  } catch (e) {
    if (e instanceof SecretFileError && e.code === 'key-missing' && cfg.secrets.store === 'file') {
      const exists = await access(cfg.secrets.file).then(
        () => true,
        () => false,
      )
      if (!exists) return null
    }
    throw e
  }
}

function authority(s: RelaySignIn): { knownAuthorities?: string[] } {
  // A host MSAL does not know (a sovereign cloud's, a test's) is trusted as named in the config.
  return s.authorityHost ? { knownAuthorities: [new URL(s.authorityHost).host] } : {}
}

function delegatedClient(s: RelaySignIn, store: SecretStore): OAuthClient {
  return createOAuthClient(
    {
      clientId: s.clientId,
      tenant: s.tenant,
      ...(s.authorityHost ? { authorityHost: s.authorityHost } : {}),
    },
    { store, storeKey: signInKey(s.clientId), ...authority(s) },
  )
}

export interface RelaySignInSource {
  source: RelayTokenSource
  /** The sign-in's facts for `relay status` (never a token). */
  status(): RelaySignInState
  /** Secrets it holds (an app's client secret), for the relay to hide wherever they are echoed. */
  secrets?: string[]
  start(): void
  stop(): void
}

/**
 * The token source for `relay --config`, from the config and the store; `onChange` is called when
 * the delegated keep-alive refreshes or fails. Throws RelaySetupError when nothing is saved yet.
 */
export async function relaySignInFor(
  cfg: LoadedRelayConfig,
  file: string,
  onChange: () => void = () => {},
): Promise<RelaySignInSource> {
  const s = needSignIn(cfg, file)
  const store = await openRelayStore(cfg, file, false)
  const username = cfg.outbound.username
  if (s.kind === 'delegated') {
    const saved = await readItem(store, cfg, signInKey(s.clientId))
    const info = saved === null ? null : savedSignIn(saved)
    if (!info?.accounts.some((a) => a.toLowerCase() === username.toLowerCase()))
      throw new RelaySetupError(
        `there is no saved Microsoft 365 sign-in for ${username} in ${storeName(cfg)}: run \`scanpath relay sign-in --config ${file}\` first`,
      )
    const source = createDelegatedTokenSource({
      client: delegatedClient(s, store),
      username,
      lastRefreshAt: info.refreshedAt,
      onStatus: onChange,
    })
    return {
      source,
      status: () => {
        const st = source.status()
        return { kind: 'delegated', account: username, ...pick(st), warning: st.warning }
      },
      start: () => source.start(),
      stop: () => source.stop(),
    }
  }
  let credential: AppCredential
  if (s.certificate) {
    const [privateKeyPem, certificatePem] = await Promise.all([
      readPem(s.certificate.keyFile, 'signIn.certificate.keyFile'),
      readPem(s.certificate.certFile, 'signIn.certificate.certFile'),
    ])
    credential = { kind: 'certificate', privateKeyPem, certificatePem }
  } else {
    const secret = await readItem(store, cfg, clientSecretKey(s.clientId))
    if (secret === null)
      throw new RelaySetupError(
        `there is no client secret for the app ${s.clientId} in ${storeName(cfg)}: run \`scanpath relay set-secret --config ${file}\` first (or give "signIn.certificate")`,
      )
    credential = { kind: 'secret', secret }
  }
  const source = createAppOnlyTokenSource({
    config: {
      clientId: s.clientId,
      tenant: s.tenant,
      ...(s.authorityHost ? { authorityHost: s.authorityHost } : {}),
    },
    credential,
    username,
    ...authority(s),
  })
  return {
    source,
    ...(credential.kind === 'secret' ? { secrets: [credential.secret] } : {}),
    status: () => {
      const st = source.status()
      return {
        kind: 'app-only',
        account: username,
        expiresOn: st.expiresOn,
        lastRefreshAt: null,
        lapsesAt: null,
        warning: st.lastFailure ? `The last token request failed: ${st.lastFailure.message}` : null,
      }
    },
    start: () => {},
    stop: () => {},
  }
}

function pick(st: {
  expiresOn: string | null
  lastRefreshAt: string | null
  lapsesAt: string | null
}) {
  return { expiresOn: st.expiresOn, lastRefreshAt: st.lastRefreshAt, lapsesAt: st.lapsesAt }
}

async function readPem(path: string, field: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    throw new RelaySetupError(
      `${field}: ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    )
  }
}

export interface SetupIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdin: typeof process.stdin
}

/** `relay sign-in`: the device code flow; the refresh token goes to the configured store. */
export async function runRelaySignIn(cfg: LoadedRelayConfig, file: string, io: SetupIo) {
  const s = needSignIn(cfg, file)
  if (s.kind !== 'delegated')
    throw new RelaySetupError(
      `relay sign-in is for "signIn": {"kind": "delegated"}; this config signs in app-only: ${s.certificate ? 'with its certificate, nothing to store' : `store the client secret with \`scanpath relay set-secret --config ${file}\``}`,
    )
  const store = await openRelayStore(cfg, file, true)
  const client = delegatedClient(s, store)
  const controller = new AbortController()
  const onSigint = (): void => controller.abort()
  process.once('SIGINT', onSigint)
  let result: { username: string; expiresOn: string }
  try {
    result = await client.signIn((p) => {
      printLines(io.stderr, [
        `To sign the relay in as ${cfg.outbound.username}, open ${p.verificationUri} in any browser and enter the code ${p.userCode}`,
        `(the code works until ${p.expiresAt}). Waiting for the sign-in…`,
      ])
    }, controller.signal)
  } catch (e) {
    throw new RelaySetupError(`the sign-in did not complete: ${errorText(e)}`)
  } finally {
    process.off('SIGINT', onSigint)
  }
  if (result.username.toLowerCase() !== cfg.outbound.username.toLowerCase()) {
    await client.signOut(result.username)
    throw new RelaySetupError(
      `signed in as ${result.username}, but the relay sends as ${cfg.outbound.username} (outbound.username): sign in again as ${cfg.outbound.username}, or change outbound.username. The sign-in of ${result.username} was not kept.`,
    )
  }
  printLines(io.stdout, [
    `Signed in as ${result.username}; access token valid until ${result.expiresOn}.`,
    `The sign-in is kept in ${storeName(cfg)}. Start the relay with \`scanpath relay --config ${file}\`; it refreshes the sign-in every day.`,
  ])
  return 0
}

/** `relay set-secret`: the app's client secret, from a prompt or one line on stdin, to the store. */
export async function runRelaySetSecret(cfg: LoadedRelayConfig, file: string, io: SetupIo) {
  const s = needSignIn(cfg, file)
  if (s.kind !== 'app-only' || s.certificate)
    throw new RelaySetupError(
      s.kind === 'delegated'
        ? `relay set-secret is for "signIn": {"kind": "app-only"} with a client secret; this config signs a mailbox in: run \`scanpath relay sign-in --config ${file}\``
        : 'this config signs in with "signIn.certificate": there is no client secret to store',
    )
  const secret = (
    io.stdin.isTTY
      ? await promptSecret(`Client secret of the app ${s.clientId}: `, io.stdin, io.stderr)
      : await readSecretLine(io.stdin)
  ).trim()
  if (secret === '')
    throw new RelaySetupError(
      'no client secret given (type it at the prompt, or pipe it on standard input)',
    )
  const store = await openRelayStore(cfg, file, true)
  await store.set(clientSecretKey(s.clientId), secret)
  printLines(io.stdout, [
    `The client secret of the app ${s.clientId} is kept in ${storeName(cfg)}.`,
  ])
  const signIn = await relaySignInFor(cfg, file)
  try {
    const t = await signIn.source.token()
    printLines(io.stdout, [
      `Microsoft accepted it: a token for ${cfg.outbound.username} is valid until ${t.expiresOn}.`,
    ])
    return 0
  } catch (e) {
    printLines(io.stderr, [
      `scanpath relay: the secret is stored, but the token request failed: ${errorText(e)}`,
    ])
    return 1
  }
}
