/**
 * SecretStore on the OS keychain through keytar: Keychain Services on macOS, Credential Manager
 * on Windows, the Secret Service (GNOME Keyring, KWallet) over D-Bus on Linux. The only module
 * that imports keytar. Every keychain failure becomes a KeychainUnavailableError that says what
 * is missing; nothing ever falls back to a file.
 */
import {
  KeychainUnavailableError,
  SECRET_SERVICE,
  assertValidAccount,
  assertValidSecret,
  isProbeAccount,
  type SecretStore,
} from './secret-store'

/** The part of keytar's API we use; tests pass a fake through `load`. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>
}

export interface KeytarStoreOptions {
  /** Keychain service name; SECRET_SERVICE unless a test wants its own. */
  service?: string
  /** How to load keytar; the default imports the native module on first use. */
  load?: () => Promise<KeytarLike>
}

// Loaded on first use, not at startup: when the native module is missing or was built for another
// ABI, the app still starts, and the failure surfaces as "no keychain" with the reason.
async function loadKeytar(): Promise<KeytarLike> {
  const mod: KeytarLike & { default?: KeytarLike } = await import('keytar')
  // keytar is CommonJS: an ESM import puts module.exports on `default`, a require() does not.
  return mod.default ?? mod
}

// What libsecret / GDBus say (matched loosely: wording differs between versions), in words a
// technician can act on. Order matters: the first match wins.
const EXPLANATIONS: Array<[RegExp, string]> = [
  [
    /autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS/i,
    'no D-Bus session is running (DBUS_SESSION_BUS_ADDRESS is not set and there is no desktop session), so no Secret Service such as GNOME Keyring can be reached',
  ],
  [
    /not provided by any \.service files|ServiceUnknown|org\.freedesktop\.secrets/i,
    'D-Bus is running but no Secret Service is: start GNOME Keyring or KWallet, or log in to a desktop session that starts one',
  ],
  [
    /Could not connect|Connection refused|Address element|does not contain a colon|Unknown or unsupported transport|Error connecting|Failed to connect/i,
    'the D-Bus session bus named in DBUS_SESSION_BUS_ADDRESS cannot be reached, so no Secret Service such as GNOME Keyring can be reached',
  ],
  [
    /connection is closed|Connection closed|Disconnected/i,
    'the connection to the D-Bus session bus was lost (the desktop session or its keyring stopped)',
  ],
  [
    /Object does not exist at path|No such object|collection|is locked|locked collection/i,
    'the keyring is locked or has no default ("login") keyring, and no unlock prompt could be shown',
  ],
  [
    /prompt.*(dismissed|cancel)|dismissed|cancell?ed/i,
    'the keyring unlock prompt was dismissed, so the keyring stayed locked',
  ],
  [
    /User interaction is not allowed|interaction not allowed/i,
    'the macOS keychain is locked and cannot ask for its password right now',
  ],
]

function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[secret]') : text
}

/** Turns anything keytar throws into a KeychainUnavailableError, never echoing a secret. */
function toUnavailable(err: unknown, secret?: string): KeychainUnavailableError {
  if (err instanceof KeychainUnavailableError) return err
  const raw = redact(err instanceof Error ? err.message : String(err), secret)
  const match = EXPLANATIONS.find(([re]) => re.test(raw))
  const reason = match ? match[1] : 'the OS keychain refused the request'
  return new KeychainUnavailableError(reason, { detail: raw, cause: err })
}

export function createKeytarStore(opts: KeytarStoreOptions = {}): SecretStore {
  const service = opts.service ?? SECRET_SERVICE
  const load = opts.load ?? loadKeytar
  let loading: Promise<KeytarLike> | undefined

  // A module that failed to load will not appear later in the same run, so the failure is kept.
  const keytar = (): Promise<KeytarLike> => {
    loading ??= load().catch((err: unknown) => {
      const raw = err instanceof Error ? err.message : String(err)
      throw new KeychainUnavailableError(
        'the keychain module (keytar) could not be loaded; reinstall ScanPath',
        { detail: raw, cause: err },
      )
    })
    return loading
  }

  return {
    kind: 'keychain',
    async get(account) {
      assertValidAccount(account)
      const k = await keytar()
      try {
        return await k.getPassword(service, account)
      } catch (err) {
        throw toUnavailable(err)
      }
    },
    async set(account, secret) {
      assertValidAccount(account)
      assertValidSecret(secret)
      const k = await keytar()
      try {
        await k.setPassword(service, account, secret)
      } catch (err) {
        throw toUnavailable(err, secret)
      }
    },
    async delete(account) {
      assertValidAccount(account)
      const k = await keytar()
      try {
        return await k.deletePassword(service, account)
      } catch (err) {
        throw toUnavailable(err)
      }
    },
    async list() {
      const k = await keytar()
      let found: Array<{ account: string; password: string }>
      try {
        // keytar has no account-only listing; the passwords are dropped right here.
        found = await k.findCredentials(service)
      } catch (err) {
        throw toUnavailable(err)
      }
      const accounts = new Set(found.map((c) => c.account).filter((a) => !isProbeAccount(a)))
      return [...accounts].sort()
    },
  }
}
