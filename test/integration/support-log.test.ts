/**
 * The support log (rotation, redaction, order, a folder that cannot be written) and the
 * diagnostics bundle (what it says, what it never says), on real files in a temp folder.
 */
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createSupportService } from '../../electron/services/support-service'
import {
  buildDiagnostics,
  MAX_BUNDLE_CHARS,
  type DiagnosticsSources,
} from '../../electron/support/diagnostics'
import { maskEmail, redactSecrets } from '../../electron/support/redact'
import { createSupportLog } from '../../electron/support/support-log'
import type { AboutInfo } from '../../shared/support-types'

const PASSWORD = 'Tr0ub4dor&3-horse'
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lQGNvbnRvc28uY29tIn0.c2lnbmF0dXJlLXBhcnQ'

describe('redactSecrets', () => {
  it.each([
    [`AUTH PLAIN AGphbmVAY29udG9zby5jb20AVHIwdWI0ZG9y`, 'AUTH PLAIN [redacted]'],
    [`C: AUTH XOAUTH2 dXNlcj1qYW5lAWF1dGg9QmVhcmVyIGV5Sg==`, 'C: AUTH XOAUTH2 [redacted]'],
    [`Authorization: Bearer ${JWT}`, 'Authorization: Bearer [redacted]'],
    [
      `login failed for jane: password=${PASSWORD} rejected`,
      'login failed for jane: password=[redacted] rejected',
    ],
    [
      `{"username":"jane","password":"${PASSWORD}","port":587}`,
      '{"username":"jane","password":"[redacted]","port":587}',
    ],
    [`{"refresh_token": "0.AXo\\"quoted\\"AAA"}`, '{"refresh_token": "[redacted]"}'],
    [
      `https://login.example/cb?code=1&access_token=abc.def&state=2`,
      'https://login.example/cb?code=1&access_token=[redacted]',
    ],
    [`token ${JWT} expired`, 'token [redacted token] expired'],
  ])('%s', (input, expected) => {
    const out = redactSecrets(input)
    expect(out).toBe(expected)
    expect(out).not.toContain(PASSWORD)
  })

  it('leaves ordinary text alone', () => {
    const text =
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.'
    expect(redactSecrets(text)).toBe(text)
    expect(redactSecrets('EHLO printer.contoso.local')).toBe('EHLO printer.contoso.local')
  })

  it('masks e-mail addresses to their domain', () => {
    expect(maskEmail('jane.doe@contoso.com')).toBe('j…@contoso.com')
    expect(maskEmail('not-an-address')).toBe('…')
  })
})

describe('support log', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scanpath-log-'))
  })
  afterEach(() => {
    chmodSync(dir, 0o700)
    rmSync(dir, { recursive: true, force: true })
  })

  it('writes lines in order with time and level, redacted, one file per 1 KiB, keeping 2 old ones', async () => {
    let t = Date.parse('2026-11-28T10:00:00Z')
    const log = createSupportLog({
      dir: join(dir, 'logs'),
      maxBytes: 1024,
      keep: 2,
      echo: false,
      now: () => new Date(t++),
    })
    for (let i = 0; i < 60; i++)
      log.write(i % 10 === 0 ? 'error' : 'info', `line ${i} password=${PASSWORD}`)
    await log.flush()
    const files = readdirSync(join(dir, 'logs')).sort()
    expect(files).toEqual(['scanpath.1.log', 'scanpath.2.log', 'scanpath.log'])
    const all = ['scanpath.2.log', 'scanpath.1.log', 'scanpath.log']
      .map((f) => readFileSync(join(dir, 'logs', f), 'utf8'))
      .join('')
    expect(all).not.toContain(PASSWORD)
    for (const f of files) expect(statSync(join(dir, 'logs', f)).size).toBeLessThanOrEqual(1024)
    const numbers = all
      .split('\n')
      .filter(Boolean)
      .map((l) => Number(/line (\d+)/.exec(l)![1]))
    // The oldest lines were dropped with the third rotation; what is left is in order, no gaps.
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => numbers[0]! + i))
    expect(numbers.at(-1)).toBe(59)
    expect(all).toMatch(
      /^2026-11-28T10:00:00\.\d{3}Z (INFO |ERROR) line \d+ password=\[redacted\]$/m,
    )
    if (process.platform !== 'win32')
      expect(statSync(join(dir, 'logs', 'scanpath.log')).mode & 0o777).toBe(0o600)
    const tail = await log.tail(5)
    expect(tail).toHaveLength(5)
    expect(tail.at(-1)).toContain('line 59')
  })

  it('indents continuation lines and cuts a runaway message', async () => {
    const log = createSupportLog({ dir, echo: false })
    log.write('error', 'first\nsecond')
    log.write('warn', 'x'.repeat(20_000))
    await log.flush()
    const text = readFileSync(log.file, 'utf8')
    expect(text).toContain('first\n    second\n')
    expect(text).toContain('…[cut]')
    expect(text.length).toBeLessThan(9000)
  })

  it('a log folder that cannot be written leaves the app running, console only', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions: use a path whose parent is a file instead.
      writeFileSync(join(dir, 'blocker'), '')
      const log = createSupportLog({ dir: join(dir, 'blocker', 'logs'), echo: false })
      log.write('info', 'hello')
      await expect(log.flush()).resolves.toBeUndefined()
      expect(await log.tail(10)).toEqual([])
      return
    }
    chmodSync(dir, 0o500)
    const log = createSupportLog({ dir: join(dir, 'logs'), echo: false })
    log.write('info', 'hello')
    await expect(log.flush()).resolves.toBeUndefined()
  })
})

