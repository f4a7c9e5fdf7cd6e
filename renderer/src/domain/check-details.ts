/**
 * Turns a check's `data` into the blocks of the "Details" panel, and transcript lines into
 * swaks-style markers. The shape of `data` follows from the check's id; a check that found
 * nothing (data null) shows nothing.
 */
import type {
  CheckId,
  CheckResultOf,
  EhloSummary,
  LegacyTlsData,
  SmtpReplySummary,
  SmtpSessionData,
  TcpAttempt,
  TcpOutcome,
  TcpReachData,
  TranscriptLine,
} from '../../../shared/probe-types'
import { assertNever } from '../../../shared/assert-never'
import { blocklistBlocks } from './blocklist-details'
import type { DetailBlock, DetailRow } from './detail-blocks'
import { dnsHostBlocks, mxBlocks, spfRecordBlocks, spfVerdictBlocks } from './dns-details'
import { formatDuration, formatExpiry } from './format'
import { publicIpBlocks } from './public-ip-details'

export type { DetailBlock, DetailRow }

/** What the Details panel reads of a result: which check it is and what it found. */
export type CheckFindings = { [K in CheckId]: Pick<CheckResultOf<K>, 'id' | 'data'> }[CheckId]

// --- Wording ----------------------------------------------------------------------

const TCP_OUTCOME_TEXT: Record<TcpOutcome, string> = {
  open: 'open',
  'no-greeting': 'open, but no SMTP greeting',
  refused: 'refused',
  timeout: 'no answer (filtered)',
  unreachable: 'no route to host',
  'dns-error': 'name did not resolve',
}

const LEGACY_OUTCOME_TEXT: Record<LegacyTlsData['outcome'], string> = {
  'refused-handshake': 'refused during the TLS handshake',
  'refused-reply': 'negotiated, then refused with an SMTP reply',
  accepted: 'accepted',
  'not-tested': 'not tested (the session did not reach TLS)',
}

function reply(r: SmtpReplySummary): string {
  const first = r.text.split('\n')[0] ?? ''
  return [String(r.code), r.enhanced, first].filter((p) => p).join(' ')
}

function list(values: readonly string[], none = 'none'): string {
  return values.length > 0 ? values.join(' ') : none
}

function attemptText(a: TcpAttempt): string {
  const parts = [TCP_OUTCOME_TEXT[a.outcome]]
  if (a.errorCode) parts.push(a.errorCode)
  parts.push(`after ${formatDuration(a.durationMs)}`)
  let text = parts.join(', ')
  if (a.greeting) text += ` — greeting: ${reply(a.greeting)}`
  return text
}

function capabilities(e: EhloSummary): string {
  return list(Object.keys(e.capabilities))
}

// --- Rows per shape ---------------------------------------------------------------

function reachRows(d: TcpReachData): DetailRow[] {
  const rows: DetailRow[] = [
    { label: 'Endpoint', value: `${d.host}:${d.port}` },
    { label: 'Result', value: TCP_OUTCOME_TEXT[d.outcome] },
  ]
  if (d.dnsError) rows.push({ label: 'DNS error', value: d.dnsError })
  d.attempts.forEach((a) => {
    rows.push({ label: `IPv${a.family} ${a.address}`, value: attemptText(a) })
  })
  return rows
}

function sessionRows(d: SmtpSessionData): DetailRow[] {
  const rows: DetailRow[] = [
    { label: 'Endpoint', value: `${d.host}:${d.port}${d.address ? ` (${d.address})` : ''}` },
  ]
  if (d.banner) rows.push({ label: 'Greeting', value: reply(d.banner) })
  if (d.tls) {
    const t = d.tls
    rows.push({ label: 'TLS version', value: t.protocol ?? 'unknown' })
    rows.push({ label: 'Cipher', value: t.cipherStandardName ?? t.cipher ?? 'unknown' })
    if (t.certificate) {
      const c = t.certificate
      rows.push({ label: 'Certificate subject', value: c.subject })
      if (c.subjectAltNames.length > 0)
        rows.push({ label: 'Certificate names', value: c.subjectAltNames.join(', ') })
      rows.push({ label: 'Certificate issuer', value: c.issuer })
      rows.push({ label: 'Certificate expires', value: formatExpiry(c.validTo) })
    }
    rows.push({
      label: 'Certificate verified',
      value: t.verified ? 'yes' : `no${t.verifyError ? ` (${t.verifyError})` : ''}`,
    })
  }
  // AUTH is only meaningful once TLS is up; before that it shows what a plaintext device would see.
  if (d.ehloTls) rows.push({ label: 'AUTH after TLS', value: list(d.authMechanisms) })
  if (d.ehlo) {
    rows.push({ label: 'AUTH before TLS', value: list(d.authBeforeTls) })
    rows.push({ label: 'Capabilities before TLS', value: capabilities(d.ehlo) })
  }
  if (d.ehloTls) rows.push({ label: 'Capabilities after TLS', value: capabilities(d.ehloTls) })
  if (d.sizeLimit !== null)
    rows.push({ label: 'Size limit', value: `${(d.sizeLimit / 1_048_576).toFixed(1)} MB` })
  if (d.clientIpEchoed)
    rows.push({ label: 'Your IP as the server saw it', value: d.clientIpEchoed })
  if (d.discardedPlaintextBytes > 0)
    rows.push({
      label: 'Plaintext discarded after STARTTLS',
      value: `${d.discardedPlaintextBytes} bytes`,
    })
  if (d.failure) {
    const f = d.failure
    rows.push({ label: 'Stopped at', value: `${f.phase} (${f.kind})` })
    rows.push({ label: 'Reason', value: f.reply ? `${f.message} — ${reply(f.reply)}` : f.message })
    if (f.errorCode) rows.push({ label: 'Error code', value: f.errorCode })
  }
  return rows
}

