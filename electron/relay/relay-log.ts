/**
 * The relay's support log: one structured line per event (start, stop, delivery, refusal,
 * retry, failure, pause) in `<spoolDir>/logs/scanpath.log`, through the app's support log, so it
 * is rotated and redacted like the rest; known secrets (the tokens handed out) are scrubbed first.
 */
import { join } from 'node:path'

import { redactSecrets } from '../support/redact'
import { createSupportLog, type LogLevel, type SupportLog } from '../support/support-log'

/** The log folder inside the relay's state directory (the spool): the service may write there. */
export const RELAY_LOG_DIR = 'logs'

export type RelayLogFields = Record<string, string | number | null | undefined>

export interface RelayLog {
  /** The log file (null when the file log is off). */
  readonly file: string | null
  /** A secret the relay holds (an access token): scrubbed from every line, as is its base64. */
  addSecret(secret: string, username?: string): void
  /** The text with every known secret replaced by `[hidden]`. */
  scrub(text: string): string
  /** scrub, then the support log's redaction rules: for a server's reply before it is used. */
  clean(text: string): string
  /** `[relay] <event> key="value" …`, redacted, to the file. */
  event(level: LogLevel, event: string, fields: RelayLogFields): void
  flush(): Promise<void>
}

const MIN_SECRET = 8
/** Tokens are refreshed hourly: the last few are enough (an older one no longer signs in). */
const KEEP_SECRETS = 24

/**
 * `key="value"` with quotes and backslashes escaped and line breaks shown as \n. The value is
 * redacted before escaping: an echoed `"password":"…"` must still look like JSON to the rules.
 */
function field(key: string, value: string | number, clean: (s: string) => string): string {
  if (typeof value === 'number') return `${key}=${value}`
  const v = clean(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')
  return `${key}="${v}"`
}

export function relayLogLine(
  event: string,
  fields: RelayLogFields,
  clean: (s: string) => string = redactSecrets,
): string {
  const parts = [`[relay] ${event}`]
  for (const [k, v] of Object.entries(fields))
    if (v !== null && v !== undefined) parts.push(field(k, v, clean))
  return parts.join(' ')
}

/**
 * `dir` null: no file (the line still goes nowhere but the caller's stderr). The support log's
 * own echo is off: the relay's stderr lines (the service journal) are written by its caller.
 */
export function createRelayLog(dir: string | null): RelayLog {
  const log: SupportLog | null = dir ? createSupportLog({ dir, echo: false }) : null
  let secrets: string[] = []
  const scrub = (text: string): string => {
    let out = text
    for (const s of secrets) out = out.split(s).join('[hidden]')
    return out
  }
  const clean = (text: string): string => redactSecrets(scrub(text))
  return {
    file: log?.file ?? null,
    addSecret(secret, username) {
      if (secret.length < MIN_SECRET || secrets.includes(secret)) return
      const forms = [secret, Buffer.from(secret, 'utf8').toString('base64')]
      // The XOAUTH2 initial response as it goes on the wire, should a server echo it back.
      if (username !== undefined)
        forms.push(
          Buffer.from(`user=${username}\x01auth=Bearer ${secret}\x01\x01`, 'utf8').toString(
            'base64',
          ),
        )
      secrets = [...forms, ...secrets].slice(0, KEEP_SECRETS * 3)
    },
    scrub,
    clean,
    event(level, event, fields) {
      log?.write(level, scrub(relayLogLine(event, fields, clean)))
    },
    flush() {
      return log?.flush() ?? Promise.resolve()
    },
  }
}

export function relayLogDir(spoolDir: string): string {
  return join(spoolDir, RELAY_LOG_DIR)
}
