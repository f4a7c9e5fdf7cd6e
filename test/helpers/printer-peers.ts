/**
 * Real printer-side peers for discovery tests: CUPS's `ippeveprinter` (IPP) on a private D-Bus,
 * Net-SNMP's `snmpd`, and the small process and port tools they need. Loopback only.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { accessSync, constants, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { delimiter, join } from 'node:path'

export const LOOPBACK = '127.0.0.1'

export function findBinary(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin']
  for (const dir of dirs) {
    const p = join(dir, name)
    try {
      accessSync(p, constants.X_OK)
      return p
    } catch {
      // not here
    }
  }
  return null
}

export const PEER_BINARIES = {
  ippeveprinter: { path: findBinary('ippeveprinter'), apt: 'cups-ipp-utils' },
  // ippeveprinter needs a D-Bus system bus to start (Avahi client), even with DNS-SD off.
  'dbus-daemon': { path: findBinary('dbus-daemon'), apt: 'dbus' },
  snmpd: { path: findBinary('snmpd'), apt: 'snmpd' },
}
export const missing = Object.entries(PEER_BINARIES).filter(([, b]) => b.path === null)
export const missingReason = missing
  .map(([name, b]) => `${name} not found (apt-get install -y --no-install-recommends ${b.apt})`)
  .join('; ')

export async function freeTcpPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, LOOPBACK, r))
  const port = (srv.address() as { port: number }).port
  await new Promise<void>((r) => srv.close(() => r()))
  return port
}

export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4')
  await new Promise<void>((r) => s.bind(0, LOOPBACK, r))
  const port = s.address().port
  await new Promise<void>((r) => s.close(r))
  return port
}

export async function waitFor(what: string, ready: () => Promise<boolean>, log: () => string) {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    if (await ready()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${what} did not come up within 10 s. Output:\n${log()}`)
}

export function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: LOOPBACK, port })
    s.once('connect', () => (s.destroy(), resolve(true)))
    s.once('error', () => resolve(false))
  })
}

export interface Peer {
  child: ChildProcess
  output: () => string
}

export function startProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Peer {
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  return { child, output: () => out }
}

export async function stopProcess(peer: Peer | undefined) {
  if (!peer || peer.child.exitCode !== null || peer.child.signalCode !== null) return
  const exited = new Promise((r) => peer.child.once('exit', r))
  peer.child.kill('SIGTERM')
  const timer = setTimeout(() => peer.child.kill('SIGKILL'), 3000)
  await exited
  clearTimeout(timer)
}

/**
 * A private D-Bus with no Avahi on it: `ippeveprinter` needs a system bus to start, and with this
 * one nothing is ever announced on the LAN. Pass `address` as DBUS_SYSTEM_BUS_ADDRESS.
 */
export async function startPrivateBus(dir: string): Promise<{ peer: Peer; address: string }> {
  const busPath = join(dir, 'bus')
  const peer = startProcess(PEER_BINARIES['dbus-daemon'].path!, [
    '--session',
    '--nofork',
    `--address=unix:path=${busPath}`,
  ])
  await waitFor(
    'dbus-daemon',
    async () => {
      try {
        accessSync(busPath)
        return true
      } catch {
        return false
      }
    },
    peer.output,
  )
  return { peer, address: `unix:path=${busPath}` }
}

/**
 * `ippeveprinter`'s arguments for a printer on `port`, up to its name: on localhost only
 * (`-n localhost` binds 127.0.0.1 and ::1), DNS-SD registration off (`-r off`), jobs spooled to
 * and kept in `spool` (`-d`, `-k`).
 */
export function ippeveprinterArgs(port: number, spool: string): string[] {
  return ['-p', String(port), '-n', 'localhost', '-r', 'off', '-d', spool, '-k']
}

/**
 * `ippeveprinter` as ippeveprinterArgs starts it, identity from an attribute file (`-a`),
 * answering once its port is open.
 */
export async function startIppPrinter(opts: {
  dir: string
  busAddress: string
  name: string
  attributes: string[]
}): Promise<{ peer: Peer; port: number }> {
  const port = await freeTcpPort()
  const conf = join(opts.dir, `${opts.name.replace(/\W+/g, '-')}.conf`)
  writeFileSync(conf, [...opts.attributes, ''].join('\n'))
  const peer = startProcess(
    PEER_BINARIES.ippeveprinter.path!,
    [
      '-a',
      conf,
      ...ippeveprinterArgs(port, join(opts.dir, `${opts.name.replace(/\W+/g, '-')}-spool`)),
      opts.name,
    ],
    { DBUS_SYSTEM_BUS_ADDRESS: opts.busAddress },
  )
  await waitFor(`ippeveprinter (${opts.name})`, () => tcpOpen(port), peer.output)
  return { peer, port }
}

/** An HP managed MFP with FutureSmart firmware (`-a` cannot be combined with `-M`/`-m`). */
export const FIRMWARE_PRINTER_ATTRIBUTES = [
  'ATTR text printer-make-and-model "HP Color LaserJet Managed MFP E78330"',
  'ATTR text printer-device-id "MFG:HP;MDL:Color LaserJet Managed MFP E78330;CMD:PWG,URF;"',
  'ATTR name printer-firmware-name "FutureSmart Bundle"',
  'ATTR text printer-firmware-string-version "5.7.1.2 (2507252_062149)"',
]
