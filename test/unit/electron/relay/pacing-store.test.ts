import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { openPacingStore, PACING_FILE } from '../../../../electron/relay/pacing-store'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

async function dir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'relay-pacing-store-'))
  dirs.push(d)
  return d
}

describe('relay pacing store', () => {
  it('keeps the counts for the next start', async () => {
    const d = await dir()
    const first = openPacingStore(d, { perMinute: 1, perDay: 100 })
    await first.ready
    first.record(Date.now(), 1)
    await first.flush()
    expect(JSON.parse(await readFile(join(d, PACING_FILE), 'utf8'))).toMatchObject({
      sends: [expect.any(Number)],
    })
    const second = openPacingStore(d, { perMinute: 1, perDay: 100 })
    await second.ready
    expect(second.pacer.waitMs(Date.now(), 1)).toBeGreaterThan(50_000)
  })

  it('says so when its file cannot be read, and counts from zero', async () => {
    const d = await dir()
    await writeFile(join(d, PACING_FILE), '{"sends": "not a list"')
    const problems: string[] = []
    const store = openPacingStore(d, { perMinute: 1, perDay: 100 }, (p) => problems.push(p))
    await store.ready
    expect(problems).toEqual(['pacing.json could not be read; pacing counts start from zero'])
    expect(store.pacer.waitMs(Date.now(), 1)).toBe(0)
  })
})
