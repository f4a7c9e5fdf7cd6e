/**
 * Issue 12 §2: text from hostile servers reaches the terminal only as visible escapes. The built
 * `scanpath` runs against real peers that send escape sequences (clear screen, OSC 0 title, OSC 8
 * link), a right-to-left override, NUL, CSI as U+009B and as a raw 0x9B byte, and invalid UTF-8:
 * in replies, EHLO lines, AUTH lines and certificate names. Every output path: the table, the
 * transcript and --json. Needs `npm run build`.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  hostileCertificate,
  startHostileIppPrinter,
  type HostileIppPrinter,
} from '../helpers/hostile-peers'
import {
  expectInert,
  HOSTILE,
  HOSTILE_BYTES,
  HOSTILE_BYTES_SHOWN,
  HOSTILE_LATIN1,
  HOSTILE_SHOWN,
} from '../helpers/hostile-text'
import { OID_SYS_DESCR, snmpGet } from '../../electron/discovery/snmp'
import type { DnsSdBrowseResult } from '../../shared/discovery-types'
import { dnsSdSupport, startDnsSdLan, type DnsSdLan } from '../helpers/dns-sd-lan'
import { startDnsServer, type DnsServer } from '../helpers/dns-server'
import {
  freeTcpPort,
  freeUdpPort,
  PEER_BINARIES,
  startProcess,
  stopProcess,
  waitFor,
  type Peer,
} from '../helpers/printer-peers'
import {
  scanpath as runScanpath,
  SCANPATH_BIN,
  type ScanpathOptions,
  type ScanpathRun,
} from '../helpers/run-scanpath'
import { startScenarioServer, type ScenarioServer } from '../helpers/scenario-smtp-server'
import { createTestPki, disposeTestPki, type TestPki } from '../helpers/test-pki'
import { requirePeer } from '../helpers/require-peer'

/** What a peer sent, decoded as ScanPath decodes it (bad bytes as U+FFFD). */
const HOSTILE_DECODED = HOSTILE_BYTES.toString('utf8')

type Run = ScanpathRun<Buffer>

/** The built command with its stdout as bytes and the environment's NODE_EXTRA_CA_CERTS kept. */
const scanpath = (args: string[], opts: ScanpathOptions = {}) =>
  runScanpath(args, { ...opts, encoding: 'buffer', keepInheritedCaCerts: true })

const text = (r: Run) => r.stdout.toString('utf8')

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

let pki: TestPki

beforeAll(async () => {
  pki = await createTestPki()
})
afterAll(disposeTestPki)

describe('scanpath diagnose against a hostile server', () => {
  let submission: ScenarioServer
  let port25: ScenarioServer
  let closed: number

  beforeAll(async () => {
    // Verifies (test CA, IP SAN), so the certificate's subject and issuer are in the verdict; its
    // banner and EHLO lines carry the raw bytes.
    submission = await startScenarioServer({
      scenario: 'exchange',
      pki: { ...pki, leaf: await hostileCertificate(pki) },
      serverName: HOSTILE_LATIN1,
      wireEncoding: 'latin1',
    })
    // Refuses with 554 and the bytes in its reason: quoted in the port 25 check's verdict.
    port25 = await startScenarioServer({
      scenario: 'banner-554',
      pki,
      echoIp: HOSTILE_LATIN1,
      wireEncoding: 'latin1',
    })
    closed = await freeTcpPort()
  })
  afterAll(async () => {
    await submission?.close()
    await port25?.close()
  })

  const args = () => [
    'diagnose',
    '--submission-host',
    '127.0.0.1',
    '--submission-port',
    String(submission.port),
    '--smtp-port',
    String(port25.port),
    '--implicit-tls-port',
    String(closed),
    '--timeout-ms',
    '3000',
    '--skip-public-ip',
  ]
  const env = () => ({ NODE_EXTRA_CA_CERTS: pki.caFile })

  it('the table shows the certificate names and the refusal as visible escapes', async () => {
    const r = await scanpath(args(), { env: env() })
    expectInert(r.stdout)
    const out = text(r)
    expect(out).toMatch(/^PASS +STARTTLS and TLS on 127\.0\.0\.1/m)
    expect(out).toContain(`CN=${HOSTILE_SHOWN}`)
    expect(out).toContain(HOSTILE_BYTES_SHOWN)
    expect(r.stderr).toBe('')
  })

  it('--json keeps the exact values, with every control and bidi character escaped', async () => {
    const r = await scanpath([...args(), '--json'], { env: env() })
    expectInert(r.stdout)
    const report = JSON.parse(text(r)) as {
      checks: Array<{ id: string; data: Record<string, unknown>; transcript: { text: string }[] }>
    }
    const starttls = report.checks.find((c) => c.id === 'starttls-submission')!
    const tls = starttls.data['tls'] as { certificate: { subject: string; issuer: string } }
    expect(tls.certificate.subject).toBe(`CN=${HOSTILE}, O=${HOSTILE}`)
    expect(starttls.transcript.map((l) => l.text).join('\n')).toContain(HOSTILE_DECODED)
  })
})

