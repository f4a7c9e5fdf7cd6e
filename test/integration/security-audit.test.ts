/**
 * The security gate (build/security-audit.mjs) run as CI runs it, as a child process: the app's
 * own sources pass; a small insecure Electron app written here fails with its findings listed;
 * the allowlist accepts exactly what an entry names, rejects entries without a reviewed reason,
 * and fails on stale entries; an unparsable file and inline eng-disable comments cannot hide
 * findings.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const REPO = join(__dirname, '../..')
const GATE = join(REPO, 'build', 'security-audit.mjs')
const ALLOWLIST = join(REPO, 'build', 'electronegativity-allowlist.json')

interface GateRun {
  code: number | null
  stdout: string
  stderr: string
}

let runs = 0

/** Runs the gate; its SARIF goes to the test's temp folder unless the test names a path. */
function runGate(args: string[]): Promise<GateRun> {
  const sarif = args.includes('--sarif') ? [] : ['--sarif', join(work, `run-${++runs}.sarif`)]
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [GATE, ...args, ...sarif],
      { cwd: REPO, timeout: 60_000, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error)
        else resolve({ code: error ? (error.code as number) : 0, stdout, stderr })
      },
    )
  })
}

interface SarifResult {
  ruleId: string
  level: string
  locations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>
  properties: { severity: string; gated: boolean }
  suppressions?: Array<{ justification: string }>
}

async function sarifResults(path: string): Promise<SarifResult[]> {
  const sarif = JSON.parse(await readFile(path, 'utf8')) as {
    version: string
    runs: Array<{ results: SarifResult[] }>
  }
  expect(sarif.version).toBe('2.1.0')
  return sarif.runs[0]?.results ?? []
}

const unjustified = (results: SarifResult[]) =>
  results.filter((r) => r.properties.gated && !r.suppressions).map((r) => r.ruleId)

let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'security-audit-test-'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/** Writes a small Electron app: package.json at the root, files under src/. */
async function writeApp(name: string, files: Record<string, string>): Promise<string> {
  const root = join(work, name)
  await mkdir(join(root, 'src'), { recursive: true })
  await writeFile(
    join(root, 'package.json'),
    JSON.stringify({ name, main: 'src/main.js', devDependencies: { electron: '45.5.0' } }),
  )
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, 'src', file)), { recursive: true })
    await writeFile(join(root, 'src', file), text)
  }
  return root
}

async function writeAllowlist(name: string, entries: unknown[]): Promise<string> {
  const path = join(work, `${name}.json`)
  await writeFile(path, JSON.stringify({ entries }, null, 2))
  return path
}

const INSECURE_MAIN = `const { app, BrowserWindow } = require('electron')
app.whenReady().then(() => {
  const win = new BrowserWindow({
    webPreferences: { nodeIntegration: true, contextIsolation: false },
  })
  win.loadFile('index.html')
})
`
const NO_CSP_HTML = `<!doctype html>
<html><head><title>insecure</title></head><body><script src="renderer.js"></script></body></html>
`

const review = { reviewedBy: 'test reviewer', reviewedOn: '2026-01-15' }

