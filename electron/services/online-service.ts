/**
 * Whether this laptop is online, re-checked in the background: a cheap check (a TCP connection
 * to Microsoft 365's submission host, which is what matters here), never blocking anything.
 */
import net from 'node:net'

import type { ProbeDeps } from '../probes/probe-deps'

export interface OnlineStatus {
  online: boolean
  checkedAt: string
}

export interface OnlineService {
  status(): Promise<OnlineStatus>
  /** Starts the background re-check; `onChange` hears every flip (e.g. to wake the outbox). */
  start(onChange?: (s: OnlineStatus) => void): void
  stop(): void
}

/** One TCP connection attempt to host:port within timeoutMs, through the given lookup. */
export function tcpCheck(
  deps: Pick<ProbeDeps, 'lookup'>,
  host: string,
  port: number,
  timeoutMs: number,
): () => Promise<boolean> {
  return async () => {
    let address: string
    try {
      const found = await deps.lookup(host)
      if (!found[0]) return false
      address = found[0].address
    } catch {
      return false
    }
    return new Promise((resolve) => {
      const s = net.connect({ host: address, port })
      const timer = setTimeout(() => done(false), timeoutMs)
      const done = (ok: boolean) => {
        clearTimeout(timer)
        s.destroy()
        resolve(ok)
      }
      s.once('connect', () => done(true))
      s.once('error', () => done(false))
    })
  }
}

export function createOnlineService(opts: {
  check: () => Promise<boolean>
  intervalMs?: number
  now?: () => Date
}): OnlineService {
  const now = opts.now ?? (() => new Date())
  let last: OnlineStatus | null = null
  let timer: NodeJS.Timeout | null = null
  let pending: Promise<OnlineStatus> | null = null
  const run = () =>
    (pending ??= opts
      .check()
      .catch(() => false)
      .then((online) => {
        pending = null
        last = { online, checkedAt: now().toISOString() }
        return last
      }))
  return {
    async status() {
      return last ?? run()
    },
    start(onChange) {
      if (timer) return
      const tick = async () => {
        const before = last?.online
        const s = await run()
        if (before !== undefined && before !== s.online) onChange?.(s)
      }
      void tick()
      timer = setInterval(() => void tick(), opts.intervalMs ?? 30_000)
      timer.unref()
    },
    stop() {
      if (timer) clearInterval(timer)
      timer = null
    },
  }
}
