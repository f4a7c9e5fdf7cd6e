/**
 * The office outbox: reports the technician chose to "Send to office", kept on disk until the
 * office's mail server has accepted them. Pure types, shared by main (which owns the files) and
 * the renderer (which only ever sees OutboxView: no file paths, never a secret).
 */
import type { ReplyGate } from './smtp-replies'

export const OUTBOX_SCHEMA_VERSION = 1 as const

/**
 * queued: waiting for its turn or for the next retry; sending: a session with the server is
 * open (after a crash it goes back to queued); sent: the server accepted the message (2xx after
 * DATA); failed: refused in a way a retry will not change (5xx, no STARTTLS, bad certificate,
 * missing password) — kept, so the technician can fix the cause and try again.
 */
export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed'

/** What kind of trouble the last attempt ran into, for the UI's icon and wording. */
export type OutboxErrorCode =
  | 'network'
  | 'reply'
  | 'starttls-missing'
  | 'tls'
  | 'certificate'
  | 'auth'
  | 'no-secret'
  | 'profile'
  | 'interrupted'
  | 'attachment'
  | 'unknown'

export interface OutboxReply {
  code: number
  enhanced: string | null
  text: string
}

export interface OutboxError {
  code?: OutboxErrorCode
  /** The server's reply, when the failure was one. */
  reply?: OutboxReply
  /** The gate that refused (shared/smtp-replies), when a reply names one. */
  gate?: ReplyGate
  /** In plain words, for the technician. */
  explanation: string
  fix: string
}

/** A stored attachment: `file` is a name inside the entry's own folder, never a full path. */
export interface OutboxAttachment {
  name: string
  contentType: string
  file: string
  size: number
}

export interface OutboxEntry {
  id: string
  schemaVersion: typeof OUTBOX_SCHEMA_VERSION
  jobId: string
  /**
   * Derived from the job and the report's content, so the same report always carries the same
   * Message-ID: a resend after a crash is recognisably the same message, and the office can
   * drop the duplicate.
   */
  messageId: string
  createdAt: string
  profileId: string
  to: string
  subject: string
  /** The message body: a short summary of the report. */
  summary: string
  attachments: OutboxAttachment[]
  state: OutboxState
  /** Attempts started so far (an attempt cut short by a crash counts). */
  attempts: number
  /** When the sender may try next (ISO); null once sent or failed. */
  nextAttemptAt: string | null
  lastError: OutboxError | null
  sentAt: string | null
  /** The server's reply to the end of DATA, e.g. `250 2.6.0 Queued mail for delivery`. */
  serverReply: string | null
}

/** What the renderer sees: the entry without where its files are. */
export interface OutboxView extends Omit<OutboxEntry, 'attachments' | 'schemaVersion'> {
  attachments: Array<{ name: string; contentType: string; size: number }>
}
