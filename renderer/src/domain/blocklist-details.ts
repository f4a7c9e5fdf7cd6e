/**
 * Details of the blocklist check: one row per list and address, with the state in words and icon,
 * what the listing means, the list's own reason, and its removal page.
 */
import type {
  BlocklistData,
  BlocklistResult,
  BlocklistState,
} from '../../../shared/site-identity-types'
import { list, text, textOrNone, type Cell, type DetailBlock, type Tag } from './detail-blocks'

export const BLOCKLIST_STATE_TAGS: Record<BlocklistState, Tag> = {
  listed: { tone: 'fail', icon: '✕', label: 'Listed' },
  'not-listed': { tone: 'pass', icon: '✓', label: 'Not listed' },
  // Unknown is never clean: the list refused or did not answer.
  unknown: { tone: 'warn', icon: '?', label: 'Unknown' },
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return url
  }
}

/** The list's own page: to request removal when listed, to look the address up when unknown. */
function removalCell(r: BlocklistResult): Cell {
  if (!r.removalUrl || r.state === 'not-listed') return { kind: 'none' }
  const what = r.state === 'listed' ? 'request removal' : 'look the address up'
  return {
    kind: 'link',
    url: r.removalUrl,
    label: `Open ${hostOf(r.removalUrl)}`,
    description: `to ${what} of ${r.ip} from ${r.zone}`,
  }
}

export function blocklistBlocks(d: BlocklistData): DetailBlock[] {
  const blocks: DetailBlock[] = [
    { kind: 'facts', rows: [{ label: 'Addresses checked', value: list(d.ips) }] },
  ]
  if (d.results.length === 0) return blocks
  // Listed first: that is what needs doing; then unknown; clean rows last.
  const order: Record<BlocklistState, number> = { listed: 0, unknown: 1, 'not-listed': 2 }
  const results = [...d.results].sort((a, b) => order[a.state] - order[b.state])
  const withReason = results.some((r) => r.reason)
  const withRemoval = results.some((r) => removalCell(r).kind === 'link')
  blocks.push({
    kind: 'table',
    caption: 'Blocklist answers',
    columns: [
      'List',
      'Address',
      'State',
      'Meaning',
      ...(withReason ? ['Reason given'] : []),
      ...(withRemoval ? ['List website'] : []),
    ],
    rows: results.map((r) => [
      text(r.zone, true),
      text(r.ip, true),
      { kind: 'tag', tag: BLOCKLIST_STATE_TAGS[r.state] },
      textOrNone(r.meaning),
      ...(withReason ? [textOrNone(r.reason)] : []),
      ...(withRemoval ? [removalCell(r)] : []),
    ]),
  })
  return blocks
}
