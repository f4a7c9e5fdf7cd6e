import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'

import { afterEach, describe, expect, it } from 'vitest'

import {
  findMessageId,
  MessageTooLargeError,
  readQueue,
  Spool,
} from '../../../../electron/relay/spool'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

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
    const spool = new Spool(await spoolDir())
    await spool.open()
    await expect(
      spool.accept(chunks('x'.repeat(100)), envelope, Infinity, () => true),
    ).rejects.toBeInstanceOf(MessageTooLargeError)
    // Past the limit nothing more is written, and nothing is kept.
    await expect(
      spool.accept(chunks('x'.repeat(60), 'y'.repeat(60)), envelope, 100),
    ).rejects.toBeInstanceOf(MessageTooLargeError)
    expect(await readdir(spool.queueDir)).toEqual([])
    expect(spool.list()).toEqual([])
  })

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
    expect((await readQueue(spool.queueDir)).map((r) => r.id)).toEqual([a.id, b.id])
    expect(await readdir(spool.queueDir)).toHaveLength(7)

    const reopened = new Spool(dir)
    const entries = await reopened.open()
    expect(entries.map((r) => r.id)).toEqual([a.id, b.id])
    expect(entries[1]).toMatchObject({ attempts: 2, lastError: 'busy' })
    expect((await readdir(reopened.queueDir)).sort()).toEqual(
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
