/**
 * Why an outbox attempt ended without the office's server accepting the message: nodemailer's
 * error or the server's reply turned into a verdict (retry or not) worded for the technician.
 */
import type { MailboxProfile } from '../../../shared/profile-types'
import type { OutboxError, OutboxReply } from '../../../shared/outbox-types'
import { explainAnyReply } from '../../../shared/smtp/explain-reply'
import { parseReplyText } from '../../../shared/smtp/reply-text'

/**
 * `550-5.7.1 first\r\n550 5.7.1 second` → code, enhanced code and the text without prefixes;
 * null unless its first line starts with a reply code of 200 or more.
 */
function parseReply(response: string): OutboxReply | null {
  const reply = parseReplyText(response)
  return reply && reply.code >= 200 ? reply : null
}

interface NodemailerError {
  code?: string
  originalCode?: string
  responseCode?: number
  response?: string
  command?: string
  message?: string
}

/** How an attempt ended without the message accepted: whether time alone can fix it, and why. */
export interface Verdict {
  retry: boolean
  error: OutboxError
}

const CERT_PROBLEM =
  /certificate|self[- ]signed|CERT_|unable to (?:verify|get)|altnames|Hostname\/IP does not match/i
const CUT_SHORT = /disconnected before secure|ECONNRESET|socket hang up|EPIPE/i

/**
 * What went wrong in nodemailer's attempt, in words, and whether time alone can fix it (retry)
 * or a person must.
 */
