import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { createJobService } from '../../electron/services/job-service'
import { jobEdits } from '../../shared/job-types'
import { jobSchema } from '../../shared/schemas/job'
import { useTempDirs } from '../helpers/temp-dirs'

const tempDirs = useTempDirs()

describe('job service: the site relay choice', () => {
  it('keeps the relay on disk and clears it when a method is chosen instead', async () => {
    const dir = await tempDirs('scanpath-relay-jobs-')
    const jobs = await createJobService({ dataDir: dir })
    const job = await jobs.create()
    await jobs.save(jobEdits({ ...job, siteRelay: { address: '192.168.1.20', port: 2525 } }))
    const onDisk = JSON.parse(await readFile(join(dir, `${job.id}.json`), 'utf8')) as unknown
    expect(jobSchema.parse(onDisk).siteRelay).toEqual({ address: '192.168.1.20', port: 2525 })

    // Reopened, as after a restart: the choice is still there.
    const reopened = await createJobService({ dataDir: dir })
    expect((await reopened.get(job.id)).siteRelay).toEqual({ address: '192.168.1.20', port: 2525 })

    // The Decision step's "choose a method" sends the job without the relay (null).
    const current = await reopened.get(job.id)
    await reopened.save(
      jobEdits({ ...current, method: 'client-submission-oauth', siteRelay: null }),
    )
    expect((await reopened.get(job.id)).siteRelay ?? null).toBeNull()
  })
})
