/**
 * The relay's pacing counts kept over a restart: `pacing.json` in the spool folder, written at
 * most once a second while messages go and once more on stop (renamed into place, not flushed),
 * read once on start. Losing the last second's counts to a crash costs no message.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { writeFileAtomic } from '../store/atomic-write'
import { Pacer } from './pacer'

export const PACING_FILE = 'pacing.json'
const SAVE_EVERY_MS = 1000

export interface PacingStore {
  pacer: Pacer
  /** Resolves once the counts of the last run are in (or there were none to read). */
  ready: Promise<void>
  /** A message went: count it, and save soon. */
  record(now: number, recipients: number): void
  /** Saves what is pending now (on stop). */
  flush(): Promise<void>
}

export function openPacingStore(
  spoolDir: string,
  limits: { perMinute: number; perDay: number },
  onProblem: (detail: string) => void = () => {},
): PacingStore {
  const file = join(spoolDir, PACING_FILE)
  const pacer = new Pacer(limits.perMinute, limits.perDay)
  let timer: NodeJS.Timeout | null = null
  let saving: Promise<void> = Promise.resolve()

  const save = (): Promise<void> => {
    timer = null
    const text = JSON.stringify(pacer.snapshot(Date.now()))
    saving = saving
      .then(() => writeFileAtomic(file, text, { durable: false }))
      .catch((e: unknown) => onProblem(e instanceof Error ? e.message : String(e)))
    return saving
  }

  const ready = readFile(file, 'utf8').then(
    (text) => {
      let parsed: unknown = null
      try {
        parsed = JSON.parse(text)
      } catch {
        // Not ours, or cut short: start counting afresh.
      }
      if (!pacer.restore(parsed, Date.now()))
        onProblem(`${PACING_FILE} could not be read; pacing counts start from zero`)
    },
    (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') onProblem(`${PACING_FILE}: ${e.message}`)
    },
  )

  return {
    pacer,
    ready,
    record(now, recipients) {
      pacer.record(now, recipients)
      timer ??= setTimeout(() => void save(), SAVE_EVERY_MS)
    },
    async flush() {
      if (timer) {
        clearTimeout(timer)
        await save()
      }
      await saving
    },
  }
}
