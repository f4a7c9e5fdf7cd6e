/**
 * The argument parsing of `scanpath capture`, `identify`, `discover` and `report` (issue 12):
 * numbers (negative ones included) get our own message, a flag given twice is refused unless it
 * is meant to repeat, a secret is never repeated back, and a usage error prints the message and
 * one line pointing at the command's --help.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'

import { parseCaptureCommand, runCaptureCommand } from '../../../../electron/cli/capture-cmd'
import { parseDiscoverCommand, runDiscoverCommand } from '../../../../electron/cli/discover-cmd'
import { parseIdentifyCommand, runIdentifyCommand } from '../../../../electron/cli/identify-cmd'
import { parseReportCommand, runReportCommand } from '../../../../electron/cli/report-cmd'

const ifaces = {
  lo: [
    {
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      family: 'IPv4',
      mac: '',
      internal: true,
      cidr: null,
    },
  ],
} as unknown as Parameters<typeof parseCaptureCommand>[1]

type Parsed = { kind: string; message?: string }

/** The usage error's message, or what was parsed instead (so a table row fails, not the file). */
function message(c: Parsed): string {
  return c.kind === 'usage-error' && c.message !== undefined
    ? c.message
    : `(not a usage error: ${JSON.stringify(c)})`
}

const capture = (...argv: string[]) => message(parseCaptureCommand(['capture', ...argv], ifaces))
const identify = (...argv: string[]) => message(parseIdentifyCommand(['identify', ...argv]))
const discover = (...argv: string[]) => message(parseDiscoverCommand(['discover', ...argv]))
const report = (...argv: string[]) => message(parseReportCommand(['report', ...argv], {}))

const LISTEN = ['--listen', '127.0.0.1']
const JOB = ['job-1', '--data-dir', '/data']

describe('numbers after a flag', () => {
  it.each([
    [capture('--port', '-1', ...LISTEN), '--port must be a port number 1–65535, got -1'],
    [capture('--port', '0', ...LISTEN), '--port must be a port number 1–65535, got 0'],
    [capture('--port', 'x', ...LISTEN), '--port must be a port number 1–65535, got "x"'],
    [
      capture('--port', '2525', '--tls-port', '-465', ...LISTEN),
      '--tls-port must be a port number 1–65535, got -465',
    ],
    [
      capture('--port', '2525', '--timeout-s', '-5', ...LISTEN),
      '--timeout-s must be a number of seconds 1–86400, got -5',
    ],
    [
      capture('--port', '2525', '--timeout-s', '0.5', ...LISTEN),
      '--timeout-s must be a number of seconds 1–86400, got 0.5',
    ],
    [
      identify('10.0.0.5', '--ipp-port', '-631'),
      '--ipp-port must be a port number 1–65535, got -631',
    ],
    [
      identify('10.0.0.5', '--snmp-port', '-1'),
      '--snmp-port must be a port number 1–65535, got -1',
    ],
    [
      identify('10.0.0.5', '--timeout-s', '-3'),
      '--timeout-s must be a number of seconds 1–60, got -3',
    ],
    [
      identify('10.0.0.5', '--timeout-s', '61'),
      '--timeout-s must be a number of seconds 1–60, got 61',
    ],
    [discover('--timeout-s', '-1'), '--timeout-s must be a number of seconds 1–30, got -1'],
    [discover('--timeout-s=-1'), '--timeout-s must be a number of seconds 1–30, got -1'],
    [discover('--timeout-s', '31'), '--timeout-s must be a number of seconds 1–30, got 31'],
  ])('%s', (got, want) => {
    expect(got).toBe(want)
  })

  it('a value that starts with "-" is not taken for an option silently', () => {
    expect(capture('--listen', '-x', '--port', '2525')).toBe(
      '--listen needs a value; if the value starts with "-", write --listen=VALUE',
    )
    expect(report(...JOB, '--pdf', '--json', 'out.json')).toBe(
      '--pdf needs a value, but the next argument is the option --json',
    )
  })

  it('"--json -" still means standard output for report', () => {
    expect(parseReportCommand(['report', ...JOB, '--json', '-'], {})).toMatchObject({
      kind: 'report',
      json: '-',
    })
  })

  it('good numbers still parse', () => {
    expect(
      parseCaptureCommand(['capture', '--port', '2525', '--timeout-s', '30', ...LISTEN], ifaces),
    ).toMatchObject({ kind: 'capture', port: 2525, timeoutS: 30 })
    expect(
      parseIdentifyCommand(['identify', '10.0.0.5', '--ipp-port', '8631', '--timeout-s', '60']),
    ).toMatchObject({ kind: 'identify', ippPort: 8631, timeoutS: 60 })
    expect(parseDiscoverCommand(['discover', '--timeout-s', '30'])).toMatchObject({
      kind: 'discover',
      timeoutS: 30,
    })
  })
})

