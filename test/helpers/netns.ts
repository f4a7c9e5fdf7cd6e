import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { promisify } from 'node:util'

/**
 * A firewalled test host: a network namespace joined to this one by a veth pair, with iptables
 * rules inside it. This is the only way here to get a port that really drops SYNs (a timeout,
 * not a refusal), which is what an ISP blocking port 25 looks like to a probe.
 */

const execFileAsync = promisify(execFile)

// Every name starts with this, so leftovers of a crashed run can be recognised and removed.
// Namespace names are free-form; veth names are limited to 15 characters (IFNAMSIZ - 1).
export const NS_PREFIX = 'scanpath-'
const VETH_PREFIX = 'sp'
const SUBNET_PREFIX = '10.231.'

const GREETING = '220 filtered-host.test ESMTP ready\r\n'

export type NetnsSupport = { ok: true } | { ok: false; reason: string }

export interface FilteredHost {
  /** The namespace side's IPv4, e.g. 10.231.17.2. */
  address: string
  /** A listener that greets like an SMTP server and answers QUIT. */
  openPort: number
  /** iptables DROP: a connect times out. */
  droppedPort: number
  /** iptables REJECT with a TCP reset: ECONNREFUSED at once. */
  rejectedPort: number
  /** Kills the listener and deletes the namespace (and with it the veth pair). Idempotent. */
  close(): Promise<void>
}

export async function run(cmd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync(cmd, args, { timeout: 10_000 })
    return stdout
  } catch (err) {
    const e = err as { stderr?: string; message: string }
    const detail = (e.stderr ?? '').trim() || e.message
    throw new Error(`${cmd} ${args.join(' ')}: ${detail}`, { cause: err })
  }
}

// Names carry the owning PID (hex) so a leftover sweep never touches a live parallel test file.
export function pidTag(pid: number): string {
  return pid.toString(16).padStart(6, '0')
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM means it exists but is not ours; we are root, so that is rare, but it is alive.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function ownerPid(name: string, prefix: string): number | null {
  const hex = name.slice(prefix.length, prefix.length + 6)
  if (!/^[0-9a-f]{6}$/.test(hex)) return null
  return parseInt(hex, 16)
}

async function listNamespaces(): Promise<string[]> {
  const out = await run('ip', ['netns', 'list'])
  // Lines look like `name` or `name (id: 3)`.
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n.length > 0)
}

export async function deleteNamespace(ns: string): Promise<void> {
  // A process still inside keeps the namespace (and its veth) alive after `ip netns del`.
  const pids = await run('ip', ['netns', 'pids', ns]).catch(() => '')
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL')
    } catch {
      // Already gone.
    }
  }
  await run('ip', ['netns', 'del', ns]).catch(() => undefined)
}

/** Removes namespaces and veths of earlier runs whose owning process no longer exists. */
export async function sweepLeftovers(): Promise<void> {
  for (const ns of await listNamespaces()) {
    if (!ns.startsWith(NS_PREFIX)) continue
    const pid = ownerPid(ns, NS_PREFIX)
    if (pid !== null && !isAlive(pid)) await deleteNamespace(ns)
  }
  // A host-side veth survives only if setup died between creating the pair and moving one end.
  const links = await run('ip', ['-o', 'link', 'show']).catch(() => '')
  for (const line of links.split('\n')) {
    const name = /^\d+:\s+([^:@\s]+)/.exec(line)?.[1]
    if (!name?.startsWith(VETH_PREFIX) || !/^sp[0-9a-f]{10}[hs]$/.test(name)) continue
    const pid = ownerPid(name, VETH_PREFIX)
    if (pid !== null && !isAlive(pid)) await run('ip', ['link', 'del', name]).catch(() => undefined)
  }
}

let supportPromise: Promise<NetnsSupport> | undefined

/** Whether this machine can run filtered-host tests. Checked once per process. */
export function netnsSupport(): Promise<NetnsSupport> {
  supportPromise ??= checkSupport()
  return supportPromise
}

async function checkSupport(): Promise<NetnsSupport> {
  if (process.platform !== 'linux') return { ok: false, reason: 'network namespaces need Linux' }
  if (process.getuid?.() !== 0) return { ok: false, reason: 'network namespaces need root' }
  try {
    await run('ip', ['-V'])
  } catch {
    return { ok: false, reason: '`ip` (iproute2) is not installed' }
  }
  try {
    await run('iptables', ['--version'])
  } catch {
    return { ok: false, reason: '`iptables` is not installed' }
  }
  const ns = `${NS_PREFIX}${pidTag(process.pid)}-check-${randomBytes(2).toString('hex')}`
  try {
    await run('ip', ['netns', 'add', ns])
  } catch (err) {
    return { ok: false, reason: `cannot create a network namespace: ${(err as Error).message}` }
  }
  try {
    // iptables may be installed yet unusable (no nf_tables in the kernel, no CAP_NET_ADMIN).
    await run('ip', ['netns', 'exec', ns, 'iptables', '-w', '-L', 'INPUT', '-n'])
  } catch (err) {
    return { ok: false, reason: `iptables does not work in a namespace: ${(err as Error).message}` }
  } finally {
    await run('ip', ['netns', 'del', ns]).catch(() => undefined)
  }
  return { ok: true }
}

