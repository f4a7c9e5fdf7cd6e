/**
 * Crash test for the durable store (docs/ARCHITECTURE.md, "The job store": "a kill -9 at any moment
 * loses nothing that was acknowledged"). A child process (test/helpers/store-crash-child.ts) saves
 * jobs through the real job service and outbox entries through writeFileAtomic, printing `ACK
 * <file> <sha256> <seq>` after each write resolves. It is killed with SIGKILL at random moments —
 * during its start-up, 0–30 ms after it is ready, or after a random number of acknowledgements —
 * and started again on the same folder, at least 200 times. After every kill, before the restart,
 * every file is checked: each acknowledged write is there and intact (the acknowledged content, or
 * a later write that is itself complete and valid), no file fails to parse, nothing is quarantined,
 * and at each start the job service loads everything without a problem.
 *
 * A fresh `node --import tsx` costs ~0.5 s of start-up, which would dominate 200 restarts. So the
 * child is bundled once with esbuild (the compiler tsx itself runs) and started as plain node;
 * the code that runs is the same. Without esbuild it falls back to `node --import tsx`.
 * Several folders (one per CPU, 2–4) are crashed side by side.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createJobService } from '../../electron/services/job-service'
import { isTempFile } from '../../electron/store/atomic-write'
import { jobMigrations, migrate } from '../../electron/store/migrations'
import { jobSchema } from '../../shared/schemas/job'

const CHILD = join(__dirname, '..', 'helpers', 'store-crash-child.ts')
/** A v0 job in every folder, so the start-up upgrade-and-rewrite is crashed into as well. */
const V0_JOB = join(__dirname, '..', 'fixtures', 'store', 'job-v0.json')
const V0_ID = '3f6c2a9e-5b1d-4e7a-9c0f-2d8b7a6e1c45'
/** The issue asks for at least 200; STORE_CRASH_KILLS raises it for a longer soak. */
const MIN_KILLS = Math.max(200, Number(process.env.STORE_CRASH_KILLS ?? 0) || 0)
/** Folders crashed side by side: one per CPU (2–4), since a child's start-up is CPU-bound. */
const LANES = Math.max(2, Math.min(4, availableParallelism()))
const KILLS_PER_LANE = Math.ceil(MIN_KILLS / LANES)

type KillMode = 'during-start-up' | 'after-ready-delay' | 'after-acks'

interface Ack {
  hash: string
  seq: number
}

interface Lane {
  dir: string
  /** The last acknowledged write of each file (relative path), in the order they were printed. */
  acked: Map<string, Ack>
  ackCount: number
  filesChecked: number
  tempFilesSeen: number
  kills: Record<KillMode, number>
  violations: string[]
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const pickInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1))

let work: string
let command: { file: string; args: string[]; how: string }

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'scanpath-store-crash-'))
  try {
    const { build } = await import('esbuild')
    const outfile = join(work, 'store-crash-child.cjs')
    await build({
      entryPoints: [CHILD],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    })
    command = { file: process.execPath, args: [outfile], how: 'node (child bundled by esbuild)' }
  } catch {
    command = { file: process.execPath, args: ['--import', 'tsx', CHILD], how: 'node --import tsx' }
  }
})

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true })
})

