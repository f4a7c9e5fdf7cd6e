/**
 * Reply-explainer rules for the sign-in (AUTH): SMTP AUTH turned off, policies that block it, wrong
 * credentials, temporary failures, a mechanism not offered, STARTTLS and TLS versions required.
 */
import type { ReplyRule } from './reply-rule'
import {
  BASIC_RETIREMENT,
  LEGACY_TLS,
  NDR,
  PRINTERS_ARTICLE,
  RFC4954_ERRORS,
  SMTP_AUTH,
} from './reply-sources'

// Order matters within each kind (enhanced code, then text, then basic code): a rule that needs
// a text comes before the rule for the same code without one. explain-reply keeps this order.
export const SIGN_IN_RULES: ReplyRule[] = [
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
    // (docs/microsoft-365-facts.md, "Client submission and its gates"). RFC 4954 §4: an
    // unsupported mechanism is refused with 504.
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
]
