/**
 * The Configure step: for the chosen method and the device's catalogue family, the steps to
 * follow and every value to type, with the device's own field labels where the catalogue knows
 * them. Values come from Microsoft's article (../shared/reference/microsoft-365-sending-options.txt)
 * and m365-and-tools.md; where the device's menu is unknown the step says so instead of guessing.
 */
import { isKnown, type Confidence, type PrinterFamily, type SmtpFieldNames } from '../catalog/types'
import { BASIC_AUTH_TIMELINE, SMTP_AUTH_DOC } from '../decision/sources'
import type { MethodId } from '../decision/types'

export interface ConfigField {
  /** The label on the device when known, else a generic one. */
  label: string
  value: string
  /** Copy button: false for things that are choices rather than text (e.g. "On"). */
  copy: boolean
  hint?: string
}

export interface ConfigStep {
  id: string
  title: string
  /** Who does it: the technician at the device, or the tenant admin. */
  who: 'device' | 'admin' | 'test'
  /** Where, as menu levels, with how sure the catalogue is (null: not known — look for it). */
  where: { path: string[]; confidence: Confidence; sources: string[] } | null
  text: string
  fields: ConfigField[]
}

export interface PlanInput {
  method: MethodId
  /**
   * The port the decision chose for the method (MethodAssessment.port): client submission uses
   * 25 when 587 is not possible here. Direct send and relay always use 25, HVE 587.
   */
  port: 587 | 25
  family: PrinterFamily
  domain: string
  /** The mailbox (client submission) or sender address (direct send / relay). */
  senderAddress: string
  /**
   * The tenant's Microsoft 365 MX host from DNS or the admin center (…mail.protection.outlook.com,
   * or …mx.microsoft for domains added from July 2026); null when not known. Never built from the
   * domain name.
   */
  mxHost: string | null
  publicIp: string | null
  /** The single SPF record to publish, from the SPF verdict check. */
  spfRecord: string | null
}

function labels(f: PrinterFamily): SmtpFieldNames {
  return isKnown(f.fieldNames) ? f.fieldNames.value : {}
}

function openSettings(f: PrinterFamily): ConfigStep {
  const where = isKnown(f.webUiPath)
    ? { path: f.webUiPath.value, confidence: f.webUiPath.confidence, sources: f.webUiPath.sources }
    : null
  const panel = isKnown(f.panelPath) ? ` On the panel: ${f.panelPath.value.join(' > ')}.` : ''
  return {
    id: 'open-settings',
    title: "Open the device's email (SMTP) settings",
    who: 'device',
    where,
    text: where
      ? `In the device's web page (browse to its IP address), go to ${where.path.join(' > ')}.${panel}`
      : `Where ${f.vendorName} ${f.family} keeps its SMTP settings is not in the catalogue: in the device's web page look for Email, SMTP, Scan to Email or Network > Email.${panel}`,
    fields: [],
  }
}

function field(
  name: keyof SmtpFieldNames,
  generic: string,
  f: PrinterFamily,
  value: string,
  copy = true,
  hint?: string,
): ConfigField {
  return { label: labels(f)[name] ?? generic, value, copy, ...(hint ? { hint } : {}) }
}

function pitfallStep(f: PrinterFamily): ConfigStep[] {
  if (f.pitfalls.length === 0) return []
  return [
    {
      id: 'pitfalls',
      title: `Known pitfalls of ${f.vendorName} ${f.family}`,
      who: 'device',
      where: null,
      text: f.pitfalls.map((p) => `• ${p.text}`).join('\n'),
      fields: [],
    },
  ]
}

