/**
 * When no Exchange Online method fits as things stand, what would get the mail flowing, best
 * first for this case. Each way out says why it fits, what it takes and where that is written.
 * Pure; called by decide() with the ranked assessments.
 *
 * Sources, checked December 2026:
 * - Microsoft, "How to set up a multifunction device or application to send email using Microsoft
 *   365" (MS_DEVICES): relay connectors and "an on-premises Exchange server (or another SMTP email
 *   server)" for devices that cannot meet the requirements.
 * - Microsoft, "Manage High Volume Email for Microsoft 365" (HVE_DOC; docs/microsoft-365-facts.md,
 *   "High Volume Email"): internal recipients only, Basic until September 2028,
 *   smtp.hve.mx.microsoft:587, billing.
 * - Microsoft, Azure Communication Services "Create credentials for SMTP authentication"
 *   (ACS_SMTP_AUTH): smtp.azurecomm.net, port 587 (recommended) or 25, STARTTLS, TLS 1.2; an
 *   Entra application and its client secret; the SMTP Username resource; a linked, verified
 *   domain. Pricing: pay as you go (ACS_PRICING).
 * - Microsoft, "Opt in to the Exchange Online endpoint for legacy TLS clients using SMTP AUTH"
 *   (LEGACY_TLS_DOC): smtp-legacy.office365.com with AllowLegacyTLSClients; no end date given.
 *   Microsoft's April 2024 retirement post names smtp-legacy.office365.com among the endpoints
 *   losing Basic auth (BASIC_RETIREMENT_2024), and the Exchange Team blocked the POP and IMAP
 *   legacy-TLS endpoints from July 2026 (POP_IMAP_LEGACY_TLS). No SMTP end date was found.
 * - Microsoft, "Refresh tokens in the Microsoft identity platform" (ENTRA_REFRESH_TOKENS): "The
 *   default lifetime for the refresh tokens is ... 90 days for all other scenarios. Refresh tokens
 *   replace themselves with a fresh token upon every use."
 */
import type { Confidence } from '../catalog/types'
import { BASIC_AUTH_TIMELINE } from './sources'
import type { DecisionInput, FactKey, MethodAssessment, MethodId, WayOut } from './types'

const MS_DEVICES =
  'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365'
const HVE_DOC =
  'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/high-volume-mails-m365'
const ACS_SMTP_AUTH =
  'https://learn.microsoft.com/en-us/azure/communication-services/quickstarts/email/send-email-smtp/smtp-authentication'
const ACS_PRICING =
  'https://learn.microsoft.com/en-us/azure/communication-services/concepts/pricing'
const ACS_LIMITS =
  'https://learn.microsoft.com/en-us/azure/communication-services/concepts/email/sdk-features'
const ENTRA_CLIENT_SECRET =
  'https://learn.microsoft.com/en-us/entra/identity-platform/howto-create-service-principal-portal'
export const LEGACY_TLS_DOC =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/opt-in-exchange-online-endpoint-for-legacy-tls-using-smtp-auth'
const BASIC_RETIREMENT_2024 =
  'https://techcommunity.microsoft.com/blog/exchange/exchange-online-to-retire-basic-auth-for-client-submission-smtp-auth/4114750'
const POP_IMAP_LEGACY_TLS =
  'https://techcommunity.microsoft.com/t5/exchange-team-blog/deprecating-legacy-tls-and-endpoints-for-pop-and-imap-in/ba-p/4515201'
const ENTRA_REFRESH_TOKENS =
  'https://learn.microsoft.com/en-us/entra/identity-platform/refresh-tokens'
const OAUTH_SMTP_DOC =
  'https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth'

interface Candidate extends WayOut {
  /** Higher comes first; only used to rank. */
  score: number
}

/** True when the method is blocked, and only by facts among `facts`. */
function onlyBlockedBy(m: MethodAssessment | undefined, facts: readonly FactKey[]): boolean {
  return !!m && m.blockers.length > 0 && m.blockers.every((b) => facts.includes(b.fact))
}

