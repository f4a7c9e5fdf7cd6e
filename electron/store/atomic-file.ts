/**
 * Crash-safe files: a write is either wholly there or not at all. The data goes to a temp file
 * in the same folder, is flushed to disk (fsync), renamed over the target (atomic on POSIX and
 * NTFS), and the folder itself is flushed so the rename survives a power cut. Readers never see a
 * half-written file; a file that does not parse is moved aside (quarantined), never deleted —
 * except one from a newer ScanPath, which is left where it is.
 *
 * Reading is bounded and never blocks: only a regular file is read (a FIFO or a device is refused
 * after lstat, and the open is non-blocking and checked again with fstat), at most
 * MAX_DATA_FILE_BYTES of it, and a symbolic link is followed only to a file inside its folder.
 * readJsonFile only reads; it is what `scanpath report` uses, and what the start-up loads build on.
 */
import { randomUUID } from 'node:crypto'
import { constants, type Stats } from 'node:fs'
import { lstat, mkdir, open, readdir, readlink, realpath, rename, unlink } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'

import type { StoreProblem } from '../../shared/store-problem'
import { NewerSchemaError } from './migrations'

/**
 * The most a data file may hold. A job is a few kilobytes (tens with a full set of check
 * transcripts), profiles.json and an outbox entry less: anything near this is not one of ours.
 */
export const MAX_DATA_FILE_BYTES = 4 * 1024 * 1024

/**
 * A temp file younger than this may be a save in flight (another ScanPath, or this one's own
 * write still running): start-up leaves it alone. Older ones are what a killed save left.
 */
export const TEMP_FILE_MIN_AGE_MS = 60_000

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

export type ReadResult<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'missing' }
  /** Cannot be used: damaged, invalid, not a regular file, too big. */
  | { kind: 'corrupt'; reason: string }
  /** Written by a newer ScanPath: not read, and not to be moved either. */
  | { kind: 'newer'; reason: string }

export type RawRead =
  { kind: 'ok'; bytes: Buffer } | { kind: 'missing' } | { kind: 'refused'; reason: string }

function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e)
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder'
  if (st.isFIFO()) return 'a named pipe (FIFO)'
  if (st.isSocket()) return 'a socket'
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device'
  if (st.isSymbolicLink()) return 'a symbolic link'
  return 'something other than a file'
}

/** A size as a technician reads it: `412 bytes`, `3.2 KB`, `5.0 MB`. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} bytes`
}

/** A limit, without a needless `.0`: `4 MB`. */
export const limitText = (bytes: number) => sizeText(bytes).replace('.0 ', ' ')

const tooBig = (bytes: number, max: number) =>
  `is ${sizeText(bytes)}, over the ${limitText(max)} a ScanPath data file can be (a job is a few kilobytes)`

function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

/**
 * The bytes of a data file, read safely: only a regular file, at most `maxBytes`, a symbolic
 * link followed only to a file inside the link's own folder, and never a blocking open (a FIFO
 * is refused before it is opened, and the open itself is O_NONBLOCK and re-checked with fstat,
 * so a file swapped for a FIFO in between cannot hang the caller either). Never changes anything.
 */
export async function readDataFile(
  path: string,
  maxBytes: number = MAX_DATA_FILE_BYTES,
): Promise<RawRead> {
  const refused = (reason: string): RawRead => ({ kind: 'refused', reason })
  let target = path
  let st: Stats
  try {
    st = await lstat(path)
  } catch (e) {
    if (errCode(e) === 'ENOENT') return { kind: 'missing' }
    return refused(`cannot be read (${errCode(e)})`)
  }
  if (st.isSymbolicLink()) {
    const to = await readlink(path).catch(() => '?')
    let real: string
    let folder: string
    try {
      folder = await realpath(dirname(path))
      real = await realpath(path)
    } catch (e) {
      return refused(`is a symbolic link to ${to}, which cannot be reached (${errCode(e)})`)
    }
    if (!inside(folder, real)) {
      return refused(
        `is a symbolic link to ${real}, outside its folder: ScanPath does not follow it`,
      )
    }
    target = real
    try {
      st = await lstat(real)
    } catch (e) {
      return refused(`is a symbolic link to ${real}, which cannot be read (${errCode(e)})`)
    }
  }
  if (!st.isFile()) return refused(`is ${kindOf(st)}, not a regular file`)
  if (st.size > maxBytes) return refused(tooBig(st.size, maxBytes))
  // O_NOFOLLOW and O_NONBLOCK do not exist on Windows (which has no FIFOs or links of this kind).
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0)
  let handle
  try {
    handle = await open(target, flags)
  } catch (e) {
    if (errCode(e) === 'ENOENT') return { kind: 'missing' }
    if (errCode(e) === 'ELOOP') return refused('became a symbolic link while it was being read')
    return refused(`cannot be read (${errCode(e)})`)
  }
  try {
    const opened = await handle.stat()
    if (!opened.isFile()) return refused(`is ${kindOf(opened)}, not a regular file`)
    // Read to the end, but never past maxBytes + 1: a file that grows is still bounded.
    let buf = Buffer.alloc(Math.min(opened.size, maxBytes) + 1)
    let length = 0
    for (;;) {
      const { bytesRead } = await handle.read(buf, length, buf.length - length, null)
      if (bytesRead === 0) break
      length += bytesRead
      if (length > maxBytes) return refused(tooBig(Math.max(length, opened.size), maxBytes))
      if (length === buf.length) {
        const grown = Buffer.alloc(Math.min(buf.length * 2, maxBytes + 1))
        buf.copy(grown)
        buf = grown
      }
    }
    return { kind: 'ok', bytes: buf.subarray(0, length) }
  } catch (e) {
    return refused(`cannot be read (${errCode(e)})`)
  } finally {
    await handle.close().catch(() => {})
  }
}

