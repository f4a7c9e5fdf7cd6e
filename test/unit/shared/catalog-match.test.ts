import { describe, expect, it } from 'vitest'

import { CATALOG } from '../../../shared/catalog'
import {
  detectVendor,
  matchCatalog,
  normalizeModelText,
  splitMakeAndModel,
} from '../../../shared/catalog/match'

const top = (s: string) => matchCatalog(s)[0]?.familyId

describe('matchCatalog', () => {
  it('an example model picks its family, with the reasons', () => {
    const [best, ...rest] = matchCatalog('HP LaserJet Enterprise MFP M528')
    expect(best?.familyId).toBe('hp-futuresmart-enterprise')
    expect(best?.why).toEqual([
      'vendor HP',
      'example model "LaserJet Enterprise MFP M528"',
      'series "LaserJet Enterprise"',
    ])
    // Other HP families stay available for the technician, ranked lower.
    expect(rest.map((m) => m.familyId)).toContain('hp-laserjet-pro-mfp')
    expect(rest.every((m) => m.score < best!.score)).toBe(true)
  })

  it('a model not in the catalogue still finds its series', () => {
    expect(top('HP Color LaserJet Enterprise MFP 6800')).toBe('hp-futuresmart-enterprise')
    expect(top('HP LaserJet Pro MFP M227fdw')).toBe('hp-laserjet-pro-mfp')
    expect(top('Hewlett-Packard OfficeJet Pro 8720')).toBe('hp-officejet-pro')
  })

  it('SNMP-style descriptions with punctuation and short series prefixes', () => {
    expect(top('Canon iR-ADV C5535 /P')).toBe('canon-imagerunner-advance-non-dx')
    expect(top('Brother NC-8800h, Firmware Ver.1.05 MFC-L5710DW')).toBe(
      'brother-business-laser-mfc',
    )
    expect(top('Lexmark MX622adhe 8.4.5 CXTPP.240.031')).toBe('lexmark-cx-mx-eti')
    expect(top('KYOCERA Document Solutions Printing System TASKalfa 3554ci')).toBe(
      'kyocera-taskalfa-hypas',
    )
    expect(top('KONICA MINOLTA bizhub C4000i')).toBe('konica-minolta-bizhub-i-series')
  })

  it('a named vendor keeps other vendors out', () => {
    // "MFP" is a Sharp alias, and "WorkForce" an Epson one; neither may leak into an HP answer.
    const ids = matchCatalog('HP LaserJet Enterprise MFP M528 WorkForce').map((m) => m.familyId)
    expect(ids.every((id) => id.startsWith('hp-'))).toBe(true)
  })

  it('without a vendor only distinctive words count', () => {
    expect(top('AltaLink C8155')).toBe('xerox-altalink-versalink')
    expect(matchCatalog('Generic MFP')).toEqual([])
    expect(matchCatalog('MX ES WF')).toEqual([])
  })

  it('never offers the generic entry, and nothing for empty input', () => {
    expect(matchCatalog('unknown other software')).toEqual([])
    expect(matchCatalog('')).toEqual([])
    expect(matchCatalog('  --  ')).toEqual([])
  })

  it('every example model, with its vendor in front, ranks its own family first', () => {
    const misses = CATALOG.filter((f) => f.vendor !== 'generic').flatMap((f) =>
      f.exampleModels
        .map((m) => ({ input: `${f.vendorName} ${m}`, want: f.id }))
        .filter(({ input, want }) => top(input) !== want)
        .map(({ input, want }) => `${input} → ${top(input) ?? 'nothing'} (want ${want})`),
    )
    expect(misses).toEqual([])
  })

  it('a vendor alone lists that vendor’s families', () => {
    const ids = matchCatalog('Canon Printer').map((m) => m.familyId)
    expect(ids.length).toBe(CATALOG.filter((f) => f.vendor === 'canon').length)
  })
})

describe('Canon imageRUNNER ADVANCE: DX and non-DX are told apart', () => {
  const DX = 'canon-imagerunner-advance-dx'
  const NON_DX = 'canon-imagerunner-advance-non-dx'
  const rank = (s: string, id: string) => matchCatalog(s).findIndex((m) => m.familyId === id)

  it.each([
    'Canon iR-ADV C5535',
    'Canon iR-ADV C5535 III',
    'imageRUNNER ADVANCE C3530i',
    'Canon iR-ADV C5560i /P',
    'Canon iR-ADV 4551',
    'Canon iR-ADV C7565',
  ])('"%s" picks the non-DX family, DX stays offered lower when the vendor is named', (s) => {
    const [best, ...rest] = matchCatalog(s)
    expect(best?.familyId).toBe(NON_DX)
    expect(best?.why.some((w) => w.startsWith('example model') || w.startsWith('series'))).toBe(
      true,
    )
    if (s.startsWith('Canon')) expect(rest.map((m) => m.familyId)).toContain(DX)
    expect(rest.every((m) => m.score < best!.score)).toBe(true)
  })

  it.each([
    'Canon iR-ADV DX C5850i',
    'imageRUNNER ADVANCE DX C3826i',
    'Canon iR-ADV DX C3835i /P',
    'Canon imageRUNNER ADVANCE DX 6870i',
  ])('"%s" picks the DX family, ahead of non-DX', (s) => {
    const [best] = matchCatalog(s)
    expect(best?.familyId).toBe(DX)
    const nonDx = rank(s, NON_DX)
    if (nonDx !== -1) expect(matchCatalog(s)[nonDx]!.score).toBeLessThan(best!.score)
  })

  it('the reasons name what decided it', () => {
    expect(matchCatalog('Canon iR-ADV C5535 III')[0]?.why).toEqual([
      'vendor Canon',
      'example model "iR-ADV C5535"',
      'series "iR-ADV"',
    ])
    expect(matchCatalog('Canon iR-ADV DX C5850i')[0]?.why).toEqual([
      'vendor Canon',
      'series "iR-ADV DX"',
    ])
  })
})

describe('helpers', () => {
  it('normalizeModelText', () => {
    expect(normalizeModelText('iR-ADV C5535 /P')).toBe('ir adv c5535 p')
  })

  it('detectVendor uses synonyms', () => {
    expect(detectVendor('Hewlett-Packard LaserJet')?.vendor).toBe('hp')
    expect(detectVendor('Fuji Xerox ApeosPort')?.vendor).toBe('xerox')
    expect(detectVendor('Acme 3000')).toBeNull()
  })

  it('splitMakeAndModel strips a repeated vendor and keeps unknown makes null', () => {
    expect(splitMakeAndModel('HP HP LaserJet Enterprise MFP M528')).toEqual({
      make: 'HP',
      model: 'LaserJet Enterprise MFP M528',
    })
    expect(splitMakeAndModel('Canon iR-ADV C5535 /P')).toEqual({
      make: 'Canon',
      model: 'iR-ADV C5535 /P',
    })
    expect(splitMakeAndModel('Acme 3000')).toEqual({ make: null, model: 'Acme 3000' })
  })
})