function blockedBy(m: MethodAssessment | undefined, fact: FactKey): boolean {
  return !!m && m.blockers.some((b) => b.fact === fact)
}

function firmwareOauth(i: DecisionInput, oauth: MethodAssessment | undefined): Candidate | null {
  if (!onlyBlockedBy(oauth, ['device.oauthM365', 'device.tls12'])) return null
  const floor = i.hints?.oauthFromFirmware ?? null
  const device = i.hints?.familyName ?? 'the device'
  const confidence: Confidence = floor ? floor.confidence : 'low'
  return {
    id: 'firmware-oauth',
    title: floor
      ? `Update the firmware to ${floor.version} or later, for Microsoft 365 OAuth`
      : 'Ask the vendor for a firmware with Microsoft 365 OAuth',
    why: `OAuth is the sign-in Microsoft keeps for SMTP AUTH once Basic auth is gone, and everything else client submission needs works here; only ${device}'s firmware stands in the way.`,
    takes: [
      floor
        ? `Update ${device} to firmware ${floor.version} or later (the catalogue's source says OAuth comes with it).`
        : `Ask the vendor whether a firmware with Microsoft 365 (OAuth 2.0) sign-in exists for ${device}; the catalogue does not know.`,
      'Sign in to Microsoft 365 on the device as the mailbox it sends from; the tenant admin allows SMTP AUTH for that mailbox.',
      'Then answer "Yes" to Microsoft 365 OAuth in the Device step: the decision follows.',
    ],
    caveats: floor
      ? []
      : ['Not every model gets such a firmware: ask before promising it to the customer.'],
    sources: [...(floor?.sources ?? []), BASIC_AUTH_TIMELINE],
    confidence,
    score: floor ? 100 : 60,
  }
}

function hveInternal(hve: MethodAssessment | undefined): Candidate | null {
  if (!onlyBlockedBy(hve, ['answers.externalRecipients', 'answers.sentItemsCopy'])) return null
  const external = blockedBy(hve, 'answers.externalRecipients')
  return {
    id: 'hve-internal',
    title: 'High Volume Email, for mail that stays inside the organisation',
    why: external
      ? 'Only if the scans can go to internal recipients: HVE keeps password sign-in until September 2028, whatever the end-of-2026 Basic auth default, but delivers inside the organisation only.'
      : 'HVE keeps password sign-in until September 2028, whatever the end-of-2026 Basic auth default; the mail stays inside the organisation, as it does here.',
    takes: [
      'Tenant admin: create an HVE account (Exchange admin center, Mail flow, High volume email) and a pay-as-you-go billing policy.',
      "Device: server smtp.hve.mx.microsoft, port 587, STARTTLS, the HVE account's address and password.",
      'Every recipient inside the organisation: outside addresses are refused with "550 5.5.105".',
    ],
    caveats: [
      'Billed per recipient since June 2026 ($42 per million recipients, as Microsoft 365 message center post MC1243552 announced; check the current price).',
      'No copy in a Sent Items folder: an HVE account is a mail user, not a mailbox.',
      'Password sign-in until September 2028; after that, OAuth (Add-HVEAppAccess).',
    ],
    sources: [HVE_DOC],
    confidence: 'high',
    score: external ? 45 : 65,
  }
}

