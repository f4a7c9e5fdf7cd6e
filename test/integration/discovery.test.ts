/**
 * Printer discovery against real peers on loopback: CUPS's `ippeveprinter` started as a chosen
 * HP model, Net-SNMP's `snmpd` with a chosen sysDescr, and closed or silent ports for the
 * "nothing answers" cases. No traffic leaves 127.0.0.1.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { identifyPrinter } from '../../electron/discovery/identify'
import { ippPrinterAttributes } from '../../electron/discovery/ipp'
import { OID_SYS_DESCR, snmpGet } from '../../electron/discovery/snmp'

import {
  freeTcpPort,
  freeUdpPort,
  ippeveprinterArgs,
  LOOPBACK,
  missing,
  missingReason,
  PEER_BINARIES,
  startIppPrinter,
  startPrivateBus,
  FIRMWARE_PRINTER_ATTRIBUTES,
  startProcess,
  stopProcess,
  tcpOpen,
  waitFor,
  type Peer,
} from '../helpers/printer-peers'
import { scanpath as runScanpath } from '../helpers/run-scanpath'
import { requirePeer } from '../helpers/require-peer'

const peers = requirePeer(
  'ippeveprinter, dbus-daemon and snmpd',
  missing.length > 0 ? missingReason : null,
)

/** The built command, with the tests' NODE_EXTRA_CA_CERTS left in its environment. */
const scanpath = (args: string[]) => runScanpath(args, { keepInheritedCaCerts: true })

