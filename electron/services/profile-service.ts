/**
 * Mailbox profiles (settings) and their secrets (keychain). Profiles are written to
 * `<dir>/profiles.json` as `{ schemaVersion: 1, profiles: [...] }` through writeFileAtomic (temp
 * file, fsync, rename, folder fsync); the older bare-array file is upgraded on load. A damaged
 * file is moved to `<dir>/quarantine/` and reported by `problems()` rather than stopping the app;
 * one from a newer ScanPath is reported and left where it is, and not saved over (that would
 * lose the profiles it holds). Temp files younger than a minute may be a save in flight: left.
 * Secrets go only to the SecretStore, under `profile:<id>`. Nothing here ever returns a secret to
 * a caller outside main.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'

import { describeIssues } from '../../shared/schemas/diagnose-options'
import { mailboxProfileSchema, oauthSignInViewSchema } from '../../shared/schemas/profile'
import type {
  MailboxProfile,
  MailboxProfileView,
  OAuthPrompt,
  OAuthSignInView,
  SecretStorageStatus,
} from '../../shared/profile-types'
import type { StoreProblem } from '../../shared/store-problem'
import { savedSignIn } from '../mail/oauth/token-cache'
import type { SecretStore } from '../secrets/secret-store'
import { writeFileAtomic } from '../store/atomic-write'
import { loadOrQuarantine } from '../store/load-data-file'
import { removeStaleTempFiles } from '../store/stale-temp-files'
import { migrate, PROFILES_SCHEMA_VERSION, profilesMigrations } from '../store/migrations'

export interface ProfileService {
  storage(): Promise<SecretStorageStatus>
  list(): Promise<MailboxProfileView[]>
  save(profile: MailboxProfile): Promise<MailboxProfileView>
  delete(id: string): Promise<boolean>
  setSecret(id: string, secret: string): Promise<MailboxProfileView>
  forgetSecret(id: string): Promise<MailboxProfileView>
  /** Main only: the profile and its secret for a check. */
  credentials(id: string): Promise<{ profile: MailboxProfile; secret: string | null }>
  /** OAuth profiles: the Microsoft sign-in (device code); the refresh token goes to the keychain. */
  oauthSignIn(
    id: string,
    onPrompt: (p: OAuthPrompt) => void,
    signal?: AbortSignal,
  ): Promise<{ username: string; expiresOn: string }>
  /** OAuth profiles: a fresh access token (main only). */
  accessToken(id: string): Promise<string>
  /**
   * profiles.json, when it could not be loaded at start-up: moved to `<dir>/quarantine/`, or left
   * in place (movedTo null) when it is from a newer ScanPath or could not be moved.
   */
  problems(): Promise<StoreProblem[]>
}

/** The OAuth side, supplied by main (electron/mail/oauth/, over the same SecretStore). */
export interface OAuthProvider {
  signIn(
    profile: MailboxProfile,
    store: SecretStore,
    onPrompt: (p: Omit<OAuthPrompt, 'profileId'>) => void,
    signal?: AbortSignal,
  ): Promise<{ username: string; expiresOn: string }>
  accessToken(profile: MailboxProfile, store: SecretStore): Promise<string>
}

/** The keychain item of a profile's password (Basic). */
export const passwordAccount = (id: string) => `profile:${id}`
/** The keychain item of a profile's OAuth token cache (it holds the refresh token). */
export const oauthAccount = (id: string) => `oauth:${id}`
const account = (p: MailboxProfile) =>
  p.method === 'oauth' ? oauthAccount(p.id) : passwordAccount(p.id)

/**
 * The account and last refresh of an OAuth profile's saved sign-in, read from its keychain item
 * (MSAL's cache): the account that matches the profile's sign-in name first. Null when there is
 * no account in it. Passed through the strict view schema, so nothing else can reach the renderer.
 */
function oauthSignInOf(p: MailboxProfile, saved: string | null): OAuthSignInView | null {
  if (p.method !== 'oauth' || saved === null) return null
  const signIn = savedSignIn(saved)
  const wanted = p.username.toLowerCase()
  const account =
    signIn?.accounts.find((a) => a.toLowerCase() === wanted) ?? signIn?.accounts[0] ?? null
  if (!signIn || account === null) return null
  return oauthSignInViewSchema.parse({ account, refreshedAt: signIn.refreshedAt })
}

const profilesFileSchema = z
  .object({
    schemaVersion: z.literal(PROFILES_SCHEMA_VERSION),
    profiles: z.array(mailboxProfileSchema),
  })
  .strict()

function parseProfilesFile(raw: unknown): { profiles: MailboxProfile[]; migrated: boolean } {
  const { doc, from } = migrate(raw, profilesMigrations)
  const parsed = profilesFileSchema.safeParse(doc)
  if (!parsed.success) {
    throw new Error(`does not hold valid mailbox profiles (${describeIssues(parsed.error)})`)
  }
  return {
    profiles: parsed.data.profiles,
    migrated: from !== profilesMigrations.current,
  }
}

