/**
 * The writer in the store crash test (test/integration/store-crash.test.ts), killed with SIGKILL
 * at random moments and started again on the same folder:
 *
 *   node --import tsx test/helpers/store-crash-child.ts <dir> [run]
 *
 * It loads `<dir>/jobs` through the real job service, then writes for ever: new jobs, job saves,
 * and outbox-like entries written through writeFileAtomic into `<dir>/outbox/<id>.json`. Once a
 * write is acknowledged (its await resolved) it prints
 *
 *   ACK <file> <sha256 of the content> <seq>
 *
 * where `<file>` is relative to `<dir>` and `<seq>` orders every write across runs (`run` comes
 * from the parent), so the parent can tell a later, unacknowledged write that landed from damage.
 * Start-up prints `READY <problems> <jobs>` (problems: files the service had to quarantine).
 *
 * Lines go out with a synchronous write to fd 1: an ACK printed must already be in the pipe when
 * the kill lands, and an ACK must never be printed before its write is durable.
 */
import { createHash } from 'node:crypto'
import { writeSync } from 'node:fs'
import { join } from 'node:path'

import { createJobService } from '../../electron/services/job-service'
import { writeFileAtomic } from '../../electron/store/atomic-write'
import { removeStaleTempFiles } from '../../electron/store/stale-temp-files'
import type { Job } from '../../shared/job-types'

/** Few enough files that a restart's load stays cheap; enough that saves overlap on disk. */
const MAX_JOBS = 12
const OUTBOX_IDS = 12
/** Concurrent writers: different files at once, never two writes to one file at once. */
const WORKERS = 4

// Nothing free to write: give the event loop a turn (a bare `return` would spin on microtasks
// and starve the very writes being waited for).
const idle = () => new Promise<void>((resolve) => setImmediate(resolve))

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

function say(line: string): void {
  const buf = Buffer.from(`${line}\n`)
  for (let off = 0; off < buf.length;) {
    try {
      off += writeSync(1, buf, off)
    } catch (e) {
      // A full pipe on a non-blocking fd: wait for the parent to read, then go on.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e
    }
  }
}

/**
 * A few bytes to a few KB, so writes differ in size and a torn one would show; under the job
 * schema's 4000-character limit for a checklist note (the service saves what it is given, and a
 * job over a limit would be quarantined at the next start).
 */
function filler(seq: number): string {
  return `${seq}:`.padEnd(Math.floor(Math.random() * 3900), 'abcdefghij')
}

async function main(): Promise<void> {
  const dir = process.argv[2]
  if (!dir) throw new Error('usage: store-crash-child.ts <dir> [run]')
  const run = Number(process.argv[3] ?? '0')
  let counter = 0
  const nextSeq = () => run * 1_000_000 + ++counter

  const jobs = await createJobService({ dataDir: join(dir, 'jobs') })
  const outboxDir = join(dir, 'outbox')
  // What the outbox itself does at start-up: drop temp files a killed write left behind.
  await removeStaleTempFiles(outboxDir)
  const ids = (await jobs.list()).map((j) => j.id)
  say(`READY ${(await jobs.problems()).length} ${ids.length}`)

  const busy = new Set<string>()
  const pick = (pool: string[]): string | undefined => {
    const free = pool.filter((id) => !busy.has(id))
    return free[Math.floor(Math.random() * free.length)]
  }
  const outboxIds = Array.from(
    { length: OUTBOX_IDS },
    (_, i) => `entry-${String(i).padStart(4, '0')}`,
  )

  const step = async (): Promise<void> => {
    const r = Math.random()
    if ((r < 0.15 && ids.length < MAX_JOBS) || ids.length === 0) {
      const job = await jobs.create()
      ids.push(job.id)
      say(`ACK jobs/${job.id}.json ${sha256(JSON.stringify(job))} -1`)
      return
    }
    if (r < 0.6) {
      const id = pick(ids)
      if (!id) return idle()
      busy.add(id)
      try {
        const seq = nextSeq()
        const current = await jobs.get(id)
        const next: Job = {
          ...current,
          customer: `Customer ${seq % 97}`,
          contact: `seq ${seq}`,
          checklist: { crash: { done: seq % 2 === 0, note: filler(seq) } },
        }
        await jobs.save(next)
        say(`ACK jobs/${id}.json ${sha256(JSON.stringify(await jobs.get(id)))} ${seq}`)
      } finally {
        busy.delete(id)
      }
      return
    }
    const id = pick(outboxIds)
    if (!id) return idle()
    busy.add(id)
    try {
      const seq = nextSeq()
      const body = JSON.stringify({
        schemaVersion: 1,
        id,
        seq,
        to: 'helpdesk@contoso.test',
        text: filler(seq),
      })
      await writeFileAtomic(join(outboxDir, `${id}.json`), body)
      say(`ACK outbox/${id}.json ${sha256(body)} ${seq}`)
    } finally {
      busy.delete(id)
    }
  }

  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (;;) await step()
    }),
  )
}

main().catch((e: unknown) => {
  // Any exit other than the parent's SIGKILL fails the test: say why on stderr.
  writeSync(2, `store-crash-child failed: ${e instanceof Error ? (e.stack ?? e.message) : e}\n`)
  process.exit(1)
})
