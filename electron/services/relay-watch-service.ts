/**
 * The Verify step watching ScanPath Relay at the site over its status link: one watch at a time,
 * to the job's relay address; the pairing code kept in the keychain once the relay accepted it,
 * never sent back; the device's message arriving and delivered recorded as the job's outcome.
 */
import { displayText } from '../../shared/display-text'
import { isIpLiteral } from '../../shared/host-syntax'
import type { JobMeasured } from '../../shared/job-types'
import {
  MAX_WATCH_EVENTS,
  newRelayEvents,
  relayEventKey,
  relaySeen,
  relayWatchOutcome,
  type RelayWatchProblemKind,
  type RelayWatchView,
} from '../../shared/configure/relay-watch'
import type { RelayLinkProblem, RelayLinkStatus, RelayRecentEvent } from '../../shared/relay-link'
import type { SecretStore } from '../secrets/secret-store'
import type { JobService } from './job-service'

/** The status link's client (electron/relay/status-link/client.ts `watchRelay`). */
export type WatchRelay = (
  target: { host: string; port: number; code: string },
  handlers: {
    onStatus(s: RelayLinkStatus): void
    onProblem(p: RelayLinkProblem, message: string): void
  },
  opts?: { timeoutMs?: number },
) => { close(): void }

export interface RelayWatchTell {
  changed(view: RelayWatchView): void
  measured(m: JobMeasured): void
}

export interface RelayWatchService {
  /**
   * Watches the job's relay on `port` with `code` (normalised), or with the code kept for that
   * relay when null; stops the watch running before. Throws only for an unknown job or one
   * without a relay address.
   */
  start(
    req: { jobId: string; port: number; code: string | null },
    tell: RelayWatchTell,
  ): Promise<RelayWatchView>
  /** Stops the job's watch; its last view (null when the job has none). */
  stop(jobId: string): RelayWatchView | null
  /** The job's watch as it is, and whether a code is kept for its relay on `port`. */
  status(jobId: string, port: number): Promise<{ view: RelayWatchView | null; codeSaved: boolean }>
  /** Stops every watch (the app quits). */
  stopAll(): void
}

/** The keychain item of a relay's pairing code: one per relay address and status port. */
export const relayCodeAccount = (address: string, port: number) => `relay-link:${address}:${port}`

/** A watch runs this long at most: long enough to walk to the device and send a scan. */
export const RELAY_WATCH_LIMIT_MS = 30 * 60_000

const MAX_TEXT = 600

/** One field from the relay as it may be shown (the link is authenticated, but checked anyway). */
function safe(text: string, max = MAX_TEXT): string {
  const shown = displayText(text)
  return shown.length > max ? `${[...shown].slice(0, max - 1).join('')}…` : shown
}
const safeOrNull = (t: string | null, max?: number) => (t === null ? null : safe(t, max))

function safeEvent(e: RelayRecentEvent): RelayRecentEvent {
  return {
    at: safe(e.at, 40),
    kind: e.kind,
    messageId: safeOrNull(e.messageId, 300),
    device: safeOrNull(e.device, 64),
    ...(e.tls !== undefined ? { tls: safeOrNull(e.tls, 32) } : {}),
    text: safe(e.text),
    ...(e.fix !== undefined ? { fix: safe(e.fix) } : {}),
  }
}

function safeStatus(s: RelayLinkStatus): RelayLinkStatus {
  return {
    running: s.running,
    listening: safeOrNull(s.listening, 300),
    tlsMode: s.tlsMode,
    account: safe(s.account, 320),
    queued: s.queued,
    failed: s.failed,
    oldestQueuedAt: safeOrNull(s.oldestQueuedAt, 40),
    lastDelivery: s.lastDelivery && {
      at: safe(s.lastDelivery.at, 40),
      messageId: safe(s.lastDelivery.messageId, 300),
      response: safe(s.lastDelivery.response, 1000),
    },
    lastError: s.lastError && {
      at: safe(s.lastError.at, 40),
      text: safe(s.lastError.text),
      fix: safe(s.lastError.fix),
    },
    tokenExpiresOn: safeOrNull(s.tokenExpiresOn, 40),
    signInWarning: safeOrNull(s.signInWarning),
    recent: s.recent.map(safeEvent),
  }
}

/** "30 minutes", "5 seconds". */
function durationText(ms: number): string {
  const [n, unit] =
    ms >= 60_000 ? [Math.round(ms / 60_000), 'minute'] : [Math.round(ms / 1000), 'second']
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}

const NO_CODE =
  "Type the relay's pairing code: on the relay machine, `scanpath relay pair` shows it."
const FORGOTTEN =
  ' The saved code was forgotten: type the code `scanpath relay pair` shows on the relay machine.'

interface Watch {
  view: RelayWatchView
  close(): void
}

