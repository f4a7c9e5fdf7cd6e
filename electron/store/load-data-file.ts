/**
 * Loading a data file: read safely (safe-read.ts), parsed and validated, with a file from a newer
 * ScanPath refused (its schema version is above what this one reads). At start-up a damaged file
 * is moved aside (quarantined), never deleted, so the rest of the data loads; a newer one is left
 * where it is. readJsonFile only reads: it is what `scanpath report` uses.
 */
import { lstat, rename } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

import type { StoreProblem } from '../../shared/store-problem'
import { ensureDir, fsyncDir } from './atomic-write'
import { jsonDamage } from './json-damage'
import { NewerSchemaError } from './migrations'
import { errCode, readDataFile } from './safe-read'

export type ReadResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'missing' }
  /** Cannot be used: damaged, invalid, not a regular file, too big. */
  | { kind: 'corrupt'; reason: string }
  /** Written by a newer ScanPath: not read, and not to be moved either. */
  | { kind: 'newer'; reason: string }

/**
 * Reads and parses a JSON file through readDataFile (bounded, non-blocking, links only inside
 * the folder); `parse` validates (and migrates) what was read or throws why not. Never changes
 * anything on disk.
 */
export async function readJsonFile<T>(
  path: string,
  parse: (raw: unknown) => T,
): Promise<ReadResult<T>> {
  const read = await readDataFile(path)
  if (read.kind === 'missing') return read
  if (read.kind === 'refused') return { kind: 'corrupt', reason: read.reason }
  const text = read.bytes.toString('utf8')
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { kind: 'corrupt', reason: jsonDamage(text) }
  }
  try {
    return { kind: 'ok', value: parse(raw) }
  } catch (e) {
    if (e instanceof NewerSchemaError) return { kind: 'newer', reason: e.message }
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
  | { kind: 'ok'; value: T }
  | { kind: 'missing' }
  /** Not loaded: moved to quarantine/ (or left in place when even that failed). */
  | { kind: 'quarantined'; problem: StoreProblem }
  /** Not loaded: from a newer ScanPath, left where it is (movedTo is null). */
  | { kind: 'newer'; problem: StoreProblem }

/**
 * Reads a data file at start-up; a damaged one is quarantined and described instead of stopping
 * the app. If even the move fails (a folder that is not writable), the problem says so and the
 * file stays where it is; the caller carries on without it. A file from a newer ScanPath is not
 * damaged: it is left where it is (the newer version that wrote it will want it there) and
 * described as such.
 */
export async function loadOrQuarantine<T>(
  path: string,
  parse: (raw: unknown) => T,
  what: string,
  now: () => Date = () => new Date(),
): Promise<LoadResult<T>> {
  const read = await readJsonFile(path, parse)
  if (read.kind === 'ok' || read.kind === 'missing') return read
  const name = basename(path)
  if (read.kind === 'newer') {
    const message = `The ${what} ${name} ${read.reason}. It was left where it is and was not loaded: update ScanPath to open it; everything else loaded.`
    return { kind: 'newer', problem: { file: path, movedTo: null, reason: read.reason, message } }
  }
  let movedTo: string | null = null
  let moveError = ''
  try {
    movedTo = await quarantine(path, now())
  } catch (e) {
    moveError = errCode(e)
  }
  const message = movedTo
    ? `The ${what} ${name} ${read.reason}. It was moved to ${movedTo} and was not loaded; everything else loaded.`
    : `The ${what} ${name} ${read.reason}. It could not be moved aside (${moveError}) and was not loaded; everything else loaded.`
  return { kind: 'quarantined', problem: { file: path, movedTo, reason: read.reason, message } }
}
