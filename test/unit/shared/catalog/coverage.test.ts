import { describe, expect, it } from 'vitest'

import { CATALOG } from '../../../../shared/catalog'
import { MS_SMTP_AUTH_TLS12 } from '../../../../shared/catalog/vendors/microsoft'
import {
  isKnown,
  type Confidence,
  type Fact,
  type PrinterFamily,
} from '../../../../shared/catalog/types'

/**
 * How much of the catalogue is known (issue 13, part 4). The counts are printed so a run shows
 * them; the assertions hold the line so a later edit cannot quietly turn known facts back into
 * 'unknown'.
 */

const families = CATALOG.filter((f) => f.vendor !== 'generic')

function slots(f: PrinterFamily): Array<Fact<unknown>> {
  return [
    f.webUiPath,
    f.panelPath,
    f.fieldNames,
    ...Object.values(f.capabilities),
    ...Object.values(f.limits),
  ] as Array<Fact<unknown>>
}

function byConfidence(facts: Array<Fact<unknown>>): Record<Confidence, number> {
  const out: Record<Confidence, number> = { high: 0, medium: 0, low: 0 }
  for (const fact of facts) if (isKnown(fact)) out[fact.confidence] += 1
  return out
}

const allSlots = families.flatMap(slots)
const knownSlots = allSlots.filter((fact) => isKnown(fact)).length
const tls12 = families.map((f) => f.capabilities.tls12)
const oauth = families.map((f) => f.capabilities.oauthM365)
const tls12Known = tls12.filter((fact) => isKnown(fact)).length
const oauthKnown = oauth.filter((fact) => isKnown(fact)).length

/** The target: TLS 1.2 and OAuth known for at least the 20 most common families. */
const TARGET = 20

describe('catalogue coverage', () => {
  it('prints the known-fact counts', () => {
    const lines = [
      `families: ${families.length}`,
      `known fact slots: ${knownSlots} of ${allSlots.length} (${JSON.stringify(byConfidence(allSlots))})`,
      `TLS 1.2 known: ${tls12Known} of ${families.length} families (${JSON.stringify(byConfidence(tls12))})`,
      `Microsoft 365 OAuth known: ${oauthKnown} of ${families.length} families (${JSON.stringify(byConfidence(oauth))})`,
    ]
    console.log(`Catalogue coverage\n  ${lines.join('\n  ')}`)
    expect(knownSlots).toBeGreaterThan(0)
  })

  it(`knows Microsoft 365 OAuth support for at least ${TARGET} families`, () => {
    expect(oauthKnown).toBeGreaterThanOrEqual(TARGET)
  })

  it(`knows TLS 1.2 support for at least ${TARGET} families`, () => {
    expect(tls12Known).toBeGreaterThanOrEqual(TARGET)
  })

  it('gives a known OAuth "supported" fact a firmware floor or says in its note why not', () => {
    for (const f of families) {
      const o = f.capabilities.oauthM365
      if (!isKnown(o) || !o.value.supported || o.value.fromFirmware) continue
      expect(o.note, `${f.id}: OAuth supported without fromFirmware needs a note`).toBeTruthy()
    }
  })

  it('rates a TLS 1.2 fact derived from an OAuth statement one step below it (low stays low)', () => {
    const rank: Record<Confidence, number> = { low: 0, medium: 1, high: 2 }
    let derived = 0
    for (const f of families) {
      const t = f.capabilities.tls12
      const o = f.capabilities.oauthM365
      if (!isKnown(t) || !t.note?.includes('Derived, not stated by the vendor')) continue
      derived += 1
      expect(isKnown(o) && o.value.supported, `${f.id}: derived from a known OAuth "yes"`).toBe(
        true,
      )
      if (!isKnown(o)) continue
      expect(rank[t.confidence], f.id).toBe(Math.max(0, rank[o.confidence] - 1))
      expect(t.sources, f.id).toContain(MS_SMTP_AUTH_TLS12)
    }
    expect(derived).toBeGreaterThan(0)
  })
})
