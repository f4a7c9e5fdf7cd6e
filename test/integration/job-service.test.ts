import { execFileSync } from 'node:child_process'
import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  symlink,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { createJobService } from '../../electron/services/job-service'
import { jobSchema } from '../../shared/schemas/job'
import { JOB_SCHEMA_VERSION, newJob, type Job } from '../../shared/job-types'
import { useTempDirs } from '../helpers/temp-dirs'
import { savedResult } from '../helpers/saved-result'

const FIXTURES = join(__dirname, '..', 'fixtures', 'store')
const V0_ID = '3f6c2a9e-5b1d-4e7a-9c0f-2d8b7a6e1c45'

const tempDirs = useTempDirs()
const tempDir = () => tempDirs('scanpath-jobs-')

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
      status: { method: null, verdict: 'no-method', text: 'No method chosen yet' },
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

  it('a save that cannot reach the disk fails, and the job stays as it is on disk', async () => {
    const dir = await tempDir()
    const jobs = await createJobService({ dataDir: dir })
    const job = await jobs.create()
    await jobs.save({ ...job, customer: 'Contoso' })
    // The folder is gone and a file stands in its place (as a pulled USB stick or a full disk
    // would also refuse the write).
    await rm(dir, { recursive: true, force: true })
    await writeFile(dir, 'not a folder')
    await expect(jobs.save({ ...job, customer: 'Fabrikam' })).rejects.toThrow()
    expect((await jobs.get(job.id)).customer).toBe('Contoso')
    await expect(jobs.create()).rejects.toThrow()
    expect(await jobs.list()).toHaveLength(1)
    await rm(dir, { force: true })
  })
})

