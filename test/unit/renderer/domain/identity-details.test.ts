import { describe, expect, it } from 'vitest'

import {
  detailBlocks,
  detailRows,
  hasSmtpConversation,
  type CheckFindings,
} from '../../../../renderer/src/domain/check-details'
import type { Cell, DetailBlock } from '../../../../renderer/src/domain/detail-blocks'
import { linkFailureText } from '../../../../renderer/src/domain/external-link'
import type {
  BlocklistData,
  DnsHostData,
  DnsMxData,
  PublicIpData,
  PublicIpFamily,
  SpfRecordData,
  SpfVerdictData,
} from '../../../../shared/site-identity-types'

const rowMap = (c: CheckFindings) =>
  Object.fromEntries(detailRows(c).map((r) => [r.label, r.value]))

type Of<K extends DetailBlock['kind']> = Extract<DetailBlock, { kind: K }>
const blocksOf = <K extends DetailBlock['kind']>(blocks: DetailBlock[], kind: K): Of<K>[] =>
  blocks.filter((b): b is Of<K> => b.kind === kind)

/** A table as text: tags by their label, links by their label, none as "—". */
const cellText = (c: Cell): string => {
  switch (c.kind) {
    case 'text':
      return c.text
    case 'tag':
      return c.text ? `${c.tag.label} ${c.text}` : c.tag.label
    case 'link':
      return `[${c.label}]`
    case 'none':
      return '—'
  }
}
const tableText = (t: Of<'table'>) => t.rows.map((r) => r.map(cellText))

describe('DNS host details', () => {
  it('lists the addresses and the resolver asked', () => {
    const data: DnsHostData = {
      host: 'smtp.office365.com',
      resolver: '192.0.2.53:53',
      a: ['52.97.1.2', '52.97.1.3'],
      aaaa: [],
      error: null,
    }
    expect(rowMap({ id: 'dns-submission-host', data })).toEqual({
      Host: 'smtp.office365.com',
      'DNS server': '192.0.2.53:53',
      'IPv4 addresses': '52.97.1.2, 52.97.1.3',
      'IPv6 addresses': 'none',
    })
    expect(
      rowMap({
        id: 'dns-submission-host',
        data: { ...data, resolver: 'system', a: [], error: 'ENOTFOUND' },
      }),
    ).toMatchObject({
      'DNS server': "this laptop's resolver",
      'DNS error': 'ENOTFOUND',
    })
    expect(hasSmtpConversation({ id: 'dns-submission-host', data })).toBe(false)
  })
})

describe('MX details', () => {
  const data: DnsMxData = {
    domain: 'contoso.com',
    resolver: 'system',
    records: [
      { exchange: 'filter.example.net', priority: 20, kind: 'other' },
      { exchange: 'contoso-com.mail.protection.outlook.com', priority: 0, kind: 'microsoft-365' },
    ],
    m365Endpoint: 'contoso-com.mail.protection.outlook.com',
    error: null,
  }

  it('names the Microsoft 365 endpoint and tags each record, lowest priority first', () => {
    const blocks = detailBlocks({ id: 'dns-mx', data })
    expect(rowMap({ id: 'dns-mx', data })['Microsoft 365 MX endpoint']).toBe(
      'contoso-com.mail.protection.outlook.com',
    )
    const [table] = blocksOf(blocks, 'table')
    expect(table?.columns).toEqual(['Priority', 'Mail server', 'Kind'])
    expect(tableText(table!)).toEqual([
      ['0', 'contoso-com.mail.protection.outlook.com', 'Microsoft 365'],
      ['20', 'filter.example.net', 'Other server or filter'],
    ])
  })

  it('says when no Microsoft 365 endpoint is published, and shows no empty table', () => {
    expect(
      rowMap({ id: 'dns-mx', data: { ...data, m365Endpoint: null } })['Microsoft 365 MX endpoint'],
    ).toBe('not among the MX records')
    const none = { ...data, records: [], m365Endpoint: null, error: 'ENODATA' }
    expect(rowMap({ id: 'dns-mx', data: none })['Microsoft 365 MX endpoint']).toBe('none')
    expect(blocksOf(detailBlocks({ id: 'dns-mx', data: none }), 'table')).toEqual([])
  })
})

