/**
 * The relay status link: what the app's Verify step reads from a ScanPath Relay over the LAN
 * (`scanpath relay pair` prints the code; the app watches with it). Pure types and code syntax,
 * shared by the relay (electron/relay/status-link/) and the app (main and renderer).
 */

/** The port the relay serves its status link on, on its listen address, unless configured. */
export const RELAY_STATUS_PORT = 2580

/** Crockford base32 without I, L, O, U: what a technician can read off a screen and type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** 20 characters, 100 bits, shown as 5 groups of 4: `7KQ4-M2XD-9T3P-HWRB-5N8E`. */
export const RELAY_CODE_CHARS = 20

/**
 * A pairing code as typed (any case, spaces or dashes anywhere, O for 0, I/L for 1), normalised
 * to its 20 characters; or what is wrong with it.
 */
export function normalizeRelayCode(typed: string): { code: string } | { problem: string } {
  const s = typed
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1')
  const bad = [...s].find((c) => !ALPHABET.includes(c))
  if (bad !== undefined)
    return {
      problem: `"${bad}" is not in a relay code: it has only digits and the letters A–Z without I, L, O and U`,
    }
  if (s.length !== RELAY_CODE_CHARS)
    return {
      problem: `a relay code has ${RELAY_CODE_CHARS} characters (5 groups of 4); this has ${s.length}`,
    }
  return { code: s }
}

/** The code as shown: 5 groups of 4. */
export function formatRelayCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code
}

export const RELAY_CODE_ALPHABET = ALPHABET

/** One thing the relay did, newest last in `recent`; all text already display-safe. */
export interface RelayRecentEvent {
  at: string
  kind: 'queued' | 'refused' | 'delivered' | 'retry' | 'failed'
  /** The message's Message-ID (null for a refusal before one existed). */
  messageId: string | null
  /** The device's IP address (null for a relay-side event with no device). */
  device: string | null
  /** queued: the TLS protocol the device used, or null without TLS. */
  tls?: string | null
  /** One sentence in words: "Queued 12,345 bytes from 192.168.1.40 over TLSv1", the reply explained. */
  text: string
  /** failed, retry, refused: what to do. */
  fix?: string
}

/** What the link sends on every change (and every 15 s while nothing changes). */
export interface RelayLinkStatus {
  running: boolean
  listening: string | null
  tlsMode: 'starttls' | 'starttls-required' | 'none'
  /** The mailbox the relay sends as. */
  account: string
  queued: number
  failed: number
  oldestQueuedAt: string | null
  lastDelivery: { at: string; messageId: string; response: string } | null
  lastError: { at: string; text: string; fix: string } | null
  tokenExpiresOn: string | null
  signInWarning: string | null
  /** The last 50 events, oldest first. */
  recent: RelayRecentEvent[]
}

/** Why watching failed, for a message that says what to do. */
export type RelayLinkProblem =
  | 'unreachable' // no answer on host:port (relay not running, wrong address, firewall)
  | 'not-a-relay' // something answered that is not a ScanPath Relay status link
  | 'wrong-code' // the relay refused the code, or could not prove it knows it (or a man in the middle)
  | 'timeout'
  | 'closed' // the relay stopped or the connection dropped