const ABOUT: AboutInfo = {
  name: 'ScanPath',
  version: '0.1.0',
  packaged: true,
  versions: { electron: '45.5.0', chrome: '142.0.0.0', node: '22.20.0' },
  os: 'Linux 6.1.0 (x64)',
  locale: 'en-GB',
  dataDir: '/home/jane/.config/ScanPath',
  logFile: '/home/jane/.config/ScanPath/logs/scanpath.log',
}

function sources(over: Partial<DiagnosticsSources> = {}): DiagnosticsSources {
  return {
    about: () => ABOUT,
    homeDir: '/home/jane',
    now: () => new Date('2026-11-28T10:00:00Z'),
    storage: async () => ({ kind: 'keychain' }),
    profiles: async () =>
      [
        {
          id: 'p1',
          name: 'Scanner mailbox',
          purpose: 'device',
          address: 'scanner@contoso.com',
          username: 'scanner@contoso.com',
          method: 'smtp-auth-basic',
          host: 'smtp.office365.com',
          port: 587,
          oauth: null,
          hasSecret: true,
        },
      ] as never,
    outbox: async () => [],
    online: async () => ({ online: false, checkedAt: '2026-11-28T09:59:00Z' }),
    jobCount: async () => 3,
    storeProblems: async () => [],
    logTail: async () => [
      `2026-11-28T09:00:00.000Z ERROR verify failed for jane.doe@contoso.com password=${PASSWORD}`,
      `2026-11-28T09:00:01.000Z INFO  opened /home/jane/.config/ScanPath/jobs/j1.json`,
    ],
    ...over,
  }
}

describe('diagnostics bundle', () => {
  it('says what runs where, with profiles, status and the log tail — no secret, no full address, no home path', async () => {
    const text = await buildDiagnostics(sources())
    expect(text).toContain('ScanPath 0.1.0')
    expect(text).toContain('Electron 45.5.0, Chromium 142.0.0.0, Node.js 22.20.0')
    expect(text).toContain('Data folder: ~/.config/ScanPath')
    expect(text).toContain('Log file: ~/.config/ScanPath/logs/scanpath.log')
    expect(text).toContain('Secrets: OS keychain')
    expect(text).toContain(
      '- Scanner mailbox [device] smtp-auth-basic smtp.office365.com:587 as s…@contoso.com; secret stored',
    )
    expect(text).toContain('Online: no (checked 2026-11-28T09:59:00Z)')
    expect(text).toContain('Jobs: 3')
    expect(text).toContain('verify failed for j…@contoso.com password=[redacted]')
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toContain('jane.doe@')
    expect(text).not.toContain('scanner@contoso.com')
    expect(text).not.toContain('/home/jane')
  })

  it('a section that hangs or fails leaves a note instead of blocking the bundle', async () => {
    const text = await buildDiagnostics(
      sources({
        storage: () => new Promise(() => {}),
        outbox: async () => {
          throw new Error('outbox folder unreadable')
        },
        jobCount: undefined,
      }),
    )
    expect(text).toContain('Keychain: no answer within 3 s')
    expect(text).toContain('Outbox: outbox folder unreadable')
    expect(text).toContain('Jobs: not available in this build')
  }, 10_000)

  it('stays under the size limit by cutting the oldest log lines', async () => {
    const lines = Array.from(
      { length: 5000 },
      (_, i) => `2026-11-28T09:00:00.000Z INFO  line ${i} ${'z'.repeat(60)}`,
    )
    const text = await buildDiagnostics(sources({ logTail: async (n) => lines.slice(-n) }))
    expect(text.length).toBeLessThanOrEqual(MAX_BUNDLE_CHARS + 1)
    expect(text).toContain('line 4999')
  })

  it('the support service puts the bundle on the clipboard, and says so when it could not', async () => {
    const clip: string[] = []
    const shown: string[] = []
    const svc = createSupportService({
      sources: sources(),
      writeClipboard: (t) => clip.push(t),
      showItemInFolder: (p) => shown.push(p),
    })
    const r = await svc.copyDiagnostics()
    expect(r.copied).toBe(true)
    expect(clip).toEqual([r.text])
    await svc.showLogFile()
    expect(shown).toEqual([ABOUT.logFile])
    const failing = createSupportService({
      sources: sources(),
      writeClipboard: () => {
        throw new Error('no clipboard')
      },
      showItemInFolder: () => {},
    })
    const r2 = await failing.copyDiagnostics()
    expect(r2.copied).toBe(false)
    expect(r2.text).toContain('# ScanPath diagnostics')
  })
})
