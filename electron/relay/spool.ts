/**
 * The relay's durable queue. A message streams to a temp file (never whole in memory), which is
 * flushed, renamed into the queue and the folder flushed; then its envelope record is written
 * atomically. Only then may the device be told 250. A crash leaves temp files (dropped on start)
 * or complete messages (requeued): an acknowledged message is never lost.
 */
import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'

import { ensureDir, fsyncDir, isTempFile, writeFileAtomic } from '../store/atomic-write'

export interface SpoolFailure {
  at: string
  /** The server's reply, or what went wrong on the way. */
  reply: string
  gateTitle: string
  meaning: string
  fix: string
}

export interface SpoolRecord {
  id: string
  receivedAt: string
  mailFrom: string
  rcptTo: string[]
  /** Bytes as the device sent them (without a Message-ID the relay adds). */
  size: number
  /** With its angle brackets; the same on every attempt. */
  messageId: string
  /** The message had none: the relay puts `Message-ID: <messageId>` in front when sending. */
  addMessageIdHeader: boolean
  clientAddress: string
  state: 'queued' | 'failed'
  attempts: number
  nextAttemptAt: string
  lastError: string | null
  failure: SpoolFailure | null
}

export interface AcceptedEnvelope {
  mailFrom: string
  rcptTo: string[]
  clientAddress: string
}

/** The device sent more than the size limit: nothing was kept. */
export class MessageTooLargeError extends Error {
  constructor() {
    super('message exceeds the size limit')
    this.name = 'MessageTooLargeError'
  }
}

export const QUEUE_DIR = 'queue'
export const INCOMING_DIR = 'incoming'
const HEADER_SCAN_LIMIT = 64 * 1024

/** The Message-ID in a message's header block, or null. */
export function findMessageId(header: string): string | null {
  const end = header.search(/\r?\n\r?\n/)
  const block = (end === -1 ? header : header.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ')
  const value = /^message-id:[ \t]*(.*)$/im.exec(block)?.[1]
  const id = value ? /<[^<>\s]{1,900}>/.exec(value)?.[0] : undefined
  return id ?? null
}

function newMessageId(mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]{1,253})$/.exec(mailFrom)?.[1] ?? 'scanpath-relay.invalid'
  return `<${randomUUID()}@${domain}>`
}

function isRecord(v: unknown): v is SpoolRecord {
  const r = v as Partial<SpoolRecord> | null
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.id === 'string' &&
    typeof r.messageId === 'string' &&
    typeof r.mailFrom === 'string' &&
    Array.isArray(r.rcptTo) &&
    (r.state === 'queued' || r.state === 'failed')
  )
}