function acsEmail(i: DecisionInput, basic: MethodAssessment | undefined): Candidate | null {
  if (
    !onlyBlockedBy(basic, [
      'answers.mfaOrSecurityDefaults',
      'answers.basicAuthBlocked',
      'answers.highVolume',
    ])
  )
    return null
  const port = basic?.port ?? 587
  const external = i.answers.externalRecipients === 'yes'
  return {
    id: 'acs-email',
    title: 'Azure Communication Services Email over SMTP',
    why: `The device keeps signing in with a user name and password, but to Microsoft's Azure Communication Services instead of a mailbox, so Basic auth in Exchange Online no longer matters${external ? '; it reaches outside recipients too' : ''}.`,
    takes: [
      'Azure: an Email Communication Service with the sender domain verified (or an Azure-managed domain), connected to a Communication Services resource.',
      'Microsoft Entra ID: an application with a client secret, given a role with the email permissions (e.g. "Communication and Email Service Owner") on the Communication Services resource.',
      'An SMTP Username resource linked to that application: the user name the device signs in with.',
      `Device: server smtp.azurecomm.net, port ${port}, STARTTLS (TLS 1.2), user name = the SMTP Username, password = the application's client secret, From = an address of the verified domain.`,
    ],
    caveats: [
      'Pay as you go on an Azure subscription (see the pricing page for the price per message).',
      'A new resource starts with low sending limits; a support request raises them.',
      'The client secret expires: note its end date and renew it on the device before then.',
      'No copy in a Sent Items folder; the sender must be an address of the verified domain.',
    ],
    sources: [ACS_SMTP_AUTH, ACS_PRICING, ACS_LIMITS, ENTRA_CLIENT_SECRET],
    confidence: 'high',
    score: external ? 80 : 50,
  }
}

function staticIpRelay(i: DecisionInput, relay: MethodAssessment | undefined): Candidate | null {
  if (!onlyBlockedBy(relay, ['answers.staticPublicIp', 'site.publicIpStatic'])) return null
  const shared = i.site.publicIpNotStatic === 'private-or-cgnat'
  const external = i.answers.externalRecipients === 'yes'
  return {
    id: 'static-ip-relay',
    title: 'A static public IP address, for an SMTP relay connector',
    why: `${shared ? 'The site shares its public address (carrier-grade NAT or a private address upstream). ' : ''}With a static public address of its own, a connector lets the device send${external ? ' to anyone, outside recipients included,' : ''} without signing in.`,
    takes: [
      'Order a static public IPv4 address from the ISP (not carrier-grade NAT).',
      'Tenant admin: an inbound connector from "Your organization\'s email server" that identifies the site by that address; the SPF record gets ip4:<that address>.',
      'Device: server = the tenant MX found in DNS, port 25, no sign-in; then run the site checks again.',
    ],
    caveats: [
      'Outbound port 25 must stay open on this network.',
      'A certificate-based connector needs no static address, if the device can present a certificate whose name is an accepted domain.',
    ],
    sources: [MS_DEVICES],
    confidence: 'high',
    score: external ? 70 : 55,
  }
}

function legacyTls(i: DecisionInput, basic: MethodAssessment | undefined): Candidate | null {
  if (
    !blockedBy(basic, 'device.tls12') ||
    i.answers.basicAuthBlocked === 'yes' ||
    !onlyBlockedBy(basic, ['device.tls12', 'answers.basicAuthBlocked'])
  )
    return null
  return {
    id: 'legacy-tls-endpoint',
    title: "Microsoft's opt-in endpoint for old TLS (smtp-legacy.office365.com), as a stopgap",
    why: 'The device cannot use TLS 1.2. Microsoft still documents an opt-in endpoint that accepts TLS 1.0 and 1.1 for SMTP AUTH; it buys time for a firmware update or a replacement.',
    takes: [
      'Tenant admin: Set-TransportConfig -AllowLegacyTLSClients $true (or "Turn on use of legacy TLS clients" in the Exchange admin center, Settings, Mail flow).',
      'Device: server smtp-legacy.office365.com, port 587, STARTTLS, the mailbox and its password; SMTP AUTH allowed for the mailbox.',
    ],
    caveats: [
      'Password sign-in only: Microsoft named smtp-legacy.office365.com among the endpoints losing Basic auth, so from the end of December 2026 it works only while the admin keeps Basic on, and ends with the final removal (date to be announced in the second half of 2027).',
      'Microsoft gives no end date for the SMTP legacy endpoint (none found, December 2026), but blocked the POP and IMAP legacy-TLS endpoints from July 2026: expect the same here and plan the firmware update.',
      'Not available in GCC, GCC High or DoD tenants.',
    ],
    sources: [LEGACY_TLS_DOC, BASIC_RETIREMENT_2024, POP_IMAP_LEGACY_TLS],
    confidence: 'medium',
    score: 50,
  }
}

