/**
 * The built `scanpath` command's arguments, run under plain Node as a technician would (issue 12):
 * numbers after a flag (negative ones included) get our own message, a flag given twice is
 * refused, a usage error is the message and one line pointing at --help, a password typed as an
 * argument is never echoed, and a --dns-server that does not answer fails the checks that needed
 * it instead of reading as "offline". Needs `npm run build` (part of `npm test`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { expectInert } from '../helpers/hostile-text'
import { scanpath, type ScanpathRun } from '../helpers/run-scanpath'
import { startDnsServer, type DnsServer } from '../helpers/dns-server'

/** A usage error: exit 2, nothing on stdout, the message and one line pointing at --help. */
function expectUsageError(r: ScanpathRun, message: string, command: string | null): void {
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  const help =
    command === null
      ? "Run 'scanpath --help' for the commands and their options."
      : `Run 'scanpath ${command} --help' for the options.`
  expect(r.stderr).toBe(`scanpath: ${message}\n${help}\n`)
}

const USER = ['--user', 'scanner@contoso.test']

/**
 * An argument a script passed on from what a device announced: an OSC 0 title, a clear screen, a
 * right-to-left override and a C1 CSI (no NUL: an argument cannot hold one).
 */
const ARG = 'Evil\x1b]0;pwned\x07\x1b[2J\u202egnp\x9b31mEnd'
const ARG_SHOWN = 'Evil\\x1b]0;pwned\\x07\\x1b[2J\\u202egnp\\x9b31mEnd'

describe('a negative or invalid number after a flag', () => {
  it.each([
    [
      ['diagnose', '--submission-port', '-1'],
      '--submission-port must be a port number 1–65535, got -1',
      'diagnose',
    ],
    [
      ['diagnose', '--smtp-port', '-25'],
      '--smtp-port must be a port number 1–65535, got -25',
      'diagnose',
    ],
    [
      ['diagnose', '--implicit-tls-port', '70000'],
      '--implicit-tls-port must be a port number 1–65535, got 70000',
      'diagnose',
    ],
    [
      ['diagnose', '--timeout-ms', '-1'],
      '--timeout-ms must be a number of milliseconds 100–120000, got -1',
      'diagnose',
    ],
    [
      ['auth-test', ...USER, '--submission-port', '-1'],
      '--submission-port must be a port number 1–65535, got -1',
      'auth-test',
    ],
    [
      ['send-test', ...USER, '--to', 'a@contoso.test', '--timeout-ms', '-8000'],
      '--timeout-ms must be a number of milliseconds 100–120000, got -8000',
      'send-test',
    ],
    [
      ['capture', '--port', '-2525', '--listen', '127.0.0.1'],
      '--port must be a port number 1–65535, got -2525',
      'capture',
    ],
    [
      ['capture', '--port', '2525', '--tls-port', '-465', '--listen', '127.0.0.1'],
      '--tls-port must be a port number 1–65535, got -465',
      'capture',
    ],
    [
      ['capture', '--port', '2525', '--timeout-s', '-5', '--listen', '127.0.0.1'],
      '--timeout-s must be a number of seconds 1–86400, got -5',
      'capture',
    ],
    [
      ['identify', '127.0.0.1', '--ipp-port', '-631'],
      '--ipp-port must be a port number 1–65535, got -631',
      'identify',
    ],
    [
      ['identify', '127.0.0.1', '--snmp-port', '-161'],
      '--snmp-port must be a port number 1–65535, got -161',
      'identify',
    ],
    [
      ['identify', '127.0.0.1', '--timeout-s', '-3'],
      '--timeout-s must be a number of seconds 1–60, got -3',
      'identify',
    ],
    [
      ['discover', '--timeout-s', '-1'],
      '--timeout-s must be a number of seconds 1–30, got -1',
      'discover',
    ],
  ])('%j', async (args, message, command) => {
    expectUsageError(await scanpath(args), message, command)
  })
})

