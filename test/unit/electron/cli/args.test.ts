import { describe, expect, it } from 'vitest'

import { parseCli } from '../../../../electron/cli/args'

describe('scanpath argument parsing', () => {
  it('uses the Microsoft 365 defaults', () => {
    const c = parseCli(['diagnose'])
    expect(c).toMatchObject({
      kind: 'diagnose',
      json: false,
      options: {
        submissionHost: 'smtp.office365.com',
        submissionPort: 587,
        smtpPort: 25,
        implicitTlsPort: 465,
        timeoutMs: 8000,
        checkPort25: true,
        checkImplicitTls: true,
        checkLegacyTls: true,
      },
    })
    expect(c.kind === 'diagnose' && c.options.mxHost).toBeUndefined()
  })

  it('takes every endpoint from flags', () => {
    const c = parseCli([
      'diagnose',
      '--submission-host',
      'localhost',
      '--submission-port',
      '2587',
      '--smtp-port',
      '2525',
      '--implicit-tls-port',
      '2465',
      '--mx-host',
      'contoso-com.mail.protection.outlook.com',
      '--timeout-ms',
      '1500',
      '--ehlo-name',
      'tech-laptop.contoso.com',
      '--skip-port-25',
      '--skip-465',
      '--skip-legacy-tls',
      '--domain',
      'Contoso.Test.',
      '--dns-server',
      '127.0.0.1:5353',
      '--public-ip-source',
      'https://127.0.0.1:8443/',
      '--public-ip-source',
      'dns-ip:myip.opendns.com@[::1]:5353',
      '--blocklist',
      'zen.spamhaus.test',
      '--skip-blocklists',
      '--json',
    ])
    expect(c).toEqual({
      kind: 'diagnose',
      json: true,
      options: {
        submissionHost: 'localhost',
        submissionPort: 2587,
        smtpPort: 2525,
        implicitTlsPort: 2465,
        mxHost: 'contoso-com.mail.protection.outlook.com',
        timeoutMs: 1500,
        ehloName: 'tech-laptop.contoso.com',
        checkPort25: false,
        checkImplicitTls: false,
        checkLegacyTls: false,
        domain: 'contoso.test',
        dnsServer: '127.0.0.1:5353',
        publicIpSources: ['https://127.0.0.1:8443/', 'dns-ip:myip.opendns.com@[::1]:5353'],
        blocklists: ['zen.spamhaus.test'],
        checkPublicIp: true,
        checkBlocklists: false,
      },
    })
  })

  it.each([
    [[], 'missing command'],
    [['probe'], 'unknown command "probe"'],
    [['diagnose', 'extra'], 'unexpected argument "extra"'],
    [['diagnose', '--bogus'], "Unknown option '--bogus'"],
    [['diagnose', '--submission-port', 'abc'], '--submission-port must be a number, got "abc"'],
    [['diagnose', '--submission-port', '0'], '--submission-port must be between 1 and 65535'],
    [['diagnose', '--smtp-port', '65536'], '--smtp-port must be between 1 and 65535'],
    [['diagnose', '--timeout-ms', '10'], '--timeout-ms must be at least 100 ms'],
    [['diagnose', '--submission-host', 'https://smtp.office365.com'], '--submission-host is a URL'],
    [['diagnose', '--mx-host', 'contoso.mail protection'], '--mx-host contains a space'],
    [['diagnose', '--submission-host'], "Option '--submission-host <value>' argument missing"],
    [
      ['diagnose', '--domain', 'scanner@contoso.com'],
      '--domain is an email address; give only the domain',
    ],
    [['diagnose', '--domain', '203.0.113.7'], '--domain is an IP address; give the domain name'],
    [['diagnose', '--dns-server', 'dns.google'], '--dns-server must be an IP address'],
    [['diagnose', '--dns-server', '127.0.0.1:99999'], '--dns-server has a port outside 1–65535'],
    [
      ['diagnose', '--public-ip-source', 'https://a.test/', '--public-ip-source', 'ftp://x'],
      '--public-ip-source #2 must be an https:// URL, dns-ip:NAME@SERVER or dns-txt:NAME@SERVER',
    ],
    [
      ['diagnose', '--public-ip-source', 'dns-txt:o-o.myaddr.l.google.com@ns1.google.com'],
      'server must be an IP address',
    ],
    [['diagnose', '--blocklist', 'not a zone'], '--blocklist #1 is not a DNS zone name'],
  ])('%j is a usage error: %s', (argv, message) => {
    const c = parseCli(argv)
    expect(c.kind).toBe('usage-error')
    if (c.kind === 'usage-error') expect(c.message).toContain(message)
  })

  it('asks for help', () => {
    expect(parseCli(['--help'])).toEqual({ kind: 'help' })
    expect(parseCli(['diagnose', '-h'])).toEqual({ kind: 'help' })
  })
})
