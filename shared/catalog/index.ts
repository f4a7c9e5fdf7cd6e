/**
 * The printer catalogue: model families of the major vendors with where their SMTP settings
 * live, what they can do, and their pitfalls — each fact sourced, or 'unknown'.
 */
import { GENERIC_SMTP_DEVICE } from './generic'
import { isKnown, type Fact, type PrinterFamily } from './types'
import { BROTHER_FAMILIES } from './vendors/brother'
import { CANON_FAMILIES } from './vendors/canon'
import { EPSON_FAMILIES } from './vendors/epson'
import { HP_FAMILIES } from './vendors/hp'
import { KONICA_MINOLTA_FAMILIES } from './vendors/konica-minolta'
import { KYOCERA_FAMILIES } from './vendors/kyocera'
import { LEXMARK_FAMILIES } from './vendors/lexmark'
import { RICOH_FAMILIES } from './vendors/ricoh'
import { SHARP_FAMILIES } from './vendors/sharp'
import { XEROX_FAMILIES } from './vendors/xerox'

export const CATALOG: readonly PrinterFamily[] = [
  ...HP_FAMILIES,
  ...CANON_FAMILIES,
  ...XEROX_FAMILIES,
  ...RICOH_FAMILIES,
  ...BROTHER_FAMILIES,
  ...KYOCERA_FAMILIES,
  ...KONICA_MINOLTA_FAMILIES,
  ...SHARP_FAMILIES,
  ...LEXMARK_FAMILIES,
  ...EPSON_FAMILIES,
  GENERIC_SMTP_DEVICE,
]

/** Every document the catalogue cites (facts and pitfalls), for the source buttons to open. */
export function catalogSourceUrls(): ReadonlySet<string> {
  const urls = new Set<string>()
  for (const f of CATALOG) {
    const facts: Fact<unknown>[] = [
      f.webUiPath,
      f.panelPath,
      f.fieldNames,
      ...Object.values(f.capabilities),
      ...Object.values(f.limits),
    ]
    for (const fact of facts) if (isKnown(fact)) fact.sources.forEach((u) => urls.add(u))
    for (const p of f.pitfalls) p.sources.forEach((u) => urls.add(u))
  }
  return urls
}

export function findFamily(id: string): PrinterFamily | undefined {
  return CATALOG.find((f) => f.id === id)
}

export { GENERIC_SMTP_DEVICE }
export type * from './types'