function submission(i: PlanInput, server: string, oauth: boolean): ConfigStep[] {
  const f = i.family
  // HVE documents 587 only (m365-and-tools.md §B.3).
  const port = server === 'smtp.office365.com' ? i.port : 587
  const steps: ConfigStep[] = [
    openSettings(f),
    {
      id: 'smtp-server',
      title: 'Enter the SMTP server',
      who: 'device',
      where: null,
      // [MS option 1 settings table]: server smtp.office365.com, "Port 587 (recommended) or port 25", TLS/StartTLS enabled.
      text: 'Use the host name, never an IP address: Microsoft 365 does not support connecting by IP.',
      fields: [
        field('server', 'SMTP server', f, server),
        field(
          'port',
          'Port',
          f,
          String(port),
          true,
          port === 25
            ? 'Microsoft accepts submission on 587 (recommended) or 25; 587 is not possible here, so the device uses 25.'
            : undefined,
        ),
        field(
          'security',
          'Security',
          f,
          'STARTTLS (TLS)',
          false,
          `Not "SSL/TLS" on 465: that is implicit TLS, which Microsoft 365 submission does not offer. STARTTLS on port ${port}.`,
        ),
        field(
          'authentication',
          'SMTP authentication',
          f,
          oauth ? 'OAuth 2.0 (Microsoft 365)' : 'On',
          false,
        ),
        field(
          'username',
          'User name',
          f,
          i.senderAddress || `scanner@${i.domain}`,
          true,
          'The full address of the mailbox the device signs in as.',
        ),
        ...(oauth
          ? []
          : [
              field(
                'password',
                'Password',
                f,
                "The mailbox's password",
                false,
                'Type it on the device; ScanPath never shows or stores it here.',
              ),
            ]),
        field(
          'fromAddress',
          'From address',
          f,
          i.senderAddress || `scanner@${i.domain}`,
          true,
          'The same mailbox: Microsoft 365 refuses other From addresses unless Send As is granted (550 5.7.60).',
        ),
      ],
    },
  ]
  if (oauth && server === 'smtp.office365.com') {
    const o = f.capabilities.oauthM365
    const at =
      isKnown(o) && o.value.signInAt !== 'unknown'
        ? ` (${o.value.signInAt === 'panel' ? 'on the control panel' : o.value.signInAt === 'web-ui' ? "in the device's web page" : 'on the panel or in the web page'})`
        : ''
    steps.push({
      id: 'oauth-sign-in',
      title: 'Sign in to Microsoft 365 on the device',
      who: 'device',
      where: null,
      text: `Start the Microsoft 365 / OAuth sign-in${at} and sign in as ${i.senderAddress || 'the mailbox'}; complete MFA if asked. The device then keeps a refresh token instead of a password.`,
      fields: [],
    })
  }
  steps.push({
    id: 'admin-smtp-auth',
    title: 'Tenant admin: allow SMTP AUTH for this mailbox',
    who: 'admin',
    where: { path: ['Exchange Online PowerShell'], confidence: 'high', sources: [SMTP_AUTH_DOC] },
    text: 'SMTP AUTH is off for tenants created after January 2020 and under Security Defaults; per-mailbox settings win over the tenant setting.',
    fields: [
      {
        label: 'PowerShell',
        value: `Set-CASMailbox -Identity ${i.senderAddress || `scanner@${i.domain}`} -SmtpClientAuthenticationDisabled $false`,
        copy: true,
      },
    ],
  })
  if (!oauth && server === 'smtp.office365.com') {
    // SMTP_AUTH_DOC: "If your authentication policy disables basic authentication for SMTP,
    // clients cannot use the SMTP AUTH protocol"; the end-of-2026 default (BASIC_AUTH_TIMELINE).
    steps.push({
      id: 'admin-basic-auth',
      title: 'Tenant admin: check that password (Basic) sign-in is allowed for SMTP AUTH',
      who: 'admin',
      where: {
        path: ['Exchange Online PowerShell'],
        confidence: 'high',
        sources: [SMTP_AUTH_DOC, BASIC_AUTH_TIMELINE],
      },
      text: 'An authentication policy without Basic for SMTP, or a Conditional Access policy that blocks legacy authentication, refuses the password ("535 5.7.139"). From the end of December 2026 Microsoft turns Basic auth for SMTP AUTH off by default for existing tenants; the admin can turn it back on until the final removal (announced for the second half of 2027). Plan the move to OAuth.',
      fields: [
        {
          label: 'PowerShell',
          value: 'Get-AuthenticationPolicy | Format-List Name,AllowBasicAuthSmtp',
          copy: true,
        },
      ],
    })
  }
  return [...steps, ...pitfallStep(f)]
}