describe('SPF record details', () => {
  const data: SpfRecordData = {
    domain: 'contoso.com',
    resolver: 'system',
    records: ['v=spf1 include:spf.protection.outlook.com -all'],
    record: 'v=spf1 include:spf.protection.outlook.com -all',
    problems: [],
    includesMicrosoft: true,
    lookupCount: 2,
    lookupLimit: 10,
    error: null,
  }

  it('shows the record as typed, whether Microsoft is included, and lookups "n of 10"', () => {
    const blocks = detailBlocks({ id: 'dns-spf', data })
    expect(blocksOf(blocks, 'code')).toEqual([
      { kind: 'code', label: 'SPF record', text: data.record, copyable: false },
    ])
    expect(rowMap({ id: 'dns-spf', data })).toMatchObject({
      'Includes Microsoft 365': 'yes',
      'DNS lookups': '2 of 10',
    })
    expect(blocksOf(blocks, 'list')).toEqual([])
  })

  it('lists problems, each record when there are several, and says when there is none', () => {
    const two = {
      ...data,
      records: ['v=spf1 -all', 'v=spf1 include:spf.protection.outlook.com ~all'],
      record: null,
      problems: ['There are 2 SPF records; only one is allowed.'],
      includesMicrosoft: false,
      lookupCount: null,
    }
    const blocks = detailBlocks({ id: 'dns-spf', data: two })
    expect(blocksOf(blocks, 'code').map((b) => b.label)).toEqual([
      'SPF record 1 of 2',
      'SPF record 2 of 2',
    ])
    expect(blocksOf(blocks, 'list')[0]?.items).toEqual(two.problems)
    expect(rowMap({ id: 'dns-spf', data: two })).toMatchObject({
      'Includes Microsoft 365': 'no',
      'DNS lookups': 'unknown of 10',
    })
    const none = { ...data, records: [], record: null }
    expect(rowMap({ id: 'dns-spf', data: none })['SPF record']).toBe('none published')
    expect(rowMap({ id: 'dns-spf', data: none })['DNS lookups']).toBeUndefined()
  })
})

