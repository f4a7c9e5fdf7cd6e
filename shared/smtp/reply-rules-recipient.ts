/**
 * Reply-explainer rules for the recipient: addresses that do not exist, relaying to a domain the
 * server does not take, and recipients or groups that accept only certain or signed-in senders.
 */
import type { ReplyRule } from './reply-rule'
import { DBEB, NDR, NDR_PAGE } from './reply-sources'

// Order matters within each kind (enhanced code, then text, then basic code): a rule that needs
// a text comes before the rule for the same code without one. explain-reply keeps this order.
export const RECIPIENT_RULES: ReplyRule[] = [
  {
    // "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup".
    enhanced: '5.1.10',
    gate: 'recipient-not-found',
    title: 'No such recipient',
    meaning:
      "The recipient's address was not found in the directory (no mailbox, group or contact has it), or a forwarding rule of the recipient points at an address that does not exist.",
    fix: 'Check the recipient address on the device (the address book entry or the scan-to-email destination). The admin checks that the recipient exists and has a licence; in a hybrid setup the domain may need to be Internal Relay.',
    powershell: 'Get-Recipient -Identity <recipient>',
    source: NDR_PAGE('fix-error-code-550-5-1-10-in-exchange-online'),
  },
  {
    enhanced: '5.1.1',
    gate: 'recipient-not-found',
    title: 'No such recipient',
    meaning:
      "The recipient's address does not exist on the receiving system (bad destination mailbox address).",
    fix: 'Check the recipient address on the device for a typing error; if it was right before, the mailbox was removed or renamed.',
    source: NDR,
  },
  {
    // NDR table: 5.4.1 "Recipient address rejected: Access denied": "The recipient's address
    // doesn't exist", Directory Based Edge Blocking. Seen as "550 5.4.1 Recipient address
    // rejected: Access denied. AS(201806281)" and "550 5.4.1 [x@y]: Recipient address rejected:
    // Access denied".
    enhanced: '5.4.1',
    text: /Recipient address rejected/i,
    gate: 'recipient-not-found',
    title: 'No such recipient (rejected at the edge)',
    meaning:
      "Exchange Online's edge refused the recipient because the address does not exist in the tenant (Directory Based Edge Blocking). Direct send and relay meet this for any address that is not a mailbox, group or contact of the tenant.",
    fix: 'Check the recipient address on the device. The admin checks that it exists in the tenant; if the domain is shared with another mail system, its accepted domain must be Internal Relay, not Authoritative.',
    powershell: 'Get-Recipient -Identity <recipient>',
    source: DBEB,
  },
  {
    // NDR table: 5.4.1 "Relay Access Denied": the server does not accept mail for the
    // recipient's domain (mail server or DNS misconfiguration).
    enhanced: '5.4.1',
    text: /Relay Access Denied/i,
    gate: 'relay-denied',
    title: "The server does not take mail for the recipient's domain",
    meaning:
      "The server that answered does not accept mail for the recipient's domain: it is not one of the tenant's accepted domains, or the domain's MX points somewhere else.",
    fix: "Direct send and relay deliver only to the tenant's own domains, through the MX found in DNS: check the recipient's domain and the host the device uses. To reach outside recipients, sign in (client submission) or use a relay connector.",
    source: NDR_PAGE('fix-error-code-550-5-4-1-in-exchange-online'),
  },
  {
    enhanced: '5.7.504',
    gate: 'recipient-not-found',
    title: 'No such recipient',
    meaning: 'The recipient address is not valid ("Recipient address rejected: Access denied").',
    fix: 'Check the recipient address on the device, then try again.',
    source: NDR,
  },
  {
    // Groups and recipients that accept only authenticated senders — which anonymous direct send
    // never is: 5.7.12 (recipient), 5.7.133 (group), 5.7.134 (mailbox), 5.7.13/5.7.135 (public
    // folder), 5.7.136 (mail user); and 5.7.1 RESOLVER.RST.AuthRequired.
    enhanced: '5.7.133',
    gate: 'sender-auth-required',
    title: 'The group accepts only senders from inside the organisation',
    meaning:
      'The recipient is a group set to reject messages from outside the organisation (unauthenticated senders). Direct send and relay arrive unauthenticated, so the group refuses them.',
    fix: 'The group owner or admin allows senders outside the organisation for this group (Delivery management; for a Microsoft 365 group, Set-UnifiedGroup with the same setting), or adds the sender to its allowed senders; or the device sends through client submission (signed in).',
    powershell:
      'Set-DistributionGroup -Identity <group> -RequireSenderAuthenticationEnabled $false',
    source: NDR_PAGE('fix-error-code-5-7-133-in-exchange-online'),
  },
  {
    enhanced: ['5.7', 134, 136],
    gate: 'sender-auth-required',
    title: 'The recipient accepts only senders from inside the organisation',
    meaning:
      'The recipient (a mailbox, public folder or mail user) is set to accept only authenticated senders. Direct send and relay arrive unauthenticated, so it refuses them.',
    fix: 'The recipient\'s admin clears "Require that all senders are authenticated" for it, or adds the sender to its allowed senders; or the device sends through client submission (signed in).',
    powershell: 'Set-Mailbox -Identity <recipient> -RequireSenderAuthenticationEnabled $false',
    source: NDR,
  },
  {
    enhanced: ['5.7', 12, 13],
    gate: 'sender-auth-required',
    title: 'The recipient accepts only senders from inside the organisation',
    meaning:
      'The recipient is set to reject messages sent from outside its organisation ("Sender was not authenticated"). Direct send and relay arrive unauthenticated, so it refuses them.',
    fix: 'The recipient\'s admin clears "Require senders to be authenticated" for it (mailbox, group or public folder), or adds the sender to its allowed senders; or the device sends through client submission (signed in).',
    powershell: 'Set-Mailbox -Identity <recipient> -RequireSenderAuthenticationEnabled $false',
    source: NDR_PAGE('fix-error-code-5-7-12-in-exchange-online'),
  },
  {
    // Exchange: "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required" (Microsoft's
    // 5.7.1 page, for a public folder).
    enhanced: '5.7.1',
    text: /RESOLVER\.RST\.AuthRequired|authentication required/i,
    gate: 'sender-auth-required',
    title: 'The recipient accepts only authenticated senders',
    meaning:
      'The recipient is set to accept only authenticated senders; this message arrived without a sign-in (direct send or relay), so it was refused.',
    fix: 'The recipient\'s admin clears "Require that all senders are authenticated" for it, or the device sends through client submission (signed in).',
    source: NDR_PAGE('fix-error-code-550-5-7-1-in-exchange-online'),
  },
  {
    // NDR table: 5.7.1 "Delivery not authorized": "frequently occurs when a sender tries to send
    // messages to a distribution group that has been configured to accept messages only from
    // members ... or other authorized senders"; also a mail flow rule. Exchange's reply is
    // "550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized" (...NotAuthorizedToGroup for a list).
    enhanced: '5.7.1',
    text: /Delivery not authori[sz]ed|RESOLVER\.RST\.NotAuthorized/i,
    gate: 'recipient-restricted',
    title: 'The recipient accepts only certain senders',
    meaning:
      'The sender is not allowed to send to this recipient: usually a distribution list or group that accepts messages only from its members or listed senders; sometimes a mail flow rule.',
    fix: "The group's owner or admin adds the device's sending address to the group's allowed senders (or the group's members), or the device sends to a recipient without that restriction.",
    powershell:
      'Set-DistributionGroup -Identity <group> -AcceptMessagesOnlyFromSendersOrMembers @{Add="<sender>"}',
    source: NDR,
  },
  {
    enhanced: '5.7.124',
    gate: 'recipient-restricted',
    title: 'The group accepts only certain senders',
    meaning: "The sender is not in the group's allowed-senders list.",
    fix: "The group's owner or admin adds the device's sending address to the group's allowed senders.",
    powershell:
      'Set-DistributionGroup -Identity <group> -AcceptMessagesOnlyFromSendersOrMembers @{Add="<sender>"}',
    source: NDR,
  },
]
