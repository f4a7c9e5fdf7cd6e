/** The Decision step's questions, in words a technician can ask the customer or the admin. */
import {
  BASIC_AUTH_TIMELINE,
  SECURITY_DEFAULTS_QUOTE,
  SMTP_AUTH_DOC,
} from '../../../shared/decision/sources'
import type { DecisionAnswers, SiteFacts } from '../../../shared/decision/types'

/** Where the tenant admin finds the answer, with the read-only PowerShell and its sources. */
export interface AdminLookup {
  text: string
  powershell: string[]
  sources: string[]
}

export interface DecisionQuestion {
  question: string
  hint: string
  /** Shown under "Where the admin looks" for questions only the tenant admin can answer. */
  lookup?: AdminLookup
}

const AUTH_POLICY_DOC =
  'https://learn.microsoft.com/en-us/powershell/module/exchangepowershell/get-authenticationpolicy'

export const DECISION_QUESTIONS: Record<keyof DecisionAnswers, DecisionQuestion> = {
  externalRecipients: {
    question: 'Must it send to addresses outside the organisation (e.g. Gmail)?',
    hint: 'Scan to a supplier, a home address, an accountant outside the company.',
  },
  mfaOrSecurityDefaults: {
    question: 'Do Security Defaults or MFA apply to the mailbox the device would use?',
    hint: 'Ask the tenant admin (Entra admin center > Properties > Security defaults).',
    lookup: {
      text: `${SECURITY_DEFAULTS_QUOTE} That holds for OAuth sign-in too; MFA alone is done at the OAuth sign-in.`,
      powershell: [],
      sources: [SMTP_AUTH_DOC],
    },
  },
  basicAuthBlocked: {
    question: 'Does the tenant block password (Basic) sign-in for SMTP AUTH?',
    hint: 'From the end of December 2026 Microsoft turns it off by default in existing tenants (the admin can turn it back on until the final removal, announced for the second half of 2027). "Don\'t know" then counts as blocked.',
    lookup: {
      text: 'An authentication policy without AllowBasicAuthSmtp, a Conditional Access policy that blocks legacy authentication (Microsoft Entra admin center), or SMTP AUTH turned off for the tenant or the mailbox (the mailbox setting wins; empty means it follows the tenant).',
      powershell: [
        'Get-AuthenticationPolicy | Format-List Name,AllowBasicAuthSmtp',
        'Get-TransportConfig | Format-List SmtpClientAuthenticationDisabled',
        'Get-CASMailbox -Identity <mailbox> | Format-List SmtpClientAuthenticationDisabled',
      ],
      sources: [SMTP_AUTH_DOC, AUTH_POLICY_DOC, BASIC_AUTH_TIMELINE],
    },
  },
  staticPublicIp: {
    question: 'Does the site have a static public IP address of its own?',
    hint: 'Not shared with another organisation; the ISP contract or the router says so.',
  },
  highVolume: {
    question: 'Will it send more than 30 messages a minute or 10,000 recipients a day?',
    hint: 'Bulk notifications or reports, not a scanner used by people.',
  },
  sentItemsCopy: {
    question: 'Must a copy of each message be kept in a Sent Items folder?',
    hint: 'Only client submission saves one (in the mailbox it signs in as).',
  },
  thirdPartyHosted: {
    question: 'Is the sender an application hosted by a third party (a cloud service)?',
    hint: 'A printer or scanner on site is not.',
  },
  rejectDirectSend: {
    question: 'Has the tenant turned on Reject Direct Send?',
    hint: 'The admin can tell with Get-OrganizationConfig | Format-List RejectDirectSend.',
  },
}

/**
 * The hint as shown for this site: the static-IP question also says what the site checks found
 * (a reverse name that looks like a dynamic pool is a hint, never an answer).
 */
export function questionHint(key: keyof DecisionAnswers, site: SiteFacts): string {
  const q = DECISION_QUESTIONS[key]
  if (key !== 'staticPublicIp') return q.hint
  if (site.publicIpNotStatic === 'private-or-cgnat')
    return `${q.hint} The site checks saw a private or carrier-grade NAT address: an IP-based connector cannot name it, whatever the answer.`
  if (site.publicIpNotStatic === 'sources-disagree')
    return `${q.hint} The site checks saw different addresses (several internet lines, or a proxy): "Yes" means the connector lists every address mail can leave from.`
  if (site.publicIpDynamicName)
    return `${q.hint} Hint from the site checks: the reverse name ${site.publicIpDynamicName}${site.publicIp ? ` of ${site.publicIp}` : ''} looks like a dynamic pool. ISPs name some static lines that way too: the ISP's answer wins.`
  return q.hint
}
