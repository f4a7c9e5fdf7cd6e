/**
 * Outbox state changes for the support log: one line per change of state (queued → sending →
 * sent / failed), with the attempt count and, on failure, the explained reason. The recipient
 * and subject are left out: the log is for "did it go, and why not".
 */
import type { OutboxView } from '../../shared/outbox-types'
import type { LogLevel } from './support-log'

export function outboxLogger(
  write: (level: LogLevel, message: string) => void,
): (entry: OutboxView) => void {
  const last = new Map<string, string>()
  return (e) => {
    if (last.get(e.id) === e.state) return
    last.set(e.id, e.state)
    const reply = e.lastError?.reply ? ` (${e.lastError.reply.code})` : ''
    const why =
      e.state === 'failed' || (e.state === 'queued' && e.lastError)
        ? `: ${e.lastError?.explanation ?? 'no reason recorded'}${reply}`
        : ''
    const level: LogLevel = e.state === 'failed' ? 'warn' : 'info'
    write(level, `[outbox] report ${e.id} ${e.state}, attempt ${e.attempts}${why}`)
  }
}
