/** The Decision step's questions, in words a technician can ask the customer or the admin. */
import type { DecisionAnswers } from '../../../shared/decision/types'

export const DECISION_QUESTIONS: Record<keyof DecisionAnswers, { question: string; hint: string }> =
  {
    externalRecipients: {
      question: 'Must it send to addresses outside the organisation (e.g. Gmail)?',
      hint: 'Scan to a supplier, a home address, an accountant outside the company.',
    },
    mfaOrSecurityDefaults: {
      question: 'Do Security Defaults or MFA apply to the mailbox the device would use?',
      hint: 'Ask the tenant admin (Entra admin center > Properties > Security defaults).',
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
