import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

import { createJobService } from '../../electron/services/job-service'
import { jobSchema } from '../../shared/job-schema'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'scanpath-jobs-'))
  dirs.push(d)
  return d
}

describe('job service', () => {
  it('creates, saves and lists jobs, newest first, with a device label', async () => {
    let t = Date.parse('2026-11-28T08:00:00Z')
    const jobs = await createJobService({ now: () => new Date((t += 1000)) })
    const a = await jobs.create()
    const b = await jobs.create()
    expect(jobSchema.safeParse(a).success).toBe(true)
    await jobs.save({
      ...a,
      customer: 'Contoso',
      site: 'Leeds',
      domain: 'contoso.com',
      device: { ...a.device, familyId: 'generic-smtp-device', model: 'Scanner 9' },
    })
    const list = await jobs.list()
    expect(list.map((j) => j.id)).toEqual([a.id, b.id])
    expect(list[0]).toMatchObject({
      customer: 'Contoso',
      site: 'Leeds',
      domain: 'contoso.com',
      deviceLabel: 'Generic Scanner 9',
      step: 'job',
    })
    expect((await jobs.get(a.id)).customer).toBe('Contoso')
  })

  it('refuses an unknown job', async () => {
    const jobs = await createJobService()
    await expect(jobs.get('nope-nope-nope')).rejects.toThrow('no job nope-nope-nope')
    const a = await jobs.create()
    await expect(jobs.save({ ...a, id: 'other-job-id-1' })).rejects.toThrow('no job other-job-id-1')
  })

  it('keeps jobs in the data folder: a new service (an app restart) finds them as they were', async () => {
    const dir = await tempDir()
    const first = await createJobService({ dataDir: dir })
    const job = await first.create()
    // Saves in quick succession land in order: the last one wins on disk.
    await Promise.all(
      ['C', 'Co', 'Con', 'Contoso'].map((customer) => first.save({ ...job, customer })),
    )
    const files = await readdir(dir)
    expect(files).toEqual([`${job.id}.json`])
    expect(JSON.parse(await readFile(join(dir, files[0]!), 'utf8')).customer).toBe('Contoso')
    const second = await createJobService({ dataDir: dir })
    expect((await second.get(job.id)).customer).toBe('Contoso')
  })
})
