import { describe, expect, it } from 'vitest'

import { searchCatalog } from '../../../../renderer/src/domain/catalog-search'
import { CATALOG, GENERIC_SMTP_DEVICE } from '../../../../shared/catalog'

const ids = (q: string) => searchCatalog(CATALOG, q).map((m) => m.family.id)

describe('searchCatalog', () => {
  it('lists the whole catalogue for an empty query, the generic device last', () => {
    const all = searchCatalog(CATALOG, '  ')
    expect(all).toHaveLength(CATALOG.length)
    expect(all.at(-1)?.family.id).toBe(GENERIC_SMTP_DEVICE.id)
    expect(all.every((m) => m.model === null)).toBe(true)
  })

  it('finds a family by a model from the label, and names the model', () => {
    const [first] = searchCatalog(CATALOG, 'HP M528')
    expect(first?.family.id).toBe('hp-futuresmart-enterprise')
    expect(first?.model).toBe('LaserJet Enterprise MFP M528')
  })

  it('ignores case and punctuation', () => {
    expect(ids('futuresmart')[0]).toBe('hp-futuresmart-enterprise')
    expect(ids('MFP-M528')[0]).toBe('hp-futuresmart-enterprise')
  })

  it('needs every word to match', () => {
    expect(ids('hp taskalfa')).toEqual([GENERIC_SMTP_DEVICE.id])
  })

  it('ranks a vendor/family name match before an alias or model match', () => {
    const r = ids('kyocera')
    expect(r.length).toBeGreaterThan(2)
    expect(r.slice(0, -1).every((id) => id.startsWith('kyocera'))).toBe(true)
  })

  it('always offers the generic device, even when nothing matches', () => {
    expect(ids('zzz-no-such-printer')).toEqual([GENERIC_SMTP_DEVICE.id])
  })
})
