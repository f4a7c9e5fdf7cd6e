/**
 * Mailbox profiles in the renderer: the list main keeps, the Verify runs and the Microsoft
 * sign-ins in progress. A password passes through `setSecret` on its way to main and is never
 * kept here: the renderer only learns `hasSecret` (docs/ARCHITECTURE.md, "Security model").
 */
import type { StateCreator } from 'zustand'

import type { VerifyResult } from '../../../shared/probe-types'
import type {
  MailboxProfile,
  MailboxProfileView,
  OAuthPrompt,
  SecretStorageStatus,
} from '../../../shared/profile-types'
import type { InvokeRequest } from '../../../shared/schemas/ipc'
import type { AppError } from '../../../shared/result'
import { bridgeMissingError, getBridge, type ScanpathApi } from '../api'
import type { AppState } from './index'

export type ProfilesListState =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'ready'; profiles: MailboxProfileView[]; storage: SecretStorageStatus }
  | { kind: 'failed'; error: AppError }

export type VerifyMode = 'sign-in' | 'send'

/** Where the MX test send's run is kept in `verify` (profile ids never take this form). */
export const MX_SEND_RUN = 'mx-send:test'

export type VerifyRunState =
  | { kind: 'running'; mode: VerifyMode }
  /** `jobId`: the job main kept the outcome in (null: a test from Settings). */
  | { kind: 'done'; mode: VerifyMode; result: VerifyResult; jobId: string | null }
  | { kind: 'failed'; mode: VerifyMode; error: AppError }

export type SignInState =
  /** Waiting for Microsoft; `prompt` is the code to type once main has it. */
  | { kind: 'waiting'; prompt: OAuthPrompt | null }
  | { kind: 'done'; username: string }
  | { kind: 'failed'; error: AppError }

export interface ProfilesState {
  list: ProfilesListState
  /** The technician accepted that passwords are kept for this session only (keychain missing). */
  sessionConfirmed: boolean
  /** The last Verify run of each profile. */
  verify: Record<string, VerifyRunState>
  signIns: Record<string, SignInState>
  /** The profile picked in each job's Verify step (the Job type has no place for it). */
  pickedForJob: Record<string, string>
}

export interface ProfilesActions {
  load(): Promise<void>
  /** Saves (adds or replaces) a profile; resolves with the error to show, or null. */
  save(profile: MailboxProfile): Promise<AppError | null>
  remove(id: string): Promise<AppError | null>
  /** Hands the secret to main and keeps nothing of it; resolves with the error to show, or null. */
  setSecret(id: string, secret: string): Promise<AppError | null>
  forgetSecret(id: string): Promise<AppError | null>
  confirmSession(): void
  /**
   * Signs in as the profile (sendTo null) or also sends a test message. With a job id, the
   * outcome goes into that job's checklist (when it is still the open job).
   */
  runVerify(profileId: string, sendTo: string | null, jobId?: string): Promise<void>
  /**
   * Direct send or relay: a test message to the tenant MX without a sign-in (its run is kept
   * under MX_SEND_RUN in `verify`). With a job id, the outcome goes into that job's checklist.
   */
  runMxSend(req: InvokeRequest<'verify:mx-send'>, jobId?: string): Promise<void>
  /** Starts the Microsoft device-code sign-in for an OAuth profile. */
  signIn(id: string): Promise<void>
  /** Stops waiting in the UI; a sign-in finished later is ignored. */
  cancelSignIn(id: string): void
  pickForJob(jobId: string, profileId: string): void
}

export interface ProfilesSlice {
  profiles: ProfilesState & ProfilesActions
}

export const initialProfilesState: ProfilesState = {
  list: { kind: 'idle' },
  sessionConfirmed: false,
  verify: {},
  signIns: {},
  pickedForJob: {},
}

function thrown(e: unknown): AppError {
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
}

/** Main never echoes a secret; this keeps a broken transport's message from doing it either. */
function withoutSecret(error: AppError, secret: string): AppError {
  return error.message.includes(secret)
    ? { ...error, message: error.message.split(secret).join('•••') }
    : error
}

function sortByName(list: MailboxProfileView[]): MailboxProfileView[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name))
}

