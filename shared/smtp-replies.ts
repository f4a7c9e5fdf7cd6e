/**
 * Exchange Online (and generic SMTP) replies in plain words: which gate refused, what it means,
 * and what to change — with the admin's PowerShell where one exists. Exact texts, meanings and
 * fixes: ../shared/reference/m365-and-tools.md §B.1, §B.5–B.7, §E and the Microsoft articles cited
 * in each rule. Pure: used by the probes, the Verify step, the CLI and the report.
 *
 * How a reply is matched, as Microsoft's NDR reference reads one: the enhanced status code first
 * (5.7.139, 5.2.2), and the reply text second, only to tell apart the replies that share a code
 * ("5.2.2 Submission quota exceeded" and "5.2.2 mailbox full" are different gates). Then, for a
 * reply whose enhanced code no rule knows, a few documented texts; then the basic code, only where
 * the code alone says what happened (535: the sign-in was refused; 421: the server is closing).
 * A reply that matches nothing is explained by its class with the reply quoted (explainAnyReply),
 * never as something it is not.
 */

import { displayText } from './display-text'
import { enhancedCodeOf, isEnhancedCode } from './smtp/reply-text'

/** The gate that refused, named so a technician and a tenant admin can act on it. */
export type ReplyGate =
  | 'tenant-smtp-auth-disabled'
  | 'mailbox-smtp-auth-disabled'
  | 'security-defaults'
  | 'conditional-access'
  | 'basic-auth-disabled'
  | 'basic-auth-retired'
  | 'federated-sts'
  | 'wrong-credentials'
  | 'auth-temporary'
  | 'auth-mechanism'
  | 'not-authenticated'
  | 'starttls-required'
  | 'legacy-tls'
  | 'tls-unavailable'
  | 'send-as-denied'
  | 'restricted-sender'
  | 'account-banned'
  | 'connector-mismatch'
  | 'reject-direct-send'
  | 'relay-denied'
  | 'hve-external'
  | 'recipient-not-found'
  | 'recipient-restricted'
  | 'sender-auth-required'
  | 'mailbox-full'
  | 'sender-mailbox-full'
  | 'message-too-large'
  | 'too-many-recipients'
  | 'ip-reputation'
  | 'tenant-threshold'
  | 'unregistered-domain'
  | 'throttling'
  | 'blocklist'
  | 'banned'
  | 'spf-dmarc'
  | 'ipv6-rules'
  | 'quota'
  | 'temporary-server-error'
  | 'service-unavailable'
  | 'no-service'
  | 'temporary'
  | 'permanent'

export interface ReplyExplanation {
  gate: ReplyGate
  /** Short name of the gate for a heading. */
  gateTitle: string
  /** 4xx: try again later; 5xx: something must change first. */
  temporary: boolean
  meaning: string
  fix: string
  /** The admin's command, when one fixes it. */
  powershell: string | null
  source: string
}

interface Rule {
  code?: number | number[]
  /** Enhanced code, exact (`5.7.139`) or a range `[class.subject, from, to]`. */
  enhanced?: string | [string, number, number]
  text?: RegExp
  gate: ReplyGate
  title: string
  meaning: string
  fix: string
  powershell?: string
  source: string
}

const NDR =
  'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online'
const NDR_PAGE = (slug: string) =>
  `https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/${slug}`
const SMTP_AUTH =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission'
const LEGACY_TLS =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/opt-in-exchange-online-endpoint-for-legacy-tls-using-smtp-auth'
const BASIC_RETIREMENT =
  'https://techcommunity.microsoft.com/blog/exchange/updated-exchange-online-smtp-auth-basic-authentication-deprecation-timeline/4489835'
const REJECT_DIRECT_SEND =
  'https://techcommunity.microsoft.com/blog/exchange/introducing-more-control-over-direct-send-in-exchange-online/4408790'
const RFC4954_ERRORS = 'https://www.rfc-editor.org/rfc/rfc4954#section-6'
const PRINTERS_ARTICLE =
  'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/fix-issues-with-printers-scanners-and-lob-applications-that-send-email-using-off'
// "Changes in message store and throttling for concurrent connections": the replies of SMTP AUTH
// submission to a full mailbox, to a fourth concurrent connection and to the daily limit.
const SUBMISSION_LIMITS =
  'https://learn.microsoft.com/en-us/troubleshoot/exchange/send-emails/smtp-submission-improvements'
const EXO_LIMITS =
  'https://learn.microsoft.com/en-us/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits'
const HVE =
  'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/high-volume-mails-m365'
const DBEB =
  'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/use-directory-based-edge-blocking'

// The fallback texts: a rule's fix must say more than these (the tests check it).
const GENERIC_TEMPORARY_FIX =
  'Try again in a few minutes; if it repeats, the reply text says what the server objects to.'
const GENERIC_PERMANENT_FIX =
  'Read the reply text for what the server objects to, and change that setting before trying again.'

