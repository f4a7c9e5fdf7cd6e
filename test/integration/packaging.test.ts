/**
 * Packaging, checked the way it can be without downloading Electron: build/electron-builder.yml
 * passes electron-builder's own schema validation, its icons and entitlements are what the
 * installers need, and a real `electron-builder --linux --dir` run packs the app against a
 * stand-in Electron distribution (test/helpers/stand-in-electron.ts), with no network at all when
 * the machine allows a private network namespace (root + unshare; required on CI).
 *
 * Then the package itself is inspected: app.asar holds the renderer, main and preload and
 * nothing of ours beyond what they load; no tests, sources, source maps, secrets or dev
 * dependencies; every module the built main process requires loads from the packaged tree with
 * Node; keytar's native module sits in app.asar.unpacked; and the six fuses read back from the
 * packaged binary with @electron/fuses are the states the configuration sets.
 *
 * The installed `scanpath` command: the Linux launcher is run from the packed output through a
 * /usr/bin-style link with no display, and the stand-in, taught Electron's Node mode
 * (test/helpers/stand-in-run-as-node.ts), runs the packed CLI from inside app.asar; the deb's
 * file list and scripts are read from the arguments electron-builder hands to fpm.
 *
 * Needs out/ (npm test builds it first); builds it with electron-vite only when it is missing.
 */
import { execFile, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { builtinModules, createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, posix, resolve } from 'node:path'
import { inflateSync } from 'node:zlib'

import { extractAll, listPackage, statFile } from '@electron/asar'
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { convertIcon } from 'app-builder-lib/out/util/iconConverter'
import { DebugLogger } from 'builder-util/out/DebugLogger'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PDF_FONT_FILES } from '../../electron/report/pdf-fonts'
import { createStandInElectron, ELECTRON_DEFAULT_FUSES } from '../helpers/stand-in-electron'
import { addRunAsNode, type RunAsNodeTrace } from '../helpers/stand-in-run-as-node'
import { requirePeer } from '../helpers/require-peer'
import { startScenarioServer } from '../helpers/scenario-smtp-server'
import { createTestPki, disposeTestPki } from '../helpers/test-pki'

const ROOT = join(__dirname, '..', '..')
const CONFIG = join(ROOT, 'build', 'electron-builder.yml')
const BUILDER_CLI = join(ROOT, 'node_modules', 'electron-builder', 'cli.js')
const ELECTRON_VITE = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
const PACK_TIMEOUT_MS = 150_000

/** Production dependencies the config leaves out on purpose (see the `files` comment there). */
const LEFT_OUT = [
  'react',
  'react-dom',
  'scheduler',
  'zustand',
  'prebuild-install',
  'node-addon-api',
]

/** Fuse states as @electron/fuses reads them: '1' (49) enabled, '0' (48) disabled. */
const ENABLED = '1'.charCodeAt(0)
const DISABLED = '0'.charCodeAt(0)
/** The fuses packaging flips away from Electron's defaults. */
const EXPECTED_FUSES: Array<[string, FuseV1Options, number]> = [
  ['cookieEncryption', FuseV1Options.EnableCookieEncryption, ENABLED],
  ['nodeOptions', FuseV1Options.EnableNodeOptionsEnvironmentVariable, DISABLED],
  ['nodeCliInspect', FuseV1Options.EnableNodeCliInspectArguments, DISABLED],
  ['embeddedAsarIntegrity', FuseV1Options.EnableEmbeddedAsarIntegrityValidation, ENABLED],
  ['onlyLoadAppFromAsar', FuseV1Options.OnlyLoadAppFromAsar, ENABLED],
]

interface PackageJson {
  name?: string
  main?: string
  productName?: string
  scripts?: Record<string, string>
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

const readJson = async <T>(path: string): Promise<T> =>
  JSON.parse(await readFile(path, 'utf8')) as T

// ---------------------------------------------------------------------------------------------
// The configuration and its build resources
// ---------------------------------------------------------------------------------------------

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).toString('hex'), 'PNG signature').toBe('89504e470d0a1a0a')
  expect(png.subarray(12, 16).toString('latin1'), 'first chunk is IHDR').toBe('IHDR')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

/** True when the PNG's colour type is RGBA and at least one pixel is transparent. */
function pngHasTransparency(png: Buffer): boolean {
  const width = png.readUInt32BE(16)
  const height = png.readUInt32BE(20)
  if (png[25] !== 6 || png[24] !== 8) return false // 8-bit RGBA, as make-icons.mjs writes
  const idat: Buffer[] = []
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at)
    if (png.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') {
      idat.push(png.subarray(at + 8, at + 8 + length))
    }
    at += length + 12
  }
  const raw = inflateSync(Buffer.concat(idat))
  // Filter type 0 (none) rows: the first pixel of the first row is the transparent corner.
  return raw.length === height * (width * 4 + 1) && raw[0] === 0 && raw[4] === 0
}

