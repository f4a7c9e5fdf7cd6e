/**
 * Jobs kept by the main process. The renderer saves what the technician typed (`save`, merged
 * into the job); what main measured for a job — a site-check report, device captures, the last
 * Verify test — main attaches itself (`recordReport`, `recordCaptures`, `recordVerify`), so it
 * never travels back from the renderer.
 *
 * With a data folder every job is also written to `<dir>/<id>.json` through writeFileAtomic
 * (temp file, fsync, rename, folder fsync), so a kill at any moment leaves either the old or the
 * new job on disk, never half of one. Changes to one job are applied one at a time, each to the
 * job as the last one left it. Every file carries `schemaVersion`; older files are upgraded
 * through electron/store/migrations at start-up and rewritten. A file that cannot be loaded is
 * moved to `<dir>/quarantine/` and reported by `problems()`; the other jobs load as usual. A file
 * from a newer ScanPath is reported but left where it is, and a temp file younger than a minute
 * (a save in flight) is left alone.
 *
 * readJobFile is the read-only way in, for `scanpath report`: it reads one job file and changes
 * nothing (no clean-up, no quarantine, no upgrade written back).
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'

import { describeIssues } from '../../shared/schemas/diagnose-options'
import { jobSchema } from '../../shared/schemas/job'
import { withCaptures, unkeptCaptures } from '../../shared/capture-record'
import {
  jobEdits,
  newJob,
  type CaptureRecord,
  type Job,
  type JobEdits,
  type JobMeasured,
  type VerifyOutcome,
  type JobSummary,
  type MeasuredJobField,
} from '../../shared/job-types'
import { findFamily } from '../../shared/catalog'
import { jobStatus } from '../../shared/report/job-progress'
import type { DiagnoseReport } from '../../shared/probe-types'
import { err, ok } from '../../shared/result'
import type { StoreProblem } from '../../shared/store-problem'
import { writeFileAtomic } from '../store/atomic-write'
import { loadOrQuarantine, readJsonFile, type ReadResult } from '../store/load-data-file'
import { limitText, MAX_DATA_FILE_BYTES, sizeText } from '../store/safe-read'
import { removeStaleTempFiles } from '../store/stale-temp-files'
import { jobMigrations, migrate } from '../store/migrations'

export interface JobService {
  list(): Promise<JobSummary[]>
  create(): Promise<Job>
  /** The job as it is on disk (measured data whose write failed is not in it yet). */
  get(id: string): Promise<Job>
  /**
   * Saves what the technician typed, merged into the job main holds (its measured data stays as
   * main keeps it, including any whose write failed). A whole job may be passed: only its typed
   * part is taken.
   */
  save(edits: JobEdits): Promise<{ updatedAt: string }>
  /** Keeps a site-check run's report as the job's `lastReport`. Throws only for an unknown job. */
  recordReport(jobId: string, report: DiagnoseReport): Promise<JobMeasured>
  /**
   * Keeps the capture records the job does not have yet (the newest MAX_JOB_CAPTURES stay);
   * null when it had them all. Throws only for an unknown job.
   */
  recordCaptures(jobId: string, records: readonly CaptureRecord[]): Promise<JobMeasured | null>
  /**
   * Keeps a Verify test's outcome, dated now, as the job's `verifyOutcome`. Throws only for an
   * unknown job.
   */
  recordVerify(jobId: string, outcome: Omit<VerifyOutcome, 'at'>): Promise<JobMeasured>
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
  return { job: parsed.data, migrated: from !== jobMigrations.current }
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

/** YYYY-MM-DD in the laptop's time zone (the Basic-auth dates are calendar dates). */
function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** What the job list shows of a job; `today` dates the decision its verdict rests on. */
function summary(j: Job, today: string): JobSummary {
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
    status: jobStatus(j, today),
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
    return writeFileAtomic(join(dir, `${job.id}.json`), body)
  }
  // Upgraded files are rewritten now so the disk holds only the current version. A failure is
  // not fatal: the job is loaded, and its next save writes it again.
  await Promise.all(migrated.map((job) => persist(job).catch(() => {})))

  /** Measured data whose write failed, by job: kept, and written with the job's next change. */
  const unsaved = new Map<string, Partial<Pick<Job, MeasuredJobField>>>()
  /** The job as main has it: what is on disk, with measured data not written yet. */
  const latest = (id: string): Job => {
    const job = jobs.get(id)
    if (!job) throw new Error(`no job ${id}`)
    return { ...job, ...unsaved.get(id) }
  }

  // One change at a time per job, each applied to the job as the last one left it: an older
  // save can never land after a newer one, nor a save undo a report recorded meanwhile.
  const queues = new Map<string, Promise<unknown>>()
  const inTurn = <T>(id: string, work: () => Promise<T>): Promise<T> => {
    const next = (queues.get(id) ?? Promise.resolve()).then(work)
    queues.set(
      id,
      next.catch(() => {}),
    )
    return next
  }

  /** Checks and writes the job; returns its new `updatedAt`. */
  const write = async (job: Job): Promise<string> => {
    // The IPC boundary validates what the renderer sends; this covers the whole job, so
    // nothing is stored that the next start would have to quarantine.
    const checked = jobSchema.safeParse(job)
    if (!checked.success) {
      throw new Error(`job ${job.id} not saved: ${describeIssues(checked.error)}`)
    }
    const stored: Job = { ...job, updatedAt: now().toISOString() }
    // Kept in memory only once it is on disk: after a failed write (disk full, folder gone)
    // the app must not show as saved what the next start would not find.
    await persist(stored)
    jobs.set(stored.id, stored)
    unsaved.delete(stored.id)
    return stored.updatedAt
  }

  /** Measured data into the job: written now, or kept for the next change when that fails. */
  const record = async (
    id: string,
    change: Partial<Pick<Job, MeasuredJobField>>,
  ): Promise<JobMeasured> => {
    const job = { ...latest(id), ...change }
    unsaved.set(id, { ...unsaved.get(id), ...change })
    const kept = {
      jobId: id,
      lastReport: job.lastReport,
      ...(job.captures ? { captures: job.captures } : {}),
      ...(job.verifyOutcome ? { verifyOutcome: job.verifyOutcome } : {}),
    }
    try {
      return { ...kept, saved: ok({ updatedAt: await write(job) }) }
    } catch (e) {
      return { ...kept, saved: err('internal', e instanceof Error ? e.message : String(e)) }
    }
  }

  return {
    async list() {
      const today = localDate(now())
      return [...jobs.values()]
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .map((j) => summary(j, today))
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
    save(edits) {
      return inTurn(edits.id, async () => ({
        updatedAt: await write({ ...latest(edits.id), ...jobEdits(edits) }),
      }))
    },
    recordReport(jobId, report) {
      return inTurn(jobId, () => record(jobId, { lastReport: report }))
    },
    recordVerify(jobId, outcome) {
      const at = now().toISOString()
      return inTurn(jobId, () => record(jobId, { verifyOutcome: { ...outcome, at } }))
    },
    recordCaptures(jobId, records) {
      return inTurn(jobId, async () => {
        const kept = latest(jobId).captures
        if (unkeptCaptures(kept, records).length === 0) return null
        return record(jobId, { captures: withCaptures(kept, records) })
      })
    },
    async problems() {
      return problems.map((p) => ({ ...p }))
    },
  }
}
