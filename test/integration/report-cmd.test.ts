/**
 * `scanpath report` only reads: the built command (bin/scanpath.cjs) run on real data folders as
 * a technician would, next to the app's own files. Whatever it is given (the data folder or its
 * jobs/ folder, a damaged job, a job from a newer ScanPath, a FIFO, a symbolic link to /dev/zero
 * or out of the folder, a huge file, the running app's temp files), every file and folder is
 * byte for byte as it was afterwards, and what is wrong is said in one line. Needs
 * `npm run build` (part of `npm test`).
 */
import { execFileSync } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import {
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  symlink,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

import { createJobService } from '../../electron/services/job-service'
import { newJob } from '../../shared/job-types'
import { scanpath as runScanpath, type ScanpathRun } from '../helpers/run-scanpath'
import { useTempDirs } from '../helpers/temp-dirs'

const FIXTURES = join(__dirname, '..', 'fixtures', 'store')
const V0_ID = '3f6c2a9e-5b1d-4e7a-9c0f-2d8b7a6e1c45'

/**
 * The built command, never given the tests' SCANPATH_DATA_DIR (their NODE_EXTRA_CA_CERTS is left
 * in); a run that hangs is killed after `timeoutMs` (its code is then 'killed').
 */
const scanpath = (args: string[], timeoutMs = 15_000) =>
  runScanpath(args, {
    timeoutMs,
    env: { SCANPATH_DATA_DIR: undefined },
    keepInheritedCaCerts: true,
  })

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex')

/**
 * Every entry under `dir` (never following a link, never opening anything but regular files):
 * its type, mode, size, modification time, and the SHA-256 of a regular file's bytes or a
 * link's target. Equal snapshots mean nothing was created, moved, renamed, deleted or written.
 */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const path = join(dir, rel, name)
      const key = join(rel, name)
      const st = await lstat(path)
      const common = `mode=${st.mode.toString(8)} size=${st.size} mtime=${st.mtimeMs}`
      if (st.isDirectory()) {
        out[key] = `dir ${common}`
        await walk(key)
      } else if (st.isFile()) out[key] = `file ${common} sha256=${sha256(await readFile(path))}`
      else if (st.isSymbolicLink()) out[key] = `link ${common} -> ${await readlink(path)}`
      else out[key] = `other ${common}`
    }
  }
  await walk('')
  return out
}

const tempDir = useTempDirs()

const jobText = (id: string, customer: string) =>
  JSON.stringify({ ...newJob(id, '2026-11-28T08:00:00.000Z'), customer })
const tempName = (id: string) => `.${id}.json.${randomUUID()}.tmp`

/** Only the lines of stderr that are not the "Jobs folder: …" note. */
const problemLines = (r: ScanpathRun) =>
  r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('Jobs folder: '))

const IDS = {
  healthy: 'aaaaaaaa-good-0001',
  torn: 'bbbbbbbb-torn-0002',
  invalid: 'cccccccc-bad-00003',
  newer: 'dddddddd-newer-004',
  fifo: 'eeeeeeee-fifo-0005',
  zero: 'ffffffff-zero-0006',
  outside: 'abababab-outside-7',
  huge: 'cdcdcdcd-huge-0008',
}

/**
 * A data folder as the app leaves it: profiles.json, jobs/ (a healthy job, a torn one, one that
 * is not a valid job, one from a newer ScanPath, a v0 job the app would upgrade, a temp file of
 * a save in flight and one a crash left an hour ago), outbox/ and logs/.
 */
let site: string
let siteJobs: string
/** A jobs folder with hostile entries next to a healthy job. */
let hostile: string
let outsideJob: string
let out: string