describe('a flag given twice', () => {
  // NETWORK SAFETY: were the repeat accepted, each command would still only reach loopback.
  const LOCAL = ['--submission-host', '127.0.0.1', '--timeout-ms', '200']
  it.each([
    [
      ['diagnose', ...LOCAL, '--skip-public-ip', '--smtp-port', '25', '--smtp-port', '587'],
      '--smtp-port was given twice (25 and 587): give it once',
      'diagnose',
    ],
    [
      ['auth-test', ...USER, ...LOCAL, '--submission-port', '587', '--submission-port', '25'],
      '--submission-port was given twice (587 and 25): give it once',
      'auth-test',
    ],
    [
      ['capture', '--port', '25', '--port', '2525', '--listen', '127.0.0.1', '--timeout-s', '1'],
      '--port was given twice (25 and 2525): give it once',
      'capture',
    ],
    [
      [
        'identify',
        '127.0.0.1',
        '--timeout-s',
        '1',
        '--community',
        'priv-one',
        '--community',
        'priv-two',
      ],
      '--community was given twice: give it once',
      'identify',
    ],
    [
      ['discover', '--on', '127.0.0.1', '--timeout-s', '1', '--json', '--json'],
      '--json was given twice: give it once',
      'discover',
    ],
    [
      ['report', 'job-1', '--data-dir', '/a', '--data-dir', '/b'],
      '--data-dir was given twice (/a and /b): give it once',
      'report',
    ],
  ])('%j is refused', async (args, message, command) => {
    expectUsageError(await scanpath(args), message, command)
  })
})

describe('a usage error is the message and one line pointing at --help', () => {
  it.each([
    [['diagnose', '--bogus'], "Unknown option '--bogus'", 'diagnose'],
    [
      ['diagnose', '--submission-host', 'smtp office365.com'],
      '--submission-host contains a space',
      'diagnose',
    ],
    [['auth-test'], '--user is required (the mailbox to sign in as)', 'auth-test'],
    [['send-test', ...USER], '--to is required (where the test message goes)', 'send-test'],
    [['report'], 'missing JOB_ID: scanpath report JOB_ID', 'report'],
    [['capture', '--listen', '127.0.0.1'], 'missing --port', 'capture'],
    [['identify'], 'give exactly one HOST (the device’s IP address or name)', 'identify'],
    [
      ['discover', '--on', 'eth0'],
      `--on "eth0": give this laptop's IPv4 address on that network, e.g. 192.168.1.23`,
      'discover',
    ],
  ])('%j', async (args, message, command) => {
    expectUsageError(await scanpath(args), message, command)
  })

  it.each([
    [['diagnose', ARG], `unexpected argument "${ARG_SHOWN}"`, 'diagnose'],
    [
      ['capture', '--port', '2525', '--listen', '127.0.0.1', ARG],
      `unexpected argument "${ARG_SHOWN}"`,
      'capture',
    ],
    [
      ['discover', '--on', ARG],
      // Quoted as JSON, which escapes C0 controls itself; the rest is shown by the display function.
      `--on "Evil\\u001b]0;pwned\\u0007\\u001b[2J\\u202egnp\\x9b31mEnd": give this laptop's IPv4 address on that network, e.g. 192.168.1.23`,
      'discover',
    ],
    [
      ['report', 'job-1', ARG, '--data-dir', '/data'],
      `unexpected argument "${ARG_SHOWN}"`,
      'report',
    ],
  ])('%j: an argument quoted back is shown as visible escapes', async (args, message, command) => {
    const r = await scanpath(args)
    expectUsageError(r, message, command)
    expectInert(r.stderr)
  })

  it('a missing command points at the list of commands', async () => {
    const r = await scanpath([])
    expect(r.code).toBe(2)
    expect(r.stderr.split('\n')).toEqual([
      expect.stringMatching(/^scanpath: missing command: try "scanpath diagnose"/),
      "Run 'scanpath --help' for the commands and their options.",
      '',
    ])
  })

  it("the --help it points at is that command's", async () => {
    const diagnose = await scanpath(['diagnose', '--help'])
    expect(diagnose.code).toBe(0)
    expect(diagnose.stdout).toMatch(/^Usage: scanpath diagnose \[options\]/)
    expect(diagnose.stdout).not.toContain('scanpath auth-test')
    const auth = await scanpath(['auth-test', '--help'])
    expect(auth.code).toBe(0)
    expect(auth.stdout).toMatch(/^Usage: scanpath auth-test --user ADDRESS/)
    expect(auth.stdout).not.toContain('scanpath diagnose')
  })
})

