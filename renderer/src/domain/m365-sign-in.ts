/**
 * What the profile form says about signing in to Microsoft 365 (Basic's end-of-2026 default, the
 * app registration an admin makes for ScanPath's device code sign-in) with Microsoft's sources,
 * and the app (client) id already saved for a customer's tenant. Pure, unit-tested.
 */
import type { MailboxProfile } from '../../../shared/profile-types'

/** A sentence to show and the Microsoft page it comes from. */
export interface SourcedText {
  text: string
  sources: readonly string[]
}

/** Exchange Team, 27 January 2026 (docs/microsoft-365-facts.md, "Basic authentication timeline"). */
export const BASIC_TIMELINE_SOURCE =
  'https://techcommunity.microsoft.com/blog/exchange/updated-exchange-online-smtp-auth-basic-authentication-deprecation-timeline/4489835'

/** Shown wherever Basic (a password for SMTP AUTH) is chosen. */
export const BASIC_END_OF_2026: SourcedText = {
  text:
    'At the end of December 2026 Microsoft turns Basic authentication for SMTP AUTH off by default ' +
    'in existing Microsoft 365 tenants. An administrator can still turn it back on until Microsoft ' +
    'removes it for good; Microsoft will announce that date in the second half of 2027. Tenants ' +
    'created after December 2026 have it off. Use Microsoft sign-in (OAuth) where the mailbox can.',
  sources: [BASIC_TIMELINE_SOURCE],
}

/** The same, in one line, on the card of a Basic profile (the form shows the whole note). */
export const BASIC_END_OF_2026_SHORT =
  'Basic authentication for SMTP AUTH is off by default in existing tenants from the end of ' +
  'December 2026; an administrator can turn it back on until Microsoft removes it for good.'

const REGISTER_APP = 'https://learn.microsoft.com/entra/identity-platform/quickstart-register-app'
const DESKTOP_APP_REGISTRATION =
  'https://learn.microsoft.com/entra/identity-platform/scenario-desktop-app-registration'
const DEVICE_CODE_FLOW = 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code'
const SMTP_OAUTH =
  'https://learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth'
const ADMIN_CONSENT =
  'https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent'

/**
 * What the customer's admin sets up in Microsoft Entra for ScanPath's sign-in, in order. ScanPath
 * uses the device code flow (electron/mail/oauth/client.ts): a public client, no redirect URI.
 */
export const APP_REGISTRATION_STEPS: readonly SourcedText[] = [
  {
    text:
      "In the customer's Microsoft Entra admin center, App registrations → New registration. " +
      'Its Overview page shows the Application (client) ID, for App (client) id, and the ' +
      'Directory (tenant) ID, for Tenant.',
    sources: [REGISTER_APP],
  },
  {
    text:
      'Authentication → Advanced settings → Allow public client flows: Yes. ScanPath signs in ' +
      'with the device code flow (a code typed on any browser), which needs no redirect URI.',
    sources: [DESKTOP_APP_REGISTRATION, DEVICE_CODE_FLOW],
  },
  {
    text:
      'API permissions → Add a permission → delegated permission SMTP.Send ' +
      '(https://outlook.office.com/SMTP.Send), and offline_access, which ScanPath also asks for ' +
      'so the sign-in can be refreshed without asking again.',
    sources: [SMTP_OAUTH],
  },
  {
    text:
      'Grant admin consent for the tenant on the API permissions page, unless users of the ' +
      'tenant may consent for themselves at the first sign-in.',
    sources: [ADMIN_CONSENT],
  },
]

/** The domain of an address, lower case; '' when it has none. */
export function mailDomain(address: string): string {
  const at = address.trim().lastIndexOf('@')
  return at < 0
    ? ''
    : address
        .trim()
        .slice(at + 1)
        .toLowerCase()
}

/** An app registration saved with another profile, offered for a mailbox of the same tenant. */
export interface SavedApp {
  clientId: string
  tenant: string
  /** The profile it is saved with (for the offer's words). */
  profileName: string
  /** The mailbox domain (or tenant) it was matched by. */
  domain: string
}

/**
 * The app (client) id kept for the tenant of `address`: from a saved OAuth profile whose mailbox
 * has the same domain, or whose tenant is that domain. One app per customer tenant: the first
 * such profile by name. Null when none (or the address has no domain yet).
 */
export function savedAppFor(
  profiles: readonly MailboxProfile[],
  address: string,
  exceptId: string,
): SavedApp | null {
  const domain = mailDomain(address)
  if (domain === '') return null
  const match = [...profiles]
    .filter((p) => p.id !== exceptId && p.oauth !== null)
    .sort((a, b) => a.name.localeCompare(b.name))
    .find(
      (p) => mailDomain(p.address) === domain || p.oauth?.tenant.trim().toLowerCase() === domain,
    )
  if (!match?.oauth) return null
  return {
    clientId: match.oauth.clientId,
    tenant: match.oauth.tenant,
    profileName: match.name,
    domain,
  }
}