describe('public IP details', () => {
  const family = (f: 4 | 6, patch: Partial<PublicIpFamily> = {}): PublicIpFamily => ({
    family: f,
    consensus: null,
    smtpIp: null,
    distinct: [],
    unsuitable: null,
    reverseDns: [],
    looksDynamic: null,
    ...patch,
  })
  const data: PublicIpData = {
    observations: [
      {
        source: 'https://echo.example/',
        kind: 'https',
        family: 4,
        ip: '203.0.113.9',
        error: null,
        durationMs: 40,
      },
      {
        source: 'https://echo.example/',
        kind: 'https',
        family: 6,
        ip: null,
        error: 'ENETUNREACH',
        durationMs: 2,
      },
      {
        source: 'dns-ip:myip.opendns.com@208.67.222.222',
        kind: 'dns',
        family: 4,
        ip: '203.0.113.7',
        error: null,
        durationMs: 12,
      },
      {
        source: 'starttls-submission',
        kind: 'smtp',
        family: 4,
        ip: '203.0.113.7',
        error: null,
        durationMs: 0,
      },
    ],
    v4: family(4, {
      consensus: '203.0.113.7',
      smtpIp: '203.0.113.7',
      distinct: ['203.0.113.9', '203.0.113.7'],
      reverseDns: ['dsl-203-0-113-7.dynamic.example.net'],
      looksDynamic: true,
    }),
    v6: family(6),
  }

  it('gives each IP version its own section, with what Exchange Online sees', () => {
    const [v4, v6] = blocksOf(detailBlocks({ id: 'public-ip', data }), 'section')
    expect(v4?.heading).toBe('IPv4')
    expect(rowMap({ id: 'public-ip', data })).toMatchObject({
      'Seen from': '203.0.113.7',
      'Exchange Online sees': '203.0.113.7',
      'Addresses reported': '203.0.113.9, 203.0.113.7',
      'Reverse DNS': 'dsl-203-0-113-7.dynamic.example.net',
      'Address pool': 'looks like a dynamic (end-user) address pool',
    })
    expect(blocksOf(v4!.blocks, 'note')[0]?.text).toMatch(/dynamic address pool/)
    expect(v6?.heading).toBe('IPv6')
    expect(blocksOf(v6!.blocks, 'note')[0]?.text).toBe('No source reported a public IPv6 address.')
  })

  it('tabulates every source, with the error where there is no address', () => {
    const [table] = blocksOf(detailBlocks({ id: 'public-ip', data }), 'table')
    expect(table?.columns).toEqual(['Source', 'Kind', 'IP version', 'Address or error', 'Time'])
    expect(tableText(table!)).toEqual([
      ['https://echo.example/', 'HTTPS echo', 'IPv4', '203.0.113.9', '40 ms'],
      ['https://echo.example/', 'HTTPS echo', 'IPv6', 'No answer ENETUNREACH', '2 ms'],
      ['dns-ip:myip.opendns.com@208.67.222.222', 'DNS echo', 'IPv4', '203.0.113.7', '12 ms'],
      ['STARTTLS check, submission host', 'Exchange Online (EHLO)', 'IPv4', '203.0.113.7', '—'],
    ])
  })

  it('explains an address that cannot be named in a connector', () => {
    const cgnat = {
      ...data,
      v4: family(4, {
        consensus: '100.64.1.2',
        distinct: ['100.64.1.2'],
        unsuitable: '100.64.1.2 is in 100.64.0.0/10, carrier-grade NAT',
      }),
    }
    const [v4] = blocksOf(detailBlocks({ id: 'public-ip', data: cgnat }), 'section')
    expect(blocksOf(v4!.blocks, 'note')).toEqual([
      expect.objectContaining({
        tag: expect.objectContaining({ label: 'Warning' }),
        text: '100.64.1.2 is in 100.64.0.0/10, carrier-grade NAT.',
      }),
    ])
    expect(rowMap({ id: 'public-ip', data: cgnat })['Exchange Online sees']).toMatch(/^not known/)
    expect(rowMap({ id: 'public-ip', data: cgnat })['Address pool']).toBeUndefined()
  })
})

describe('SPF verdict details', () => {
  const data: SpfVerdictData = {
    domain: 'contoso.com',
    results: [
      {
        ip: '203.0.113.7',
        family: 4,
        result: 'softfail',
        comment: 'domain of contoso.com does not designate 203.0.113.7',
      },
    ],
    currentRecord: 'v=spf1 include:spf.protection.outlook.com ~all',
    suggestedRecord: 'v=spf1 ip4:203.0.113.7 include:spf.protection.outlook.com ~all',
  }

  it('shows the result per address, the current record and a copyable suggestion', () => {
    const blocks = detailBlocks({ id: 'spf-verdict', data })
    expect(tableText(blocksOf(blocks, 'table')[0]!)).toEqual([
      ['203.0.113.7', 'IPv4', 'Soft fail', 'domain of contoso.com does not designate 203.0.113.7'],
    ])
    expect(blocksOf(blocks, 'code')).toEqual([
      { kind: 'code', label: 'Current SPF record', text: data.currentRecord, copyable: false },
      {
        kind: 'code',
        label: 'Suggested SPF record (replaces the current one)',
        text: data.suggestedRecord,
        copyable: true,
      },
    ])
  })

  it('shows nothing when no address was known to judge', () => {
    expect(
      detailBlocks({
        id: 'spf-verdict',
        data: { ...data, results: [], currentRecord: null, suggestedRecord: null },
      }),
    ).toEqual([])
  })

  it('offers nothing to copy when the address passes, and says when no record is current', () => {
    const pass = {
      ...data,
      results: [{ ...data.results[0]!, result: 'pass' as const, comment: null }],
      suggestedRecord: null,
      currentRecord: null,
    }
    const blocks = detailBlocks({ id: 'spf-verdict', data: pass })
    expect(blocksOf(blocks, 'code')).toEqual([])
    expect(rowMap({ id: 'spf-verdict', data: pass })['Current SPF record']).toBe(
      'none (or more than one)',
    )
    expect(tableText(blocksOf(blocks, 'table')[0]!)[0]).toEqual([
      '203.0.113.7',
      'IPv4',
      'Pass',
      '—',
    ])
  })
})

