/**
 * Details of the DNS checks: the submission host's addresses, the customer domain's MX and SPF
 * record, and the SPF verdict for this site's public address (with the record to publish).
 */
import type {
  DnsHostData,
  DnsMxData,
  MxKind,
  SpfRecordData,
  SpfResultCode,
  SpfVerdictData,
} from '../../../shared/site-identity-types'
import {
  list,
  resolverText,
  text,
  textOrNone,
  type DetailBlock,
  type DetailRow,
  type Tag,
} from './detail-blocks'

// --- Wording -------------------------------------------------------------------------------

const MX_TAGS: Record<MxKind, Tag> = {
  'microsoft-365': { tone: 'pass', icon: '✓', label: 'Microsoft 365' },
  other: { tone: 'neutral', icon: '○', label: 'Other server or filter' },
}

/** RFC 7208 §2.6 results, as the table shows them. */
export const SPF_RESULT_TAGS: Record<SpfResultCode, Tag> = {
  pass: { tone: 'pass', icon: '✓', label: 'Pass' },
  fail: { tone: 'fail', icon: '✕', label: 'Fail' },
  softfail: { tone: 'warn', icon: '⚠\uFE0E', label: 'Soft fail' },
  neutral: { tone: 'neutral', icon: '○', label: 'Neutral' },
  none: { tone: 'neutral', icon: '–', label: 'None' },
  temperror: { tone: 'warn', icon: '?', label: 'Temporary error' },
  permerror: { tone: 'fail', icon: '✕', label: 'Permanent error' },
}

function errorRow(error: string | null): DetailRow[] {
  return error ? [{ label: 'DNS error', value: error }] : []
}

// --- Blocks per shape -----------------------------------------------------------------------

export function dnsHostBlocks(d: DnsHostData): DetailBlock[] {
  return [
    {
      kind: 'facts',
      rows: [
        { label: 'Host', value: d.host },
        { label: 'DNS server', value: resolverText(d.resolver) },
        { label: 'IPv4 addresses', value: list(d.a) },
        { label: 'IPv6 addresses', value: list(d.aaaa) },
        ...errorRow(d.error),
      ],
    },
  ]
}

export function mxBlocks(d: DnsMxData): DetailBlock[] {
  const blocks: DetailBlock[] = [
    {
      kind: 'facts',
      rows: [
        { label: 'Domain', value: d.domain },
        { label: 'DNS server', value: resolverText(d.resolver) },
        // The host a device uses for direct send and SMTP relay.
        {
          label: 'Microsoft 365 MX endpoint',
          value: d.m365Endpoint ?? (d.records.length > 0 ? 'not among the MX records' : 'none'),
        },
        ...errorRow(d.error),
      ],
    },
  ]
  if (d.records.length > 0)
    blocks.push({
      kind: 'table',
      caption: `MX records of ${d.domain}`,
      columns: ['Priority', 'Mail server', 'Kind'],
      // Lowest priority number first: that is the server senders try first (RFC 5321 §5.1).
      rows: [...d.records]
        .sort((a, b) => a.priority - b.priority)
        .map((r) => [
          text(String(r.priority)),
          text(r.exchange, true),
          { kind: 'tag', tag: MX_TAGS[r.kind] },
        ]),
    })
  return blocks
}

export function spfRecordBlocks(d: SpfRecordData): DetailBlock[] {
  const blocks: DetailBlock[] = []
  if (d.records.length === 1 && d.record)
    blocks.push({ kind: 'code', label: 'SPF record', text: d.record, copyable: false })
  else
    d.records.forEach((r, i) =>
      blocks.push({
        kind: 'code',
        label: `SPF record ${i + 1} of ${d.records.length}`,
        text: r,
        copyable: false,
      }),
    )
  const rows: DetailRow[] = [
    { label: 'Domain', value: d.domain },
    { label: 'DNS server', value: resolverText(d.resolver) },
  ]
  if (d.records.length === 0) rows.push({ label: 'SPF record', value: 'none published' })
  else {
    rows.push({ label: 'Includes Microsoft 365', value: d.includesMicrosoft ? 'yes' : 'no' })
    rows.push({
      label: 'DNS lookups',
      value: `${d.lookupCount ?? 'unknown'} of ${d.lookupLimit}`,
    })
  }
  rows.push(...errorRow(d.error))
  blocks.push({ kind: 'facts', rows })
  if (d.problems.length > 0) blocks.push({ kind: 'list', label: 'Problems', items: d.problems })
  return blocks
}

export function spfVerdictBlocks(d: SpfVerdictData): DetailBlock[] {
  const blocks: DetailBlock[] = []
  if (d.results.length > 0)
    blocks.push({
      kind: 'table',
      caption: `SPF of ${d.domain} for this site's addresses`,
      columns: ['Address', 'IP version', 'SPF result', 'Comment'],
      rows: d.results.map((r) => [
        text(r.ip, true),
        text(`IPv${r.family}`),
        { kind: 'tag', tag: SPF_RESULT_TAGS[r.result] },
        textOrNone(r.comment),
      ]),
    })
  if (d.currentRecord)
    blocks.push({
      kind: 'code',
      label: 'Current SPF record',
      text: d.currentRecord,
      copyable: false,
    })
  // Without an address nothing was judged, and an empty record list may only mean DNS was silent.
  else if (d.results.length > 0)
    blocks.push({
      kind: 'facts',
      rows: [{ label: 'Current SPF record', value: 'none (or more than one)' }],
    })
  if (d.suggestedRecord)
    blocks.push({
      kind: 'code',
      label: 'Suggested SPF record (replaces the current one)',
      text: d.suggestedRecord,
      copyable: true,
    })
  return blocks
}
