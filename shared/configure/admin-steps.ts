/**
 * The tenant admin's steps of the plans: allowing SMTP AUTH and Basic sign-in, consent to the
 * device vendor's OAuth app, the High Volume Email account, the relay connector, the SPF record
 * and Reject Direct Send.
 */
import type { PrinterFamily } from '../catalog/types'
import { BASIC_AUTH_TIMELINE, SMTP_AUTH_DOC } from '../decision/sources'
import { configField } from './config-field'
import type { ConfigField, ConfigStep, PlanInput } from './plan-types'
import { isConsentPitfall, senderOf } from './device-steps'

const MFD_ARTICLE =
  'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365'

/** Microsoft, "Authenticate an IMAP, POP or SMTP connection using OAuth". */
const OAUTH_SMTP_DOC =
  'https://learn.microsoft.com/en-us/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth'
/** Microsoft Entra, "Grant tenant-wide admin consent to an application". */
const ADMIN_CONSENT_DOC =
  'https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/grant-admin-consent'

function powershell(value: string): ConfigField {
  return configField('powershell', 'PowerShell', value)
}

export function smtpAuthStep(i: PlanInput): ConfigStep {
  return {
    id: 'admin-smtp-auth',
    title: 'Tenant admin: allow SMTP AUTH for this mailbox',
    who: 'admin',
    where: { path: ['Exchange Online PowerShell'], confidence: 'high', sources: [SMTP_AUTH_DOC] },
    text: 'SMTP AUTH is off for tenants created after January 2020 and under Security Defaults; per-mailbox settings win over the tenant setting.',
    fields: [
      powershell(
        `Set-CASMailbox -Identity ${senderOf(i)} -SmtpClientAuthenticationDisabled $false`,
      ),
    ],
  }
}

/**
 * Consent to the app the device signs in through (OAuth plans), before the sign-in on the device:
 * the delegated SMTP.Send and offline_access permissions (OAUTH_SMTP_DOC), granted for the
 * organisation where users may not consent themselves (ADMIN_CONSENT_DOC: Entra ID > Enterprise
 * apps > the app > Security > Permissions, at least Cloud Application Administrator). The family's
 * own consent pitfalls are said here, with their sources, instead of among the pitfalls.
 */
export function consentStep(f: PrinterFamily): ConfigStep {
  const vendorOwn = f.pitfalls.filter(isConsentPitfall)
  const app = f.vendor === 'generic' ? "the device maker's app" : `${f.vendorName}'s app`
  return {
    id: 'admin-oauth-consent',
    title: `Tenant admin: consent to ${app} for Microsoft 365 sign-in`,
    who: 'admin',
    where: {
      path: ['Microsoft Entra admin center', 'Enterprise apps', 'the app', 'Permissions'],
      confidence: 'high',
      sources: [ADMIN_CONSENT_DOC, OAUTH_SMTP_DOC, ...new Set(vendorOwn.flatMap((p) => p.sources))],
    },
    text: [
      `The device signs in through ${app} in Microsoft Entra ID, which asks for the delegated permissions SMTP.Send and offline_access. Unless users may consent to apps in this tenant, an admin (at least Cloud Application Administrator) consents for the whole organisation: during the first sign-in on the device, or afterwards with "Grant admin consent" on the app's Permissions page. Without consent the sign-in on the device cannot finish.`,
      ...vendorOwn.map((p) => `• ${p.text}`),
    ].join('\n'),
    fields: [],
  }
}

