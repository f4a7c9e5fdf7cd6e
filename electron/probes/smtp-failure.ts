/**
 * How an SMTP session stops early: the error that ends it (a kind from SmtpFailureKind in
 * shared/probe-types, the words, the reply or system code behind it) and the SmtpFailure it leaves.
 */
import type { SmtpFailure, SmtpFailureKind, SmtpStopPoint } from '../../shared/probe-types'
import { summarizeReply, type SmtpReply } from './smtp-reply'

/** Ends a session: thrown by a phase, or handed to a pending read when the session is stopped. */
export class SmtpSessionError extends Error {
  constructor(
    readonly kind: SmtpFailureKind,
    message: string,
    readonly reply: SmtpReply | null = null,
    readonly code: string | null = null,
  ) {
    super(message)
  }
}

/** What the session records when `e` stopped it in `phase`; anything unforeseen counts as `closed`. */
export function sessionFailure(e: unknown, phase: SmtpStopPoint): SmtpFailure {
  return e instanceof SmtpSessionError
    ? {
        phase,
        kind: e.kind,
        message: e.message,
        errorCode: e.code,
        reply: e.reply ? summarizeReply(e.reply) : null,
      }
    : {
        phase,
        kind: 'closed',
        message: e instanceof Error ? e.message : String(e),
        errorCode: null,
        reply: null,
      }
}