describe('job store on disk', () => {
  const good = (id: string, customer: string) =>
    JSON.stringify({ ...newJob(id, '2026-11-28T08:00:00.000Z'), customer })

  it('upgrades a v0 job file (no sender, MX host or checklist) and rewrites it', async () => {
    const dir = await tempDir()
    // Hand-written: what the first job store wrote, before files carried a schema version.
    await copyFile(join(FIXTURES, 'job-v0.json'), join(dir, `${V0_ID}.json`))
    const jobs = await createJobService({ dataDir: dir })
    expect(await jobs.problems()).toEqual([])
    const job = await jobs.get(V0_ID)
    expect(job).toMatchObject({
      schemaVersion: JOB_SCHEMA_VERSION,
      customer: 'Fabrikam Dental',
      senderAddress: '',
      mxHost: '',
      checklist: {},
      method: 'smtp-relay',
      step: 'decision',
      updatedAt: '2025-03-11T10:47:02.904Z',
    })
    expect(job.device).toMatchObject({ model: 'Scanner 9', serial: 'K7Q-004512' })
    const onDisk = JSON.parse(await readFile(join(dir, `${V0_ID}.json`), 'utf8'))
    expect(onDisk.schemaVersion).toBe(JOB_SCHEMA_VERSION)
    expect(jobSchema.safeParse(onDisk).success).toBe(true)
    expect(onDisk).toEqual(job)
    // And a restart reads the rewritten file as it is.
    expect(await (await createJobService({ dataDir: dir })).get(V0_ID)).toEqual(job)
  })

  it('upgrades a v1 job file (results before `info`) to the current version and rewrites it', async () => {
    const dir = await tempDir()
    const v1 = {
      ...newJob('aaaaaaaa-v1-0001', '2026-03-14T09:00:00.000Z'),
      schemaVersion: 1,
      // Before v3 the renderer kept the Verify outcome as a checklist item.
      checklist: { verify: { done: true, note: 'Signed in and sent a test.' } },
      lastReport: {
        runId: 'run-v1-0001',
        startedAt: '2026-03-14T09:12:03.000Z',
        durationMs: 900,
        cancelled: false,
        offline: false,
        checks: [
          savedResult('reach-submission', 'pass', 'smtp.office365.com answers on port 587.'),
          savedResult(
            'reach-implicit-tls',
            'skip',
            'Information only: Microsoft 365 SMTP AUTH does not support port 465 (implicit TLS, "SMTPS").',
          ),
        ],
        summary: { pass: 1, warn: 0, fail: 0, skip: 1 },
      },
    }
    await writeFile(join(dir, `${v1.id}.json`), JSON.stringify(v1))
    const jobs = await createJobService({ dataDir: dir })
    expect(await jobs.problems()).toEqual([])
    const job = await jobs.get(v1.id)
    expect(job.schemaVersion).toBe(JOB_SCHEMA_VERSION)
    expect(job.checklist).toEqual({})
    expect(job.verifyOutcome).toEqual({
      passed: true,
      text: 'Signed in and sent a test.',
      at: '2026-03-14T09:00:00.000Z',
    })
    expect(job.lastReport?.checks.map((c) => [c.id, c.status])).toEqual([
      ['reach-submission', 'pass'],
      ['reach-implicit-tls', 'info'],
    ])
    expect(job.lastReport?.summary).toEqual({ pass: 1, warn: 0, fail: 0, info: 1, skip: 0 })
    // Rewritten as the current version, so an older ScanPath leaves it alone instead of taking
    // the new status (or the new field) for damage.
    const onDisk = JSON.parse(await readFile(join(dir, `${v1.id}.json`), 'utf8'))
    expect(onDisk).toEqual(job)
  })

  it('quarantines a damaged job file with a clear reason; the other jobs still load', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'aaaaaaaa-good-0001.json'), good('aaaaaaaa-good-0001', 'Contoso'))
    await writeFile(join(dir, 'bbbbbbbb-good-0002.json'), good('bbbbbbbb-good-0002', 'Fabrikam'))
    const cut = good('cccccccc-torn-0003', 'Northwind')
    await writeFile(join(dir, 'cccccccc-torn-0003.json'), cut.slice(0, cut.length / 2))
    await writeFile(
      join(dir, 'dddddddd-bad-00004.json'),
      JSON.stringify({ ...JSON.parse(good('dddddddd-bad-00004', 'x')), step: 'teleport' }),
    )
    await writeFile(join(dir, 'eeeeeeee-future-05.json'), JSON.stringify({ schemaVersion: 7 }))
    await writeFile(join(dir, 'ffffffff-empty-006.json'), '')
    const at = new Date('2026-11-28T09:30:00.000Z')
    const jobs = await createJobService({ dataDir: dir, now: () => at })

    expect((await jobs.list()).map((j) => j.customer).sort()).toEqual(['Contoso', 'Fabrikam'])
    const problems = await jobs.problems()
    const tornAt = Buffer.byteLength(cut.slice(0, cut.length / 2))
    expect(problems.map((p) => [p.file, p.movedTo, p.reason])).toEqual([
      [
        join(dir, 'cccccccc-torn-0003.json'),
        join(dir, 'quarantine', 'cccccccc-torn-0003.json.2026-11-28T09-30-00-000Z'),
        `is damaged: unexpected end of JSON at byte ${tornAt} (cut short)`,
      ],
      [
        join(dir, 'dddddddd-bad-00004.json'),
        join(dir, 'quarantine', 'dddddddd-bad-00004.json.2026-11-28T09-30-00-000Z'),
        expect.stringMatching(/^is not a valid ScanPath job \(step /),
      ],
      // From a newer ScanPath: reported, but left where it is (movedTo null).
      [
        join(dir, 'eeeeeeee-future-05.json'),
        null,
        'was written by a newer ScanPath (schema 7; this one reads up to 3)',
      ],
      [
        join(dir, 'ffffffff-empty-006.json'),
        join(dir, 'quarantine', 'ffffffff-empty-006.json.2026-11-28T09-30-00-000Z'),
        'is empty (cut short or damaged)',
      ],
    ])
    expect(problems[0]!.message).toBe(
      `The job file cccccccc-torn-0003.json is damaged: unexpected end of JSON at byte ${tornAt} (cut short). It was moved to ${problems[0]!.movedTo} and was not loaded; everything else loaded.`,
    )
    expect(problems[2]!.message).toBe(
      'The job file eeeeeeee-future-05.json was written by a newer ScanPath (schema 7; this one reads up to 3). It was left where it is and was not loaded: update ScanPath to open it; everything else loaded.',
    )
    // Moved, not deleted: the torn file is byte for byte what was found.
    expect(await readFile(problems[0]!.movedTo!, 'utf8')).toBe(cut.slice(0, cut.length / 2))
    expect((await readdir(dir)).sort()).toEqual([
      'aaaaaaaa-good-0001.json',
      'bbbbbbbb-good-0002.json',
      'eeeeeeee-future-05.json',
      'quarantine',
    ])
    expect(await readFile(join(dir, 'eeeeeeee-future-05.json'), 'utf8')).toBe('{"schemaVersion":7}')
    // A restart finds only the newer file (still there, still not ours to read), and the good
    // jobs unchanged.
    const again = await createJobService({ dataDir: dir })
    expect((await again.problems()).map((p) => [p.file, p.movedTo])).toEqual([
      [join(dir, 'eeeeeeee-future-05.json'), null],
    ])
    expect((await again.get('aaaaaaaa-good-0001')).customer).toBe('Contoso')
    await expect(again.get('eeeeeeee-future-05')).rejects.toThrow('no job eeeeeeee-future-05')
  })

  it('a FIFO, a link out of the folder or a huge file does not stop the start: set aside, the rest loads', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'aaaaaaaa-good-0001.json'), good('aaaaaaaa-good-0001', 'Contoso'))
    // A FIFO would block a plain read for ever; /dev/zero would be read until memory runs out.
    execFileSync('mkfifo', [join(dir, 'bbbbbbbb-fifo-0002.json')])
    await symlink('/dev/zero', join(dir, 'cccccccc-zero-0003.json'))
    await writeFile(join(dir, 'dddddddd-huge-0004.json'), '')
    await truncate(join(dir, 'dddddddd-huge-0004.json'), 64 * 1024 * 1024)
    const at = new Date('2026-11-28T09:30:00.000Z')
    const started = Date.now()
    const jobs = await createJobService({ dataDir: dir, now: () => at })
    expect(Date.now() - started).toBeLessThan(5_000)
    expect((await jobs.list()).map((j) => j.customer)).toEqual(['Contoso'])
    expect((await jobs.problems()).map((p) => [p.file, p.reason])).toEqual([
      [join(dir, 'bbbbbbbb-fifo-0002.json'), 'is a named pipe (FIFO), not a regular file'],
      [
        join(dir, 'cccccccc-zero-0003.json'),
        'is a symbolic link to /dev/zero, outside its folder: ScanPath does not follow it',
      ],
      [
        join(dir, 'dddddddd-huge-0004.json'),
        'is 64.0 MB, over the 4 MB a ScanPath data file can be (a job is a few kilobytes)',
      ],
    ])
    // Moved aside as they were: the link still points at /dev/zero, the FIFO is still a FIFO.
    const moved = await readdir(join(dir, 'quarantine'))
    expect(moved).toHaveLength(3)
    const link = moved.find((n) => n.startsWith('cccccccc'))!
    expect(await readlink(join(dir, 'quarantine', link))).toBe('/dev/zero')
    const fifo = moved.find((n) => n.startsWith('bbbbbbbb'))!
    expect((await lstat(join(dir, 'quarantine', fifo))).isFIFO()).toBe(true)
  })

  it('quarantines a file whose job id is not its name (saves would go elsewhere)', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'aaaaaaaa-name-0001.json'), good('bbbbbbbb-other-002', 'Contoso'))
    const jobs = await createJobService({ dataDir: dir })
    expect(await jobs.list()).toEqual([])
    expect((await jobs.problems())[0]?.reason).toBe(
      'holds job bbbbbbbb-other-002, not the job its name says',
    )
  })

  it('clears temp files a killed save left behind and never loads them as jobs', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'aaaaaaaa-good-0001.json'), good('aaaaaaaa-good-0001', 'Contoso'))
    // A complete-looking temp file (killed between fsync and rename) and a torn one, both left
    // by a crash two minutes ago.
    const stray = `.aaaaaaaa-good-0001.json.${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.tmp`
    await writeFile(join(dir, stray), good('aaaaaaaa-good-0001', 'Newer but unacknowledged'))
    const torn = `.bbbbbbbb-new-00002.json.${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}.tmp`
    await writeFile(join(dir, torn), '{"id":"bbbb')
    const twoMinutesAgo = new Date(Date.now() - 120_000)
    for (const name of [stray, torn]) await utimes(join(dir, name), twoMinutesAgo, twoMinutesAgo)
    await mkdir(join(dir, 'notes'))
    await writeFile(join(dir, 'readme.txt'), 'not a job')
    const jobs = await createJobService({ dataDir: dir })
    expect(await jobs.problems()).toEqual([])
    expect((await jobs.list()).map((j) => [j.id, j.customer])).toEqual([
      ['aaaaaaaa-good-0001', 'Contoso'],
    ])
    // Files that are not ours (no job name) are left alone.
    expect((await readdir(dir)).sort()).toEqual(['aaaaaaaa-good-0001.json', 'notes', 'readme.txt'])
  })

  it('leaves a temp file younger than a minute alone: another ScanPath may be saving it', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'aaaaaaaa-good-0001.json'), good('aaaaaaaa-good-0001', 'Contoso'))
    const inFlight = `.aaaaaaaa-good-0001.json.${'2'.repeat(8)}-2222-4222-8222-${'2'.repeat(12)}.tmp`
    await writeFile(join(dir, inFlight), good('aaaaaaaa-good-0001', 'Being saved'))
    const fiftySecondsAgo = new Date(Date.now() - 50_000)
    await utimes(join(dir, inFlight), fiftySecondsAgo, fiftySecondsAgo)
    const jobs = await createJobService({ dataDir: dir })
    expect(await jobs.problems()).toEqual([])
    expect((await jobs.list()).map((j) => j.customer)).toEqual(['Contoso'])
    expect((await readdir(dir)).sort()).toEqual([inFlight, 'aaaaaaaa-good-0001.json'])
    // The writer's rename still lands.
    await rename(join(dir, inFlight), join(dir, 'aaaaaaaa-good-0001.json'))
    // A start a minute later (the service's clock) finds a crash's leftover and clears it.
    await writeFile(join(dir, inFlight), '{"id":"aaaa')
    await utimes(join(dir, inFlight), fiftySecondsAgo, fiftySecondsAgo)
    const later = new Date(Date.now() + 11_000)
    await createJobService({ dataDir: dir, now: () => later })
    expect(await readdir(dir)).toEqual(['aaaaaaaa-good-0001.json'])
  })

  it('writes each job with its schema version and leaves no temp file behind', async () => {
    const dir = await tempDir()
    const jobs = await createJobService({ dataDir: dir })
    const job = await jobs.create()
    await jobs.save({ ...job, mxHost: 'contoso-com.mail.protection.outlook.com' })
    const onDisk = JSON.parse(await readFile(join(dir, `${job.id}.json`), 'utf8'))
    expect(onDisk).toMatchObject({
      schemaVersion: JOB_SCHEMA_VERSION,
      mxHost: 'contoso-com.mail.protection.outlook.com',
    })
    expect(await readdir(dir)).toEqual([`${job.id}.json`])
  })
})

