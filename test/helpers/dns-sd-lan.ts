/**
 * A two-host LAN for DNS-SD tests, built from network namespaces: a "printer" namespace and a
 * "laptop" namespace joined by a veth pair, neither end in the test's own namespace, so no
 * multicast from these tests can reach a real network. The printer side runs the real peers a
 * field network has: Avahi (mDNS responder) on a private D-Bus system bus, and CUPS's
 * `ippeveprinter` registering its `_ipp._tcp` services through it. Code under test runs on the
 * laptop side in a child process (`ip netns exec`), since a namespace is per process.
 *
 * Avahi and ippeveprinter each run under `unshare -m` with private mounts: Avahi gets a /run of
 * its own (a folder of the test's, holding the /run/avahi-daemon it writes its pid file and
 * socket to) and an empty services folder; ippeveprinter gets a hosts file that resolves its
 * host name. Nothing on the machine itself is created or changed: every mount lands on a path
 * that exists on any machine with the packages installed (/run, /etc/hosts, and
 * /etc/avahi/services, which the avahi-daemon package ships), and `dnsSdSupport()` checks
 * exactly what setup needs. /run/avahi-daemon itself is not there on a machine where the
 * service was never started (apt with a policy-rc.d that keeps services from starting).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import {
  deleteNamespace,
  netnsSupport,
  NS_PREFIX,
  pidTag,
  run,
  sweepLeftovers,
  type NetnsSupport,
} from './netns'
import { findBinary, startProcess, stopProcess, waitFor, type Peer } from './printer-peers'

export const DNS_SD_BINARIES = {
  'avahi-daemon': { path: findBinary('avahi-daemon'), apt: 'avahi-daemon' },
  ippeveprinter: { path: findBinary('ippeveprinter'), apt: 'cups-ipp-utils' },
  'dbus-daemon': { path: findBinary('dbus-daemon'), apt: 'dbus' },
  unshare: { path: findBinary('unshare'), apt: 'util-linux' },
  mount: { path: findBinary('mount'), apt: 'mount' },
  bash: { path: findBinary('bash'), apt: 'bash' },
}
export const dnsSdMissing = Object.entries(DNS_SD_BINARIES).filter(([, b]) => b.path === null)
export const dnsSdMissingReason = dnsSdMissing
  .map(([name, b]) => `${name} not found (apt-get install -y --no-install-recommends ${b.apt})`)
  .join('; ')

/**
 * The paths the LAN's private mounts land on, which must already exist (a mount point cannot be
 * created without changing the machine), and what provides each. Everything Avahi needs below
 * /run is made inside the test's own folder.
 */
const MOUNT_POINTS = [
  { path: '/run', kind: 'folder', from: 'the system' },
  { path: '/etc/hosts', kind: 'file', from: 'the system' },
  { path: '/etc/avahi/services', kind: 'folder', from: 'the avahi-daemon package' },
] as const

let supportPromise: Promise<NetnsSupport> | undefined

/**
 * Whether this machine can build the DNS-SD LAN: exactly what `startDnsSdLan` needs (network
 * namespaces, the peers' binaries, the mount points, and a private mount namespace in which a
 * folder can be bind-mounted over /run), so a test skips only where setup could not work.
 * Checked once per process.
 */
export function dnsSdSupport(): Promise<NetnsSupport> {
  supportPromise ??= checkDnsSdSupport()
  return supportPromise
}

