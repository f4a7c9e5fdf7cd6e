/**
 * The mailbox profile form as typed: every field a string, checked as the technician types with
 * the same rules main applies at the IPC boundary (shared/host-syntax.ts, zod-free), so a profile
 * the form accepts is one main accepts. Pure, unit-tested. Never holds a password.
 */
import { emailProblem, hostProblem } from '../../../shared/host-syntax'
import type { MailboxProfile, ProfileMethod, ProfilePurpose } from '../../../shared/profile-types'
import { portProblem } from './port'

export const DEFAULT_HOST = 'smtp.office365.com'
export const DEFAULT_PORT = 587
/** Microsoft's multi-tenant sign-in: works for any work account when the tenant is not known. */
export const DEFAULT_TENANT = 'organizations'

export interface ProfileDraft {
  id: string
  name: string
  purpose: ProfilePurpose
  address: string
  username: string
  /** Username follows the address until the technician types a different one. */
  usernameEdited: boolean
  method: ProfileMethod
  host: string
  port: string
  clientId: string
  tenant: string
}

export type DraftField = 'name' | 'address' | 'username' | 'host' | 'port' | 'clientId' | 'tenant'

export type DraftProblems = Record<DraftField, string | null>

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function emptyDraft(
  id: string,
  init: Partial<Pick<ProfileDraft, 'name' | 'purpose' | 'address' | 'method'>> = {},
): ProfileDraft {
  const address = init.address?.trim() ?? ''
  return {
    id,
    name: init.name ?? '',
    purpose: init.purpose ?? 'device',
    address,
    username: address,
    usernameEdited: false,
    // Microsoft sign-in first: Basic for SMTP AUTH is off by default from the end of 2026.
    method: init.method ?? 'oauth',
    host: DEFAULT_HOST,
    port: String(DEFAULT_PORT),
    clientId: '',
    tenant: DEFAULT_TENANT,
  }
}

export function draftFromProfile(p: MailboxProfile): ProfileDraft {
  return {
    id: p.id,
    name: p.name,
    purpose: p.purpose,
    address: p.address,
    username: p.username,
    usernameEdited: p.username !== p.address,
    method: p.method,
    host: p.host,
    port: String(p.port),
    clientId: p.oauth?.clientId ?? '',
    tenant: p.oauth?.tenant ?? DEFAULT_TENANT,
  }
}

/** The draft after one field changed; the sign-in name follows the address until edited. */
export function editDraft<K extends keyof ProfileDraft>(
  d: ProfileDraft,
  key: K,
  value: ProfileDraft[K],
): ProfileDraft {
  const next = { ...d, [key]: value }
  if (key === 'address' && !d.usernameEdited) next.username = String(value).trim()
  if (key === 'username') next.usernameEdited = String(value).trim() !== d.address.trim()
  return next
}

export function clientIdProblem(value: string): string | null {
  const v = value.trim()
  if (v === '') return 'is empty'
  return GUID.test(v)
    ? null
    : 'must be the app (client) id from Entra, a GUID like 0b57d0a1-2c3d-4e5f-8a9b-0c1d2e3f4a5b'
}

/** Every field's problem (a phrase to follow the field's label), or null when it is fine. */
export function draftProblems(d: ProfileDraft): DraftProblems {
  const name = d.name.trim()
  const username = d.username.trim()
  const oauth = d.method === 'oauth'
  return {
    name: name === '' ? 'is empty' : name.length > 120 ? 'is longer than 120 characters' : null,
    address: emailProblem(d.address),
    username:
      username === '' ? 'is empty' : username.length > 254 ? 'is longer than 254 characters' : null,
    host: d.host.trim().length > 255 ? 'is longer than 255 characters' : hostProblem(d.host),
    port: portProblem(d.port, '587'),
    clientId: oauth ? clientIdProblem(d.clientId) : null,
    tenant: !oauth
      ? null
      : d.tenant.trim() === ''
        ? `is empty; "${DEFAULT_TENANT}" works when you do not know it`
        : d.tenant.trim().length > 253
          ? 'is longer than 253 characters'
          : /[\s/]/.test(d.tenant.trim())
            ? 'must be a tenant id or domain, e.g. contoso.onmicrosoft.com'
            : null,
  }
}

export function draftIsValid(d: ProfileDraft): boolean {
  return Object.values(draftProblems(d)).every((p) => p === null)
}

/** The profile to save, or null while a field has a problem. */
export function profileFromDraft(d: ProfileDraft): MailboxProfile | null {
  if (!draftIsValid(d)) return null
  return {
    id: d.id,
    name: d.name.trim(),
    purpose: d.purpose,
    address: d.address.trim(),
    username: d.username.trim(),
    method: d.method,
    host: d.host.trim(),
    port: Number(d.port.trim()),
    oauth: d.method === 'oauth' ? { clientId: d.clientId.trim(), tenant: d.tenant.trim() } : null,
  }
}

export function purposeLabel(p: ProfilePurpose): string {
  return p === 'device' ? 'Device mailbox' : 'Office sending profile (reports)'
}

export function methodLabel(m: ProfileMethod): string {
  return m === 'basic' ? 'Password (SMTP AUTH, Basic)' : 'Microsoft sign-in (OAuth)'
}

/** What the stored secret is called for this method, for buttons and status lines. */
export function secretStatus(p: { method: ProfileMethod; hasSecret: boolean }): string {
  if (p.method === 'oauth') return p.hasSecret ? 'Signed in with Microsoft' : 'Not signed in yet'
  return p.hasSecret ? 'Password saved' : 'No password saved'
}
