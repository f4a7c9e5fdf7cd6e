import { describe, expect, it } from 'vitest'

import { CATALOG, findFamily, GENERIC_SMTP_DEVICE } from '../../../../shared/catalog'
import { printerFamilySchema } from '../../../../shared/schemas/catalog'
import { isKnown, type Fact, type PrinterFamily } from '../../../../shared/catalog/types'

function facts(f: PrinterFamily): Array<[string, Fact<unknown>]> {
  return [
    ['webUiPath', f.webUiPath],
    ['panelPath', f.panelPath],
    ['fieldNames', f.fieldNames],
    ...Object.entries(f.capabilities).map(([k, v]): [string, Fact<unknown>] => [
      `capabilities.${k}`,
      v,
    ]),
    ...Object.entries(f.limits).map(([k, v]): [string, Fact<unknown>] => [`limits.${k}`, v]),
  ]
}

describe('printer catalogue', () => {
  it.each(CATALOG.map((f) => [f.id, f] as const))(
    '%s validates against the schema',
    (_id, family) => {
      const r = printerFamilySchema.safeParse(family)
      expect(
        r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      ).toEqual([])
    },
  )

  it('has no duplicate ids, and each id starts with its vendor', () => {
    const ids = CATALOG.map((f) => f.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const f of CATALOG) expect(f.id.startsWith(`${f.vendor}-`), f.id).toBe(true)
  })

  it('covers at least 10 vendors and 25 families, plus the generic device', () => {
    const vendors = new Set(CATALOG.filter((f) => f.vendor !== 'generic').map((f) => f.vendor))
    expect([...vendors].sort()).toEqual([
      'brother',
      'canon',
      'epson',
      'hp',
      'konica-minolta',
      'kyocera',
      'lexmark',
      'ricoh',
      'sharp',
      'xerox',
    ])
    expect(CATALOG.filter((f) => f.vendor !== 'generic').length).toBeGreaterThanOrEqual(25)
    expect(findFamily('generic-smtp-device')).toBe(GENERIC_SMTP_DEVICE)
  })

  it('every known fact and every pitfall has a source; unknown facts carry none', () => {
    for (const f of CATALOG) {
      for (const [name, fact] of facts(f)) {
        if (isKnown(fact)) expect(fact.sources.length, `${f.id} ${name}`).toBeGreaterThan(0)
        else
          expect(Object.keys(fact).sort(), `${f.id} ${name}`).toEqual(
            fact.note ? ['note', 'value'] : ['value'],
          )
      }
      for (const p of f.pitfalls) expect(p.sources.length, `${f.id} pitfall`).toBeGreaterThan(0)
    }
  })

  it('the generic device knows nothing in advance (the wizard asks)', () => {
    expect(facts(GENERIC_SMTP_DEVICE).every(([, fact]) => !isKnown(fact))).toBe(true)
  })
})
