/**
 * The office outbox against the Exchange-like scenario server on loopback: a server that is
 * down, then comes up on that port (delivered once), refusals (4xx waits, 5xx fails with the
 * reply explained and nothing lost), a real crash mid-send (a child process killed with
 * SIGKILL while the server holds its reply), and the security floor (no STARTTLS, a
 * certificate that does not verify: nothing sent, no password on the wire). The secret never
 * appears in any file under an outbox folder.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

import { createOutbox, type Outbox, type OutboxOptions } from '../../electron/mail/outbox'
import type { OutboxView } from '../../shared/outbox-types'
import type { MailboxProfile } from '../../shared/profile-types'
import { useScenarioPeers } from '../helpers/scenario-peers'
import type { ScenarioMessage } from '../helpers/scenario-smtp-server'

const peers = useScenarioPeers()
const USER = 'reports@contoso.test'
const SECRET = 'Offic3-Rep0rts-S3cret!'
const OFFICE = 'office@contoso.test'

// A PDF-like body with bytes SMTP would mangle if they were not encoded: NUL, bare CR/LF, and
// a line holding a single dot (the end-of-DATA marker).
const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
  randomBytes(4096),
  Buffer.from('\r\n.\r\n\0\r\r\n', 'latin1'),
  Buffer.from('\n%%EOF\n'),
])

const dirs: string[] = []
const outboxes: Outbox[] = []
afterAll(async () => {
  await Promise.all(outboxes.map((o) => o.stop()))
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const d of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, d.name)
    if (d.isDirectory()) out.push(...(await filesUnder(p)))
    else out.push(p)
  }
  return out
}

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'scanpath-outbox-'))
  dirs.push(d)
  return d
}

/** A port nobody listens on (yet): the office server "down". */
async function freePort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  const port = (s.address() as { port: number }).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

function officeProfile(port: number, over: Partial<MailboxProfile> = {}): MailboxProfile {
  return {
    id: 'office-profile-1',
    name: 'Office reports',
    purpose: 'office-reports',
    address: USER,
    username: USER,
    method: 'basic',
    host: '127.0.0.1',
    port,
    oauth: null,
    ...over,
  }
}

/** The profile service's two main-only calls, over a profile the test can repoint. */
function profilesAt(target: { port: number }): OutboxOptions['profiles'] {
  return {
    credentials: async () => ({ profile: officeProfile(target.port), secret: SECRET }),
    accessToken: async () => {
      throw new Error('not an OAuth profile')
    },
  }
}

function newOutbox(dir: string, target: { port: number }): Outbox {
  const outbox = createOutbox({
    dir,
    profiles: profilesAt(target),
    // Only adds trust in the test CA: the security settings themselves are not overridable.
    transportFor: () => ({
      tls: { ca: [peers.pki.ca.cert] },
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    }),
    backoff: { firstMs: 100, maxMs: 400 },
  })
  outboxes.push(outbox)
  return outbox
}

function report(jobId: string) {
  return {
    jobId,
    profileId: 'office-profile-1',
    to: OFFICE,
    subject: `ScanPath report — ${jobId}`,
    summary: `Job ${jobId}: scanner sends via smtp.office365.com:587 (OAuth). All checks passed.\n.\nEnd.`,
    attachments: [
      { name: 'report.pdf', contentType: 'application/pdf', content: PDF },
      {
        name: 'report.json',
        contentType: 'application/json',
        content: Buffer.from(JSON.stringify({ jobId, checks: ['reach', 'starttls'] })),
      },
    ],
  }
}

