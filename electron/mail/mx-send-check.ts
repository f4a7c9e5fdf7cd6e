/**
 * The test send for the methods that do not sign in: direct send and SMTP relay. From the
 * laptop, on the device's network, a small message goes to the tenant MX found in DNS on port
 * 25 — STARTTLS when the server offers it (certificate verified for the MX name), plaintext when
 * it does not, as a device without TLS would — and the server's answer is kept and explained.
 *
 * Facts (docs/microsoft-365-facts.md, "The three ways to send", "Direct send and Reject Direct
 * Send", "Connectors"): direct send reaches internal recipients only and may be refused by Reject
 * Direct Send (`550 5.7.68`); a relay connector is matched by the site's public IP or certificate,
 * a mismatch gives `550 5.7.64 TenantAttribution; Relay Access Denied`; Exchange Online accepts
 * TLS on port 25 opportunistically.
 */
import type { ProbeResult, ProbeVerdict, SmtpSessionData } from '../../shared/probe-types'
import type { ProbeDeps } from '../probes/probe-deps'
import { runSmtpSession } from '../probes/smtp-session'
import { judgeStarttls } from '../probes/starttls-check'
import { transactionVerdict, untrustedVerdict } from './auth-check'

export type MxSendMethod = 'direct-send' | 'relay'

export interface MxSendInput {
  method: MxSendMethod
  /** The tenant MX found in DNS (never built from the domain name). */
  host: string
  port: number
  timeoutMs: number
  ehloName: string
  from: string
  to: string
  /** Put in the subject, so the recipient knows what the message is (e.g. the customer). */
  jobLabel: string
  /** Relay: the public IP the connector lists, when known, to compare with what Exchange sees. */
  connectorIp?: string | null
  /** The SPF verdict for this site's address, when the site checks found it. */
  spf?: 'pass' | 'not-pass' | 'unknown'
}

type Verdict = ProbeVerdict

export const MX_SEND_TITLE: Record<MxSendMethod, string> = {
  'direct-send': 'Test message by direct send',
  relay: 'Test message through the relay connector',
}

const METHOD_WORDS: Record<MxSendMethod, string> = {
  'direct-send': 'direct send',
  relay: 'SMTP relay',
}

/** The message itself: a subject that says what it is, a body that says where it came from. */
export function mxTestMessage(input: MxSendInput, now: Date) {
  const label = input.jobLabel.trim()
  return {
    from: input.from,
    to: input.to,
    subject: `ScanPath test message (${METHOD_WORDS[input.method]})${label ? ` — ${label}` : ''}`,
    body:
      `This test message was sent by ScanPath at ${now.toISOString()} from the site's network, ` +
      `the way the device will send (${METHOD_WORDS[input.method]} to ${input.host} on port ` +
      `${input.port}, without signing in). If it arrived, the tenant accepts this path.`,
  }
}

/** What Exchange Online sees of this site, compared with what the connector lists. */
interface ConnectorComparison {
  seen: string | null
  listed: string | null
  /** Both known and different: outside recipients will be refused (550 5.7.64). */
  mismatch: boolean
  /** A sentence (with its leading space) for the explanation, or ''. */
  text: string
}

function compareConnector(input: MxSendInput, d: SmtpSessionData): ConnectorComparison {
  const seen = d.clientIpEchoed
  const listed = input.connectorIp?.trim() || null
  const mismatch = seen !== null && listed !== null && seen !== listed
  const text = !seen
    ? listed
      ? ` The server did not say which address it saw; the connector lists ${listed}.`
      : ''
    : !listed
      ? ` Exchange Online sees this site as ${seen}: the connector must list that address.`
      : mismatch
        ? ` Exchange Online sees this site as ${seen}, but the connector lists ${listed}.`
        : ` Exchange Online sees this site as ${seen}, the address the connector lists.`
  return { seen, listed, mismatch, text }
}

/** What the admin compares when the connector refused: first, so a terminal shows it. */
function connectorCheck(c: ConnectorComparison): string {
  const cert = 'or makes the device present the certificate the connector names'
  if (!c.seen)
    return `The admin checks that the connector lists the address Exchange Online sees (the site checks show it), ${cert}.`
  return c.mismatch
    ? `The admin sets the connector's sender IP address to ${c.seen}, the address Exchange Online sees (it lists ${c.listed}), ${cert}.`
    : `The admin checks that the connector lists ${c.seen}, the address Exchange Online sees, ${cert}.`
}

