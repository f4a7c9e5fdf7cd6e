/**
 * The built `scanpath` command (bin/scanpath.cjs, which loads out/main/cli.js) run under this
 * Node as a technician or a script would: NO_COLOR=1, standard input given and closed, and, unless
 * a test keeps it, no NODE_EXTRA_CA_CERTS from the environment the tests run in, so a run trusts
 * the test CA only when the test passes it. Needs `npm run build` (part of `npm test`).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(__dirname, '..', '..')
export const SCANPATH_BIN = join(ROOT, 'bin', 'scanpath.cjs')
const CLI = join(ROOT, 'out', 'main', 'cli.js')

export interface ScanpathOptions {
  /** Written to standard input, which is then closed (default: closed at once). */
  stdin?: string
  /** Added to the environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>
  /** Keep NODE_EXTRA_CA_CERTS from the tests' own environment (default: removed). */
  keepInheritedCaCerts?: boolean
  /** A run still going after this long is killed (default 30 s). */
  timeoutMs?: number
  /** 'buffer': stdout as the bytes the command wrote (stderr is still text). */
  encoding?: 'utf8' | 'buffer'
}

export interface ScanpathRun<Stdout extends string | Buffer = string> {
  /** The exit status; 'killed' when the timeout (or more than 16 MiB of output) stopped it. */
  code: number | 'killed'
  stdout: Stdout
  stderr: string
}

export function scanpath(
  args: string[],
  opts: ScanpathOptions & { encoding: 'buffer' },
): Promise<ScanpathRun<Buffer>>
export function scanpath(
  args: string[],
  opts?: ScanpathOptions & { encoding?: 'utf8' },
): Promise<ScanpathRun<string>>
export function scanpath(
  args: string[],
  opts: ScanpathOptions = {},
): Promise<ScanpathRun<string | Buffer>> {
  if (!existsSync(CLI)) {
    return Promise.reject(
      new Error('out/main/cli.js is missing: run "npm run build" first (npm test does it)'),
    )
  }
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  if (!opts.keepInheritedCaCerts) delete env['NODE_EXTRA_CA_CERTS']
  for (const [name, value] of Object.entries(opts.env ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [SCANPATH_BIN, ...args],
      {
        env,
        timeout: opts.timeoutMs ?? 30_000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        encoding: 'buffer',
      },
      (error, stdout, stderr) => {
        // execFile reports a non-zero exit as an error whose `code` is the exit status.
        const e = error as (Error & { code?: unknown; killed?: boolean }) | null
        const code = !e ? 0 : e.killed ? 'killed' : typeof e.code === 'number' ? e.code : -1
        resolve({
          code,
          stdout: opts.encoding === 'buffer' ? stdout : stdout.toString('utf8'),
          stderr: stderr.toString('utf8'),
        })
      },
    )
    child.stdin?.end(opts.stdin ?? '')
  })
}
