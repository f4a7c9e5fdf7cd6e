/**
 * A throwaway systemd machine for tests of units: systemd-nspawn boots this machine's root
 * read-only under a tmpfs overlay in a private mount namespace (host files never change), with no
 * host services and this machine's network (tests use loopback only); commands run via nsenter.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import {
  access,
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rm,
  rmdir,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

/** A file put into the container's root before it boots (on the overlay, never on the host). */
export interface StagedFile {
  content: string | Buffer
  mode: number
}

export interface ContainerRun {
  code: number | 'killed'
  stdout: string
  stderr: string
}

export interface RunOptions {
  /** Written to standard input, which is then closed (default: closed at once). */
  stdin?: string
  /** Killed after this long (default 30 s). */
  timeoutMs?: number
}

export interface BootedContainer {
  readonly name: string
  /** The container's PID 1 (its systemd), as this host numbers it. */
  readonly leaderPid: number
  /** The console output of the boot so far (for failure messages). */
  bootLog(): string
  /** argv run as root inside every namespace of the container, as a shell in it would. */
  run(argv: string[], opts?: RunOptions): Promise<ContainerRun>
  /** argv started as `run` does, for a conversation: what it wrote so far, and input to give. */
  start(argv: string[], opts?: { timeoutMs?: number }): ContainerProcess
  /** Shuts the container down (systemd's own shutdown), killing it after 20 s. Idempotent. */
  stop(): Promise<void>
}

export interface ContainerProcess {
  /** Standard output and error so far, interleaved. */
  output(): string
  /** Written to its standard input; `end` closes it afterwards. */
  write(text: string, end?: boolean): void
  /** Its exit, with everything it wrote. */
  readonly done: Promise<ContainerRun>
}

export interface BootOptions {
  /** Absolute path inside the container -> file; parent folders are made 0755. */
  files: Record<string, StagedFile>
  /** Host paths bound read-only into the container: host path -> container path. */
  bindReadOnly?: Record<string, string>
  /** The unit systemd boots into (default: a target with sysinit only: no host services). */
  target?: string
}

const BOOT_TARGET = 'scanpath-test-boot.target'
const BOOT_TARGET_UNIT = `[Unit]
Description=ScanPath test container (system initialisation and D-Bus, no services of the host)
Requires=sysinit.target
After=sysinit.target
Wants=dbus.socket
AllowIsolate=yes
`

/** null when this machine can boot a container here; else why not. */
export async function nspawnMissing(): Promise<string | null> {
  if (process.platform !== 'linux') return 'not Linux'
  if (process.getuid?.() !== 0) return 'not root (systemd-nspawn needs it)'
  for (const p of ['/usr/bin/systemd-nspawn', '/usr/bin/nsenter', '/usr/bin/unshare']) {
    if (!(await exists(p))) return `${p} is not installed (apt package systemd-container)`
  }
  if (!(await exists('/lib/systemd/systemd')))
    return 'systemd is not installed (/lib/systemd/systemd)'
  const fs = await readFile('/proc/filesystems', 'utf8').catch(() => '')
  if (!/\boverlay\b/.test(fs)) return 'the kernel has no overlay file system'
  // Root without CAP_SYS_ADMIN (an unprivileged container) cannot mount: nspawn would fail late.
  const probe = await mkdtemp(join(tmpdir(), 'scanpath-nspawn-probe-'))
  try {
    const r = await execText('unshare', [
      '--mount',
      '--propagation',
      'private',
      'mount',
      '-t',
      'tmpfs',
      'scanpath-probe',
      probe,
    ])
    if (r.code !== 0) return `cannot mount in a new mount namespace: ${r.stderr.trim()}`
  } finally {
    await rm(probe, { recursive: true, force: true })
  }
  return null
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  )
}

function execText(cmd: string, args: string[], opts: RunOptions = {}): Promise<ContainerRun> {
  return new Promise((resolve) => {
    const child = execFile(
      cmd,
      args,
      { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null
        const code = !e ? 0 : e.killed ? 'killed' : typeof e.code === 'number' ? e.code : 1
        resolve({ code, stdout, stderr })
      },
    )
    // A command that exits without reading its input must not fail the run with EPIPE.
    child.stdin?.on('error', () => {})
    child.stdin?.end(opts.stdin ?? '')
  })
}

function startText(cmd: string, args: string[], timeoutMs: number): ContainerProcess {
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let both = ''
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString()
    both += d.toString()
  })
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString()
    both += d.toString()
  })
  child.stdin.on('error', () => {})
  let killed = false
  const timer = setTimeout(() => {
    killed = true
    child.kill('SIGKILL')
  }, timeoutMs)
  const done = new Promise<ContainerRun>((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code: killed ? 'killed' : (code ?? 1), stdout, stderr })
    })
  })
  return {
    output: () => both,
    write: (text, end = false) => {
      child.stdin.write(text)
      if (end) child.stdin.end()
    },
    done,
  }
}

