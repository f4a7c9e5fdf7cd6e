import { describe, expect, it } from 'vitest'

import { lintSpf, mergeSpf, parseTerms, spfRecords } from '../../../../electron/probes/spf-record'

describe('SPF record text', () => {
  it('finds SPF records among TXT records, case-insensitively, and nothing else', () => {
    expect(spfRecords(['MS=ms123', 'V=SPF1 -all', 'v=spf10 -all', 'v=spf1'])).toEqual([
      'V=SPF1 -all',
      'v=spf1',
    ])
  })

  it('parses qualifiers, mechanisms and modifiers', () => {
    expect(
      parseTerms('v=spf1 -ip4:192.0.2.0/24 ~all redirect=_spf.example.test').map((t) => [
        t.qualifier,
        t.name,
        t.value,
        t.modifier,
      ]),
    ).toEqual([
      ['-', 'ip4', '192.0.2.0/24', false],
      ['~', 'all', null, false],
      ['+', 'redirect', '_spf.example.test', true],
    ])
  })

  it.each([
    ['v=spf1 include:spf.protection.outlook.com -all', []],
    [
      'v=spf1 ip4:192.0.2.0/33 -all',
      ['"ip4:192.0.2.0/33" is not a valid IPv4 address or range (permerror).'],
    ],
    [
      'v=spf1 ip6:2001:db8::/48 ip6:zz::1 -all',
      ['"ip6:zz::1" is not a valid IPv6 address or range (permerror).'],
    ],
    ['v=spf1 include -all', ['"include" needs a domain (permerror).']],
    [
      'v=spf1 foo:bar -all',
      ['"foo:bar" is not an SPF mechanism: receivers reject the whole record (permerror).'],
    ],
    [
      'v=spf1 +all',
      ['"+all" lets every server on the internet send as this domain: use "~all" or "-all".'],
    ],
    ['v=spf1 ptr -all', ['"ptr" is deprecated (RFC 7208 §5.5): slow and unreliable; remove it.']],
    ['v=spf1 -all mx', ['Terms after "all" are never used: mx.']],
    [
      'v=spf1 mx',
      [
        'The record has no "all" at the end, so unlisted senders get "neutral": end it with "~all" or "-all".',
      ],
    ],
    ['v=spf1 redirect=a.test redirect=b.test', ['More than one "redirect=" (permerror).']],
  ])('lints %j', (record, problems) => {
    expect(lintSpf(record)).toEqual(problems)
  })

  it('merges into one record: site addresses first, Microsoft included once, the "all" kept', () => {
    expect(mergeSpf([], ['203.0.113.7'])).toBe(
      'v=spf1 ip4:203.0.113.7 include:spf.protection.outlook.com ~all',
    )
    expect(
      mergeSpf(
        ['v=spf1 mx include:spf.protection.outlook.com -all'],
        ['203.0.113.7', '2001:db8::7'],
      ),
    ).toBe('v=spf1 ip4:203.0.113.7 ip6:2001:db8::7 mx include:spf.protection.outlook.com -all')
    // Two records become one; duplicates go; the first record's "all" wins.
    expect(mergeSpf(['v=spf1 mx ~all', 'v=spf1 MX a:x.test -all'], [])).toBe(
      'v=spf1 mx a:x.test include:spf.protection.outlook.com ~all',
    )
    // An address already present is not added twice.
    expect(
      mergeSpf(['v=spf1 ip4:203.0.113.7 include:spf.protection.outlook.com -all'], ['203.0.113.7']),
    ).toBe('v=spf1 ip4:203.0.113.7 include:spf.protection.outlook.com -all')
    // A redirect to Microsoft stays the tail and already covers Microsoft.
    expect(mergeSpf(['v=spf1 redirect=spf.protection.outlook.com'], ['203.0.113.7'])).toBe(
      'v=spf1 ip4:203.0.113.7 redirect=spf.protection.outlook.com',
    )
  })
})