function port25Method(i: PlanInput, relay: boolean): ConfigStep[] {
  const f = i.family
  // Never built from the domain: domains added from July 2026 get MX names under mx.microsoft
  // with a zone only Microsoft knows (MC1048624).
  const mx = i.mxHost
  const sender = i.senderAddress || `scanner@${i.domain}`
  const steps: ConfigStep[] = [
    openSettings(f),
    {
      id: 'smtp-server',
      title: 'Enter the SMTP server (the tenant MX endpoint)',
      who: 'device',
      where: null,
      // [MS option 2/3 settings tables]: server = MX endpoint, port 25, TLS/StartTLS enabled, any address in an accepted domain.
      text: `${mx ? '' : `The MX host was not found in DNS: read it in the Microsoft 365 admin center (Settings > Domains > ${i.domain} > MX record, "Points to address"), or run the site checks with the domain. `}Use the host name, never an IP address.`,
      fields: [
        mx
          ? field('server', 'SMTP server', f, mx)
          : field(
              'server',
              'SMTP server',
              f,
              "The tenant's MX host (not found yet)",
              false,
              'It ends in .mail.protection.outlook.com, or in .mx.microsoft for domains added from July 2026; copy it exactly, never guess it from the domain.',
            ),
        field('port', 'Port', f, '25'),
        field(
          'security',
          'Security',
          f,
          'STARTTLS (TLS) if offered',
          false,
          relay
            ? 'TLS is optional for relay but recommended.'
            : 'TLS is optional for direct send but recommended.',
        ),
        field(
          'authentication',
          'SMTP authentication',
          f,
          'Off',
          false,
          'No user name or password: Microsoft 365 recognises the site by its address (relay) or accepts it as direct send.',
        ),
        field(
          'fromAddress',
          'From address',
          f,
          sender,
          true,
          `Any address in ${i.domain}; it needs no mailbox.`,
        ),
      ],
    },
  ]
  if (relay) {
    steps.push({
      id: 'admin-connector',
      title: 'Tenant admin: create the inbound connector for this site',
      who: 'admin',
      where: {
        path: ['Exchange admin center', 'Mail flow', 'Connectors', '+ Add a connector'],
        confidence: 'high',
        sources: [
          'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365',
        ],
      },
      text: "Create a connector from your organisation's email server to Microsoft 365 that identifies the site by its static public IP address. Leave the other settings at their defaults.",
      fields: [
        { label: 'From', value: "Your organization's email server", copy: false },
        { label: 'To', value: 'Microsoft 365', copy: false },
        {
          label: 'Identify by',
          value:
            'By verifying that the IP address of the sending server matches one of these IP addresses',
          copy: false,
        },
        {
          label: 'IP address',
          value: i.publicIp ?? '(the site’s static public IP — run the site checks)',
          copy: i.publicIp !== null,
        },
      ],
    })
  }
  steps.push({
    id: 'admin-spf',
    title: `Tenant admin: publish the SPF record for ${i.domain}`,
    who: 'admin',
    where: {
      path: ["The domain's DNS host", 'TXT record'],
      confidence: 'high',
      sources: [
        'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365',
      ],
    },
    text: 'Replace the existing SPF record (a domain must have only one); skipping this can send the mail to junk.',
    fields: [
      {
        label: 'TXT record',
        value:
          i.spfRecord ??
          `v=spf1 ip4:${i.publicIp ?? '<site public IP>'} include:spf.protection.outlook.com ~all`,
        copy: true,
      },
    ],
  })
  if (!relay) {
    steps.push({
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
      fields: [
        {
          label: 'PowerShell',
          value: 'Get-OrganizationConfig | Format-List RejectDirectSend',
          copy: true,
        },
      ],
    })
  }
  return [...steps, ...pitfallStep(f)]
}

function hve(i: PlanInput): ConfigStep[] {
  return [
    {
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
    },
    ...submission({ ...i }, 'smtp.hve.mx.microsoft', false).filter(
      (s) => s.id !== 'admin-smtp-auth',
    ),
  ]
}

export function configurationPlan(i: PlanInput): ConfigStep[] {
  const steps = (() => {
    switch (i.method) {
      case 'client-submission-oauth':
        return submission(i, 'smtp.office365.com', true)
      case 'client-submission-basic':
        return submission(i, 'smtp.office365.com', false)
      case 'direct-send':
        return port25Method(i, false)
      case 'smtp-relay':
        return port25Method(i, true)
      case 'high-volume-email':
        return hve(i)
    }
  })()
  return [
    ...steps,
    {
      id: 'test-send',
      title: 'Send a test from the device',
      who: 'test',
      where: null,
      text: 'Scan a page to an internal address and check it arrives (and is not in junk). If the device shows an error code, note it: the Verify step explains Exchange Online replies.',
      fields: [],
    },
  ]
}

/**
 * Where the device sends with the chosen method: what capture mode's switch-back lists, so the
 * device goes back to the values the Configure step gave (the port the decision chose, the MX host
 * found in DNS), not to a fixed 587.
 */
export interface DeviceTarget {
  method: MethodId
  /** smtp.office365.com, smtp.hve.mx.microsoft, or the tenant MX host (null: not found yet). */
  host: string | null
  port: 587 | 25
}

export function deviceTarget(
  method: MethodId,
  port: 587 | 25,
  mxHost: string | null,
): DeviceTarget {
  switch (method) {
    case 'client-submission-oauth':
    case 'client-submission-basic':
      return { method, host: 'smtp.office365.com', port }
    case 'high-volume-email':
      return { method, host: 'smtp.hve.mx.microsoft', port: 587 }
    case 'direct-send':
    case 'smtp-relay':
      return { method, host: mxHost, port: 25 }
  }
}