function siteOauthRelay(i: DecisionInput): Candidate | null {
  if (i.site.port587 === 'blocked') return null
  const external = i.answers.externalRecipients === 'yes'
  return {
    id: 'site-oauth-relay',
    title: 'A relay on an always-on machine at the site, signing in with OAuth',
    why: 'The device sends to a small mail relay on its own network the way it can (any port, TLS or not, with or without a password); the relay signs in to Microsoft 365 with OAuth on its behalf.',
    takes: [
      "An always-on machine on the device's network (a server, a NAS or a small PC).",
      'ScanPath Relay (the `scanpath relay` command that comes with ScanPath), which accepts SMTP from the device and signs in to smtp.office365.com:587 with OAuth 2.0 (XOAUTH2) as a licensed mailbox.',
      'Tenant admin: SMTP AUTH allowed for that mailbox.',
      "Device: server = the machine's address, with the port and security the relay listens on.",
    ],
    caveats: [
      'Mail stops whenever the machine does: someone must keep it running and updated.',
      'An OAuth refresh token unused for 90 days expires: the relay then needs a new sign-in.',
      'Sent as that one mailbox (30 messages a minute, 10,000 recipients a day).',
    ],
    sources: [MS_DEVICES, OAUTH_SMTP_DOC, ENTRA_REFRESH_TOKENS],
    confidence: 'medium',
    score: external ? 55 : 45,
  }
}

function thirdPartyRelay(i: DecisionInput): Candidate | null {
  if (i.device.smtpAuth === 'no') return null
  return {
    id: 'third-party-relay',
    title: 'A third-party SMTP relay service',
    why: "A mail-sending service accepts the device's user name and password and delivers for the customer's domain, outside Exchange Online.",
    takes: [
      "Choose a provider that accepts SMTP sign-in with a user name and password and lets the device send as the customer's domain.",
      "DNS: the provider's SPF (and DKIM) entries, merged into the domain's single SPF record.",
      "Device: the provider's server, port, security and credentials.",
    ],
    caveats: [
      "A third party handles the customer's mail: check that with the customer's data-protection rules.",
    ],
    sources: [BASIC_RETIREMENT_2024],
    confidence: 'medium',
    score: 35,
  }
}

function replaceDevice(): Candidate {
  return {
    id: 'replace-device',
    title: 'Replace the device with one that signs in to Microsoft 365 with OAuth',
    why: 'When none of the above suits the customer: OAuth is the sign-in Microsoft keeps for SMTP AUTH.',
    takes: [
      'Pick a model whose vendor documents Microsoft 365 OAuth for scan to email (the Device step shows what the catalogue knows and how sure it is).',
    ],
    caveats: [],
    sources: [BASIC_AUTH_TIMELINE],
    confidence: 'high',
    score: 10,
  }
}

export function waysOut(input: DecisionInput, ranked: readonly MethodAssessment[]): WayOut[] {
  const m = (id: MethodId) => ranked.find((r) => r.method === id)
  const basic = m('client-submission-basic')
  const candidates = [
    firmwareOauth(input, m('client-submission-oauth')),
    legacyTls(input, basic),
    hveInternal(m('high-volume-email')),
    acsEmail(input, basic),
    staticIpRelay(input, m('smtp-relay')),
    siteOauthRelay(input),
    thirdPartyRelay(input),
    replaceDevice(),
  ].filter((c): c is Candidate => c !== null)
  return candidates.sort((x, y) => y.score - x.score).map(({ score: _score, ...w }) => w)
}
