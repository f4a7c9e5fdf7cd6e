/**
 * What `relay status` shows: the running relay's facts (kept in `relay-state.json` in the spool
 * folder, written atomically as they change) and the queue read from disk. Reading changes
 * nothing, so status can run beside the relay, as another user, on a read-only copy.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { QUEUE_DIR, readQueue, type SpoolRecord } from './spool'

export const STATE_FILE = 'relay-state.json'

export interface RelayEventNote {
  at: string
  text: string
}

/** The relay's Microsoft 365 sign-in, for status: never a token or a secret. */
export interface RelaySignInState {
  kind: 'delegated' | 'app-only'
  /** The mailbox it sends as (the XOAUTH2 user). */
  account: string
  /** When the access token in hand expires (ISO 8601). */
  expiresOn: string | null
  /** Delegated: when the refresh token was last used, and when the sign-in lapses unless used. */
  lastRefreshAt: string | null
  lapsesAt: string | null
  /** What needs doing (e.g. "the last refresh failed: sign in again within 80 days"), or null. */
  warning: string | null
}

/** What the relay writes as it runs. */
export interface RelayState {
  pid: number
  startedAt: string
  /** Set by a graceful stop; null while running (or after a crash). */
  stoppedAt: string | null
  listening: string | null
  lastDelivery: { at: string; messageId: string; response: string } | null
  lastError: (RelayEventNote & { fix: string }) | null
  tokenExpiresOn: string | null
  /** Until when Exchange Online's limits hold the queue back (absent in older state files). */
  pacedUntil?: string | null
  /** Absent in a state file written before the sign-in was recorded. */
  signIn?: RelaySignInState | null
}

export interface RelayFailureSummary {
  id: string
  messageId: string
  receivedAt: string
  mailFrom: string
  reply: string
  gateTitle: string
  meaning: string
  fix: string
}

export interface RelayStatus {
  running: boolean
  listening: string | null
  queued: number
  failed: number
  oldestQueuedAt: string | null
  lastDelivery: RelayState['lastDelivery']
  lastError: RelayState['lastError']
  tokenExpiresOn: string | null
  /** Set while the pacing holds queued messages back: until then, at the latest. */
  pacedUntil: string | null
  signIn: RelaySignInState | null
  failures: RelayFailureSummary[]
}

export function summarize(
  state: RelayState | null,
  records: ReadonlyArray<Omit<SpoolRecord, 'rcptTo'>>,
  running: boolean,
): RelayStatus {
  const queued = records.filter((r) => r.state === 'queued')
  const failed = records.filter((r) => r.state === 'failed')
  return {
    running,
    listening: state?.listening ?? null,
    queued: queued.length,
    failed: failed.length,
    oldestQueuedAt: queued.reduce<string | null>(
      (oldest, r) => (oldest === null || r.receivedAt < oldest ? r.receivedAt : oldest),
      null,
    ),
    lastDelivery: state?.lastDelivery ?? null,
    lastError: state?.lastError ?? null,
    tokenExpiresOn: state?.tokenExpiresOn ?? null,
    pacedUntil:
      queued.length > 0 && state?.pacedUntil && Date.parse(state.pacedUntil) > Date.now()
        ? state.pacedUntil
        : null,
    signIn: state?.signIn ?? null,
    failures: failed.map((r) => ({
      id: r.id,
      messageId: r.messageId,
      receivedAt: r.receivedAt,
      mailFrom: r.mailFrom,
      reply: r.failure?.reply ?? '',
      gateTitle: r.failure?.gateTitle ?? '',
      meaning: r.failure?.meaning ?? r.lastError ?? '',
      fix: r.failure?.fix ?? '',
    })),
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The status of the relay whose spool folder is `spoolDir`, from disk only. */
export async function readRelayStatus(spoolDir: string): Promise<RelayStatus> {
  let state: RelayState | null
  try {
    state = JSON.parse(await readFile(join(spoolDir, STATE_FILE), 'utf8')) as RelayState
  } catch {
    state = null
  }
  const running = state !== null && state.stoppedAt === null && alive(state.pid)
  return summarize(state, await readQueue(join(spoolDir, QUEUE_DIR)), running)
}
