/**
 * Reading a data file safely, bounded and never blocking: only a regular file is read (a FIFO or
 * a device is refused after lstat, and the open is non-blocking and checked again with fstat), at
 * most MAX_DATA_FILE_BYTES of it, and a symbolic link is followed only to a file inside its
 * folder. Never changes anything on disk.
 */
import { constants, type Stats } from 'node:fs'
import { lstat, open, readlink, realpath } from 'node:fs/promises'
import { dirname, isAbsolute, relative, sep } from 'node:path'

/**
 * The most a data file may hold. A job is a few kilobytes (tens with a full set of check
 * transcripts), profiles.json and an outbox entry less: anything near this is not one of ours.
 */
export const MAX_DATA_FILE_BYTES = 4 * 1024 * 1024

export type RawRead =
  { kind: 'ok'; bytes: Buffer } | { kind: 'missing' } | { kind: 'refused'; reason: string }

export function errCode(e: unknown): string {
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
