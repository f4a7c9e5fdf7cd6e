/**
 * Transport-independent IPC dispatch: unknown channel, payload validation, handler call, and
 * every outcome turned into a `Result`. Used by the Electron `ipcMain` binding and by the browser
 * test host, so both transports share one handler table and one set of checks.
 */
import { describeIssues } from '../../shared/diagnose-options'
import {
  isInvokeChannel,
  requestSchemas,
  type EventChannel,
  type EventPayloads,
  type InvokeChannel,
  type InvokeResponses,
  type ParsedRequest,
} from '../../shared/ipc'
import { err, ok, type Result } from '../../shared/result'

export interface HandlerContext {
  /** Sends an event to the window that made this call (and only to it). */
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void
}

export type HandlerTable = {
  [C in InvokeChannel]: (req: ParsedRequest<C>, ctx: HandlerContext) => Promise<InvokeResponses[C]>
}

export type Logger = (message: string) => void

export async function dispatch(
  handlers: HandlerTable,
  channel: unknown,
  payload: unknown,
  ctx: HandlerContext,
  log: Logger = () => {},
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return err('unknown-channel', `Unknown channel ${JSON.stringify(String(channel)).slice(0, 80)}`)
  }
  const parsed = requestSchemas[channel].safeParse(payload)
  if (!parsed.success) {
    return err('invalid-payload', `Invalid request for ${channel}: ${describeIssues(parsed.error)}`)
  }
  try {
    // The cast is safe: `parsed.data` was produced by this channel's own schema.
    const handler = handlers[channel] as (req: unknown, ctx: HandlerContext) => Promise<unknown>
    return ok(await handler(parsed.data, ctx))
  } catch (e) {
    // Only the message crosses; stacks and internals stay in main's log.
    const message = e instanceof Error ? e.message : String(e)
    log(`[ipc] ${channel} failed: ${e instanceof Error && e.stack ? e.stack : message}`)
    return err('internal', `${channel} failed: ${message}`)
  }
}
