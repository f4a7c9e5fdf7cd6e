/**
 * ScanPath Relay: the device listener, the durable spool and the Microsoft 365 forwarder started
 * and stopped together, with the log lines and the status (`relay status`) they produce.
 */
import { join } from 'node:path'

import { writeFileAtomic } from '../store/atomic-write'
import { maskEmails } from '../support/redact'
import type { LoadedRelayConfig } from './config'
import { startForwarder, type Forwarder, type ForwarderEvent } from './forwarder'
import { startInbound, type InboundEvent, type InboundListener } from './inbound'
import { lockSpool } from './spool-lock'
import { isAdminNotice, queueAdminNotice, type PartialRefusal } from './relay-admin-notice'
import { relayCertificate } from './relay-certificate'
import { createRelayLog, relayLogDir, type RelayLog } from './relay-log'
import {
  STATE_FILE,
  summarize,
  type RelaySignInState,
  type RelayState,
  type RelayStatus,
} from './relay-status'
import { Spool, type SpoolRecord } from './spool'
import { RecentEvents } from './status-link/recent-events'
import type { StatusLink } from './status-link/server'
import { startRelayStatusLink } from './status-link/start-link'
import type { RelayTokenSource } from './token-source'

export interface RelayOptions {
  config: LoadedRelayConfig
  tokenSource: RelayTokenSource
  /** One line per event (start, stop, refusals, deliveries, failures) for the service journal. */
  log?: (line: string) => void
  /** The config file, named in the support log's start line. */
  configFile?: string
  /**
   * The support log's folder: default `<spoolDir>/logs` (the relay's state directory, the one
   * place the service may write); null: no file (stderr only).
   */
  logDir?: string | null
  /** false: no pacing (tests, benchmarks). Default: the config's pacing. */
  pacing?: boolean
  /** Extra CAs the outbound hop trusts (tests). */
  outboundCa?: string[]
  retry?: { baseMs: number; maxMs: number }
  outboundTimeoutMs?: number
  /** Secrets the relay holds (an app's client secret): hidden wherever a server echoes them. */
  knownSecrets?: string[]
  /** The sign-in's facts for status (never a token), read whenever the state is written. */
  signInStatus?: () => RelaySignInState
  /** The status link's pairing code (tests); default: the one `relay pair` stored. */
  statusCode?: () => Promise<string | null>
}

export interface Relay {
  listening: { address: string; port: number }
  /** Where the status link listens; null when turned off or it could not listen. */
  statusLink: { address: string; port: number } | null
  status(): RelayStatus
  /** The sign-in changed (a refresh, or its failure): write it to the state file. */
  signInChanged(): void
  /** The support log (its file is null when turned off). */
  supportLog: RelayLog
  /** `reason` goes to the support log's stop line (default: "stopped"). */
  stop(reason?: string): Promise<void>
}

const STATE_SAVE_MS = 250

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

/**
 * Starts the relay once it holds its spool's lock (spool-lock.ts), which it keeps until it has
 * stopped: a second relay on the same spool is refused before it touches a file.
 */
export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const lock = await lockSpool(opts.config.spoolDir)
  try {
    const relay = await startLocked(opts)
    return {
      ...relay,
      stop: (reason) => relay.stop(reason).finally(() => lock.release()),
    }
  } catch (e) {
    await lock.release()
    throw e
  }
}

