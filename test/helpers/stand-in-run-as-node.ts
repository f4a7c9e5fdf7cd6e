/**
 * Teaches the stand-in Electron binary (stand-in-electron.ts) Electron's ELECTRON_RUN_AS_NODE
 * mode, so the installed `scanpath` launchers can be run from the packed output on a machine
 * without Electron: with the variable set and the runAsNode fuse on, it runs the script with
 * this Node, reading paths inside app.asar as Electron does; with the fuse off it does what
 * Electron does then (starts the app, which the stand-in cannot), and fails.
 *
 * What the emulation does not prove: that real Electron's Node mode behaves like this Node
 * (same major line of Node, so close), or its asar reader like @electron/asar's extraction.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

import { FUSE_SENTINEL, type StandInElectron } from './stand-in-electron'

/** What the runner writes to $STAND_IN_TRACE when the process exits. */
export interface RunAsNodeTrace {
  /** The script Electron would have run, as given (a path inside app.asar). */
  script: string
  /** Every module file that was loaded (inside the extracted archive, or Node built-ins). */
  loaded: string[]
  /** Whether anything asked for the `electron` module. */
  electronRequired: boolean
}

function runnerSource(asarModule: string, cacheDir: string): string {
  return `'use strict'
// Stand-in for Electron's Node mode (test/helpers/stand-in-run-as-node.ts writes this file).
const fs = require('node:fs')
const path = require('node:path')
const Module = require('node:module')
const [binary, script, ...args] = process.argv.slice(2)
const wire = fs.readFileSync(binary)
const at = wire.indexOf(${JSON.stringify(FUSE_SENTINEL)})
// Wire: sentinel, version, length, then one byte per fuse; runAsNode is the first.
if (at < 0 || wire[at + ${FUSE_SENTINEL.length} + 2] !== 0x31) {
  process.stderr.write('stand-in for Electron: the runAsNode fuse is off, so ELECTRON_RUN_AS_NODE is ignored and the app would start; the stand-in cannot run ScanPath\\n')
  process.exit(1)
}
if (!script) {
  process.stderr.write('stand-in for Electron: Node mode without a script (a REPL) is not emulated\\n')
  process.exit(9)
}
let target = path.resolve(script)
const inArchive = /^(.*?\\.asar)([\\\\/].*)$/.exec(target)
if (inArchive) {
  const cache = path.join(${JSON.stringify(cacheDir)}, Buffer.from(inArchive[1]).toString('hex').slice(-48))
  if (!fs.existsSync(cache)) require(${JSON.stringify(asarModule)}).extractAll(inArchive[1], cache)
  target = path.join(cache, inArchive[2])
}
let electronRequired = false
const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') {
    electronRequired = true
    throw new Error('stand-in for Electron: no "electron" module in Node mode')
  }
  return resolveFilename.call(this, request, ...rest)
}
if (process.env.STAND_IN_TRACE) {
  const trace = process.env.STAND_IN_TRACE
  process.on('exit', () => {
    const loaded = Object.keys(require.cache).filter((f) => f !== __filename)
    fs.writeFileSync(trace, JSON.stringify({ script, loaded, electronRequired }))
  })
}
process.argv = [binary, script, ...args]
require(target)
`
}

/**
 * Rewrites `standIn.binary` in place: the same fuse wire (so packaging flips it as before), plus
 * a Node-mode branch that runs `runner.cjs` (written to `dir`) with this test's Node.
 */
export async function addRunAsNode(standIn: StandInElectron, dir: string): Promise<void> {
  const root = resolve(dir)
  await mkdir(join(root, 'asar-cache'), { recursive: true })
  const runner = join(root, 'runner.cjs')
  await writeFile(
    runner,
    runnerSource(createRequire(__filename).resolve('@electron/asar'), join(root, 'asar-cache')),
    'utf8',
  )
  const original = await readFile(standIn.binary)
  const shebang = Buffer.from('#!/bin/sh\n', 'utf8')
  if (!original.subarray(0, shebang.length).equals(shebang)) {
    throw new Error('the stand-in binary no longer starts with #!/bin/sh')
  }
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  const branch = Buffer.from(
    'if [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then\n' +
      `  exec ${quote(process.execPath)} ${quote(runner)} "$0" "$@"\n` +
      'fi\n',
    'utf8',
  )
  await writeFile(
    standIn.binary,
    Buffer.concat([shebang, branch, original.subarray(shebang.length)]),
  )
  await chmod(standIn.binary, 0o755)
}
