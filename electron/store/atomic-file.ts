/**
 * Crash-safe files: a write is either wholly there or not at all. The data goes to a temp file
 * in the same folder, is flushed to disk (fsync), renamed over the target (atomic on POSIX and
 * NTFS), and the folder itself is flushed so the rename survives a power cut. Readers never see a
 * half-written file; a file that does not parse is moved aside (quarantined), never deleted.
 */
import { randomUUID } from 'node:crypto'
import { lstat, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

import type { StoreProblem } from '../../shared/store-problem'

async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Creates `dir` (and missing parents). A folder created here is itself only a name in its parent
 * until that parent is flushed, so each new folder's parent is fsynced too: otherwise a power cut
 * could take the whole folder, with the files acknowledged in it, away.
 */
async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true })
  if (first === undefined) return
  const top = resolve(first)
  for (let d = resolve(dir); ; d = dirname(d)) {
    await fsyncDir(dirname(d))
    if (d === top || d === dirname(d)) break
  }
}

/** Temp files are `.<target name>.<uuid>.tmp`: hidden, and never taken for a data file. */
const TEMP_FILE = /^\.(.+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/

export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name)
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path)
  await ensureDir(dir)
  const tmp = join(dir, `.${basename(path)}.${randomUUID()}.tmp`)
  const handle = await open(tmp, 'w', 0o600)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (e) {
    await handle.close().catch(() => {})
    await unlink(tmp).catch(() => {})
    throw e
  }
  await handle.close()
  try {
    await rename(tmp, path)
  } catch (e) {
    await unlink(tmp).catch(() => {})
    throw e
  }
  await fsyncDir(dir)
}

/**
 * Deletes temp files a killed writer left behind (the target they were meant for is intact: the
 * rename never happened). Only for start-up, before anything writes to `dir`: a live writer's
 * temp file would be pulled from under it. With `forName`, only temp files of that one target
 * are touched (for folders shared with other stores). Returns the names removed.
 */
export async function removeStaleTempFiles(dir: string, forName?: string): Promise<string[]> {
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
    if (!m || (forName !== undefined && m[1] !== forName)) continue
    try {
      await unlink(join(dir, name))
      removed.push(name)
    } catch {
      // Already gone, or not ours to delete: it stays hidden from readers either way.
    }
  }
  return removed
}

export type ReadResult<T> =
  { kind: 'ok'; value: T } | { kind: 'missing' } | { kind: 'corrupt'; reason: string }

/** Reads and parses a JSON file; `parse` validates (and migrates) what was read or throws why not. */
export async function readJsonFile<T>(
  path: string,
  parse: (raw: unknown) => T,
): Promise<ReadResult<T>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
    return {
      kind: 'corrupt',
      reason: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return {
      kind: 'corrupt',
      reason:
        text.trim() === ''
          ? 'is empty (cut short or damaged)'
          : 'is not valid JSON (cut short or damaged)',
    }
  }
  try {
    return { kind: 'ok', value: parse(raw) }
  } catch (e) {
    return { kind: 'corrupt', reason: e instanceof Error ? e.message : String(e) }
  }
}

/**
 * Moves a damaged file into `<dir>/quarantine/` with a timestamp, so the rest of the data loads
 * and nothing is lost; returns where it went.
 */
export async function quarantine(path: string, now: Date = new Date()): Promise<string> {
  const folder = join(dirname(path), 'quarantine')
  await ensureDir(folder)
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  let target = join(folder, `${basename(path)}.${stamp}`)
  // Never over an earlier quarantined copy: that one may be the only trace of someone's work.
  for (let n = 2; await exists(target); n++)
    target = join(folder, `${basename(path)}.${stamp}-${n}`)
  await rename(path, target)
  // Both folders changed: the file left one and arrived in the other.
  await fsyncDir(folder)
  await fsyncDir(dirname(path))
  return target
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ENOENT'
  }
}

export type LoadResult<T> =
  { kind: 'ok'; value: T } | { kind: 'missing' } | { kind: 'quarantined'; problem: StoreProblem }

/**
 * Reads a data file at start-up; a damaged one is quarantined and described instead of stopping
 * the app. If even the move fails (a folder that is not writable), the problem says so and the
 * file stays where it is; the caller carries on without it.
 */
export async function loadOrQuarantine<T>(
  path: string,
  parse: (raw: unknown) => T,
  what: string,
  now: () => Date = () => new Date(),
): Promise<LoadResult<T>> {
  const read = await readJsonFile(path, parse)
  if (read.kind !== 'corrupt') return read
  let movedTo: string | null = null
  let moveError = ''
  try {
    movedTo = await quarantine(path, now())
  } catch (e) {
    moveError = (e as NodeJS.ErrnoException).code ?? String(e)
  }
  const name = basename(path)
  const message = movedTo
    ? `The ${what} ${name} ${read.reason}. It was moved to ${movedTo} and was not loaded; everything else loaded.`
    : `The ${what} ${name} ${read.reason}. It could not be moved aside (${moveError}) and was not loaded; everything else loaded.`
  return { kind: 'quarantined', problem: { file: path, movedTo, reason: read.reason, message } }
}
