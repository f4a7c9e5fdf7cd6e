import { describe, expect, it } from 'vitest'

import {
  inAnyRange,
  isPublicAddress,
  isWildcard,
  parseIp,
  parseRange,
  rangeContains,
  type IpRange,
} from '../../../../electron/relay/ip-ranges'

function range(text: string): IpRange {
  const r = parseRange(text)
  if ('error' in r) throw new Error(r.error)
  return r
}

describe('relay allowlist ranges', () => {
  it('matches IPv4 CIDR ranges at their edges', () => {
    const r = range('192.168.1.0/24')
    expect(rangeContains(r, '192.168.1.0')).toBe(true)
    expect(rangeContains(r, '192.168.1.255')).toBe(true)
    expect(rangeContains(r, '192.168.2.0')).toBe(false)
    expect(rangeContains(r, '192.168.0.255')).toBe(false)
    expect(rangeContains(range('10.0.0.0/8'), '10.255.1.2')).toBe(true)
    expect(rangeContains(range('172.16.0.0/12'), '172.31.255.255')).toBe(true)
    expect(rangeContains(range('172.16.0.0/12'), '172.32.0.0')).toBe(false)
  })

  it('treats a single address as /32 or /128', () => {
    expect(rangeContains(range('192.168.1.20'), '192.168.1.20')).toBe(true)
    expect(rangeContains(range('192.168.1.20'), '192.168.1.21')).toBe(false)
    expect(rangeContains(range('fd00::20'), 'fd00:0:0::20')).toBe(true)
    expect(rangeContains(range('fd00::20'), 'fd00::21')).toBe(false)
  })

  it('matches IPv6 ranges and does not mix families', () => {
    const r = range('fd12:3456:789a::/48')
    expect(rangeContains(r, 'fd12:3456:789a:1::5')).toBe(true)
    expect(rangeContains(r, 'fd12:3456:789b::5')).toBe(false)
    expect(rangeContains(r, '10.0.0.1')).toBe(false)
    expect(rangeContains(range('10.0.0.0/8'), 'fd12::1')).toBe(false)
  })

  it('matches an IPv4 peer reported as IPv4-mapped IPv6 by a dual-stack socket', () => {
    expect(rangeContains(range('10.0.0.0/8'), '::ffff:10.1.2.3')).toBe(true)
    expect(rangeContains(range('::ffff:10.0.0.0/104'), '10.9.9.9')).toBe(true)
    expect(parseIp('::ffff:192.168.1.1')).toEqual({ family: 4, value: 0xc0a80101n })
  })

  it('normalizes the host bits of a range', () => {
    expect(rangeContains(range('192.168.1.77/24'), '192.168.1.5')).toBe(true)
  })

  it('refuses what is not a range, and a range that allows everyone', () => {
    for (const bad of [
      'printer.local',
      '192.168.1.0/33',
      '192.168.1/24',
      '10.0.0.0/8/1',
      'fd00::/129',
      '',
      '1.2.3.4/-1',
    ])
      expect(parseRange(bad)).toHaveProperty('error')
    expect(parseRange('0.0.0.0/0')).toEqual({ error: expect.stringMatching(/every address/) })
    expect(parseRange('::/0')).toEqual({ error: expect.stringMatching(/every address/) })
  })

  it('checks a list', () => {
    const list = [range('192.168.1.20'), range('10.0.0.0/8')]
    expect(inAnyRange(list, '10.1.1.1')).toBe(true)
    expect(inAnyRange(list, '192.168.1.21')).toBe(false)
    expect(inAnyRange([], '10.1.1.1')).toBe(false)
    expect(inAnyRange(list, 'not an ip')).toBe(false)
  })

  it('tells wildcards and public addresses from private ones', () => {
    expect(isWildcard('0.0.0.0')).toBe(true)
    expect(isWildcard('::')).toBe(true)
    expect(isWildcard('127.0.0.1')).toBe(false)
    for (const priv of [
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.5',
      '127.0.0.1',
      '169.254.1.1',
      '100.64.0.1',
      '::1',
      'fd00::1',
      'fe80::1',
    ])
      expect(isPublicAddress(priv), priv).toBe(false)
    for (const pub of ['8.8.8.8', '172.32.0.1', '203.0.113.7', '2001:db8::1', '::ffff:8.8.8.8'])
      expect(isPublicAddress(pub), pub).toBe(true)
    expect(isPublicAddress('0.0.0.0')).toBe(false)
  })
})