async function startLocked(opts: RelayOptions): Promise<Relay> {
  const { config } = opts
  const supportLog = createRelayLog(
    opts.logDir === undefined ? relayLogDir(config.spoolDir) : opts.logDir,
  )
  // The journal's lines get the same scrub of known secrets as the support log's.
  const journal = opts.log ?? (() => {})
  const log = (line: string): void => journal(supportLog.scrub(line))
  // Every token handed to the forwarder becomes a known secret, scrubbed wherever it is echoed.
  const source = opts.tokenSource
  const tokenSource: RelayTokenSource = {
    kind: source.kind,
    username: source.username,
    async token(minValidityS) {
      const t = await source.token(minValidityS)
      supportLog.addSecret(t.accessToken, source.username)
      return t
    },
  }
  for (const secret of opts.knownSecrets ?? []) supportLog.addSecret(secret)
  const spool = new Spool(config.spoolDir)
  const recovered = await spool.open()
  const tls = await relayCertificate(config.tls, config.spoolDir, config.listen.address)

  const state: RelayState = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    stoppedAt: null,
    listening: null,
    lastDelivery: null,
    lastError: null,
    tokenExpiresOn: null,
    pacedUntil: null,
    signIn: opts.signInStatus?.() ?? null,
  }
  // The state file is what `relay status` reads: written a quarter second after a change (one
  // write for a burst of them), at once on start and stop, and renamed into place unflushed, so
  // it never adds to the queue's flushes (a moment stale after a power cut is harmless).
  let saveTimer: NodeJS.Timeout | null = null
  let written: Promise<void> = Promise.resolve()
  const saveNow = (): Promise<void> => {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = null
    if (opts.signInStatus) state.signIn = opts.signInStatus()
    const text = JSON.stringify(state)
    written = written.then(() =>
      writeFileAtomic(join(config.spoolDir, STATE_FILE), text, { durable: false }).catch(
        (e: unknown) => log(`relay: cannot write its state file: ${String(e)}`),
      ),
    )
    return written
  }
  const save = (): void => {
    saveTimer ??= setTimeout(() => void saveNow(), STATE_SAVE_MS)
  }

  // A permanent refusal (of the message, or of some recipients) is reported to adminAddress by a
  // notice put into this same spool: it is durable, paced and sent with the relay's own XOAUTH2
  // sign-in like every message. A notice that fails is only logged: never a notice of a notice.
  let notices: Promise<void> = Promise.resolve()
  const notifyAdmin = (failed: SpoolRecord, partial?: PartialRefusal): void => {
    const admin = config.adminAddress
    if (!admin) return
    if (isAdminNotice(failed)) {
      supportLog.event('warn', 'admin-notice-failed', {
        messageId: failed.messageId,
        admin,
        note: 'the notice itself was refused; no further notice is sent',
      })
      return
    }
    notices = notices.then(async () => {
      try {
        const notice = await queueAdminNotice(spool, {
          failed,
          ...(partial ? { partial } : {}),
          from: source.username,
          to: admin,
          scrub: supportLog.clean,
        })
        if (!notice) return
        supportLog.event('info', 'admin-notice-queued', {
          messageId: failed.messageId,
          notice: notice.messageId,
          admin,
        })
        forwarder.wake()
      } catch (e) {
        supportLog.event('error', 'admin-notice-not-queued', {
          messageId: failed.messageId,
          admin,
          reason: e instanceof Error ? e.message : String(e),
        })
        log(`relay: could not queue the notice to ${admin} about ${failed.messageId}: ${String(e)}`)
      }
    })
  }

  let link: StatusLink | null = null
  const recent = new RecentEvents({ clean: supportLog.clean, onChange: () => link?.changed() })
  const onForwarder = (e: ForwarderEvent): void => {
    recent.fromForwarder(e)
    const at = new Date().toISOString()
    switch (e.kind) {
      case 'token':
        if (state.tokenExpiresOn === e.expiresOn) return
        state.tokenExpiresOn = e.expiresOn
        supportLog.event('info', 'token', { expiresOn: e.expiresOn })
        break
      case 'delivered':
        state.lastDelivery = { at, messageId: e.record.messageId, response: e.response }
        supportLog.event(e.rejected.length ? 'warn' : 'info', 'delivered', {
          messageId: e.record.messageId,
          device: e.record.clientAddress,
          recipients: e.record.rcptTo.length,
          refused: e.rejected.length ? maskEmails(e.rejected.join(', ')) : null,
          later: e.requeued ? maskEmails(e.requeued.rcptTo.join(', ')) : null,
          reply: e.response,
          refusedWhy: e.rejectedOutcome?.meaning,
        })
        if (e.rejectedOutcome)
          state.lastError = {
            at,
            text: `${e.record.messageId} did not reach ${e.rejected.join(', ')}: ${e.rejectedOutcome.meaning}`,
            fix: e.rejectedOutcome.fix,
          }
        log(
          `relay: delivered ${e.record.messageId} from ${e.record.mailFrom} to ${e.record.rcptTo.length} recipient(s)${e.rejected.length ? `; refused recipients: ${e.rejected.join(', ')}` : ''}${e.requeued ? `; refused for now, tried again later: ${e.requeued.rcptTo.join(', ')}` : ''}`,
        )
        if (e.rejectedOutcome && e.rejected.length > 0) {
          const o = e.rejectedOutcome
          notifyAdmin(e.record, {
            refused: e.rejected,
            reply: o.reply,
            gateTitle: o.kind === 'failed' ? o.gateTitle : 'Recipient refused',
            meaning: o.meaning,
            fix: o.fix,
          })
        }
        break
      case 'retry':
        state.lastError = { at, text: e.outcome.meaning, fix: e.outcome.fix }
        supportLog.event('warn', 'retry', {
          messageId: e.record.messageId,
          attempt: e.record.attempts,
          next: e.nextAttemptAt,
          reply: e.outcome.reply,
          meaning: e.outcome.meaning,
        })
        log(
          `relay: ${e.record.messageId} will be retried at ${e.nextAttemptAt}: ${e.outcome.meaning}`,
        )
        break
      case 'failed':
        state.lastError = { at, text: e.outcome.meaning, fix: e.outcome.fix }
        supportLog.event('error', 'failed', {
          messageId: e.record.messageId,
          device: e.record.clientAddress,
          from: e.record.mailFrom,
          recipients: e.record.rcptTo.length,
          reply: e.outcome.reply,
          meaning: e.outcome.meaning,
          fix: e.outcome.fix,
        })
        log(`relay: ${e.record.messageId} FAILED: ${e.outcome.meaning} Fix: ${e.outcome.fix}`)
        notifyAdmin(e.record)
        break
      case 'problem':
        state.lastError = { at, text: e.outcome.meaning, fix: e.outcome.fix }
        supportLog.event('warn', 'paused', {
          until: e.retryAt,
          reply: e.outcome.reply,
          reason: e.outcome.meaning,
          fix: e.outcome.fix,
        })
        log(`relay: sending paused until ${e.retryAt}: ${e.outcome.meaning} Fix: ${e.outcome.fix}`)
        break
      case 'paced':
        state.pacedUntil = e.until
        supportLog.event('info', 'paced', { until: e.until, queued: e.queued })
        log(
          `relay: holding ${e.queued} message(s) until ${e.until}: Exchange Online takes 30 messages a minute and 10,000 recipients a day from one mailbox`,
        )
        break
      case 'warning':
        state.lastError = { at, text: e.text, fix: e.fix }
        supportLog.event('warn', 'warning', { text: e.text, fix: e.fix })
        log(`relay: warning: ${e.text} Fix: ${e.fix}`)
        break
    }
    save()
    link?.changed()
  }

  const onInbound = (e: InboundEvent): void => {
    recent.fromInbound(e)
    if (e.kind === 'refused') {
      supportLog.event('warn', 'refused', {
        device: e.remoteAddress,
        stage: e.stage,
        reply: e.reply,
      })
      log(`relay: refused ${e.remoteAddress} at ${e.stage}: ${e.reply}`)
    } else {
      supportLog.event('info', 'queued', {
        messageId: e.record.messageId,
        device: e.remoteAddress,
        bytes: e.record.size,
        tls: e.tls ?? 'none',
        user: e.user,
      })
      log(
        `relay: queued ${e.record.messageId} (${e.record.size} bytes) from ${e.remoteAddress}${e.tls ? ` over ${e.tls}` : ' without TLS'}${e.user ? ` signed in as ${e.user}` : ''}`,
      )
    }
  }

  const usePacing = opts.pacing ?? true
  const forwarder: Forwarder = startForwarder({
    spool,
    tokenSource,
    cleanReply: supportLog.clean,
    host: config.outbound.host,
    port: config.outbound.port,
    connections: config.outbound.connections,
    pacing: usePacing ? config.pacing : null,
    ...(opts.outboundCa ? { ca: opts.outboundCa } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
    ...(opts.outboundTimeoutMs ? { timeoutMs: opts.outboundTimeoutMs } : {}),
    onEvent: onForwarder,
  })
  let inbound: InboundListener
  try {
    inbound = await startInbound({
      config,
      spool,
      tls,
      onEvent: onInbound,
      onQueued: () => forwarder.wake(),
      onSecret: (password) => supportLog.addSecret(password),
    })
  } catch (e) {
    await forwarder.stop()
    supportLog.event('error', 'start-failed', {
      config: opts.configFile,
      reason: e instanceof Error ? e.message : String(e),
    })
    await supportLog.flush()
    throw e
  }
  state.listening = hostPort(inbound.address, inbound.port)
  await saveNow()
  let stopping: Promise<void> | null = null
  const status = (): RelayStatus => summarize(state, spool.list(), stopping === null)
  link = await startRelayStatusLink({
    config,
    tls,
    recent,
    status,
    account: source.username,
    ...(opts.statusCode ? { readCode: opts.statusCode } : {}),
    log,
    supportLog,
  })
  const queuedAtStart = recovered.filter((r) => r.state === 'queued').length
  supportLog.event('info', 'start', {
    listen: state.listening,
    config: opts.configFile,
    tlsMode: config.tls.mode,
    mailbox: source.username,
    signIn: source.kind,
    outbound: hostPort(config.outbound.host, config.outbound.port),
    queued: queuedAtStart,
    failed: recovered.length - queuedAtStart,
    admin: config.adminAddress,
    pid: process.pid,
  })
  log(
    `relay: listening on ${state.listening} (TLS ${config.tls.mode}), sending as ${opts.tokenSource.username} through ${hostPort(config.outbound.host, config.outbound.port)}; ${queuedAtStart} message(s) queued`,
  )

  if (config.allow.length === 0)
    log(
      `relay: warning: "allow" is empty, so any computer that can reach ${state.listening} may send as ${config.senders.join(', ')}: list the devices' addresses`,
    )
  if (config.tls.mode === 'none' && config.devices.length > 0)
    log('relay: warning: tls.mode is "none", so device passwords cross the LAN in clear')
  return {
    listening: { address: inbound.address, port: inbound.port },
    statusLink: link && { address: link.address, port: link.port },
    status,
    signInChanged() {
      save()
    },
    supportLog,
    stop(reason = 'stopped') {
      stopping ??= (async () => {
        await link?.close()
        await inbound.close()
        await forwarder.stop()
        await notices
        await spool.close()
        state.stoppedAt = new Date().toISOString()
        await saveNow()
        const left = spool.list().filter((r) => r.state === 'queued').length
        supportLog.event('info', 'stop', { reason, queued: left })
        await supportLog.flush()
        log(`relay: stopped; ${left} message(s) left queued (${reason})`)
      })()
      return stopping
    },
  }
}