describe('scanpath diagnose --domain with a hostile SPF record', () => {
  let dns: DnsServer

  beforeAll(async () => {
    dns = await startDnsServer({
      records: [
        {
          type: 'TXT',
          name: 'contoso.test',
          strings: [`v=spf1 include:spf.protection.outlook.com a:${HOSTILE} ~all`],
        },
        // A second record: the verdict then prints the merged record, hostile text included.
        { type: 'TXT', name: 'contoso.test', strings: ['v=spf1 -all'] },
        { type: 'MX', name: 'contoso.test', exchange: 'mx.contoso.test', priority: 0 },
      ],
    })
  })
  afterAll(async () => {
    await dns?.close()
  })

  const args = () => [
    'diagnose',
    '--domain',
    'contoso.test',
    '--dns-server',
    dns.address,
    '--skip-public-ip',
    '--submission-host',
    '127.0.0.1',
    '--submission-port',
    '1',
    '--smtp-port',
    '1',
    '--skip-465',
    '--skip-legacy-tls',
    '--timeout-ms',
    '2000',
  ]

  it("the record to publish shows the TXT record's controls as escapes; --json keeps them", async () => {
    const r = await scanpath(args())
    expectInert(r.stdout)
    const out = text(r)
    expect(out).toMatch(
      /^FAIL +SPF record of contoso\.test +contoso\.test publishes 2 SPF records/m,
    )
    // The record is decoded as UTF-8, so U+202E and U+009B arrive as themselves, shown escaped.
    expect(out).toContain(`a:${HOSTILE_SHOWN}`)

    const json = await scanpath([...args(), '--json'])
    expectInert(json.stdout)
    const report = JSON.parse(text(json)) as { checks: Array<{ id: string; data: unknown }> }
    const spf = report.checks.find((c) => c.id === 'dns-spf')!.data as { records: string[] }
    expect(spf.records.join('\n')).toContain(`a:${HOSTILE}`)
  })
})