beforeAll(async () => {
  site = await tempDir('scanpath-report-site-')
  siteJobs = join(site, 'jobs')
  await mkdir(siteJobs)
  const profiles = JSON.parse(await readFile(join(FIXTURES, 'profiles-v0.json'), 'utf8'))
  await writeFile(join(site, 'profiles.json'), JSON.stringify({ schemaVersion: 1, profiles }))
  await writeFile(join(siteJobs, `${IDS.healthy}.json`), jobText(IDS.healthy, 'Contoso'))
  const torn = jobText(IDS.torn, 'Northwind')
  await writeFile(join(siteJobs, `${IDS.torn}.json`), torn.slice(0, 412))
  await writeFile(
    join(siteJobs, `${IDS.invalid}.json`),
    JSON.stringify({ ...JSON.parse(jobText(IDS.invalid, 'x')), step: 'teleport' }),
  )
  await writeFile(
    join(siteJobs, `${IDS.newer}.json`),
    JSON.stringify({ ...JSON.parse(jobText(IDS.newer, 'Future')), schemaVersion: 4 }),
  )
  await copyFile(join(FIXTURES, 'job-v0.json'), join(siteJobs, `${V0_ID}.json`))
  await writeFile(join(siteJobs, tempName(IDS.healthy)), jobText(IDS.healthy, 'In flight'))
  const stale = join(siteJobs, tempName(IDS.torn))
  await writeFile(stale, '{"id":"bbbb')
  const hourAgo = new Date(Date.now() - 3600_000)
  await utimes(stale, hourAgo, hourAgo)
  await mkdir(join(site, 'outbox', 'entry-0001'), { recursive: true })
  await writeFile(join(site, 'outbox', 'entry-0001', 'entry.json'), '{"id":"entry-0001"}')
  await mkdir(join(site, 'logs'))
  await writeFile(join(site, 'logs', 'scanpath.log'), 'a line\n')

  hostile = await tempDir('scanpath-report-hostile-')
  await writeFile(join(hostile, `${IDS.healthy}.json`), jobText(IDS.healthy, 'Contoso'))
  execFileSync('mkfifo', [join(hostile, `${IDS.fifo}.json`)])
  await symlink('/dev/zero', join(hostile, `${IDS.zero}.json`))
  // A good job, but in another folder: following the link would read outside the jobs folder.
  const elsewhere = await tempDir('scanpath-report-elsewhere-')
  outsideJob = join(elsewhere, `${IDS.outside}.json`)
  await writeFile(outsideJob, jobText(IDS.outside, 'Elsewhere'))
  await symlink(outsideJob, join(hostile, `${IDS.outside}.json`))
  // 5 MB of zeros (sparse: nothing is really written).
  await writeFile(join(hostile, `${IDS.huge}.json`), '')
  await truncate(join(hostile, `${IDS.huge}.json`), 5 * 1024 * 1024)

  out = await tempDir('scanpath-report-out-')
})

describe('scanpath report reads and never writes', () => {
  it('given the data folder, reports from its jobs/ folder, says so, and changes nothing', async () => {
    const before = await snapshot(site)
    const r = await scanpath(['report', IDS.healthy, '--data-dir', site])
    expect(r.stderr).toContain(`Jobs folder: ${siteJobs} (the jobs/ folder of the data folder)`)
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).job).toMatchObject({ id: IDS.healthy, customer: 'Contoso' })
    // profiles.json is not a job: it is never looked at, let alone moved to quarantine/.
    const profilesRun = await scanpath(['report', 'profiles', '--data-dir', site])
    expect(profilesRun.code).toBe(1)
    expect(await snapshot(site)).toEqual(before)
  })

  it('given the jobs/ folder itself, says so and changes nothing', async () => {
    const before = await snapshot(site)
    const pdf = join(out, 'healthy.pdf')
    const r = await scanpath(['report', IDS.healthy, '--data-dir', siteJobs, '--pdf', pdf])
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`Jobs folder: ${siteJobs}\n`)
    expect((await readFile(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(await snapshot(site)).toEqual(before)
  })

  it('a job saved by an older ScanPath is upgraded in memory only: its file is not rewritten', async () => {
    const before = await snapshot(site)
    const r = await scanpath(['report', V0_ID, '--data-dir', site])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).job).toMatchObject({ id: V0_ID, customer: 'Fabrikam Dental' })
    expect(await snapshot(site)).toEqual(before)
  })

  it('a damaged job: the real reason in one line, and nothing set aside', async () => {
    const before = await snapshot(site)
    const torn = await scanpath(['report', IDS.torn, '--data-dir', site])
    expect(torn.code).toBe(1)
    expect(problemLines(torn)).toEqual([
      `scanpath: job ${IDS.torn} is damaged: unexpected end of JSON at byte 412 (cut short); the app will set it aside and keep the rest. File: ${join(siteJobs, `${IDS.torn}.json`)}`,
    ])
    const invalid = await scanpath(['report', IDS.invalid, '--data-dir', site])
    expect(invalid.code).toBe(1)
    expect(problemLines(invalid)).toHaveLength(1)
    expect(invalid.stderr).toMatch(
      new RegExp(
        `^scanpath: job ${IDS.invalid} is not a valid ScanPath job \\(step .*\\); the app will set it aside and keep the rest\\. File: `,
        'm',
      ),
    )
    expect(await snapshot(site)).toEqual(before)
  })

  it('a job from a newer ScanPath is named as such and left alone', async () => {
    const before = await snapshot(site)
    const r = await scanpath(['report', IDS.newer, '--data-dir', site])
    expect(r.code).toBe(1)
    expect(problemLines(r)).toEqual([
      `scanpath: job ${IDS.newer} was written by a newer ScanPath (schema 4; this one reads up to 3): update ScanPath on this computer to report it. File: ${join(siteJobs, `${IDS.newer}.json`)}`,
    ])
    expect(await snapshot(site)).toEqual(before)
  })

  it('an unknown job: which folder was searched and how many jobs it holds', async () => {
    const before = await snapshot(site)
    const r = await scanpath(['report', 'abcdef12-none-0000', '--data-dir', site])
    expect(r.code).toBe(1)
    expect(problemLines(r)).toEqual([
      `scanpath: cannot read job abcdef12-none-0000: there is no such job in ${siteJobs} (it holds 5 job files)`,
    ])
    // Not a job ID at all (and never a path out of the folder).
    const bad = await scanpath(['report', '../profiles', '--data-dir', siteJobs])
    expect(bad.code).toBe(1)
    expect(problemLines(bad)).toEqual([
      'scanpath: cannot read job ../profiles: a job ID is 8 to 64 letters, digits and dashes',
    ])
    expect(await snapshot(site)).toEqual(before)
  })
})

