/**
 * The order of a crash-safe write is what makes it crash-safe: data flushed before the rename,
 * the folder flushed after it. A power cut cannot be simulated here, so the file-system calls are
 * traced (through the real implementation) and the order is checked; failures are injected to
 * check that nothing half-done is left where a reader would see it.
 */
import { execFileSync } from 'node:child_process'
import type * as FsPromises from 'node:fs/promises'
import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'

import { isTempFile, writeFileAtomic } from '../../../../electron/store/atomic-write'
import { jsonErrorAt } from '../../../../electron/store/json-damage'
import {
  loadOrQuarantine,
  quarantine,
  readJsonFile,
} from '../../../../electron/store/load-data-file'
import { MAX_DATA_FILE_BYTES, readDataFile } from '../../../../electron/store/safe-read'
import { removeStaleTempFiles } from '../../../../electron/store/stale-temp-files'
import { refuseNewer } from '../../../../electron/store/migrations'

const trace = vi.hoisted(() => ({
  root: '',
  events: [] as string[],
  failFileSync: false,
  /** lstat of this path answers with the stats of `lstatAs` (a file swapped after the check). */
  lstatSwap: null as null | { path: string; as: string },
}))

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>()
  const label = (p: string) => {
    const rel = relative(trace.root, p).split(sep).join('/') || '.'
    return rel.replace(/\.[^/]*\.[0-9a-f-]{36}\.tmp$/, '<tmp>')
  }
  return {
    ...real,
    lstat: async (...args: Parameters<typeof real.lstat>) => {
      const swap = trace.lstatSwap
      if (swap && String(args[0]) === swap.path) return real.lstat(swap.as)
      return real.lstat(...args)
    },
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
  trace.lstatSwap = null
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

const age = async (path: string, ms: number) => {
  const then = new Date(Date.now() - ms)
  await utimes(path, then, then)
}

describe('removeStaleTempFiles', () => {
  it('removes old temp files (only those of one target when asked) and nothing else', async () => {
    const u = '0b7e7f4c-6a4e-4d3c-9e0f-7d1c2b3a4f5e'
    for (const n of [`.a.json.${u}.tmp`, `.b.json.${u}.tmp`, 'a.json', '.hidden', 'x.tmp']) {
      await writeFile(join(root, n), '')
      await age(join(root, n), 120_000)
    }
    expect(await removeStaleTempFiles(root, 'a.json')).toEqual([`.a.json.${u}.tmp`])
    expect(await removeStaleTempFiles(root)).toEqual([`.b.json.${u}.tmp`])
    expect((await readdir(root)).sort()).toEqual(['.hidden', 'a.json', 'x.tmp'])
    expect(await removeStaleTempFiles(join(root, 'missing'))).toEqual([])
  })

  it('leaves a temp file younger than a minute alone: it may be a save in flight', async () => {
    const young = `.a.json.0b7e7f4c-6a4e-4d3c-9e0f-7d1c2b3a4f5e.tmp`
    const old = `.b.json.0b7e7f4c-6a4e-4d3c-9e0f-7d1c2b3a4f5e.tmp`
    const future = `.c.json.0b7e7f4c-6a4e-4d3c-9e0f-7d1c2b3a4f5e.tmp`
    await writeFile(join(root, young), '{}')
    await age(join(root, young), 50_000)
    await writeFile(join(root, old), '{}')
    await age(join(root, old), 61_000)
    // Dated ahead of the clock (the clock was set back): treated as young.
    await writeFile(join(root, future), '{}')
    await age(join(root, future), -3600_000)
    expect(await removeStaleTempFiles(root)).toEqual([old])
    expect((await readdir(root)).sort()).toEqual([young, future].sort())
    // The clock given decides (the services pass theirs).
    const later = () => new Date(Date.now() + 11_000)
    expect(await removeStaleTempFiles(root, undefined, { now: later })).toEqual([young])
  })

  it('removes an older naming when asked, with the same age rule; never a folder', async () => {
    const legacy = 'profiles.json.0b7e7f4c-6a4e-4d3c-9e0f-7d1c2b3a4f5e.tmp'
    const legacyYoung = 'profiles.json.1b7e7f4c-6a4e-4d3c-9e0f-7d1c2b3a4f5e.tmp'
    const folder = `.a.json.2b7e7f4c-6a4e-4d3c-9e0f-7d1c2b3a4f5e.tmp`
    await writeFile(join(root, legacy), '[]')
    await age(join(root, legacy), 120_000)
    await writeFile(join(root, legacyYoung), '[]')
    await mkdir(join(root, folder))
    await age(join(root, folder), 120_000)
    const alsoMatching = /^profiles\.json\.[0-9a-f-]{36}\.tmp$/
    expect(await removeStaleTempFiles(root, 'profiles.json', { alsoMatching })).toEqual([legacy])
    expect(await removeStaleTempFiles(root)).toEqual([])
    expect((await readdir(root)).sort()).toEqual([folder, legacyYoung].sort())
  })
})

describe('jsonErrorAt', () => {
  it('finds where a text stops being JSON, whatever the engine says', () => {
    expect(jsonErrorAt('{"a":1')).toEqual({ at: 6, why: 'end' })
    expect(jsonErrorAt('{"a": tr')).toEqual({ at: 8, why: 'end' })
    expect(jsonErrorAt('{"a":"x')).toEqual({ at: 7, why: 'end' })
    expect(jsonErrorAt('[1,2')).toEqual({ at: 4, why: 'end' })
    expect(jsonErrorAt('{"a":1.')).toEqual({ at: 7, why: 'end' })
    expect(jsonErrorAt('{"a":1e-')).toEqual({ at: 8, why: 'end' })
    expect(jsonErrorAt('{"a":-')).toEqual({ at: 6, why: 'end' })
    expect(jsonErrorAt('{"a":}')).toEqual({ at: 5, why: 'char' })
    expect(jsonErrorAt('{"a":1,}')).toEqual({ at: 7, why: 'char' })
    expect(jsonErrorAt('{"a" 1}')).toEqual({ at: 5, why: 'char' })
    expect(jsonErrorAt('\u0000\u0000')).toEqual({ at: 0, why: 'char' })
    expect(jsonErrorAt('{"a":"\\q"}')).toEqual({ at: 7, why: 'char' })
    expect(jsonErrorAt('{"a":1} x')).toEqual({ at: 8, why: 'extra' })
    expect(jsonErrorAt('{"a":[true,false,null,-1.5e3,"\\u00e9"]}')).toBeNull()
    // Deep nesting is walked without recursion.
    expect(jsonErrorAt('['.repeat(200_000))).toEqual({ at: 200_000, why: 'end' })
  })
})

describe('readJsonFile', () => {
  const parse = (raw: unknown) => {
    if (typeof raw !== 'object' || raw === null || !('ok' in raw)) throw new Error('has no ok')
    return raw
  }

  it('tells missing, damaged and invalid files apart', async () => {
    expect(await readJsonFile(join(root, 'none.json'), parse)).toEqual({ kind: 'missing' })
    await writeFile(join(root, 'torn.json'), '{"ok": tr')
    expect(await readJsonFile(join(root, 'torn.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is damaged: unexpected end of JSON at byte 9 (cut short)',
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

  it('names the byte where the JSON goes wrong, counting bytes, not characters', async () => {
    // "é" is two bytes in UTF-8: the error is at character 7 but byte 8.
    await writeFile(join(root, 'bad.json'), '{"é":1,,}')
    expect(await readJsonFile(join(root, 'bad.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is damaged: unexpected "," at byte 8 of the JSON',
    })
    await writeFile(join(root, 'zeros.json'), Buffer.alloc(16))
    expect(await readJsonFile(join(root, 'zeros.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is damaged: unexpected character U+0000 at byte 0 of the JSON',
    })
    await writeFile(join(root, 'twice.json'), '{"ok":1}{"ok":2}')
    expect(await readJsonFile(join(root, 'twice.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is damaged: unexpected data after the JSON at byte 8',
    })
  })

  it('a file from a newer ScanPath is "newer", not damaged', async () => {
    await writeFile(join(root, 'future.json'), '{"schemaVersion":3,"ok":true}')
    const newerAware = (raw: unknown) => {
      refuseNewer(raw, 1)
      return parse(raw)
    }
    expect(await readJsonFile(join(root, 'future.json'), newerAware)).toEqual({
      kind: 'newer',
      reason: 'was written by a newer ScanPath (schema 3; this one reads up to 1)',
    })
  })

  it.skipIf(!posix)('refuses a FIFO without opening it for a blocking read', async () => {
    execFileSync('mkfifo', [join(root, 'pipe.json')])
    expect(await readJsonFile(join(root, 'pipe.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is a named pipe (FIFO), not a regular file',
    })
  })

  it.skipIf(!posix)(
    'a FIFO swapped in after the lstat is caught by fstat: the open does not block',
    async () => {
      execFileSync('mkfifo', [join(root, 'pipe.json')])
      await writeFile(join(root, 'plain.json'), '{"ok":true}')
      // lstat says "regular file" (what it was a moment ago); the open and fstat see the FIFO. A
      // blocking open would wait for a writer forever and time the test out.
      trace.lstatSwap = { path: join(root, 'pipe.json'), as: join(root, 'plain.json') }
      expect(await readDataFile(join(root, 'pipe.json'))).toEqual({
        kind: 'refused',
        reason: 'is a named pipe (FIFO), not a regular file',
      })
    },
  )

  it.skipIf(!posix)(
    'a symbolic link swapped in after the lstat is not followed by the open',
    async () => {
      await writeFile(join(root, 'plain.json'), '{"ok":true}')
      await symlink('/dev/zero', join(root, 'link.json'))
      // lstat says "regular file"; the open (O_NOFOLLOW) meets the link and refuses it.
      trace.lstatSwap = { path: join(root, 'link.json'), as: join(root, 'plain.json') }
      expect(await readDataFile(join(root, 'link.json'))).toEqual({
        kind: 'refused',
        reason: 'became a symbolic link while it was being read',
      })
    },
  )

  it.skipIf(!posix)('follows a symbolic link only to a file inside its folder', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'scanpath-atomic-outside-'))
    roots.push(outside)
    await writeFile(join(outside, 'good.json'), '{"ok":"outside"}')
    await symlink(join(outside, 'good.json'), join(root, 'out.json'))
    expect(await readJsonFile(join(root, 'out.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: `is a symbolic link to ${join(outside, 'good.json')}, outside its folder: ScanPath does not follow it`,
    })
    // Relative links that climb out are caught as well.
    await symlink(
      join('..', relative(join(root, '..'), outside), 'good.json'),
      join(root, 'up.json'),
    )
    expect((await readJsonFile(join(root, 'up.json'), parse)).kind).toBe('corrupt')
    await symlink('/dev/zero', join(root, 'zero.json'))
    expect(await readJsonFile(join(root, 'zero.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is a symbolic link to /dev/zero, outside its folder: ScanPath does not follow it',
    })
    await symlink(join(root, 'nowhere.json'), join(root, 'dangling.json'))
    expect(await readJsonFile(join(root, 'dangling.json'), parse)).toMatchObject({
      kind: 'corrupt',
      reason: expect.stringMatching(
        /^is a symbolic link to .*nowhere\.json, which cannot be reached \(ENOENT\)$/,
      ),
    })
    // Inside the folder (a subfolder too) a link is followed.
    await mkdir(join(root, 'sub'))
    await writeFile(join(root, 'sub', 'real.json'), '{"ok":"inside"}')
    await symlink(join('sub', 'real.json'), join(root, 'in.json'))
    expect(await readJsonFile(join(root, 'in.json'), parse)).toEqual({
      kind: 'ok',
      value: { ok: 'inside' },
    })
  })

  it('refuses a folder, and a file over the size limit without reading it', async () => {
    await mkdir(join(root, 'dir.json'))
    expect(await readJsonFile(join(root, 'dir.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is a folder, not a regular file',
    })
    await writeFile(join(root, 'huge.json'), '')
    await truncate(join(root, 'huge.json'), MAX_DATA_FILE_BYTES + 1)
    expect(await readJsonFile(join(root, 'huge.json'), parse)).toEqual({
      kind: 'corrupt',
      reason: 'is 4.0 MB, over the 4 MB a ScanPath data file can be (a job is a few kilobytes)',
    })
    // Exactly at the limit is read (and here is simply not JSON).
    await truncate(join(root, 'huge.json'), MAX_DATA_FILE_BYTES)
    expect((await readDataFile(join(root, 'huge.json'))).kind).toBe('ok')
    expect(await readDataFile(join(root, 'huge.json'), 1000)).toEqual({
      kind: 'refused',
      reason:
        'is 4.0 MB, over the 1000 bytes a ScanPath data file can be (a job is a few kilobytes)',
    })
  })
})

describe('loadOrQuarantine', () => {
  const parse = (raw: unknown) => {
    refuseNewer(raw, 1)
    return raw
  }
  const at = () => new Date('2026-11-28T09:30:00.000Z')

  it('leaves a file from a newer ScanPath where it is and says so', async () => {
    await writeFile(join(root, 'profiles.json'), '{"schemaVersion":2}')
    const r = await loadOrQuarantine(
      join(root, 'profiles.json'),
      parse,
      'mailbox profiles file',
      at,
    )
    expect(r).toEqual({
      kind: 'newer',
      problem: {
        file: join(root, 'profiles.json'),
        movedTo: null,
        reason: 'was written by a newer ScanPath (schema 2; this one reads up to 1)',
        message:
          'The mailbox profiles file profiles.json was written by a newer ScanPath (schema 2; this one reads up to 1). It was left where it is and was not loaded: update ScanPath to open it; everything else loaded.',
      },
    })
    expect(await readdir(root)).toEqual(['profiles.json'])
  })

  it('moves a damaged file to quarantine/ with the reason', async () => {
    await writeFile(join(root, 'job.json'), '{"schemaVersion":1,')
    const r = await loadOrQuarantine(join(root, 'job.json'), parse, 'job file', at)
    expect(r).toMatchObject({
      kind: 'quarantined',
      problem: {
        movedTo: join(root, 'quarantine', 'job.json.2026-11-28T09-30-00-000Z'),
        reason: 'is damaged: unexpected end of JSON at byte 19 (cut short)',
      },
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
