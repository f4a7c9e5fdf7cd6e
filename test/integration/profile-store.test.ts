/**
 * profiles.json on disk: versioned, upgraded from the bare-array file, quarantined when damaged,
 * left alone (and not saved over) when a newer ScanPath wrote it.
 */
import { copyFile, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { createMemorySecretStore } from '../../electron/secrets'
import { createProfileService } from '../../electron/services/profile-service'
import type { MailboxProfile } from '../../shared/profile-types'
import { useTempDirs } from '../helpers/temp-dirs'

const FIXTURES = join(__dirname, '..', 'fixtures', 'store')
const tempDirs = useTempDirs()
const tempDir = () => tempDirs('scanpath-profiles-store-')

const open = (dataDir: string) =>
  createProfileService({
    dataDir,
    openSecrets: async () => ({
      store: createMemorySecretStore(),
      status: { kind: 'session', reason: 'test' },
    }),
  })

const profile: MailboxProfile = {
  id: 'profile-0002',
  name: 'Contoso reports',
  purpose: 'office-reports',
  address: 'reports@contoso.test',
  username: 'reports@contoso.test',
  method: 'basic',
  host: 'smtp.office365.com',
  port: 587,
  oauth: null,
}

describe('profiles.json', () => {
  it('writes { schemaVersion: 1, profiles } and reads it back after a restart', async () => {
    const dir = await tempDir()
    await (await open(dir)).save(profile)
    const onDisk = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8'))
    expect(onDisk).toEqual({ schemaVersion: 1, profiles: [profile] })
    expect(await readdir(dir)).toEqual(['profiles.json'])
    const again = await open(dir)
    expect(await again.problems()).toEqual([])
    expect((await again.list()).map((p) => p.id)).toEqual(['profile-0002'])
  })

  it('upgrades the older bare-array file and rewrites it versioned', async () => {
    const dir = await tempDir()
    await copyFile(join(FIXTURES, 'profiles-v0.json'), join(dir, 'profiles.json'))
    const profiles = await open(dir)
    expect(await profiles.problems()).toEqual([])
    expect(await profiles.list()).toMatchObject([{ id: 'profile-0001', name: 'Fabrikam scanner' }])
    const onDisk = JSON.parse(await readFile(join(dir, 'profiles.json'), 'utf8'))
    expect(onDisk.schemaVersion).toBe(1)
    expect(onDisk.profiles).toEqual(
      JSON.parse(await readFile(join(FIXTURES, 'profiles-v0.json'), 'utf8')),
    )
  })

  it('quarantines a damaged file, starts empty, and the next save writes a good one', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'profiles.json'), '{"schemaVersion":1,"profiles":[{"id":"pro')
    // Stale temp files of this file (current and older naming) go; other stores' files stay.
    const uuid = '12345678-1234-4234-8234-123456789abc'
    // (A crash's leftovers: two minutes old.)
    await writeFile(join(dir, `.profiles.json.${uuid}.tmp`), '{}')
    await writeFile(join(dir, `profiles.json.${uuid}.tmp`), '[]')
    await writeFile(join(dir, `.outbox-entry.json.${uuid}.tmp`), '{}')
    const then = new Date(Date.now() - 120_000)
    for (const name of await readdir(dir)) await utimes(join(dir, name), then, then)
    const profiles = await open(dir)
    const [problem, ...rest] = await profiles.problems()
    expect(rest).toEqual([])
    expect(problem).toMatchObject({
      file: join(dir, 'profiles.json'),
      reason: 'is damaged: unexpected end of JSON at byte 41 (cut short)',
    })
    expect(problem!.movedTo).toMatch(/[/\\]quarantine[/\\]profiles\.json\.\d{4}-/)
    expect(problem!.message).toContain(
      'The mailbox profiles file profiles.json is damaged: unexpected end of JSON at byte 41',
    )
    expect(await profiles.list()).toEqual([])
    await profiles.save(profile)
    expect((await readdir(dir)).sort()).toEqual([
      `.outbox-entry.json.${uuid}.tmp`,
      'profiles.json',
      'quarantine',
    ])
    expect(await (await open(dir)).problems()).toEqual([])
  })

  it('quarantines a file that parses but holds an invalid profile, saying which field', async () => {
    const dir = await tempDir()
    await writeFile(
      join(dir, 'profiles.json'),
      JSON.stringify({ schemaVersion: 1, profiles: [{ ...profile, port: 70000 }] }),
    )
    const [problem] = await (await open(dir)).problems()
    expect(problem?.reason).toBe(
      'does not hold valid mailbox profiles (profiles.0.port must be between 1 and 65535)',
    )
  })

  it('leaves temp files younger than a minute alone (either naming): a save may be in flight', async () => {
    const dir = await tempDir()
    await (await open(dir)).save(profile)
    const uuid = '12345678-1234-4234-8234-123456789abc'
    const young = [`.profiles.json.${uuid}.tmp`, `profiles.json.${uuid}.tmp`]
    for (const name of young) await writeFile(join(dir, name), '{}')
    const again = await open(dir)
    expect(await again.problems()).toEqual([])
    expect((await readdir(dir)).sort()).toEqual([...young, 'profiles.json'].sort())
  })

  it('a file from a newer ScanPath is reported, left in place, and never saved over', async () => {
    const dir = await tempDir()
    const newer = JSON.stringify({ schemaVersion: 2, profiles: [profile], groups: [] })
    await writeFile(join(dir, 'profiles.json'), newer)
    const profiles = await open(dir)
    expect(await profiles.problems()).toEqual([
      {
        file: join(dir, 'profiles.json'),
        movedTo: null,
        reason: 'was written by a newer ScanPath (schema 2; this one reads up to 1)',
        message:
          'The mailbox profiles file profiles.json was written by a newer ScanPath (schema 2; this one reads up to 1). It was left where it is and was not loaded: update ScanPath to open it; everything else loaded.',
      },
    ])
    expect(await profiles.list()).toEqual([])
    // Saving would replace the newer ScanPath's profiles with this one's (empty) list: refused.
    await expect(profiles.save({ ...profile, id: 'profile-0003' })).rejects.toThrow(
      `mailbox profiles not saved: ${join(dir, 'profiles.json')} was written by a newer ScanPath and saving would replace the profiles it holds; update ScanPath on this computer`,
    )
    // Nor kept in memory: the app must not list (or send with) a profile it did not save.
    expect(await profiles.list()).toEqual([])
    await expect(profiles.credentials('profile-0003')).rejects.toThrow('no mailbox profile')
    expect(await readFile(join(dir, 'profiles.json'), 'utf8')).toBe(newer)
    expect(await readdir(dir)).toEqual(['profiles.json'])
  })
})