/** Starts the child on the lane's folder, kills it as `mode` says, and records every ACK. */
function runOnce(lane: Lane, run: number, mode: KillMode): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.file, [...command.args, lane.dir, String(run)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    let killed = false
    let acksThisRun = 0
    const killAfterAcks = pickInt(1, 25)
    const kill = () => {
      if (killed) return
      killed = true
      child.kill('SIGKILL')
    }
    const timers: NodeJS.Timeout[] = []
    // Never let a wedged child hang the test: a run that shows no progress is killed and flagged.
    timers.push(
      setTimeout(() => {
        if (!killed) lane.violations.push(`run ${run}: no kill after 5 s (${mode})`)
        kill()
      }, 5_000),
    )
    if (mode === 'during-start-up') timers.push(setTimeout(kill, pickInt(0, 250)))

    createInterface({ input: child.stdout }).on('line', (line) => {
      const [tag, ...rest] = line.split(' ')
      if (tag === 'READY') {
        const problems = Number(rest[0])
        if (problems !== 0) {
          lane.violations.push(`run ${run}: the job service quarantined ${problems} file(s)`)
        }
        if (mode === 'after-ready-delay') timers.push(setTimeout(kill, pickInt(0, 30)))
      } else if (tag === 'ACK') {
        const [file, hash, seq] = rest
        lane.acked.set(file!, { hash: hash!, seq: Number(seq) })
        lane.ackCount++
        acksThisRun++
        if (mode === 'after-acks' && acksThisRun >= killAfterAcks) kill()
      } else {
        lane.violations.push(`run ${run}: unexpected output ${JSON.stringify(line)}`)
      }
    })
    child.on('error', reject)
    // 'close' comes after stdout is drained, so every ACK printed before the kill is counted.
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t)
      if (signal !== 'SIGKILL') {
        lane.violations.push(`run ${run}: child exited by itself (${code}): ${stderr.trim()}`)
      } else {
        lane.kills[mode]++
      }
      resolve()
    })
  })
}

/** What a file holds: its content hash (whitespace-independent) and write sequence, or why not. */
function inspect(sub: 'jobs' | 'outbox', name: string, text: string): Ack | string {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return 'does not parse (half-written?)'
  }
  const canonical = sha256(JSON.stringify(doc))
  if (sub === 'jobs') {
    let upgraded: unknown
    try {
      // The seeded v0 job stays v0 on disk until a start-up gets to rewrite it.
      upgraded = migrate(doc, jobMigrations).doc
    } catch (e) {
      return `cannot be upgraded: ${String(e)}`
    }
    const parsed = jobSchema.safeParse(upgraded)
    if (!parsed.success) return `is not a valid job: ${parsed.error.message}`
    if (`${parsed.data.id}.json` !== name) return `holds job ${parsed.data.id}`
    const seq = /^seq (\d+)$/.exec(parsed.data.contact)
    return { hash: canonical, seq: seq ? Number(seq[1]) : -1 }
  }
  const entry = doc as { schemaVersion?: unknown; id?: unknown; seq?: unknown; text?: unknown }
  if (entry.schemaVersion !== 1 || `${String(entry.id)}.json` !== name) {
    return 'is not a valid outbox entry'
  }
  if (typeof entry.seq !== 'number' || !String(entry.text).startsWith(`${entry.seq}:`)) {
    return 'has a body that does not belong to its write'
  }
  return { hash: canonical, seq: entry.seq }
}

/** Every file of the lane against what was acknowledged. */
async function check(lane: Lane, when: string): Promise<void> {
  const seen = new Set<string>()
  for (const sub of ['jobs', 'outbox'] as const) {
    let names: string[]
    try {
      names = await readdir(join(lane.dir, sub))
    } catch {
      continue // Not created yet (killed before the first write).
    }
    for (const name of names) {
      const file = `${sub}/${name}`
      if (isTempFile(name)) {
        // A write cut short by the kill: hidden, never read as data, cleared at the next start.
        lane.tempFilesSeen++
        continue
      }
      if (!name.endsWith('.json')) {
        lane.violations.push(`${when}: unexpected ${file}`)
        continue
      }
      seen.add(file)
      lane.filesChecked++
      const got = inspect(sub, name, await readFile(join(lane.dir, file), 'utf8'))
      if (typeof got === 'string') {
        lane.violations.push(`${when}: ${file} ${got}`)
        continue
      }
      const ack = lane.acked.get(file)
      if (ack && got.hash !== ack.hash && got.seq <= ack.seq) {
        lane.violations.push(
          `${when}: ${file} is not the acknowledged write (seq ${ack.seq}) nor a later one (found seq ${got.seq})`,
        )
      }
    }
  }
  for (const file of lane.acked.keys()) {
    if (!seen.has(file)) lane.violations.push(`${when}: acknowledged ${file} is missing`)
  }
}

