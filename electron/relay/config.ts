/**
 * Reads and checks the relay's configuration file: the zod schema (shared/schemas/relay-config.ts)
 * then the network checks, each error naming its field ("listen.address: …"). A relay that would
 * listen where strangers can reach it is refused here, before any socket is opened.
 */
import { readFile } from 'node:fs/promises'
import { isAbsolute, dirname, join, resolve } from 'node:path'

import type { z } from 'zod'

import {
  relayConfigSchema,
  type RelayConfig,
  type RelaySignIn,
} from '../../shared/schemas/relay-config'
import { RELAY_STATUS_PORT } from '../../shared/relay-link'
import { isPublicAddress, isWildcard, parseRange, type IpRange } from './ip-ranges'
import { isPasswordHash } from './password-hash'

/**
 * Where the sign-in's secret is kept, with the file store's paths made absolute. `keyFile` is null
 * when the config names none and there is no $CREDENTIALS_DIRECTORY (e.g. `relay status` run
 * outside the service): only opening the store needs it.
 */
export type LoadedRelaySecrets =
  { store: 'keychain' } | { store: 'file'; file: string; keyFile: string | null }

/** The configuration with the allowlist parsed and paths made absolute. */
export interface LoadedRelayConfig extends Omit<RelayConfig, 'secrets'> {
  allowRanges: IpRange[]
  /** status.allow parsed: who else may watch the status link. */
  statusAllowRanges: IpRange[]
  secrets: LoadedRelaySecrets
}

/** The environment the defaults come from (systemd sets both for the shipped unit). */
export interface RelayConfigEnv {
  /** StateDirectory=: the secrets file goes there by default. */
  STATE_DIRECTORY?: string | undefined
  /** LoadCredential=relay-key:…: the key file is $CREDENTIALS_DIRECTORY/relay-key by default. */
  CREDENTIALS_DIRECTORY?: string | undefined
}

export const SECRETS_FILE_NAME = 'secrets.json'
export const KEY_CREDENTIAL_NAME = 'relay-key'

export class RelayConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'RelayConfigError'
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.') || '(the file)'
}

/** The value at `path` in the parsed JSON (undefined when absent). */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw
  for (const key of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return undefined
    v = (v as Record<PropertyKey, unknown>)[key]
  }
  return v
}

function issueText(issue: z.core.$ZodIssue, raw: unknown): string {
  if (issue.code === 'unrecognized_keys')
    return `${pathOf(issue.path)}: unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}`
  if (issue.code === 'invalid_type' && valueAt(raw, issue.path) === undefined)
    return `${pathOf(issue.path)}: is missing`
  return `${pathOf(issue.path)}: ${issue.message}`
}

/**
 * A listener on a public address is reachable by the whole Internet: anyone there who guesses an
 * allowed sender address (or a device password) can send mail as the mailbox, and the relay's
 * TLS 1.0 and plaintext options are only meant for a LAN hop.
 */
export const PUBLIC_ADDRESS_DANGER =
  'a relay on a public address can be reached from the whole Internet, where anyone who gets past the allowlist (a spoofed or shared address) sends mail as your mailbox, over the weak TLS kept for old devices'

function networkProblems(c: RelayConfig, ranges: IpRange[], statusRanges: IpRange[]): string[] {
  const problems: string[] = []
  const address = c.listen.address
  if (isWildcard(address) && c.allow.length === 0)
    problems.push(
      `listen.address: ${address} listens on every network of this computer: give this computer's address on the devices' network, or list the devices in "allow"`,
    )
  if (isPublicAddress(address)) {
    if (c.allow.length === 0)
      problems.push(
        `listen.address: ${address} is a public address and "allow" is empty: list the devices' addresses in "allow"`,
      )
    if (c.forcePublic === undefined)
      problems.push(
        `listen.address: ${address} is a public address; ${PUBLIC_ADDRESS_DANGER}. Use this computer's private LAN address, or, if there is truly no other way, set "forcePublic" to the reason`,
      )
  }
  c.allow.forEach((entry, i) => {
    const r = parseRange(entry)
    if ('error' in r) problems.push(`allow.${i}: ${r.error}`)
    else ranges.push(r)
  })
  c.status.allow.forEach((entry, i) => {
    const r = parseRange(entry)
    if ('error' in r) problems.push(`status.allow.${i}: ${r.error}`)
    else statusRanges.push(r)
  })
  if (c.status.enabled && c.status.port === c.listen.port)
    problems.push(
      `status.port: ${c.status.port} is the port devices send mail to (listen.port): give the status link another port (default ${RELAY_STATUS_PORT})`,
    )
  c.devices.forEach((d, i) => {
    if (!isPasswordHash(d.passwordHash))
      problems.push(
        `devices.${i}.passwordHash: its scrypt parameters are out of range: make it again with \`scanpath relay hash-password\``,
      )
  })
  return problems
}