/** Every record in a queue folder, oldest first; reads only (for `relay status`). */
export async function readQueue(queueDir: string): Promise<SpoolRecord[]> {
  let names: string[]
  try {
    names = await readdir(queueDir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
  const records: SpoolRecord[] = []
  for (const name of names.filter((n) => n.endsWith('.json') && !isTempFile(n)).sort()) {
    try {
      const v: unknown = JSON.parse(await readFile(join(queueDir, name), 'utf8'))
      if (isRecord(v)) records.push(v)
    } catch {
      // Removed meanwhile, or not ours: not a queued message.
    }
  }
  return records
}

export class Spool {
  readonly queueDir: string
  private readonly incomingDir: string
  private readonly records = new Map<string, SpoolRecord>()
  private counter = 0

  constructor(readonly dir: string) {
    this.queueDir = join(dir, QUEUE_DIR)
    this.incomingDir = join(dir, INCOMING_DIR)
  }

  /** Opens the spool after a stop or a crash: partial messages dropped, complete ones requeued. */
  async open(): Promise<SpoolRecord[]> {
    await ensureDir(this.incomingDir)
    await ensureDir(this.queueDir)
    for (const name of await readdir(this.incomingDir))
      await unlink(join(this.incomingDir, name)).catch(() => {})
    const names = new Set(await readdir(this.queueDir))
    for (const name of names) {
      if (isTempFile(name)) await unlink(join(this.queueDir, name)).catch(() => {})
    }
    this.records.clear()
    for (const record of await readQueue(this.queueDir)) {
      if (names.has(`${record.id}.eml`)) this.records.set(record.id, record)
      else await unlink(join(this.queueDir, `${record.id}.json`)).catch(() => {})
    }
    // A message file without its record was never acknowledged: the device will send it again.
    for (const name of names) {
      const id = name.endsWith('.eml') ? name.slice(0, -4) : null
      if (id !== null && !this.records.has(id))
        await unlink(join(this.queueDir, name)).catch(() => {})
    }
    await fsyncDir(this.queueDir)
    return this.list()
  }

  /** Every record, oldest first. */
  list(): SpoolRecord[] {
    return [...this.records.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  get(id: string): SpoolRecord | undefined {
    return this.records.get(id)
  }

  /**
   * Streams one message to disk and queues it durably; resolves once the device may be told 250.
   * Past `maxBytes` nothing more is written (the rest is only drained), so an oversize message
   * cannot fill the disk; `tooLarge` is asked at the end too (smtp-server's sizeExceeded).
   */
  async accept(
    data: AsyncIterable<Buffer>,
    envelope: AcceptedEnvelope,
    maxBytes = Infinity,
    tooLarge: () => boolean = () => false,
  ): Promise<SpoolRecord> {
    const now = new Date()
    this.counter = (this.counter + 1) % 1_000_000
    const id = `${String(now.getTime()).padStart(14, '0')}-${String(this.counter).padStart(6, '0')}-${randomUUID().slice(0, 8)}`
    const tmp = join(this.incomingDir, `${id}.part`)
    const handle = await open(tmp, 'wx', 0o600)
    let size = 0
    let head = ''
    try {
      for await (const chunk of data) {
        if (head.length < HEADER_SCAN_LIMIT) head += chunk.toString('latin1', 0, HEADER_SCAN_LIMIT)
        size += chunk.length
        if (size <= maxBytes) await handle.write(chunk)
      }
      if (size > maxBytes || tooLarge()) throw new MessageTooLargeError()
      await handle.sync()
      await handle.close()
    } catch (e) {
      await handle.close().catch(() => {})
      await unlink(tmp).catch(() => {})
      throw e
    }
    const found = findMessageId(head)
    const record: SpoolRecord = {
      id,
      receivedAt: now.toISOString(),
      mailFrom: envelope.mailFrom,
      rcptTo: envelope.rcptTo,
      size,
      messageId: found ?? newMessageId(envelope.mailFrom),
      addMessageIdHeader: found === null,
      clientAddress: envelope.clientAddress,
      state: 'queued',
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      lastError: null,
      failure: null,
    }
    try {
      await rename(tmp, join(this.queueDir, `${id}.eml`))
      await fsyncDir(this.queueDir)
      await writeFileAtomic(join(this.queueDir, `${id}.json`), JSON.stringify(record))
    } catch (e) {
      await unlink(tmp).catch(() => {})
      await unlink(join(this.queueDir, `${id}.eml`)).catch(() => {})
      throw e
    }
    this.records.set(id, record)
    return record
  }

  /** The message as it goes to Microsoft 365: with the Message-ID header when it had none. */
  openMessage(record: SpoolRecord): Readable {
    const file = join(this.queueDir, `${record.id}.eml`)
    if (!record.addMessageIdHeader) return createReadStream(file)
    const prefix = Buffer.from(`Message-ID: ${record.messageId}\r\n`, 'latin1')
    return Readable.from(
      (async function* () {
        yield prefix
        for await (const chunk of createReadStream(file)) yield chunk as Buffer
      })(),
    )
  }

  /** Updates a record (retry time, failure) durably. */
  async update(id: string, change: Partial<SpoolRecord>): Promise<SpoolRecord> {
    const current = this.records.get(id)
    if (!current) throw new Error(`no queued message ${id}`)
    const next = { ...current, ...change, id }
    await writeFileAtomic(join(this.queueDir, `${id}.json`), JSON.stringify(next))
    this.records.set(id, next)
    return next
  }

  /** Microsoft 365 took the message (250 to DATA): it leaves the queue. */
  async remove(id: string): Promise<void> {
    // The record goes first: without it the message file is dropped on the next start.
    await unlink(join(this.queueDir, `${id}.json`)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e
    })
    await fsyncDir(this.queueDir)
    this.records.delete(id)
    await unlink(join(this.queueDir, `${id}.eml`)).catch(() => {})
  }
}
