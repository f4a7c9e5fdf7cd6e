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
    [
      ['diagnose', '--submission-port', 'abc'],
      '--submission-port must be a port number 1–65535, got "abc"',
    ],
    [
      ['diagnose', '--submission-port', '0'],
      '--submission-port must be a port number 1–65535, got 0',
    ],
    [['diagnose', '--smtp-port', '65536'], '--smtp-port must be a port number 1–65535, got 65536'],
    [
      ['diagnose', '--timeout-ms', '10'],
      '--timeout-ms must be a number of milliseconds 100–120000, got 10',
    ],
    [['diagnose', '--submission-host', 'https://smtp.office365.com'], '--submission-host is a URL'],
    [['diagnose', '--mx-host', 'contoso.mail protection'], '--mx-host contains a space'],
    [['diagnose', '--submission-host'], '--submission-host needs a value'],
    [
      ['diagnose', '--submission-host', '--json'],
      '--submission-host needs a value, but the next argument is the option --json',
    ],
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

  it('asks for help: all commands, or the one named', () => {
    expect(parseCli(['--help'])).toEqual({ kind: 'help' })
    expect(parseCli(['diagnose', '-h'])).toEqual({ kind: 'help', command: 'diagnose' })
    expect(parseCli(['auth-test', '--help'])).toEqual({ kind: 'help', command: 'auth-test' })
    expect(parseCli(['send-test', '-h'])).toEqual({ kind: 'help', command: 'send-test' })
  })
})

/** The message of a usage error, or a failure naming what came back instead. */
function usageError(argv: string[]): string {
  const c = parseCli(argv)
  if (c.kind !== 'usage-error') throw new Error(`${JSON.stringify(argv)} parsed as ${c.kind}`)
  return c.message
}

const USER = ['--user', 'scanner@contoso.test']

describe('numbers after a flag (issue 12)', () => {
  // Every numeric flag of diagnose, auth-test and send-test; util.parseArgs took "-1" for an
  // option and said "argument is ambiguous".
  it.each([
    [
      ['diagnose', '--submission-port', '-1'],
      '--submission-port must be a port number 1–65535, got -1',
    ],
    [['diagnose', '--smtp-port', '-25'], '--smtp-port must be a port number 1–65535, got -25'],
    [
      ['diagnose', '--implicit-tls-port', '-465'],
      '--implicit-tls-port must be a port number 1–65535, got -465',
    ],
    [
      ['diagnose', '--timeout-ms', '-100'],
      '--timeout-ms must be a number of milliseconds 100–120000, got -100',
    ],
    [
      ['diagnose', '--submission-port=-1'],
      '--submission-port must be a port number 1–65535, got -1',
    ],
    [['diagnose', '--smtp-port', '2.5'], '--smtp-port must be a port number 1–65535, got 2.5'],
    [['diagnose', '--smtp-port', '1e3'], '--smtp-port must be a port number 1–65535, got "1e3"'],
    [['diagnose', '--smtp-port', ''], '--smtp-port must be a port number 1–65535, got ""'],
    [
      ['diagnose', '--timeout-ms', '120001'],
      '--timeout-ms must be a number of milliseconds 100–120000, got 120001',
    ],
    [
      ['auth-test', ...USER, '--submission-port', '-1'],
      '--submission-port must be a port number 1–65535, got -1',
    ],
    [
      ['auth-test', ...USER, '--timeout-ms', '-5'],
      '--timeout-ms must be a number of milliseconds 100–120000, got -5',
    ],
    [
      ['send-test', ...USER, '--to', 'a@contoso.test', '--submission-port', '-587'],
      '--submission-port must be a port number 1–65535, got -587',
    ],
    [
      ['send-test', ...USER, '--to', 'a@contoso.test', '--timeout-ms', 'soon'],
      '--timeout-ms must be a number of milliseconds 100–120000, got "soon"',
    ],
  ])('%j: %s', (argv, message) => {
    expect(usageError(argv)).toBe(message)
  })

  it('a value that starts with "-" and is not a number is not taken for an option silently', () => {
    expect(usageError(['diagnose', '--ehlo-name', '-x'])).toBe(
      '--ehlo-name needs a value; if the value starts with "-", write --ehlo-name=VALUE',
    )
    expect(usageError(['auth-test', '--user', '--json'])).toBe(
      '--user needs a value, but the next argument is the option --json',
    )
  })
})