describe('a password given as an argument is never echoed', () => {
  const SECRET = 'Sc4n-P@ss-w0rd'
  it.each([
    [['auth-test', ...USER, SECRET]],
    [['auth-test', SECRET, ...USER]],
    [['send-test', ...USER, '--to', 'a@contoso.test', SECRET]],
    [['auth-test', ...USER, '--', SECRET]],
  ])('%j', async (args) => {
    const r = await scanpath(args)
    expectUsageError(
      r,
      'unexpected argument (not shown, it may be a password): the password is asked for at the prompt or read from standard input',
      args[0]!,
    )
    expect(r.stderr).not.toContain(SECRET)
  })

  it.each([
    [['auth-test', ...USER, `--pasword=${SECRET}`]],
    [['auth-test', ...USER, '--mechanism', `-${SECRET}`]],
    [['identify', '127.0.0.1', `--comunity=${SECRET}`]],
    [['identify', '127.0.0.1', '--timeout-s', '1', '--community', SECRET, '--community', SECRET]],
  ])('%j: refused without the secret', async (args) => {
    const r = await scanpath(args)
    expect(r.code).toBe(2)
    expect(r.stderr).not.toContain(SECRET)
    expect(r.stderr.split('\n')).toHaveLength(3)
  })
})

describe('a --dns-server that does not answer', () => {
  let silent: DnsServer
  beforeAll(async () => {
    silent = await startDnsServer({ records: [], silent: true })
  })
  afterAll(async () => {
    await silent?.close()
  })

  // NETWORK SAFETY: every name goes to the silent loopback server; no public-IP lookup.
  const args = () => [
    'diagnose',
    '--dns-server',
    silent.address,
    '--timeout-ms',
    '300',
    '--skip-public-ip',
  ]

  it('fails the checks that needed it, naming the server, and exits 1 (not "Offline", exit 0)', async () => {
    const before = udpQueries(silent)
    const r = await scanpath(args())
    expect(udpQueries(silent)).toBeGreaterThan(before)
    expect(r.code).toBe(1)
    const server = silent.address.replace(/\./g, '\\.')
    expect(r.stdout).toMatch(
      new RegExp(`^FAIL +DNS for smtp\\.office365\\.com +The DNS server ${server} named with`, 'm'),
    )
    expect(r.stdout).toMatch(/^FAIL +Port 587 \(client submission\) on +The DNS server/m)
    expect(r.stdout).toMatch(/What to do: Check the address, or leave --dns-server out/)
    expect(r.stdout).not.toContain('Offline')
    expect(r.stdout).toMatch(/\d+ passed, \d+ warnings, [1-9]\d* failed/)
  })

  it('--json: the same, check by check', async () => {
    const r = await scanpath([...args(), '--json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as {
      offline: boolean
      checks: Array<{ id: string; status: string; explanation: string; fix: string }>
    }
    expect(report.offline).toBe(false)
    const dnsHost = report.checks.find((c) => c.id === 'dns-submission-host')!
    expect(dnsHost.status).toBe('fail')
    expect(dnsHost.explanation).toBe(
      `The DNS server ${silent.address} named with --dns-server did not answer. (The DNS server (${silent.address}) did not answer for smtp.office365.com (ETIMEOUT).)`,
    )
    expect(dnsHost.fix).toBe(
      "Check the address, or leave --dns-server out to use the system's DNS.",
    )
  })
})

/** UDP queries the silent server took in (and dropped). */
function udpQueries(server: DnsServer): number {
  return server.queries.filter((q) => q.transport === 'udp').length
}