// Within each kind (enhanced code, then text, then basic code) order matters: a rule that needs a
// text comes before the rule for the same code without one.
const RULES: Rule[] = [
  // --- Sign-in (AUTH) -----------------------------------------------------------------------------
  {
    enhanced: '5.7.139',
    text: /SmtpClientAuthentication is disabled for the Tenant/i,
    gate: 'tenant-smtp-auth-disabled',
    title: 'SMTP AUTH is turned off for the whole tenant',
    meaning: 'The tenant does not allow SMTP AUTH at all, so no mailbox can sign in from a device.',
    fix: 'The tenant admin turns SMTP AUTH on for this one mailbox (a per-mailbox setting wins over the tenant setting), or for the tenant.',
    powershell: 'Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false',
    source: SMTP_AUTH,
  },
  {
    enhanced: '5.7.139',
    text: /SmtpClientAuthentication is disabled for the Mailbox/i,
    gate: 'mailbox-smtp-auth-disabled',
    title: 'SMTP AUTH is turned off for this mailbox',
    meaning: 'This mailbox is not allowed to sign in with SMTP AUTH.',
    fix: 'The tenant admin turns SMTP AUTH on for the mailbox.',
    powershell: 'Set-CASMailbox -Identity <mailbox> -SmtpClientAuthenticationDisabled $false',
    source: SMTP_AUTH,
  },
  {
    enhanced: '5.7.139',
    text: /security defaults/i,
    gate: 'security-defaults',
    title: 'Security Defaults block the sign-in',
    meaning: "The tenant's Security Defaults block password sign-in for SMTP.",
    fix: 'Use OAuth on the device, or have the admin replace Security Defaults with Conditional Access that excludes this account, or use direct send or a relay connector.',
    source: SMTP_AUTH,
  },
  {
    enhanced: '5.7.139',
    text: /did not meet the criteria to be authenticated/i,
    gate: 'conditional-access',
    title: 'Conditional Access or an authentication policy blocks the sign-in',
    meaning: 'A Conditional Access or legacy-authentication policy refused this sign-in.',
    fix: 'The admin excludes this account from the blocking policy, or the device signs in with OAuth.',
    source: SMTP_AUTH,
  },
  {
    enhanced: '5.7.139',
    text: /basic authentication is disabled/i,
    gate: 'basic-auth-disabled',
    title: 'Basic authentication is disabled',
    meaning:
      'Password (Basic) sign-in is blocked for SMTP in this tenant (an authentication policy, or the end-of-2026 default).',
    fix: 'Use OAuth on the device; until Microsoft removes Basic for good, the admin can allow it for this mailbox.',
    source: BASIC_RETIREMENT,
  },
  {
    enhanced: '5.7.139',
    text: /federated STS/i,
    gate: 'federated-sts',
    title: 'The federation server (ADFS) could not be used',
    meaning:
      "The account is federated and Microsoft 365 could not reach the organisation's sign-in server (or it does not support HTTPS/TLS 1.2).",
    fix: "The identity admin fixes the federation server's reachability and TLS, or the device uses a cloud-only account.",
    source: SMTP_AUTH,
  },
  {
    // "535 5.7.139 Authentication unsuccessful, the user credentials were incorrect." Not in
    // Microsoft's NDR table; the wording is as smtp.office365.com sends it (seen in
    // github.com/codassassin/email-bomber-v2.0/issues/1). The meaning is the reply's own words.
    enhanced: '5.7.139',
    text: /credentials were incorrect/i,
    gate: 'wrong-credentials',
    title: 'Wrong user name or password',
    meaning:
      'Microsoft 365 found the account but says the password (or the user name) is wrong. SMTP AUTH itself is on: a policy that blocked it would be named in the reply.',
    fix: 'Retype the password on the device and use the full email address (the sign-in name) as the user name. If the password was changed or has expired, enter the new one; a device that stored it does not learn of the change.',
    source: SMTP_AUTH,
  },
  {
    code: 550,
    enhanced: '5.7.30',
    gate: 'basic-auth-retired',
    title: 'Basic authentication is retired for client submission',
    meaning: 'Microsoft 365 no longer accepts a password for SMTP client submission.',
    fix: 'Switch the device to OAuth 2.0; if it cannot, use direct send, a relay connector, or High Volume Email (internal recipients).',
    source: BASIC_RETIREMENT,
  },
  {
    enhanced: '5.7.3',
    code: 535,
    gate: 'wrong-credentials',
    title: 'The sign-in was refused',
    meaning:
      'Wrong user name or password (or token), or a gate that Exchange does not name: SMTP AUTH off, MFA, Security Defaults, Conditional Access, or a token for the wrong audience.',
    fix: 'Check the user name (the full address) and password; then ask the admin whether SMTP AUTH is on for the mailbox and no MFA or policy applies. With OAuth, check the token was issued for https://outlook.office.com/SMTP.Send.',
    powershell: 'Get-CASMailbox -Identity <mailbox> | Format-List SmtpClientAuthenticationDisabled',
    source: NDR,
  },
  {
    // RFC 4954 §6: "535 5.7.8 Authentication credentials invalid", the standard reply of most
    // mail servers. Exchange Online's own refusals are 5.7.3 and 5.7.139 (above).
    code: 535,
    enhanced: '5.7.8',
    gate: 'wrong-credentials',
    title: 'Wrong user name or password',
    meaning:
      'The server says the credentials are invalid (535 5.7.8, the standard reply for a wrong user name or password). Exchange Online itself usually answers 5.7.3 or 5.7.139, so when the device should be talking to smtp.office365.com, this answer may come from another server.',
    fix: 'Retype the password (watch Caps Lock and the keyboard layout) and use the full email address as the user name; with OAuth, sign in again. If the server should be smtp.office365.com, check the host name and port too.',
    source: RFC4954_ERRORS,
  },
  {
    // RFC 4954 §6: "454 4.7.0 Temporary authentication failure": the server could not check the
    // credentials for now, and "the client SHOULD NOT prompt the user for another password".
    // The same enhanced code answers STARTTLS with "TLS not available" (a text rule below).
    enhanced: '4.7.0',
    text: /Temporary authentication failure/i,
    gate: 'auth-temporary',
    title: 'The sign-in could not be checked just now',
    meaning:
      'The server could not check the user name and password at the moment (its sign-in service failed for now). It neither accepted nor refused them.',
    fix: 'Do not change the password: try again in a few minutes. If it keeps happening, check Microsoft 365 service health; the credentials themselves were not judged.',
    source: RFC4954_ERRORS,
  },
  {
    // "451 4.7.0 Temporary server error. Please try again later. PRX4 [...prod.outlook.com]",
    // answered to AUTH by smtp.office365.com (github.com/harishkrupo/oauth2ms/issues/5,
    // github.com/jstedfast/MailKit/issues/566). Microsoft does not document the PRXn codes: the
    // meaning below (a front-end proxy step failed) and the causes when it persists are field
    // reports, not Microsoft's word — weak confidence.
    enhanced: '4.7.0',
    text: /Temporary server error/i,
    gate: 'temporary-server-error',
    title: 'Temporary error inside Exchange Online',
    meaning:
      "Exchange Online's front end could not complete the request with the server that holds the mailbox (PRX… names the proxy step that failed). Microsoft does not document these codes; usually it passes on its own.",
    fix: 'Try again in a few minutes. If it repeats for this account only, have the admin check that the account has an Exchange Online mailbox with a licence (not a mailbox still on-premises), and with OAuth that the token was issued for this same user.',
    source: 'https://github.com/harishkrupo/oauth2ms/issues/5',
  },
  {
    // "504 5.7.4 Unrecognized authentication type", as Exchange Online answers an AUTH it does not
    // offer (github.com/deanproxy/eMail/issues/44, github.com/u-ichi/fluent-plugin-mail/issues/44).
    // smtp.office365.com offers AUTH only after STARTTLS, and then only LOGIN and XOAUTH2
    // (reference §B.2). RFC 4954 §4: an unsupported mechanism is refused with 504.
    enhanced: '5.7.4',
    gate: 'auth-mechanism',
    title: 'Sign-in method not offered',
    meaning:
      'The server does not offer the sign-in method the device asked for. Exchange Online offers AUTH only after STARTTLS, and then only LOGIN and XOAUTH2 (OAuth): a device that signs in before STARTTLS, or asks for PLAIN, CRAM-MD5 or NTLM, gets this.',
    fix: 'Turn STARTTLS on (port 587) and set the authentication method to LOGIN, or to OAuth where the device has it; if it offers "Auto", choose LOGIN explicitly.',
    source: 'https://www.rfc-editor.org/rfc/rfc4954#section-4',
  },
  {
    enhanced: '5.7.3',
    text: /STARTTLS is required/i,
    gate: 'starttls-required',
    title: 'STARTTLS is required',
    meaning: 'The client tried to go on without encryption.',
    fix: 'Turn on STARTTLS ("TLS", "Use SSL/TLS: STARTTLS") on the device, port 587.',
    source: NDR,
  },
  {
    enhanced: '5.7.57',
    gate: 'not-authenticated',
    title: 'Not signed in',
    meaning: 'smtp.office365.com only accepts mail after a sign-in; the device sent without one.',
    fix: 'Enter the mailbox credentials with STARTTLS on smtp.office365.com:587 — or, for direct send, point the device at the tenant MX endpoint (…mail.protection.outlook.com) on port 25.',
    source: PRINTERS_ARTICLE,
  },
  {
    code: 421,
    enhanced: '4.7.66',
    gate: 'legacy-tls',
    title: 'TLS 1.0/1.1 refused',
    meaning:
      'Microsoft 365 refuses TLS 1.0 and 1.1 on smtp.office365.com: the client must use TLS 1.2 or newer.',
    fix: 'Update the device firmware to one with TLS 1.2. Only if impossible: the admin opts in to smtp-legacy.office365.com (also subject to the Basic-auth retirement).',
    powershell: 'Set-TransportConfig -AllowLegacyTLSClients $true',
    source: LEGACY_TLS,
  },

  // --- Sender: who may send, and how much ---------------------------------------------------------
  {
    enhanced: '5.7.60',
    gate: 'send-as-denied',
    title: 'Not allowed to send as this address',
    meaning:
      'The From address is not the signed-in mailbox, and the mailbox has no Send As right for it.',
    fix: "Set the device's From address to the signed-in mailbox, or have the admin grant Send As, or use a relay connector.",
    powershell:
      'Add-RecipientPermission -Identity <from-address> -Trustee <mailbox> -AccessRights SendAs',
    source: NDR,
  },
  {
    enhanced: '5.2.252',
    gate: 'send-as-denied',
    title: 'Not allowed to send as this address',
    meaning: 'SendAsDenied: the signed-in mailbox may not send as the From address.',
    fix: 'Set the From address to the signed-in mailbox, or have the admin grant Send As.',
    powershell:
      'Add-RecipientPermission -Identity <from-address> -Trustee <mailbox> -AccessRights SendAs',
    source: NDR,
  },
  {
    enhanced: '5.1.8',
    gate: 'restricted-sender',
    title: 'The mailbox is blocked from sending',
    meaning:
      'The mailbox is on the Restricted users list (Microsoft 365 stopped it sending, usually after suspected spam).',
    fix: 'The admin checks the account for compromise, then removes it from Restricted users in the Microsoft Defender portal.',
    source: NDR,
  },
  {
    // NDR table: 5.7.501 "Access denied, spam abuse detected"; 5.7.502 and 5.7.503 "Access denied,
    // banned sender": "The sending account has been banned due to detected spam activity." Same
    // text as 5.7.511, which bans an IP instead: told apart by the enhanced code.
    enhanced: ['5.7', 501, 503],
    gate: 'account-banned',
    title: 'The sending account is banned',
    meaning:
      'Microsoft 365 banned this sending account after detecting spam from it (often a compromised account).',
    fix: "The admin makes sure the account is no longer compromised and resets its password, then asks Microsoft support (the tenant's usual support channel) to restore its sending. No setting on the device fixes it.",
    source: NDR,
  },
  {
    // "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException": SMTP AUTH over
    // the 10,000 recipients a day limit. Microsoft: there is no unblocking by the admin, the
    // sender waits (MicrosoftDocs/OfficeDocs-Exchange pull 2433).
    enhanced: '5.2.0',
    text: /SubmissionQuotaExceeded/i,
    gate: 'quota',
    title: 'Daily sending limit reached',
    meaning:
      "The mailbox reached Exchange Online's limit of 10,000 recipients in 24 hours (the recipient rate limit). It cannot send until the 24 hours have passed; the admin cannot lift it.",
    fix: 'Wait until the 24 hours have passed. If the device did not send that much, the account may be compromised: reset its password and have the admin check it. For this volume, use High Volume Email (internal recipients) or a relay connector.',
    source: SUBMISSION_LIMITS,
  },
  {
    // "...MessageSubmissionExceededException.MapiExceptionMaxSubmissionExceeded; Message size
    // exceeds maximum size limit" from STOREDRV.Submission (seen in
    // github.com/pankleks/pm2-health/issues/52; the SMTP code was not shown there).
    enhanced: '5.2.0',
    text: /MaxSubmissionExceeded|Message size exceeds/i,
    gate: 'message-too-large',
    title: 'The message is too large to send',
    meaning:
      'The message is larger than this mailbox may send (its maximum send size). Scans at high resolution, or several pages in colour, pass the limit quickly.',
    fix: 'Scan at a lower resolution, in black and white or greyscale, or to a compressed PDF, or split the job into several emails. The admin can check and raise the mailbox limit (MaxSendSize).',
    powershell: 'Get-Mailbox -Identity <mailbox> | Format-List MaxSendSize,MaxReceiveSize',
    source: EXO_LIMITS,
  },
  {
    // "554 5.2.2 mailbox full; STOREDRV.Submission.Exception:QuotaExceededException...": the
    // sending mailbox itself is full, since SMTP AUTH keeps every message in Sent Items.
    enhanced: '5.2.2',
    text: /STOREDRV\.Submission.*Quota|Submission\.Exception:QuotaExceeded/i,
    gate: 'sender-mailbox-full',
    title: "The device's own mailbox is full",
    meaning:
      "The sending mailbox is full. Exchange Online keeps a copy of every message sent with SMTP AUTH in the mailbox's Sent Items, so a busy scanner mailbox fills up, and a full mailbox can no longer send.",
    fix: "Empty the mailbox's Sent Items (and Deleted Items). To stop it recurring, the admin applies a retention policy that empties Sent Items, or the device moves to a relay connector or High Volume Email, which keep no copy.",
    powershell:
      'Get-MailboxFolderStatistics -Identity <mailbox> -FolderScope SentItems | Format-List FolderSize,ItemsInFolder',
    source: SUBMISSION_LIMITS,
  },
  {
    // NDR table: "5.2.2 Submission quota exceeded": "The sender has exceeded the recipient rate
    // limit or the message rate limit". Not a full mailbox, despite the code.
    enhanced: '5.2.2',
    text: /Submission quota exceeded/i,
    gate: 'quota',
    title: 'Sending limit reached',
    meaning: 'The mailbox has reached its sending limit (submission quota).',
    fix: 'Wait for the limit to reset; for volume, use High Volume Email or a relay connector.',
    source: NDR,
  },
  {
    // "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException..." with "The
    // recipient's mailbox is full and can't accept messages now" (Microsoft, for a mail-enabled
    // public folder); RFC 3463: X.2.2 is "Mailbox full", the recipient's.
    enhanced: '5.2.2',
    gate: 'mailbox-full',
    title: "The recipient's mailbox is full",
    meaning:
      "The recipient's mailbox (or public folder) is over its storage quota and accepts no more mail for now. Nothing is wrong with the device or its settings.",
    fix: 'The recipient frees space in their mailbox, or their admin raises the quota or turns on the archive; then scan again. Meanwhile send to another address.',
    source:
      'https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/cannot-send-mail-mepf',
  },
  {
    enhanced: '5.1.90',
    gate: 'quota',
    title: 'Sending limit reached',
    meaning: 'The mailbox has reached its recipient rate limit.',
    fix: 'Wait; for volume, use High Volume Email or a relay connector.',
    source: NDR,
  },
  {
    // "432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded": at most three connections
    // per mailbox may submit at once.
    enhanced: '4.3.2',
    text: /sender thread limit/i,
    gate: 'throttling',
    title: 'Too many connections at once from this mailbox',
    meaning:
      'More than three connections were sending from this mailbox at the same time; Exchange Online lets a mailbox submit over three connections at most.',
    fix: 'Nothing is lost: the device retries. If it repeats, give each device or application its own mailbox, or make the device send one message at a time.',
    source: SUBMISSION_LIMITS,
  },
  {
    enhanced: '4.3.2',
    text: /recipient thread limit/i,
    gate: 'throttling',
    title: 'The recipient is receiving too fast',
    meaning:
      "The recipient's mailbox is being throttled because it receives too many messages too quickly.",
    fix: 'Nothing to change: the message is retried and gets through once the recipient mailbox catches up.',
    source: NDR,
  },
  {
    // NDR table: "4.5.3 Too many recipients" (more than 200 envelope recipients for one domain):
    // the sender splits the recipients over several messages.
    enhanced: '4.5.3',
    gate: 'too-many-recipients',
    title: 'Too many recipients in one message',
    meaning:
      'The message has more recipients (RCPT TO) than the server accepts in one message; the ones over the limit were refused for now.',
    fix: 'Send to fewer addresses per message, or to one distribution group instead of each address. A device that follows SMTP sends the refused recipients in a second message by itself.',
    source: NDR,
  },
  {
    enhanced: '5.5.3',
    gate: 'too-many-recipients',
    title: 'Too many recipients in one message',
    meaning:
      'The message has more recipients than the server or the mailbox allows in one message.',
    fix: 'Send to fewer addresses per message, or to a distribution group instead of each address.',
    source: EXO_LIMITS,
  },
  {
    // Exchange: "552 5.3.4 Message size exceeds fixed maximum message size" and, in routing,
    // "message size exceeds fixed maximum size"; "5.2.3 RESOLVER.RST.RecipSizeLimit; message too
    // large for this recipient" and "...SendSizeLimit.Sender". The exact submission wording was
    // not found on a Microsoft page.
    enhanced: '5.3.4',
    gate: 'message-too-large',
    title: 'The message is too large',
    meaning:
      'The message is larger than the server accepts, or than the sending or receiving mailbox may handle (their maximum message size).',
    fix: 'Scan at a lower resolution, in black and white or greyscale, or to a compressed PDF, or split the job into several emails. The admin can check and raise the mailbox limits.',
    powershell: 'Get-Mailbox -Identity <mailbox> | Format-List MaxSendSize,MaxReceiveSize',
    source: EXO_LIMITS,
  },
  {
    enhanced: '5.2.3',
    gate: 'message-too-large',
    title: 'The message is too large',
    meaning: 'The message is larger than the sender or the recipient may handle.',
    fix: 'Scan at a lower resolution, in black and white or greyscale, or to a compressed PDF, or split the job into several emails. The admin can check and raise the mailbox limits.',
    powershell: 'Get-Mailbox -Identity <mailbox> | Format-List MaxSendSize,MaxReceiveSize',
    source: EXO_LIMITS,
  },
  {
    // reference §E: an HVE account may only send inside the organisation; to an external
    // recipient it gets 550 5.5.105. Microsoft's wording of the reply text was not found.
    enhanced: '5.5.105',
    gate: 'hve-external',
    title: 'High Volume Email only sends inside the organisation',
    meaning:
      'The device signed in with a High Volume Email account, and HVE delivers only to recipients in the organisation (external sending was removed in 2025); this message had an outside recipient.',
    fix: "Send only to addresses in the tenant's own domains. For outside recipients use client submission with OAuth, a relay connector, or Azure Communication Services Email.",
    source: HVE,
  },

  // --- Recipient ------------------------------------------------------------------------------------
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

  // --- Connectors, direct send, reputation ----------------------------------------------------------
  {
    enhanced: '5.7.64',
    gate: 'connector-mismatch',
    title: 'The relay connector does not match this site',
    meaning:
      "TenantAttribution: the site's public IP (or certificate) is not the one the inbound connector names.",
    fix: "Update the connector (and SPF) with this site's public IP as Exchange Online sees it (see the site checks).",
    source: NDR,
  },
  {
    // "550 5.7.51 TenantInboundAttribution; There is a partner connector configured that matched
    // the message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or
    // RestrictDomainsToCertificate set". Not in Microsoft's NDR table; wording from message-trace
    // logs and a mail-filtering vendor's KB (medium confidence).
    enhanced: '5.7.51',
    gate: 'connector-mismatch',
    title: 'A partner connector only accepts mail from its gateway',
    meaning:
      "TenantInboundAttribution: a partner inbound connector for the recipient's domain accepts mail only from certain IP addresses or a certificate (RestrictDomainsToIPAddresses / RestrictDomainsToCertificate), and this site is neither: the domain's mail is meant to come through a filtering gateway in front of Microsoft 365.",
    fix: "Send through the gateway that connector names, or have the admin add this site's public IP as Exchange Online sees it (or the device's certificate) to a connector for it; client submission with a sign-in is not affected.",
    source:
      'https://documentation.n-able.com/mail-assure/troubleshooting/Content/kb/ERROR-550-5-7-51-TenantInboundAttribution-domain-either-RestrictDomainsToIPAddresses-or-RestrictDomainsToCertificate-set.htm',
  },
  {
    enhanced: '4.4.62',
    gate: 'connector-mismatch',
    title: 'Mail sent to the wrong Office 365 region',
    meaning: 'The connection did not match the connector it was meant for.',
    fix: "Check the connector's IP address or certificate against this site's.",
    source: NDR,
  },
  {
    enhanced: '5.7.68',
    gate: 'reject-direct-send',
    title: 'The tenant rejects direct send',
    meaning:
      "Reject Direct Send is on: anonymous mail from the tenant's own domains is refused unless it comes through a partner connector.",
    fix: 'Set up a partner inbound connector for the site, or use client submission.',
    powershell: 'Get-OrganizationConfig | Format-List RejectDirectSend',
    source: REJECT_DIRECT_SEND,
  },
  {
    enhanced: '5.7.708',
    gate: 'ip-reputation',
    title: 'Traffic not accepted from this IP',
    meaning:
      'Microsoft 365 does not accept mail from this address (low reputation, typical for new or trial tenants).',
    fix: 'Open a support case with Microsoft for an exception, or use client submission.',
    source: NDR,
  },
  {
    enhanced: '5.7.705',
    gate: 'tenant-threshold',
    title: 'The tenant is blocked from sending',
    meaning: 'The tenant exceeded its outbound spam threshold.',
    fix: 'The admin finds and fixes the compromised account, then contacts Microsoft support.',
    source: NDR,
  },
  {
    enhanced: '5.7.750',
    gate: 'unregistered-domain',
    title: 'Sending from a domain the tenant does not own',
    meaning: 'The From domain is not an accepted domain of the tenant.',
    fix: "Use an address in one of the tenant's accepted domains, or add and verify the domain.",
    source: NDR,
  },
  {
    enhanced: ['4.7', 500, 699],
    gate: 'throttling',
    title: 'Greylisted for now',
    meaning:
      'Microsoft 365 is throttling a new or changed sender address ("Access denied, please try again later").',
    fix: 'Wait and retry; a connector for the site stops it recurring.',
    source: NDR,
  },
  {
    enhanced: ['4.7', 850, 899],
    gate: 'throttling',
    title: 'This IP is restricted for now',
    meaning: 'The address is temporarily restricted.',
    fix: 'Wait and retry later.',
    source: NDR,
  },
  {
    // Microsoft's 5.7.1 page: "5.7.1 Service unavailable; Client host [x] blocked using Blocklist
    // 1; To request removal from this list please forward this message to
    // delist@messaging.microsoft.com"; Outlook.com's "...part of their network is on our block
    // list (AS3150)".
    enhanced: '5.7.1',
    text: /Blocklist 1|blocked using|block ?list|banned/i,
    gate: 'blocklist',
    title: "This site's address is blocklisted",
    meaning: "The server refused this network's public IP: it is on a blocklist.",
    fix: "Find the cause (an infected machine, a shared address), then request removal: Microsoft's list at https://sender.office.com (or forward the refusal to delist@messaging.microsoft.com), other lists on their own sites.",
    source: NDR_PAGE('fix-error-code-550-5-7-1-in-exchange-online'),
  },
  {
    enhanced: ['5.7', 606, 649],
    gate: 'banned',
    title: 'Sending IP banned',
    meaning: "Microsoft 365 banned this site's sending address.",
    fix: 'Request delisting at https://sender.office.com after fixing the cause.',
    source: NDR,
  },
  {
    // NDR table: 5.7.511 "Access denied, banned sender": "The IP that you're attempting to send
    // from has been banned." "To delist the address, email delist@microsoft.com and provide the
    // full NDR code and IP address."
    enhanced: '5.7.511',
    gate: 'banned',
    title: 'Sending IP banned',
    meaning: 'Microsoft 365 banned the IP address this site sends from.',
    fix: 'After fixing the cause, email delist@microsoft.com with the full refusal (the 5.7.511 line) and the public IP address; for this code Microsoft asks for an email rather than the delist portal.',
    source: NDR,
  },
  {
    enhanced: '5.7.23',
    gate: 'spf-dmarc',
    title: 'SPF failed',
    meaning:
      "The recipient's server refused the mail because the sending address is not in the domain's SPF record.",
    fix: "Publish the SPF record from the site checks (with this site's address).",
    source: NDR,
  },
  {
    enhanced: '5.7.509',
    gate: 'spf-dmarc',
    title: 'DMARC failed',
    meaning: 'The mail failed DMARC for a domain whose policy is reject.',
    fix: "Make SPF pass for the site's address (or sign with DKIM through Microsoft 365).",
    source: NDR,
  },
  {
    // "550 5.7.515 Access denied, sending domain <domain> does not meet the required
    // authentication level." Outlook.com and Microsoft's consumer mail, for domains that send it
    // 5,000 or more messages: SPF and DKIM must pass and DMARC be published and pass.
    enhanced: '5.7.515',
    gate: 'spf-dmarc',
    title: "The From domain does not pass the recipient's authentication requirements",
    meaning:
      "The recipient's mail service (Outlook.com, Hotmail and Microsoft's other consumer mail) requires the From domain to pass SPF and DKIM and to publish a DMARC record that passes; this message did not.",
    fix: 'The domain admin publishes SPF for every path the domain sends from, turns on DKIM signing for the domain in Microsoft 365, and publishes a DMARC record (p=none is enough to start). The refusal names which check failed.',
    source:
      'https://support.microsoft.com/en-au/topic/fix-ndr-error-550-5-7-515-in-outlook-com-34cfe8f8-6fbf-457e-9e8b-9e4dbaf4e0ef',
  },
  {
    enhanced: '4.7.26',
    gate: 'ipv6-rules',
    title: 'IPv6 mail must pass SPF or DKIM',
    meaning: 'Mail over IPv6 must pass SPF or DKIM.',
    fix: "Add the site's IPv6 address to SPF, or make the device use IPv4.",
    source: NDR,
  },
  {
    enhanced: '5.7.25',
    gate: 'ipv6-rules',
    title: 'IPv6 sender needs reverse DNS',
    meaning: 'The sending IPv6 address has no reverse DNS (PTR) record.',
    fix: 'Ask the ISP for a PTR record for the address, or make the device use IPv4.',
    source: NDR,
  },
  {
    enhanced: '5.7.1',
    text: /unable to relay|relay access denied/i,
    gate: 'relay-denied',
    title: 'Relaying refused',
    meaning:
      'The server would not accept mail for this recipient from this client: it is not the final destination for the domain, and the client is not allowed to relay through it.',
    fix: "Sign in (client submission), or send only to the tenant's own recipients (direct send), or set up a relay connector.",
    source: NDR,
  },
  {
    // NDR table: 5.7.1 "Client was not authenticated": the receiving system requires
    // authentication before message submission.
    enhanced: '5.7.1',
    text: /not authenticated/i,
    gate: 'not-authenticated',
    title: 'Not signed in',
    meaning: 'The server accepts mail only after a sign-in, and the device sent without one.',
    fix: 'Enter the mailbox credentials with STARTTLS (smtp.office365.com:587 for Microsoft 365), or send to the tenant MX for direct send.',
    source: NDR,
  },

  // --- Texts without an enhanced code -------------------------------------------------------------
  {
    // NDR table, no code: "The message can't be submitted because the sender's submission quota
    // was exceeded" (10,000 recipients per day).
    text: /sender's submission quota was exceeded/i,
    gate: 'quota',
    title: 'Daily sending limit reached',
    meaning:
      "The mailbox reached Exchange Online's limit of 10,000 recipients in 24 hours; it cannot send until the 24 hours have passed.",
    fix: 'Wait until the 24 hours have passed. If the device did not send that much, the account may be compromised: reset its password and have the admin check it.',
    source: NDR_PAGE('fix-error-for-submission-quota-exceeded-in-exchange-online'),
  },
  {
    code: 454,
    text: /TLS not available/i,
    gate: 'tls-unavailable',
    title: 'TLS not available right now',
    meaning: 'The server could not start TLS at the moment.',
    fix: 'Try again in a few minutes; if it keeps happening, something on the network is interfering with TLS.',
    source: 'https://www.rfc-editor.org/rfc/rfc3207#section-4',
  },
  {
    // RFC 5321 §4.3.2: "554 No SMTP service here" in the greeting. Any other 554 (a failed
    // transaction, a policy) is explained by its enhanced code, or by its class.
    code: 554,
    text: /no SMTP service/i,
    gate: 'no-service',
    title: 'The server refuses service',
    meaning: 'The server will not serve this connection at all (554 = "no SMTP service here").',
    fix: 'Read the reply text: it usually names the reason (a blocklisted IP, a policy). Check the public IP of this site and the host name.',
    source: 'https://www.rfc-editor.org/rfc/rfc5321#section-4.3.2',
  },

  // --- The basic code alone, where it says what happened --------------------------------------------
  {
    // Any other 535: the sign-in was refused, whatever the server's wording (RFC 4954 §6).
    code: 535,
    gate: 'wrong-credentials',
    title: 'The sign-in was refused',
    meaning: 'The server refused the user name and password (or token) it was given.',
    fix: 'Check the user name (the full address) and retype the password; with OAuth, sign in again. Then read the reply text for what the server objects to.',
    source: RFC4954_ERRORS,
  },
  {
    code: 421,
    gate: 'service-unavailable',
    title: 'The server is closing the connection',
    meaning: 'The server is closing the connection (421 = service not available right now).',
    fix: 'Try again in a few minutes; if it repeats, read the reply text for the reason.',
    source: 'https://www.rfc-editor.org/rfc/rfc5321#section-3.8',
  },
]