describe('scanpath report on hostile entries', () => {
  it('a FIFO named like a job does not hang it', async () => {
    const before = await snapshot(hostile)
    const r = await scanpath(['report', IDS.fifo, '--data-dir', hostile], 10_000)
    expect(r.code).toBe(1)
    expect(problemLines(r)).toEqual([
      `scanpath: job ${IDS.fifo} is a named pipe (FIFO), not a regular file; the app will set it aside and keep the rest. File: ${join(hostile, `${IDS.fifo}.json`)}`,
    ])
    // The healthy job next to it still reports (the folder is not scanned).
    const healthy = await scanpath(['report', IDS.healthy, '--data-dir', hostile], 10_000)
    expect(healthy.code).toBe(0)
    expect(await snapshot(hostile)).toEqual(before)
  })

  it('a symbolic link to /dev/zero is refused at once, without reading it', async () => {
    const before = await snapshot(hostile)
    const r = await scanpath(['report', IDS.zero, '--data-dir', hostile], 10_000)
    expect(r.code).toBe(1)
    expect(problemLines(r)).toEqual([
      `scanpath: job ${IDS.zero} is a symbolic link to /dev/zero, outside its folder: ScanPath does not follow it; the app will set it aside and keep the rest. File: ${join(hostile, `${IDS.zero}.json`)}`,
    ])
    expect(await snapshot(hostile)).toEqual(before)
  })

  it('a symbolic link to a good job in another folder is not followed', async () => {
    const r = await scanpath(['report', IDS.outside, '--data-dir', hostile], 10_000)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`is a symbolic link to ${outsideJob}, outside its folder`)
  })

  it('a file far bigger than a job is refused with its size', async () => {
    const r = await scanpath(['report', IDS.huge, '--data-dir', hostile], 10_000)
    expect(r.code).toBe(1)
    expect(problemLines(r)).toEqual([
      `scanpath: job ${IDS.huge} is 5.0 MB, over the 4 MB a ScanPath data file can be (a job is a few kilobytes); the app will set it aside and keep the rest. File: ${join(hostile, `${IDS.huge}.json`)}`,
    ])
  })
})