describe('a flag given twice', () => {
  it.each([
    [
      capture('--port', '25', '--port', '587', ...LISTEN),
      '--port was given twice (25 and 587): give it once',
    ],
    [
      capture('--port', '2525', '--listen', '127.0.0.1', '--listen', '127.0.0.2'),
      '--listen was given twice (127.0.0.1 and 127.0.0.2): give it once',
    ],
    [
      capture('--port', '2525', '--json', '--json', ...LISTEN),
      '--json was given twice: give it once',
    ],
    [
      identify('10.0.0.5', '--ipp-port', '631', '--ipp-port', '8631'),
      '--ipp-port was given twice (631 and 8631): give it once',
    ],
    [
      discover('--timeout-s', '2', '--timeout-s', '5'),
      '--timeout-s was given twice (2 and 5): give it once',
    ],
    [
      report(...JOB, '--pdf', 'a.pdf', '--pdf', 'b.pdf'),
      '--pdf was given twice (a.pdf and b.pdf): give it once',
    ],
    [
      report('job-1', '--data-dir', '/a', '--data-dir', '/b'),
      '--data-dir was given twice (/a and /b): give it once',
    ],
  ])('%s', (got, want) => {
    expect(got).toBe(want)
  })

  it('an SNMP community given twice is refused without showing either', () => {
    const m = identify('10.0.0.5', '--community', 's3cret-a', '--community', 's3cret-b')
    expect(m).toBe('--community was given twice: give it once')
  })

  it('--on is meant to be repeated', () => {
    expect(
      parseDiscoverCommand(['discover', '--on', '192.168.1.23', '--on', '10.0.0.4']),
    ).toMatchObject({ kind: 'discover', interfaces: ['192.168.1.23', '10.0.0.4'] })
  })
})

describe('no secret in a message', () => {
  it('an unknown option written with its value shows the option only', () => {
    expect(identify('10.0.0.5', '--comunity=s3cret')).toBe("Unknown option '--comunity'")
    expect(capture('--port', '2525', '--password=s3cret', ...LISTEN)).toBe(
      "Unknown option '--password'",
    )
  })
})

describe('a usage error prints the message and one line pointing at --help', () => {
  const collect = () => {
    const out: string[] = []
    const err: string[] = []
    return {
      out,
      err,
      stream: (into: string[]) =>
        ({ write: (t: string) => (into.push(t), true) }) as unknown as NodeJS.WritableStream,
    }
  }
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('capture', async () => {
    const c = collect()
    const code = await runCaptureCommand(parseCaptureCommand(['capture', '--port', '-1'], ifaces), {
      out: c.stream(c.out),
      err: c.stream(c.err),
    })
    expect(code).toBe(2)
    expect(c.out.join('')).toBe('')
    expect(c.err.join('')).toBe(
      "scanpath: --port must be a port number 1–65535, got -1\nRun 'scanpath capture --help' for the options.\n",
    )
  })

  it('report', async () => {
    const out: string[] = []
    const err: string[] = []
    const code = await runReportCommand(parseReportCommand(['report'], {}), {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      now: () => new Date(0),
    })
    expect(code).toBe(2)
    expect(out.join('')).toBe('')
    expect(err.join('')).toBe(
      "scanpath: missing JOB_ID: scanpath report JOB_ID\nRun 'scanpath report --help' for the options.\n",
    )
  })

  it.each([
    ['identify', () => runIdentifyCommand(parseIdentifyCommand(['identify']))],
    ['discover', () => runDiscoverCommand(parseDiscoverCommand(['discover', '--timeout-s', '-1']))],
  ])('%s', async (name, run) => {
    const err: string[] = []
    vi.spyOn(process.stderr, 'write').mockImplementation((t) => (err.push(String(t)), true))
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    expect(await run()).toBe(2)
    expect(out).not.toHaveBeenCalled()
    const lines = err.join('').split('\n')
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatch(/^scanpath: /)
    expect(lines[1]).toBe(`Run 'scanpath ${name} --help' for the options.`)
    expect(lines[2]).toBe('')
  })
})