describe('scanpath auth-test and send-test against a hostile server', () => {
  const user = 'scanner@contoso.test'
  const password = 'Sc4n-P@ss'
  let refusing: ScenarioServer
  let accepting: ScenarioServer
  let mx: ScenarioServer

  beforeAll(async () => {
    // Banner, EHLO greeting and the AUTH refusal carry the bytes (the transcript shows them all);
    // the refusal is quoted in the verdict.
    refusing = await startScenarioServer({
      scenario: 'exchange',
      pki,
      serverName: HOSTILE_LATIN1,
      authReply: `535 5.7.3 ${HOSTILE_LATIN1}`,
      wireEncoding: 'latin1',
    })
    // Signs in, then refuses the message with the bytes in its reason.
    accepting = await startScenarioServer({
      scenario: 'exchange',
      pki,
      users: { [user]: password },
      dataEndReply: () => `550 5.7.1 ${HOSTILE_LATIN1}`,
      wireEncoding: 'latin1',
    })
    // A tenant MX (no sign-in) whose banner and refusal of the recipient carry the bytes.
    mx = await startScenarioServer({
      scenario: 'exchange',
      pki,
      mxMode: true,
      serverName: HOSTILE_LATIN1,
      rcptReply: `550 5.7.1 ${HOSTILE_LATIN1}`,
      wireEncoding: 'latin1',
    })
  })
  afterAll(async () => {
    await refusing?.close()
    await accepting?.close()
    await mx?.close()
  })

  const target = (s: ScenarioServer) => [
    '--submission-host',
    '127.0.0.1',
    '--submission-port',
    String(s.port),
    '--timeout-ms',
    '3000',
  ]
  const run = (args: string[]) =>
    scanpath(args, { stdin: `${password}\n`, env: { NODE_EXTRA_CA_CERTS: pki.caFile } })

  it('auth-test: the verdict and the transcript show the reply as visible escapes', async () => {
    const r = await run(['auth-test', '--user', user, ...target(refusing)])
    expect(r.code).toBe(1)
    expectInert(r.stdout)
    const out = text(r)
    expect(out).toMatch(/^FAIL +Sign-in to 127\.0\.0\.1/m)
    // The verdict quotes the refusal; the transcript has the banner, the EHLO line and the reply.
    expect(out).toContain(`535 5.7.3 ${HOSTILE_BYTES_SHOWN}`)
    expect(out).toMatch(new RegExp(`ms <- 220 ${escapeRegExp(HOSTILE_BYTES_SHOWN)} Microsoft`))
    expect(out).toMatch(new RegExp(`ms <~ 250-${escapeRegExp(HOSTILE_BYTES_SHOWN)} Hello`))
    expect(out).toMatch(
      new RegExp(`ms <~ 535 5\\.7\\.3 ${escapeRegExp(HOSTILE_BYTES_SHOWN)}$`, 'm'),
    )
    expect(out).not.toContain(password)
  })

  it('auth-test --json: the exact reply, escaped', async () => {
    const r = await run(['auth-test', '--user', user, ...target(refusing), '--json'])
    expect(r.code).toBe(1)
    expectInert(r.stdout)
    const { check } = JSON.parse(text(r)) as {
      check: { explanation: string; transcript: { text: string }[] }
    }
    expect(check.explanation).toContain(`535 5.7.3 ${HOSTILE_DECODED}`)
    expect(check.transcript.map((l) => l.text)).toContain(`535 5.7.3 ${HOSTILE_DECODED}`)
  })

  it('send-test: the refusal of the message, in the verdict and the transcript', async () => {
    const args = ['send-test', '--user', user, '--to', 'helpdesk@contoso.test']
    const r = await run([...args, ...target(accepting)])
    expect(r.code).toBe(1)
    expectInert(r.stdout)
    expect(text(r)).toMatch(/^FAIL +/m)
    expect(text(r)).toMatch(
      new RegExp(`ms <~ 550 5\\.7\\.1 ${escapeRegExp(HOSTILE_BYTES_SHOWN)}$`, 'm'),
    )
    // A reply no rule names: explained by its class, quoted once, escaped.
    expect(text(r)).toMatch(
      /^FAIL .* The message was refused: The server refused \(550 5\.7\.1, about$/m,
    )
    expect(text(r)).toContain(`"${HOSTILE_BYTES_SHOWN}"`)

    const json = await run([...args, ...target(accepting), '--json'])
    expectInert(json.stdout)
    const { check } = JSON.parse(text(json)) as { check: { transcript: { text: string }[] } }
    expect(check.transcript.map((l) => l.text)).toContain(`550 5.7.1 ${HOSTILE_DECODED}`)
  })

  it('send-test --method direct-send: the MX refusal, in the verdict, the transcript and --json', async () => {
    const args = [
      'send-test',
      '--method',
      'direct-send',
      '--mx-host',
      '127.0.0.1',
      '--mx-port',
      String(mx.port),
      '--from',
      'scanner@contoso.test',
      '--to',
      'frontdesk@contoso.test',
      '--timeout-ms',
      '3000',
    ]
    const r = await run(args)
    expect(r.code).toBe(1)
    expectInert(r.stdout)
    expect(text(r)).toMatch(/^FAIL +Test message by direct send/m)
    expect(text(r)).toMatch(new RegExp(`ms <- 220 ${escapeRegExp(HOSTILE_BYTES_SHOWN)} Microsoft`))
    expect(text(r)).toMatch(
      new RegExp(`ms <~ 550 5\\.7\\.1 ${escapeRegExp(HOSTILE_BYTES_SHOWN)}$`, 'm'),
    )
    expect(mx.messages).toHaveLength(0)

    const json = await run([...args, '--json'])
    expect(json.code).toBe(1)
    expectInert(json.stdout)
    const { check } = JSON.parse(text(json)) as { check: { transcript: { text: string }[] } }
    expect(check.transcript.map((l) => l.text)).toContain(`550 5.7.1 ${HOSTILE_DECODED}`)
  })
})

describe('scanpath identify against a hostile printer', () => {
  let ipp: HostileIppPrinter
  let ippPort: number
  let closedUdp: number

  beforeAll(async () => {
    const printer = await startHostileIppPrinter()
    ipp = printer
    ippPort = printer.port
    closedUdp = await freeUdpPort()
  })
  afterAll(async () => {
    await ipp?.close()
  })

  const args = () => [
    'identify',
    '127.0.0.1',
    '--ipp-port',
    String(ippPort),
    '--snmp-port',
    String(closedUdp),
    '--timeout-s',
    '2',
  ]

  it('shows make, model and firmware as visible escapes', async () => {
    const r = await scanpath(args())
    expectInert(r.stdout)
    const out = text(r)
    expect(out).toContain(`Make and model: ${HOSTILE_BYTES_SHOWN}`)
    expect(out).toContain(`Firmware:       v1 ${HOSTILE_BYTES_SHOWN}`)
    expect(out).toContain(`reports "${HOSTILE_BYTES_SHOWN}" (via IPP)`)
  })

  it('--json keeps the exact values, escaped', async () => {
    const r = await scanpath([...args(), '--json'])
    expectInert(r.stdout)
    const id = JSON.parse(text(r)) as { makeAndModel: string; firmware: string }
    expect(id.makeAndModel).toBe(HOSTILE_DECODED)
    expect(id.firmware).toBe(`v1 ${HOSTILE_DECODED}`)
  })
})

const snmpdPeer = requirePeer(
  'snmpd',
  PEER_BINARIES.snmpd.path === null ? 'snmpd is not installed (apt-get install snmpd)' : null,
)
describe.skipIf(snmpdPeer.missing)(
  snmpdPeer.title('scanpath identify against a printer whose SNMP sysDescr is hostile (snmpd)'),
  () => {
    let dir: string
    let snmpd: Peer
    let snmpPort: number

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'scanpath-hostile-snmp-'))
      snmpPort = await freeUdpPort()
      const conf = join(dir, 'snmpd.conf')
      // snmpd keeps the value's bytes as they are (a C string: no NUL): invalid UTF-8 with C1
      // bytes, so ScanPath reads it as UTF-8 with U+FFFD (not as Latin-1, where 0x9B is CSI).
      writeFileSync(
        conf,
        Buffer.concat([
          Buffer.from(
            [
              `agentaddress udp:127.0.0.1:${snmpPort}`,
              'agentuser root',
              'rocommunity public 127.0.0.1',
              'sysDescr ',
            ].join('\n'),
          ),
          Buffer.from(HOSTILE_LATIN1.replace('\x00', ''), 'latin1'),
          Buffer.from('\n'),
        ]),
      )
      snmpd = startProcess(
        PEER_BINARIES.snmpd.path!,
        ['-f', '-Lo', '-C', '-c', conf, '-p', join(dir, 'snmpd.pid'), '-M', join(dir, 'no-mibs')],
        { SNMP_PERSISTENT_DIR: join(dir, 'snmp-state') },
      )
      await waitFor(
        'snmpd',
        async () =>
          (
            await snmpGet({
              host: '127.0.0.1',
              port: snmpPort,
              oids: [OID_SYS_DESCR],
              timeoutMs: 300,
            })
          ).ok,
        snmpd.output,
      )
    }, 20_000)
    afterAll(async () => {
      await stopProcess(snmpd)
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    it('shows the description as visible escapes; --json keeps it', async () => {
      const args = ['identify', '127.0.0.1', '--ipp-port', String(await freeTcpPort())]
      const r = await scanpath([...args, '--snmp-port', String(snmpPort), '--timeout-s', '2'])
      expectInert(r.stdout)
      const out = text(r)
      expect(out).toMatch(/\(via SNMP\)/)
      expect(out).toContain(`Make and model: ${HOSTILE_BYTES_SHOWN.replace('\\x00', '')}`)

      const json = await scanpath([...args, '--snmp-port', String(snmpPort), '--json'])
      expectInert(json.stdout)
      const id = JSON.parse(text(json)) as { makeAndModel: string }
      expect(id.makeAndModel).toBe(HOSTILE_DECODED.replace('\0', ''))
    })
  },
)