export function basicAuthStep(): ConfigStep {
  // SMTP_AUTH_DOC: "If your authentication policy disables basic authentication for SMTP,
  // clients cannot use the SMTP AUTH protocol"; the end-of-2026 default (BASIC_AUTH_TIMELINE).
  return {
    id: 'admin-basic-auth',
    title: 'Tenant admin: check that password (Basic) sign-in is allowed for SMTP AUTH',
    who: 'admin',
    where: {
      path: ['Exchange Online PowerShell'],
      confidence: 'high',
      sources: [SMTP_AUTH_DOC, BASIC_AUTH_TIMELINE],
    },
    text: 'An authentication policy without Basic for SMTP, or a Conditional Access policy that blocks legacy authentication, refuses the password ("535 5.7.139"). From the end of December 2026 Microsoft turns Basic auth for SMTP AUTH off by default for existing tenants; the admin can turn it back on until the final removal (announced for the second half of 2027). Plan the move to OAuth.',
    fields: [powershell('Get-AuthenticationPolicy | Format-List Name,AllowBasicAuthSmtp')],
  }
}

export function hveAccountStep(): ConfigStep {
  return {
    id: 'admin-hve',
    title: 'Tenant admin: create a High Volume Email account with billing',
    who: 'admin',
    where: {
      path: ['Exchange admin center', 'Mail flow', 'High volume email'],
      confidence: 'medium',
      sources: [
        'https://learn.microsoft.com/en-sg/powershell/module/exchangepowershell/add-hveappaccess',
      ],
    },
    text: 'HVE sends to internal recipients only and needs a pay-as-you-go billing policy; Basic sign-in keeps working until September 2028.',
    fields: [],
  }
}

export function connectorStep(i: PlanInput): ConfigStep {
  return {
    id: 'admin-connector',
    title: 'Tenant admin: create the inbound connector for this site',
    who: 'admin',
    where: {
      path: ['Exchange admin center', 'Mail flow', 'Connectors', '+ Add a connector'],
      confidence: 'high',
      sources: [MFD_ARTICLE],
    },
    text: "Create a connector from your organisation's email server to Microsoft 365 that identifies the site by its static public IP address. Leave the other settings at their defaults.",
    fields: [
      configField('connector-from', 'From', "Your organization's email server"),
      configField('connector-to', 'To', 'Microsoft 365'),
      configField(
        'connector-identify-by',
        'Identify by',
        'By verifying that the IP address of the sending server matches one of these IP addresses',
      ),
      configField(
        'connector-ip',
        'IP address',
        i.publicIp ?? '(the site’s static public IP — run the site checks)',
        { placeholder: i.publicIp === null },
      ),
    ],
  }
}

export function spfStep(i: PlanInput): ConfigStep {
  return {
    id: 'admin-spf',
    title: `Tenant admin: publish the SPF record for ${i.domain}`,
    who: 'admin',
    where: {
      path: ["The domain's DNS host", 'TXT record'],
      confidence: 'high',
      sources: [MFD_ARTICLE],
    },
    text: 'Replace the existing SPF record (a domain must have only one); skipping this can send the mail to junk.',
    fields: [
      // Without the site's address the record is a template: not for copying as it is.
      configField(
        'spf-record',
        'TXT record',
        i.spfRecord ??
          `v=spf1 ip4:${i.publicIp ?? '<site public IP>'} include:spf.protection.outlook.com ~all`,
        i.spfRecord === null && i.publicIp === null
          ? {
              placeholder: true,
              hint: 'Put the site’s static public IP in place of <site public IP> (the site checks find it).',
            }
          : {},
      ),
    ],
  }
}

export function rejectDirectSendStep(): ConfigStep {
  return {
    id: 'admin-reject-direct-send',
    title: 'Tenant admin: check that Reject Direct Send is off',
    who: 'admin',
    where: {
      path: ['Exchange Online PowerShell'],
      confidence: 'medium',
      sources: [
        'https://techcommunity.microsoft.com/blog/exchange/introducing-more-control-over-direct-send-in-exchange-online/4408790',
      ],
    },
    text: 'With Reject Direct Send on, the device\'s mail is refused with "550 5.7.68" unless a partner connector is set up.',
    fields: [powershell('Get-OrganizationConfig | Format-List RejectDirectSend')],
  }
}
