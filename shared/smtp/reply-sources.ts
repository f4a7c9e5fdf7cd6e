/** Where the reply explainer's meanings and fixes come from: the pages its rules cite as source. */

export const NDR =
  'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/non-delivery-reports-in-exchange-online'
export const NDR_PAGE = (slug: string) =>
  `https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/ndr/${slug}`
export const SMTP_AUTH =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission'
export const LEGACY_TLS =
  'https://learn.microsoft.com/en-us/exchange/clients-and-mobile-in-exchange-online/opt-in-exchange-online-endpoint-for-legacy-tls-using-smtp-auth'
export const BASIC_RETIREMENT =
  'https://techcommunity.microsoft.com/blog/exchange/updated-exchange-online-smtp-auth-basic-authentication-deprecation-timeline/4489835'
export const REJECT_DIRECT_SEND =
  'https://techcommunity.microsoft.com/blog/exchange/introducing-more-control-over-direct-send-in-exchange-online/4408790'
export const RFC4954_ERRORS = 'https://www.rfc-editor.org/rfc/rfc4954#section-6'
export const PRINTERS_ARTICLE =
  'https://learn.microsoft.com/en-us/troubleshoot/exchange/email-delivery/fix-issues-with-printers-scanners-and-lob-applications-that-send-email-using-off'
// "Changes in message store and throttling for concurrent connections": the replies of SMTP AUTH
// submission to a full mailbox, to a fourth concurrent connection and to the daily limit.
export const SUBMISSION_LIMITS =
  'https://learn.microsoft.com/en-us/troubleshoot/exchange/send-emails/smtp-submission-improvements'
export const EXO_LIMITS =
  'https://learn.microsoft.com/en-us/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits'
export const HVE =
  'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/high-volume-mails-m365'
export const DBEB =
  'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/use-directory-based-edge-blocking'
