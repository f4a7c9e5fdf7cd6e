/**
 * The "Ways out" section of both PDFs: when no Microsoft 365 method fits, what gets the mail flowing
 * instead, best first, each with why, what it takes, what to know and its sources.
 */
import type { WayOut } from '../../shared/decision/types'
import { INK, MUTED, type Pdf } from './pdf-kit'

/** How a document sets the section: its introduction and its type. */
export interface WaysOutStyle {
  intro: string
  titleSize: number
  textSize: number
  /** Names the lists ("What it takes:", "Know before choosing it:") above them. */
  listTitles: boolean
  caveats: { size: number; colour: string }
  /** Room kept for the start of each way, so its title does not end a page alone (0: none). */
  keep: number
}

/** The report's: every list named, at the size of its other evidence. */
export const REPORT_WAYS_OUT: WaysOutStyle = {
  intro:
    'No Microsoft 365 method fits as things stand. Each of these gets the mail flowing instead, best first for this site.',
  titleSize: 10.5,
  textSize: 9.5,
  listTitles: true,
  caveats: { size: 9.5, colour: INK },
  keep: 60,
}

/** The checklist's: larger type to read at arm's length, the caveats set small and muted. */
export const CHECKLIST_WAYS_OUT: WaysOutStyle = {
  intro:
    'What gets the mail flowing instead, best first for this site. Agree one with the customer before changing anything.',
  titleSize: 11,
  textSize: 10,
  listTitles: false,
  caveats: { size: 9, colour: MUTED },
  keep: 0,
}

/** The section, or nothing when there is no way out to show. */
export function drawWaysOut(p: Pdf, ways: readonly WayOut[], style: WaysOutStyle): void {
  if (ways.length === 0) return
  p.heading('Ways out', style.intro)
  const size = style.textSize
  ways.forEach((w, i) => {
    if (style.keep > 0) p.ensure(style.keep)
    p.paragraph(`${i + 1}. ${w.title}`, { font: 'Sans-Bold', size: style.titleSize })
    p.paragraph(w.why, { size })
    if (style.listTitles) p.paragraph('What it takes:', { size, font: 'Sans-Bold' })
    p.bullets(w.takes, { size })
    if (w.caveats.length > 0) {
      if (style.listTitles) p.paragraph('Know before choosing it:', { size, font: 'Sans-Bold' })
      p.bullets(w.caveats, style.caveats)
    }
    p.paragraph(`Sources (${w.confidence} confidence): ${w.sources.join('  ')}`, {
      size: 8.5,
      colour: MUTED,
    })
    p.y += 4
  })
}