export function classifySendError(err: unknown, profile: MailboxProfile): Verdict {
  const e = (typeof err === 'object' && err !== null ? err : {}) as NodemailerError
  const message = e.message ?? String(err)
  const where = `${profile.host}:${profile.port}`
  const reply = e.response ? parseReply(e.response) : null

  if (e.code === 'EABORT') {
    return {
      retry: true,
      error: {
        code: 'interrupted',
        explanation: 'Sending stopped when ScanPath closed; the report goes on the next start.',
        fix: 'Nothing to do.',
      },
    }
  }

  if (reply && e.command === 'STARTTLS') {
    const quoted = `"${reply.code} ${reply.text.split('\n')[0]}"`
    const temporary = reply.code >= 400 && reply.code < 500
    return {
      retry: temporary,
      error: {
        code: temporary ? 'tls' : 'starttls-missing',
        reply,
        gate: temporary ? 'tls-unavailable' : 'starttls-required',
        explanation: temporary
          ? `${where} could not start encryption just now (STARTTLS answered ${quoted}); the report waits and is tried again.`
          : `${where} refused to encrypt the session (STARTTLS answered ${quoted}). ScanPath only sends reports, and the password, over an encrypted session, so nothing was sent.`,
        fix: temporary
          ? 'Nothing to do if it passes; if it repeats, the server or a firewall on the way has a TLS problem.'
          : `Check the sending profile's host and port: Microsoft 365 is smtp.office365.com port 587, which offers STARTTLS. If they are right, something on the site's network strips STARTTLS (a firewall's "SMTP inspection"); it must let ${where} through untouched.`,
      },
    }
  }

  if (reply && reply.code >= 400) {
    const x = explainAnyReply(reply.code, reply.enhanced, reply.text)
    // 503 is "wrong moment for the command", not a refusal of this message (RFC 5321 §4.2.4).
    const temporary = (reply.code < 500 || reply.code === 503) && reply.code < 600
    const isAuth = e.command?.toUpperCase().startsWith('AUTH') ?? false
    const quoted = `"${reply.code} ${reply.text.split('\n')[0]}"`
    const step = e.command ? ` to ${e.command.split(' ')[0]}` : ''
    return {
      retry: temporary,
      error: {
        code: isAuth ? 'auth' : 'reply',
        reply,
        gate: x.gate,
        // A reply no rule names is explained by its class, and that meaning quotes the reply.
        explanation: `${where} answered${step} ${quoted}. ${x.gate === 'temporary' || x.gate === 'permanent' ? `${x.gateTitle}.` : `${x.gateTitle}: ${x.meaning}`}${temporary ? ' The report waits and is tried again.' : ' Nothing was delivered; the report stays in the outbox.'}`,
        fix: x.powershell
          ? `${x.fix} Admin's PowerShell: ${x.powershell.replace('<mailbox>', profile.username)}`
          : x.fix,
      },
    }
  }

  // Node reports a failed verification as a socket error (ESOCKET) whose original code names
  // the certificate problem (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, …).
  const reason = message.replace(/^Error initiating TLS - /, '')
  if (
    (e.code === 'ETLS' || e.code === 'ESOCKET') &&
    CERT_PROBLEM.test(`${e.originalCode ?? ''} ${reason}`)
  ) {
    return {
      retry: false,
      error: {
        code: 'certificate',
        explanation: `The certificate of ${where} could not be verified (${e.originalCode ? `${e.originalCode}: ` : ''}${reason}). ScanPath does not send to a server it cannot verify: it could be someone in the middle. Nothing was sent.`,
        fix: `Check that the profile's host is the server's real name (the certificate must name it), that this computer's date and time are right, and that the site's network does not inspect TLS (a firewall or proxy doing so must let ${where} through untouched).`,
      },
    }
  }
  // A handshake cut short is the network's doing (retried below); any other is not.
  if (e.code === 'ETLS' && !CUT_SHORT.test(reason)) {
    return {
      retry: false,
      error: {
        code: 'tls',
        explanation: `Encryption with ${where} could not be set up (${reason}). Nothing was sent.`,
        fix: 'The server or something on the way does not speak TLS 1.2 or later properly; check the host and port, and whether a firewall intercepts the connection.',
      },
    }
  }

  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return {
      retry: false,
      error: {
        code: 'auth',
        explanation: `Signing in to ${where} failed (${message}). Nothing was sent.`,
        fix: "Check the sending profile's user name and method, then save its password again in Settings.",
      },
    }
  }

  if (e.code === 'EMESSAGE' || e.code === 'EENVELOPE') {
    return {
      retry: false,
      error: {
        code: 'reply',
        explanation: `${where} did not take the report (${message}).`,
        fix: 'Check the recipient address; a very large report may exceed the server size limit.',
      },
    }
  }

  // Connection refused, reset, timed out, no DNS, or a TLS handshake cut short: offline, or
  // the server is down; time fixes these.
  const cause = e.originalCode ?? e.code ?? 'error'
  return {
    retry: true,
    error: {
      code: 'network',
      explanation: `Could not reach ${where} (${cause}: ${message}). The report waits in the outbox and is tried again.`,
      fix: `Nothing to do if this computer is offline: it goes once the server can be reached. If it stays queued while online, check the profile's host and port and that the site's firewall allows outgoing connections to port ${profile.port}.`,
    },
  }
}

/**
 * An attempt that ended before the server accepted the message, at any step: while setting up
 * (profile, keychain, sign-in token, stored files), or once connected (network, TLS, a refusal).
 */
export class NotAcceptedError extends Error {
  override readonly name = 'NotAcceptedError'

  constructor(
    readonly verdict: Verdict,
    message: string,
  ) {
    super(message)
  }
}

/** A problem found while setting up the send, before any connection. */
export function setupFailure(
  code: OutboxError['code'],
  explanation: string,
  fix: string,
  retry = false,
): NotAcceptedError {
  return new NotAcceptedError({ retry, error: { code, explanation, fix } }, explanation)
}

/** The verdict on whatever an attempt threw; anything but a NotAcceptedError was unexpected. */
export function verdictOf(err: unknown): Verdict {
  if (err instanceof NotAcceptedError) return err.verdict
  return {
    retry: false,
    error: {
      code: 'unknown',
      explanation: `Sending failed unexpectedly (${err instanceof Error ? err.message : String(err)}).`,
      fix: 'Try again; if it repeats, send the diagnostics to support.',
    },
  }
}
