import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'

import { afterEach, describe, expect, it, vi } from 'vitest'

import {
  findMessageId,
  MessageTooLargeError,
  readQueue,
  SPARE_FILES,
  Spool,
} from '../../../../electron/relay/spool'

const dirs: string[] = []
const open: Spool[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()))
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** A spool opened on `dir` (a new folder if none), closed after the test. */
async function opened(dir?: string): Promise<Spool> {
  const spool = new Spool(dir ?? (await spoolDir()))
  open.push(spool)
  await spool.open()
  return spool
}

/** The queue folder's files, split into those with content and the empty spares. */
async function queueFiles(spool: Spool): Promise<{ kept: string[]; spares: string[] }> {
  const kept: string[] = []
  const spares: string[] = []
  for (const name of (await readdir(spool.queueDir)).sort()) {
    const empty = (await stat(join(spool.queueDir, name))).size === 0
    ;(empty && name.endsWith('.msg') ? spares : kept).push(name)
  }
  return { kept, spares }
}

async function spoolDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'relay-spool-unit-'))
  dirs.push(d)
  return d
}

const envelope = {
  mailFrom: 'scanner@contoso.example',
  rcptTo: ['a@contoso.example'],
  clientAddress: '192.168.1.50',
}

function chunks(...parts: string[]): AsyncIterable<Buffer> {
  return Readable.from(parts.map((p) => Buffer.from(p, 'latin1')))
}

async function text(stream: Readable): Promise<string> {
  let s = ''
  for await (const c of stream) s += (c as Buffer).toString('latin1')
  return s
}

