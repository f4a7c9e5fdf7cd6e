// Security gate (issue 8): runs Doyensec's electronegativity over the app's Electron sources and
// fails on every HIGH or MEDIUM finding (and the few lower ones in ALWAYS_GATED) that
// build/electronegativity-allowlist.json does not justify with a reviewed reason.
// electronegativity itself always exits 0 and silently skips files it cannot parse, so this script
// is the gate: it prints every finding in a table, writes them as SARIF 2.1.0, and exits
//   0  no unjustified gated finding, every allowlist entry used, every file parsed;
//   1  an unjustified finding, a stale allowlist entry, or a file electronegativity could not parse;
//   2  bad arguments or a malformed allowlist.
// It runs in CI through test/integration/security-audit.test.ts.
//
// What it scans: electron/, renderer/ and shared/ (the TypeScript sources, plus package.json for
// the Electron version), copied to a temporary folder. Not out/: the bundle calls
// `new electron.BrowserWindow(...)`, which electronegativity's window checks (they match a callee
// named BrowserWindow) never see, and its findings land on minified lines nobody can review.
//
// Offline by construction. Each run of electronegativity 1.10 asks an S3 bucket for translations
// (that is the "Could not retrieve updated translations for the current locale" line: a GET with
// a 1 s timeout, whatever LANG says) and its AVAILABLE_SECURITY_FIXES global check fetches
// Electron's release list from GitHub with no timeout. This script gives electronegativity a `got`
// that refuses at once (the bundled en-US texts are used), leaves the release check out (keeping
// Electron current is the dependency updates' job, not this gate's), and refuses any socket
// connection while electronegativity runs, reporting any attempt.
//
// The findings come from electronegativity's programmatic run() (what its CLI calls), not from the
// files its -o option writes: its SARIF carries no severity (every result is "warning" or "note"),
// and its CSV is written by two unsequenced async writes (header, then rows) that run() does not
// wait for. This script writes its own SARIF, with severity, confidence and, for accepted findings,
// a SARIF suppression carrying the reviewed reason.
//
// Usage: node build/security-audit.mjs [--root DIR] [--sources a,b,c] [--allowlist FILE]
//                                      [--sarif FILE] [--electron-version X.Y.Z]

import { createRequire, Module } from 'node:module'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'

const REPO = resolve(import.meta.dirname, '..')
const DEFAULT_SOURCES = ['electron', 'renderer', 'shared']
const GATED = new Set(['HIGH', 'MEDIUM'])
/**
 * Gated whatever severity electronegativity gives them: each means a security switch was turned
 * on or off in code (Node in the renderer, Blink or experimental features, popups, Electron's
 * security warnings silenced). electronegativity rates some of them LOW or INFORMATIONAL because
 * it assumes local content is harmless (`nodeIntegration: true` is INFORMATIONAL unless remote
 * resources are loaded); for this app each would be a regression to review.
 */
const ALWAYS_GATED = new Set([
  'NODE_INTEGRATION_JS_CHECK',
  'NODE_INTEGRATION_HTML_CHECK',
  'BLINK_FEATURES_JS_CHECK',
  'BLINK_FEATURES_HTML_CHECK',
  'EXPERIMENTAL_FEATURES_JS_CHECK',
  'EXPERIMENTAL_FEATURES_HTML_CHECK',
  'ALLOWPOPUPS_HTML_CHECK',
  'SECURITY_WARNINGS_DISABLED_JS_CHECK',
  'SECURITY_WARNINGS_DISABLED_JSON_CHECK',
])
/** Network-only check, left out (see the header). */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']
/** Files electronegativity reads (its own list_files filter). */
const SCANNED_EXTENSIONS = /\.(js|jsx|ts|tsx|html|htm)$/i
const ENTRY_KEYS = ['check', 'file', 'match', 'line', 'reason', 'reviewedBy', 'reviewedOn']
const MIN_REASON_LENGTH = 20