// Each scan takes a few seconds (electronegativity parses every file); on a loaded CI machine more.
describe('security gate (electronegativity)', { timeout: 120_000 }, () => {
  it("passes on the app's own sources, every HIGH/MEDIUM finding justified, offline", async () => {
    const sarif = join(work, 'app.sarif')
    const run = await runGate(['--sarif', sarif])
    expect(run.stderr).toBe('')
    expect(run.code, run.stdout).toBe(0)
    expect(run.stdout).toMatch(/^PASS: no unjustified gated finding/m)
    expect(run.stdout).toContain('Network: none attempted')
    expect(run.stdout).toMatch(/on electron, renderer, shared under .* \(\d+ files, Electron 45\./)

    const results = await sarifResults(sarif)
    expect(unjustified(results)).toEqual([])
    for (const r of results.filter((x) => x.properties.gated)) {
      expect(r.suppressions?.[0]?.justification.length, r.ruleId).toBeGreaterThan(20)
    }
    // electronegativity really read the window: it reports a review item on the literal in
    // window-policy.ts, and finds its security switches set (no isolation or sandbox finding).
    const files = results.map((r) => r.locations?.[0]?.physicalLocation.artifactLocation.uri)
    expect(files).toContain('electron/window-policy.ts')
    const rules = results.map((r) => r.ruleId)
    for (const absent of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'NODE_INTEGRATION_JS_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'INSECURE_CONTENT_JS_CHECK',
    ]) {
      expect(rules, absent).not.toContain(absent)
    }
  })

  it('fails on an app with Node in the renderer, no isolation, no sandbox, no CSP, no handlers', async () => {
    const root = await writeApp('insecure', { 'main.js': INSECURE_MAIN, 'index.html': NO_CSP_HTML })
    const sarif = join(work, 'insecure.sarif')
    const run = await runGate([
      '--root',
      root,
      '--sources',
      'src',
      '--allowlist',
      await writeAllowlist('empty', []),
      '--sarif',
      sarif,
    ])
    expect(run.code, run.stdout + run.stderr).toBe(1)
    const expected = [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'NODE_INTEGRATION_JS_CHECK',
      'CSP_GLOBAL_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
    ]
    const failLine = run.stdout.split('\n').find((l) => l.startsWith('FAIL: ')) ?? ''
    for (const check of expected) {
      expect(run.stdout, check).toMatch(new RegExp(`^FAIL +\\S+ +\\S+ +${check} `, 'm'))
      expect(failLine, check).toContain(check)
    }
    expect(failLine).toContain('CONTEXT_ISOLATION_JS_CHECK (src/main.js:4)')
    expect(unjustified(await sarifResults(sarif))).toEqual(expect.arrayContaining(expected))
  })

  it('an allowlist entry accepts only the finding it names', async () => {
    const root = await writeApp('one-accepted', {
      'main.js': INSECURE_MAIN,
      'index.html': NO_CSP_HTML,
    })
    const sarif = join(work, 'one-accepted.sarif')
    const allowlist = await writeAllowlist('one-entry', [
      {
        check: 'SANDBOX_JS_CHECK',
        file: 'src/main.js',
        match: 'new BrowserWindow(',
        reason: 'Accepted for this test: the window is only a fixture for the gate.',
        ...review,
      },
    ])
    const run = await runGate([
      '--root',
      root,
      '--sources',
      'src',
      '--allowlist',
      allowlist,
      '--sarif',
      sarif,
    ])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^allowed +MEDIUM +\S+ +SANDBOX_JS_CHECK +src\/main\.js:3/m)
    expect(run.stdout).toMatch(/^FAIL +HIGH +\S+ +CONTEXT_ISOLATION_JS_CHECK/m)
    expect(run.stdout).toContain('SANDBOX_JS_CHECK src/main.js:3: Accepted for this test')

    const results = await sarifResults(sarif)
    expect(results.find((r) => r.ruleId === 'SANDBOX_JS_CHECK')?.suppressions?.[0]).toEqual({
      kind: 'external',
      status: 'accepted',
      justification: expect.stringContaining('test reviewer, 2026-01-15'),
    })
    expect(unjustified(results)).toContain('CONTEXT_ISOLATION_JS_CHECK')
    expect(unjustified(results)).not.toContain('SANDBOX_JS_CHECK')
  })

  const complete = {
    check: 'SANDBOX_JS_CHECK',
    file: 'src/main.js',
    match: 'new BrowserWindow(',
    reason: 'Accepted for this test: the window is only a fixture for the gate.',
    ...review,
  }
  it.each([
    [
      'no reason',
      { ...complete, reason: undefined },
      /entry 1 \(SANDBOX_JS_CHECK in src\/main\.js\): "reason" is missing/,
    ],
    [
      'a token reason',
      { ...complete, reason: 'false positive' },
      /"reason" is missing or too short/,
    ],
    ['no reviewer', { ...complete, reviewedBy: ' ' }, /"reviewedBy" is missing/],
    [
      'no review date',
      { ...complete, reviewedOn: undefined },
      /"reviewedOn" must be the review date/,
    ],
    [
      'a future review date',
      { ...complete, reviewedOn: '2999-01-01' },
      /"reviewedOn" must be the review date/,
    ],
    ['no match text', { ...complete, match: undefined }, /"match" is missing/],
    ['a misspelt key', { ...complete, reson: 'typo' }, /unknown key "reson"/],
    [
      'a lower-case check id',
      { ...complete, check: 'sandbox' },
      /"check" must be an electronegativity check id/,
    ],
  ])('rejects an allowlist entry with %s, before scanning', async (_name, entry, message) => {
    const run = await runGate([
      '--allowlist',
      await writeAllowlist(`bad-${String(_name).replace(/\W+/g, '-')}`, [entry]),
    ])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stdout).toBe('')
  })

  it('fails on a stale allowlist entry that no finding matches any more', async () => {
    const real = JSON.parse(await readFile(ALLOWLIST, 'utf8')) as { entries: unknown[] }
    const stale = {
      check: 'NODE_INTEGRATION_JS_CHECK',
      file: 'electron/window-policy.ts',
      match: 'nodeIntegration: true',
      reason: 'Left over from code that turned Node on in the renderer; it no longer does.',
      ...review,
    }
    const run = await runGate([
      '--allowlist',
      await writeAllowlist('with-stale', [...real.entries, stale]),
    ])
    expect(run.code, run.stdout).toBe(1)
    expect(run.stdout).toContain(
      'FAIL: stale allowlist entry NODE_INTEGRATION_JS_CHECK in electron/window-policy.ts matching "nodeIntegration: true"',
    )
    // Only that one: every reviewed entry still matches its finding.
    expect(run.stdout.match(/^FAIL: /gm)).toHaveLength(1)
  })

  it('fails when electronegativity cannot parse a file (it would skip it silently)', async () => {
    const root = await writeApp('unparsable', {
      'main.ts': 'export const broken = {\n',
      'index.html': NO_CSP_HTML,
    })
    const run = await runGate([
      '--root',
      root,
      '--sources',
      'src',
      '--allowlist',
      await writeAllowlist('empty-2', []),
    ])
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^FAIL: could not parse src\/main\.ts .*its findings are unknown/m)
  })

  it('inline eng-disable comments do not hide findings', async () => {
    const root = await writeApp('inline-disabled', {
      'main.js': `// eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK NODE_INTEGRATION_JS_CHECK\n${INSECURE_MAIN}`,
      'index.html': NO_CSP_HTML,
    })
    const run = await runGate([
      '--root',
      root,
      '--sources',
      'src',
      '--allowlist',
      await writeAllowlist('empty-3', []),
    ])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('Ignored 1 inline eng-disable comment(s)')
    expect(run.stdout).toMatch(/^FAIL +HIGH +\S+ +CONTEXT_ISOLATION_JS_CHECK +src\/main\.js:5/m)
    expect(run.stdout).toMatch(/^FAIL +MEDIUM +\S+ +SANDBOX_JS_CHECK/m)
  })
})
