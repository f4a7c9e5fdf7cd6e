import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/**
 * Fresh folders in the system temp folder for a test file (or a describe block, where it is
 * called): `tempDir(prefix)` makes one, named prefix + random characters, and afterAll removes
 * them all.
 */
export function useTempDirs(): (prefix: string) => Promise<string> {
  const dirs: string[] = []
  afterAll(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
  })
  return async (prefix) => {
    const d = await mkdtemp(join(tmpdir(), prefix))
    dirs.push(d)
    return d
  }
}