describe('a flag given twice (issue 12)', () => {
  it.each([
    [
      ['diagnose', '--submission-port', '25', '--submission-port', '587'],
      '--submission-port was given twice (25 and 587): give it once',
    ],
    [
      ['diagnose', '--timeout-ms=500', '--timeout-ms', '900', '--timeout-ms', '1000'],
      '--timeout-ms was given 3 times (500, 900 and 1000): give it once',
    ],
    [
      ['diagnose', '--domain', 'contoso.com', '--domain', 'fabrikam.com'],
      '--domain was given twice (contoso.com and fabrikam.com): give it once',
    ],
    [['diagnose', '--json', '--json'], '--json was given twice: give it once'],
    [['diagnose', '--skip-465', '--skip-465'], '--skip-465 was given twice: give it once'],
    [
      ['auth-test', ...USER, '--user', 'other@contoso.test'],
      '--user was given twice (scanner@contoso.test and other@contoso.test): give it once',
    ],
    [
      ['send-test', ...USER, '--to', 'a@contoso.test', '--to', 'b@contoso.test'],
      '--to was given twice (a@contoso.test and b@contoso.test): give it once',
    ],
    [
      ['auth-test', ...USER, '--mechanism', 'PLAIN', '--mechanism', 'LOGIN'],
      '--mechanism was given twice (PLAIN and LOGIN): give it once',
    ],
    [['auth-test', ...USER, '--oauth', '--oauth'], '--oauth was given twice: give it once'],
  ])('%j is refused', (argv, message) => {
    expect(usageError(argv)).toBe(message)
  })

  it('--public-ip-source and --blocklist are meant to be repeated', () => {
    const c = parseCli([
      'diagnose',
      '--public-ip-source',
      'https://a.test/',
      '--public-ip-source',
      'https://b.test/',
      '--blocklist',
      'zen.bl.test',
      '--blocklist',
      'bl.other.test',
    ])
    expect(c).toMatchObject({
      kind: 'diagnose',
      options: {
        publicIpSources: ['https://a.test/', 'https://b.test/'],
        blocklists: ['zen.bl.test', 'bl.other.test'],
      },
    })
  })
})

describe('usage errors name the help to read (issue 12)', () => {
  it.each([
    [['diagnose', '--bogus'], 'diagnose'],
    [['diagnose', 'extra'], 'diagnose'],
    [['auth-test'], 'auth-test'],
    [['send-test', ...USER], 'send-test'],
    [[], undefined],
    [['probe'], undefined],
  ])('%j points at the help of %s', (argv, command) => {
    const c = parseCli(argv)
    expect(c.kind).toBe('usage-error')
    expect(c.kind === 'usage-error' && c.command).toBe(command)
  })
})

describe('a password is never echoed (issue 12)', () => {
  const NOT_SHOWN =
    'unexpected argument (not shown, it may be a password): the password is asked for at the prompt or read from standard input'

  it.each([
    [['auth-test', ...USER, 'Sc4n-P@ss']],
    [['auth-test', 'Sc4n-P@ss', ...USER]],
    [['auth-test', ...USER, '--', 'Sc4n-P@ss']],
    [['auth-test', ...USER, '--', '-Sc4n-P@ss']],
    [['send-test', ...USER, '--to', 'a@contoso.test', 'Sc4n-P@ss']],
  ])('%j: the positional is refused and not shown', (argv) => {
    const message = usageError(argv)
    expect(message).toBe(NOT_SHOWN)
    expect(message).not.toContain('Sc4n')
  })

  it('an OAuth token given as an argument is not shown either', () => {
    const message = usageError(['auth-test', ...USER, '--oauth', 'eyJ0eXAiOiJKV1Qi.x.y'])
    expect(message).toContain('not shown')
    expect(message).not.toContain('eyJ')
  })

  it.each([
    [['auth-test', ...USER, '--pasword=Sc4n-P@ss'], "Unknown option '--pasword'"],
    [['auth-test', ...USER, '--pwd', 'Sc4n-P@ss'], "Unknown option '--pwd'"],
    [['auth-test', ...USER, '-p', 'Sc4n-P@ss'], "Unknown option '-p'"],
    [['auth-test', ...USER, '--mechanism', '-Sc4n-P@ss'], '--mechanism needs a value'],
    [
      ['auth-test', ...USER, '--password=Sc4n-P@ss'],
      '--password is not accepted: a secret on the command line ends up in shell history',
    ],
    [
      ['auth-test', ...USER, '--token', 'Sc4n-P@ss'],
      '--token is not accepted: a secret on the command line ends up in shell history',
    ],
  ])('%j: %s, without the secret', (argv, start) => {
    const message = usageError(argv)
    expect(message.startsWith(start)).toBe(true)
    expect(message).not.toContain('Sc4n')
  })
})
