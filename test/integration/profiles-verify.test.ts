/**
 * Mailbox profiles and the Verify check through the real handler table (the same one Electron
 * IPC and the browser test host use): the password goes in once and never comes back — not in
 * any reply, event, log line or file the app wrote.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { dispatch, type HandlerContext } from '../../electron/ipc/dispatch'
import { createHandlers } from '../../electron/ipc/handlers'
import { createMemorySecretStore } from '../../electron/secrets'
import { createJobService, type JobService } from '../../electron/services/job-service'
import { createProbeService } from '../../electron/services/probe-service'
import { createProfileService } from '../../electron/services/profile-service'
import { createVerifyService } from '../../electron/services/verify-service'
import type { MailboxProfile } from '../../shared/profile-types'
import { useScenarioPeers } from '../helpers/scenario-peers'
import { startScenarioServer, type ScenarioServer } from '../helpers/scenario-smtp-server'

const peers = useScenarioPeers()
const PASSWORD = 'N0t-In-Any-File!'
const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await filesUnder(p)))
    else out.push(p)
  }
  return out
}

describe('mailbox profiles and Verify', () => {
  let dataDir: string
  let port: number
  const sent: unknown[] = []
  const logs: string[] = []
  const ctx: HandlerContext = { emit: (event, payload) => sent.push({ event, payload }) }
  let call: (channel: string, payload: unknown) => Promise<unknown>
  let jobs: JobService

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scanpath-profiles-'))
    dirs.push(dataDir)
    const server = await startServer()
    port = server
    const store = createMemorySecretStore()
    const profiles = await createProfileService({
      dataDir,
      openSecrets: async () => ({
        store,
        status: { kind: 'session', reason: 'no keychain in this test' },
      }),
    })
    jobs = await createJobService({ dataDir: join(dataDir, 'jobs') })
    const handlers = createHandlers({
      probes: createProbeService(peers.deps),
      jobs,
      profiles,
      verify: createVerifyService({ profiles, deps: peers.deps }),
      openExternal: async () => {},
    })
    call = async (channel, payload) => {
      const r = await dispatch(handlers, channel, payload, ctx, (m) => logs.push(m))
      sent.push(r)
      return r
    }
  })

  // One server for the whole file (peers.serve closes its servers after each test).
  let server: ScenarioServer | undefined
  afterAll(async () => {
    await server?.close()
  })
  async function startServer(): Promise<number> {
    server = await startScenarioServer({
      scenario: 'exchange',
      pki: peers.pki,
      users: { 'scanner@contoso.test': PASSWORD },
    })
    return server.port
  }

  const profile = (): MailboxProfile => ({
    id: 'profile-0001',
    name: 'Contoso scanner',
    purpose: 'device',
    address: 'scanner@contoso.test',
    username: 'scanner@contoso.test',
    method: 'basic',
    host: 'localhost',
    port,
    oauth: null,
  })

  it('saves a profile, takes the password once, and only ever says hasSecret', async () => {
    expect(await call('profiles:save', { profile: profile() })).toMatchObject({
      ok: true,
      value: { id: 'profile-0001', hasSecret: false },
    })
    expect(
      await call('profiles:set-secret', { id: 'profile-0001', secret: PASSWORD }),
    ).toMatchObject({ ok: true, value: { hasSecret: true } })
    const list = (await call('profiles:list', {})) as {
      ok: true
      value: { profiles: unknown[]; storage: unknown }
    }
    expect(list.value.storage).toEqual({ kind: 'session', reason: 'no keychain in this test' })
    // A password profile has no Microsoft sign-in to show.
    expect(list.value.profiles).toEqual([{ ...profile(), hasSecret: true, oauthSignIn: null }])
  })

  it('Verify for a job: main keeps the outcome, with its time, in the job and tells the window', async () => {
    const job = await jobs.create()
    sent.length = 0
    const before = Date.now()
    const r = (await call('verify:run', {
      jobId: job.id,
      profileId: 'profile-0001',
      sendTo: null,
    })) as { ok: true; value: { status: string; explanation: string } }
    expect(r.value.status).toBe('pass')
    const kept = (await jobs.get(job.id)).verifyOutcome
    expect(kept).toMatchObject({ passed: true, text: r.value.explanation })
    expect(Date.parse(kept!.at)).toBeGreaterThanOrEqual(before - 1000)
    expect(sent).toContainEqual({
      event: 'jobs:measured',
      payload: expect.objectContaining({ jobId: job.id, verifyOutcome: kept }),
    })
    // A failed test replaces it; an unknown job is refused before anything runs.
    await call('verify:run', { jobId: job.id, profileId: 'missing-profile', sendTo: null })
    expect((await jobs.get(job.id)).verifyOutcome).toEqual(kept)
    expect(
      await call('verify:run', { jobId: 'no-such-job-9', profileId: 'profile-0001', sendTo: null }),
    ).toMatchObject({
      ok: false,
      error: { message: 'Could not run the test: no job no-such-job-9' },
    })
  })

  it('Verify signs in with the stored password, and sends a test message', async () => {
    const auth = (await call('verify:run', { profileId: 'profile-0001', sendTo: null })) as {
      ok: true
      value: { status: string; explanation: string }
    }
    expect(auth.value.status).toBe('pass')
    expect(auth.value.explanation).toContain('Signed in as scanner@contoso.test with LOGIN')
    const send = (await call('verify:run', {
      profileId: 'profile-0001',
      sendTo: 'helpdesk@contoso.test',
    })) as { ok: true; value: { status: string; explanation: string } }
    expect(send.value.status).toBe('pass')
    expect(send.value.explanation).toContain('250 2.6.0 Queued mail for delivery')
  })

  it('bad input is refused with a clear message and changes nothing', async () => {
    const bad = await call('profiles:save', {
      profile: { ...profile(), address: 'scanner', port: 70000 },
    })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload' } })
    expect((bad as { error: { message: string } }).error.message).toContain(
      'profile.address is not an email address',
    )
    expect((bad as { error: { message: string } }).error.message).toContain(
      'profile.port must be between 1 and 65535',
    )
    expect(await call('profiles:set-secret', { id: 'profile-0001', secret: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-payload' },
    })
    expect(
      await call('verify:run', { profileId: 'profile-0001', sendTo: 'not-an-address' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-payload' } })
    expect(await call('verify:run', { profileId: 'missing-profile', sendTo: null })).toMatchObject({
      ok: false,
      error: {
        code: 'internal',
        message: 'Could not run the test: no mailbox profile missing-profile',
      },
    })
    // The stored profile is untouched and still works.
    const again = (await call('verify:run', { profileId: 'profile-0001', sendTo: null })) as {
      ok: true
      value: { status: string }
    }
    expect(again.value.status).toBe('pass')
  })

  it('Verify against a server whose certificate is for another name: stops, the password is not sent', async () => {
    // Something on the site's network answers in the submission host's place (TLS inspection).
    const intercepting = await peers.serve('wrong-host-cert', {
      users: { 'scanner@contoso.test': PASSWORD },
    })
    await call('profiles:save', {
      profile: { ...profile(), id: 'profile-0003', port: intercepting.port },
    })
    await call('profiles:set-secret', { id: 'profile-0003', secret: PASSWORD })
    const r = (await call('verify:run', { profileId: 'profile-0003', sendTo: null })) as {
      ok: true
      value: { status: string; explanation: string }
    }
    expect(r.value.status).toBe('fail')
    expect(r.value.explanation).toContain('something on this network intercepts TLS')
    expect(r.value.explanation).toContain('your password was not sent.')
    await expect.poll(() => intercepting.sessions[0]?.closedByClient).toBe(true)
    const lines = intercepting.sessions.flatMap((x) => x.commands.map((c) => c.line))
    expect(lines.some((l) => /^AUTH/i.test(l))).toBe(false)
    expect(lines.join('\n')).not.toContain(Buffer.from(PASSWORD).toString('base64'))
  })

  it('forgetting the password: Verify says what to do', async () => {
    await call('profiles:save', { profile: { ...profile(), id: 'profile-0002' } })
    const r = await call('verify:run', { profileId: 'profile-0002', sendTo: null })
    expect(r).toMatchObject({
      ok: false,
      error: {
        message:
          'Could not run the test: No password is stored for Contoso scanner: enter it in Settings first.',
      },
    })
  })

  it('the password appears nowhere: not in replies or events, not in logs, not in any file written', async () => {
    const encoded = Buffer.from(PASSWORD).toString('base64')
    const everything = JSON.stringify({ sent, logs })
    expect(everything).not.toContain(PASSWORD)
    expect(everything).not.toContain(encoded)
    const files = await filesUnder(dataDir)
    expect(files.some((f) => f.endsWith('profiles.json'))).toBe(true)
    for (const f of files) {
      const text = await readFile(f, 'utf8')
      expect(text, f).not.toContain(PASSWORD)
      expect(text, f).not.toContain(encoded)
    }
  })
})