describe.skipIf(peers.missing)(peers.title('printer discovery'), () => {
  let dir: string
  let dbus: Peer
  let hpPrinter: Peer
  let fwPrinter: Peer
  let snmpd: Peer
  let hpPort: number
  let fwPort: number
  let snmpPort: number

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scanpath-discovery-'))
    const bus = await startPrivateBus(dir)
    dbus = bus.peer
    const ippEnv = { DBUS_SYSTEM_BUS_ADDRESS: bus.address }

    hpPort = await freeTcpPort()
    const hpSpool = join(dir, 'hp-spool')
    hpPrinter = startProcess(
      PEER_BINARIES.ippeveprinter.path!,
      [
        ...ippeveprinterArgs(hpPort, hpSpool),
        '-M',
        'HP',
        '-m',
        'LaserJet Enterprise MFP M528',
        'ScanPath Test Printer',
      ],
      ippEnv,
    )

    // -a cannot be combined with -M/-m, so the firmware printer carries its identity in the conf.
    const fw = await startIppPrinter({
      dir,
      busAddress: bus.address,
      name: 'ScanPath Firmware Printer',
      attributes: FIRMWARE_PRINTER_ATTRIBUTES,
    })
    fwPrinter = fw.peer
    fwPort = fw.port

    snmpPort = await freeUdpPort()
    const snmpConf = join(dir, 'snmpd.conf')
    writeFileSync(
      snmpConf,
      [
        `agentaddress udp:${LOOPBACK}:${snmpPort}`,
        'agentuser root',
        `rocommunity public ${LOOPBACK}`,
        // No quotes: snmpd would keep them as part of the value.
        'sysDescr Canon iR-ADV C5535 /P',
        '',
      ].join('\n'),
    )
    snmpd = startProcess(
      PEER_BINARIES.snmpd.path!,
      ['-f', '-Lo', '-C', '-c', snmpConf, '-p', join(dir, 'snmpd.pid'), '-M', join(dir, 'no-mibs')],
      // Keep snmpd's persistent state in the temp dir instead of /var/lib/snmp.
      { SNMP_PERSISTENT_DIR: join(dir, 'snmp-state') },
    )

    await waitFor('ippeveprinter (HP)', () => tcpOpen(hpPort), hpPrinter.output)
    await waitFor(
      'snmpd',
      async () =>
        (await snmpGet({ host: LOOPBACK, port: snmpPort, oids: [OID_SYS_DESCR], timeoutMs: 300 }))
          .ok,
      snmpd.output,
    )
  })

  afterAll(async () => {
    await Promise.all([stopProcess(hpPrinter), stopProcess(fwPrinter), stopProcess(snmpd)])
    await stopProcess(dbus)
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('IPP: reads make-and-model, device id and info from ippeveprinter', async () => {
    const r = await ippPrinterAttributes({ host: LOOPBACK, port: hpPort, timeoutMs: 3000 })
    expect(r.ok, JSON.stringify(r)).toBe(true)
    if (!r.ok) return
    expect(r.statusCode).toBeLessThan(0x0100)
    expect(r.makeAndModel).toBe('HP LaserJet Enterprise MFP M528')
    expect(r.info).toBe('ScanPath Test Printer')
    expect(r.deviceId).toContain('MFG:HP;')
    expect(r.firmware).toBeNull()
    expect(r.attributes['printer-name']).toEqual(['ScanPath Test Printer'])
  })

  it('IPP over ::1 works too', async () => {
    const r = await ippPrinterAttributes({ host: '::1', port: hpPort, timeoutMs: 3000 })
    expect(r.ok && r.makeAndModel).toBe('HP LaserJet Enterprise MFP M528')
    expect(r.ok && r.url).toBe(`http://[::1]:${hpPort}/ipp/print`)
  })

  it('IPP: firmware name and version', async () => {
    const r = await ippPrinterAttributes({ host: LOOPBACK, port: fwPort, timeoutMs: 3000 })
    expect(r.ok && r.firmware).toBe('FutureSmart Bundle 5.7.1.2 (2507252_062149)')
  })

  it('SNMP: reads sysDescr from snmpd; a missing OID is noSuchInstance, not a failure', async () => {
    const r = await snmpGet({
      host: LOOPBACK,
      port: snmpPort,
      oids: [OID_SYS_DESCR, '1.3.6.1.2.1.25.3.2.1.3.999999'],
      timeoutMs: 2000,
    })
    expect(r.ok, JSON.stringify(r)).toBe(true)
    if (!r.ok) return
    expect(r.errorStatus).toBe(0)
    expect(r.varbinds[0]).toEqual({
      oid: OID_SYS_DESCR,
      value: 'Canon iR-ADV C5535 /P',
      type: 'OCTET STRING',
    })
    expect(r.varbinds[1]?.value).toBeNull()
    expect(r.varbinds[1]?.type).toMatch(/^noSuch/)
  })

  it('SNMP: a wrong community gets no answer, said plainly', async () => {
    const r = await snmpGet({
      host: LOOPBACK,
      port: snmpPort,
      community: 'not-the-community',
      oids: [OID_SYS_DESCR],
      timeoutMs: 600,
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.failure).toBe('no-answer')
    expect(r.message).toContain('community')
  })

  it('identifyPrinter: HP over IPP, preselecting the FutureSmart family', async () => {
    const id = await identifyPrinter({
      host: LOOPBACK,
      ippPort: hpPort,
      snmpPort: await freeUdpPort(),
      timeoutMs: 1500,
    })
    expect(id.make).toBe('HP')
    expect(id.model).toBe('LaserJet Enterprise MFP M528')
    expect(id.catalogMatches[0]?.familyId).toBe('hp-futuresmart-enterprise')
    expect(id.catalogMatches[0]?.why).toContain('example model "LaserJet Enterprise MFP M528"')
    expect(id.sources.ipp?.ok).toBe(true)
    expect(id.sources.snmp?.ok).toBe(false)
    expect(id.summary).toContain('"HP LaserJet Enterprise MFP M528" (via IPP)')
  })

  it('identifyPrinter: firmware from IPP', async () => {
    const id = await identifyPrinter({
      host: LOOPBACK,
      ippPort: fwPort,
      snmpPort,
      timeoutMs: 1500,
    })
    expect(id.model).toBe('Color LaserJet Managed MFP E78330')
    expect(id.firmware).toBe('FutureSmart Bundle 5.7.1.2 (2507252_062149)')
    expect(id.catalogMatches[0]?.familyId).toBe('hp-futuresmart-enterprise')
    // Both answered: the IPP string wins over the (Canon) sysDescr of this test's snmpd.
    expect(id.sources.snmp?.ok).toBe(true)
    expect(id.summary).toContain('via IPP and SNMP')
  })

  it('identifyPrinter: Canon by SNMP only when IPP is off', async () => {
    const id = await identifyPrinter({
      host: LOOPBACK,
      ippPort: await freeTcpPort(),
      snmpPort,
      timeoutMs: 1500,
    })
    expect(id.sources.ipp?.ok).toBe(false)
    expect(id.make).toBe('Canon')
    expect(id.model).toBe('iR-ADV C5535 /P')
    expect(id.firmware).toBeNull()
    expect(id.catalogMatches[0]?.familyId).toBe('canon-imagerunner-advance-non-dx')
  })

  it('CLI: scanpath identify names the device, its firmware and the catalogue family', async () => {
    const identify = [
      'identify',
      LOOPBACK,
      '--ipp-port',
      String(fwPort),
      '--snmp-port',
      String(snmpPort),
    ]
    const r = await scanpath([...identify, '--timeout-s', '2'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('Make and model: HP Color LaserJet Managed MFP E78330')
    expect(r.stdout).toContain('Firmware:       FutureSmart Bundle 5.7.1.2 (2507252_062149)')
    expect(r.stdout).toMatch(/Catalogue: +HP LaserJet Enterprise/)
    const json = await scanpath([...identify, '--json'])
    expect(JSON.parse(json.stdout).catalogMatches[0].familyId).toBe('hp-futuresmart-enterprise')
  })
})

describe('printer discovery when nothing answers', () => {
  const tcpServers: Server[] = []
  const udpSockets: UdpSocket[] = []
  const sockets: Socket[] = []
  afterAll(async () => {
    for (const s of sockets) s.destroy()
    await Promise.all([
      ...tcpServers.map((s) => new Promise<void>((r) => s.close(() => r()))),
      ...udpSockets.map((s) => new Promise<void>((r) => s.close(r))),
    ])
  })

  it('CLI: exit 1 with the reason when nothing answers, 2 on bad input', async () => {
    const r = await scanpath([
      'identify',
      LOOPBACK,
      '--ipp-port',
      String(await freeTcpPort()),
      '--snmp-port',
      String(await freeUdpPort()),
    ])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('did not identify itself')
    expect(r.stdout).toContain('refused the connection')
    const none = await scanpath(['identify'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('give exactly one HOST')
    const bad = await scanpath(['identify', LOOPBACK, '--ipp-port', '70000'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--ipp-port must be a port number 1–65535, got 70000')
    const host = await scanpath(['identify', 'bad host!'])
    expect(host.code).toBe(2)
    expect(host.stderr).toContain('HOST:')
  })

  it('closed ports: "refused" for both, quickly, with a clear message', async () => {
    const started = Date.now()
    const id = await identifyPrinter({
      host: LOOPBACK,
      ippPort: await freeTcpPort(),
      snmpPort: await freeUdpPort(),
      timeoutMs: 3000,
    })
    expect(Date.now() - started).toBeLessThan(1500)
    expect(id.make).toBeNull()
    expect(id.catalogMatches).toEqual([])
    const { ipp, snmp } = id.sources
    expect(ipp?.ok === false && ipp.failure).toBe('refused')
    expect(ipp?.ok === false && ipp.message).toContain('refused the connection')
    expect(snmp?.ok === false && snmp.failure).toBe('refused')
    expect(id.summary).toContain('did not identify itself')
    expect(id.summary).toContain('Pick the model by hand')
  })

  it('a silent host (TCP accepts and says nothing, UDP swallows): timeout, bounded by timeoutMs', async () => {
    const tcp = createServer((s) => sockets.push(s))
    tcpServers.push(tcp)
    await new Promise<void>((r) => tcp.listen(0, LOOPBACK, r))
    const udp = createSocket('udp4')
    udpSockets.push(udp)
    await new Promise<void>((r) => udp.bind(0, LOOPBACK, r))

    const started = Date.now()
    const id = await identifyPrinter({
      host: LOOPBACK,
      ippPort: (tcp.address() as { port: number }).port,
      snmpPort: udp.address().port,
      timeoutMs: 700,
    })
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(650)
    expect(elapsed).toBeLessThan(2000)
    const { ipp, snmp } = id.sources
    expect(ipp?.ok === false && ipp.failure).toBe('timeout')
    expect(ipp?.ok === false && ipp.message).toContain('within 700 ms')
    expect(snmp?.ok === false && snmp.failure).toBe('no-answer')
    expect(id.makeAndModel).toBeNull()
  })

  it('something that is not an IPP printer: an HTTP error, not a crash', async () => {
    const http = createServer((s) => {
      s.on('data', () =>
        s.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'),
      )
    })
    tcpServers.push(http)
    await new Promise<void>((r) => http.listen(0, LOOPBACK, r))
    const r = await ippPrinterAttributes({
      host: LOOPBACK,
      port: (http.address() as { port: number }).port,
      timeoutMs: 1000,
    })
    expect(r.ok === false && r.failure).toBe('http-error')
    expect(r.ok === false && r.message).toContain('HTTP 404')
  })
})