describe('electron-builder configuration (build/electron-builder.yml)', () => {
  it("passes electron-builder's own schema validation, which rejects an unknown key", async () => {
    const config = await getConfig(ROOT, CONFIG, null)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The validator really runs: the same config with a misspelled option is refused.
    const misspelled = { ...config, electronFuzes: config.electronFuses }
    await expect(validateConfiguration(misspelled, new DebugLogger(false))).rejects.toThrow(
      /configuration object that does not match the API schema/,
    )
    expect(config.appId).toBe('com.scanpath.app')
    expect(config.productName).toBe('ScanPath')
    expect(config.extraMetadata?.productName, 'names the userData folder').toBe('ScanPath')
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.mac?.target).toEqual(['dmg'])
    expect(config.mac?.hardenedRuntime).toBe(true)
  })

  it('ships a 1024 px master icon and the Linux sizes, named by their real size', async () => {
    const master = await readFile(join(ROOT, 'build', 'icon.png'))
    expect(pngSize(master)).toEqual({ width: 1024, height: 1024 })
    expect(pngHasTransparency(master), 'rounded corners are transparent').toBe(true)
    const names = (await readdir(join(ROOT, 'build', 'icons'))).filter((n) => n.endsWith('.png'))
    expect(names.length).toBeGreaterThanOrEqual(6)
    for (const name of names) {
      const size = Number(/^(\d+)x\1\.png$/.exec(name)?.[1])
      expect(size, `${name} is named NxN.png`).toBeGreaterThan(0)
      expect(pngSize(await readFile(join(ROOT, 'build', 'icons', name)))).toEqual({
        width: size,
        height: size,
      })
    }
    expect(names).toContain('256x256.png')
    expect(names).toContain('512x512.png')
  })

  it('ships a Windows .ico whose every image decodes, up to 256 px', async () => {
    const ico = await readFile(join(ROOT, 'build', 'icon.ico'))
    expect(ico.readUInt16LE(0)).toBe(0)
    expect(ico.readUInt16LE(2), 'type 1 = icon').toBe(1)
    const count = ico.readUInt16LE(4)
    const sizes: number[] = []
    for (let i = 0; i < count; i++) {
      const entry = 6 + i * 16
      const size = ico[entry] === 0 ? 256 : (ico[entry] ?? 0)
      const length = ico.readUInt32LE(entry + 8)
      const offset = ico.readUInt32LE(entry + 12)
      expect(offset + length, `image ${i} lies inside the file`).toBeLessThanOrEqual(ico.length)
      const image = ico.subarray(offset, offset + length)
      if (image.subarray(0, 4).toString('hex') === '89504e47') {
        expect(pngSize(image)).toEqual({ width: size, height: size })
      } else {
        // BITMAPINFOHEADER: 40 bytes, width, double height (image + mask), 32 bits per pixel.
        expect(image.readUInt32LE(0)).toBe(40)
        expect([image.readInt32LE(4), image.readInt32LE(8), image.readUInt16LE(14)]).toEqual([
          size,
          size * 2,
          32,
        ])
        const mask = Math.ceil(size / 32) * 4 * size
        expect(image.length).toBe(40 + size * size * 4 + mask)
      }
      sizes.push(size)
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]))
  })

  it('ships a macOS .icns with PNG images up to 1024 px', async () => {
    const icns = await readFile(join(ROOT, 'build', 'icon.icns'))
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns')
    expect(icns.readUInt32BE(4), 'declared length').toBe(icns.length)
    const types = new Map<string, Buffer>()
    for (let at = 8; at < icns.length;) {
      const length = icns.readUInt32BE(at + 4)
      expect(length).toBeGreaterThan(8)
      types.set(icns.subarray(at, at + 4).toString('latin1'), icns.subarray(at + 8, at + length))
      at += length
    }
    const expectedSize: Record<string, number> = { ic07: 128, ic08: 256, ic09: 512, ic10: 1024 }
    for (const [type, size] of Object.entries(expectedSize)) {
      const png = types.get(type)
      expect(png, `${type} (${size} px) present`).toBeDefined()
      expect(pngSize(png as Buffer)).toEqual({ width: size, height: size })
    }
  })

  it('gives electron-builder icons it uses as they are (no conversion tool to download)', async () => {
    const roots = [join(ROOT, 'build'), ROOT]
    const outDir = await mkdtemp(join(tmpdir(), 'scanpath-icons-'))
    try {
      const ico = await convertIcon({
        sources: ['icon.ico'],
        fallbackSources: [],
        roots,
        format: 'ico',
        outDir,
      })
      expect(ico.icons.map((i) => i.file)).toEqual([join(ROOT, 'build', 'icon.ico')])
      const icns = await convertIcon({
        sources: ['icon.icns'],
        fallbackSources: [],
        roots,
        format: 'icns',
        outDir,
      })
      expect(icns.icons.map((i) => i.file)).toEqual([join(ROOT, 'build', 'icon.icns')])
      const set = await convertIcon({
        sources: ['icons'],
        fallbackSources: [],
        roots,
        format: 'set',
        outDir,
      })
      expect(set.icons.length).toBeGreaterThanOrEqual(6)
      for (const icon of set.icons) expect(dirname(icon.file)).toBe(join(ROOT, 'build', 'icons'))
      // Nothing was converted: the tool would have written into outDir.
      expect(await readdir(outDir)).toEqual([])
    } finally {
      await rm(outDir, { recursive: true, force: true })
    }
  })

  it('signs macOS builds with the JIT entitlement only, for the app and its helpers', async () => {
    const config = await getConfig(ROOT, CONFIG, null)
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(file, 'entitlements file configured').toBeTruthy()
      const plist = await readFile(join(ROOT, String(file)), 'utf8')
      expect(plist).toMatch(/<!DOCTYPE plist/)
      const withoutComments = plist.replace(/<!--[\s\S]*?-->/g, '')
      const keys = [...withoutComments.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1])
      expect(keys, `${String(file)} entitlements`).toEqual(['com.apple.security.cs.allow-jit'])
      expect(withoutComments).toMatch(/<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/)
    }
  })
})

function makensisMissing(): string | null {
  const probe = spawnSync('makensis', ['-VERSION'], { encoding: 'utf8' })
  return probe.error ? `makensis not found (apt install nsis): ${probe.error.message}` : null
}
const makensis = requirePeer('makensis (NSIS)', makensisMissing())

