/**
 * The relay's durable queue, one file per message: `queue/<id>.msg` holds the message as the
 * device sent it, then its envelope record and a fixed trailer that says where the record starts.
 * The file is created under its final name, and the folder flushed, before the message comes: the
 * spool keeps empty files ready ("spares"), so a device's DATA waits for neither. The message
 * streams into one (never whole in memory); the record and trailer are written last, with the
 * message's last chunk, and the file flushed: only then may the device be told 250. A file
 * without a valid trailer (a spare, or a message cut short) was never acknowledged and is
 * dropped on start. A record that changes later (retry time, failure) is rewritten atomically
 * beside it as `<id>.json`. In memory the relay keeps one small entry per message, without its
 * recipients or content.
 */
import { randomUUID } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises'
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

/** What the relay keeps in memory of a queued message: its record without the recipients. */
export type SpoolEntry = Omit<SpoolRecord, 'rcptTo'> & { recipients: number }

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
const MESSAGE_EXT = '.msg'
const RECORD_EXT = '.json'
const HEADER_SCAN_LIMIT = 64 * 1024
const REMOVAL_FLUSH_MS = 1000
/**
 * Empty message files kept ready, their names already flushed. They are made in batches (when
 * fewer than `low` are left, enough to have `max` again) under one folder flush, so making them
 * costs a fraction of a flush per message and seldom competes with a message's own flush.
 */
export const SPARE_FILES = { low: 8, max: 16 } as const
/** Ends every complete message file: the record's length in bytes, fixed width. */
const TRAILER_TAG = '\nSCANPATH-RELAY-RECORD '
const TRAILER_LEN = TRAILER_TAG.length + 10 + 1
const TRAILER = /^\nSCANPATH-RELAY-RECORD (\d{10})\n$/

function trailer(recordBytes: number): string {
  return `${TRAILER_TAG}${String(recordBytes).padStart(10, '0')}\n`
}

/** The Message-ID in a message's header block, or null. */
export function findMessageId(header: string): string | null {
  const end = header.search(/\r?\n\r?\n/)
  const block = (end === -1 ? header : header.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ')
  const value = /^message-id:[ \t]*(.*)$/im.exec(block)?.[1]
  const id = value ? /<[^<>\s]{1,900}>/.exec(value)?.[0] : undefined
  // A copy, not a slice: a slice would keep the whole scanned header alive with the record.
  return id === undefined ? null : Buffer.from(id, 'latin1').toString('latin1')
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
    typeof r.receivedAt === 'string' &&
    typeof r.nextAttemptAt === 'string' &&
    typeof r.size === 'number' &&
    Array.isArray(r.rcptTo) &&
    (r.state === 'queued' || r.state === 'failed')
  )
}

/** A message file made ready before any message: its name is on disk, its content empty. */
interface Spare {
  id: string
  handle: FileHandle
}

/**
 * Writes every byte or throws: a regular file takes a short write only when the disk is full, and
 * a message with bytes missing must never be acknowledged.
 */
async function writeAll(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  const total = buffers.reduce((n, b) => n + b.length, 0)
  const { bytesWritten } = await handle.writev(buffers)
  if (bytesWritten !== total)
    throw new Error(`only ${bytesWritten} of ${total} bytes written: is the disk full?`)
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ENOENT'
}

/**
 * The record a complete message file ends with; null while it is still being written, after a
 * crash cut it short, or when the file is not ours.
 */
async function readRecordFile(path: string): Promise<SpoolRecord | null> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (e) {
    if (isMissing(e)) return null
    throw e
  }
  try {
    const { size } = await handle.stat()
    if (size < TRAILER_LEN) return null
    const tail = Buffer.alloc(TRAILER_LEN)
    await handle.read(tail, 0, TRAILER_LEN, size - TRAILER_LEN)
    const length = Number(TRAILER.exec(tail.toString('latin1'))?.[1] ?? NaN)
    if (!Number.isSafeInteger(length) || length > size - TRAILER_LEN) return null
    const json = Buffer.alloc(length)
    await handle.read(json, 0, length, size - TRAILER_LEN - length)
    const v: unknown = JSON.parse(json.toString('utf8'))
    return isRecord(v) && v.size + length + TRAILER_LEN === size ? v : null
  } catch {
    return null
  } finally {
    await handle.close()
  }
}