// The private mount namespace holds the tmpfs and the overlay: both vanish with the container.
// Each container gets a cgroup of its own (nspawn then makes payload/ and supervisor/ in it);
// without one, two containers at once would share the cgroups of this process and see each other.
const CGROUP_HIERARCHIES = ['/sys/fs/cgroup/systemd', '/sys/fs/cgroup/unified', '/sys/fs/cgroup']

const BOOT_SCRIPT = `set -eu
root="$1"; stage="$2"; cgroup="$3"; shift 3
for h in ${CGROUP_HIERARCHIES.join(' ')}; do
  if [ -f "$h/cgroup.procs" ]; then mkdir -p "$h/$cgroup"; echo $$ > "$h/$cgroup/cgroup.procs"; fi
done
mount -t tmpfs -o mode=0755 scanpath-test "$root"
mkdir "$root/upper" "$root/work" "$root/merged"
mount -t overlay scanpath-test -o "lowerdir=/,upperdir=$root/upper,workdir=$root/work" "$root/merged"
tar -C "$stage" -cf - . | tar -C "$root/merged" -xf - --no-overwrite-dir
exec systemd-nspawn --directory="$root/merged" "$@"
`

async function stage(dir: string, files: Record<string, StagedFile>): Promise<void> {
  await chmod(dir, 0o755)
  for (const [path, f] of Object.entries(files)) {
    if (!path.startsWith('/') || path.split('/').includes('..'))
      throw new Error(`nspawn: staged path must be absolute and plain: ${path}`)
    const target = join(dir, path)
    await mkdir(dirname(target), { recursive: true, mode: 0o755 })
    await writeFile(target, f.content, { mode: f.mode })
    await chmod(target, f.mode)
  }
  // mkdir's mode is filtered by the umask: make every staged folder 0755 as a package would.
  const fixDirs = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }))
      if (e.isDirectory()) {
        await chmod(join(d, e.name), 0o755)
        await fixDirs(join(d, e.name))
      }
  }
  await fixDirs(dir)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const MACHINE_PREFIX = 'scanpath-test-'

/**
 * Containers left by a test process that died without stopping them (their name carries its PID):
 * asked to power off, and their temp folders removed. Containers of live processes are left alone.
 */
export async function sweepLeftoverContainers(): Promise<void> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0')
    if (!argv[0]?.endsWith('systemd-nspawn')) continue
    const owner = argv
      .map((a) => new RegExp(`^--machine=${MACHINE_PREFIX}(\\d+)-\\d+$`).exec(a)?.[1])
      .find((x) => x !== undefined)
    if (owner === undefined || isAlive(Number(owner))) continue
    const nspawnPid = Number(entry)
    process.kill(nspawnPid, 'SIGTERM')
    for (let i = 0; i < 100 && isAlive(nspawnPid); i++) await new Promise((r) => setTimeout(r, 100))
    if (isAlive(nspawnPid)) process.kill(nspawnPid, 'SIGKILL')
    const root = argv.find((a) => a.startsWith('--directory='))?.slice('--directory='.length)
    const dir = root?.replace(/\/root\/merged$/, '')
    if (dir && dir !== root && dirname(dir) === tmpdir() && /scanpath-nspawn-/.test(dir))
      await rm(dir, { recursive: true, force: true })
  }
  for (const h of CGROUP_HIERARCHIES) {
    for (const entry of await readdir(h).catch(() => [] as string[])) {
      const owner = new RegExp(`^${MACHINE_PREFIX}(\\d+)-\\d+$`).exec(entry)?.[1]
      if (owner !== undefined && !isAlive(Number(owner))) await removeCgroups(entry)
    }
  }
}

/** The container's cgroups, deepest first (a cgroup goes only once empty); what is busy stays. */
async function removeCgroups(name: string): Promise<void> {
  const remove = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const e of entries) if (e.isDirectory()) await remove(join(dir, e.name))
    await rmdir(dir).catch(() => {})
  }
  for (const h of CGROUP_HIERARCHIES) if (await exists(join(h, name))) await remove(join(h, name))
}

async function childrenOf(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[])
  const all: number[] = []
  for (const t of tasks) {
    const text = await readFile(`/proc/${pid}/task/${t}/children`, 'utf8').catch(() => '')
    all.push(...text.split(/\s+/).filter(Boolean).map(Number))
  }
  return all
}

/** The systemd nspawn started as the container's PID 1 (nspawn's direct child). */
async function findLeader(nspawnPid: number): Promise<number | null> {
  for (const pid of await childrenOf(nspawnPid)) {
    const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim()
    if (comm === 'systemd') return pid
  }
  return null
}

/**
 * Boots a container named `scanpath-test-<pid>-<n>` and waits until its systemd has finished
 * booting (`systemctl is-system-running --wait`). Throws with the boot log when it does not.
 */