async function waitFor(
  outbox: Outbox,
  id: string,
  ok: (v: OutboxView) => boolean,
  ms = 15_000,
): Promise<OutboxView> {
  const until = Date.now() + ms
  for (;;) {
    const v = (await outbox.list()).find((e) => e.id === id)
    if (v && ok(v)) return v
    if (Date.now() > until) throw new Error(`timed out; last seen ${JSON.stringify(v)}`)
    await sleep(20)
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The decoded body of the attachment with this file name, from the raw message. */
function attachment(m: ScenarioMessage, filename: string): Buffer {
  const at = m.data.search(new RegExp(`filename="?${filename.replace('.', '\\.')}"?`))
  expect(at, `${filename} in the message`).toBeGreaterThan(-1)
  const start = m.data.lastIndexOf('\r\n--', at)
  const headerEnd = m.data.indexOf('\r\n\r\n', at)
  const bodyEnd = m.data.indexOf('\r\n--', headerEnd)
  const headers = m.data.slice(start, headerEnd)
  const body = m.data.slice(headerEnd + 4, bodyEnd)
  expect(headers).toMatch(/content-transfer-encoding:\s*base64/i)
  return Buffer.from(body.replace(/\r\n/g, ''), 'base64')
}

async function entryOnDisk(dir: string, id: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(dir, id, 'entry.json'), 'utf8')) as Record<string, unknown>
}

const users = { [USER]: SECRET }