/** The record as it stands: the rewritten one beside the message, else the message file's own. */
async function currentRecord(queueDir: string, id: string): Promise<SpoolRecord | null> {
  const own = await readRecordFile(join(queueDir, `${id}${MESSAGE_EXT}`))
  if (!own) return null
  try {
    const v: unknown = JSON.parse(await readFile(join(queueDir, `${id}${RECORD_EXT}`), 'utf8'))
    if (isRecord(v) && v.id === id) return v
  } catch {
    // No rewritten record (the usual case), or one cut short before its rename: the own one.
  }
  return own
}

function messageIds(names: string[]): string[] {
  return names
    .filter((n) => n.endsWith(MESSAGE_EXT) && !n.startsWith('.'))
    .map((n) => n.slice(0, -MESSAGE_EXT.length))
    .sort()
}

/** Every complete record in a queue folder, oldest first; reads only (for `relay status`). */
export async function readQueue(queueDir: string): Promise<SpoolRecord[]> {
  let names: string[]
  try {
    names = await readdir(queueDir)
  } catch (e) {
    if (isMissing(e)) return []
    throw e
  }
  const records: SpoolRecord[] = []
  for (const id of messageIds(names)) {
    const record = await currentRecord(queueDir, id)
    if (record) records.push(record)
  }
  return records
}

function entryOf(record: SpoolRecord): SpoolEntry {
  const { rcptTo, ...rest } = record
  return { ...rest, recipients: rcptTo.length }
}

export class Spool {
  readonly queueDir: string
  private readonly entries = new Map<string, SpoolEntry>()
  private counter = 0
  /** The folder flush under way, and the one that will start after it (shared by all asking). */
  private flushing: Promise<void> | null = null
  private nextFlush: Promise<void> | null = null
  private removalFlush: NodeJS.Timeout | null = null
  /** The queue folder, open for flushing (one call per flush instead of open, flush, close). */
  private folder: Promise<FileHandle> | null = null
  /** Spares in the order they were named (ready or still being made; null if one failed). */
  private readonly spares: Promise<Spare | null>[] = []
  private closed = false

  constructor(readonly dir: string) {
    this.queueDir = join(dir, QUEUE_DIR)
  }

  private messageFile(id: string): string {
    return join(this.queueDir, `${id}${MESSAGE_EXT}`)
  }

  private recordFile(id: string): string {
    return join(this.queueDir, `${id}${RECORD_EXT}`)
  }

  /** One flush of the queue folder, through a handle kept open for it. */
  private syncFolder(): Promise<void> {
    // Windows cannot open a folder for a flush; NTFS journals new names itself (fsyncDir).
    if (process.platform === 'win32') return fsyncDir(this.queueDir)
    const folder = (this.folder ??= open(this.queueDir, 'r'))
    return folder.then(
      (h) => h.sync(),
      (e: unknown) => {
        if (this.folder === folder) this.folder = null
        throw e
      },
    )
  }

  /**
   * Flushes the queue folder, so every name created or removed before the call is on disk when
   * it resolves. Callers share flushes: one asking while a flush runs waits for the next one
   * (which starts after its change), so a burst of messages costs two flushes, not one each.
   */
  private flushFolder(): Promise<void> {
    if (this.nextFlush) return this.nextFlush
    if (!this.flushing) {
      const run = this.syncFolder().finally(() => {
        if (this.flushing === run) this.flushing = null
      })
      this.flushing = run
      return run
    }
    const after = this.flushing
      .catch(() => {})
      .then(() => {
        this.nextFlush = null
        const run = this.syncFolder().finally(() => {
          if (this.flushing === run) this.flushing = null
        })
        this.flushing = run
        return run
      })
    this.nextFlush = after
    return after
  }