class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const options = {
    root: REPO,
    sources: DEFAULT_SOURCES,
    allowlist: join(REPO, 'build', 'electronegativity-allowlist.json'),
    sarif: undefined,
    electronVersion: undefined,
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`)
    i++
    if (flag === '--root') options.root = resolve(value)
    else if (flag === '--sources') options.sources = value.split(',').map((s) => s.trim())
    else if (flag === '--allowlist') options.allowlist = resolve(value)
    else if (flag === '--sarif') options.sarif = resolve(value)
    else if (flag === '--electron-version') options.electronVersion = value
    else throw new UsageError(`unknown option ${flag}`)
  }
  if (!existsSync(options.root) || !statSync(options.root).isDirectory())
    throw new UsageError(`--root ${options.root} is not a folder`)
  for (const s of options.sources) {
    if (s === '' || isAbsolute(s) || s.split(/[\\/]/).includes('..'))
      throw new UsageError(`--sources: "${s}" must be a path inside --root`)
    if (!existsSync(join(options.root, s)))
      throw new UsageError(`--sources: ${join(options.root, s)} does not exist`)
  }
  return options
}

// ---------------------------------------------------------------------------------------------
// The allowlist: every entry complete and reviewed, or the gate does not run.

/** "entry 3 (OPEN_EXTERNAL_JS_CHECK in electron/main.ts)", as far as the entry says. */
function entryName(entry, index) {
  const check = typeof entry?.check === 'string' ? entry.check : undefined
  const file = typeof entry?.file === 'string' ? ` in ${entry.file}` : ''
  return `entry ${index + 1}${check ? ` (${check}${file})` : ''}`
}

function loadAllowlist(path) {
  let data
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new UsageError(`allowlist ${path} could not be read as JSON: ${e.message}`)
  }
  const problems = []
  if (typeof data !== 'object' || data === null || !Array.isArray(data.entries)) {
    throw new UsageError(`allowlist ${path}: expected { "entries": [ … ] }`)
  }
  for (const key of Object.keys(data)) {
    if (key !== 'entries' && key !== '$comment') problems.push(`unknown top-level key "${key}"`)
  }
  const today = new Date().toISOString().slice(0, 10)
  const seen = new Set()
  data.entries.forEach((entry, index) => {
    const name = entryName(entry, index)
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${name}: must be an object`)
      return
    }
    for (const key of Object.keys(entry)) {
      if (!ENTRY_KEYS.includes(key)) problems.push(`${name}: unknown key "${key}"`)
    }
    if (typeof entry.check !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(entry.check))
      problems.push(
        `${name}: "check" must be an electronegativity check id, e.g. OPEN_EXTERNAL_JS_CHECK`,
      )
    if (typeof entry.file !== 'string' || entry.file === '' || entry.file.includes('\\'))
      problems.push(`${name}: "file" must be the finding's path relative to the root, with /`)
    if (entry.file !== 'N/A' && (typeof entry.match !== 'string' || entry.match.trim() === ''))
      problems.push(
        `${name}: "match" is missing: give text from the flagged line, so the justification stays pinned to that code`,
      )
    if (entry.line !== undefined && (!Number.isInteger(entry.line) || entry.line < 0))
      problems.push(`${name}: "line" must be a line number`)
    if (typeof entry.reason !== 'string' || entry.reason.trim().length < MIN_REASON_LENGTH)
      problems.push(
        `${name}: "reason" is missing or too short: say why this finding is safe to accept (at least ${MIN_REASON_LENGTH} characters)`,
      )
    if (typeof entry.reviewedBy !== 'string' || entry.reviewedBy.trim() === '')
      problems.push(`${name}: "reviewedBy" is missing: who reviewed this justification`)
    if (
      typeof entry.reviewedOn !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(entry.reviewedOn) ||
      Number.isNaN(Date.parse(entry.reviewedOn)) ||
      entry.reviewedOn > today
    )
      problems.push(`${name}: "reviewedOn" must be the review date, YYYY-MM-DD, not in the future`)
    const key = JSON.stringify([entry.check, entry.file, entry.match, entry.line])
    if (seen.has(key)) problems.push(`${name}: duplicates an earlier entry`)
    seen.add(key)
  })
  if (problems.length > 0) {
    throw new UsageError(
      `allowlist ${path} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
  }
  return data.entries
}

// ---------------------------------------------------------------------------------------------
// Electron version: given, installed under the root, or the range in the root's package.json.

function electronVersion(options) {
  const given = options.electronVersion
  if (given !== undefined) {
    if (!/^\d+\.\d+\.\d+$/.test(given))
      throw new UsageError(`--electron-version must look like 45.5.0, not "${given}"`)
    return { version: given, from: '--electron-version' }
  }
  const installed = join(options.root, 'node_modules', 'electron', 'package.json')
  if (existsSync(installed)) {
    return { version: JSON.parse(readFileSync(installed, 'utf8')).version, from: 'installed' }
  }
  const pkgPath = join(options.root, 'package.json')
  if (existsSync(pkgPath)) {
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'))
    const range = pkg.dependencies?.electron ?? pkg.devDependencies?.electron
    const found = typeof range === 'string' ? /\d+\.\d+\.\d+/.exec(range) : null
    if (found) return { version: found[0], from: `package.json "${range}"` }
  }
  throw new UsageError(
    'cannot tell which Electron version the app uses: pass --electron-version (checks depend on it)',
  )
}

// ---------------------------------------------------------------------------------------------
// Staging: only the named sources (and package.json) are scanned; inline eng-disable comments
// are neutralised so the allowlist stays the only way to accept a finding.

async function listFiles(dir) {
  const out = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listFiles(full)))
    else if (entry.isFile()) out.push(full)
  }
  return out
}

async function stage(options, workDir) {
  const stageDir = join(workDir, 'app')
  await mkdir(stageDir)
  for (const s of options.sources) {
    await cp(join(options.root, s), join(stageDir, s), {
      recursive: true,
      filter: (src) => !src.split(sep).includes('node_modules'),
    })
  }
  if (existsSync(join(options.root, 'package.json')))
    await cp(join(options.root, 'package.json'), join(stageDir, 'package.json'))

  const scanned = []
  const inlineDisables = []
  for (const file of await listFiles(stageDir)) {
    if (!SCANNED_EXTENSIONS.test(file)) continue
    scanned.push(file)
    const text = await readFile(file, 'utf8')
    if (!/eng-disable/i.test(text)) continue
    text.split('\n').forEach((line, i) => {
      if (/eng-disable/i.test(line))
        inlineDisables.push(`${toPosix(relative(stageDir, file))}:${i + 1}`)
    })
    // Same length, so every line and column electronegativity reports stays right.
    await writeFile(file, text.replace(/eng-disable/gi, 'eng-ignored'))
  }
  return { stageDir, scanned, inlineDisables }
}

function toPosix(p) {
  return p.split(sep).join('/')
}

// ---------------------------------------------------------------------------------------------
// electronegativity, offline

function loadElectronegativity() {
  const require = createRequire(join(REPO, 'package.json'))
  const main = require.resolve('@doyensec/electronegativity')
  const pkg = JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8'))
  // The two modules that import got: the translations loader and the release check.
  const gotPaths = new Set(
    ['locales/i18n.js', 'finder/checks/GlobalChecks/AvailableSecurityFixesGlobalCheck.js'].map(
      (from) => createRequire(join(dirname(main), from)).resolve('got'),
    ),
  )
  const refuse = () =>
    Promise.reject(new Error('network disabled: the security audit runs offline'))
  refuse.head = refuse
  refuse.get = refuse
  for (const path of gotPaths) {
    const stub = new Module(path)
    stub.filename = path
    stub.loaded = true
    stub.exports = refuse
    require.cache[path] = stub
  }
  return { run: require(main), version: pkg.version }
}

/** Runs `fn` with every socket connection refused; returns its result and the attempts made. */
async function withoutNetwork(fn) {
  const attempts = []
  const original = net.Socket.prototype.connect
  net.Socket.prototype.connect = function refusedConnect(...args) {
    const target = args[0]
    attempts.push(
      typeof target === 'object' && target !== null
        ? `${target.host ?? target.path ?? '?'}:${target.port ?? ''}`
        : String(target),
    )
    throw new Error('network disabled: the security audit runs offline')
  }
  try {
    return { result: await fn(), attempts }
  } finally {
    net.Socket.prototype.connect = original
  }
}

/** electronegativity prints through console.*; keep its lines, drop the translations notice. */
async function capturingConsole(fn) {
  const lines = []
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info }
  for (const k of Object.keys(saved)) console[k] = (...a) => lines.push(a.join(' '))
  try {
    return { result: await fn(), lines }
  } finally {
    Object.assign(console, saved)
  }
}

// ---------------------------------------------------------------------------------------------
// Findings, triage, report

function normalise(issue, stageDir) {
  const file = issue.file === 'N/A' ? 'N/A' : toPosix(relative(stageDir, issue.file))
  return {
    check: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file,
    line: issue.location?.line ?? 0,
    column: issue.location?.column ?? 0,
    sample: typeof issue.sample === 'string' ? issue.sample : '',
    description: issue.description ?? '',
    manualReview: Boolean(issue.manualReview),
  }
}

function entryMatches(entry, finding) {
  return (
    entry.check === finding.check &&
    entry.file === finding.file &&
    (entry.line === undefined || entry.line === finding.line) &&
    (entry.match === undefined || finding.sample.includes(entry.match))
  )
}

function triage(findings, entries) {
  const used = new Set()
  for (const f of findings) {
    f.gated = GATED.has(f.severity) || ALWAYS_GATED.has(f.check)
    if (!f.gated) continue
    const index = entries.findIndex((e) => entryMatches(e, f))
    if (index >= 0) {
      f.justification = entries[index]
      used.add(index)
    }
  }
  const stale = entries.filter((_, i) => !used.has(i))
  return { stale }
}

const SEVERITY_ORDER = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']
const VERDICT_ORDER = ['FAIL', 'allowed', 'info']

function verdictOf(f) {
  if (!f.gated) return 'info'
  return f.justification ? 'allowed' : 'FAIL'
}

function printTable(findings) {
  const rows = findings.map((f) => [
    verdictOf(f),
    f.gated && !GATED.has(f.severity) ? `${f.severity}*` : f.severity,
    f.confidence,
    f.check,
    f.file === 'N/A' ? '(whole app)' : `${f.file}:${f.line}`,
    truncate(f.description, 48),
    truncate(f.sample, 48),
  ])
  const head = ['verdict', 'severity', 'confidence', 'check', 'where', 'finding', 'code']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ')
  console.log(line(head))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of rows) console.log(line(r).trimEnd())
  if (findings.some((f) => f.gated && !GATED.has(f.severity)))
    console.log(
      '* gated whatever its severity: a security switch changed in code (see ALWAYS_GATED)',
    )
}

function truncate(s, n) {
  const flat = s.replace(/\s+/g, ' ').trim()
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat
}

function toSarif(findings, toolVersion) {
  const rules = [...new Set(findings.map((f) => f.check))].map((id) => ({
    id,
    shortDescription: { text: findings.find((f) => f.check === id).description || id },
    helpUri: `https://github.com/doyensec/electronegativity/wiki/${id}`,
  }))
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Electronegativity',
            version: toolVersion,
            informationUri: 'https://github.com/doyensec/electronegativity',
            rules,
          },
        },
        results: findings.map((f) => ({
          ruleId: f.check,
          level: f.gated ? (f.severity === 'HIGH' ? 'error' : 'warning') : 'note',
          message: { text: f.description || f.check },
          ...(f.file === 'N/A'
            ? {}
            : {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: f.file },
                      region: { startLine: Math.max(1, f.line), startColumn: f.column + 1 },
                    },
                  },
                ],
              }),
          properties: {
            severity: f.severity,
            confidence: f.confidence,
            manualReview: f.manualReview,
            gated: f.gated,
          },
          ...(f.justification
            ? {
                suppressions: [
                  {
                    kind: 'external',
                    status: 'accepted',
                    justification: `${f.justification.reason} (reviewed by ${f.justification.reviewedBy}, ${f.justification.reviewedOn})`,
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2))
  const entries = loadAllowlist(options.allowlist)
  const electron = electronVersion(options)
  const workDir = await mkdtemp(join(tmpdir(), 'scanpath-security-audit-'))
  const sarifPath = options.sarif ?? join(workDir, 'electronegativity.sarif')
  try {
    const { stageDir, scanned, inlineDisables } = await stage(options, workDir)
    if (scanned.length === 0)
      throw new UsageError(`no .js/.ts/.tsx/.html files under ${options.sources.join(', ')}`)

    const tool = loadElectronegativity()
    console.log(
      `electronegativity ${tool.version} on ${options.sources.join(', ')} under ${options.root}` +
        ` (${scanned.length} files, Electron ${electron.version} from ${electron.from})`,
    )
    const {
      result: { result: report, lines },
      attempts,
    } = await withoutNetwork(() =>
      capturingConsole(() =>
        tool.run({
          input: stageDir,
          electronVersionOverride: electron.version,
          excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
          customScan: [],
          parserPlugins: [],
        }),
      ),
    )
    for (const l of lines) {
      if (l.includes('Could not retrieve updated translations')) continue
      console.log(`electronegativity: ${l}`)
    }
    if (report.atomicChecks === 0) throw new Error('electronegativity loaded no checks')
    console.log(
      `${report.atomicChecks} atomic and ${report.globalChecks} global checks` +
        ` (left out: ${EXCLUDED_CHECKS.join(', ')}, which needs the network).`,
    )
    console.log(
      attempts.length === 0
        ? 'Network: none attempted (bundled en-US texts; no release download).'
        : `Network: refused ${attempts.length} connection attempt(s) by electronegativity: ${attempts.join(', ')}`,
    )

    const findings = report.issues.map((i) => normalise(i, stageDir))
    const { stale } = triage(findings, entries)
    findings.sort(
      (a, b) =>
        VERDICT_ORDER.indexOf(verdictOf(a)) - VERDICT_ORDER.indexOf(verdictOf(b)) ||
        SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
        a.file.localeCompare(b.file) ||
        a.line - b.line,
    )
    await writeFile(sarifPath, JSON.stringify(toSarif(findings, tool.version), null, 2))

    console.log('')
    if (findings.length > 0) printTable(findings)
    else console.log('No findings.')
    console.log('')

    const allowed = findings.filter((f) => f.justification)
    if (allowed.length > 0) {
      console.log(`Accepted by ${relative(process.cwd(), options.allowlist) || options.allowlist}:`)
      for (const f of allowed) {
        const j = f.justification
        console.log(
          `  ${f.check} ${f.file}:${f.line}: ${j.reason} (${j.reviewedBy}, ${j.reviewedOn})`,
        )
      }
      console.log('')
    }
    if (inlineDisables.length > 0) {
      console.log(
        `Ignored ${inlineDisables.length} inline eng-disable comment(s) (only the allowlist accepts findings): ${inlineDisables.join(', ')}`,
      )
    }
    const tolerable = report.errors.filter((e) => e.tolerable)
    for (const e of tolerable)
      console.log(`Parse warning in ${toPosix(relative(stageDir, e.file))}: ${e.message}`)

    const failures = []
    const unparsed = report.errors.filter((e) => !e.tolerable)
    for (const e of unparsed) {
      failures.push(
        `could not parse ${toPosix(relative(stageDir, e.file))} (${e.message}): electronegativity skipped it, so its findings are unknown`,
      )
    }
    const unjustified = findings.filter((f) => f.gated && !f.justification)
    if (unjustified.length > 0) {
      failures.push(
        `${unjustified.length} gated finding(s) without a reviewed justification: ` +
          unjustified
            .map((f) => `${f.check} (${f.file === 'N/A' ? 'whole app' : `${f.file}:${f.line}`})`)
            .join(', ') +
          `. Fix the code; only if the finding is wrong or accepted, add an entry (check, file, match, reason, reviewedBy, reviewedOn) to ${options.allowlist}.`,
      )
    }
    for (const e of stale) {
      failures.push(
        `stale allowlist entry ${e.check} in ${e.file}${e.match ? ` matching "${e.match}"` : ''}: no gated finding matches it any more; remove it (or fix its file/match if the code moved)`,
      )
    }
    console.log(`SARIF: ${sarifPath}`)
    if (failures.length > 0) {
      console.log('')
      for (const f of failures) console.log(`FAIL: ${f}`)
      return 1
    }
    console.log(
      `PASS: no unjustified gated finding (${allowed.length} accepted with a reviewed reason, ${findings.length - allowed.length} below the gate).`,
    )
    return 0
  } finally {
    // Keep the SARIF (it is inside workDir unless --sarif was given); drop the staged copy.
    await rm(join(workDir, 'app'), { recursive: true, force: true })
    if (options.sarif) await rm(workDir, { recursive: true, force: true })
  }
}

// exitCode, not exit(): the report on stdout is flushed before the process ends.
main().then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    if (error instanceof UsageError) {
      console.error(`security-audit: ${error.message}`)
      process.exitCode = 2
    } else {
      console.error(`security-audit: ${error.stack ?? error}`)
      process.exitCode = 1
    }
  },
)