describe('job service validation', () => {
  it('never writes a job bigger than the next start would read', async () => {
    const dir = await tempDir()
    const jobs = await createJobService({ dataDir: dir })
    const a = await jobs.create()
    const transcript = Array.from({ length: 1000 }, (_, i) => ({
      dir: 'recv' as const,
      tls: true,
      text: `${i} `.padEnd(2000, 'x'),
      tMs: i,
    }))
    const check = {
      id: 'starttls-submission' as const,
      status: 'pass' as const,
      title: 'STARTTLS',
      explanation: '',
      fix: null,
      durationMs: 1,
      phases: [],
      data: null,
      transcript,
    }
    const lastReport = {
      runId: 'run-1',
      startedAt: '2026-11-28T08:00:00.000Z',
      durationMs: 1,
      checks: [check, check, check],
      summary: { pass: 3, warn: 0, fail: 0, info: 0, skip: 0 },
      cancelled: false,
      offline: false,
    }
    // Main keeps the report it measured; a save that would carry it over the limit fails.
    const kept = await jobs.recordReport(a.id, lastReport)
    expect(kept.saved.ok).toBe(false)
    await expect(jobs.save({ ...a, customer: 'Contoso' })).rejects.toThrow(
      /^job .* not saved: it would take 5\.\d MB, over the 4 MB a job file can be$/,
    )
    expect((await jobs.get(a.id)).customer).toBe('')
    expect(JSON.parse(await readFile(join(dir, `${a.id}.json`), 'utf8')).customer).toBe('')
  })

  it('refuses to store a job that the next start would have to quarantine', async () => {
    const jobs = await createJobService()
    const a = await jobs.create()
    await expect(
      jobs.save({ ...a, checklist: { x: { done: true, note: 'n'.repeat(5000) } } }),
    ).rejects.toThrow(`job ${a.id} not saved: checklist.x.note is longer than 4000 characters`)
    expect((await jobs.get(a.id)).checklist).toEqual({})
  })
})

