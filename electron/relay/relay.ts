/**
 * ScanPath Relay: the device listener, the durable spool and the Microsoft 365 forwarder started
 * and stopped together, with the log lines and the status (`relay status`) they produce.
 */
import { join } from 'node:path'

import { writeFileAtomic } from '../store/atomic-write'
import type { LoadedRelayConfig } from './config'
import { startForwarder, type Forwarder, type ForwarderEvent } from './forwarder'
import { startInbound, type InboundEvent, type InboundListener } from './inbound'
import { relayCertificate } from './relay-certificate'
import {
  STATE_FILE,
  summarize,
  type RelaySignInState,
  type RelayState,
  type RelayStatus,
} from './relay-status'
import { Spool } from './spool'
import type { RelayTokenSource } from './token-source'

export interface RelayOptions {
  config: LoadedRelayConfig
  tokenSource: RelayTokenSource
  /** One line per event (start, stop, refusals, deliveries, failures); never a secret. */
  log?: (line: string) => void
  /** false: no pacing (tests, benchmarks). Default: the config's pacing. */
  pacing?: boolean
  /** Extra CAs the outbound hop trusts (tests). */
  outboundCa?: string[]
  retry?: { baseMs: number; maxMs: number }
  outboundTimeoutMs?: number
  /** The sign-in's facts for status (never a token), read whenever the state is written. */
  signInStatus?: () => RelaySignInState
}

export interface Relay {
  listening: { address: string; port: number }
  status(): RelayStatus
  /** The sign-in changed (a refresh, or its failure): write it to the state file. */
  signInChanged(): void
  stop(): Promise<void>
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const { config } = opts
  const log = opts.log ?? (() => {})
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
    signIn: opts.signInStatus?.() ?? null,
  }
  let saving: Promise<void> = Promise.resolve()
  const save = (): Promise<void> => {
    if (opts.signInStatus) state.signIn = opts.signInStatus()
    const text = JSON.stringify(state)
    saving = saving
      .then(() => writeFileAtomic(join(config.spoolDir, STATE_FILE), text))
      .catch((e: unknown) => log(`relay: cannot write its state file: ${String(e)}`))
    return saving
  }

  const onForwarder = (e: ForwarderEvent): void => {
    const at = new Date().toISOString()
    switch (e.kind) {
      case 'token':
        if (state.tokenExpiresOn === e.expiresOn) return
        state.tokenExpiresOn = e.expiresOn
        break
      case 'delivered':
        state.lastDelivery = { at, messageId: e.record.messageId, response: e.response }
        if (e.rejectedOutcome)
          state.lastError = {
            at,
            text: `${e.record.messageId} did not reach ${e.rejected.join(', ')}: ${e.rejectedOutcome.meaning}`,
            fix: e.rejectedOutcome.fix,
          }
        log(
          `relay: delivered ${e.record.messageId} from ${e.record.mailFrom} to ${e.record.rcptTo.length} recipient(s)${e.rejected.length ? `; refused recipients: ${e.rejected.join(', ')}` : ''}`,
        )
        break
      case 'retry':
        state.lastError = { at, text: e.outcome.meaning, fix: e.outcome.fix }
        log(
          `relay: ${e.record.messageId} will be retried at ${e.nextAttemptAt}: ${e.outcome.meaning}`,
        )
        break
      case 'failed':
        state.lastError = { at, text: e.outcome.meaning, fix: e.outcome.fix }
        log(`relay: ${e.record.messageId} FAILED: ${e.outcome.meaning} Fix: ${e.outcome.fix}`)
        break
      case 'problem':
        state.lastError = { at, text: e.outcome.meaning, fix: e.outcome.fix }
        log(`relay: sending paused until ${e.retryAt}: ${e.outcome.meaning} Fix: ${e.outcome.fix}`)
        break
    }
    void save()
  }

  const onInbound = (e: InboundEvent): void => {
    if (e.kind === 'refused') log(`relay: refused ${e.remoteAddress} at ${e.stage}: ${e.reply}`)
    else
      log(
        `relay: queued ${e.record.messageId} (${e.record.size} bytes) from ${e.remoteAddress}${e.tls ? ` over ${e.tls}` : ' without TLS'}${e.user ? ` signed in as ${e.user}` : ''}`,
      )
  }

  const usePacing = opts.pacing ?? true
  const forwarder: Forwarder = startForwarder({
    spool,
    tokenSource: opts.tokenSource,
    host: config.outbound.host,
    port: config.outbound.port,
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
    })
  } catch (e) {
    await forwarder.stop()
    throw e
  }
  state.listening = hostPort(inbound.address, inbound.port)
  await save()
  log(
    `relay: listening on ${state.listening} (TLS ${config.tls.mode}), sending as ${opts.tokenSource.username} through ${hostPort(config.outbound.host, config.outbound.port)}; ${recovered.filter((r) => r.state === 'queued').length} message(s) queued`,
  )

  if (config.allow.length === 0)
    log(
      `relay: warning: "allow" is empty, so any computer that can reach ${state.listening} may send as ${config.senders.join(', ')}: list the devices' addresses`,
    )
  if (config.tls.mode === 'none' && config.devices.length > 0)
    log('relay: warning: tls.mode is "none", so device passwords cross the LAN in clear')
  let stopping: Promise<void> | null = null
  return {
    listening: { address: inbound.address, port: inbound.port },
    status: () => summarize(state, spool.list(), stopping === null),
    signInChanged() {
      void save()
    },
    stop() {
      stopping ??= (async () => {
        await inbound.close()
        await forwarder.stop()
        state.stoppedAt = new Date().toISOString()
        await save()
        log(
          `relay: stopped; ${spool.list().filter((r) => r.state === 'queued').length} message(s) left queued`,
        )
      })()
      return stopping
    },
  }
}
