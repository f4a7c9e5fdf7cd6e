/**
 * Reply-explainer rules for the sender: who may send as which address, blocked or banned
 * accounts, sending limits and quotas, message size, and High Volume Email's internal-only rule.
 */
import type { ReplyRule } from './reply-rule'
import { EXO_LIMITS, HVE, NDR, SUBMISSION_LIMITS } from './reply-sources'

// Order matters within each kind (enhanced code, then text, then basic code): a rule that needs
// a text comes before the rule for the same code without one. explain-reply keeps this order.
export const SENDER_RULES: ReplyRule[] = [
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
    // An HVE account may only send inside the organisation (docs/microsoft-365-facts.md, "High
    // Volume Email"); to an external recipient it gets 550 5.5.105. Microsoft's wording of the
    // reply text was not found.
    enhanced: '5.5.105',
    gate: 'hve-external',
    title: 'High Volume Email only sends inside the organisation',
    meaning:
      'The device signed in with a High Volume Email account, and HVE delivers only to recipients in the organisation (external sending was removed in 2025); this message had an outside recipient.',
    fix: "Send only to addresses in the tenant's own domains. For outside recipients use client submission with OAuth, a relay connector, or Azure Communication Services Email.",
    source: HVE,
  },
]
