import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

/**
 * A real GNOME Keyring on a private D-Bus session bus, for one test file. Everything lives in one
 * temp folder (HOME, XDG dirs, the bus socket, the keyring files), so nothing is written under
 * the real home, and no desktop session's keyring is ever touched.
 *
 * The bus has its own config with no service directories, so D-Bus never auto-starts anything:
 * the only daemons are the two started here. If the test process dies without stop(), a small
 * shell watchdog sees its stdin close and kills the bus; gnome-keyring exits when the bus goes.
 */

const execFileAsync = promisify(execFile)

const DIR_PREFIX = 'scanpath-keyring-'
const START_TIMEOUT_MS = 10_000
const SECRETS_NAME = 'org.freedesktop.secrets'

export type KeyringSupport = { ok: true } | { ok: false; reason: string }

export interface TestKeyring {
  /** The temp folder holding everything below; removed by stop(). */
  root: string
  home: string
  /** Where gnome-keyring keeps its (encrypted) keyring files; absent with `secretService: false`. */
  keyringDir: string
  busAddress: string
  /** HOME, XDG_* and DBUS_SESSION_BUS_ADDRESS for this keyring: merge into a child's env. */
  env: Record<string, string>
  /** Runs `secret-tool` (libsecret-tools) against this keyring. */
  secretTool(args: string[]): Promise<{ stdout: string; stderr: string }>
  /** Kills both daemons, restores process.env and removes `root`. Idempotent. */
  stop(): Promise<void>
}

const REQUIRED_BINARIES: Array<{ cmd: string; args: string[]; apt: string }> = [
  { cmd: 'dbus-daemon', args: ['--version'], apt: 'dbus' },
  { cmd: 'dbus-send', args: ['--help'], apt: 'dbus' },
  { cmd: 'gnome-keyring-daemon', args: ['--version'], apt: 'gnome-keyring' },
  { cmd: 'secret-tool', args: [], apt: 'libsecret-tools' },
]

let supportPromise: Promise<KeyringSupport> | undefined

/** Whether this machine can run real-keyring tests. Checked once per process. */
export function keyringSupport(): Promise<KeyringSupport> {
  supportPromise ??= checkSupport()
  return supportPromise
}

async function checkSupport(): Promise<KeyringSupport> {
  if (process.platform !== 'linux') return { ok: false, reason: 'GNOME Keyring tests need Linux' }
  for (const { cmd, args, apt } of REQUIRED_BINARIES) {
    try {
      await execFileAsync(cmd, args, { timeout: 5000 })
    } catch (err) {
      // Only a missing binary matters; some of these print usage and exit non-zero.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return { ok: false, reason: `\`${cmd}\` is not installed (apt: ${apt})` }
      }
    }
  }
  try {
    await import('keytar')
  } catch (err) {
    return {
      ok: false,
      reason: `keytar's native module does not load (was libsecret-1-dev installed when npm ran?): ${(err as Error).message}`,
    }
  }
  return { ok: true }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes temp folders of earlier runs whose test process no longer exists. */
async function sweepLeftovers(): Promise<void> {
  const names = await readdir(tmpdir()).catch(() => [] as string[])
  for (const name of names) {
    const pid = new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(name)?.[1]
    if (pid && !isAlive(Number(pid))) {
      await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined)
    }
  }
}