export async function createProfileService(opts: {
  dataDir?: string
  /** Opened lazily (a keychain probe can wait on an unlock prompt). */
  openSecrets: () => Promise<{ store: SecretStore; status: SecretStorageStatus }>
  oauth?: OAuthProvider
  /** The clock for quarantine names and temp-file ages (tests). */
  now?: () => Date
}): Promise<ProfileService> {
  const now = opts.now ?? (() => new Date())
  const profiles = new Map<string, MailboxProfile>()
  const problems: StoreProblem[] = []
  let migrated = false
  // A newer ScanPath's profiles.json stays as it is: saving over it would lose its profiles.
  let newerFile = false
  const file = opts.dataDir ? join(opts.dataDir, 'profiles.json') : null
  if (file && opts.dataDir) {
    await mkdir(opts.dataDir, { recursive: true })
    // The folder is shared with other stores: only this file's temp files, in both the current
    // `.profiles.json.<uuid>.tmp` form and the older `profiles.json.<uuid>.tmp`, and only old
    // ones (a young one may be another ScanPath's save in flight).
    await removeStaleTempFiles(opts.dataDir, 'profiles.json', {
      now,
      alsoMatching: /^profiles\.json\.[0-9a-f-]{36}\.tmp$/,
    })
    const loaded = await loadOrQuarantine(file, parseProfilesFile, profilesMigrations.what, now)
    if (loaded.kind === 'quarantined') problems.push(loaded.problem)
    if (loaded.kind === 'newer') {
      problems.push(loaded.problem)
      newerFile = true
    }
    if (loaded.kind === 'ok') {
      for (const p of loaded.value.profiles) profiles.set(p.id, p)
      migrated = loaded.value.migrated
    }
  }
  let secrets: Promise<{ store: SecretStore; status: SecretStorageStatus }> | null = null
  const open = () => (secrets ??= opts.openSecrets())
  // Writes queue behind each other (the newest list always lands last); one failed write must
  // not poison the queue for the saves after it.
  let writing: Promise<void> = Promise.resolve()
  const newerFileRefusal = () =>
    new Error(
      `mailbox profiles not saved: ${file} was written by a newer ScanPath and saving would replace the profiles it holds; update ScanPath on this computer`,
    )
  const persist = (): Promise<void> => {
    if (!file) return Promise.resolve()
    if (newerFile) return Promise.reject(newerFileRefusal())
    const body = JSON.stringify(
      { schemaVersion: PROFILES_SCHEMA_VERSION, profiles: [...profiles.values()] },
      null,
      2,
    )
    const next = writing.then(() => writeFileAtomic(file, body))
    writing = next.catch(() => {})
    return next
  }
  // An upgraded file is rewritten at once; if that fails the next save writes it anyway.
  if (migrated) await persist().catch(() => {})
  const view = async (p: MailboxProfile): Promise<MailboxProfileView> => {
    const { store } = await open()
    const saved = await store.get(account(p))
    return { ...p, hasSecret: saved !== null, oauthSignIn: oauthSignInOf(p, saved) }
  }
  const need = (id: string) => {
    const p = profiles.get(id)
    if (!p) throw new Error(`no mailbox profile ${id}`)
    return p
  }

  return {
    async storage() {
      return (await open()).status
    },
    async list() {
      return Promise.all(
        [...profiles.values()].sort((a, b) => a.name.localeCompare(b.name)).map(view),
      )
    },
    async save(profile) {
      // Refused before it is listed: the app must not show (or send with) a profile not saved.
      if (newerFile) throw newerFileRefusal()
      profiles.set(profile.id, profile)
      await persist()
      return view(profile)
    },
    async delete(id) {
      if (!profiles.delete(id)) return false
      await persist()
      const { store } = await open()
      // Both kinds: the method may have changed since a secret was stored.
      await store.delete(passwordAccount(id))
      await store.delete(oauthAccount(id))
      return true
    },
    async setSecret(id, secret) {
      const p = need(id)
      if (p.method === 'oauth')
        throw new Error(
          `${p.name} signs in with Microsoft: use "Sign in with Microsoft", not a password`,
        )
      await (await open()).store.set(passwordAccount(id), secret)
      return view(p)
    },
    async forgetSecret(id) {
      const p = need(id)
      await (await open()).store.delete(account(p))
      return view(p)
    },
    async credentials(id) {
      const p = need(id)
      return { profile: p, secret: await (await open()).store.get(passwordAccount(id)) }
    },
    async oauthSignIn(id, onPrompt, signal) {
      const p = need(id)
      if (p.method !== 'oauth' || !p.oauth) throw new Error(`${p.name} is not an OAuth profile`)
      if (!opts.oauth) throw new Error('OAuth sign-in is not available in this build')
      const { store } = await open()
      return opts.oauth.signIn(p, store, (prompt) => onPrompt({ profileId: id, ...prompt }), signal)
    },
    async accessToken(id) {
      const p = need(id)
      if (!opts.oauth) throw new Error('OAuth sign-in is not available in this build')
      return opts.oauth.accessToken(p, (await open()).store)
    },
    async problems() {
      return problems.map((p) => ({ ...p }))
    },
  }
}
