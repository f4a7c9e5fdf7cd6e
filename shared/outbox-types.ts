/**
 * The office outbox: reports the technician chose to "Send to office", kept on disk until the
 * office's mail server has accepted them. Pure types (and the value lists behind two of them),
 * shared by main (which owns the files) and the renderer (which only ever sees OutboxView).
 */

/**
 * queued: waiting for its turn or for the next retry; sending: a session with the server is
 * open (after a crash it goes back to queued); sent: the server accepted the message (2xx after
 * DATA); failed: refused in a way a retry will not change (5xx, no STARTTLS, bad certificate,
 * missing password) — kept, so the technician can fix the cause and try again.
 */
export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'failed'] as const
export type OutboxState = (typeof OUTBOX_STATES)[number]

/** What kind of trouble the last attempt ran into, for the UI's icon and wording. */
export const OUTBOX_ERROR_CODES = [
  'network',
  'reply',
  'starttls-missing',
  'tls',
  'certificate',
  'auth',
  'no-secret',
  'profile',
  'interrupted',
  'attachment',
  'unknown',
] as const
export type OutboxErrorCode = (typeof OUTBOX_ERROR_CODES)[number]

export interface OutboxReply {
  code: number
  enhanced: string | null
  text: string
}

export interface OutboxError {
  code?: OutboxErrorCode
  /** The server's reply, when the failure was one. */
  reply?: OutboxReply
  /**
   * The gate that refused, when a reply names one: the reply explainer's ReplyGate when this
   * version wrote it, but read back from disk as any string (an entry may be older or edited).
   */
  gate?: string
  /** In plain words, for the technician. */
  explanation: string
  fix: string
}

/**
 * One report in the outbox as the renderer sees it: no file paths, never a secret. (Main's
 * stored entry, electron/mail/outbox/entry.ts, adds where the attachments are.)
 */
export interface OutboxView {
  id: string
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
  attachments: Array<{ name: string; contentType: string; size: number }>
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