export const createProfilesSlice: StateCreator<AppState, [], [], ProfilesSlice> = (set, get) => {
  const patch = (p: Partial<ProfilesState>) => set((s) => ({ profiles: { ...s.profiles, ...p } }))
  /** Latest run per profile: an older run's late result is dropped (style §7, run ids). */
  const verifySeq = new Map<string, number>()
  const signInSeq = new Map<string, number>()
  const next = (m: Map<string, number>, id: string) => {
    const n = (m.get(id) ?? 0) + 1
    m.set(id, n)
    return n
  }

  /** The list with this profile added or replaced (main's reply is the truth). */
  const upsert = (view: MailboxProfileView) => {
    const list = get().profiles.list
    if (list.kind !== 'ready') return
    patch({
      list: {
        ...list,
        profiles: sortByName([...list.profiles.filter((p) => p.id !== view.id), view]),
      },
    })
  }

  const call = async <T>(
    run: (api: ScanpathApi) => Promise<{ ok: true; value: T } | { ok: false; error: AppError }>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> => {
    const api = getBridge()
    if (!api) return { ok: false, error: bridgeMissingError }
    try {
      return await run(api)
    } catch (e) {
      return { ok: false, error: thrown(e) }
    }
  }

  /** One Verify test: the latest run per key wins; main keeps its outcome in the job. */
  const verifyRun = async (
    key: string,
    mode: VerifyMode,
    jobId: string | undefined,
    run: (
      api: ScanpathApi,
    ) => Promise<{ ok: true; value: VerifyResult } | { ok: false; error: AppError }>,
  ): Promise<void> => {
    const seq = next(verifySeq, key)
    setEntry('verify', key, { kind: 'running', mode })
    const r = await call(run)
    if (verifySeq.get(key) !== seq) return
    if (!r.ok) {
      setEntry('verify', key, { kind: 'failed', mode, error: r.error })
      return
    }
    // Main kept the outcome in the job it ran for (and sent it as `jobs:measured`).
    setEntry('verify', key, { kind: 'done', mode, result: r.value, jobId: jobId ?? null })
  }
  const setEntry = <K extends 'verify' | 'signIns'>(
    key: K,
    id: string,
    value: ProfilesState[K][string] | null,
  ) =>
    set((s) => {
      const map = { ...s.profiles[key] } as Record<string, ProfilesState[K][string]>
      if (value === null) delete map[id]
      else map[id] = value
      return { profiles: { ...s.profiles, [key]: map } }
    })

  return {
    profiles: {
      ...initialProfilesState,

      async load() {
        if (get().profiles.list.kind !== 'ready') patch({ list: { kind: 'loading' } })
        const r = await call((api) => api.listProfiles())
        patch({
          list: r.ok
            ? { kind: 'ready', profiles: sortByName(r.value.profiles), storage: r.value.storage }
            : { kind: 'failed', error: r.error },
        })
      },

      async save(profile) {
        const r = await call((api) => api.saveProfile({ profile }))
        if (!r.ok) return r.error
        upsert(r.value)
        return null
      },

      async remove(id) {
        const r = await call((api) => api.deleteProfile({ id }))
        if (!r.ok) return r.error
        const list = get().profiles.list
        if (list.kind === 'ready')
          patch({ list: { ...list, profiles: list.profiles.filter((p) => p.id !== id) } })
        next(verifySeq, id)
        next(signInSeq, id)
        setEntry('verify', id, null)
        setEntry('signIns', id, null)
        return null
      },

      async setSecret(id, secret) {
        const r = await call((api) => api.setProfileSecret({ id, secret }))
        if (!r.ok) return withoutSecret(r.error, secret)
        upsert(r.value)
        // A new password makes the last test's verdict stale.
        next(verifySeq, id)
        setEntry('verify', id, null)
        return null
      },

      async forgetSecret(id) {
        const r = await call((api) => api.forgetProfileSecret({ id }))
        if (!r.ok) return r.error
        upsert(r.value)
        next(signInSeq, id)
        setEntry('signIns', id, null)
        return null
      },

      confirmSession() {
        patch({ sessionConfirmed: true })
      },

      async runVerify(profileId, sendTo, jobId) {
        const mode: VerifyMode = sendTo === null ? 'sign-in' : 'send'
        await verifyRun(profileId, mode, jobId, (api) =>
          api.runVerify({ profileId, sendTo, ...(jobId ? { jobId } : {}) }),
        )
        // A Microsoft sign-in may have been refreshed by the test: main's view has the new time.
        const list = get().profiles.list
        const oauth =
          list.kind === 'ready' &&
          list.profiles.some((p) => p.id === profileId && p.method === 'oauth')
        if (oauth) await get().profiles.load()
      },

      async runMxSend(req, jobId) {
        await verifyRun(MX_SEND_RUN, 'send', jobId, (api) =>
          api.runMxSend({ ...req, ...(jobId ? { jobId } : {}) }),
        )
      },

      async signIn(id) {
        const seq = next(signInSeq, id)
        const current = () => signInSeq.get(id) === seq
        setEntry('signIns', id, { kind: 'waiting', prompt: null })
        const api = getBridge()
        if (!api) {
          setEntry('signIns', id, { kind: 'failed', error: bridgeMissingError })
          return
        }
        const unsubscribe = api.onOAuthPrompt((prompt) => {
          if (prompt.profileId === id && current())
            setEntry('signIns', id, { kind: 'waiting', prompt })
        })
        try {
          const r = await call((a) => a.signInProfile({ id }))
          if (!current()) return
          if (!r.ok) {
            setEntry('signIns', id, { kind: 'failed', error: r.error })
            return
          }
          // Main's view now has the account and the refresh time (read from the keychain item).
          await get().profiles.load()
          if (!current()) return
          setEntry('signIns', id, { kind: 'done', username: r.value.username })
          const list = get().profiles.list
          const view = list.kind === 'ready' ? list.profiles.find((p) => p.id === id) : undefined
          if (view && !view.hasSecret) upsert({ ...view, hasSecret: true })
        } finally {
          unsubscribe()
        }
      },

      cancelSignIn(id) {
        next(signInSeq, id)
        setEntry('signIns', id, null)
        // Main stops asking Microsoft too; the answer does not matter to the screen.
        void getBridge()?.cancelProfileSignIn({ id })
      },

      pickForJob(jobId, profileId) {
        patch({ pickedForJob: { ...get().profiles.pickedForJob, [jobId]: profileId } })
      },
    },
  }
}