// Enhanced code first, text second, the basic code last (see the header).
const PASSES: Rule[][] = [
  RULES.filter((r) => r.enhanced !== undefined),
  RULES.filter((r) => r.enhanced === undefined && r.text !== undefined),
  RULES.filter((r) => r.enhanced === undefined && r.text === undefined),
]

function enhancedMatches(rule: Rule['enhanced'], enhanced: string | null): boolean {
  if (rule === undefined) return true
  if (enhanced === null) return false
  if (typeof rule === 'string') return rule === enhanced
  const [prefix, from, to] = rule
  if (!enhanced.startsWith(`${prefix}.`)) return false
  const detail = Number(enhanced.slice(prefix.length + 1))
  return detail >= from && detail <= to
}

function codeMatches(rule: Rule['code'], code: number): boolean {
  return rule === undefined || (Array.isArray(rule) ? rule.includes(code) : rule === code)
}

/** Until electron/mail/outbox.ts reads its replies with shared/smtp/reply-text (then it goes). */
export const enhancedOf = enhancedCodeOf

/** The known gate for a reply, or null when no rule names it (see explainAnyReply). */
export function explainReply(
  code: number,
  enhanced: string | null,
  text: string,
): ReplyExplanation | null {
  const e = enhanced ?? enhancedCodeOf(text)
  for (const rules of PASSES) {
    for (const r of rules) {
      if (!codeMatches(r.code, code) || !enhancedMatches(r.enhanced, e)) continue
      // A text-specific rule wins only when its text is there; the generic one after it catches the rest.
      if (r.text && !r.text.test(text)) continue
      return {
        gate: r.gate,
        gateTitle: r.title,
        temporary: code >= 400 && code < 500,
        meaning: r.meaning,
        fix: r.fix,
        powershell: r.powershell ?? null,
        source: r.source,
      }
    }
  }
  return null
}