async function checkDnsSdSupport(): Promise<NetnsSupport> {
  const netns = await netnsSupport()
  if (!netns.ok) return netns
  if (dnsSdMissing.length > 0) return { ok: false, reason: dnsSdMissingReason }
  for (const m of MOUNT_POINTS) {
    const st = existsSync(m.path) ? statSync(m.path) : null
    if (!st || (m.kind === 'folder' ? !st.isDirectory() : !st.isFile()))
      return { ok: false, reason: `${m.path} is not a ${m.kind} (it comes with ${m.from})` }
  }
  const dir = mkdtempSync(join(tmpdir(), 'scanpath-dnssd-check-'))
  try {
    mkdirSync(join(dir, 'avahi-daemon'))
    await run(DNS_SD_BINARIES.unshare.path!, [
      '-m',
      '--propagation',
      'private',
      'sh',
      '-c',
      `mount --bind ${shellQuote(dir)} /run && test -d /run/avahi-daemon`,
    ])
    return { ok: true }
  } catch (err) {
    return {
      ok: false,
      reason: `cannot bind-mount a folder over /run in a private mount namespace: ${(err as Error).message}`,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const SUBNET_PREFIX = '10.232.'
const CHILD = resolve('test/helpers/dns-sd-child.ts')
const HOSTILE_RESPONDER = resolve('test/helpers/hostile-mdns-responder.ts')

export interface DnsSdLan {
  laptopAddress: string
  printerAddress: string
  /** The Avahi host name, whose A record Avahi answers for (`<name>.local`). */
  avahiHostName: string
  /** Starts an ippeveprinter that registers its services through Avahi. */
  addIppPrinter(opts: { name: string; make: string; model: string; port: number }): Promise<Peer>
  /** Starts a process inside the printer namespace (e.g. a hostile responder). */
  startOnPrinter(cmd: string, args: string[]): Peer
  /**
   * Starts test/helpers/hostile-mdns-responder.ts inside the printer namespace, announcing a flood
   * of `flood` instances and, given `extra`, one more printer (`ty`: its TXT ty bytes as hex);
   * resolves once it listens.
   */
  startHostileResponder(flood: number, extra?: { name: string; ty: string }): Promise<Peer>
  /** Runs test/helpers/dns-sd-child.ts on the laptop side with a JSON request; parses its JSON. */
  onLaptop<T>(request: object, timeoutMs?: number): Promise<T>
  /** Runs any command on the laptop side. */
  execOnLaptop(
    cmd: string,
    args: string[],
    timeoutMs?: number,
  ): Promise<{ code: number | null; stdout: string; stderr: string }>
  /**
   * Datagrams the kernel dropped on the laptop side because a socket's receive buffer was full
   * (`RcvbufErrors` in the namespace's /proc/net/snmp), counted since the namespace was made.
   */
  laptopUdpDrops(): Promise<number>
  close(): Promise<void>
}

function busConfig(socket: string): string {
  // A system-type bus (Avahi and ippeveprinter use DBUS_SYSTEM_BUS_ADDRESS) that lets root own
  // org.freedesktop.Avahi; nothing else runs on it.
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`
}

function avahiConfig(hostName: string, iface: string): string {
  return `[server]
host-name=${hostName}
domain-name=local
use-ipv4=yes
use-ipv6=no
allow-interfaces=${iface}
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
`
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

async function usedSubnets(): Promise<Set<number>> {
  const used = new Set<number>()
  // Addresses live inside namespaces; list every scanpath namespace's.
  const list = await run('ip', ['netns', 'list']).catch(() => '')
  for (const ns of list.split('\n').map((l) => l.trim().split(/\s+/)[0] ?? '')) {
    if (!ns.startsWith(NS_PREFIX)) continue
    const out = await run('ip', ['-n', ns, '-4', '-o', 'addr', 'show']).catch(() => '')
    for (const m of out.matchAll(/inet 10\.232\.(\d+)\./g)) used.add(Number(m[1]))
  }
  return used
}

/**
 * Builds the LAN. With `avahi: false` the printer namespace has no responder at all (the
 * "nothing answers" network, or a stage for a hand-written hostile responder).
 */
export async function startDnsSdLan(dir: string, opts: { avahi: boolean }): Promise<DnsSdLan> {
  const support = await dnsSdSupport()
  if (!support.ok) throw new Error(`the DNS-SD LAN cannot be built here: ${support.reason}`)
  await sweepLeftovers()

  const used = await usedSubnets()
  const free = Array.from({ length: 254 }, (_, i) => i + 1).filter((n) => !used.has(n))
  const n = free[Math.floor(Math.random() * free.length)]!
  const tag = `${pidTag(process.pid)}${randomBytes(2).toString('hex')}`
  const printerNs = `${NS_PREFIX}${tag}-p`
  const laptopNs = `${NS_PREFIX}${tag}-l`
  const printerVeth = `sd${tag}p`
  const laptopVeth = `sd${tag}l`
  const printerAddress = `${SUBNET_PREFIX}${n}.2`
  const laptopAddress = `${SUBNET_PREFIX}${n}.1`
  const printerAddress6 = `fd00:232:${n.toString(16)}::2`
  const avahiHostName = `scanpath-printer-${n}`
  const peers: Peer[] = []

  const close = async () => {
    for (const p of peers.reverse()) await stopProcess(p)
    await deleteNamespace(printerNs)
    await deleteNamespace(laptopNs)
  }

  try {
    await run('ip', ['netns', 'add', printerNs])
    await run('ip', ['netns', 'add', laptopNs])
    // Created inside the printer namespace, so the pair never exists in the test's namespace.
    await run('ip', [
      '-n',
      printerNs,
      'link',
      'add',
      printerVeth,
      'type',
      'veth',
      'peer',
      'name',
      laptopVeth,
      'netns',
      laptopNs,
    ])
    for (const [ns, veth, addr] of [
      [printerNs, printerVeth, printerAddress],
      [laptopNs, laptopVeth, laptopAddress],
    ] as const) {
      await run('ip', ['-n', ns, 'addr', 'add', `${addr}/24`, 'dev', veth])
      await run('ip', ['-n', ns, 'link', 'set', veth, 'up'])
      await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])
    }
    await run('ip', [
      '-n',
      printerNs,
      '-6',
      'addr',
      'add',
      `${printerAddress6}/64`,
      'dev',
      printerVeth,
      'nodad',
    ])
    // Carrier comes up a moment after `link set up`; until then Node (libuv) does not list the
    // interface at all, and the browser would rightly see no network to search.
    await waitFor(
      'veth carrier',
      async () =>
        (await run('ip', ['-n', laptopNs, '-o', 'link', 'show', laptopVeth])).includes(
          'LOWER_UP',
        ) &&
        (await run('ip', ['-n', printerNs, '-o', 'link', 'show', printerVeth])).includes(
          'LOWER_UP',
        ),
      () => '',
    )

    const busSocket = join(dir, 'system-bus')
    const hostsFile = join(dir, 'hosts')
    const servicesDir = join(dir, 'avahi-services')
    // Avahi's /run: the runtime folder it expects (its pid file and socket) made here, in the
    // test's folder, rather than on the machine, where the package does not create it.
    const runDir = join(dir, 'avahi-run')
    mkdirSync(servicesDir, { recursive: true })
    mkdirSync(join(runDir, 'avahi-daemon'), { recursive: true })
    writeFileSync(
      hostsFile,
      [
        '127.0.0.1 localhost',
        `${printerAddress} ${avahiHostName}.local`,
        // ippeveprinter also opens an IPv6 listener for its host name, so the name needs an
        // IPv6 address; ::1 would not do, glibc then answers 127.0.0.1 for IPv4 as well.
        `${printerAddress6} ${avahiHostName}.local`,
        '',
      ].join('\n'),
    )
    const busEnv = { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${busSocket}` }
    /**
     * A shell script in the printer namespace with mounts of its own (`unshare -m`), so what it
     * bind-mounts (/etc/hosts, Avahi's folders) is seen by it alone; on the private system bus.
     */
    const onPrinterWithOwnMounts = (script: string): Peer => {
      const peer = startProcess(
        'ip',
        [
          'netns',
          'exec',
          printerNs,
          'unshare',
          '-m',
          '--propagation',
          'private',
          'sh',
          '-c',
          script,
        ],
        busEnv,
      )
      peers.push(peer)
      return peer
    }

    if (opts.avahi) {
      writeFileSync(join(dir, 'bus.conf'), busConfig(busSocket))
      const bus = startProcess('ip', [
        'netns',
        'exec',
        printerNs,
        DNS_SD_BINARIES['dbus-daemon'].path!,
        `--config-file=${join(dir, 'bus.conf')}`,
        '--nofork',
      ])
      peers.push(bus)
      await waitFor(
        'dbus-daemon (printer side)',
        () =>
          run('test', ['-S', busSocket]).then(
            () => true,
            () => false,
          ),
        bus.output,
      )

      writeFileSync(join(dir, 'avahi.conf'), avahiConfig(avahiHostName, printerVeth))
      const avahiScript = [
        `mount --bind ${shellQuote(runDir)} /run`,
        `mount --bind ${shellQuote(servicesDir)} /etc/avahi/services`,
        `exec ${DNS_SD_BINARIES['avahi-daemon'].path!} --no-drop-root --no-chroot --no-rlimits --no-proc-title -f ${shellQuote(join(dir, 'avahi.conf'))}`,
      ].join(' && ')
      const avahi = onPrinterWithOwnMounts(avahiScript)
      await waitFor(
        'avahi-daemon',
        async () => {
          // A failed mount or a refused configuration ends it at once: say so, do not wait.
          if (avahi.child.exitCode !== null || avahi.child.signalCode !== null)
            throw new Error(`avahi-daemon exited:\n${avahi.output()}`)
          return avahi.output().includes('Server startup complete')
        },
        avahi.output,
      )
    }

    const lan: DnsSdLan = {
      laptopAddress,
      printerAddress,
      avahiHostName,
      async addIppPrinter(p) {
        // Avahi registers the services under its own host name, whose A record it answers.
        const hostName = `${avahiHostName}.local`
        const spool = join(dir, `spool-${p.port}`)
        mkdirSync(spool, { recursive: true })
        const cmd = [
          DNS_SD_BINARIES.ippeveprinter.path!,
          '-M',
          p.make,
          '-m',
          p.model,
          '-p',
          String(p.port),
          '-n',
          hostName,
          '-d',
          spool,
          p.name,
        ]
          .map(shellQuote)
          .join(' ')
        const peer = onPrinterWithOwnMounts(
          `mount --bind ${shellQuote(hostsFile)} /etc/hosts && exec ${cmd}`,
        )
        // Registered once Avahi has announced it: ask from the laptop side until it answers.
        await waitFor(
          `ippeveprinter ${p.name}`,
          async () => {
            if (peer.child.exitCode !== null) throw new Error(peer.output())
            const r = await run('ip', [
              'netns',
              'exec',
              printerNs,
              'bash',
              '-c',
              `exec 3<>/dev/tcp/${printerAddress}/${p.port} 2>/dev/null && echo open || echo closed`,
            ]).catch(() => 'closed')
            return r.includes('open')
          },
          peer.output,
        )
        return peer
      },
      startOnPrinter(cmd, args) {
        const peer = startProcess('ip', ['netns', 'exec', printerNs, cmd, ...args])
        peers.push(peer)
        return peer
      },
      async startHostileResponder(flood, extra) {
        const responder = lan.startOnPrinter(process.execPath, [
          '--import',
          'tsx',
          HOSTILE_RESPONDER,
          printerAddress,
          String(flood),
          ...(extra ? [JSON.stringify(extra)] : []),
        ])
        await waitFor(
          'hostile responder',
          async () => responder.output().includes('ready'),
          responder.output,
        )
        return responder
      },
      execOnLaptop(cmd, args, timeoutMs = 30_000) {
        return new Promise((done) => {
          const child = spawn('ip', ['netns', 'exec', laptopNs, cmd, ...args], {
            stdio: ['ignore', 'pipe', 'pipe'],
          })
          let stdout = ''
          let stderr = ''
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
          const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
          child.on('close', (code) => {
            clearTimeout(timer)
            done({ code, stdout, stderr })
          })
        })
      },
      async laptopUdpDrops() {
        const r = await lan.execOnLaptop('cat', ['/proc/net/snmp'])
        const [names, values] = r.stdout
          .split('\n')
          .filter((l) => l.startsWith('Udp: '))
          .map((l) => l.split(/\s+/))
        const i = names?.indexOf('RcvbufErrors') ?? -1
        if (i < 0 || !values?.[i])
          throw new Error(`no UDP counters on the laptop side: ${r.stdout}`)
        return Number(values[i])
      },
      async onLaptop<T>(request: object, timeoutMs = 30_000): Promise<T> {
        const r = await lan.execOnLaptop(
          process.execPath,
          ['--import', 'tsx', CHILD, JSON.stringify(request)],
          timeoutMs,
        )
        if (r.code !== 0) throw new Error(`laptop-side child failed (${r.code}): ${r.stderr}`)
        return JSON.parse(r.stdout) as T
      },
      close,
    }
    return lan
  } catch (err) {
    await close()
    throw err
  }
}