function busConfig(socketPath: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socketPath}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`
}

// Runs the bus in the background and blocks on stdin, a pipe from the test process: EOF (stop(),
// or the test process dying) takes the bus down with it.
const BUS_WATCHDOG = `
dbus-daemon --nofork --nopidfile --config-file="$1" --print-address=1 &
bus=$!
cat >/dev/null
kill "$bus" 2>/dev/null
wait "$bus"
exit 0
`

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
    }, ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

function startBus(
  configPath: string,
  env: NodeJS.ProcessEnv,
): Promise<{ watchdog: ChildProcess; address: string }> {
  return new Promise((resolve, reject) => {
    const watchdog = spawn('sh', ['-c', BUS_WATCHDOG, 'sh', configPath], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let settled = false
    const fail = (why: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      watchdog.stdin?.end()
      reject(new Error(`dbus-daemon did not start: ${why}${stderr ? `\n${stderr.trim()}` : ''}`))
    }
    const timer = setTimeout(
      () => fail(`no address within ${START_TIMEOUT_MS} ms`),
      START_TIMEOUT_MS,
    )
    watchdog.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    watchdog.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString()
      const nl = stdout.indexOf('\n')
      if (nl >= 0 && !settled) {
        settled = true
        clearTimeout(timer)
        resolve({ watchdog, address: stdout.slice(0, nl).trim() })
      }
    })
    watchdog.on('error', (err) => fail(err.message))
    watchdog.on('exit', (code) => fail(`exited with ${code}`))
  })
}

async function nameHasOwner(
  address: string,
  name: string,
  env: NodeJS.ProcessEnv,
): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync(
      'dbus-send',
      [
        `--bus=${address}`,
        '--print-reply',
        '--dest=org.freedesktop.DBus',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        `string:${name}`,
      ],
      { env, timeout: 2000 },
    )
    return /boolean true/.test(stdout)
  } catch {
    return false
  }
}

async function startGnomeKeyring(
  address: string,
  password: string,
  env: NodeJS.ProcessEnv,
): Promise<ChildProcess> {
  // --foreground keeps it our child (so stop() can kill it by PID); --unlock reads the login
  // keyring's password from stdin and creates that keyring, encrypted with it, if it is new.
  const child = spawn(
    'gnome-keyring-daemon',
    ['--foreground', '--unlock', '--components=secrets'],
    {
      env,
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  )
  let stderr = ''
  let exited: string | undefined
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
  child.on('exit', (code, sig) => (exited = `exited with ${code ?? sig}`))
  child.on('error', (err) => (exited = err.message))
  child.stdin?.end(password)

  // It prints nothing when ready; it is ready once it owns the Secret Service name on the bus.
  const deadline = Date.now() + START_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (exited) break
    if (await nameHasOwner(address, SECRETS_NAME, env)) return child
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGKILL')
  await waitForExit(child, 2000)
  throw new Error(
    `gnome-keyring-daemon did not take ${SECRETS_NAME}: ${exited ?? `timeout after ${START_TIMEOUT_MS} ms`}${stderr ? `\n${stderr.trim()}` : ''}`,
  )
}

/**
 * Starts a private bus and, unless `secretService` is false, an unlocked gnome-keyring on it.
 * With `applyToProcess` (the default) the test process's env points at it until stop(); set it
 * before keytar is first used, because GLib keeps its first session-bus connection for good.
 */
export async function startTestKeyring(
  opts: { password?: string; secretService?: boolean; applyToProcess?: boolean } = {},
): Promise<TestKeyring> {
  const support = await keyringSupport()
  if (!support.ok) throw new Error(`GNOME Keyring unavailable: ${support.reason}`)
  await sweepLeftovers()

  const root = await mkdtemp(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`))
  const home = join(root, 'home')
  const runtimeDir = join(root, 'run')
  const dataHome = join(root, 'data')
  const configHome = join(root, 'config')
  const cacheHome = join(root, 'cache')
  for (const d of [home, runtimeDir, dataHome, configHome, cacheHome]) await mkdir(d)
  // GLib and gnome-keyring refuse a runtime dir that others can read.
  await chmod(runtimeDir, 0o700)
  const configPath = join(root, 'bus.conf')
  await writeFile(configPath, busConfig(join(runtimeDir, 'bus')))

  const baseEnv: Record<string, string> = {
    HOME: home,
    XDG_RUNTIME_DIR: runtimeDir,
    XDG_DATA_HOME: dataHome,
    XDG_CONFIG_HOME: configHome,
    XDG_CACHE_HOME: cacheHome,
  }
  // No display: nothing may try to pop up an unlock prompt on a developer's desktop.
  const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...baseEnv, ...extra }
    delete env.DISPLAY
    delete env.WAYLAND_DISPLAY
    return env
  }

  let watchdog: ChildProcess | undefined
  let keyring: ChildProcess | undefined
  const savedEnv = new Map<string, string | undefined>()

  const teardown = async () => {
    for (const [k, v] of savedEnv) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    if (keyring) {
      keyring.kill('SIGTERM')
      await waitForExit(keyring, 3000)
    }
    if (watchdog) {
      watchdog.stdin?.end()
      await waitForExit(watchdog, 3000)
    }
    await rm(root, { recursive: true, force: true })
  }

  try {
    const bus = await startBus(configPath, childEnv({}))
    watchdog = bus.watchdog
    const env = { ...baseEnv, DBUS_SESSION_BUS_ADDRESS: bus.address }
    if (opts.secretService !== false) {
      keyring = await startGnomeKeyring(
        bus.address,
        opts.password ?? 'scanpath-test-keyring-password',
        childEnv(env),
      )
    }
    if (opts.applyToProcess !== false) {
      for (const [k, v] of Object.entries(env)) {
        savedEnv.set(k, process.env[k])
        process.env[k] = v
      }
      for (const k of ['DISPLAY', 'WAYLAND_DISPLAY']) {
        savedEnv.set(k, process.env[k])
        delete process.env[k]
      }
    }

    let stopping: Promise<void> | undefined
    return {
      root,
      home,
      keyringDir: join(dataHome, 'keyrings'),
      busAddress: bus.address,
      env,
      async secretTool(args) {
        return execFileAsync('secret-tool', args, { env: childEnv(env), timeout: 10_000 })
      },
      stop() {
        stopping ??= teardown()
        return stopping
      },
    }
  } catch (err) {
    await teardown()
    throw err
  }
}
