/**
 * Watching ScanPath Relay at the site from the Verify step: the view main sends the renderer, which
 * of the relay's events belong to the watch, the Verify outcome they amount to, and the timeline
 * in words. Pure: main decides and records the outcome, the renderer shows the same words.
 */
import type { RelaySeen } from '../job-types'
import type { RelayLinkProblem, RelayLinkStatus, RelayRecentEvent } from '../relay-link'

export type RelayWatchState = 'connecting' | 'watching' | 'problem' | 'stopped'

/** Why a watch is not watching: the link's own problems, or main's before it could connect. */
export type RelayWatchProblemKind = RelayLinkProblem | 'no-code' | 'keychain' | 'time-limit'

/** A watch as the renderer sees it: display-safe, and never the pairing code. */
export interface RelayWatchView {
  jobId: string
  /** The relay's address (the job's, as main read it) and its status link's port. */
  address: string
  port: number
  state: RelayWatchState
  problem: { kind: RelayWatchProblemKind; message: string } | null
  /** A pairing code for this relay is kept in the keychain (the code itself stays in main). */
  codeSaved: boolean
  /** When the watch started, on this laptop's clock. */
  startedAt: string
  /** The relay's status as last sent (its `recent` left out: `events` holds this watch's). */
  status: Omit<RelayLinkStatus, 'recent'> | null
  /** The relay's events since the watch started, oldest first. */
  events: RelayRecentEvent[]
  /** What those events amount to (main records it as the job's Verify outcome); null: nothing yet. */
  outcome: RelayWatchOutcome | null
}

export interface RelayWatchOutcome {
  passed: boolean
  /** "192.168.1.40 → relay 192.168.1.20 → Microsoft 365: delivered <id> (250 …)", or why not. */
  text: string
  /** The event it rests on: the same event is recorded once. */
  key: string
}

/** At most this many of a watch's events are kept (the relay itself keeps its last 50). */
export const MAX_WATCH_EVENTS = 100

/** One event's identity: the relay sends its last 50 with every status. */
export function relayEventKey(e: RelayRecentEvent): string {
  return [e.at, e.kind, e.messageId ?? '', e.device ?? '', e.text].join('|')
}

/**
 * The events of `recent` not in `seen` (the keys of what the relay had shown before), in order;
 * `seen` gains them.
 */
export function newRelayEvents(seen: Set<string>, recent: readonly RelayRecentEvent[]) {
  const fresh: RelayRecentEvent[] = []
  for (const e of recent) {
    const key = relayEventKey(e)
    if (seen.has(key)) continue
    seen.add(key)
    fresh.push(e)
  }
  return fresh
}

const DELIVERED_PREFIX = /^Delivered to Microsoft 365:\s*/
const NOT_DELIVERED_PREFIX = /^Not delivered:\s*/

/** "… Fix: …" when the relay said what to do. */
function withFix(text: string, fix: string | undefined): string {
  const t = text.trim().replace(/[.\s]+$/, '')
  return fix?.trim() ? `${t}. Fix: ${fix.trim()}` : `${t}.`
}

/**
 * What the events since the watch started amount to: a message queued from the device (from
 * `deviceIp` when the job knows it, else from any device) and then delivered passes; the same
 * message failed for good, or the device refused at the relay, fails with the relay's words and
 * fix. The latest such event decides; null while there is none (a retry decides nothing).
 */
export function relayWatchOutcome(
  events: readonly RelayRecentEvent[],
  ctx: {
    deviceIp: string | null
    relayAddress: string
    lastDelivery?: RelayLinkStatus['lastDelivery']
  },
): RelayWatchOutcome | null {
  const fromDevice = (e: RelayRecentEvent) => ctx.deviceIp === null || e.device === ctx.deviceIp
  const queued = new Set<string>()
  let outcome: RelayWatchOutcome | null = null
  for (const e of events) {
    if (!fromDevice(e)) continue
    const device = e.device ?? 'the device'
    const key = relayEventKey(e)
    if (e.kind === 'queued' && e.messageId !== null) queued.add(e.messageId)
    else if (e.kind === 'delivered' && e.messageId !== null && queued.has(e.messageId)) {
      const reply =
        ctx.lastDelivery?.messageId === e.messageId
          ? ctx.lastDelivery.response
          : e.text.replace(DELIVERED_PREFIX, '')
      outcome = {
        passed: true,
        key,
        text: `${device} → relay ${ctx.relayAddress} → Microsoft 365: delivered ${e.messageId} (${reply.trim()})`,
      }
    } else if (e.kind === 'failed' && e.messageId !== null && queued.has(e.messageId)) {
      outcome = {
        passed: false,
        key,
        text: `${device} → relay ${ctx.relayAddress} → Microsoft 365: ${e.messageId} not delivered: ${withFix(e.text.replace(NOT_DELIVERED_PREFIX, ''), e.fix)}`,
      }
    } else if (e.kind === 'refused') {
      outcome = {
        passed: false,
        key,
        text: `${device} → relay ${ctx.relayAddress}: the relay refused the message: ${withFix(e.text, e.fix)}`,
      }
    }
  }
  return outcome
}

/** What the report keeps of the relay with the outcome. */
export function relaySeen(
  status: Omit<RelayLinkStatus, 'recent'>,
  address: string,
  statusPort: number,
): RelaySeen {
  return {
    address,
    statusPort,
    listening: status.listening,
    tlsMode: status.tlsMode,
    account: status.account,
    queued: status.queued,
    failed: status.failed,
    lastDelivery: status.lastDelivery ? { ...status.lastDelivery } : null,
  }
}

/** "10:02:11" on the laptop's clock; the text as given when it is not a time. */
export function clockTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** One line of the Verify timeline: how it went for that message, in words. */
export interface TimelineLine {
  tone: 'info' | 'pass' | 'warn' | 'fail'
  text: string
  fix: string | null
}

/** An event of the relay as the technician reads it in the timeline. */
export function timelineLine(e: RelayRecentEvent): TimelineLine {
  const at = clockTime(e.at)
  const id = e.messageId ? ` (Message-ID ${e.messageId})` : ''
  const fix = e.fix?.trim() ? e.fix.trim() : null
  switch (e.kind) {
    case 'queued':
      return {
        tone: 'info',
        text: `Arrived at the relay from ${e.device ?? 'a device'} ${e.tls ? `over ${e.tls}` : 'without TLS'} at ${at}${id}`,
        fix: null,
      }
    case 'delivered':
      return {
        tone: 'pass',
        text: `Delivered to Microsoft 365 at ${at}: ${e.text.replace(DELIVERED_PREFIX, '')}`,
        fix,
      }
    case 'retry':
      return { tone: 'warn', text: `Not taken yet at ${at}, the relay tries again: ${e.text}`, fix }
    case 'failed':
      return {
        tone: 'fail',
        text: `Not delivered at ${at}${id}: ${e.text.replace(NOT_DELIVERED_PREFIX, '')}`,
        fix,
      }
    case 'refused':
      return { tone: 'fail', text: `Refused at the relay at ${at}: ${e.text}`, fix }
  }
}

/** The first lines of the timeline, before and while nothing came. */
export const WAITING_TEXT = 'Waiting for a message from the device… Send a test scan now.'
