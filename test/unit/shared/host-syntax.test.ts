import { describe, expect, it } from 'vitest'

import { emailProblem, hostProblem, isHostName, isIPv4, isIPv6 } from '../../../shared/host-syntax'

describe('host syntax', () => {
  it.each([
    'smtp.office365.com',
    'contoso-com.mail.protection.outlook.com',
    'localhost',
    'mx1.',
    'a-b.c',
  ])('accepts host name %s', (h) => expect(hostProblem(h)).toBeNull())
  it.each([
    '127.0.0.1',
    '203.0.113.7',
    '::1',
    '2001:db8::5',
    'fe80::1:2:3:4',
    '::ffff:192.0.2.1',
    '1:2:3:4:5:6:7:8',
  ])('accepts IP literal %s', (h) => expect(hostProblem(h)).toBeNull())
  it.each([
    ['', 'is empty'],
    ['smtp office365.com', 'contains a space'],
    ['https://smtp.office365.com', 'is a URL'],
    ['smtp.office365.com:587', 'includes a port'],
    ['-bad.example', 'is not a valid host name or IP address'],
    ['256.1.1.1', 'is not a valid host name or IP address'],
    ['a..b', 'is not a valid host name or IP address'],
    ['exa_mple.com', 'is not a valid host name or IP address'],
    ['1:2:3:4:5:6:7:8:9', 'is not a valid host name or IP address'],
    ['smtp.office365.com\r\nRCPT', 'contains a space'],
  ])('rejects %j (%s)', (h, why) => expect(hostProblem(h)).toContain(why))

  it('tells the families apart', () => {
    expect(isIPv4('10.0.0.1')).toBe(true)
    expect(isIPv4('10.0.0')).toBe(false)
    expect(isIPv6('2001:db8::1')).toBe(true)
    expect(isIPv6('2001:db8:::1')).toBe(false)
    expect(isHostName('x'.repeat(64) + '.com')).toBe(false)
    expect(isHostName('123')).toBe(false)
  })
})

describe('email addresses', () => {
  it.each(['scanner@contoso.com', 'first.last+scan@sub.contoso.co.uk'])('accepts %s', (a) => {
    expect(emailProblem(a)).toBeNull()
  })
  it.each([
    ['', 'is empty'],
    ['scanner', 'is not an email address'],
    ['@contoso.com', 'is not an email address'],
    ['scanner@', 'is not an email address'],
    ['scan ner@contoso.com', 'contains a space'],
    ['<scanner@contoso.com>', 'angle brackets'],
    ['scanner@localhost', 'is not a domain name'],
    ['scanner\u0000@contoso.com', 'characters a device cannot send'],
    [`${'x'.repeat(65)}@contoso.com`, 'longer than 64'],
  ])('rejects %j (%s)', (a, why) => {
    expect(emailProblem(a)).toContain(why)
  })
})
