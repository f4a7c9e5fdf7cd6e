import { describe, expect, it } from 'vitest'

import { dnsblQuery } from '../../../../electron/probes/blocklist-check'
import { looksDynamic, unsuitableReason } from '../../../../electron/probes/public-ip-address'
import { ipFromEchoBody } from '../../../../electron/probes/public-ip-https'
import { parsePublicIpSource } from '../../../../shared/public-ip-source'

describe('public IP helpers', () => {
  it('reads an address from plain and Cloudflare-trace answers, and nothing from HTML', () => {
    expect(ipFromEchoBody('203.0.113.7\n')).toBe('203.0.113.7')
    expect(ipFromEchoBody('fl=1\nh=x\nip=2001:db8::7\nts=1\n')).toBe('2001:db8::7')
    expect(ipFromEchoBody('<html>203.0.113.7</html>')).toBeNull()
  })

  it.each([
    ['10.1.2.3', 'private (RFC 1918)'],
    ['172.20.0.1', 'private (RFC 1918)'],
    ['192.168.1.10', 'private (RFC 1918)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['fd00::1', 'unique-local'],
    ['fe80::1', 'link-local'],
  ])('%s is unsuitable for a connector (%s)', (ip, why) => {
    expect(unsuitableReason(ip)).toContain(why)
  })

  it.each(['203.0.113.7', '100.128.0.1', '172.32.0.1', '2001:db8::7'])('%s is fine', (ip) => {
    expect(unsuitableReason(ip)).toBeNull()
  })

  it('spots dynamic-pool reverse names, as a hint only', () => {
    expect(looksDynamic([])).toBeNull()
    expect(looksDynamic(['mail.contoso.com'])).toBe(false)
    expect(looksDynamic(['host.dyn.isp.test'])).toBe(true)
    expect(looksDynamic(['pool-1.isp.test'])).toBe(true)
    expect(looksDynamic(['dsl-203-0-113-7.dynamic.isp.test'])).toBe(true)
  })

  it('the address spelled out in the name is not a sign; static or fixed in it means static', () => {
    expect(looksDynamic(['static-203-0-113-7.biz.example.net'])).toBe(false)
    expect(looksDynamic(['203-0-113-7.static.isp.test'])).toBe(false)
    expect(looksDynamic(['203-0-113-7.isp.test'])).toBe(false)
    expect(looksDynamic(['fixed-ip-203-0-113-7.dsl.isp.test'])).toBe(false)
    expect(looksDynamic(['static.dsl-pool.isp.test', 'dyn-7.isp.test'])).toBe(true)
  })

  it('builds blocklist names for IPv4 and IPv6 (RFC 5782)', () => {
    expect(dnsblQuery('203.0.113.7', 'zen.spamhaus.org')).toBe('7.113.0.203.zen.spamhaus.org')
    expect(dnsblQuery('2001:db8::7', 'zen.spamhaus.org')).toBe(
      '7.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org',
    )
  })

  it('parses source specs', () => {
    expect(parsePublicIpSource('https://api.ipify.org/')).toEqual({
      kind: 'https',
      url: 'https://api.ipify.org/',
    })
    expect(parsePublicIpSource('dns-ip:myip.opendns.com@[2620:0:ccc::2]')).toEqual({
      kind: 'dns',
      record: 'ip',
      name: 'myip.opendns.com',
      server: '2620:0:ccc::2',
      port: 53,
      family: 6,
    })
    expect(parsePublicIpSource('dns-txt:o-o.myaddr.l.google.com@127.0.0.1:5353')).toMatchObject({
      record: 'txt',
      server: '127.0.0.1',
      port: 5353,
      family: 4,
    })
    expect(parsePublicIpSource('https://u:p@x.test/')).toBe('must not carry credentials')
    expect(parsePublicIpSource('dns-ip:myip.opendns.com@127.0.0.1:0')).toBe(
      'server has a port outside 1–65535',
    )
  })
})
