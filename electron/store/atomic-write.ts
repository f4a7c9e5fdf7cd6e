/**
 * Crash-safe writing: a write is either wholly there or not at all. The data goes to a temp file
 * in the same folder, is flushed to disk (fsync), renamed over the target (atomic on POSIX and
 * NTFS), and the folder itself is flushed so the rename survives a power cut. Readers never see a
 * half-written file.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'

/** Flushes a folder, so a rename or a new name in it survives a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
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
export async function ensureDir(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true })
  if (first === undefined) return
  const top = resolve(first)
  for (let d = resolve(dir); ; d = dirname(d)) {
    await fsyncDir(dirname(d))
    if (d === top || d === dirname(d)) break
  }
}

/** Temp files are `.<target name>.<uuid>.tmp`: hidden, and never taken for a data file. */
export const TEMP_FILE =
  /^\.(.+)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/

export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name)
}

/**
 * `durable: false` keeps the all-or-nothing rename but skips both flushes: for a file that only
 * reports (a status, a counter) and may be a moment old after a power cut, never for data.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: { durable?: boolean } = {},
): Promise<void> {
  const durable = opts.durable ?? true
  const dir = dirname(path)
  await ensureDir(dir)
  const tmp = join(dir, `.${basename(path)}.${randomUUID()}.tmp`)
  const handle = await open(tmp, 'w', 0o600)
  try {
    await handle.writeFile(data)
    if (durable) await handle.sync()
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
  if (durable) await fsyncDir(dir)
}