describe.skipIf(makensis.missing)(makensis.title('build/installer.nsh'), () => {
  it('compiles with warnings as errors, in the install and the uninstall sections', async () => {
    // The two macros as electron-builder's installer.nsi inserts them (with its $installMode).
    const dir = await mkdtemp(join(tmpdir(), 'scanpath-nsis-'))
    try {
      const script = join(dir, 'check.nsi')
      await writeFile(
        script,
        [
          'Unicode true',
          '!include "LogicLib.nsh"',
          'Var installMode',
          `OutFile "${join(dir, 'check.exe')}"`,
          'InstallDir "$LOCALAPPDATA\\Programs\\ScanPath"',
          'RequestExecutionLevel user',
          `!include "${join(ROOT, 'build', 'installer.nsh')}"`,
          'Section "install"',
          '  StrCpy $installMode CurrentUser',
          '  !insertmacro customInstall',
          '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
          'SectionEnd',
          'Section "un.install"',
          '  !insertmacro customUnInstall',
          'SectionEnd',
          '',
        ].join('\n'),
      )
      const result = spawnSync('makensis', ['-V2', '-WX', script], { encoding: 'utf8' })
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
      expect(existsSync(join(dir, 'check.exe'))).toBe(true)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
    const nsh = await readFile(join(ROOT, 'build', 'installer.nsh'), 'utf8')
    // bin\ goes on the PATH, never the install folder (where `scanpath` is ScanPath.exe).
    expect(nsh).toMatch(/\$\{WordAdd\} "\$0" ";" "\+\$INSTDIR\\bin" \$0/)
    expect(nsh).toMatch(/\$\{un\.WordAdd\} "\$0" ";" "-\$INSTDIR\\bin" \$0/)
  })
})

// ---------------------------------------------------------------------------------------------
// The packed app
// ---------------------------------------------------------------------------------------------

type Isolation = { ok: true } | { ok: false; reason: string }

/** Whether the packing can run in a new, empty network namespace (no interface but loopback). */
function networkIsolation(): Isolation {
  if (process.platform !== 'linux') return { ok: false, reason: 'network namespaces are Linux' }
  if (process.getuid?.() !== 0) return { ok: false, reason: 'unshare --net needs root' }
  const probe = spawnSync('unshare', ['--net', 'true'], { encoding: 'utf8' })
  if (probe.error) return { ok: false, reason: `unshare not found (util-linux): ${probe.error}` }
  if (probe.status !== 0) return { ok: false, reason: `unshare --net failed: ${probe.stderr}` }
  return { ok: true }
}

/** Whether a private mount namespace with overlay mounts can be made (to install the deb). */
function mountSandboxMissing(): string | null {
  if (process.platform !== 'linux') return 'mount namespaces are Linux'
  if (process.getuid?.() !== 0) return 'unshare --mount needs root'
  const probe = spawnSync(
    'unshare',
    ['--mount', '--propagation', 'private', 'mount', '-t', 'tmpfs', 'tmpfs', '/mnt'],
    { encoding: 'utf8' },
  )
  if (probe.error) return `unshare not found (util-linux): ${probe.error}`
  if (probe.status !== 0) return `unshare --mount failed: ${probe.stderr}`
  const overlay = spawnSync('grep', ['-qw', 'overlay', '/proc/filesystems'])
  return overlay.status === 0 ? null : 'the kernel has no overlay file system'
}
const mountSandbox = requirePeer('a private mount namespace with overlayfs', mountSandboxMissing())

const isolated = networkIsolation()
const unshareNet = requirePeer(
  'a private network namespace for packing (unshare --net)',
  isolated.ok ? null : isolated.reason,
)

interface Run {
  code: number
  output: string
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env, timeout: PACK_TIMEOUT_MS, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code: unknown = error ? ((error as { code?: unknown }).code ?? -1) : 0
        resolve({ code: typeof code === 'number' ? code : -1, output: `${stdout}\n${stderr}` })
      },
    )
  })
}

const tail = (text: string, lines = 40) => text.trim().split('\n').slice(-lines).join('\n')

async function ensureBuilt(): Promise<void> {
  const needed = ['out/main/main.js', 'out/preload/preload.js', 'out/renderer/index.html']
  if (needed.every((f) => existsSync(join(ROOT, f)))) return
  const build = await run(process.execPath, [ELECTRON_VITE, 'build'], process.env)
  if (build.code !== 0) {
    throw new Error(`out/ is missing and "electron-vite build" failed:\n${tail(build.output)}`)
  }
}

/** Package names installed under a node_modules tree, from each package root's package.json. */
function packagesIn(files: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const file of files) {
    const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(file)
    if (!m?.[1]) continue
    const name = m[1]
    // A package.json deeper inside a package (e.g. lib/package.json) is not a package root.
    const rest = file.slice(0, file.length - '/package.json'.length)
    if (!rest.endsWith(`node_modules/${name}`)) continue
    found.set(name, [...(found.get(name) ?? []), file])
  }
  return found
}

/**
 * Names of every package the project's production dependencies need, resolved in the project's
 * node_modules the way Node resolves them (nearest node_modules first).
 */
async function productionClosure(): Promise<Set<string>> {
  const rootPkg = await readJson<PackageJson>(join(ROOT, 'package.json'))
  const seenDirs = new Set<string>()
  const names = new Set<string>()
  const queue: Array<{ from: string; name: string; optional: boolean }> = [
    ...Object.keys(rootPkg.dependencies ?? {}).map((name) => ({
      from: ROOT,
      name,
      optional: false,
    })),
    ...Object.keys(rootPkg.optionalDependencies ?? {}).map((name) => ({
      from: ROOT,
      name,
      optional: true,
    })),
  ]
  while (queue.length > 0) {
    const { from, name, optional } = queue.shift() as (typeof queue)[number]
    let dir: string | undefined
    for (let at = from; ; at = dirname(at)) {
      const candidate = join(at, 'node_modules', name)
      if (existsSync(join(candidate, 'package.json'))) {
        dir = candidate
        break
      }
      if (at === ROOT || dirname(at) === at) break
    }
    if (!dir) {
      if (optional) continue
      throw new Error(`production dependency ${name} (needed from ${from}) is not installed`)
    }
    names.add(name)
    if (seenDirs.has(dir)) continue
    seenDirs.add(dir)
    const pkg = await readJson<PackageJson>(join(dir, 'package.json'))
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      queue.push({ from: dir, name: dep, optional: false })
    }
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) {
      queue.push({ from: dir, name: dep, optional: true })
    }
  }
  return names
}

/** Module specifiers in built CommonJS: `require("x")` and `import("x")`. */
function specifiersIn(source: string): string[] {
  return [...source.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => m[1] as string,
  )
}

const isBuiltin = (spec: string) =>
  spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0] as string)

interface Packed {
  appOutDir: string
  asarPath: string
  /** Paths inside app.asar, relative, with forward slashes. */
  files: string[]
  extracted: string
  standInBinary: string
  packagedBinary: string
  isolation: Isolation
  log: string
}