let counter = 0
export async function bootContainer(opts: BootOptions): Promise<BootedContainer> {
  await sweepLeftoverContainers()
  const name = `${MACHINE_PREFIX}${process.pid}-${++counter}`
  const dir = await mkdtemp(join(tmpdir(), 'scanpath-nspawn-'))
  const root = join(dir, 'root')
  const stageDir = join(dir, 'stage')
  await mkdir(root)
  await mkdir(stageDir)
  const target = opts.target ?? BOOT_TARGET
  await stage(stageDir, {
    [`/etc/systemd/system/${BOOT_TARGET}`]: { content: BOOT_TARGET_UNIT, mode: 0o644 },
    ...opts.files,
  })
  const binds = Object.entries(opts.bindReadOnly ?? {}).map(([h, c]) => `--bind-ro=${h}:${c}`)
  const args = [
    '--mount',
    '--propagation',
    'private',
    'sh',
    '-c',
    BOOT_SCRIPT,
    'scanpath-nspawn',
    root,
    stageDir,
    name,
    `--machine=${name}`,
    // No machined on a host without systemd, and no scope of our own: stay in this cgroup.
    '--register=no',
    '--keep-unit',
    '--console=read-only',
    ...binds,
    '--boot',
    '--',
    `systemd.unit=${target}`,
  ]
  const nspawn: ChildProcess = spawn('unshare', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const add = (d: Buffer): void => {
    if (log.length < 256 * 1024) log += d.toString()
  }
  nspawn.stdout?.on('data', add)
  nspawn.stderr?.on('data', add)
  const exited = new Promise<void>((r) => {
    if (nspawn.exitCode !== null || nspawn.signalCode !== null) r()
    else nspawn.once('exit', () => r())
  })
  let leaderPid: number | null = null
  let stopped = false
  // A test process that exits without stop() (a hook timed out, a crash) takes its container along.
  const killOnExit = (): void => {
    if (leaderPid !== null && isAlive(leaderPid)) process.kill(leaderPid, 'SIGKILL')
    if (nspawn.exitCode === null && nspawn.signalCode === null) nspawn.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', killOnExit)

  const stop = async (): Promise<void> => {
    if (!stopped) {
      stopped = true
      process.off('exit', killOnExit)
      // SIGTERM makes nspawn ask the container's systemd to power off (SIGRTMIN+3).
      if (nspawn.exitCode === null && nspawn.signalCode === null) nspawn.kill('SIGTERM')
      const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), 20_000).unref())
      if ((await Promise.race([exited.then(() => 'done' as const), timer])) === 'late') {
        // Killing PID 1 of a PID namespace kills everything in it.
        if (leaderPid !== null) process.kill(leaderPid, 'SIGKILL')
        nspawn.kill('SIGKILL')
        await exited
      }
    }
    await rm(dir, { recursive: true, force: true })
    // nspawn keeps a folder for `machinectl bind`; it is empty once the container is gone.
    await rm(`/run/systemd/nspawn/propagate/${name}`, { recursive: true, force: true })
    await removeCgroups(name)
  }

  const fail = async (why: string): Promise<never> => {
    await stop()
    throw new Error(`nspawn: ${why}\n--- boot log ---\n${log.slice(-8000)}`)
  }

  const end = Date.now() + 60_000
  while (leaderPid === null) {
    if (nspawn.exitCode !== null || nspawn.signalCode !== null)
      return fail('systemd-nspawn exited before the container booted')
    if (Date.now() > end) return fail('no systemd started within 60 s')
    const pid = nspawn.pid === undefined ? null : await findLeader(nspawn.pid)
    if (pid === null) await new Promise((r) => setTimeout(r, 100))
    else leaderPid = pid
  }
  const leader = leaderPid
  const run = (argv: string[], o: RunOptions = {}): Promise<ContainerRun> =>
    execText('nsenter', ['--target', String(leader), '--all', '--', ...argv], o)

  // Until its systemd listens on its private socket, systemctl cannot connect (it prints nothing,
  // or "offline"): try again.
  let state = await run(['systemctl', 'is-system-running', '--wait'], { timeoutMs: 60_000 })
  while (['', 'offline'].includes(state.stdout.trim()) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200))
    state = await run(['systemctl', 'is-system-running', '--wait'], { timeoutMs: 60_000 })
  }
  if (!['running', 'degraded'].includes(state.stdout.trim()))
    return fail(`the container did not finish booting: ${state.stdout}${state.stderr}`)
  const start = (argv: string[], o: { timeoutMs?: number } = {}): ContainerProcess =>
    startText(
      'nsenter',
      ['--target', String(leader), '--all', '--', ...argv],
      o.timeoutMs ?? 30_000,
    )
  return { name, leaderPid: leader, bootLog: () => log, run, start, stop }
}