describe('scanpath report: the folder it is given', () => {
  it('a data folder that is a file is called a file, not missing', async () => {
    const file = join(out, 'not-a-folder')
    await writeFile(file, 'x')
    const r = await scanpath(['report', IDS.healthy, '--data-dir', file])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `scanpath: ${file} is a file, not a folder: give the data folder (the About screen shows it) or its jobs/ folder\n`,
    )
    const missing = await scanpath(['report', IDS.healthy, '--data-dir', join(out, 'nope')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toBe(`scanpath: the folder ${join(out, 'nope')} does not exist\n`)
    expect(existsSync(join(out, 'nope'))).toBe(false)
  })

  it('a path through a file, a FIFO given as the folder, a jobs/ that is not a folder', async () => {
    const file = join(out, 'plain-file')
    await writeFile(file, 'x')
    const through = await scanpath(['report', IDS.healthy, '--data-dir', join(file, 'jobs')])
    expect(through.code).toBe(1)
    expect(through.stderr).toBe(
      `scanpath: the folder ${join(file, 'jobs')} does not exist: part of that path is a file\n`,
    )
    const fifo = join(out, 'a-fifo')
    execFileSync('mkfifo', [fifo])
    const piped = await scanpath(['report', IDS.healthy, '--data-dir', fifo], 10_000)
    expect(piped.code).toBe(1)
    expect(piped.stderr).toBe(
      `scanpath: ${fifo} is not a folder: give the data folder (the About screen shows it) or its jobs/ folder\n`,
    )
    const data = await tempDir('scanpath-report-jobsfile-')
    await writeFile(join(data, 'jobs'), 'not a folder')
    const before = await snapshot(data)
    const r = await scanpath(['report', IDS.healthy, '--data-dir', data])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `scanpath: ${join(data, 'jobs')} is not a folder: give the data folder (the About screen shows it) or its jobs/ folder\n`,
    )
    expect(await snapshot(data)).toEqual(before)
  })

  it('a folder that cannot be opened: the reason the system gives, and nothing touched', async () => {
    // A link to itself: stat fails with ELOOP (neither missing nor a permission problem).
    const loop = join(out, 'loop')
    await symlink(loop, loop)
    const r = await scanpath(['report', IDS.healthy, '--data-dir', loop])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`scanpath: cannot open the folder ${loop} (ELOOP)\n`)
    expect(await readlink(loop)).toBe(loop)
  })

  it('an empty folder: no such job, and a hint that it may be the wrong folder', async () => {
    const empty = await tempDir('scanpath-report-empty-')
    const r = await scanpath(['report', IDS.healthy, '--data-dir', empty])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `Jobs folder: ${empty}\nscanpath: cannot read job ${IDS.healthy}: there is no such job in ${empty} (it holds no job file: is it the right folder?)\n`,
    )
    expect(await readdir(empty)).toEqual([])
  })

  it('a data folder with no jobs/ folder yet says so', async () => {
    const data = await tempDir('scanpath-report-nojobs-')
    await writeFile(join(data, 'profiles.json'), '{"schemaVersion":1,"profiles":[]}')
    const before = await snapshot(data)
    const r = await scanpath(['report', IDS.healthy, '--data-dir', data])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `scanpath: ${data} is a ScanPath data folder with no jobs/ folder: no job has been saved there yet\n`,
    )
    expect(await snapshot(data)).toEqual(before)
  })
})

describe('scanpath report beside the running app', () => {
  it('never makes a save fail, and always reads a whole job', async () => {
    const data = await tempDir('scanpath-report-live-')
    await writeFile(join(data, 'profiles.json'), '{"schemaVersion":1,"profiles":[]}')
    const jobs = await createJobService({ dataDir: join(data, 'jobs') })
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push((await jobs.create()).id)

    // The app: each job saved again and again, as typing does, until both sides have done enough
    // work side by side (counted, not timed: a loaded machine only takes longer); the cap is only
    // there so a hang fails instead of waiting for the test timeout.
    const cap = Date.now() + 20_000
    let saves = 0
    const failures: string[] = []
    const reports: ScanpathRun[] = []
    const going = () => (saves <= 100 || reports.length < 4) && Date.now() < cap
    const writer = async (id: string) => {
      const job = await jobs.get(id)
      for (let n = 0; going(); n++) {
        try {
          await jobs.save({ ...job, customer: `Contoso ${n}` })
          saves++
        } catch (e) {
          failures.push(e instanceof Error ? e.message : String(e))
        }
      }
    }
    // Reports, two at a time, for as long as the writers run.
    const reporter = async (lane: number) => {
      for (let n = 0; going(); n++) {
        const dataDir = n % 2 === 0 ? data : join(data, 'jobs')
        reports.push(
          await scanpath(['report', ids[(lane + n) % ids.length]!, '--data-dir', dataDir]),
        )
      }
    }
    await Promise.all([...ids.map(writer), reporter(0), reporter(1)])

    expect(failures).toEqual([])
    expect(saves).toBeGreaterThan(100)
    expect(reports.length).toBeGreaterThanOrEqual(4)
    for (const r of reports) {
      expect(r.stderr).not.toContain('scanpath:')
      expect(r.code).toBe(0)
      expect(JSON.parse(r.stdout).job.customer).toMatch(/^Contoso( \d+)?$/)
    }
    // Only what the app itself wrote: its jobs and profiles.json, nothing set aside.
    expect((await readdir(data)).sort()).toEqual(['jobs', 'profiles.json'])
    expect((await readdir(join(data, 'jobs'))).sort()).toEqual(ids.map((id) => `${id}.json`).sort())
  }, 30_000)
})
