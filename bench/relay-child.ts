/**
 * The relay as its own process for the benchmark (so its CPU and RSS are its own): the crash
 * test's child (relay started from a config file, a fixed token source, pacing off), bundled
 * as the app's build bundles the relay (dependencies left in node_modules) and run by plain Node:
 * no TypeScript loader in the measured process.
 */
import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { build } from 'esbuild'

import { freePort, MAILBOX } from '../test/integration/relay-helpers'

const ROOT = join(__dirname, '..')
let bundled: Promise<string> | null = null

/** The child bundled once per run into out/bench/ (inside the repo, so node_modules resolves). */
function relayChildBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(ROOT, 'out', 'bench', 'relay-child.cjs')
    await build({
      entryPoints: [join(ROOT, 'test', 'integration', 'relay-crash-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      outfile,
      logLevel: 'warning',
    })
    return outfile
  })()
  return bundled
}

export interface RelayChild {
  port: number
  pid: number
  stop(): Promise<void>
}

/** Starts the relay on a free port with its spool in `dir`, forwarding to outboundPort. */
export async function startRelayChild(
  dir: string,
  outboundPort: number,
  caFile?: string,
): Promise<RelayChild> {
  const port = await freePort()
  const configFile = join(dir, 'relay.json')
  const config = {
    listen: { address: '127.0.0.1', port },
    outbound: { host: '127.0.0.1', port: outboundPort, username: MAILBOX },
    senders: [MAILBOX],
    spoolDir: join(dir, 'spool'),
  }
  await writeFile(configFile, JSON.stringify(config))
  const args = [await relayChildBundle(), configFile]
  const child = spawn(process.execPath, [...args, ...(caFile ? [caFile] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d.toString()))
  await new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('READY')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`relay child exited ${code}: ${err}`)))
  })
  return {
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** VmRSS or VmHWM (peak) of a process, in MB (NaN once it is gone). */
export function readRssMb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (s) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN) / 1024,
    () => NaN,
  )
}