export function createRelayWatchService(opts: {
  jobs: JobService
  openSecrets: () => Promise<{ store: SecretStore }>
  watch: WatchRelay
  now?: () => Date
  limitMs?: number
  connectTimeoutMs?: number
}): RelayWatchService {
  const now = opts.now ?? (() => new Date())
  let current: Watch | null = null
  const store = async (): Promise<SecretStore | null> => {
    try {
      return (await opts.openSecrets()).store
    } catch {
      return null
    }
  }
  const savedCode = async (account: string): Promise<string | null> => {
    try {
      return (await (await store())?.get(account)) ?? null
    } catch {
      return null
    }
  }

  const service: RelayWatchService = {
    async start(req, tell) {
      const job = await opts.jobs.get(req.jobId)
      const address = job.siteRelay?.address.trim() ?? ''
      if (!address)
        throw new Error(
          "This job has no relay address yet: type the relay machine's address in Configure first.",
        )
      service.stop(current?.view.jobId ?? '')
      const account = relayCodeAccount(address, req.port)
      const kept = req.code === null ? await savedCode(account) : null
      const code = req.code ?? kept
      const view: RelayWatchView = {
        jobId: req.jobId,
        address,
        port: req.port,
        state: 'connecting',
        problem: null,
        codeSaved: kept !== null,
        startedAt: now().toISOString(),
        status: null,
        events: [],
        outcome: null,
      }
      let closed = false
      let handle: { close(): void } | null = null
      const timer = setTimeout(() => {
        if (closed) return
        watch.close()
        problem(
          'time-limit',
          `Stopped watching after ${durationText(opts.limitMs ?? RELAY_WATCH_LIMIT_MS)}: press Watch to watch the relay again.`,
        )
        changed()
      }, opts.limitMs ?? RELAY_WATCH_LIMIT_MS)
      timer.unref?.()
      const watch: Watch = {
        view,
        close() {
          closed = true
          clearTimeout(timer)
          handle?.close()
        },
      }
      current = watch
      const changed = () => tell.changed(structuredClone(view))
      const problem = (kind: RelayWatchProblemKind, message: string) => {
        view.state = 'problem'
        view.problem = { kind, message: safe(message, 1000) }
      }
      if (code === null) {
        watch.close()
        problem('no-code', NO_CODE)
        return structuredClone(view)
      }

      const deviceIp = isIpLiteral(job.device.address.trim()) ? job.device.address.trim() : null
      /** The relay's events shown before this watch: set by its first status. */
      let seen: Set<string> | null = null
      const recorded = new Set<string>()
      let turn: Promise<void> = Promise.resolve()
      const record = (passed: boolean, text: string, status: RelayLinkStatus) => {
        const outcome = {
          passed,
          text: text.slice(0, 4000),
          relay: relaySeen(status, address, req.port),
        }
        turn = turn
          .then(() => opts.jobs.recordVerify(req.jobId, outcome))
          .then(
            (m) => tell.measured(m),
            // Only an unknown job throws, and the job was there when the watch started.
            () => {},
          )
      }
      const onStatus = (raw: RelayLinkStatus) => {
        if (closed) return
        const s = safeStatus(raw)
        const { recent, ...status } = s
        view.status = status
        if (seen === null) {
          seen = new Set(recent.map(relayEventKey))
          view.state = 'watching'
          view.problem = null
          // The relay took the code: keep a typed one for the next watch of this relay.
          if (req.code !== null) {
            const typed = req.code
            void store()
              .then((st) => st?.set(account, typed))
              .then(
                () => {
                  if (closed) return
                  view.codeSaved = true
                  changed()
                },
                () => {},
              )
          }
        } else {
          view.events.push(...newRelayEvents(seen, recent))
          view.events.splice(0, Math.max(0, view.events.length - MAX_WATCH_EVENTS))
        }
        view.outcome = relayWatchOutcome(view.events, {
          deviceIp,
          relayAddress: address,
          lastDelivery: status.lastDelivery,
        })
        if (view.outcome && !recorded.has(view.outcome.key)) {
          recorded.add(view.outcome.key)
          record(view.outcome.passed, view.outcome.text, s)
        }
        changed()
      }
      const onProblem = (p: RelayLinkProblem, message: string) => {
        if (closed) return
        closed = true
        clearTimeout(timer)
        let text = message
        if (p === 'wrong-code' && req.code === null) {
          text += FORGOTTEN
          view.codeSaved = false
          void store()
            .then((st) => st?.delete(account))
            .catch(() => {})
        }
        problem(p, text)
        changed()
      }
      try {
        handle = opts.watch(
          { host: address, port: req.port, code },
          { onStatus, onProblem },
          opts.connectTimeoutMs !== undefined ? { timeoutMs: opts.connectTimeoutMs } : undefined,
        )
      } catch (e) {
        onProblem('unreachable', e instanceof Error ? e.message : String(e))
      }
      if (closed) handle?.close()
      return structuredClone(view)
    },
    stop(jobId) {
      const w = current
      if (!w || w.view.jobId !== jobId) return null
      w.close()
      if (w.view.state === 'connecting' || w.view.state === 'watching') w.view.state = 'stopped'
      return structuredClone(w.view)
    },
    async status(jobId, port) {
      const view = current?.view.jobId === jobId ? structuredClone(current.view) : null
      let address = view?.address ?? ''
      if (!view) {
        try {
          address = (await opts.jobs.get(jobId)).siteRelay?.address.trim() ?? ''
        } catch {
          address = ''
        }
      }
      const codeSaved = address
        ? (await savedCode(relayCodeAccount(address, port))) !== null
        : false
      return { view, codeSaved }
    },
    stopAll() {
      current?.close()
      current = null
    },
  }
  return service
}
