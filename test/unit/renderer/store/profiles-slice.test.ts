import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { UNUSED_API } from '../../../helpers/unused-api'

import type { ScanpathGlobal } from '../../../../renderer/src/env'
import { useAppStore } from '../../../../renderer/src/store'
import type { ScanpathApi } from '../../../../shared/api'
import type { InvokeRequest } from '../../../../shared/schemas/ipc'
import { newJob } from '../../../../shared/job-types'
import type { VerifyResult } from '../../../../shared/probe-types'
import type {
  MailboxProfile,
  MailboxProfileView,
  OAuthPrompt,
} from '../../../../shared/profile-types'
import { err, ok, type Result } from '../../../../shared/result'

const SECRET = 'Sc4n-P@ss-unit'

const profile: MailboxProfile = {
  id: 'profile-0001',
  name: 'Contoso scanner',
  purpose: 'device',
  address: 'scanner@contoso.test',
  username: 'scanner@contoso.test',
  method: 'basic',
  host: 'localhost',
  port: 2525,
  oauth: null,
}

const result = (status: 'pass' | 'fail', explanation: string): VerifyResult => ({
  id: 'auth-test',
  title: 'Sign-in to localhost:2525',
  status,
  explanation,
  fix: null,
  durationMs: 12,
  phases: [],
  data: null,
  transcript: [],
})

interface FakeMain {
  secrets: Map<string, string>
  verifies: ((r: Result<VerifyResult>) => void)[]
  /** What each Verify test asked main for. */
  verifyRequests: InvokeRequest<'verify:run'>[]
  prompt(p: OAuthPrompt): void
  finishSignIn(r: Result<{ username: string; expiresOn: string }>): void
  savedJobs: unknown[]
}

function installFakeMain(): FakeMain {
  const profiles = new Map<string, MailboxProfile>([[profile.id, profile]])
  const secrets = new Map<string, string>()
  const verifies: FakeMain['verifies'] = []
  const verifyRequests: FakeMain['verifyRequests'] = []
  const promptListeners = new Set<(p: OAuthPrompt) => void>()
  let signInDone: ((r: Result<{ username: string; expiresOn: string }>) => void) | null = null
  const savedJobs: unknown[] = []
  const view = (p: MailboxProfile): MailboxProfileView => ({
    ...p,
    hasSecret: secrets.has(p.id),
    // What main reads from a saved Microsoft sign-in (here: whenever a secret is kept).
    oauthSignIn: secrets.has(p.id)
      ? { account: p.username, refreshedAt: '2026-11-28T08:05:00.000Z' }
      : null,
  })
  const job = newJob('job-00000001', '2026-11-28T07:00:00.000Z')
  const api: ScanpathApi = {
    ...UNUSED_API,
    createJob: async () => ok(job),
    saveJob: async (req) => {
      savedJobs.push(req.job)
      return ok({ updatedAt: '2026-11-28T08:00:00.000Z' })
    },
    listProfiles: async () =>
      ok({
        profiles: [...profiles.values()].map(view),
        storage: { kind: 'session', reason: 'no keychain here' },
      }),
    saveProfile: async ({ profile: p }) => {
      profiles.set(p.id, p)
      return ok(view(p))
    },
    setProfileSecret: async ({ id, secret }) => {
      if (secret === 'N0pe-Secret!') return err('internal', `keychain refused "${secret}"`)
      secrets.set(id, secret)
      return ok(view(profiles.get(id)!))
    },
    forgetProfileSecret: async ({ id }) => {
      secrets.delete(id)
      return ok(view(profiles.get(id)!))
    },
    deleteProfile: async ({ id }) => ok({ deleted: profiles.delete(id) }),
    runVerify: (req) => {
      verifyRequests.push(req)
      return new Promise((resolve) => verifies.push(resolve))
    },
    signInProfile: () =>
      new Promise((resolve) => {
        signInDone = resolve
      }),
    onOAuthPrompt: (l) => {
      promptListeners.add(l)
      return () => promptListeners.delete(l)
    },
  }
  ;(globalThis as ScanpathGlobal).scanpath = api
  return {
    secrets,
    verifies,
    verifyRequests,
    savedJobs,
    prompt: (p) => promptListeners.forEach((l) => l(p)),
    finishSignIn: (r) => signInDone?.(r),
  }
}

const store = () => useAppStore.getState()

