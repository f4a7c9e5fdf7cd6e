/**
 * The outbox's start-up load on a real folder: a damaged entry, or one naming another entry, is
 * moved to quarantine/ so the rest loads, but an entry written by a newer ScanPath is left
 * exactly where it is (that version will send it) and this one neither lists nor sends it.
 * Nothing is sent here (no start()).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { createOutbox } from '../../electron/mail/outbox'
import { useTempDirs } from '../helpers/temp-dirs'

const tempDir = useTempDirs()

const profiles = {
  credentials: async () => {
    throw new Error('not used: nothing is sent in these tests')
  },
  accessToken: async () => {
    throw new Error('not used')
  },
}

describe('outbox start-up load', () => {
  it('leaves an entry from a newer ScanPath in place and quarantines a damaged one', async () => {
    const dir = await tempDir('scanpath-outbox-load-')
    const first = createOutbox({ dir, profiles })
    const kept = await first.enqueue({
      jobId: 'job-00000001',
      profileId: 'profile-0001',
      to: 'office@contoso.test',
      subject: 'Report',
      summary: 'Ready',
      attachments: [
        { name: 'report.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-') },
      ],
    })
    await first.stop()
    const entry = JSON.parse(await readFile(join(dir, kept.id, 'entry.json'), 'utf8'))

    const newerId = 'entry-newer-0001'
    const newer = JSON.stringify({ ...entry, id: newerId, schemaVersion: 2, priority: 'high' })
    await mkdir(join(dir, newerId))
    await writeFile(join(dir, newerId, 'entry.json'), newer)
    // A whole entry, but in another entry's folder: its saves would go elsewhere.
    const strayId = 'entry-stray-0001'
    const stray = JSON.stringify({ ...entry, id: 'entry-other-0001' })
    await mkdir(join(dir, strayId))
    await writeFile(join(dir, strayId, 'entry.json'), stray)
    const tornId = 'entry-torn-00001'
    await mkdir(join(dir, tornId))
    await writeFile(
      join(dir, tornId, 'entry.json'),
      JSON.stringify({ ...entry, id: tornId }).slice(0, 90),
    )

    const outbox = createOutbox({ dir, profiles })
    expect((await outbox.list()).map((e) => e.id)).toEqual([kept.id])
    await outbox.stop()
    // The newer entry: byte for byte where it was.
    expect(await readdir(join(dir, newerId))).toEqual(['entry.json'])
    expect(await readFile(join(dir, newerId, 'entry.json'), 'utf8')).toBe(newer)
    // The torn one: moved aside into its folder's quarantine/.
    expect(await readdir(join(dir, tornId))).toEqual(['quarantine'])
    expect(await readdir(join(dir, tornId, 'quarantine'))).toEqual([
      expect.stringMatching(/^entry\.json\.\d{4}-/),
    ])
    // The one naming another entry: moved aside too, byte for byte.
    const [moved, ...more] = await readdir(join(dir, strayId, 'quarantine'))
    expect(more).toEqual([])
    expect(await readFile(join(dir, strayId, 'quarantine', moved!), 'utf8')).toBe(stray)
    expect(await readdir(join(dir, strayId))).toEqual(['quarantine'])
  })
})