describe('relay spool', () => {
  it('finds a Message-ID in the header, folded or not, and never in the body', () => {
    expect(findMessageId('Subject: x\r\nMessage-ID: <a@b>\r\n\r\nbody')).toBe('<a@b>')
    expect(findMessageId('message-id:\r\n <folded@b>\r\n\r\n')).toBe('<folded@b>')
    expect(findMessageId('Subject: x\r\n\r\nMessage-ID: <in-body@b>\r\n')).toBeNull()
    expect(findMessageId('Message-ID: no brackets\r\n\r\n')).toBeNull()
  })

  it('keeps the device Message-ID, or adds one that every reading repeats', async () => {
    const spool = new Spool(await spoolDir())
    await spool.open()
    const kept = await spool.accept(chunks('Message-ID: <dev-1@mfp>\r\n', '\r\nscan\r\n'), envelope)
    expect(kept).toMatchObject({ messageId: '<dev-1@mfp>', addMessageIdHeader: false, size: 33 })
    const added = await spool.accept(chunks('Subject: scan\r\n\r\n', 'data\r\n'), envelope)
    expect(added.messageId).toMatch(/^<[0-9a-f-]{36}@contoso\.example>$/)
    const first = await text(spool.openMessage(added))
    expect(first).toBe(`Message-ID: ${added.messageId}\r\nSubject: scan\r\n\r\ndata\r\n`)
    // After a restart the same id is used.
    const reopened = new Spool(spool.dir)
    const entries = await reopened.open()
    expect(entries.map((r) => r.messageId)).toEqual(['<dev-1@mfp>', added.messageId])
    const record = await reopened.read(entries[1]!.id)
    expect(record).toEqual(added)
    expect(await text(reopened.openMessage(record!))).toBe(first)
    // The device's bytes only: the record after them is never sent.
    expect(await text(reopened.openMessage(kept))).toBe('Message-ID: <dev-1@mfp>\r\n\r\nscan\r\n')
  })

  it('keeps in memory one small entry per message: no recipients, no content', async () => {
    const spool = new Spool(await spoolDir())
    await spool.open()
    const many = {
      ...envelope,
      rcptTo: Array.from({ length: 300 }, (_, i) => `r${i}@contoso.example`),
    }
    const r = await spool.accept(chunks('Message-ID: <m@x>\r\n\r\n', 'x'.repeat(100_000)), many)
    const entry = spool.get(r.id)
    expect(entry).toMatchObject({ id: r.id, recipients: 300, size: r.size })
    expect(entry).not.toHaveProperty('rcptTo')
    expect(JSON.stringify(entry).length).toBeLessThan(600)
    expect((await spool.read(r.id))?.rcptTo).toEqual(many.rcptTo)
  })

  it('queues a burst of messages at once, sharing folder flushes, and loses none', async () => {
    const spool = new Spool(await spoolDir())
    await spool.open()
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        spool.accept(chunks(`Message-ID: <burst-${i}@x>\r\n\r\n`, 'x'.repeat(i * 100)), envelope),
      ),
    )
    await Promise.all(burst.slice(0, 10).map((r) => spool.remove(r.id)))
    const reopened = await new Spool(spool.dir).open()
    expect(reopened.map((r) => r.messageId).sort()).toEqual(
      burst
        .slice(10)
        .map((r) => r.messageId)
        .sort(),
    )
  })

  it('keeps nothing of a message over the size limit', async () => {
    const spool = await opened()
    await expect(
      spool.accept(chunks('x'.repeat(100)), envelope, Infinity, () => true),
    ).rejects.toBeInstanceOf(MessageTooLargeError)
    // Past the limit nothing more is written, and nothing is kept.
    await expect(
      spool.accept(chunks('x'.repeat(60), 'y'.repeat(60)), envelope, 100),
    ).rejects.toBeInstanceOf(MessageTooLargeError)
    expect((await queueFiles(spool)).kept).toEqual([])
    expect(spool.list()).toEqual([])
  })

  it('keeps empty files ready, made in batches, so a message waits for no new name', async () => {
    const { low, max } = SPARE_FILES
    const spool = await opened()
    const spares = async (s = spool) => (await queueFiles(s)).spares
    await vi.waitFor(async () => expect(await spares()).toHaveLength(max))
    const ready = await spares()
    // Each message goes into the oldest ready file; none is made again until fewer than `low`
    // are left, then enough for `max` at once.
    const taken: string[] = []
    for (let i = 0; i <= max - low; i++) {
      const r = await spool.accept(chunks(`Message-ID: <s-${i}@x>\r\n\r\n${i}`), envelope)
      taken.push(`${r.id}.msg`)
    }
    expect(taken).toEqual(ready.slice(0, max - low + 1))
    await vi.waitFor(async () => expect(await spares()).toHaveLength(max))
    expect((await queueFiles(spool)).kept).toEqual(taken)
    // A stop removes them; a crash leaves them, and they are dropped on start like any file
    // without a record.
    await spool.close()
    expect(await queueFiles(spool)).toEqual({ kept: taken, spares: [] })
    const crashed = await opened(spool.dir)
    await vi.waitFor(async () => expect(await spares(crashed)).toHaveLength(max))
    const left = await spares(crashed)
    const restarted = await opened(spool.dir)
    expect(restarted.list()).toHaveLength(taken.length)
    await vi.waitFor(async () => expect(await spares(restarted)).toHaveLength(max))
    expect((await spares(restarted)).filter((n) => left.includes(n))).toEqual([])
  })

  it('loses no acknowledged message when its spares, or the whole queue folder, are removed by hand', async () => {
    const spool = await opened()
    const spares = async () => (await queueFiles(spool)).spares
    await vi.waitFor(async () => expect(await spares()).toHaveLength(SPARE_FILES.max))
    // The empty files deleted (they look like leftovers): the message gets a file of its own.
    await Promise.all((await spares()).map((n) => rm(join(spool.queueDir, n))))
    const a = await spool.accept(chunks('Message-ID: <a@x>\r\n\r\na'), envelope)
    expect((await queueFiles(spool)).kept).toEqual([`${a.id}.msg`])
    // The whole queue folder deleted: it is made again for the next message.
    await vi.waitFor(async () => expect(await spares()).toHaveLength(SPARE_FILES.max))
    await rm(spool.queueDir, { recursive: true })
    const b = await spool.accept(chunks('Message-ID: <b@x>\r\n\r\nb'), envelope)
    await spool.close()
    const reopened = await opened(spool.dir)
    expect(reopened.list().map((r) => r.id)).toEqual([b.id])
    expect(a.id < b.id).toBe(true)
  })

  it('gives messages names in the order they come, while spares are still being made', async () => {
    const spool = await opened()
    const ids: string[] = []
    for (let i = 0; i < 12; i++)
      ids.push((await spool.accept(chunks(`Message-ID: <o-${i}@x>\r\n\r\n${i}`), envelope)).id)
    expect([...ids].sort()).toEqual(ids)
    const reopened = await opened(spool.dir)
    expect(reopened.list().map((r) => r.messageId)).toEqual(ids.map((_, i) => `<o-${i}@x>`))
  })

  it.skipIf(process.getuid?.() !== 0)(
    'refuses a message the disk cannot hold, keeps nothing of it, and takes the next',
    async () => {
      // A 256 KiB file system (mounting one needs root, as CI runs).
      const dir = await spoolDir()
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', dir])
      try {
        const spool = await opened(dir)
        const big = 'x'.repeat(64 * 1024)
        const failed = spool.accept(
          chunks('Message-ID: <big@x>\r\n\r\n', big, big, big, big, big),
          envelope,
        )
        await expect(failed).rejects.toThrow(/ENOSPC|disk full/)
        expect((await queueFiles(spool)).kept).toEqual([])
        expect(spool.list()).toEqual([])
        const small = await spool.accept(chunks('Message-ID: <small@x>\r\n\r\nok'), envelope)
        await spool.close()
        const reopened = await opened(dir)
        expect(reopened.list().map((r) => r.id)).toEqual([small.id])
        await reopened.close()
      } finally {
        execFileSync('umount', [dir])
      }
    },
  )

  it('recovers after a crash: partial messages dropped, complete ones requeued in order', async () => {
    const dir = await spoolDir()
    const spool = new Spool(dir)
    await spool.open()
    const a = await spool.accept(chunks('Message-ID: <a@x>\r\n\r\na'), envelope)
    const b = await spool.accept(chunks('Message-ID: <b@x>\r\n\r\nb'), envelope)
    await spool.update(b.id, { attempts: 2, lastError: 'busy' })
    const whole = await readFile(join(spool.queueDir, `${a.id}.msg`))
    // What a crash at each step leaves behind: a message still streaming in (no trailer yet), a
    // record cut off inside the trailer, a rewritten record whose message already left, a temp.
    await writeFile(join(spool.queueDir, '99999999999999-000009-deadbeef.msg'), 'half a messa')
    await writeFile(
      join(spool.queueDir, '99999999999999-000010-deadbeef.msg'),
      whole.subarray(0, whole.length - 3),
    )
    await writeFile(
      join(spool.queueDir, '99999999999999-000011-deadbeef.json'),
      JSON.stringify({ ...a, id: '99999999999999-000011-deadbeef' }),
    )
    await writeFile(
      join(
        spool.queueDir,
        '.99999999999999-000012-deadbeef.json.0b7e3f4c-1111-4222-8333-944455556666.tmp',
      ),
      '{"half',
    )
    // `relay status` meanwhile reads only the complete ones, and changes nothing.
    const before = await readdir(spool.queueDir)
    expect((await readQueue(spool.queueDir)).map((r) => r.id)).toEqual([a.id, b.id])
    expect((await readdir(spool.queueDir)).sort()).toEqual(before.sort())
    expect((await queueFiles(spool)).kept).toHaveLength(7)

    const reopened = await opened(dir)
    const entries = reopened.list()
    expect(entries.map((r) => r.id)).toEqual([a.id, b.id])
    expect(entries[1]).toMatchObject({ attempts: 2, lastError: 'busy' })
    expect((await queueFiles(reopened)).kept).toEqual(
      [`${a.id}.msg`, `${b.id}.msg`, `${b.id}.json`].sort(),
    )
  })

  it('removes a delivered message and keeps a failed one with its explanation', async () => {
    const spool = new Spool(await spoolDir())
    await spool.open()
    const a = await spool.accept(chunks('\r\na'), envelope)
    const b = await spool.accept(chunks('\r\nb'), envelope)
    await spool.remove(a.id)
    const failure = {
      at: 'now',
      reply: '550 5.7.60 no',
      gateTitle: 'Not allowed',
      meaning: 'm',
      fix: 'f',
    }
    await spool.update(b.id, { state: 'failed', failure })
    const after = await new Spool(spool.dir).open()
    expect(after).toEqual([expect.objectContaining({ id: b.id, state: 'failed', failure })])
    expect(await readdir(spool.queueDir)).not.toContain(`${a.id}.msg`)
    const onDisk = JSON.parse(
      await readFile(join(spool.queueDir, `${b.id}.json`), 'utf8'),
    ) as unknown
    expect(onDisk).toMatchObject({ state: 'failed' })
  })
})
