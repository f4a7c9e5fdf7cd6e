/**
 * The Device step's model search: what the technician types (a vendor, a series, a model number
 * from the device's label) against the catalogue's vendor, family, aliases and example models.
 * Pure, so the ranking is unit-tested without a DOM.
 */
import type { PrinterFamily } from '../../../shared/catalog/types'

export interface FamilyMatch {
  family: PrinterFamily
  /** The example model the query matched, to prefill the model field with. */
  model: string | null
}

/** Lower case, punctuation as spaces: "MFP-M528dn" and "mfp m528dn" find the same thing. */
function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

function tokens(query: string): string[] {
  return normalize(query).split(' ').filter(Boolean)
}

/** Every token is found somewhere in `haystack` (as the start of a word or inside a model code). */
function matchesAll(haystack: string, words: string[]): boolean {
  return words.every((w) => haystack.includes(w))
}

/**
 * Families matching every word of the query, best first: a vendor or family name match, then an
 * alias, then an example model. The generic device is always offered last, since "my model is
 * not listed" is an answer too. An empty query lists the whole catalogue in its own order.
 */
export function searchCatalog(families: readonly PrinterFamily[], query: string): FamilyMatch[] {
  const words = tokens(query)
  const generic = families.filter((f) => f.vendor === 'generic')
  const listed = families.filter((f) => f.vendor !== 'generic')
  if (words.length === 0) return [...listed, ...generic].map((family) => ({ family, model: null }))

  const ranked: Array<FamilyMatch & { rank: number; index: number }> = []
  listed.forEach((family, index) => {
    const name = normalize(`${family.vendorName} ${family.family}`)
    const aliases = normalize(`${family.vendorName} ${family.aliases.join(' ')}`)
    const everything = `${name} ${aliases} ${normalize(family.exampleModels.join(' '))}`
    if (!matchesAll(everything, words)) return
    // The example model that holds the query's words not already explained by the vendor name.
    const vendor = normalize(family.vendorName)
    const modelWords = words.filter((w) => !vendor.includes(w))
    const model =
      modelWords.length > 0
        ? (family.exampleModels.find((m) =>
            matchesAll(normalize(`${family.vendorName} ${m}`), modelWords),
          ) ?? null)
        : null
    const rank = matchesAll(name, words) ? 0 : matchesAll(aliases, words) ? 1 : 2
    ranked.push({ family, model, rank, index })
  })
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index)
  return [
    ...ranked.map(({ family, model }) => ({ family, model })),
    ...generic.map((family) => ({ family, model: null })),
  ]
}
