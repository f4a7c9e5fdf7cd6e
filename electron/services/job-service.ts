/**
 * Jobs kept by the main process. Each save replaces the job whole; with a data folder every job
 * is also written to `<dir>/<id>.json` through writeFileAtomic (temp file, fsync, rename, folder
 * fsync), so a kill at any moment leaves either the old or the new job on disk, never half of one.
 * Every file carries `schemaVersion`; older files are upgraded through electron/store/migrations
 * at start-up and rewritten. A file that cannot be loaded is moved to `<dir>/quarantine/` and
 * reported by `problems()`; the other jobs load as usual. A file from a newer ScanPath is reported
 * but left where it is, and a temp file younger than a minute (a save in flight) is left alone.
 *
 * readJobFile is the read-only way in, for `scanpath report`: it reads one job file and changes
 * nothing (no clean-up, no quarantine, no upgrade written back).
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'

import { describeIssues } from '../../shared/schemas/diagnose-options'
import { jobSchema } from '../../shared/schemas/job'
import { newJob, type Job, type JobSummary } from '../../shared/job-types'
import { findFamily } from '../../shared/catalog'
import type { StoreProblem } from '../../shared/store-problem'
import {
  limitText,
  loadOrQuarantine,
  MAX_DATA_FILE_BYTES,
  readJsonFile,
  removeStaleTempFiles,
  sizeText,
  writeFileAtomic,
  type ReadResult,
} from '../store/atomic-file'
import { jobMigrations, migrate } from '../store/migrations'

export interface JobService {
  list(): Promise<JobSummary[]>
  create(): Promise<Job>
  get(id: string): Promise<Job>
  save(job: Job): Promise<{ updatedAt: string }>
  /**
   * Job files that could not be loaded at start-up: each moved to `<dir>/quarantine/`, or left in
   * place (movedTo null) when it is from a newer ScanPath or could not be moved.
   */
  problems(): Promise<StoreProblem[]>
}

const ID = '[A-Za-z0-9-]{8,64}'
/** A job ID: what `<id>.json` may be named (never a path). */
export const JOB_ID = new RegExp(`^${ID}$`)
/** A job file's name; the first group is its job ID. */
export const JOB_FILE = new RegExp(`^(${ID})\\.json$`)

/** Validates (after upgrading) one job file; throws a reason that reads after the file name. */
function parseJobFile(raw: unknown, expectedId: string): { job: Job; migrated: boolean } {
  const { doc, from } = migrate(raw, jobMigrations)
  const parsed = jobSchema.safeParse(doc)
  if (!parsed.success) {
    throw new Error(`is not a valid ScanPath job (${describeIssues(parsed.error)})`)
  }
  // Saves go to `<id>.json`: a file under another name would be shadowed or duplicated.
  if (parsed.data.id !== expectedId) {
    throw new Error(`holds job ${parsed.data.id}, not the job its name says`)
  }
  return { job: parsed.data as Job, migrated: from !== jobMigrations.current }
}

/**
 * One job file, read only: never moved, renamed, rewritten or cleaned up around, so it is safe
 * beside a running app. An older file is upgraded in memory only. `missing` also covers an ID
 * that is not a job ID (it could never name a file in the folder).
 */
export async function readJobFile(dir: string, id: string): Promise<ReadResult<Job>> {
  if (!JOB_ID.test(id)) return { kind: 'missing' }
  return readJsonFile(join(dir, `${id}.json`), (raw) => parseJobFile(raw, id).job)
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
  const problems: StoreProblem[] = []
  const migrated: Job[] = []
  if (dir) {
    await mkdir(dir, { recursive: true })
    // Old temp files are what a killed save left (its target is intact); a young one may be
    // another ScanPath's save in flight, and stays.
    await removeStaleTempFiles(dir, undefined, { now })
    for (const name of (await readdir(dir)).sort()) {
      const m = JOB_FILE.exec(name)
      if (!m) continue
      const loaded = await loadOrQuarantine(
        join(dir, name),
        (raw) => parseJobFile(raw, m[1]!),
        jobMigrations.what,
        now,
      )
      if (loaded.kind === 'quarantined' || loaded.kind === 'newer') problems.push(loaded.problem)
      if (loaded.kind !== 'ok') continue
      jobs.set(loaded.value.job.id, loaded.value.job)
      if (loaded.value.migrated) migrated.push(loaded.value.job)
    }
  }
  // One write at a time per job, so an older save can never land after a newer one.
  const writes = new Map<string, Promise<void>>()
  const persist = (job: Job): Promise<void> => {
    if (!dir) return Promise.resolve()
    const body = JSON.stringify(job)
    // The next start reads at most MAX_DATA_FILE_BYTES of a file: never write more than that.
    const size = Buffer.byteLength(body)
    if (size > MAX_DATA_FILE_BYTES) {
      return Promise.reject(
        new Error(
          `job ${job.id} not saved: it would take ${sizeText(size)}, over the ${limitText(MAX_DATA_FILE_BYTES)} a job file can be`,
        ),
      )
    }
    const previous = writes.get(job.id) ?? Promise.resolve()
    const next = previous.then(() => writeFileAtomic(join(dir, `${job.id}.json`), body))
    writes.set(
      job.id,
      next.catch(() => {}),
    )
    return next
  }
  // Upgraded files are rewritten now so the disk holds only the current version. A failure is
  // not fatal: the job is loaded, and its next save writes it again.
  await Promise.all(migrated.map((job) => persist(job).catch(() => {})))

  return {
    async list() {
      return [...jobs.values()].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map(summary)
    },
    async create() {
      const job = newJob(randomUUID(), now().toISOString())
      // Memory follows the disk: a job whose file could not be written is not listed.
      await persist(job)
      jobs.set(job.id, job)
      return job
    },
    async get(id) {
      const job = jobs.get(id)
      if (!job) throw new Error(`no job ${id}`)
      return job
    },
    async save(job) {
      if (!jobs.has(job.id)) throw new Error(`no job ${job.id}`)
      // The IPC boundary validates too; this also covers callers inside main, so nothing is
      // stored that the next start would have to quarantine.
      const checked = jobSchema.safeParse(job)
      if (!checked.success) {
        throw new Error(`job ${job.id} not saved: ${describeIssues(checked.error)}`)
      }
      const stored: Job = { ...job, updatedAt: now().toISOString() }
      // Kept in memory only once it is on disk: after a failed write (disk full, folder gone)
      // the app must not show as saved what the next start would not find. Writes per job are
      // serialised, so memory ends with the newest version that reached the disk.
      await persist(stored)
      jobs.set(job.id, stored)
      return { updatedAt: stored.updatedAt }
    },
    async problems() {
      return problems.map((p) => ({ ...p }))
    },
  }
}
