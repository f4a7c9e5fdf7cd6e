/**
 * Mailbox profiles (settings) and their secrets (keychain). Profiles are written to
 * `<dir>/profiles.json` (temp file + rename); secrets go only to the SecretStore, under
 * `profile:<id>`. Nothing here ever returns a secret to a caller outside main.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'

import { mailboxProfileSchema } from '../../shared/profile-schema'
import type {
  MailboxProfile,
  MailboxProfileView,
  OAuthPrompt,
  SecretStorageStatus,
} from '../../shared/profile-types'
import type { SecretStore } from '../secrets/secret-store'

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
}

/** The OAuth side, supplied by main (electron/mail/oauth.ts over the same SecretStore). */
export interface OAuthProvider {
  signIn(
    profile: MailboxProfile,
    store: SecretStore,
    onPrompt: (p: Omit<OAuthPrompt, 'profileId'>) => void,
    signal?: AbortSignal,
  ): Promise<{ username: string; expiresOn: string }>
  accessToken(profile: MailboxProfile, store: SecretStore): Promise<string>
}

const account = (id: string) => `profile:${id}`

export async function createProfileService(opts: {
  dataDir?: string
  /** Opened lazily (a keychain probe can wait on an unlock prompt). */
  openSecrets: () => Promise<{ store: SecretStore; status: SecretStorageStatus }>
  oauth?: OAuthProvider
}): Promise<ProfileService> {
  const profiles = new Map<string, MailboxProfile>()
  const file = opts.dataDir ? join(opts.dataDir, 'profiles.json') : null
  if (file && opts.dataDir) {
    await mkdir(opts.dataDir, { recursive: true })
    try {
      const parsed = z
        .array(mailboxProfileSchema)
        .safeParse(JSON.parse(await readFile(file, 'utf8')))
      if (parsed.success) for (const p of parsed.data) profiles.set(p.id, p as MailboxProfile)
    } catch {
      // No file yet (or unreadable): start empty; the next save writes a good one.
    }
  }
  let secrets: Promise<{ store: SecretStore; status: SecretStorageStatus }> | null = null
  const open = () => (secrets ??= opts.openSecrets())
  let writing = Promise.resolve()
  const persist = () => {
    if (!file) return Promise.resolve()
    const body = JSON.stringify([...profiles.values()], null, 2)
    writing = writing.then(async () => {
      const tmp = `${file}.${randomUUID()}.tmp`
      await writeFile(tmp, body, 'utf8')
      await rename(tmp, file)
    })
    return writing
  }
  const view = async (p: MailboxProfile): Promise<MailboxProfileView> => {
    const { store } = await open()
    return { ...p, hasSecret: (await store.get(account(p.id))) !== null }
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
      profiles.set(profile.id, profile)
      await persist()
      return view(profile)
    },
    async delete(id) {
      if (!profiles.delete(id)) return false
      await persist()
      await (await open()).store.delete(account(id))
      return true
    },
    async setSecret(id, secret) {
      const p = need(id)
      await (await open()).store.set(account(id), secret)
      return view(p)
    },
    async forgetSecret(id) {
      const p = need(id)
      await (await open()).store.delete(account(id))
      return view(p)
    },
    async credentials(id) {
      const p = need(id)
      return { profile: p, secret: await (await open()).store.get(account(id)) }
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
  }
}
