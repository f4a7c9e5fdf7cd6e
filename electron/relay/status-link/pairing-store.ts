/**
 * Where `scanpath relay pair` keeps the status link's pairing code: the relay's own secret store
 * (the OS keychain, or the encrypted file named by "secrets"), beside its sign-in. The running
 * relay reads it from there for each new link connection, so a new code works without a restart.
 */
import { access } from 'node:fs/promises'

import { normalizeRelayCode } from '../../../shared/relay-link'
import { openSecretStore, type SecretStore } from '../../secrets'
import { createFileSecretStore, SecretFileError } from '../../secrets/file-store'
import type { LoadedRelayConfig } from '../config'

/** The store item of the pairing code. */
export const PAIRING_CODE_KEY = 'relay-status-code'

/** The relay's store for reading (never makes a key); throws with the reason when it cannot. */
async function storeFor(config: LoadedRelayConfig): Promise<SecretStore> {
  const s = config.secrets
  if (s.store === 'file') {
    if (s.keyFile === null)
      throw new Error(
        'secrets.keyFile is not set and there is no $CREDENTIALS_DIRECTORY, so the pairing code cannot be read',
      )
    return createFileSecretStore({ file: s.file, keyFile: s.keyFile, createKey: false })
  }
  const { store, keychain } = await openSecretStore({ probeTimeoutMs: 10_000 })
  if (!keychain.ok) throw new Error(`the OS keychain cannot be used (${keychain.reason})`)
  return store
}

/** Reads the stored code (normalised), null when there is none; a file store never made is none. */
export async function readPairingCode(
  store: SecretStore,
  config: LoadedRelayConfig,
): Promise<string | null> {
  let saved: string | null
  try {
    saved = await store.get(PAIRING_CODE_KEY)
  } catch (e) {
    const s = config.secrets
    if (e instanceof SecretFileError && e.code === 'key-missing' && s.store === 'file') {
      const exists = await access(s.file).then(
        () => true,
        () => false,
      )
      if (!exists) return null
    }
    throw e
  }
  if (saved === null) return null
  const n = normalizeRelayCode(saved)
  return 'code' in n ? n.code : null
}

/**
 * The running relay's reader: opens the store once, then reads the code on each call. A store that
 * cannot be read is logged (once per reason) and read as "no code", so the link refuses everyone.
 */
export function storedCodeReader(
  config: LoadedRelayConfig,
  log: (line: string) => void,
): () => Promise<string | null> {
  let store: Promise<SecretStore> | null = null
  let lastProblem = ''
  return async () => {
    try {
      store ??= storeFor(config).catch((e: unknown) => {
        store = null
        throw e
      })
      return await readPairingCode(await store, config)
    } catch (e) {
      const problem = e instanceof Error ? e.message : String(e)
      if (problem !== lastProblem)
        log(`relay: status link: cannot read the pairing code: ${problem}`)
      lastProblem = problem
      return null
    }
  }
}