// Runs inside the namespace. It also listens on the filtered ports so that the firewall rules,
// not a closed port, decide what a client sees. It exits when its stdin closes, so a crashed
// test process does not leave it running.
const LISTENER_SCRIPT = `
const net = require('node:net')
const greeting = ${JSON.stringify(GREETING)}
const ports = process.argv.slice(1).map(Number)
let pending = ports.length
for (const port of ports) {
  const server = net.createServer((sock) => {
    sock.on('error', () => {})
    sock.write(greeting)
    let buf = ''
    sock.on('data', (d) => {
      buf += d.toString('latin1')
      if (buf.length > 4096) return sock.destroy()
      let i
      while ((i = buf.indexOf('\\n')) >= 0) {
        const line = buf.slice(0, i).replace(/\\r$/, '')
        buf = buf.slice(i + 1)
        if (/^quit$/i.test(line.trim())) { sock.end('221 2.0.0 Bye\\r\\n'); return }
        sock.write('502 5.5.2 Command not implemented\\r\\n')
      }
    })
  })
  server.on('error', (e) => { process.stderr.write(String(e) + '\\n'); process.exit(1) })
  server.listen(port, '0.0.0.0', () => { if (--pending === 0) process.stdout.write('ready\\n') })
}
process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()
`

function startListener(ns: string, ports: number[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // `ip netns exec` execs the command in place, so child.pid is the node process itself.
    const child = spawn(
      'ip',
      ['netns', 'exec', ns, process.execPath, '-e', LISTENER_SCRIPT, ...ports.map(String)],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    )
    let stderr = ''
    let stdout = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`listener in ${ns} did not start within 10 s: ${stderr.trim()}`))
    }, 10_000)
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (stdout.includes('ready\n')) {
        clearTimeout(timer)
        resolve(child)
      }
    })
    child.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    child.on('exit', (code, sig) => {
      clearTimeout(timer)
      reject(new Error(`listener in ${ns} exited (${code ?? sig}): ${stderr.trim()}`))
    })
  })
}

function stopListener(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

async function usedSubnets(): Promise<Set<number>> {
  const out = await run('ip', ['-4', '-o', 'addr', 'show']).catch(() => '')
  const used = new Set<number>()
  for (const m of out.matchAll(/inet 10\.231\.(\d+)\./g)) used.add(Number(m[1]))
  return used
}

/** Creates a namespace with a greeting listener and DROP/REJECT rules. Call close() when done. */
export async function createFilteredHost(
  opts: { openPort?: number; droppedPort?: number; rejectedPort?: number } = {},
): Promise<FilteredHost> {
  const openPort = opts.openPort ?? 587
  const droppedPort = opts.droppedPort ?? 25
  const rejectedPort = opts.rejectedPort ?? 465
  if (new Set([openPort, droppedPort, rejectedPort]).size !== 3) {
    throw new Error('openPort, droppedPort and rejectedPort must differ')
  }
  const support = await netnsSupport()
  if (!support.ok) throw new Error(`network namespaces unavailable: ${support.reason}`)
  await sweepLeftovers()
  // Safety net: once a host is closed its /24 route is gone, and a late connect to its address
  // would follow the default route off this machine. The blackhole is less specific than every
  // veth's /24, so live hosts still win; it is left in place because parallel files share it.
  await run('ip', ['route', 'replace', 'blackhole', `${SUBNET_PREFIX}0.0/16`])

  // Parallel test files pick subnets independently; a clash is detected after assignment and
  // retried with another subnet rather than prevented with a lock.
  let lastError: unknown
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await tryCreate(openPort, droppedPort, rejectedPort)
    } catch (err) {
      lastError = err
      if (!(err instanceof SubnetClash)) throw err
    }
  }
  throw lastError
}

class SubnetClash extends Error {}