/** The file store's paths, from the config or the service's environment; problems noted. */
function secretsOf(
  c: RelayConfig,
  spoolDir: string,
  abs: (p: string) => string,
  env: RelayConfigEnv,
  problems: string[],
): LoadedRelaySecrets {
  const s = c.secrets
  if (s.store === 'keychain') return s
  const stateDir = env.STATE_DIRECTORY?.split(':')[0]
  const file = s.file
    ? abs(s.file)
    : join(stateDir ? resolve(stateDir) : spoolDir, SECRETS_FILE_NAME)
  const creds = env.CREDENTIALS_DIRECTORY
  const keyFile = s.keyFile
    ? abs(s.keyFile)
    : creds
      ? join(resolve(creds), KEY_CREDENTIAL_NAME)
      : null
  if (keyFile !== null && dirname(keyFile) === dirname(file))
    problems.push(
      `secrets.keyFile: ${keyFile} is in the same folder as the secrets file ${file}: keep the key in another folder, so that a copy of one folder does not hold both`,
    )
  return { store: 'file', file, keyFile }
}

function signInOf(s: RelaySignIn | undefined, abs: (p: string) => string): RelaySignIn | undefined {
  if (s?.kind !== 'app-only' || !s.certificate) return s
  return {
    ...s,
    certificate: { keyFile: abs(s.certificate.keyFile), certFile: abs(s.certificate.certFile) },
  }
}

/**
 * Checks parsed JSON; `baseDir` resolves relative paths (the config file's folder), `env` gives
 * the secrets file's defaults.
 */
export function checkRelayConfig(
  raw: unknown,
  baseDir: string,
  env: RelayConfigEnv = process.env,
): LoadedRelayConfig {
  const parsed = relayConfigSchema.safeParse(raw)
  if (!parsed.success) throw new RelayConfigError(parsed.error.issues.map((i) => issueText(i, raw)))
  const c = parsed.data
  const allowRanges: IpRange[] = []
  const statusAllowRanges: IpRange[] = []
  const problems = networkProblems(c, allowRanges, statusAllowRanges)
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p))
  const spoolDir = abs(c.spoolDir)
  const secrets = secretsOf(c, spoolDir, abs, env, problems)
  if (problems.length > 0) throw new RelayConfigError(problems)
  const signIn = signInOf(c.signIn, abs)
  return {
    ...c,
    ...(signIn ? { signIn } : {}),
    secrets,
    spoolDir,
    tls: {
      ...c.tls,
      ...(c.tls.certFile ? { certFile: abs(c.tls.certFile) } : {}),
      ...(c.tls.keyFile ? { keyFile: abs(c.tls.keyFile) } : {}),
    },
    allowRanges,
    statusAllowRanges,
  }
}

export async function loadRelayConfig(
  file: string,
  env: RelayConfigEnv = process.env,
): Promise<LoadedRelayConfig> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new RelayConfigError([
      code === 'ENOENT'
        ? `${file}: no such file`
        : `${file}: cannot be read (${code ?? String(e)})`,
    ])
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new RelayConfigError([
      `${file}: is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    ])
  }
  return checkRelayConfig(raw, dirname(resolve(file)), env)
}
