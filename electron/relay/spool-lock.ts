/**
 * One relay per spool. A second relay on the same spool (a technician starting
 * `scanpath relay --config …` by hand while the service runs) would drop the first one's files
 * still being written, and the empty ones it keeps ready, as a crash's leftovers: messages that
 * relay then acknowledged would be lost. So a relay holds a lock on its spool before it opens it.
 *
 * The lock is a local socket the relay listens on, named after the spool folder. The system
 * releases it when the process ends, however it ends (a SIGKILL included), so a crash never
 * leaves a stale lock behind:
 * - Linux: a socket in the abstract namespace (no file; a second bind gets EADDRINUSE).
 * - Windows: a named pipe (a second listener gets EADDRINUSE).
 * - Elsewhere: a socket file in the spool folder; one that nobody answers on is stale.
 */
import { createHash } from 'node:crypto'
import { realpath, unlink } from 'node:fs/promises'
import { createConnection, createServer, type Server } from 'node:net'
import { join } from 'node:path'

import { ensureDir } from '../store/atomic-write'

export interface SpoolLock {
  release(): Promise<void>
}

/** The spool is in use by another relay (the message says what to do). */
export class SpoolInUseError extends Error {
  constructor(spoolDir: string, platform = process.platform) {
    // The command that stops the service where the README sets one up.
    const service =
      platform === 'win32'
        ? ` (the service: Stop-ScheduledTask 'ScanPath Relay')`
        : platform === 'linux'
          ? ' (the service: sudo systemctl stop scanpath-relay)'
          : ''
    super(
      `spoolDir: another ScanPath Relay is already using ${spoolDir}. Stop it first${service}, ` +
        'or give this one its own spoolDir.',
    )
    this.name = 'SpoolInUseError'
  }
}

/** Where the lock lives for this spool folder. */
export function spoolLockAddress(realDir: string, platform = process.platform): string {
  const tag = createHash('sha256').update(realDir).digest('hex').slice(0, 32)
  if (platform === 'linux') return `\0scanpath-relay-spool-${tag}`
  if (platform === 'win32') return `\\\\.\\pipe\\scanpath-relay-spool-${tag}`
  return join(realDir, '.relay.lock')
}

function listen(server: Server, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(address, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** Whether a relay answers on a lock socket file (macOS and others). */
function answered(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(address)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Takes the spool's lock, or throws SpoolInUseError when another relay holds it. */
export async function lockSpool(spoolDir: string, platform = process.platform): Promise<SpoolLock> {
  await ensureDir(spoolDir)
  const address = spoolLockAddress(await realpath(spoolDir), platform)
  // Whoever connects is told nothing and let go: the socket exists only to be held.
  const server = createServer((socket) => socket.destroy())
  const fileBased = platform !== 'linux' && platform !== 'win32'
  try {
    await listen(server, address)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e
    if (!fileBased || (await answered(address))) throw new SpoolInUseError(spoolDir, platform)
    // A socket file left by a relay that ended without a stop.
    await unlink(address).catch(() => {})
    try {
      await listen(server, address)
    } catch {
      throw new SpoolInUseError(spoolDir, platform)
    }
  }
  // The lock must not keep a stopping relay's process alive.
  server.unref()
  let released: Promise<void> | null = null
  return {
    release() {
      released ??= new Promise<void>((resolve) => server.close(() => resolve()))
      return released
    },
  }
}
