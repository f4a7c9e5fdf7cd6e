/**
 * Transport-independent IPC dispatch: unknown channel, payload validation, handler call, and
 * every outcome turned into a `Result`. Used by the Electron `ipcMain` binding and by the browser
 * test host, so both transports share one handler table and one set of checks.
 */
import { z } from 'zod'

import { describeIssues } from '../../shared/schemas/diagnose-options'
import {
  isInvokeChannel,
  requestSchemas,
  type EventChannel,
  type EventPayloads,
  type InvokeChannel,
  type InvokeResponses,
  type ParsedRequest,
} from '../../shared/schemas/ipc'
import { couldNotText } from '../../shared/ipc-request-words'
import { err, ok, type Result } from '../../shared/result'

export interface HandlerContext {
  /** Sends an event to the window that made this call (and only to it). */
  emit<E extends EventChannel>(event: E, payload: EventPayloads[E]): void
}

export type HandlerTable = {
  [C in InvokeChannel]: (req: ParsedRequest<C>, ctx: HandlerContext) => Promise<InvokeResponses[C]>
}

export type Logger = (message: string) => void

/** Problems listed in an invalid-payload message, and the length of each: it is read by a person. */
const MAX_ISSUES = 5
const MAX_ISSUE_CHARS = 160
/** Why a request is not JSON data: a path of at most six keys of at most 32 characters, a reason. */
const MAX_NOT_PLAIN_CHARS = 300
/** A handler's own error message (V8's can run over several lines, e.g. about a cycle). */
const MAX_INTERNAL_CHARS = 600

// C0/C1 controls, line/paragraph separators, bidi overrides and isolates, lone surrogates (in a
// `u` pattern a surrogate range matches only an unpaired half).
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu

/**
 * Text that echoes what the sender sent (zod names unknown keys; a channel name is anything) as
 * one printable line of at most `max` characters. Fuzzing found messages of 100 KB (a long key),
 * with raw control characters, and of dozens of issues; this keeps them readable.
 */
function printable(text: string, max: number): string {
  const cut = text.length > max ? text.slice(0, max) : text
  // Line breaks and tabs become one space; cutting may split a surrogate pair, and the lone
  // half is replaced like any other unprintable character.
  const clean = cut.replace(/\s*[\t\n\r\u2028\u2029]+\s*/g, ' ').replace(UNPRINTABLE, '?')
  return text.length > max ? `${clean}…` : clean
}

function describeRequestIssues(error: z.ZodError): string {
  const shown = error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => printable(describeIssues(new z.ZodError([issue])), MAX_ISSUE_CHARS))
  const more = error.issues.length - shown.length
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ')
}

/** Bounds of a request: far above any real one (a job with a full report is ~10 deep, ~300k values). */
const MAX_DEPTH = 32
const MAX_VALUES = 1_000_000

/**
 * Why a request is not plain JSON data, or null. Electron's structured clone carries more than
 * JSON (cycles, BigInt, Map, Date, NaN, typed arrays): fuzzing found a cyclic or BigInt report
 * `data` that jobs:save (which then carried whole jobs) took into memory and then failed to
 * write, so the app showed a job that was never saved. Requests are JSON data (the browser test
 * host's transport is JSON), so anything else is refused here.
 */
function plainDataProblem(root: unknown): string | null {
  const ancestors = new Set<object>()
  let values = 0
  const walk = (v: unknown, path: string[], depth: number): string | null => {
    // Named only when there is a problem; a long path keeps its start and its end, and a long
    // key (the sender's) its first characters.
    const where = () => {
      const keys = path.map((k) => (k.length > 32 ? `${k.slice(0, 32)}…` : k))
      if (keys.length === 0) return 'the request'
      return keys.length > 6
        ? `${keys.slice(0, 3).join('.')}.….${keys.slice(-2).join('.')}`
        : keys.join('.')
    }
    if (++values > MAX_VALUES) return `the request holds more than ${MAX_VALUES} values`
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean')
      return null
    if (typeof v === 'number')
      return Number.isFinite(v) ? null : `${where()} is not a finite number`
    if (typeof v !== 'object') return `${where()} is a ${typeof v}, not JSON data`
    if (depth >= MAX_DEPTH) return `${where()} is nested more than ${MAX_DEPTH} levels deep`
    const proto: unknown = Object.getPrototypeOf(v)
    const isArray = Array.isArray(v) && proto === Array.prototype
    if (!isArray && proto !== Object.prototype && proto !== null)
      return `${where()} is ${Object.prototype.toString.call(v).slice(8, -1)} data, not JSON data`
    if (ancestors.has(v)) return `${where()} refers back to itself`
    ancestors.add(v)
    try {
      if (isArray) {
        const items = v as unknown[]
        for (let i = 0; i < items.length; i++) {
          const problem = walk(items[i], [...path, String(i)], depth + 1)
          if (problem) return problem
        }
      } else {
        for (const [key, item] of Object.entries(v)) {
          const problem = walk(item, [...path, key], depth + 1)
          if (problem) return problem
        }
      }
      return null
    } finally {
      ancestors.delete(v)
    }
  }
  return walk(root, [], 0)
}

/**
 * A name for any value. Not String() of an object: it throws for one without a prototype, and
 * for an array it joins every item (2^32-1 of them in a sparse one: tens of seconds).
 */
function nameOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (value !== null && (typeof value === 'object' || typeof value === 'function'))
    return Object.prototype.toString.call(value)
  return String(value)
}

export async function dispatch(
  handlers: HandlerTable,
  channel: unknown,
  payload: unknown,
  ctx: HandlerContext,
  log: Logger = () => {},
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return err(
      'unknown-channel',
      `Unknown channel ${printable(JSON.stringify(nameOf(channel)), 80)}`,
    )
  }
  const parsed = requestSchemas[channel].safeParse(payload)
  // Not being JSON data is the more basic problem: said first, whether or not the schema took
  // the request (what it took is what the handler would get; else what was sent).
  const notPlain = plainDataProblem(parsed.success ? parsed.data : payload)
  if (notPlain) {
    return err(
      'invalid-payload',
      `Invalid request for ${channel}: ${printable(notPlain, MAX_NOT_PLAIN_CHARS)}`,
    )
  }
  if (!parsed.success) {
    return err(
      'invalid-payload',
      `Invalid request for ${channel}: ${describeRequestIssues(parsed.error)}`,
    )
  }
  try {
    // The cast is safe: `parsed.data` was produced by this channel's own schema.
    const handler = handlers[channel] as (req: unknown, ctx: HandlerContext) => Promise<unknown>
    return ok(await handler(parsed.data, ctx))
  } catch (e) {
    // Only the message crosses; stacks and internals stay in main's log.
    const message = e instanceof Error ? e.message : String(e)
    log(`[ipc] ${channel} failed: ${e instanceof Error && e.stack ? e.stack : message}`)
    // A person reads the request in words, never its channel name (the log above keeps it).
    const reason = printable(message, MAX_INTERNAL_CHARS)
    return {
      ok: false,
      error: { code: 'internal', message: couldNotText(channel, reason), reason },
    }
  }
}