/**
 * Where a text that JSON.parse refused stops being JSON: the index of the first character that
 * cannot be there, or the text's length when it ends too soon (cut short); `extra` when a whole
 * value is followed by more. Written out here because JSON.parse's messages differ between
 * engines and some give no position at all. Iterative, so deep nesting cannot overflow the stack.
 */
export function jsonErrorAt(s: string): { at: number; why: 'end' | 'char' | 'extra' } | null {
  const n = s.length
  let i = 0
  const stack: string[] = []
  const ws = () => {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++
  }
  const fail = () => ({ at: Math.min(i, n), why: i >= n ? ('end' as const) : ('char' as const) })
  const string = (): boolean => {
    i++ // the opening quote
    while (i < n) {
      const c = s.charCodeAt(i)
      if (c === 0x22) {
        i++
        return true
      }
      if (c < 0x20) return false
      if (c === 0x5c) {
        i++
        if (i >= n) return false
        if (s[i] === 'u') {
          for (let k = 0; k < 4; k++) {
            i++
            if (i >= n || !/[0-9a-fA-F]/.test(s[i]!)) return false
          }
        } else if (!'"\\/bfnrt'.includes(s[i]!)) return false
      }
      i++
    }
    return false
  }
  const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y
  const scalar = (): boolean => {
    for (const word of ['true', 'false', 'null']) {
      if (s.startsWith(word, i)) {
        i += word.length
        return true
      }
      // A word cut off at the end of the text: "tr".
      if (n - i < word.length && word.startsWith(s.slice(i))) {
        i = n
        return false
      }
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(s)
    if (!m) {
      if (s[i] === '-' && i + 1 >= n) i = n
      return false
    }
    i += m[0].length
    // "1.", "1e" or "1e-" at the very end: cut short in the middle of the number.
    if (i < n && n - i <= 2 && /^(?:\.|[eE][+-]?)$/.test(s.slice(i))) {
      i = n
      return false
    }
    return true
  }
  const key = (): boolean => {
    ws()
    if (i >= n || s[i] !== '"' || !string()) return false
    ws()
    if (i >= n || s[i] !== ':') return false
    i++
    return true
  }
  for (;;) {
    // A value is expected here.
    ws()
    if (i >= n) return fail()
    const c = s[i]
    if (c === '{' || c === '[') {
      i++
      ws()
      if (i < n && s[i] === (c === '{' ? '}' : ']')) i++
      else {
        stack.push(c)
        if (c === '{' && !key()) return fail()
        continue
      }
    } else if (c === '"') {
      if (!string()) return fail()
    } else if (!scalar()) return fail()
    // A whole value ended here: close containers, or go on after a comma.
    for (;;) {
      ws()
      const top = stack[stack.length - 1]
      if (top === undefined) return i >= n ? null : { at: i, why: 'extra' }
      if (i >= n) return fail()
      if (s[i] === ',') {
        i++
        if (top === '{' && !key()) return fail()
        break
      }
      if (s[i] !== (top === '{' ? '}' : ']')) return fail()
      i++
      stack.pop()
    }
  }
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  return code >= 0x21 && code <= 0x7e
    ? `"${ch}"`
    : `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Why a text is not JSON, as a phrase after a file name, with the byte where it goes wrong. */
function jsonDamage(text: string): string {
  if (text.trim() === '') return 'is empty (cut short or damaged)'
  const where = jsonErrorAt(text)
  if (!where) return 'is damaged: not valid JSON'
  const byte = Buffer.byteLength(text.slice(0, where.at), 'utf8')
  if (where.why === 'end') return `is damaged: unexpected end of JSON at byte ${byte} (cut short)`
  if (where.why === 'extra') return `is damaged: unexpected data after the JSON at byte ${byte}`
  return `is damaged: unexpected ${describeChar(String.fromCodePoint(text.codePointAt(where.at)!))} at byte ${byte} of the JSON`
}

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