// RFC 3463 §3: what the middle number of an enhanced code is about.
const SUBJECTS: Record<string, string> = {
  '0': 'no particular subject',
  '1': 'an address (sender or recipient)',
  '2': 'a mailbox (full, disabled or over a limit)',
  '3': 'the mail system',
  '4': 'the network or the routing',
  '5': 'the SMTP protocol (a command or its order)',
  '6': 'the message content or its format',
  '7': 'security or policy',
}

const QUOTE_MAX = 160

/** The reply's first line, without its enhanced code, cut and made safe to show, or '' if empty. */
function quoted(text: string, enhanced: string | null): string {
  let line = text.slice(0, 4 * QUOTE_MAX).split(/\r?\n|\r/)[0] ?? ''
  line = line.trim()
  if (enhanced && line.startsWith(enhanced)) line = line.slice(enhanced.length).trim()
  const points = [...line]
  if (points.length > QUOTE_MAX) line = `${points.slice(0, QUOTE_MAX).join('')}…`
  return line ? ` "${displayText(line)}"` : ''
}

/**
 * Every reply gets an answer: a named gate, or what its class means (4xx temporary, 5xx
 * permanent; the enhanced code's subject when there is one), with the reply quoted.
 */
export function explainAnyReply(
  code: number,
  enhanced: string | null,
  text: string,
): ReplyExplanation {
  const known = explainReply(code, enhanced, text)
  if (known) return known
  const temporary = code >= 400 && code < 500
  const e = enhanced ?? enhancedCodeOf(text)
  const valid = e !== null && isEnhancedCode(e) ? e : null
  const subject = valid ? SUBJECTS[valid.split('.')[1] ?? ''] : undefined
  const about = subject ? `, about ${subject}` : ''
  const said = quoted(text, valid)
  const head = `${code}${valid ? ` ${valid}` : ''}${about}`
  return {
    gate: temporary ? 'temporary' : 'permanent',
    gateTitle: temporary ? 'A temporary refusal' : 'A permanent refusal',
    temporary,
    meaning: temporary
      ? `The server refused for now (${head}):${said || ' no reason given'}. The same attempt may work later.`
      : `The server refused (${head}):${said || ' no reason given'}. Retrying the same way will fail again.`,
    fix: temporary ? GENERIC_TEMPORARY_FIX : GENERIC_PERMANENT_FIX,
    powershell: null,
    source: valid
      ? 'https://www.rfc-editor.org/rfc/rfc3463#section-3'
      : 'https://www.rfc-editor.org/rfc/rfc5321#section-4.2.1',
  }
}