describe('profiles slice', () => {
  let main: FakeMain
  beforeEach(() => {
    main = installFakeMain()
  })
  afterEach(() => {
    store().reset()
    delete (globalThis as ScanpathGlobal).scanpath
  })

  it('sends a password once and keeps nothing of it, only hasSecret', async () => {
    await store().profiles.load()
    const list = store().profiles.list
    expect(list.kind === 'ready' && list.storage).toEqual({
      kind: 'session',
      reason: 'no keychain here',
    })
    expect(await store().profiles.setSecret(profile.id, SECRET)).toBeNull()
    expect(main.secrets.get(profile.id)).toBe(SECRET)
    expect(JSON.stringify(store())).not.toContain(SECRET)
    const after = store().profiles.list
    expect(after.kind === 'ready' && after.profiles[0]?.hasSecret).toBe(true)
    // An error message that echoes the secret is scrubbed before it is shown.
    const failure = await store().profiles.setSecret(profile.id, 'N0pe-Secret!')
    expect(failure?.message).toBe('keychain refused "•••"')
    await store().profiles.forgetSecret(profile.id)
    const forgotten = store().profiles.list
    expect(forgotten.kind === 'ready' && forgotten.profiles[0]?.hasSecret).toBe(false)
  })

  it('keeps only the latest Verify run, and asks main to keep its outcome in the open job', async () => {
    await store().profiles.load()
    await store().wizard.newJob()
    const jobId = store().jobs.current!.id
    const first = store().profiles.runVerify(profile.id, null, jobId)
    const second = store().profiles.runVerify(profile.id, 'it@contoso.test', jobId)
    expect(store().profiles.verify[profile.id]).toEqual({ kind: 'running', mode: 'send' })
    main.verifies[1]!(ok(result('pass', 'Accepted: "250 2.6.0 Queued mail for delivery"')))
    await second
    // The older run answers late: dropped.
    main.verifies[0]!(ok(result('fail', 'Refused: "535 5.7.3"')))
    await first
    expect(store().profiles.verify[profile.id]).toMatchObject({
      kind: 'done',
      mode: 'send',
      jobId,
      result: { status: 'pass' },
    })
    // Main keeps the outcome in the job the test ran for: the store asks it to, and never
    // writes the outcome into the job itself (it arrives back as `jobs:measured`).
    expect(main.verifyRequests.map((r) => r.jobId)).toEqual([jobId, jobId])
    expect(store().jobs.current?.checklist).toEqual({})
    expect(store().jobs.current?.verifyOutcome).toBeUndefined()
  })

  it('a test from Settings touches no job', async () => {
    await store().wizard.newJob()
    const run = store().profiles.runVerify(profile.id, null)
    main.verifies[0]!(ok(result('fail', 'Refused: "535 5.7.3"')))
    await run
    expect(store().profiles.verify[profile.id]).toMatchObject({ kind: 'done', jobId: null })
    expect(main.verifyRequests[0]).not.toHaveProperty('jobId')
    expect(store().jobs.current?.checklist).toEqual({})
  })

  it('shows the Microsoft code while waiting, and ignores a sign-in cancelled here', async () => {
    await store().profiles.load()
    const p: OAuthPrompt = {
      profileId: profile.id,
      userCode: 'ABCD-EFGH',
      verificationUri: 'https://microsoft.com/devicelogin',
      message: 'To sign in, use a web browser…',
      expiresAt: '2026-11-28T08:15:00.000Z',
    }
    const signIn = store().profiles.signIn(profile.id)
    expect(store().profiles.signIns[profile.id]).toEqual({ kind: 'waiting', prompt: null })
    main.prompt({ ...p, profileId: 'someone-else' })
    main.prompt(p)
    expect(store().profiles.signIns[profile.id]).toEqual({ kind: 'waiting', prompt: p })
    // Main keeps the sign-in in the keychain item, then answers.
    main.secrets.set(profile.id, 'msal-cache')
    main.finishSignIn(ok({ username: 'scanner@contoso.test', expiresOn: '2026-11-28T09:00:00Z' }))
    await signIn
    expect(store().profiles.signIns[profile.id]).toEqual({
      kind: 'done',
      username: 'scanner@contoso.test',
    })
    // The list was read again from main: its view has the account and the last refresh.
    const list = store().profiles.list
    expect(list.kind === 'ready' && list.profiles[0]?.hasSecret).toBe(true)
    expect(list.kind === 'ready' && list.profiles[0]?.oauthSignIn).toEqual({
      account: profile.username,
      refreshedAt: '2026-11-28T08:05:00.000Z',
    })

    const again = store().profiles.signIn(profile.id)
    store().profiles.cancelSignIn(profile.id)
    main.finishSignIn(err('internal', 'expired'))
    await again
    expect(store().profiles.signIns[profile.id]).toBeUndefined()
  })

  it('Settings opens over a job and goes back to it', async () => {
    await store().wizard.newJob()
    store().wizard.goTo('verify')
    store().wizard.showSettings()
    expect(store().wizard.view).toEqual({ kind: 'settings', back: { kind: 'job', step: 'verify' } })
    store().wizard.closeSettings()
    expect(store().wizard.view).toEqual({ kind: 'job', step: 'verify' })
  })
})