async function tryCreate(
  openPort: number,
  droppedPort: number,
  rejectedPort: number,
): Promise<FilteredHost> {
  const used = await usedSubnets()
  const free = Array.from({ length: 254 }, (_, i) => i + 1).filter((n) => !used.has(n))
  if (free.length === 0) throw new Error('no free 10.231.N.0/24 subnet')
  const n = free[Math.floor(Math.random() * free.length)]!
  const tag = `${pidTag(process.pid)}${randomBytes(2).toString('hex')}`
  const ns = `${NS_PREFIX}${tag}`
  const hostVeth = `${VETH_PREFIX}${tag}h`
  const nsVeth = `${VETH_PREFIX}${tag}s`
  const hostAddr = `${SUBNET_PREFIX}${n}.1`
  const nsAddr = `${SUBNET_PREFIX}${n}.2`

  let nsCreated = false
  let vethCreated = false
  let listener: ChildProcess | undefined
  const undo = async () => {
    if (listener) await stopListener(listener)
    if (nsCreated) await deleteNamespace(ns)
    // Deleting the namespace takes the pair with it; this covers a failure before the move.
    if (vethCreated) await run('ip', ['link', 'del', hostVeth]).catch(() => undefined)
  }

  try {
    await run('ip', ['netns', 'add', ns])
    nsCreated = true
    await run('ip', ['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', nsVeth])
    vethCreated = true
    await run('ip', ['link', 'set', nsVeth, 'netns', ns])
    await run('ip', ['addr', 'add', `${hostAddr}/24`, 'dev', hostVeth])
    await run('ip', ['link', 'set', hostVeth, 'up'])
    await run('ip', ['-n', ns, 'addr', 'add', `${nsAddr}/24`, 'dev', nsVeth])
    await run('ip', ['-n', ns, 'link', 'set', nsVeth, 'up'])
    await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])

    // Another file may have taken the same subnet between our check and our assignment.
    const out = await run('ip', ['-4', '-o', 'addr', 'show'])
    const clash = out
      .split('\n')
      .some((l) => l.includes(`inet ${SUBNET_PREFIX}${n}.`) && !l.includes(` ${hostVeth} `))
    if (clash) throw new SubnetClash(`subnet ${SUBNET_PREFIX}${n}.0/24 already in use`)

    const ipt = (args: string[]) => run('ip', ['netns', 'exec', ns, 'iptables', '-w', ...args])
    await ipt(['-A', 'INPUT', '-p', 'tcp', '--dport', String(droppedPort), '-j', 'DROP'])
    await ipt([
      '-A',
      'INPUT',
      '-p',
      'tcp',
      '--dport',
      String(rejectedPort),
      '-j',
      'REJECT',
      '--reject-with',
      'tcp-reset',
    ])

    listener = await startListener(ns, [openPort, droppedPort, rejectedPort])
  } catch (err) {
    await undo()
    throw err
  }

  let closing: Promise<void> | undefined
  return {
    address: nsAddr,
    openPort,
    droppedPort,
    rejectedPort,
    close() {
      closing ??= undo()
      return closing
    },
  }
}

/** A namespace joined to this host by a veth pair: host at `<net>.N.1`, namespace at `<net>.N.2`. */
export interface VethNamespace {
  ns: string
  hostAddr: string
  nsAddr: string
}

/**
 * Makes a namespace and its veth pair on a free /24 under `net` (e.g. "10.233"), so a test can
 * reach this host from a second address; delete it with deleteNamespace(ns).
 */
export async function createVethNamespace(net: string): Promise<VethNamespace> {
  await sweepLeftovers()
  const used = await run('ip', ['-4', '-o', 'addr', 'show'])
  const free = Array.from({ length: 254 }, (_, i) => i + 1).filter(
    (n) => !used.includes(` ${net}.${n}.`),
  )
  const n = free[Math.floor(Math.random() * free.length)] ?? 1
  const tag = `${pidTag(process.pid)}${randomBytes(2).toString('hex')}`
  const ns = `${NS_PREFIX}${tag}`
  const hostAddr = `${net}.${n}.1`
  const nsAddr = `${net}.${n}.2`
  await run('ip', ['netns', 'add', ns])
  await run('ip', ['link', 'add', `sp${tag}h`, 'type', 'veth', 'peer', 'name', `sp${tag}s`])
  await run('ip', ['link', 'set', `sp${tag}s`, 'netns', ns])
  await run('ip', ['addr', 'add', `${hostAddr}/24`, 'dev', `sp${tag}h`])
  await run('ip', ['link', 'set', `sp${tag}h`, 'up'])
  await run('ip', ['-n', ns, 'addr', 'add', `${nsAddr}/24`, 'dev', `sp${tag}s`])
  await run('ip', ['-n', ns, 'link', 'set', `sp${tag}s`, 'up'])
  await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])
  return { ns, hostAddr, nsAddr }
}
