/**
 * Matches what a device says about itself (IPP `printer-make-and-model`, SNMP `sysDescr`) to
 * catalogue families. Pure and shared so the renderer can re-rank when the technician edits the
 * string. It only preselects: the technician always confirms the family.
 */
import type { CatalogMatch } from '../discovery-types'
import { CATALOG } from './index'
import type { PrinterFamily, VendorId } from './types'

/** Other spellings devices use for the vendor in make-and-model / sysDescr strings. */
const VENDOR_SYNONYMS: Partial<Record<VendorId, string[]>> = {
  hp: ['hewlett packard', 'hewlett-packard'],
  'konica-minolta': ['konicaminolta', 'konica'],
  kyocera: ['kyocera mita', 'copystar', 'utax'],
  xerox: ['fuji xerox', 'fujifilm'],
  ricoh: ['savin', 'lanier'],
}

/**
 * Aliases that name a UI, a feature or a paper size rather than a product line; they would match
 * unrelated strings, so they only count when the vendor is known too.
 */
const WEAK_ALIASES = new Set(['mfp', 'ews', 'a4', 'scanner', 'document scanner', 'ineo'])

const SCORE_VENDOR = 10
const SCORE_EXAMPLE_MODEL = 100
const SCORE_ALIAS_BASE = 10
const SCORE_ALIAS_PER_WORD = 10

/** Lower case, every run of non-alphanumerics one space: "iR-ADV C5535 /P" → "ir adv c5535 p". */
export function normalizeModelText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * 'word' when the phrase occurs as whole words, 'prefix' when it is directly followed by a model
 * number ("MX" in "MX622", "MFC-L" in "MFC-L5710DW"), else null.
 */
function phraseHit(haystack: string, phrase: string): 'word' | 'prefix' | null {
  if (phrase === '') return null
  if (` ${haystack} `.includes(` ${phrase} `)) return 'word'
  if (new RegExp(`(^| )${escapeRegExp(phrase)} ?[0-9]`).test(haystack)) return 'prefix'
  return null
}

function vendorNames(family: PrinterFamily): string[] {
  const names = [family.vendorName, family.vendor, ...(VENDOR_SYNONYMS[family.vendor] ?? [])]
  return [...new Set(names.map(normalizeModelText).filter((n) => n !== ''))]
}

/** The vendor of a family whose name occurs in the text, if any (first in catalogue order). */
export function detectVendor(
  makeAndModel: string,
  catalog: readonly PrinterFamily[] = CATALOG,
): { vendor: VendorId; vendorName: string; matched: string } | null {
  const text = normalizeModelText(makeAndModel)
  for (const family of catalog) {
    if (family.vendor === 'generic') continue
    for (const name of vendorNames(family)) {
      if (phraseHit(text, name) === 'word') {
        return { vendor: family.vendor, vendorName: family.vendorName, matched: name }
      }
    }
  }
  return null
}

/**
 * Ranks catalogue families for a make-and-model string, best first. A family whose vendor is
 * named only competes with that vendor's families; with no vendor in the string, only distinctive
 * aliases and example models count, so "MFP" alone never picks Sharp.
 */
export function matchCatalog(
  makeAndModel: string,
  catalog: readonly PrinterFamily[] = CATALOG,
): CatalogMatch[] {
  const text = normalizeModelText(makeAndModel)
  if (text === '') return []

  const vendorHits = new Set<VendorId>()
  for (const family of catalog) {
    if (family.vendor === 'generic') continue
    if (vendorNames(family).some((n) => phraseHit(text, n) === 'word'))
      vendorHits.add(family.vendor)
  }

  const matches: Array<CatalogMatch & { order: number }> = []
  catalog.forEach((family, order) => {
    // The generic entry is the fallback the technician picks by hand, never a discovery result.
    if (family.vendor === 'generic') return
    const vendorKnown = vendorHits.has(family.vendor)
    if (vendorHits.size > 0 && !vendorKnown) return

    let score = 0
    const why: string[] = []
    if (vendorKnown) {
      score += SCORE_VENDOR
      why.push(`vendor ${family.vendorName}`)
    }

    const exampleHit = family.exampleModels.find(
      (m) => phraseHit(text, normalizeModelText(m)) === 'word',
    )
    if (exampleHit !== undefined) {
      score += SCORE_EXAMPLE_MODEL
      why.push(`example model "${exampleHit}"`)
    }

    // Only the longest alias counts: "Color LaserJet Enterprise" and "LaserJet Enterprise" are
    // one piece of evidence, not two.
    let bestAlias: { alias: string; words: number } | null = null
    for (const alias of family.aliases) {
      const phrase = normalizeModelText(alias)
      const words = phrase === '' ? 0 : phrase.split(' ').length
      if (WEAK_ALIASES.has(phrase)) continue
      // Without the vendor, short aliases ("MX", "ES", "iR") would match other vendors' models.
      if (!vendorKnown && words === 1 && phrase.length < 5) continue
      if (phraseHit(text, phrase) === null) continue
      if (bestAlias === null || words > bestAlias.words) bestAlias = { alias, words }
    }
    if (bestAlias !== null) {
      score += SCORE_ALIAS_BASE + SCORE_ALIAS_PER_WORD * bestAlias.words
      why.push(`series "${bestAlias.alias}"`)
    }

    if (score > 0) matches.push({ familyId: family.id, score, why, order })
  })

  return matches
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ familyId, score, why }) => ({ familyId, score, why }))
}

/**
 * Splits "HP LaserJet Enterprise MFP M528" into make and model using the catalogue's vendor names;
 * an unknown make stays null rather than guessing that the first word is one.
 */
export function splitMakeAndModel(
  makeAndModel: string,
  catalog: readonly PrinterFamily[] = CATALOG,
): { make: string | null; model: string } {
  const trimmed = makeAndModel.trim()
  const vendor = detectVendor(trimmed, catalog)
  if (vendor === null) return { make: null, model: trimmed }
  // Strip the vendor name, however many times the device repeats it ("HP HP LaserJet …").
  const words = vendor.matched.split(' ').map(escapeRegExp).join('[^A-Za-z0-9]+')
  const prefix = new RegExp(`^(?:${words})(?:[^A-Za-z0-9]+|$)`, 'i')
  let model = trimmed
  while (prefix.test(model)) model = model.replace(prefix, '')
  return { make: vendor.vendorName, model: model.trim() === '' ? trimmed : model.trim() }
}