  /** Opens the spool after a stop or a crash: partial messages dropped, complete ones requeued. */
  async open(): Promise<SpoolEntry[]> {
    await ensureDir(this.queueDir)
    const names = await readdir(this.queueDir)
    this.entries.clear()
    for (const id of messageIds(names)) {
      const record = await currentRecord(this.queueDir, id)
      // Cut short by a crash before its trailer: the device was never told 250 and sends again.
      if (record) this.entries.set(id, entryOf(record))
      else await unlink(this.messageFile(id)).catch(() => {})
    }
    for (const name of names) {
      const orphan =
        name.endsWith(RECORD_EXT) && !this.entries.has(name.slice(0, -RECORD_EXT.length))
      if (isTempFile(name) || orphan) await unlink(join(this.queueDir, name)).catch(() => {})
    }
    await fsyncDir(this.queueDir)
    this.closed = false
    this.makeSpares()
    return this.list()
  }

  private newId(): string {
    this.counter = (this.counter + 1) % 1_000_000
    return `${String(Date.now()).padStart(14, '0')}-${String(this.counter).padStart(6, '0')}-${randomUUID().slice(0, 8)}`
  }

  /**
   * Tops the spares up in the background. A spare that cannot be made (a full disk, a folder gone)
   * is simply missing: the next message then makes its own file and its device hears why not.
   */
  private makeSpares(): void {
    if (this.closed || this.spares.length >= SPARE_FILES.low) return
    const ids = Array.from({ length: SPARE_FILES.max - this.spares.length }, () => this.newId())
    const batch = Promise.all(
      ids.map((id) =>
        open(this.messageFile(id), 'wx', 0o600).then(
          (handle): Spare => ({ id, handle }),
          () => null,
        ),
      ),
    ).then(async (made) => {
      try {
        await this.flushFolder()
        return made
      } catch {
        await Promise.all(made.map((m) => m && this.discard(m)))
        return made.map(() => null)
      }
    })
    ids.forEach((_, i) => this.spares.push(batch.then((made) => made[i] ?? null)))
  }

  private async discard(spare: Spare): Promise<void> {
    await spare.handle.close().catch(() => {})
    await unlink(this.messageFile(spare.id)).catch(() => {})
  }

  /**
   * The oldest spare (waiting for it if it is still being made, so messages take names in the
   * order they come); a new file, whose name is flushed while the message streams, if it failed.
   */
  private async messageFileFor(): Promise<{
    id: string
    handle: FileHandle
    named: Promise<unknown>
  }> {
    for (let next = this.spares.shift(); next; next = this.spares.shift()) {
      const spare = await next
      if (!spare) break
      // A spare removed from outside (the queue folder cleared by hand) would take the message
      // with it: it is dropped and the next one tried.
      if ((await spare.handle.stat()).nlink > 0) return { ...spare, named: Promise.resolve(null) }
      await spare.handle.close().catch(() => {})
    }
    const id = this.newId()
    const handle = await open(this.messageFile(id), 'wx', 0o600).catch(async (e: unknown) => {
      if (!isMissing(e)) throw e
      // The queue folder itself was removed: it is made again (its parents flushed), and the
      // handle kept for flushes, which belonged to the old one, is let go.
      await ensureDir(this.queueDir)
      const old = this.folder
      this.folder = null
      void old?.then((h) => h.close()).catch(() => {})
      return open(this.messageFile(id), 'wx', 0o600)
    })
    const named = this.flushFolder().then(
      () => null,
      (e: unknown) => e,
    )
    return { id, handle, named }
  }