let packed: Packed | undefined
/** The temp folder of this run (stand-in, output, extracted asar); removed in afterAll. */
let tmp: string | undefined
const pack = (): Packed => {
  if (!packed) throw new Error('the packaging in beforeAll did not complete (see its error)')
  return packed
}

describe('the app packed offline against a stand-in Electron', () => {
  beforeAll(async () => {
    await ensureBuilt()
    tmp = await mkdtemp(join(tmpdir(), 'scanpath-packaging-'))
    const standIn = await createStandInElectron(join(tmp, 'electron-dist'))
    await addRunAsNode(standIn, join(tmp, 'run-as-node'))
    const output = join(tmp, 'dist')
    // The project's configuration, unchanged, plus where Electron comes from and where to write.
    const testConfig = join(tmp, 'electron-builder.json')
    await writeFile(
      testConfig,
      JSON.stringify({ extends: CONFIG, electronDist: standIn.dir, directories: { output } }),
    )
    const isolation = networkIsolation()
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      // An empty cache: anything electron-builder needed from outside would have to be fetched.
      ELECTRON_BUILDER_CACHE: join(tmp, 'cache'),
      CSC_IDENTITY_AUTO_DISCOVERY: 'false',
    }
    // builder-util stays silent under Vitest; its log is part of what is checked (and of errors).
    delete env['VITEST']
    const builderArgs = [BUILDER_CLI, '--linux', '--dir', '--config', testConfig]
    const result = isolation.ok
      ? await run('unshare', ['--net', process.execPath, ...builderArgs], env)
      : await run(process.execPath, builderArgs, env)
    if (result.code !== 0) {
      throw new Error(
        `electron-builder --linux --dir exited ${result.code}` +
          `${isolation.ok ? ' (with no network)' : ''}:\n${tail(result.output)}`,
      )
    }
    const unpackedDir = (await readdir(output)).find((n) => /^linux(-.+)?-unpacked$/.test(n))
    if (!unpackedDir) throw new Error(`no linux-*-unpacked folder in ${output}`)
    const appOutDir = join(output, unpackedDir)
    const asarPath = join(appOutDir, 'resources', 'app.asar')
    const files = listPackage(asarPath, { isPack: false }).map((f) =>
      f.replace(/\\/g, '/').replace(/^\//, ''),
    )
    const extracted = join(tmp, 'extracted')
    extractAll(asarPath, extracted)
    packed = {
      appOutDir,
      asarPath,
      files,
      extracted,
      standInBinary: standIn.binary,
      packagedBinary: join(appOutDir, 'scanpath'),
      isolation,
      log: result.output,
    }
  }, PACK_TIMEOUT_MS + 30_000)

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it.skipIf(unshareNet.missing)(
    unshareNet.title('packs with no network at all (a private network namespace)'),
    () => {
      const { isolation, log } = pack()
      if (!isolation.ok) expect.fail(`packing could not be isolated on CI: ${isolation.reason}`)
      expect(log).toMatch(/using custom unpacked Electron distribution/)
      expect(log).not.toMatch(/downloading|downloaded/i)
    },
  )

  it('holds the renderer, the main process and the preload script', async () => {
    const { files, extracted } = pack()
    const has = new Set(files)
    const manifest = await readJson<PackageJson>(join(extracted, 'package.json'))
    expect(manifest.main).toBe('out/main/main.js')
    expect(has.has('out/main/main.js')).toBe(true)
    expect(has.has('out/preload/preload.js')).toBe(true)
    expect(has.has('out/renderer/index.html')).toBe(true)
    const html = await readFile(join(extracted, 'out', 'renderer', 'index.html'), 'utf8')
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1] as string)
    expect(assets.filter((a) => a.endsWith('.js')).length, 'index.html loads a script').toBe(1)
    for (const asset of assets) {
      expect(has.has(`out/renderer/${asset}`), `${asset} (named in index.html)`).toBe(true)
    }
  })

  it('holds the four fonts the PDFs embed, found from the main process, and no other weight', () => {
    const { files, extracted } = pack()
    const fontFiles = files.filter(
      (f) => f.startsWith('node_modules/@expo-google-fonts/') && /\.(ttf|png|js)$/.test(f),
    )
    const wanted = Object.values(PDF_FONT_FILES).map((f) => `node_modules/${f}`)
    expect(fontFiles.sort()).toEqual(wanted.sort())
    expect(files).toContain('node_modules/@expo-google-fonts/noto-sans/LICENSE_FONT')
    expect(files).toContain('node_modules/@expo-google-fonts/noto-sans-mono/LICENSE_FONT')
    // pdf-fonts.ts resolves them like a require from the main process's code.
    const req = createRequire(join(extracted, 'out', 'main', 'main.js'))
    for (const file of Object.values(PDF_FONT_FILES)) {
      const at = req.resolve(file)
      expect(at.startsWith(`${extracted}/`), `${file} resolves inside the package`).toBe(true)
      expect(existsSync(at)).toBe(true)
    }
  })

  it('writes a package.json naming the app ScanPath, without scripts or devDependencies', async () => {
    const manifest = await readJson<PackageJson>(join(pack().extracted, 'package.json'))
    // Electron takes the app name, and so the userData folder, from productName.
    expect(manifest.productName).toBe('ScanPath')
    expect(manifest.scripts).toBeUndefined()
    expect(manifest.devDependencies).toBeUndefined()
  })

  it('holds none of our sources, tests or source maps, and only code of ours that is loaded', async () => {
    const { files, extracted } = pack()
    const ours = files.filter((f) => !f.startsWith('node_modules/') && f !== 'node_modules')
    const topLevel = new Set(ours.map((f) => f.split('/')[0]))
    expect([...topLevel].sort()).toEqual(['out', 'package.json'])
    expect(
      files.filter((f) => /\.(ts|tsx|mts|cts)$/.test(f)),
      'TypeScript files',
    ).toEqual([])
    expect(
      files.filter((f) => f.endsWith('.map')),
      'source maps',
    ).toEqual([])
    expect(
      files.filter((f) => /(^|\/)[^/]+\.(test|spec)\.[cm]?[jt]sx?$/.test(f)),
      'test files',
    ).toEqual([])
    expect(
      files.includes('out/main/cli.js'),
      'the CLI entry (the `scanpath` launchers run it)',
    ).toBe(true)

    // Every script of ours is reached from main.js, cli.js or preload.js by relative requires.
    const reached = new Set<string>()
    const queue = ['out/main/main.js', 'out/main/cli.js', 'out/preload/preload.js']
    while (queue.length > 0) {
      const file = queue.pop() as string
      if (reached.has(file)) continue
      reached.add(file)
      const source = await readFile(join(extracted, file), 'utf8')
      for (const spec of specifiersIn(source).filter((s) => s.startsWith('.'))) {
        const target = posix.normalize(posix.join(posix.dirname(file), spec))
        expect(files.includes(target), `${file} requires ${spec}`).toBe(true)
        queue.push(target)
      }
    }
    const scripts = ours.filter((f) => /^out\/(main|preload)\/.+\.[cm]?js$/.test(f))
    expect(
      scripts.filter((f) => !reached.has(f)),
      'scripts nothing loads',
    ).toEqual([])
  })

  it('holds nothing that looks like a secret', async () => {
    const { files, extracted } = pack()
    const suspicious = files.filter((f) => {
      const base = posix.basename(f)
      return (
        /^\.env(\..+)?$/.test(base) ||
        /^\.npmrc$/.test(base) ||
        /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/.test(base) ||
        /\.(key|p12|pfx|jks|keystore|keychain|keychain-db|kdbx|gpg|asc)$/i.test(base) ||
        /^(credentials|secrets?)(\.[a-z]+)?$/i.test(base)
      )
    })
    expect(suspicious, 'files named like secrets').toEqual([])
    // Certificates may ship (e.g. public root certificates a library trusts); private keys never.
    const pemLike = files.filter((f) => /\.(pem|crt|cer|der)$/i.test(f))
    const ownText = files.filter(
      (f) => !f.startsWith('node_modules/') && /\.(js|cjs|mjs|json|html|css)$/.test(f),
    )
    for (const file of [...pemLike, ...ownText]) {
      const text = await readFile(join(extracted, file), 'latin1')
      expect(text, `${file} holds a private key`).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/)
    }
  })

  it('holds production dependencies only: no devDependencies, nothing outside their closure', async () => {
    const { files } = pack()
    const rootPkg = await readJson<PackageJson>(join(ROOT, 'package.json'))
    const closure = await productionClosure()
    const packaged = packagesIn(files)
    expect(packaged.size, 'packages found in app.asar').toBeGreaterThan(10)
    expect(
      [...packaged.keys()].filter((name) => !closure.has(name)),
      'packages no production dependency needs',
    ).toEqual([])
    const dev = Object.keys(rootPkg.devDependencies ?? {})
    expect(
      dev.filter((name) => packaged.has(name) && !closure.has(name)),
      'devDependencies in the package',
    ).toEqual([])
    expect(packaged.has('electron'), 'electron (a devDependency) is not packed').toBe(false)
    expect(
      LEFT_OUT.filter((name) => packaged.has(name)),
      'bundled or install-time packages the config leaves out',
    ).toEqual([])
  })

  it('loads every module the built main process requires from the packaged tree alone', async () => {
    const { files, extracted } = pack()
    const specs = new Set<string>()
    for (const file of files.filter((f) => /^out\/(main|preload)\/.+\.js$/.test(f))) {
      for (const spec of specifiersIn(await readFile(join(extracted, file), 'utf8'))) {
        if (!spec.startsWith('.') && !isBuiltin(spec) && spec !== 'electron') specs.add(spec)
      }
    }
    // The scan found the app's real dependencies (a broken scan would find nothing to check).
    expect([...specs]).toEqual(expect.arrayContaining(['keytar', 'nodemailer', 'zod']))

    // Plain Node, started in the extracted package, requires each one from out/main/main.js's
    // place and reports every file that got loaded: all must come from inside the package.
    const probe = `
      const { createRequire } = require('node:module')
      const [main, root, specs] = [process.argv[1], process.argv[2], JSON.parse(process.argv[3])]
      const req = createRequire(main)
      const failed = {}
      for (const spec of specs) {
        try { req(spec) } catch (e) { failed[spec] = String(e && e.message || e).split('\\n')[0] }
      }
      const outside = Object.keys(require.cache).filter((f) => !f.startsWith(root))
      process.stdout.write(JSON.stringify({ failed, outside }))
    `
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: '' }
    delete env['NODE_OPTIONS']
    const result = await run(
      process.execPath,
      [
        '-e',
        probe,
        join(extracted, 'out', 'main', 'main.js'),
        `${extracted}/`,
        JSON.stringify([...specs]),
      ],
      env,
      extracted,
    )
    expect(result.code, tail(result.output)).toBe(0)
    const report = JSON.parse(result.output.trim().split('\n')[0] as string) as {
      failed: Record<string, string>
      outside: string[]
    }
    expect(report.failed, 'modules that do not load from the package').toEqual({})
    expect(report.outside, 'files loaded from outside the package').toEqual([])
  })

  it("unpacks keytar's native module next to app.asar", async () => {
    const { files, asarPath, appOutDir } = pack()
    const nativeModules = files.filter((f) => f.endsWith('.node'))
    expect(nativeModules).toContain('node_modules/keytar/build/Release/keytar.node')
    for (const file of nativeModules) {
      const entry = statFile(asarPath, file) as { unpacked?: boolean }
      expect(entry.unpacked, `${file} is marked unpacked in the asar header`).toBe(true)
    }
    const unpacked = join(
      appOutDir,
      'resources',
      'app.asar.unpacked',
      'node_modules/keytar/build/Release/keytar.node',
    )
    expect(existsSync(unpacked), 'keytar.node in app.asar.unpacked').toBe(true)
    // npmRebuild is off: the packaged binary is the Node-API build npm installed.
    const installed = await readFile(
      join(ROOT, 'node_modules/keytar/build/Release/keytar.node'),
    ).catch(() => undefined)
    const shipped = await readFile(unpacked)
    expect(shipped.length).toBeGreaterThan(1024)
    if (installed) expect(shipped.equals(installed), 'same bytes as the installed build').toBe(true)
  })

  it('flips five fuses in the packaged binary, and only there; runAsNode stays on', async () => {
    const { packagedBinary, standInBinary } = pack()
    const before = await getCurrentFuseWire(standInBinary)
    const after = await getCurrentFuseWire(packagedBinary)
    for (const [name, index, expected] of EXPECTED_FUSES) {
      const initial = ELECTRON_DEFAULT_FUSES.charCodeAt(index)
      expect(before[index], `${name} unchanged in the stand-in itself`).toBe(initial)
      expect(initial, `${name}: the default differs from the wanted state`).not.toBe(expected)
      expect(after[index], `${name} in the packaged binary`).toBe(expected)
    }
    // The `scanpath` launchers start the executable with ELECTRON_RUN_AS_NODE.
    expect(after[FuseV1Options.RunAsNode], 'runAsNode in the packaged binary').toBe(ENABLED)
    // The fuses the configuration leaves alone keep Electron's defaults.
    for (const index of [
      FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
      FuseV1Options.GrantFileProtocolExtraPrivileges,
    ]) {
      expect(after[index]).toBe(ELECTRON_DEFAULT_FUSES.charCodeAt(index))
    }
  })

  // ---- The installed `scanpath` command (issue 16)

  /** Runs the packed Linux launcher through a /usr/bin-style link, as on an installed machine. */
  async function runLauncher(
    args: string[],
    extraEnv: NodeJS.ProcessEnv = {},
  ): Promise<Run & { stdout: string; stderr: string; trace?: RunAsNodeTrace }> {
    const { appOutDir } = pack()
    const dir = await mkdtemp(join(tmpdir(), 'scanpath-launcher-'))
    try {
      const usrBin = join(dir, 'usr-bin')
      await mkdir(usrBin)
      await symlink(join(appOutDir, 'bin', 'scanpath'), join(usrBin, 'scanpath'))
      const tracePath = join(dir, 'trace.json')
      // A machine without a display or a desktop session; nothing of ours in the environment.
      const env: NodeJS.ProcessEnv = {
        PATH: `${usrBin}:/usr/bin:/bin`,
        HOME: dir,
        LANG: 'C.UTF-8',
        STAND_IN_TRACE: tracePath,
        ...extraEnv,
      }
      const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile('scanpath', args, { cwd: dir, env, timeout: 30_000 }, (error, stdout, stderr) => {
          const code: unknown = error ? ((error as { code?: unknown }).code ?? -1) : 0
          done({ code: typeof code === 'number' ? code : -1, stdout, stderr })
        })
      })
      const trace = existsSync(tracePath) ? await readJson<RunAsNodeTrace>(tracePath) : undefined
      return {
        ...result,
        output: `${result.stdout}\n${result.stderr}`,
        ...(trace ? { trace } : {}),
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  /** The app's own code that a run loaded, as paths inside app.asar. */
  const ownCodeLoaded = (trace: RunAsNodeTrace) =>
    trace.loaded
      .map((f) => /[\\/](out[\\/].+)$/.exec(f)?.[1]?.replace(/\\/g, '/'))
      .filter((f): f is string => f !== undefined)

  it('packs the Linux launcher as bin/scanpath next to the executable', async () => {
    const { appOutDir } = pack()
    const launcher = join(appOutDir, 'bin', 'scanpath')
    expect((await stat(launcher)).mode & 0o111, 'bin/scanpath is executable').not.toBe(0)
    const text = await readFile(launcher, 'utf8')
    expect(text).toBe(await readFile(join(ROOT, 'build', 'linux', 'scanpath'), 'utf8'))
    expect(text).toMatch(/^#!\/bin\/sh\n/)
  })

  it('runs `scanpath --help` from the packed output with no display, and no app code', async () => {
    const run = await runLauncher(['--help'])
    expect(run.code, run.output).toBe(0)
    expect(run.stdout).toMatch(/scanpath diagnose/)
    expect(run.stdout).toMatch(/scanpath auth-test/)
    const trace = run.trace
    if (!trace) return expect.fail(`the stand-in did not run in Node mode:\n${run.output}`)
    expect(trace.script.replace(/\\/g, '/')).toMatch(/\/resources\/app\.asar\/out\/main\/cli\.js$/)
    expect(trace.electronRequired, 'something required "electron"').toBe(false)
    const own = ownCodeLoaded(trace)
    expect(own).toContain('out/main/cli.js')
    expect(
      own.filter((f) => !f.startsWith('out/main/')),
      'preload or renderer code',
    ).toEqual([])
    expect(own, 'the app (window) entry').not.toContain('out/main/main.js')
  })

  it('runs `scanpath diagnose --help`, `relay --help`, and a wrong command exits 2', async () => {
    const help = await runLauncher(['diagnose', '--help'])
    expect(help.code, help.output).toBe(0)
    expect(help.stdout).toMatch(/--submission-host/)
    const relay = await runLauncher(['relay', '--help'])
    expect(relay.code, relay.output).toBe(0)
    expect(relay.stdout).toMatch(/scanpath relay --config FILE/)
    const wrong = await runLauncher(['frobnicate'])
    expect(wrong.code, wrong.output).toBe(2)
    expect(wrong.stderr).toMatch(/unknown command "frobnicate"/)
    expect(wrong.stdout).toBe('')
  })

  it('runs a real diagnose from the packed output against an Exchange-like server', async () => {
    const pki = await createTestPki()
    const server = await startScenarioServer({ scenario: 'exchange', pki })
    try {
      const run = await runLauncher([
        'diagnose',
        '--submission-host',
        '127.0.0.1',
        '--submission-port',
        String(server.port),
        '--skip-public-ip',
        '--skip-blocklists',
        '--skip-port-25',
        '--skip-465',
        '--skip-legacy-tls',
        '--timeout-ms',
        '3000',
        '--json',
      ])
      const report = JSON.parse(run.stdout || '{}') as {
        tool?: string
        checks?: Array<{ id: string; status: string }>
      }
      const status = Object.fromEntries((report.checks ?? []).map((c) => [c.id, c.status]))
      expect(report.tool, run.output).toBe('scanpath')
      expect(status['reach-submission'], 'port reached').toBe('pass')
      // The test CA is not trusted by the installed command: STARTTLS works, the certificate
      // is refused, so the run fails with exit code 1.
      expect(status['starttls-submission'], 'certificate refused').toBe('fail')
      expect(run.code, run.output).toBe(1)
      expect(server.sessions.length, 'the server saw the checks').toBeGreaterThan(0)
      expect(run.trace?.electronRequired).toBe(false)
    } finally {
      await server.close()
      await disposeTestPki()
    }
  })

  it("hands a subcommand given to the app's executable to the CLI, and opens no window", async () => {
    // Electron cannot run here: the packed main.js runs under Node with an `electron` stand-in
    // that answers what the command-line path uses and records any other use (a window, the
    // ready event, the single-instance lock). It shows main.js's switch, not Electron itself.
    const { extracted } = pack()
    const dir = await mkdtemp(join(tmpdir(), 'scanpath-main-switch-'))
    try {
      const used = join(dir, 'used.json')
      await writeFile(
        join(dir, 'electron.cjs'),
        `const fs = require('node:fs')
const used = []
process.on('exit', () => fs.writeFileSync(${JSON.stringify(used)}, JSON.stringify(used)))
const record = (name) => new Proxy(function () {}, {
  get: (_t, key) => { used.push(name + '.' + String(key)); return record(name + '.' + String(key)) },
  apply: () => { used.push(name + '()'); return record(name + '()') },
  construct: () => { used.push('new ' + name); return record(name) },
})
const app = new Proxy({
  isPackaged: false,
  disableHardwareAcceleration: () => used.push('app.disableHardwareAcceleration()'),
  exit: (code) => { used.push('app.exit(' + code + ')'); process.exit(code) },
}, { get: (t, key) => (key in t ? t[key] : record('app')[key]) })
module.exports = new Proxy({ app }, { get: (t, key) => (key in t ? t[key] : record(String(key))) })
`,
      )
      await writeFile(
        join(dir, 'hook.cjs'),
        `const Module = require('node:module')
const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? ${JSON.stringify(join(dir, 'electron.cjs'))} : resolve.call(this, request, ...rest)
}
`,
      )
      const env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', HOME: dir }
      const main = join(extracted, 'out', 'main', 'main.js')
      const help = await run(
        process.execPath,
        ['-r', join(dir, 'hook.cjs'), main, 'diagnose', '--help'],
        env,
        dir,
      )
      expect(help.code, help.output).toBe(0)
      expect(help.output).toMatch(/--submission-host/)
      expect(await readJson<string[]>(used)).toEqual([
        'app.disableHardwareAcceleration()',
        'app.exit(0)',
      ])
      const wrong = await run(
        process.execPath,
        ['-r', join(dir, 'hook.cjs'), main, 'relay', '--no-such-flag'],
        env,
        dir,
      )
      expect(wrong.code, wrong.output).not.toBe(0)
      expect(await readJson<string[]>(used)).toContain(`app.exit(${wrong.code})`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('fails with the runAsNode fuse off: the launcher depends on it', async () => {
    const { appOutDir } = pack()
    const copy = await mkdtemp(join(tmpdir(), 'scanpath-nofuse-'))
    try {
      await cp(appOutDir, copy, { recursive: true, verbatimSymlinks: true })
      await flipFuses(join(copy, 'scanpath'), {
        version: FuseVersion.V1,
        [FuseV1Options.RunAsNode]: false,
      })
      const result = await run(join(copy, 'bin', 'scanpath'), ['--help'], { PATH: '/usr/bin:/bin' })
      expect(result.code).not.toBe(0)
      expect(result.output).toMatch(/runAsNode fuse is off/)
    } finally {
      await rm(copy, { recursive: true, force: true })
    }
  })

  it('ships a Windows launcher that runs the packed CLI with ScanPath.exe as Node', async () => {
    const config = await getConfig(ROOT, CONFIG, null)
    expect(config.win?.extraFiles).toEqual([
      { from: 'build/win/scanpath.cmd', to: 'bin/scanpath.cmd' },
    ])
    const cmd = await readFile(join(ROOT, 'build', 'win', 'scanpath.cmd'), 'latin1')
    expect(cmd.split('\r\n').length, 'CRLF line endings').toBeGreaterThan(4)
    expect(cmd.replace(/\r\n/g, '')).not.toMatch(/\n/)
    expect(cmd).toMatch(/^set ELECTRON_RUN_AS_NODE=1\r$/m)
    // The .cmd sits in bin\, one level below ScanPath.exe and resources\.
    const [, exe, script] = /^"%~dp0\.\.\\([^"]+)" "%~dp0\.\.\\([^"]+)" %\*\r$/m.exec(cmd) ?? []
    expect(exe).toBe(`${String(config.productName)}.exe`)
    expect(script?.replace(/\\/g, '/').replace(/^resources\/app\.asar\//, '')).toBe(
      'out/main/cli.js',
    )
    expect(pack().files).toContain('out/main/cli.js')
    expect(cmd).toMatch(/exit \/b %ERRORLEVEL%/)
  })

  interface DebInputs {
    /** The app folder given to electron-builder (a copy of the packed one). */
    prepackaged: string
    fpmArgs: string[]
    /** The post-install and post-remove scripts, template names filled in. */
    scripts: Record<'--after-install' | '--after-remove', string>
  }
  let debInputs: Promise<DebInputs> | undefined
  /** What electron-builder hands to fpm for the deb, captured just before it would run fpm. */
  const computeDebInputs = (): Promise<DebInputs> =>
    (debInputs ??= (async () => {
      const prepackaged = join(tmp as string, 'deb-input')
      await cp(pack().appOutDir, prepackaged, { recursive: true, verbatimSymlinks: true })
      let fpmArgs: string[] | undefined
      const scripts = { '--after-install': '', '--after-remove': '' }
      const { build, Platform, Arch } = await import('electron-builder')
      await build({
        projectDir: ROOT,
        config: {
          extends: CONFIG,
          directories: { output: join(tmp as string, 'deb-out') },
        } as never,
        targets: Platform.LINUX.createTarget('deb', Arch.x64),
        prepackaged,
        publish: 'never',
        // electron-builder hands the fpm arguments here before it runs fpm (which it downloads).
        effectiveOptionComputed: async (options: unknown) => {
          if (!Array.isArray(options) || !Array.isArray(options[0])) return false
          fpmArgs = options[0] as string[]
          for (const flag of ['--after-install', '--after-remove'] as const) {
            const file = fpmArgs[fpmArgs.indexOf(flag) + 1]
            if (file) scripts[flag] = await readFile(file, 'utf8')
          }
          return true
        },
      })
      if (!fpmArgs) throw new Error('electron-builder never computed the deb options')
      return { prepackaged, fpmArgs, scripts }
    })())

  it('gives fpm a deb with the launcher, the relay unit, and scripts linking /usr/bin/scanpath', async () => {
    const { prepackaged, fpmArgs, scripts } = await computeDebInputs()
    // fpm's `source=destination` arguments: the files of the package.
    const mapped = new Map(
      fpmArgs
        .filter((a) => /^[^-].*=\//.test(a))
        .map((a) => {
          const at = a.lastIndexOf('=')
          return [a.slice(at + 1), resolve(ROOT, a.slice(0, at))] as const
        }),
    )
    expect(mapped.get('/opt/ScanPath'), 'the app folder').toBe(prepackaged)
    expect(existsSync(join(prepackaged, 'bin', 'scanpath')), '/opt/ScanPath/bin/scanpath').toBe(
      true,
    )
    const unit = mapped.get('/usr/lib/systemd/system/scanpath-relay.service')
    expect(unit, 'the relay unit is a file of the package').toBeDefined()
    expect(await readFile(unit as string, 'utf8')).toMatch(
      /^ExecStart=\/usr\/bin\/scanpath relay /m,
    )
    expect(
      [...mapped.keys()].filter((k) => k.startsWith('/usr/bin/')),
      'no file in /usr/bin',
    ).toEqual([])

    const postinst = scripts['--after-install'] ?? ''
    const postrm = scripts['--after-remove'] ?? ''
    expect(postinst, 'template names filled in').not.toMatch(
      /\$\{(executable|sanitizedProductName)\}/,
    )
    expect(postinst).toMatch(
      /update-alternatives --install '\/usr\/bin\/scanpath' 'scanpath' "\$launcher" 100/,
    )
    expect(postinst).toMatch(/^launcher="\$app\/bin\/scanpath"$/m)
    expect(postinst).toMatch(/^app='\/opt\/ScanPath'$/m)
    // Installed, never enabled or started by the package.
    expect(`${postinst}\n${postrm}`).not.toMatch(/systemctl (enable|start|restart)/)
    expect(postrm).toMatch(/update-alternatives --remove 'scanpath' "\$app\/bin\/scanpath"/)
    for (const [name, text] of Object.entries(scripts)) {
      const check = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' })
      expect(check.status, `${name}: ${check.stderr}`).toBe(0)
    }
  }, 120_000)

  it.skipIf(mountSandbox.missing)(
    mountSandbox.title(
      'installed: the deb scripts link /usr/bin/scanpath, which runs with no display, and unlink it',
    ),
    async () => {
      const { prepackaged, scripts } = await computeDebInputs()
      const dir = await mkdtemp(join(tmpdir(), 'scanpath-deb-install-'))
      try {
        await writeFile(join(dir, 'postinst'), scripts['--after-install'])
        await writeFile(join(dir, 'postrm'), scripts['--after-remove'])
        const trace = join(dir, 'trace.json')
        // A private mount namespace: /usr/bin, /usr/share, /etc and dpkg's alternatives are
        // overlays whose changes land in `dir`; /opt holds only the packed app. The real system
        // is never written to.
        const overlays = ['/usr/bin', '/usr/share', '/etc', '/var/lib/dpkg']
          .map((lower, n) => {
            const up = join(dir, `up${n}`)
            const work = join(dir, `work${n}`)
            return `mkdir -p ${up} ${work} && mount -t overlay overlay -o lowerdir=${lower},upperdir=${up},workdir=${work} ${lower}`
          })
          .join(' && ')
        const installed = [
          'set -e',
          overlays,
          `mount -t tmpfs tmpfs /opt && mkdir /opt/ScanPath && mount --bind ${prepackaged} /opt/ScanPath`,
          `bash ${dir}/postinst configure >/dev/null 2>&1`,
          'echo "link: $(readlink /usr/bin/scanpath)"',
          'echo "target: $(readlink -f /usr/bin/scanpath)"',
          `env -i PATH=/usr/bin:/bin HOME=${dir} STAND_IN_TRACE=${trace} scanpath diagnose --help | grep -c -- --submission-host | sed 's/^/help lines: /'`,
          `bash ${dir}/postrm upgrade`,
          'test -L /usr/bin/scanpath && echo "after upgrade: kept"',
          `bash ${dir}/postrm remove`,
          'test -e /usr/bin/scanpath || test -L /usr/bin/scanpath || echo "after remove: gone"',
        ].join('\n')
        const result = spawnSync(
          'unshare',
          ['--mount', '--propagation', 'private', 'sh', '-c', installed],
          {
            encoding: 'utf8',
            timeout: 60_000,
          },
        )
        const out = `${result.stdout}\n${result.stderr}`
        expect(result.status, out).toBe(0)
        expect(result.stdout).toMatch(/^link: \/etc\/alternatives\/scanpath$/m)
        expect(result.stdout).toMatch(/^target: \/opt\/ScanPath\/bin\/scanpath$/m)
        expect(result.stdout).toMatch(/^help lines: [1-9]/m)
        expect(result.stdout).toMatch(/^after upgrade: kept$/m)
        expect(result.stdout).toMatch(/^after remove: gone$/m)
        const ran = await readJson<RunAsNodeTrace>(trace)
        expect(ran.script).toBe('/opt/ScanPath/resources/app.asar/out/main/cli.js')
        expect(ran.electronRequired).toBe(false)
        // Nothing leaked out of the namespace.
        expect(existsSync('/opt/ScanPath'), 'real /opt untouched').toBe(false)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
    60_000,
  )
})