async function crashLane(index: number): Promise<Lane> {
  const lane: Lane = {
    dir: join(work, `lane-${index}`),
    acked: new Map(),
    ackCount: 0,
    filesChecked: 0,
    tempFilesSeen: 0,
    kills: { 'during-start-up': 0, 'after-ready-delay': 0, 'after-acks': 0 },
    violations: [],
  }
  await mkdir(join(lane.dir, 'jobs'), { recursive: true })
  await copyFile(V0_JOB, join(lane.dir, 'jobs', `${V0_ID}.json`))
  for (let run = 1; run <= KILLS_PER_LANE; run++) {
    const r = Math.random()
    const mode: KillMode =
      r < 0.15 ? 'during-start-up' : r < 0.55 ? 'after-ready-delay' : 'after-acks'
    await runOnce(lane, run, mode)
    await check(lane, `after kill ${run} (${mode})`)
    if (lane.violations.length > 20) break
  }
  return lane
}

/**
 * A last, in-process start of the real service on the folder: it loads every job file,
 * quarantines nothing, clears the temp files, and holds exactly what is on disk (the seeded v0
 * job included). Returns how many jobs it loaded.
 */
async function finalLoad(lane: Lane): Promise<number> {
  const jobsDir = join(lane.dir, 'jobs')
  // A minute on: the start-up cleans only temp files older than that (a younger one may be a
  // save in progress), and every writer of this lane is dead by now.
  const service = await createJobService({
    dataDir: jobsDir,
    now: () => new Date(Date.now() + 61_000),
  })
  const fail = (what: string) => lane.violations.push(`final load: ${what}`)
  for (const p of await service.problems()) fail(p.message)
  const names = (await readdir(jobsDir)).sort()
  if (names.some(isTempFile)) fail(`temp files left: ${names.filter(isTempFile).join(', ')}`)
  const listed = (await service.list()).map((j) => `${j.id}.json`).sort()
  if (JSON.stringify(listed) !== JSON.stringify(names)) {
    fail(`loaded ${listed.join(', ')} but the folder holds ${names.join(', ')}`)
  }
  if (!listed.includes(`${V0_ID}.json`)) fail('the seeded v0 job is gone')
  for (const name of listed) {
    const id = name.replace(/\.json$/, '')
    const onDisk: unknown = JSON.parse(await readFile(join(jobsDir, name), 'utf8'))
    if (JSON.stringify(await service.get(id)) !== JSON.stringify(onDisk)) {
      fail(`${name} differs from what the service loaded`)
    }
  }
  return listed.length
}

describe('durable store under kill -9', () => {
  it(`loses no acknowledged write across ${MIN_KILLS}+ SIGKILLs`, async () => {
    const started = Date.now()
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => crashLane(i)))

    let jobsLoaded = 0
    for (const lane of lanes) jobsLoaded += await finalLoad(lane)

    const sum = (f: (l: Lane) => number) => lanes.reduce((n, l) => n + f(l), 0)
    const kills = sum((l) => Object.values(l.kills).reduce((a, b) => a + b, 0))
    const byMode = (m: KillMode) => sum((l) => l.kills[m])
    console.log(
      [
        `store crash test (${command.how}, ${LANES} folders, ${((Date.now() - started) / 1000).toFixed(1)} s):`,
        `  kills: ${kills} (during start-up ${byMode('during-start-up')}, 0–30 ms after ready ${byMode('after-ready-delay')}, after 1–25 acks ${byMode('after-acks')})`,
        `  acknowledged writes: ${sum((l) => l.ackCount)} (files with an acknowledged write: ${sum((l) => l.acked.size)})`,
        `  files checked: ${sum((l) => l.filesChecked)} (after every kill); temp files left by kills: ${sum((l) => l.tempFilesSeen)} (never read as data)`,
        `  jobs loaded at the end: ${jobsLoaded}; violations: ${sum((l) => l.violations.length)}`,
      ].join('\n'),
    )

    // The first few are enough to see what went wrong.
    expect(lanes.flatMap((l) => l.violations).slice(0, 10)).toEqual([])
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS)
    expect(sum((l) => l.ackCount)).toBeGreaterThan(kills)
    // ~0.3 CPU-seconds per restart (node itself, then zod): ~35 s on two idle CPUs, more on a
    // shared machine.
  }, 240_000)
})