  /** Every message's entry, oldest first. */
  list(): SpoolEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  }

  /**
   * The entries in the order they were queued (oldest first after a restart), without copying
   * or sorting: what the forwarder walks for every message it takes.
   */
  inQueueOrder(): IterableIterator<SpoolEntry> {
    return this.entries.values()
  }

  get(id: string): SpoolEntry | undefined {
    return this.entries.get(id)
  }

  /** The whole record, from disk (null once it has left the queue). */
  async read(id: string): Promise<SpoolRecord | null> {
    return this.entries.has(id) ? currentRecord(this.queueDir, id) : null
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
    const { id, handle, named } = await this.messageFileFor()
    const file = this.messageFile(id)
    const now = new Date()
    let record: SpoolRecord
    try {
      let size = 0
      let head = ''
      // The newest chunk waits, so the last one goes out with the record in a single write.
      let held: Buffer | null = null
      for await (const chunk of data) {
        if (head.length < HEADER_SCAN_LIMIT) head += chunk.toString('latin1', 0, HEADER_SCAN_LIMIT)
        size += chunk.length
        if (held) await writeAll(handle, [held])
        held = size <= maxBytes ? chunk : null
      }
      if (size > maxBytes || tooLarge()) throw new MessageTooLargeError()
      const found = findMessageId(head)
      record = {
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
      const json = Buffer.from(JSON.stringify(record), 'utf8')
      const tail = Buffer.from(trailer(json.length), 'latin1')
      await writeAll(handle, held ? [held, json, tail] : [json, tail])
      const [, stat] = await Promise.all([handle.sync(), handle.stat()])
      if (stat.nlink === 0) throw new Error('its file was removed while it was written')
      const nameError = await named
      if (nameError !== null) throw nameError
      // Flushed: the device may hear 250 now; closing the handle need not come first.
      void handle.close().catch(() => {})
    } catch (e) {
      await named
      await handle.close().catch(() => {})
      await unlink(file).catch(() => {})
      throw e
    } finally {
      // Spares are topped up after this message's reply has gone (setImmediate runs after the
      // reply's callbacks), so making them never competes with this message's own flush.
      setImmediate(() => this.makeSpares())
    }
    this.entries.set(id, entryOf(record))
    return record
  }

  /** The message as it goes to Microsoft 365: with the Message-ID header when it had none. */
  openMessage(record: SpoolRecord): Readable {
    const body: Readable =
      record.size > 0
        ? createReadStream(this.messageFile(record.id), { start: 0, end: record.size - 1 })
        : Readable.from([])
    if (!record.addMessageIdHeader) return body
    const prefix = Buffer.from(`Message-ID: ${record.messageId}\r\n`, 'latin1')
    return Readable.from(
      (async function* () {
        yield prefix
        for await (const chunk of body) yield chunk as Buffer
      })(),
    )
  }

  /** Updates a record (retry time, failure) durably. */
  async update(id: string, change: Partial<SpoolRecord>): Promise<SpoolRecord> {
    const current = await this.read(id)
    if (!current) throw new Error(`no queued message ${id}`)
    const next: SpoolRecord = { ...current, ...change, id }
    await writeFileAtomic(this.recordFile(id), JSON.stringify(next))
    this.entries.set(id, entryOf(next))
    return next
  }

  /**
   * Microsoft 365 took the message (250 to DATA): it leaves the queue. The removal is flushed
   * within a second, once for every removal meanwhile, off the path of the next accept: a power
   * cut in that second can send those messages again (with their Message-IDs), never lose one.
   */
  async remove(id: string): Promise<void> {
    // The message file goes first: a rewritten record left without it is dropped on start.
    for (const file of [this.messageFile(id), this.recordFile(id)])
      await unlink(file).catch((e: unknown) => {
        if (!isMissing(e)) throw e
      })
    this.entries.delete(id)
    if (this.removalFlush) return
    this.removalFlush = setTimeout(() => {
      this.removalFlush = null
      this.flushFolder().catch(() => {
        // The next accept flushes the folder again (and reports a failure to its device).
      })
    }, REMOVAL_FLUSH_MS)
    this.removalFlush.unref()
  }

  /** Flushes what removals are still pending and removes the spares (on stop). */
  async close(): Promise<void> {
    this.closed = true
    const spares = (await Promise.all(this.spares.splice(0))).filter((x) => x !== null)
    // Spares are empty: one back after a power cut is dropped on start, so no flush for them.
    await Promise.all(spares.map((x) => this.discard(x)))
    if (this.removalFlush) {
      clearTimeout(this.removalFlush)
      this.removalFlush = null
      await this.flushFolder()
    }
    const folder = this.folder
    this.folder = null
    await folder?.then((h) => h.close()).catch(() => {})
  }
}
