/**
 * Turns a probe's `data` into the blocks of the "Details" panel, and transcript lines into
 * swaks-style markers. The shape of `data` depends on the check, so it is recognised by its fields
 * (not by the check id), and anything unrecognised simply shows nothing.
 */
import type {
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
import { blocklistBlocks, isBlocklistData } from './blocklist-details'
import type { DetailBlock, DetailRow } from './detail-blocks'
import {
  dnsHostBlocks,
  isDnsHostData,
  isDnsMxData,
  isSpfRecordData,
  isSpfVerdictData,
  mxBlocks,
  spfRecordBlocks,
  spfVerdictBlocks,
} from './dns-details'
import { formatDuration, formatExpiry } from './format'
import { isPublicIpData, publicIpBlocks } from './public-ip-details'
import { isRecord } from './shape'

export type { DetailBlock, DetailRow }

// --- Recognising the data shapes ------------------------------------------------

export function isTcpReachData(v: unknown): v is TcpReachData {
  return isRecord(v) && Array.isArray(v['attempts']) && typeof v['outcome'] === 'string'
}

export function isSmtpSessionData(v: unknown): v is SmtpSessionData {
  return isRecord(v) && Array.isArray(v['authMechanisms']) && 'tls' in v
}

export function isLegacyTlsData(v: unknown): v is LegacyTlsData {
  return isRecord(v) && typeof v['outcome'] === 'string' && isSmtpSessionData(v['session'])
}

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

/** Everything the Details panel shows about a check's data, in order. */
export function detailBlocks(data: unknown): DetailBlock[] {
  // Legacy first: its data also carries a session, but is not one itself.
  if (isLegacyTlsData(data)) return facts(legacyRows(data))
  if (isSmtpSessionData(data)) return facts(sessionRows(data))
  if (isTcpReachData(data)) return facts(reachRows(data))
  if (isDnsHostData(data)) return dnsHostBlocks(data)
  if (isDnsMxData(data)) return mxBlocks(data)
  if (isSpfRecordData(data)) return spfRecordBlocks(data)
  // The verdict before the blocklists: both carry `results`, only the blocklists carry `ips`.
  if (isSpfVerdictData(data)) return spfVerdictBlocks(data)
  if (isBlocklistData(data)) return blocklistBlocks(data)
  if (isPublicIpData(data)) return publicIpBlocks(data)
  return []
}

/** The label/value facts among the blocks (what a plain-text summary of the check would list). */
export function detailRows(data: unknown): DetailRow[] {
  const rows = (blocks: DetailBlock[]): DetailRow[] =>
    blocks.flatMap((b) =>
      b.kind === 'facts' ? b.rows : b.kind === 'section' ? rows(b.blocks) : [],
    )
  return rows(detailBlocks(data))
}

/** Checks that speak SMTP (or connect to an SMTP port) have a transcript section, even empty. */
export function hasSmtpConversation(data: unknown): boolean {
  return isLegacyTlsData(data) || isSmtpSessionData(data) || isTcpReachData(data)
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
