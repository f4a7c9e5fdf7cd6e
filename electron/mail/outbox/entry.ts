/**
 * An outbox entry as it is stored in `<dir>/<id>/entry.json`: its zod schema (the TypeScript type
 * is derived from it), the view the renderer gets, and the names and Message-ID an entry is given.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'

import { OUTBOX_ERROR_CODES, OUTBOX_STATES, type OutboxView } from '../../../shared/outbox-types'

export const OUTBOX_SCHEMA_VERSION = 1 as const

/** An entry id, which is also its folder's name. */
export const ENTRY_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/

const replySchema = z.object({
  code: z.number(),
  enhanced: z.string().nullable(),
  text: z.string(),
})

const entrySchema = z.object({
  id: z.string().regex(ENTRY_ID_PATTERN),
  schemaVersion: z.literal(OUTBOX_SCHEMA_VERSION),
  jobId: z.string(),
  messageId: z.string().regex(/^<[^<>\s]+@[^<>\s]+>$/),
  createdAt: z.string(),
  profileId: z.string(),
  to: z.string(),
  subject: z.string(),
  summary: z.string(),
  attachments: z.array(
    z.object({
      name: z.string(),
      contentType: z.string(),
      // A bare file name: a stored path must never lead outside the entry's folder.
      file: z.string().regex(/^[A-Za-z0-9._-]+$/),
      size: z.number().int().nonnegative(),
    }),
  ),
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
  lastError: z
    .object({
      code: z.enum(OUTBOX_ERROR_CODES).optional(),
      reply: replySchema.optional(),
      gate: z.string().optional(),
      explanation: z.string(),
      fix: z.string(),
    })
    .nullable(),
  sentAt: z.string().nullable(),
  serverReply: z.string().nullable(),
})

/** A stored entry: the view's fields, plus the schema version and where each attachment is. */
export type OutboxEntry = z.infer<typeof entrySchema>

/** A stored attachment: `file` is a name inside the entry's own folder, never a full path. */
export type OutboxAttachment = OutboxEntry['attachments'][number]

/** The entry in `raw` (parsed JSON), or an error saying why it is not one. */
export function parseEntry(raw: unknown): OutboxEntry {
  const r = entrySchema.safeParse(raw)
  if (!r.success) throw new Error(`is not an outbox entry (${r.error.issues[0]?.message ?? '?'})`)
  return r.data
}

/** What the renderer sees: the entry without where its files are. */
export function toView(e: OutboxEntry): OutboxView {
  const { attachments, schemaVersion: _schemaVersion, ...rest } = e
  return {
    ...rest,
    attachments: attachments.map(({ name, contentType, size }) => ({ name, contentType, size })),
  }
}

/** What "Send to office" hands the outbox. */
export interface OutboxEnqueueInput {
  jobId: string
  profileId: string
  to: string
  subject: string
  summary: string
  attachments: Array<{ name: string; contentType: string; content: Buffer }>
}

/** The name an attachment is stored under in the entry's folder. */
export function safeFileName(index: number, name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')
  return `${index}-${cleaned.slice(0, 80) || 'attachment'}`
}

/**
 * The same report (job, recipient, texts, attachment bytes) always gets the same Message-ID,
 * so "Send to office" twice, or a resend after a crash, is recognisably one message.
 */
export function messageIdFor(input: OutboxEnqueueInput): string {
  const h = createHash('sha256')
  const field = (s: string) => h.update(`${Buffer.byteLength(s)}:${s}`)
  for (const s of [input.jobId, input.to, input.subject, input.summary]) field(s)
  for (const a of input.attachments) {
    field(a.name)
    field(a.contentType)
    field(createHash('sha256').update(a.content).digest('hex'))
  }
  const job = input.jobId.replace(/[^A-Za-z0-9-]/g, '').slice(0, 64) || 'job'
  return `<report-${job}-${h.digest('hex').slice(0, 24)}@scanpath.local>`
}