export function judgeMxSend(input: MxSendInput, d: SmtpSessionData): Verdict {
  const where = `${input.host}:${input.port}`
  const f = d.failure
  if (f) {
    if (f.kind === 'cancelled')
      return { status: 'skip', skipReason: 'cancelled', explanation: 'Cancelled.', fix: null }
    if (f.kind === 'untrusted-certificate')
      return untrustedVerdict({ ...input, credentials: null }, d)
    const after = transactionVerdict(where, f, { username: null, from: input.from, to: input.to })
    if (after) {
      if (input.method !== 'relay' || !f.reply) return after
      const c = compareConnector(input, d)
      return {
        ...after,
        explanation: `${after.explanation}${c.text}`,
        fix: `${connectorCheck(c)} ${after.fix ?? ''}`.trim(),
      }
    }
    if (f.phase === 'mail' || f.phase === 'rcpt' || f.phase === 'data') {
      return {
        status: 'fail',
        explanation: `The session with ${where} stopped: ${f.message}.`,
        fix: 'Run the test again; if it repeats, the transcript shows where.',
      }
    }
    // Before MAIL: the same words as the MX STARTTLS check.
    return judgeStarttls(
      {
        role: 'mx',
        host: input.host,
        port: input.port,
        timeoutMs: input.timeoutMs,
        ehloName: input.ehloName,
      },
      d,
    )
  }

  const queued = d.transaction?.data
  const answer = queued ? `"${queued.code} ${queued.text.split('\n')[0]}"` : 'its acceptance'
  const over = d.withoutTls
    ? ' without encryption (the server offered no STARTTLS)'
    : ` over ${d.tls?.protocol ?? 'TLS'}`
  const warnings: string[] = []
  const fixes: string[] = []
  let extra = ''
  if (d.withoutTls) {
    warnings.push(
      'the server offered no STARTTLS, which a Microsoft 365 MX always does: check that this is the MX found in DNS',
    )
    fixes.push('Use the MX host the site checks found for the domain.')
  } else {
    extra +=
      ' A device without TLS would be accepted too (Exchange Online takes TLS on port 25 when the sender offers it), but its mail would cross the internet unencrypted.'
  }
  if (input.method === 'direct-send') {
    extra +=
      ' Direct send reaches only mailboxes of this tenant: mail to outside addresses is refused.'
  } else {
    const c = compareConnector(input, d)
    extra += c.text
    if (c.mismatch) {
      warnings.push(
        `the connector lists ${c.listed}, not ${c.seen}: mail to outside recipients will be refused (550 5.7.64) until it lists the address Exchange Online sees`,
      )
      fixes.push(
        `The admin sets the connector's sender IP address to ${c.seen} (Exchange admin center > Mail flow > Connectors).`,
      )
    }
    extra +=
      ' Send the test to an address outside the organisation to prove the connector: an internal recipient is accepted even without one (as direct send).'
  }
  if (input.spf === 'not-pass') {
    warnings.push(
      "SPF does not pass for this site's address, so Exchange Online may file the device's mail as junk or quarantine it",
    )
    fixes.push(
      "Add the site's public IP to the domain's SPF record (the site checks give the record).",
    )
  }
  const accepted = `${where} accepted the test message for ${input.to} by ${METHOD_WORDS[input.method]}${over}: ${answer}.`
  if (warnings.length > 0) {
    return {
      status: 'warn',
      explanation: `${accepted} But ${warnings.join('; and ')}.${extra}`,
      fix: fixes.join(' '),
    }
  }
  return { status: 'pass', explanation: `${accepted}${extra}`, fix: null }
}

export async function checkMxSend(
  input: MxSendInput,
  deps: ProbeDeps,
  signal?: AbortSignal,
): Promise<ProbeResult<'direct-send-test' | 'relay-test', SmtpSessionData>> {
  const s = await runSmtpSession(
    {
      host: input.host,
      port: input.port,
      ehloName: input.ehloName,
      timeoutMs: input.timeoutMs,
      quitAfter: 'data',
      tlsMode: 'when-offered',
      message: mxTestMessage(input, new Date()),
    },
    deps,
    signal,
  )
  return {
    id: input.method === 'direct-send' ? 'direct-send-test' : 'relay-test',
    title: `${MX_SEND_TITLE[input.method]} to ${input.host}:${input.port}`,
    ...judgeMxSend(input, s.data),
    durationMs: s.durationMs,
    phases: s.phases,
    data: s.data,
    transcript: s.transcript,
  }
}