describe('blocklist details', () => {
  const data: BlocklistData = {
    ips: ['203.0.113.7'],
    results: [
      {
        zone: 'bl.spamcop.net',
        ip: '203.0.113.7',
        query: '7.113.0.203.bl.spamcop.net',
        state: 'not-listed',
        codes: [],
        reason: null,
        meaning: null,
        removalUrl: 'https://www.spamcop.net/bl.shtml',
      },
      {
        zone: 'zen.spamhaus.org',
        ip: '203.0.113.7',
        query: '7.113.0.203.zen.spamhaus.org',
        state: 'listed',
        codes: ['127.0.0.2'],
        reason: 'https://check.spamhaus.org/sbl/query/SBL1',
        meaning: 'SBL: a known spam source',
        removalUrl: 'https://check.spamhaus.org/',
      },
      {
        zone: 'b.barracudacentral.org',
        ip: '203.0.113.7',
        query: '7.113.0.203.b.barracudacentral.org',
        state: 'unknown',
        codes: ['127.255.255.254'],
        reason: null,
        meaning: 'the list refuses queries from public or open resolvers',
        removalUrl: 'https://www.barracudacentral.org/lookups',
      },
    ],
  }

  it('puts listings first, states in words, and offers the removal page where it helps', () => {
    const [table] = blocksOf(detailBlocks({ id: 'blocklists', data }), 'table')
    expect(table?.columns).toEqual([
      'List',
      'Address',
      'State',
      'Meaning',
      'Reason given',
      'List website',
    ])
    expect(tableText(table!)).toEqual([
      [
        'zen.spamhaus.org',
        '203.0.113.7',
        'Listed',
        'SBL: a known spam source',
        'https://check.spamhaus.org/sbl/query/SBL1',
        '[Open check.spamhaus.org]',
      ],
      [
        'b.barracudacentral.org',
        '203.0.113.7',
        'Unknown',
        'the list refuses queries from public or open resolvers',
        '—',
        '[Open www.barracudacentral.org]',
      ],
      ['bl.spamcop.net', '203.0.113.7', 'Not listed', '—', '—', '—'],
    ])
    const link = table!.rows[0]![5]
    expect(link).toEqual({
      kind: 'link',
      url: 'https://check.spamhaus.org/',
      label: 'Open check.spamhaus.org',
      description: 'to request removal of 203.0.113.7 from zen.spamhaus.org',
    })
  })

  it('drops the reason and website columns when no row has one', () => {
    const clean = { ...data, results: [data.results[0]!].map((r) => ({ ...r, removalUrl: null })) }
    expect(blocksOf(detailBlocks({ id: 'blocklists', data: clean }), 'table')[0]?.columns).toEqual([
      'List',
      'Address',
      'State',
      'Meaning',
    ])
    expect(rowMap({ id: 'blocklists', data: { ips: [], results: [] } })).toEqual({
      'Addresses checked': 'none',
    })
  })
})

describe('external link failures', () => {
  it("keeps only main's reason and gives the address to type", () => {
    expect(
      linkFailureText(
        'https://check.spamhaus.org/',
        'link not opened: check.spamhaus.org is not on the list of sites ScanPath opens',
      ),
    ).toBe(
      'Could not open https://check.spamhaus.org/: check.spamhaus.org is not on the list of sites ScanPath opens. Type the address into a browser instead.',
    )
  })
})
