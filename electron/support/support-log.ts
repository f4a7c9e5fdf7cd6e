/**
 * The support log: one text file in the app's data folder (`logs/scanpath.log`), rotated by size
 * (`scanpath.1.log` … `scanpath.N.log`, oldest dropped), every line passed through
 * `redactSecrets`. Writes are queued and appended asynchronously in order, so logging never
 * blocks the main process; a log folder that cannot be written is reported once on stderr and
 * the app carries on without a file.
 */
import { appendFile, mkdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

import { redactSecrets } from './redact'

export type LogLevel = 'info' | 'warn' | 'error'

export interface SupportLog {
  /** The current log file. */
  readonly file: string
  readonly dir: string
  write(level: LogLevel, message: string): void
  /** Resolves when everything written so far is on disk (or was dropped with the folder broken). */
  flush(): Promise<void>
  /** The last `maxLines` lines of the current and previous file, oldest first. */
  tail(maxLines: number): Promise<string[]>
}

export interface SupportLogOptions {
  dir: string
  /** Rotate when the current file would pass this size (default 1 MiB). */
  maxBytes?: number
  /** Rotated files kept besides the current one (default 3). */
  keep?: number
  /** Also write each line to stderr (default true; tests turn it off). */
  echo?: boolean
  now?: () => Date
}

/** One line is at most this long in the file; a stack trace longer than this is cut. */
const MAX_LINE = 8 * 1024
export const LOG_FILE_NAME = 'scanpath.log'

function rotatedName(dir: string, n: number): string {
  return join(dir, `scanpath.${n}.log`)
}

export function createSupportLog(opts: SupportLogOptions): SupportLog {
  const maxBytes = opts.maxBytes ?? 1024 * 1024
  const keep = opts.keep ?? 3
  const echo = opts.echo ?? true
  const now = opts.now ?? (() => new Date())
  const file = join(opts.dir, LOG_FILE_NAME)
  let size: number | null = null
  let broken = false
  let queue: Promise<void> = mkdir(opts.dir, { recursive: true }).then(
    () => undefined,
    (e: unknown) => fail(e),
  )

  function fail(e: unknown): void {
    if (!broken)
      process.stderr.write(
        `[log] cannot write the support log in ${opts.dir}: ${(e as Error).message}; logging to the console only\n`,
      )
    broken = true
  }

  async function rotate(): Promise<void> {
    await rm(rotatedName(opts.dir, keep), { force: true })
    for (let n = keep - 1; n >= 1; n--) {
      await rename(rotatedName(opts.dir, n), rotatedName(opts.dir, n + 1)).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      })
    }
    if (keep >= 1) await rename(file, rotatedName(opts.dir, 1))
    else await rm(file, { force: true })
    size = 0
  }

  async function append(line: string): Promise<void> {
    if (broken) return
    try {
      if (size === null)
        size = await stat(file).then(
          (s) => s.size,
          () => 0,
        )
      const bytes = Buffer.byteLength(line)
      if (size > 0 && size + bytes > maxBytes) await rotate()
      await appendFile(file, line, { mode: 0o600 })
      size += bytes
    } catch (e) {
      fail(e)
    }
  }

  return {
    file,
    dir: opts.dir,
    write(level, message) {
      let text = redactSecrets(message).replace(/\r?\n/g, '\n    ')
      if (text.length > MAX_LINE) text = `${text.slice(0, MAX_LINE)} …[cut]`
      const line = `${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${text}\n`
      if (echo) process.stderr.write(line)
      queue = queue.then(() => append(line))
    },
    flush() {
      return queue
    },
    async tail(maxLines) {
      await queue
      const read = (p: string) => readFile(p, 'utf8').catch(() => '')
      const lines = `${await read(rotatedName(opts.dir, 1))}${await read(file)}`
        .split('\n')
        .filter((l) => l !== '')
      return lines.slice(-maxLines)
    },
  }
}
