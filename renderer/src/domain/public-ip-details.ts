/**
 * Details of the public-IP check: per IP version, the address the site is seen from (and what
 * Exchange Online itself saw), the reverse name and why the address may not suit a connector;
 * then every source's answer, so disagreeing sources can be told apart.
 */
import type {
  PublicIpData,
  PublicIpFamily,
  PublicIpObservation,
  PublicIpSourceKind,
} from '../../../shared/site-identity-types'
import { formatDuration } from './format'
import { list, TAGS, text, type Cell, type DetailBlock, type DetailRow } from './detail-blocks'

const KIND_TEXT: Record<PublicIpSourceKind, string> = {
  https: 'HTTPS echo',
  dns: 'DNS echo',
  smtp: 'Exchange Online (EHLO)',
}

/** SMTP observations name the check that saw them; the technician knows the checks by title. */
const SMTP_SOURCE_TEXT: Record<string, string> = {
  'starttls-submission': 'STARTTLS check, submission host',
  'starttls-mx': 'STARTTLS check, tenant MX',
}

export function sourceText(o: Pick<PublicIpObservation, 'kind' | 'source'>): string {
  return o.kind === 'smtp' ? (SMTP_SOURCE_TEXT[o.source] ?? o.source) : o.source
}

function dynamicText(f: PublicIpFamily): string {
  if (f.looksDynamic === true) return 'looks like a dynamic (end-user) address pool'
  if (f.looksDynamic === false) return 'no sign of a dynamic address pool'
  return 'unknown (no reverse name)'
}

function familySection(f: PublicIpFamily, observations: PublicIpObservation[]): DetailBlock {
  const section = (blocks: DetailBlock[]): DetailBlock => ({
    kind: 'section',
    heading: `IPv${f.family}`,
    blocks,
  })
  if (!f.consensus) {
    const asked = observations.some((o) => o.family === f.family)
    return section([
      {
        kind: 'note',
        tag: TAGS.info,
        text: asked
          ? `No source reported a public IPv${f.family} address.`
          : `No source was asked over IPv${f.family}.`,
      },
    ])
  }
  const rows: DetailRow[] = [
    { label: 'Seen from', value: f.consensus },
    // What Exchange Online echoes in EHLO is the address mail really leaves from.
    {
      label: 'Exchange Online sees',
      value: f.smtpIp ?? 'not known (no SMTP check reached Exchange Online)',
    },
    { label: 'Addresses reported', value: list(f.distinct) },
    { label: 'Reverse DNS', value: list(f.reverseDns, 'no reverse name') },
  ]
  if (!f.unsuitable) rows.push({ label: 'Address pool', value: dynamicText(f) })
  const blocks: DetailBlock[] = [{ kind: 'facts', rows }]
  if (f.unsuitable) blocks.push({ kind: 'note', tag: TAGS.warn, text: `${f.unsuitable}.` })
  if (f.looksDynamic)
    blocks.push({
      kind: 'note',
      tag: TAGS.warn,
      text: `The reverse name ${f.reverseDns[0] ?? ''} looks like a dynamic address pool: confirm with the ISP that the address is static before naming it in a connector or SPF.`,
    })
  return section(blocks)
}

function answerCell(o: PublicIpObservation): Cell {
  if (o.ip) return text(o.ip, true)
  return { kind: 'tag', tag: { ...TAGS.fail, label: 'No answer' }, text: o.error ?? 'unknown' }
}

export function publicIpBlocks(d: PublicIpData): DetailBlock[] {
  const blocks: DetailBlock[] = [
    familySection(d.v4, d.observations),
    familySection(d.v6, d.observations),
  ]
  if (d.observations.length > 0)
    blocks.push({
      kind: 'table',
      caption: 'What each source reported',
      columns: ['Source', 'Kind', 'IP version', 'Address or error', 'Time'],
      rows: d.observations.map((o) => [
        text(sourceText(o), o.kind !== 'smtp'),
        text(KIND_TEXT[o.kind]),
        text(`IPv${o.family}`),
        answerCell(o),
        // The EHLO echo costs nothing extra: it came with the STARTTLS check.
        o.kind === 'smtp' ? { kind: 'none' } : text(formatDuration(o.durationMs)),
      ]),
    })
  return blocks
}
