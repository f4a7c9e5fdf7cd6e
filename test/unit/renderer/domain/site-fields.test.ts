import { describe, expect, it } from 'vitest'

import { dnsServerProblem, parseDnsServer } from '../../../../renderer/src/domain/dns-server'
import { mailDomainProblem, normalizeMailDomain } from '../../../../renderer/src/domain/mail-domain'
import { diagnoseOptionsSchema } from '../../../../shared/schemas/diagnose-options'

/** Whether main's schema takes the value the renderer would send for `field`. */
const schemaAccepts = (field: 'domain' | 'dnsServer', value: string) =>
  diagnoseOptionsSchema.safeParse({ [field]: value }).success

describe('customer mail domain', () => {
  it.each(['contoso.com', 'Contoso.COM', ' contoso.com ', 'contoso.com.', 'mail.contoso.co.uk'])(
    '%j is a domain',
    (value) => {
      expect(mailDomainProblem(value)).toBeNull()
    },
  )

  it('normalises what it sends: trimmed, lower-case, no trailing dot', () => {
    expect(normalizeMailDomain(' Contoso.COM. ')).toBe('contoso.com')
  })

  it.each([
    ['scanner@contoso.com', 'is an email address; give only the domain, e.g. contoso.com'],
    ['@contoso.com', 'is an email address; give only the domain, e.g. contoso.com'],
    ['https://contoso.com', 'is a web address; give only the domain, e.g. contoso.com'],
    ['contoso .com', 'contains a space'],
    ['192.0.2.10', 'is an IP address; give the domain name, e.g. contoso.com'],
    ['contoso', 'is not a domain name, e.g. contoso.com'],
    ['contoso_mail.com', 'is not a domain name, e.g. contoso.com'],
    ['-contoso.com', 'is not a domain name, e.g. contoso.com'],
    ['', 'is empty'],
    [`${'a'.repeat(250)}.com`, 'is longer than 253 characters'],
  ])('%j: %s', (value, problem) => {
    expect(mailDomainProblem(value)).toBe(problem)
  })

  // The renderer cannot load the schema (zod and the CSP), so its rules are held to the schema's.
  it.each([
    'contoso.com',
    'Contoso.COM.',
    'xn--bcher-kva.example',
    'scanner@contoso.com',
    'contoso',
    '192.0.2.10',
    '2001:db8::1',
    'contoso..com',
    'a.b',
    'http://contoso.com',
    '1.2.3.com',
    'contoso.123',
  ])('agrees with main about %j', (value) => {
    const accepted = mailDomainProblem(value) === null
    expect(accepted).toBe(schemaAccepts('domain', normalizeMailDomain(value)))
  })
})

describe('DNS server', () => {
  it.each([
    ['192.0.2.53', { host: '192.0.2.53', port: 53 }],
    [' 192.0.2.53:5353 ', { host: '192.0.2.53', port: 5353 }],
    ['2001:db8::53', { host: '2001:db8::53', port: 53 }],
    ['[2001:db8::53]', { host: '2001:db8::53', port: 53 }],
    ['[2001:db8::53]:5353', { host: '2001:db8::53', port: 5353 }],
  ])('%j is %j', (value, parsed) => {
    expect(parseDnsServer(value)).toEqual(parsed)
  })

  it.each([
    ['dns.contoso.com', 'must be an IP address, e.g. 192.0.2.53 or 192.0.2.53:5353'],
    ['dns.contoso.com:53', 'must be an IP address, e.g. 192.0.2.53 or 192.0.2.53:5353'],
    ['192.0.2.53:0', 'has a port outside 1–65535'],
    ['192.0.2.53:70000', 'has a port outside 1–65535'],
    ['192.0.2.53:dns', 'is not host, host:port or [IPv6]:port'],
    ['2001:db8::53:5353x', 'is not host, host:port or [IPv6]:port'],
    ['192.0.2.53 5353', 'contains a space'],
    ['', 'is empty'],
  ])('%j: %s', (value, problem) => {
    expect(dnsServerProblem(value)).toBe(problem)
  })

  it.each([
    '192.0.2.53',
    '192.0.2.53:5353',
    '192.0.2.53:0',
    '192.0.2.256',
    '2001:db8::53',
    '[2001:db8::53]:53',
    '[192.0.2.53]:53',
    'dns.contoso.com',
    '192.0.2.53:',
    ':53',
  ])('agrees with main about %j', (value) => {
    expect(dnsServerProblem(value) === null).toBe(schemaAccepts('dnsServer', value.trim()))
  })
})
