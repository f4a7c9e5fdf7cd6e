/**
 * The one interface the app uses for mailbox passwords and OAuth refresh tokens
 * (docs/ARCHITECTURE.md, "Secrets"). Secrets live in the OS keychain (keytar-store.ts, the only
 * file that touches keytar) or, when there is no keychain and the technician agrees, in memory for
 * this run only. The one file-backed store (file-store.ts) is for the headless relay service on a
 * machine with no keychain: encrypted under a key kept apart, never plaintext on disk.
 */

export interface SecretStore {
  /**
   * 'keychain' when the OS keychain works; 'session' when it does not and secrets live in memory
   * for this run only; 'file' for the headless relay's encrypted file (docs/relay-secrets.md).
   */
  readonly kind: 'keychain' | 'session' | 'file'
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
  /** Accounts that have a secret (never the secrets). */
  list(): Promise<string[]>
}

/** The keychain service name every ScanPath item is stored under. */
export const SECRET_SERVICE = 'ScanPath'

export const MAX_ACCOUNT_LENGTH = 200
/** 16 KB of UTF-8: far above any password or refresh token, far below what a keychain chokes on. */
export const MAX_SECRET_BYTES = 16 * 1024

/**
 * The keychain cannot be used at all (no Secret Service, locked with no way to prompt, native
 * module missing…). The message is written for the technician: it says what is missing and,
 * in brackets, what the keychain itself said.
 */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError'
  /** Why, in words, without the "No keychain is available" prefix. */
  readonly reason: string
  /** The underlying error text (from libsecret, Keychain Services or Credential Manager). */
  readonly detail: string | undefined

  constructor(reason: string, opts: { detail?: string; cause?: unknown } = {}) {
    super(
      `No keychain is available: ${reason}${opts.detail ? ` (keychain said: ${opts.detail})` : ''}`,
      { cause: opts.cause },
    )
    this.reason = reason
    this.detail = opts.detail
  }
}

/** A bad account name or secret was refused before anything was stored. */
export class InvalidSecretInputError extends Error {
  override readonly name = 'InvalidSecretInputError'
}

// C0, DEL and C1 controls: a line break in an account name would corrupt every listing of it.
const CONTROL_CHARS = /\p{Cc}/u
// A lone surrogate cannot be encoded as UTF-8, so it would come back from the keychain as U+FFFD.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export function assertValidAccount(account: unknown): asserts account is string {
  if (typeof account !== 'string') {
    throw new InvalidSecretInputError('The account name must be text.')
  }
  const length = [...account].length
  if (length < 1 || length > MAX_ACCOUNT_LENGTH) {
    throw new InvalidSecretInputError(
      `The account name must be 1–${MAX_ACCOUNT_LENGTH} characters long (it is ${length}).`,
    )
  }
  if (CONTROL_CHARS.test(account)) {
    throw new InvalidSecretInputError(
      'The account name must not contain control characters (such as line breaks or tabs).',
    )
  }
  if (LONE_SURROGATE.test(account)) {
    throw new InvalidSecretInputError('The account name contains an invalid character.')
  }
}

/** Messages describe the secret, never quote it: they end up in logs and IPC errors. */
export function assertValidSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string') {
    throw new InvalidSecretInputError('The secret must be text. Nothing was stored.')
  }
  if (secret.length === 0) {
    throw new InvalidSecretInputError('The secret is empty. Nothing was stored.')
  }
  const bytes = Buffer.byteLength(secret, 'utf8')
  if (bytes > MAX_SECRET_BYTES) {
    throw new InvalidSecretInputError(
      `The secret is ${bytes} bytes; the limit is ${MAX_SECRET_BYTES} bytes (16 KB). Nothing was stored.`,
    )
  }
  // libsecret takes a C string: everything after a NUL would be silently cut off.
  if (secret.includes('\0')) {
    throw new InvalidSecretInputError(
      'The secret contains a NUL character, which the keychain would cut off. Nothing was stored.',
    )
  }
  if (LONE_SURROGATE.test(secret)) {
    throw new InvalidSecretInputError(
      'The secret contains an invalid character (a lone UTF-16 surrogate). Nothing was stored.',
    )
  }
}

// Probe items use this prefix; list() hides them in case a crash left one behind.
export const PROBE_ACCOUNT_PREFIX = 'scanpath-keychain-probe:'

export function isProbeAccount(account: string): boolean {
  return account.startsWith(PROBE_ACCOUNT_PREFIX)
}

/** Long enough for the technician to type the password of a locked keyring into its prompt. */
export const PROBE_TIMEOUT_MS = 30_000

/**
 * Whether the keychain really works: stores a throwaway item, reads it back and deletes it.
 * A read-only check is not enough, because a locked keyring with no prompter answers reads with
 * "nothing stored" and fails only on write. Without `store`, probes the OS keychain via keytar.
 */
export async function probeKeychain(
  store?: SecretStore,
  opts: { timeoutMs?: number } = {},
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const timeoutMs = opts.timeoutMs ?? PROBE_TIMEOUT_MS
  let target = store
  if (!target) {
    // Imported here, not at the top, so this module does not depend on the keytar one.
    const { createKeytarStore } = await import('./keytar-store')
    target = createKeytarStore()
  }
  const account = `${PROBE_ACCOUNT_PREFIX}${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
  const value = `probe-${Math.random().toString(36).slice(2)}`
  const s = target

  // The item is deleted in `finally` even when the timeout below has already answered, so a
  // prompt answered late does not leave a probe item behind.
  const roundTrip = async (): Promise<{ ok: true } | { ok: false; reason: string }> => {
    let stored = false
    try {
      await s.set(account, value)
      stored = true
      const read = await s.get(account)
      if (read !== value) {
        return {
          ok: false,
          reason:
            'The keychain accepted a test item but did not return it unchanged, so it cannot be trusted with passwords.',
        }
      }
      return { ok: true }
    } finally {
      if (stored) await s.delete(account).catch(() => false)
    }
  }

  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<{ ok: false; reason: string }>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          ok: false,
          reason: new KeychainUnavailableError(
            `it did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`} (a locked keyring may be waiting for its password)`,
          ).message,
        }),
      timeoutMs,
    )
    timer.unref()
  })
  try {
    return await Promise.race([roundTrip(), timeout])
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Secrets for this run only ("use for this session only" when there is no keychain). A Map in
 * this process and nothing else: no file, no environment variable, no IPC. Gone when the app quits.
 */
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>()
  return {
    kind: 'session',
    async get(account) {
      assertValidAccount(account)
      return secrets.get(account) ?? null
    },
    async set(account, secret) {
      assertValidAccount(account)
      assertValidSecret(secret)
      secrets.set(account, secret)
    },
    async delete(account) {
      assertValidAccount(account)
      return secrets.delete(account)
    },
    async list() {
      return [...secrets.keys()].filter((a) => !isProbeAccount(a)).sort()
    },
  }
}
