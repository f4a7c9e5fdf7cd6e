/**
 * Start-up clean-up of the temp files a killed writer left behind (see atomic-write.ts): old ones
 * are removed, a young one (perhaps a save still in flight) is left alone.
 */
import { lstat, readdir, unlink } from 'node:fs/promises'
import { join } from 'node:path'

import { TEMP_FILE } from './atomic-write'

/**
 * A temp file younger than this may be a save in flight (another ScanPath, or this one's own
 * write still running): start-up leaves it alone. Older ones are what a killed save left.
 */
export const TEMP_FILE_MIN_AGE_MS = 60_000

export interface StaleTempOptions {
  /** Only temp files at least this old are removed (default TEMP_FILE_MIN_AGE_MS). */
  olderThanMs?: number
  now?: () => Date
  /** Also remove files with these names (an earlier writer's temp-file naming). */
  alsoMatching?: RegExp
}

/**
 * Deletes temp files a killed writer left behind (the target they were meant for is intact: the
 * rename never happened). For start-up only. A temp file younger than a minute is left alone: it
 * may belong to a save still running (another ScanPath on the same folder), and pulling it from
 * under that save would make it fail. With `forName`, only temp files of that one target are
 * touched (for folders shared with other stores). Returns the names removed.
 */
export async function removeStaleTempFiles(
  dir: string,
  forName?: string,
  opts: StaleTempOptions = {},
): Promise<string[]> {
  const minAge = opts.olderThanMs ?? TEMP_FILE_MIN_AGE_MS
  const now = (opts.now ?? (() => new Date()))().getTime()
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
  const removed: string[] = []
  for (const name of names) {
    const m = TEMP_FILE.exec(name)
    const ours = m ? forName === undefined || m[1] === forName : !!opts.alsoMatching?.test(name)
    if (!ours) continue
    try {
      const st = await lstat(join(dir, name))
      // Young (or dated in the future: a clock set back): possibly a save in flight.
      if (!st.isFile() || now - st.mtimeMs < minAge) continue
      await unlink(join(dir, name))
      removed.push(name)
    } catch {
      // Already gone, or not ours to delete: it stays hidden from readers either way.
    }
  }
  return removed
}
