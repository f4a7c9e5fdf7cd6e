/**
 * Crash-safe files: a write is either wholly there or not at all. The data goes to a temp file
 * in the same folder, is flushed to disk (fsync), renamed over the target (atomic on POSIX and
 * NTFS), and the folder itself is flushed so the rename survives a power cut. Readers never see a
 * half-written file; a file that does not parse is moved aside (quarantined), never deleted.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

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

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
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
    return { kind: 'corrupt', reason: 'is not valid JSON (cut short or damaged)' }
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
  const target = join(
    dirname(path),
    'quarantine',
    `${basename(path)}.${now.toISOString().replace(/[:.]/g, '-')}`,
  )
  await mkdir(dirname(target), { recursive: true })
  await rename(path, target)
  await fsyncDir(dirname(path))
  return target
}