describe('office outbox', () => {
  it('waits while the office server is down, then delivers each report exactly once', async () => {
    const dir = await tempDir()
    const target = { port: await freePort() }
    const outbox = newOutbox(dir, target)
    const states: string[] = []
    outbox.onChange((v) => states.push(v.state))
    await outbox.start()

    const first = await outbox.enqueue(report('job-1'))
    expect(first.state).toBe('queued')
    expect(first.messageId).toMatch(/^<report-job-1-[0-9a-f]{24}@scanpath\.local>$/)
    // Durable before enqueue returned: the entry and its attachments are on disk.
    expect(await entryOnDisk(dir, first.id)).toMatchObject({ messageId: first.messageId })
    expect(first.attachments).toEqual([
      { name: 'report.pdf', contentType: 'application/pdf', size: PDF.length },
      expect.objectContaining({ name: 'report.json' }),
    ])
    expect(JSON.stringify(first)).not.toContain(dir)

    const waiting = await waitFor(outbox, first.id, (v) => v.attempts >= 2 && v.state === 'queued')
    expect(waiting.state).toBe('queued')
    expect(waiting.lastError?.code).toBe('network')
    expect(waiting.lastError?.explanation).toContain('ECONNREFUSED')
    expect(Date.parse(waiting.nextAttemptAt ?? '')).toBeGreaterThan(0)

    // The server comes up on that port: the next retry delivers.
    const server = await peers.serve('exchange', { users, port: target.port })
    const sent = await waitFor(outbox, first.id, (v) => v.state === 'sent')
    expect(sent.serverReply).toBe('250 2.6.0 Queued mail for delivery')
    expect(sent.lastError).toBeNull()
    expect(sent.nextAttemptAt).toBeNull()
    expect(server.messages).toHaveLength(1)
    const [m] = server.messages
    expect(m?.messageId).toBe(first.messageId)
    expect(m?.data).toMatch(new RegExp(`^From: ${USER}\\r$`, 'm'))
    expect(m?.data).toMatch(new RegExp(`^To: ${OFFICE}\\r$`, 'm'))
    // The summary is the body (quoted-printable, as its line is long): soft breaks undone.
    const body = (m?.data ?? '').replace(/=\r\n/g, '')
    expect(body).toContain('smtp.office365.com:587 (OAuth). All checks passed.')
    // Attachments arrive intact, byte for byte.
    expect(attachment(m!, 'report.pdf').equals(PDF)).toBe(true)
    expect(JSON.parse(attachment(m!, 'report.json').toString('utf8'))).toEqual({
      jobId: 'job-1',
      checks: ['reach', 'starttls'],
    })
    // It went over TLS, signed in, after STARTTLS only.
    const cmds = server.sessions.at(-1)?.commands ?? []
    expect(cmds.find((c) => c.line.startsWith('AUTH'))?.tls).toBe(true)
    expect(server.sessions.at(-1)?.tlsProtocol).toMatch(/^TLSv1\.[23]$/)
    expect(states).toContain('sending')

    // Exactly once: nothing more goes out while the retries' timers would have fired again.
    await sleep(600)
    expect(server.messages).toHaveLength(1)

    // "Send to office" again with the same report: the same entry, not a second message.
    const again = await outbox.enqueue(report('job-1'))
    expect(again.id).toBe(first.id)
    expect(again.state).toBe('sent')

    const second = await outbox.enqueue(report('job-2'))
    expect(second.messageId).not.toBe(first.messageId)
    await waitFor(outbox, second.id, (v) => v.state === 'sent')
    expect(server.messages.map((x) => x.messageId)).toEqual([first.messageId, second.messageId])

    // An app restart on the same folder finds both sent and sends nothing again.
    await outbox.stop()
    const restarted = newOutbox(dir, target)
    await restarted.start()
    expect((await restarted.list()).map((v) => [v.id, v.state])).toEqual([
      [second.id, 'sent'],
      [first.id, 'sent'],
    ])
    await sleep(300)
    expect(server.messages).toHaveLength(2)
  })

  it('marks a 5xx to MAIL FROM failed with the reply explained, keeps the report, and retries on request', async () => {
    const dir = await tempDir()
    const refusing = await peers.serve('exchange', {
      users,
      mailFromReply:
        '550 5.7.60 SMTP; Client does not have permissions to send as this sender [AM0PR01MB1234.eurprd01.prod.outlook.com]',
    })
    const target = { port: refusing.port }
    const outbox = newOutbox(dir, target)
    await outbox.start()
    const v = await outbox.enqueue(report('job-5xx'))
    const failed = await waitFor(outbox, v.id, (x) => x.state === 'failed')
    expect(failed.attempts).toBe(1)
    expect(failed.nextAttemptAt).toBeNull()
    expect(failed.lastError).toMatchObject({
      code: 'reply',
      gate: 'send-as-denied',
      reply: { code: 550, enhanced: '5.7.60' },
    })
    expect(failed.lastError?.explanation).toContain('"550 5.7.60 SMTP; Client does not have')
    expect(failed.lastError?.explanation).toContain('Not allowed to send as this address')
    expect(failed.lastError?.fix).toContain(`-Trustee ${USER}`)
    expect(refusing.messages).toHaveLength(0)

    // Nothing lost: the attachments are still on disk, and no retry happens by itself.
    const files = await readdir(join(dir, v.id))
    expect(files.sort()).toEqual(['0-report.pdf', '1-report.json', 'entry.json'])
    expect((await readFile(join(dir, v.id, '0-report.pdf'))).equals(PDF)).toBe(true)
    await sleep(500)
    expect(refusing.sessions).toHaveLength(1)

    // The admin fixed it (here: the profile now reaches a server that accepts): retry now.
    const good = await peers.serve('exchange', { users })
    target.port = good.port
    await outbox.retryNow(v.id)
    const sent = await waitFor(outbox, v.id, (x) => x.state === 'sent')
    expect(sent.attempts).toBe(2)
    expect(good.messages.map((m) => m.messageId)).toEqual([v.messageId])
  })

  it('marks a 5xx at the end of DATA failed; a 4xx there waits and resends the same Message-ID', async () => {
    const dir = await tempDir()
    const refusing = await peers.serve('exchange', {
      users,
      dataEndReply: () => '554 5.6.0 Corrupt message content; cannot convert message',
    })
    const target = { port: refusing.port }
    const outbox = newOutbox(dir, target)
    await outbox.start()
    const v = await outbox.enqueue(report('job-data-5xx'))
    const failed = await waitFor(outbox, v.id, (x) => x.state === 'failed')
    expect(failed.lastError).toMatchObject({
      code: 'reply',
      reply: {
        code: 554,
        enhanced: '5.6.0',
        text: '5.6.0 Corrupt message content; cannot convert message',
      },
    })
    expect(failed.lastError?.explanation).toContain('to DATA "554 5.6.0 Corrupt message content')
    expect(failed.lastError?.explanation).toContain('the report stays in the outbox')

    // A temporary refusal: queued again, then accepted; both tries carry one Message-ID.
    let replies = 0
    const busy = await peers.serve('exchange', {
      users,
      dataEndReply: () =>
        replies++ === 0
          ? '451 4.7.500 Server busy. Please try again later from [203.0.113.7]'
          : '250 2.6.0 Queued mail for delivery',
    })
    target.port = busy.port
    const w = await outbox.enqueue(report('job-data-4xx'))
    const sent = await waitFor(outbox, w.id, (x) => x.state === 'sent')
    expect(sent.attempts).toBe(2)
    expect(busy.messages.map((m) => m.messageId)).toEqual([w.messageId, w.messageId])
  })

  it('after a crash mid-send, the next start resends with the same Message-ID', async () => {
    const dir = await tempDir()
    let hold = true
    // Receives the whole message, then (while `hold`) never answers: the sender cannot know.
    const server = await peers.serve('exchange', {
      users,
      dataEndReply: () => (hold ? null : '250 2.6.0 Queued mail for delivery'),
    })
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: {
        ...process.env,
        OUTBOX_CHILD: JSON.stringify({
          dir,
          port: server.port,
          user: USER,
          secret: SECRET,
          to: OFFICE,
          caFile: peers.pki.caFile,
          pdf: PDF.toString('base64'),
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise<NodeJS.Signals | number | null>((r) =>
      child.once('exit', (code, signal) => r(signal ?? code)),
    )
    const until = Date.now() + 20_000
    while (server.messages.length === 0) {
      if (Date.now() > until) throw new Error(`child never sent; stderr: ${stderr}`)
      await sleep(20)
    }
    const [id] = await readdir(dir)
    expect(id).toBeDefined()
    // On disk before the connection opened: 'sending'.
    const before = await entryOnDisk(dir, id!)
    expect(before).toMatchObject({ state: 'sending', attempts: 1 })
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')

    hold = false
    const outbox = newOutbox(dir, { port: server.port })
    const changes: OutboxView[] = []
    outbox.onChange((v) => changes.push(v))
    await outbox.start()
    expect(changes[0]).toMatchObject({ state: 'queued', lastError: { code: 'interrupted' } })
    const sent = await waitFor(outbox, id!, (v) => v.state === 'sent')
    expect(sent.attempts).toBe(2)
    // At most twice, and the same Message-ID both times: what lets the office drop the copy.
    expect(server.messages).toHaveLength(2)
    expect(server.messages.map((m) => m.messageId)).toEqual([before.messageId, before.messageId])
    // The same Date too: the resend is the same message, not a new report.
    const date = (m: ScenarioMessage) => /^Date: (.*)\r$/m.exec(m.data)?.[1]
    expect(date(server.messages[1]!)).toBe(date(server.messages[0]!))
    expect(attachment(server.messages[1]!, 'report.pdf').equals(PDF)).toBe(true)
  })

  it('waits while the office server name does not resolve, then delivers', async () => {
    const dir = await tempDir()
    const server = await peers.serve('exchange', { users })
    // The site's DNS is down: the name fails to resolve until it comes back.
    let dnsUp = false
    const lookups: string[] = []
    const outbox = createOutbox({
      dir,
      profiles: {
        credentials: async () => ({
          profile: officeProfile(server.port, { host: 'localhost' }),
          secret: SECRET,
        }),
        accessToken: async () => {
          throw new Error('not an OAuth profile')
        },
      },
      lookup: async (name) => {
        lookups.push(name)
        if (!dnsUp)
          throw Object.assign(new Error(`getaddrinfo EAI_AGAIN ${name}`), { code: 'EAI_AGAIN' })
        return [{ address: '127.0.0.1', family: 4 }]
      },
      transportFor: () => ({ tls: { ca: [peers.pki.ca.cert] } }),
      backoff: { firstMs: 100, maxMs: 400 },
    })
    outboxes.push(outbox)
    await outbox.start()
    const v = await outbox.enqueue(report('job-no-dns'))
    const waiting = await waitFor(outbox, v.id, (x) => x.attempts >= 2 && x.state === 'queued')
    expect(waiting.lastError?.code).toBe('network')
    expect(waiting.lastError?.explanation).toContain('localhost did not resolve (EAI_AGAIN)')
    expect(waiting.lastError?.explanation).toContain('waits in the outbox and is tried again')
    expect(server.sessions).toHaveLength(0)

    dnsUp = true
    const sent = await waitFor(outbox, v.id, (x) => x.state === 'sent')
    expect(sent.lastError).toBeNull()
    expect(server.messages.map((m) => m.messageId)).toEqual([v.messageId])
    expect(lookups.every((n) => n === 'localhost')).toBe(true)
  })

  it('sends nothing to a server without STARTTLS, and says why', async () => {
    const dir = await tempDir()
    const server = await peers.serve('no-starttls', { users })
    const outbox = newOutbox(dir, { port: server.port })
    await outbox.start()
    const v = await outbox.enqueue(report('job-plain'))
    const failed = await waitFor(outbox, v.id, (x) => x.state === 'failed')
    expect(failed.lastError).toMatchObject({ code: 'starttls-missing', gate: 'starttls-required' })
    expect(failed.lastError?.explanation).toContain('refused to encrypt the session')
    expect(failed.lastError?.explanation).toContain("500 5.3.3 Unrecognized command 'STARTTLS'")
    // No password and no message over plaintext.
    const lines = server.sessions.flatMap((s) => s.commands.map((c) => c.line))
    expect(lines.some((l) => /^(AUTH|MAIL|DATA)/i.test(l))).toBe(false)
    expect(server.messages).toHaveLength(0)
  })

  it.each(['self-signed-cert', 'expired-cert', 'wrong-host-cert'] as const)(
    'sends nothing when the certificate does not verify (%s)',
    async (scenario) => {
      const dir = await tempDir()
      const server = await peers.serve(scenario, { users })
      const outbox = newOutbox(dir, { port: server.port })
      await outbox.start()
      const v = await outbox.enqueue(report(`job-${scenario}`))
      const failed = await waitFor(outbox, v.id, (x) => x.state === 'failed')
      expect(failed.lastError?.code).toBe('certificate')
      expect(failed.lastError?.explanation).toMatch(
        /certificate of 127\.0\.0\.1:\d+ could not be verified/,
      )
      const lines = server.sessions.flatMap((s) => s.commands.map((c) => c.line))
      expect(lines.some((l) => /^(AUTH|MAIL)/i.test(l))).toBe(false)
      expect(server.messages).toHaveLength(0)
    },
  )

  it.each<[string, { secret?: string; username?: string }, RegExp]>([
    ['a NUL in the password', { secret: 'pass\u0000word' }, /password contains a NUL/],
    [
      'a line break in the user name',
      { username: `${USER}\r\nQUIT` },
      /user name contains a control character/,
    ],
  ])(
    'refuses credentials that would break their SASL framing (%s): nothing sent',
    async (_what, bad, words) => {
      const dir = await tempDir()
      const server = await peers.serve('exchange', { users })
      const outbox = createOutbox({
        dir,
        profiles: {
          credentials: async () => ({
            profile: officeProfile(server.port, bad.username ? { username: bad.username } : {}),
            secret: bad.secret ?? SECRET,
          }),
          accessToken: async () => {
            throw new Error('not an OAuth profile')
          },
        },
        transportFor: () => ({ tls: { ca: [peers.pki.ca.cert] } }),
        backoff: { firstMs: 100, maxMs: 400 },
      })
      outboxes.push(outbox)
      await outbox.start()
      const v = await outbox.enqueue(report('job-sasl'))
      const failed = await waitFor(outbox, v.id, (x) => x.state === 'failed')
      expect(failed.lastError?.code).toBe('auth')
      expect(failed.lastError?.explanation).toMatch(words)
      expect(server.sessions).toHaveLength(0)
    },
  )

  it('fails a wrong password with the 535 explained, and never stores the password', async () => {
    const dir = await tempDir()
    const server = await peers.serve('exchange', { users: { [USER]: 'another-password' } })
    const outbox = newOutbox(dir, { port: server.port })
    await outbox.start()
    const v = await outbox.enqueue(report('job-535'))
    const failed = await waitFor(outbox, v.id, (x) => x.state === 'failed')
    expect(failed.lastError).toMatchObject({
      code: 'auth',
      gate: 'wrong-credentials',
      reply: { code: 535, enhanced: '5.7.3' },
    })
    expect(JSON.stringify(failed)).not.toContain(SECRET)
  })

  it('signs in with an OAuth access token (XOAUTH2) for an OAuth sending profile', async () => {
    const TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbSJ9.c2ln'
    const server = await peers.serve('exchange', { users: { [USER]: TOKEN } })
    const profile = officeProfile(server.port, {
      method: 'oauth',
      oauth: { clientId: '00000000-0000-4000-8000-000000000001', tenant: 'contoso.test' },
    })
    const outbox = createOutbox({
      dir: await tempDir(),
      profiles: {
        credentials: async () => ({ profile, secret: 'refresh-token-in-the-keychain' }),
        accessToken: async () => TOKEN,
      },
      transportFor: () => ({ tls: { ca: [peers.pki.ca.cert] } }),
    })
    outboxes.push(outbox)
    await outbox.start()
    const v = await outbox.enqueue(report('job-oauth'))
    await waitFor(outbox, v.id, (x) => x.state === 'sent')
    const auth = server.sessions.at(-1)?.commands.find((c) => c.line.startsWith('AUTH'))
    expect(auth?.line).toMatch(/^AUTH XOAUTH2 /)
    expect(server.messages.map((m) => m.messageId)).toEqual([v.messageId])
  })

  it('moves a damaged entry aside and loads the rest', async () => {
    const dir = await tempDir()
    const first = newOutbox(dir, { port: await freePort() })
    const a = await first.enqueue(report('job-a'))
    const b = await first.enqueue(report('job-b'))
    await writeFile(join(dir, a.id, 'entry.json'), '{"id": "cut sho')
    const second = newOutbox(dir, { port: 1 })
    expect((await second.list()).map((v) => v.id)).toEqual([b.id])
    const quarantined = await readdir(join(dir, a.id, 'quarantine'))
    expect(quarantined).toHaveLength(1)
    expect((await stat(join(dir, a.id, '0-report.pdf'))).size).toBe(PDF.length)
  })

  // Last, over every folder the tests above used (they run in order within this file).
  it('leaves the password in no file under any outbox folder', async () => {
    await Promise.all(outboxes.map((o) => o.stop()))
    const files = (await Promise.all(dirs.map(filesUnder))).flat()
    expect(files.filter((f) => f.endsWith('entry.json')).length).toBeGreaterThanOrEqual(10)
    for (const f of files) {
      const text = (await readFile(f)).toString('latin1')
      // Plain, and base64 as AUTH LOGIN sends it.
      expect(text, f).not.toContain(SECRET)
      expect(text, f).not.toContain(Buffer.from(SECRET).toString('base64'))
    }
  })
})

// The child: an outbox that starts sending, and is killed by the test mid-send.
const CHILD = `
import { readFileSync } from 'node:fs'
// tsx loads the .ts as CommonJS here (no "type": "module"), so its exports sit on default.
const mod = await import(${JSON.stringify(resolve(import.meta.dirname, '../../electron/mail/outbox.ts'))})
const { createOutbox } = mod.default ?? mod
const c = JSON.parse(process.env.OUTBOX_CHILD)
const profile = {
  id: 'office-profile-1', name: 'Office reports', purpose: 'office-reports', address: c.user,
  username: c.user, method: 'basic', host: '127.0.0.1', port: c.port, oauth: null,
}
const outbox = createOutbox({
  dir: c.dir,
  profiles: {
    credentials: async () => ({ profile, secret: c.secret }),
    accessToken: async () => { throw new Error('not OAuth') },
  },
  transportFor: () => ({ tls: { ca: [readFileSync(c.caFile, 'utf8')] } }),
})
await outbox.start()
await outbox.enqueue({
  jobId: 'job-crash', profileId: profile.id, to: c.to, subject: 'ScanPath report — job-crash',
  summary: 'Crash test.',
  attachments: [{ name: 'report.pdf', contentType: 'application/pdf', content: Buffer.from(c.pdf, 'base64') }],
})
// Stay alive (the held reply would otherwise wait on unref'd sockets) until killed.
setInterval(() => {}, 1000)
`
