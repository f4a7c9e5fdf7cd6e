/**
 * The order of a crash-safe write is what makes it crash-safe: data flushed before the rename,
 * the folder flushed after it. A power cut cannot be simulated here, so the file-system calls are
 * traced (through the real implementation) and the order is checked; failures are injected to
 * check that nothing half-done is left where a reader would see it.
 */
import type * as FsPromises from 'node:fs/promises'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'

import {
  isTempFile,
  quarantine,
  readJsonFile,
  removeStaleTempFiles,
  writeFileAtomic,
} from '../../../../electron/store/atomic-file'

const trace = vi.hoisted(() => ({
  root: '',
  events: [] as string[],
  failFileSync: false,
}))

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>()
  const label = (p: string) => {
    const rel = relative(trace.root, p).split(sep).join('/') || '.'
    return rel.replace(/\.[^/]*\.[0-9a-f-]{36}\.tmp$/, '<tmp>')
  }
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const path = String(args[0])
      const handle = await real.open(...args)
      const sync = handle.sync.bind(handle)
      const write = handle.writeFile.bind(handle)
      handle.sync = async () => {
        trace.events.push(`fsync ${label(path)}`)
        if (trace.failFileSync && path.endsWith('.tmp')) {
          throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })
        }
        return sync()
      }
      handle.writeFile = async (...w: Parameters<typeof handle.writeFile>) => {
        trace.events.push(`write ${label(path)}`)
        return write(...w)
      }
      return handle
    },
    rename: async (from: string, to: string) => {
      trace.events.push(`rename ${label(from)} -> ${label(to)}`)
      return real.rename(from, to)
    },
  }
})

let root: string
const roots: string[] = []
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'scanpath-atomic-'))
  roots.push(root)
  trace.root = root
  trace.events = []
  trace.failFileSync = false
})
afterAll(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })))
})

const posix = process.platform !== 'win32'

describe('writeFileAtomic', () => {
  it('writes and flushes a temp file, renames it over the target, then flushes the folder', async () => {
    await writeFileAtomic(join(root, 'job.json'), '{"a":1}')
    expect(trace.events).toEqual([
      'write <tmp>',
      'fsync <tmp>',
      'rename <tmp> -> job.json',
      ...(posix ? ['fsync .'] : []),
    ])
    expect(await readFile(join(root, 'job.json'), 'utf8')).toBe('{"a":1}')
    expect(await readdir(root)).toEqual(['job.json'])
  })

  it.skipIf(!posix)('flushes the parent of every folder it had to create', async () => {
    await writeFileAtomic(join(root, 'a', 'b', 'entry.json'), '{}')
    expect(trace.events).toEqual([
      'fsync a',
      'fsync .',
      'write a/b/<tmp>',
      'fsync a/b/<tmp>',
      'rename a/b/<tmp> -> a/b/entry.json',
      'fsync a/b',
    ])
  })

  it('a failed fsync leaves the old file as it was, no temp file, and rejects', async () => {
    await writeFile(join(root, 'job.json'), 'old')
    trace.failFileSync = true
    await expect(writeFileAtomic(join(root, 'job.json'), 'new')).rejects.toThrow('EIO')
    expect(trace.events.some((e) => e.startsWith('rename'))).toBe(false)
    expect(await readFile(join(root, 'job.json'), 'utf8')).toBe('old')
    expect(await readdir(root)).toEqual(['job.json'])
  })

  it('a failed rename removes the temp file and rejects', async () => {
    // A non-empty folder where the file should go: rename cannot replace it.
    await mkdir(join(root, 'job.json', 'inside'), { recursive: true })
    await expect(writeFileAtomic(join(root, 'job.json'), 'new')).rejects.toThrow()
    expect(await readdir(root)).toEqual(['job.json'])
  })

  it('names temp files so that readers and start-up clean-up can tell them apart', async () => {
    expect(isTempFile('.job.json.0b7e7f4c-6a4e-4d3c-9e0f-7d1c2b3a4f5e.tmp')).toBe(true)
    expect(isTempFile('job.json')).toBe(false)
    expect(isTempFile('.job.json.tmp')).toBe(false)
  })
})

describe('removeStaleTempFiles', () => {
  it('removes temp files (only those of one target when asked) and nothing else', async () => {
    const u = '0b7e7f4c-6a4e-4d3c-9e0f-7d1c2b3a4f5e'
    for (const n of [`.a.json.${u}.tmp`, `.b.json.${u}.tmp`, 'a.json', '.hidden', 'x.tmp']) {
      await writeFile(join(root, n), '')
    }
    expect(await removeStaleTempFiles(root, 'a.json')).toEqual([`.a.json.${u}.tmp`])
    expect(await removeStaleTempFiles(root)).toEqual([`.b.json.${u}.tmp`])
    expect((await readdir(root)).sort()).toEqual(['.hidden', 'a.json', 'x.tmp'])
    expect(await removeStaleTempFiles(join(root, 'missing'))).toEqual([])
  })
})

describe('readJsonFile', () => {
  it('tells missing, damaged and invalid files apart', async () => {
    const parse = (raw: unknown) => {
      if (typeof raw !== 'object' || raw === null || !('ok' in raw)) throw new Error('has no ok')
      return raw
    }
    expect(await readJsonFile(join(root, 'none.json'), parse)).toEqual({ kind: 'missing' })
    await writeFile(join(root, 'torn.json'), '{"ok": tr')
    expect(await readJsonFile(join(root, 'torn.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is not valid JSON (cut short or damaged)',
    })
    await writeFile(join(root, 'empty.json'), '')
    expect(await readJsonFile(join(root, 'empty.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is empty (cut short or damaged)',
    })
    await writeFile(join(root, 'other.json'), '{}')
    expect(await readJsonFile(join(root, 'other.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'has no ok',
    })
    await writeFile(join(root, 'good.json'), '{"ok":true}')
    expect(await readJsonFile(join(root, 'good.json'), parse)).toEqual({
      kind: 'ok',
      value: { ok: true },
    })
  })
})

describe('quarantine', () => {
  it('moves the file aside, flushes both folders, and never overwrites an earlier copy', async () => {
    const at = new Date('2026-11-28T09:30:00.000Z')
    await writeFile(join(root, 'job.json'), 'first')
    const first = await quarantine(join(root, 'job.json'), at)
    expect(first).toBe(join(root, 'quarantine', 'job.json.2026-11-28T09-30-00-000Z'))
    if (posix) expect(trace.events.slice(-2)).toEqual(['fsync quarantine', 'fsync .'])
    await writeFile(join(root, 'job.json'), 'second')
    const second = await quarantine(join(root, 'job.json'), at)
    expect(second).toBe(join(root, 'quarantine', 'job.json.2026-11-28T09-30-00-000Z-2'))
    expect(await readFile(first, 'utf8')).toBe('first')
    expect(await readFile(second, 'utf8')).toBe('second')
    expect(await readdir(root)).toEqual(['quarantine'])
  })
})
