/**
 * Jobs kept by the main process. Each save replaces the job whole; with a data folder every job
 * is also written to `<dir>/<id>.json` (write to a temp file, then rename, so a file is never
 * half-written). Crash-safety with fsync and migrations come with the job store issue; the IPC
 * channels stay the same.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { jobSchema } from '../../shared/job-schema'
import { newJob, type Job, type JobSummary } from '../../shared/job-types'
import { findFamily } from '../../shared/catalog'

export interface JobService {
  list(): Promise<JobSummary[]>
  create(): Promise<Job>
  get(id: string): Promise<Job>
  save(job: Job): Promise<{ updatedAt: string }>
}

function summary(j: Job): JobSummary {
  const family = j.device.familyId ? findFamily(j.device.familyId) : undefined
  const deviceLabel = j.device.custom
    ? `${j.device.custom.vendor} ${j.device.custom.model}`.trim()
    : family
      ? `${family.vendorName} ${j.device.model || family.family}`
      : ''
  return {
    id: j.id,
    customer: j.customer,
    site: j.site,
    domain: j.domain,
    deviceLabel,
    step: j.step,
    updatedAt: j.updatedAt,
  }
}

export async function createJobService(
  opts: { dataDir?: string; now?: () => Date } = {},
): Promise<JobService> {
  const now = opts.now ?? (() => new Date())
  const jobs = new Map<string, Job>()
  const dir = opts.dataDir
  if (dir) {
    await mkdir(dir, { recursive: true })
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.json')) continue
      try {
        const parsed = jobSchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8')))
        if (parsed.success) jobs.set(parsed.data.id, parsed.data as Job)
      } catch {
        // A file that does not parse is left alone for the job-store issue's recovery.
      }
    }
  }
  // One write at a time per job, so an older save can never land after a newer one.
  const writes = new Map<string, Promise<void>>()
  const persist = (job: Job): Promise<void> => {
    if (!dir) return Promise.resolve()
    const previous = writes.get(job.id) ?? Promise.resolve()
    const next = previous.then(async () => {
      const tmp = join(dir, `.${job.id}.${randomUUID()}.tmp`)
      await writeFile(tmp, JSON.stringify(job), 'utf8')
      await rename(tmp, join(dir, `${job.id}.json`))
    })
    writes.set(
      job.id,
      next.catch(() => {}),
    )
    return next
  }

  return {
    async list() {
      return [...jobs.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map(summary)
    },
    async create() {
      const job = newJob(randomUUID(), now().toISOString())
      jobs.set(job.id, job)
      await persist(job)
      return job
    },
    async get(id) {
      const job = jobs.get(id)
      if (!job) throw new Error(`no job ${id}`)
      return job
    },
    async save(job) {
      if (!jobs.has(job.id)) throw new Error(`no job ${job.id}`)
      const stored: Job = { ...job, updatedAt: now().toISOString() }
      jobs.set(job.id, stored)
      await persist(stored)
      return { updatedAt: stored.updatedAt }
    },
  }
}