function legacyRows(d: LegacyTlsData): DetailRow[] {
  const rows: DetailRow[] = [
    { label: 'Endpoint', value: `${d.host}:${d.port}` },
    { label: 'TLS 1.0/1.1', value: LEGACY_OUTCOME_TEXT[d.outcome] },
  ]
  if (d.negotiatedProtocol) rows.push({ label: 'Negotiated', value: d.negotiatedProtocol })
  if (d.reply) rows.push({ label: 'Server reply', value: reply(d.reply) })
  if (d.session.failure && d.outcome === 'not-tested')
    rows.push({ label: 'Reason', value: d.session.failure.message })
  return rows
}

const facts = (rows: DetailRow[]): DetailBlock[] =>
  rows.length > 0 ? [{ kind: 'facts', rows }] : []

/** Everything the Details panel shows about what a check found, in order. */
export function detailBlocks(c: CheckFindings): DetailBlock[] {
  if (c.data === null) return []
  switch (c.id) {
    case 'legacy-tls-submission':
      return facts(legacyRows(c.data))
    case 'starttls-submission':
    case 'starttls-mx':
      return facts(sessionRows(c.data))
    case 'reach-submission':
    case 'reach-submission-smtp':
    case 'reach-implicit-tls':
    case 'reach-mx':
      return facts(reachRows(c.data))
    case 'dns-submission-host':
      return dnsHostBlocks(c.data)
    case 'dns-mx':
      return mxBlocks(c.data)
    case 'dns-spf':
      return spfRecordBlocks(c.data)
    case 'spf-verdict':
      return spfVerdictBlocks(c.data)
    case 'blocklists':
      return blocklistBlocks(c.data)
    case 'public-ip':
      return publicIpBlocks(c.data)
  }
}

/** The label/value facts among the blocks (what a plain-text summary of the check would list). */
export function detailRows(c: CheckFindings): DetailRow[] {
  const rows = (blocks: DetailBlock[]): DetailRow[] =>
    blocks.flatMap((b) =>
      b.kind === 'facts' ? b.rows : b.kind === 'section' ? rows(b.blocks) : [],
    )
  return rows(detailBlocks(c))
}

/** Checks that spoke SMTP (or connected to an SMTP port) have a transcript section, even empty. */
export function hasSmtpConversation(c: CheckFindings): boolean {
  if (c.data === null) return false
  switch (c.id) {
    case 'legacy-tls-submission':
    case 'starttls-submission':
    case 'starttls-mx':
    case 'reach-submission':
    case 'reach-submission-smtp':
    case 'reach-implicit-tls':
    case 'reach-mx':
      return true
    case 'dns-submission-host':
    case 'dns-mx':
    case 'dns-spf':
    case 'spf-verdict':
    case 'blocklists':
    case 'public-ip':
      return false
  }
}

// --- Transcript -------------------------------------------------------------------

/**
 * swaks' markers: `->` sent / `<-` received in plaintext, `~>` / `<~` once TLS is up; `==` for
 * the probe's own notes and `**` for its errors.
 */
export function transcriptMarker(line: Pick<TranscriptLine, 'dir' | 'tls'>): string {
  switch (line.dir) {
    case 'send':
      return line.tls ? '~>' : '->'
    case 'recv':
      return line.tls ? '<~' : '<-'
    case 'info':
      return '=='
    case 'error':
      return '**'
    default:
      return assertNever(line.dir, 'transcript direction')
  }
}