describe('scanpath capture with a device that sends a hostile EHLO name', () => {
  /**
   * Runs `scanpath capture` on loopback, lets a device say EHLO with the hostile bytes (smtp-server
   * refuses the name, but the capture records what the device sent), then stops the capture.
   */
  async function capture(json: boolean): Promise<Run> {
    const port = await freeTcpPort()
    const child = spawn(
      process.execPath,
      [
        SCANPATH_BIN,
        'capture',
        '--listen',
        '127.0.0.1',
        '--port',
        String(port),
        '--timeout-s',
        '20',
      ].concat(json ? ['--json'] : []),
      { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const out: Buffer[] = []
    let err = ''
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')))
    const exited = new Promise<number>((r) => child.once('exit', (code) => r(code ?? -1)))
    await waitFor(
      'scanpath capture',
      async () => err.includes('Listening on'),
      () => err,
    )

    const device = net.connect({ host: '127.0.0.1', port })
    let replies = ''
    device.on('data', (d: Buffer) => (replies += d.toString('latin1')))
    await waitFor(
      'the 220 greeting',
      async () => replies.includes('220 '),
      () => replies,
    )
    device.write(Buffer.concat([Buffer.from('EHLO '), HOSTILE_BYTES, Buffer.from('\r\n')]))
    await waitFor(
      'the EHLO reply',
      async () => /\r\n[245]\d\d /.test(replies),
      () => replies,
    )
    device.end('QUIT\r\n')
    await waitFor(
      'the session',
      async () => Buffer.concat(out).length > 0,
      () => err,
    )
    child.kill('SIGINT')
    return { code: await exited, stdout: Buffer.concat(out), stderr: err }
  }

  it("prints the device's name as visible escapes", async () => {
    const r = await capture(false)
    expect(r.code).toBe(0)
    expectInert(r.stdout)
    expect(text(r)).toMatch(
      new RegExp(`^Session \\S+: ${escapeRegExp(HOSTILE_BYTES_SHOWN)} \\(127\\.0\\.0\\.1\\)`, 'm'),
    )
  })

  it('--json keeps the exact name, escaped', async () => {
    const r = await capture(true)
    expect(r.code).toBe(0)
    expectInert(r.stdout)
    const { session } = JSON.parse(text(r)) as { session: { ehloName: string } }
    expect(session.ehloName).toBe(HOSTILE_DECODED)
  })
})

const lanSupport = await dnsSdSupport()
const lan = requirePeer('what the DNS-SD test LAN needs', lanSupport.ok ? null : lanSupport.reason)

describe.skipIf(lan.missing)(lan.title('scanpath discover with a hostile DNS-SD responder'), () => {
  // One DNS label (no dot, at most 63 bytes): an Arabic letter mark and a zero-width space,
  // which reorder and hide without being "controls", around an escape sequence and a NUL.
  const NAME = 'Evil\u061cPrinter\u200b\x1b]0;pwned\x07\u202e\x00\x9bEnd'
  const NAME_SHOWN = 'Evil\\u061cPrinter\\u200b'
  let dir: string
  let lan: DnsSdLan

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scanpath-hostile-dnssd-'))
    lan = await startDnsSdLan(dir, { avahi: false })
    await lan.startHostileResponder(0, { name: NAME, ty: HOSTILE_BYTES.toString('hex') })
  }, 60_000)
  afterAll(async () => {
    await lan?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** `scanpath discover` on the laptop side; its stdout as bytes (base64 through the shell). */
  async function discover(args: string[]): Promise<Buffer> {
    const command = [process.execPath, SCANPATH_BIN, 'discover', '--timeout-s', '2', ...args]
      .map((a) => `'${a}'`)
      .join(' ')
    const r = await lan.execOnLaptop('sh', ['-c', `NO_COLOR=1 ${command} | base64 -w0`])
    return Buffer.from(r.stdout, 'base64')
  }

  it('lists the printer with its name and make and model as visible escapes', async () => {
    const stdout = await discover([])
    expectInert(stdout)
    const out = stdout.toString('utf8')
    expect(out).toContain(NAME_SHOWN)
    expect(out).not.toContain('\u061c')
    expect(out).not.toContain('\u200b')
    expect(out).toContain('Make and model: Evil')
  })

  it('--json escapes what JSON.stringify would leave raw', async () => {
    const stdout = await discover(['--json'])
    expectInert(stdout)
    expect(stdout.toString('utf8')).not.toMatch(/[\u061c\u200b]/u)
    const r = JSON.parse(stdout.toString('utf8')) as DnsSdBrowseResult
    expect(r.printers.some((p) => p.name.startsWith('Evil\u061cPrinter\u200b'))).toBe(true)
  })
})
