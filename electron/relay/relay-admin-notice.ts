/**
 * The admin's notice of a message Microsoft 365 refused for good, or took for only some of its
 * recipients: a short plain-text mail (device, sender, recipients, Message-ID, the server's reply,
 * its explanation and fix) put into the relay's own spool, from the relay's mailbox to
 * `adminAddress`, so it is durable, paced and signed in like every other message. A notice that
 * fails itself is never noticed again (no loops).
 */
import { randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'

import type { Spool, SpoolRecord } from './spool'

/** The spool's clientAddress of a notice: not an IP, so no device can ever carry it. */
export const ADMIN_NOTICE_CLIENT = 'scanpath-relay:admin-notice'

export function isAdminNotice(record: SpoolRecord): boolean {
  return record.clientAddress === ADMIN_NOTICE_CLIENT
}

/** Header-safe: printable ASCII only, one line, not too long. */
function headerText(s: string, max = 200): string {
  const ascii = s.replace(/[^\x20-\x7e]/g, '?')
  return ascii.length > max ? `${ascii.slice(0, max)}...` : ascii
}

function domainOf(address: string): string {
  return /@([A-Za-z0-9.-]{1,253})$/.exec(address)?.[1] ?? 'scanpath-relay.invalid'
}

/** Microsoft 365 took the message for some recipients and refused these. */
export interface PartialRefusal {
  refused: string[]
  reply: string
  gateTitle: string
  meaning: string
  fix: string
}

export interface AdminNoticeInput {
  failed: SpoolRecord
  /** Set when the message was delivered to the others: the notice names who did not get it. */
  partial?: PartialRefusal
  from: string
  to: string
  /** Applied to every text that came from the server (a hostile reply may echo a secret). */
  scrub: (text: string) => string
  now?: Date
}

/** The notice as an RFC 5322 message (CRLF, UTF-8 body in base64), and its Message-ID. */
export function adminNoticeMessage(input: AdminNoticeInput): { messageId: string; raw: string } {
  const { failed, scrub, partial } = input
  const f = partial ?? failed.failure
  const messageId = `<relay-notice-${randomUUID()}@${domainOf(input.from)}>`
  const body = [
    partial
      ? 'ScanPath Relay delivered a message, but Microsoft 365 refused some of its recipients: they did not get it, and it will not be sent to them again.'
      : 'ScanPath Relay could not deliver a message, and will not try again.',
    '',
    `Device:      ${failed.clientAddress}`,
    `Sender:      ${failed.mailFrom}`,
    `Recipients:  ${failed.rcptTo.join(', ')}`,
    ...(partial ? [`Refused:     ${partial.refused.join(', ')}`] : []),
    `Message-ID:  ${failed.messageId}`,
    `Received:    ${failed.receivedAt}`,
    `Attempts:    ${failed.attempts}`,
    '',
    `Server reply: ${scrub(f?.reply ?? failed.lastError ?? 'none recorded')}`,
    '',
    `What it means (${f?.gateTitle ?? 'not delivered'}):`,
    scrub(f?.meaning ?? failed.lastError ?? 'No reason was recorded.'),
    '',
    'What to do:',
    scrub(f?.fix ?? 'Check the relay with `scanpath relay status`.'),
    '',
    partial
      ? 'The other recipients got the message; it has left the relay queue.'
      : 'The message stays in the relay queue as failed; `scanpath relay status` lists it.',
    '',
  ].join('\r\n')
  const b64 = Buffer.from(body, 'utf8').toString('base64')
  const lines = b64.match(/.{1,76}/g) ?? []
  const raw = [
    `From: ScanPath Relay <${input.from}>`,
    `To: ${input.to}`,
    `Subject: ${headerText(`ScanPath Relay: not delivered${partial ? ' to some recipients' : ''}: ${failed.messageId}`)}`,
    `Date: ${(input.now ?? new Date()).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: ${messageId}`,
    'Auto-Submitted: auto-generated',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    ...lines,
    '',
  ].join('\r\n')
  return { messageId, raw }
}

/**
 * Queues the notice for a failed message; null (nothing queued) when the failed message is itself
 * a notice: a notice that cannot reach the admin would fail the same way again.
 */
export async function queueAdminNotice(
  spool: Spool,
  input: AdminNoticeInput,
): Promise<SpoolRecord | null> {
  if (isAdminNotice(input.failed)) return null
  const { raw } = adminNoticeMessage(input)
  return spool.accept(Readable.from([Buffer.from(raw, 'utf8')]), {
    mailFrom: input.from,
    rcptTo: [input.to],
    clientAddress: ADMIN_NOTICE_CLIENT,
  })
}
