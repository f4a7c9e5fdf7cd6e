/**
 * Entry point for secrets in the main process. openSecretStore() decides once per run where
 * secrets live: the OS keychain when it works, otherwise memory for this run only, together with
 * the reason, so the UI can say "passwords cannot be saved: …" and offer "use for this session
 * only". Never plaintext on disk (docs/ARCHITECTURE.md, "Secrets").
 */
import type { KeytarStoreOptions } from './keytar-store'
import { createMemorySecretStore, probeKeychain, type SecretStore } from './secret-store'

export {
  InvalidSecretInputError,
  KeychainUnavailableError,
  SECRET_SERVICE,
  createMemorySecretStore,
  probeKeychain,
  type SecretStore,
} from './secret-store'
export type { KeytarLike, KeytarStoreOptions } from './keytar-store'

export type KeychainStatus = { ok: true } | { ok: false; reason: string }

/**
 * Probes the keychain with a throwaway item (which can take as long as an unlock prompt is open,
 * up to PROBE_TIMEOUT_MS), so call it when secrets are first needed, not on the startup path.
 */
export async function openSecretStore(
  opts: KeytarStoreOptions & { probeTimeoutMs?: number } = {},
): Promise<{ store: SecretStore; keychain: KeychainStatus }> {
  // Only ever imported dynamically (here and in probeKeychain), so the bundler keeps the keytar
  // code in its own chunk, loaded when secrets are first needed.
  const { createKeytarStore } = await import('./keytar-store')
  const keychainStore = createKeytarStore({ service: opts.service, load: opts.load })
  const keychain = await probeKeychain(keychainStore, { timeoutMs: opts.probeTimeoutMs })
  if (keychain.ok) return { store: keychainStore, keychain }
  return { store: createMemorySecretStore(), keychain }
}