describe('what main measured for a job', () => {
  const report = (runId: string) => ({
    runId,
    startedAt: '2026-11-28T08:00:00.000Z',
    durationMs: 1,
    checks: [],
    summary: { pass: 0, warn: 0, fail: 0, info: 0, skip: 0 },
    cancelled: false,
    offline: false,
  })
  const capture = (at: string) => ({
    at,
    deviceAddress: '192.0.2.10',
    ehloName: 'mfp.contoso.test',
    transport: 'starttls' as const,
    tlsProtocol: 'TLSv1.2',
    tlsCipher: null,
    authMechanisms: ['LOGIN'],
    username: 'scanner@contoso.test',
    summary: 'STARTTLS, TLS 1.2, AUTH LOGIN',
    verdicts: [],
  })

  it('keeps a run report in its job; a save of what was typed leaves it there', async () => {
    const dir = await tempDir()
    const jobs = await createJobService({ dataDir: dir })
    const job = await jobs.create()
    const kept = await jobs.recordReport(job.id, report('run-0001'))
    expect(kept).toEqual({
      jobId: job.id,
      lastReport: report('run-0001'),
      saved: { ok: true, value: { updatedAt: (await jobs.get(job.id)).updatedAt } },
    })
    // A copy older than the report: only its typed part counts.
    const older: Job = { ...job, customer: 'Contoso', lastReport: null }
    await jobs.save(older)
    expect(await jobs.get(job.id)).toMatchObject({
      customer: 'Contoso',
      lastReport: report('run-0001'),
    })
    const onDisk = JSON.parse(await readFile(join(dir, `${job.id}.json`), 'utf8'))
    expect(onDisk).toEqual(await jobs.get(job.id))
    await expect(jobs.recordReport('nope-nope-nope', report('x'))).rejects.toThrow(
      'no job nope-nope-nope',
    )
  })

  it('keeps new capture records once each, the newest ten', async () => {
    const jobs = await createJobService()
    const job = await jobs.create()
    const first = await jobs.recordCaptures(job.id, [capture('2026-11-28T08:00:00.000Z')])
    expect(first?.captures).toHaveLength(1)
    // The same sessions again (a capture reports all of them on every change): nothing new.
    expect(await jobs.recordCaptures(job.id, [capture('2026-11-28T08:00:00.000Z')])).toBeNull()
    const many = Array.from({ length: 12 }, (_, i) =>
      capture(`2026-11-28T09:${String(i).padStart(2, '0')}:00.000Z`),
    )
    const last = await jobs.recordCaptures(job.id, many)
    expect(last?.captures?.map((c) => c.at)).toEqual(many.slice(-10).map((c) => c.at))
    expect((await jobs.get(job.id)).captures).toEqual(last?.captures)
  })

  it('a measured result whose write failed is kept and written with the next save', async () => {
    const dir = await tempDir()
    const jobs = await createJobService({ dataDir: dir })
    const job = await jobs.create()
    // The folder is gone and a file stands in its place: the write fails.
    await rm(dir, { recursive: true, force: true })
    await writeFile(dir, 'not a folder')
    const kept = await jobs.recordReport(job.id, report('run-0002'))
    expect(kept.lastReport).toEqual(report('run-0002'))
    expect(kept.saved.ok).toBe(false)
    expect((await jobs.get(job.id)).lastReport).toBeNull()
    // The disk is back: the next save carries the report along.
    await rm(dir, { force: true })
    await mkdir(dir)
    await jobs.save({ ...job, customer: 'Contoso' })
    expect(await jobs.get(job.id)).toMatchObject({
      customer: 'Contoso',
      lastReport: report('run-0002'),
    })
    expect(JSON.parse(await readFile(join(dir, `${job.id}.json`), 'utf8')).lastReport).toEqual(
      report('run-0002'),
    )
  })

  it('applies changes to a job one at a time: a save never undoes a report recorded meanwhile', async () => {
    const dir = await tempDir()
    const jobs = await createJobService({ dataDir: dir })
    const job = await jobs.create()
    await Promise.all([
      jobs.save({ ...job, customer: 'C' }),
      jobs.recordReport(job.id, report('run-0003')),
      jobs.save({ ...job, customer: 'Contoso' }),
    ])
    expect(await jobs.get(job.id)).toMatchObject({
      customer: 'Contoso',
      lastReport: report('run-0003'),
    })
    const onDisk = JSON.parse(await readFile(join(dir, `${job.id}.json`), 'utf8'))
    expect(onDisk).toEqual(await jobs.get(job.id))
  })
})
