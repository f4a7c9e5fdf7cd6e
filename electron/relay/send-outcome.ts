/**
 * What one attempt to hand a queued message to Microsoft 365 came to, in words for `relay status`
 * and the log: a refusal of this message (5xx: kept as failed), something time fixes (4xx, the
 * server: retried), or a problem of the relay's own (network, sign-in, certificate: every message
 * waits, in order).
 */
import { explainAnyReply } from '../../shared/smtp/explain-reply'
import { parseReplyText } from '../../shared/smtp/reply-text'

export type SendOutcome =
  | { kind: 'retry'; reply: string; meaning: string; fix: string }
  | { kind: 'failed'; reply: string; gateTitle: string; meaning: string; fix: string }
  | { kind: 'relay-problem'; reply: string; meaning: string; fix: string }

interface NodemailerError {
  code?: string
  originalCode?: string
  responseCode?: number
  response?: string
  command?: string
  message?: string
}

const CERT_PROBLEM =
  /certificate|self[- ]signed|CERT_|unable to (?:verify|get)|altnames|Hostname\/IP does not match/i

export function classifySendFailure(err: unknown, where: string): SendOutcome {
  const e = (typeof err === 'object' && err !== null ? err : {}) as NodemailerError
  const message = e.message ?? String(err)
  const reply = e.response ? parseReplyText(e.response) : null
  const command = (e.command ?? '').split(' ')[0]?.toUpperCase() ?? ''
  if (reply && reply.code >= 400) {
    const x = explainAnyReply(reply.code, reply.enhanced, reply.text)
    const quoted = `${reply.code} ${reply.text.split('\n')[0] ?? ''}`
    const fix = x.powershell ? `${x.fix} Admin's PowerShell: ${x.powershell}` : x.fix
    const meaning = `${where} answered${command ? ` ${command}` : ''} with "${quoted}": ${x.gateTitle}. ${x.meaning}`
    // A refused sign-in or STARTTLS is not this message's fault: every message waits for it.
    if (command === 'AUTH' || command === 'STARTTLS' || e.code === 'EAUTH')
      return { kind: 'relay-problem', reply: quoted, meaning, fix }
    if (reply.code < 500 || reply.code === 503)
      return { kind: 'retry', reply: quoted, meaning, fix }
    return { kind: 'failed', reply: quoted, gateTitle: x.gateTitle, meaning, fix }
  }
  const reason = message.replace(/^Error initiating TLS - /, '')
  if (
    (e.code === 'ETLS' || e.code === 'ESOCKET') &&
    CERT_PROBLEM.test(`${e.originalCode ?? ''} ${reason}`)
  )
    return {
      kind: 'relay-problem',
      reply: reason,
      meaning: `The certificate of ${where} could not be verified (${e.originalCode ? `${e.originalCode}: ` : ''}${reason}). The relay never signs in to a server it cannot verify: it could be someone in the middle. Nothing was sent; the messages wait in the queue.`,
      fix: `Check outbound.host is the server's real name (smtp.office365.com), that this computer's date and time are right, and that no firewall or proxy inspects TLS on the way to ${where}.`,
    }
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH')
    return {
      kind: 'relay-problem',
      reply: message,
      meaning: `Signing in to ${where} failed (${message}). Nothing was sent; the messages wait in the queue.`,
      fix: 'Check the mailbox in outbound.username and sign the relay in again.',
    }
  // The network or the server is down: not this message's doing, so every message waits, in order.
  const cause = e.originalCode ?? e.code ?? 'error'
  return {
    kind: 'relay-problem',
    reply: `${cause}: ${message}`,
    meaning: `Could not reach ${where} (${cause}: ${message}); the message waits and is tried again.`,
    fix: `Nothing to do if the Internet connection is down. If it stays queued while online, check that the firewall lets this computer connect out to ${where}.`,
  }
}
