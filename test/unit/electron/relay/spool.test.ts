import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'

import { afterEach, describe, expect, it } from 'vitest'

import { findMessageId, MessageTooLargeError, Spool } from '../../../../electron/relay/spool'

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
    const records = await reopened.open()
    expect(records.map((r) => r.messageId)).toEqual(['<dev-1@mfp>', added.messageId])
    expect(await text(reopened.openMessage(records[1]!))).toBe(first)
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
    expect(await readdir(join(spool.dir, 'incoming'))).toEqual([])
    expect(await readdir(spool.queueDir)).toEqual([])
    expect(spool.list()).toEqual([])
  })

  it('recovers after a crash: partial messages dropped, complete ones requeued in order', async () => {
    const dir = await spoolDir()
    const spool = new Spool(dir)
    await spool.open()
    const a = await spool.accept(chunks('Message-ID: <a@x>\r\n\r\na'), envelope)
    const b = await spool.accept(chunks('Message-ID: <b@x>\r\n\r\nb'), envelope)
    // What a crash at each step leaves behind:
    await writeFile(join(dir, 'incoming', '99999999999999-000009-deadbeef.part'), 'half a messa')
    await writeFile(
      join(spool.queueDir, '99999999999999-000010-deadbeef.eml'),
      'renamed, no record',
    )
    await writeFile(
      join(
        spool.queueDir,
        '.99999999999999-000011-deadbeef.json.0b7e3f4c-1111-4222-8333-944455556666.tmp',
      ),
      '{"half',
    )
    await writeFile(
      join(spool.queueDir, '99999999999999-000012-deadbeef.json'),
      JSON.stringify({ ...a, id: '99999999999999-000012-deadbeef' }),
    )
    const reopened = new Spool(dir)
    const records = await reopened.open()
    expect(records.map((r) => r.id)).toEqual([a.id, b.id])
    expect(await readdir(join(dir, 'incoming'))).toEqual([])
    expect((await readdir(reopened.queueDir)).sort()).toEqual(
      [`${a.id}.eml`, `${a.id}.json`, `${b.id}.eml`, `${b.id}.json`].sort(),
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
    const onDisk = JSON.parse(
      await readFile(join(spool.queueDir, `${b.id}.json`), 'utf8'),
    ) as unknown
    expect(onDisk).toMatchObject({ state: 'failed' })
  })
})
