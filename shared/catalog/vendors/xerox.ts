import type { PrinterFamily } from '../types'

/**
 * Xerox families (including the Fuji Xerox ApeosPort-IV / DocuCentre-IV generation).
 *
 * Main sources:
 * - Xerox WorkCentre 6015 / 6505 CentreWare IS help "Email Server" (office.xerox.com).
 * - Xerox WorkCentre 7755/7765/7775 System Administrator Guide, SMTP page (mirror).
 * - Fuji Xerox ApeosPort-IV 3070 / DocuCentre-IV C2260 user guides, e-mail feature specifications
 *   (easymanua.ls mirrors).
 * - D&O Partners (certified Xerox partner) blog on Xerox and Microsoft OAuth 2.0, and a third-party
 *   summary (msgwing/ZeroSMTP) of Xerox's Exchange Online advisory (xerox.com page not read).
 * - JustinIven/smtp-oauth-relay issue #57: a Xerox printer quitting after the AUTH LOGIN challenge.
 * - msgwing/ZeroSMTP docs/DEVICE-COMPATIBILITY.md (third party), which links Xerox's own advisory.
 * - rental-server.net write-up: WorkCentre firmware from before about 2017 spoke only TLS 1.0 for
 *   e-mail (single third-party report).
 * No Xerox document for the VersaLink/AltaLink SMTP page labels was found. TLS 1.2 on
 * AltaLink/VersaLink/PrimeLink is derived from the OAuth statements (see ./microsoft.ts).
 */

import { derivedTls12Note, MS_SMTP_AUTH_TLS12 } from './microsoft'

const WC6015_EMAIL_HELP = 'http://www.office.xerox.com/userdoc/WC6015/phlink/email.htm'
const WC6505_EMAIL_HELP = 'http://www.office.xerox.com/userdoc/WC6505/phlink/email.htm'
const WC7755_SAG_SMTP =
  'http://38.142.81.21:8001/manual/xerox/workcentre-7755/all-in-one-printer-user-manual/page-36.html'
const APEOSPORT_IV_SPECS =
  'https://www.easymanua.ls/fuji-xerox/apeosport-iv-3070/manual/987620?p=642'
const DOCUCENTRE_IV_SPECS =
  'https://www.easymanua.ls/fuji-xerox/docucentre-iv-c2260/manual/640397?p=583'
const DOPARTNERS_OAUTH =
  'https://www.dopartners.be/en/blog/xerox-microsoft-oauth-2-0-the-perfect-combination-for-scanning-to-email/'
const ZEROSMTP_DEVICES = 'https://github.com/msgwing/ZeroSMTP/blob/main/data/devices.json'
const ZEROSMTP_COMPAT = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/DEVICE-COMPATIBILITY.md'
/** Xerox's Exchange Online advisory, as linked by ZeroSMTP (not read directly). */
const XEROX_EXO_ADVISORY =
  'https://www.xerox.com/en-us/office/insights/exchange-online-authentication'
const RENTAL_SERVER_WORKCENTRE_TLS = 'https://rental-server.net/?p=7776'
const HOWTOFIXME_ALTALINK =
  'https://howtofixme.com/printers/posts/printer-problems-enterprise-how-to-setup-email-digest-scan-notifications-xerox-altalink.html'
const RELAY_ISSUE_XEROX_AUTH = 'https://github.com/JustinIven/smtp-oauth-relay/issues/57'

export const XEROX_FAMILIES: PrinterFamily[] = [
  {
    id: 'xerox-altalink-versalink',
    vendor: 'xerox',
    vendorName: 'Xerox',
    family: 'AltaLink and VersaLink (ConnectKey) MFPs',
    exampleModels: [
      'AltaLink C8130',
      'AltaLink B8145',
      'VersaLink C405',
      'VersaLink B415',
      'VersaLink C625',
    ],
    aliases: [
      'AltaLink',
      'VersaLink',
      'ConnectKey',
      'Embedded Web Server',
      'EWS',
      'CentreWare Internet Services',
      'CWIS',
    ],
    webUiPath: {
      value: ['Properties', 'Connectivity', 'Setup', 'SMTP Server'],
      confidence: 'low',
      sources: [HOWTOFIXME_ALTALINK],
      note: 'Single third-party how-to, for AltaLink. VersaLink uses a different EWS layout: verify on the device.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: 'unknown',
      note: 'No Xerox document for the SMTP page labels was found; record the connection security, port and login credential labels on the device.',
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'Check the SMTP page for a connection-security choice offering STARTTLS with port 587.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [DOPARTNERS_OAUTH, XEROX_EXO_ADVISORY, ZEROSMTP_COMPAT, MS_SMTP_AUTH_TLS12],
        note: derivedTls12Note(
          "a certified Xerox partner and Xerox's Exchange Online advisory (as summarised by a third party)",
        ),
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'medium',
        sources: [DOPARTNERS_OAUTH, XEROX_EXO_ADVISORY, ZEROSMTP_COMPAT, ZEROSMTP_DEVICES],
        note: 'Certified Xerox partner: OAuth 2.0 is integrated "natively into its AltaLink, VersaLink and PrimeLink ranges". Third-party summary of Xerox\'s advisory: Device Code Flow broadly; Client Credentials Flow only on listed ConnectKey models (VersaLink B415/C415/B620/C620/B625/C625, AltaLink); devices not on Xerox\'s supported-firmware list are not promised an update. Minimum firmware not known.',
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: "OAuth needs firmware on Xerox's supported list; check the exact model and firmware against Xerox's Exchange Online advisory before planning OAuth.",
        confidence: 'low',
        sources: [XEROX_EXO_ADVISORY, ZEROSMTP_COMPAT],
      },
      {
        text: "Seen with an SMTP-to-OAuth relay: a Xerox printer sent QUIT right after the server's AUTH LOGIN challenge (334 VXNlciBOYW1lAA==, which carries a trailing NUL). Relevant only when pointing the printer at a local relay.",
        confidence: 'low',
        sources: [RELAY_ISSUE_XEROX_AUTH],
      },
    ],
  },
  {
    id: 'xerox-primelink',
    vendor: 'xerox',
    vendorName: 'Xerox',
    family: 'PrimeLink production/light-production MFPs',
    exampleModels: ['PrimeLink C9065', 'PrimeLink C9070', 'PrimeLink B9100'],
    aliases: ['PrimeLink', 'Embedded Web Server', 'EWS'],
    webUiPath: { value: 'unknown' },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: { value: 'unknown' },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [DOPARTNERS_OAUTH, XEROX_EXO_ADVISORY, ZEROSMTP_COMPAT, MS_SMTP_AUTH_TLS12],
        note: derivedTls12Note(
          "a certified Xerox partner and Xerox's advisory table (Device Code Flow; as summarised by a third party)",
        ),
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'medium',
        sources: [DOPARTNERS_OAUTH, XEROX_EXO_ADVISORY, ZEROSMTP_COMPAT, ZEROSMTP_DEVICES],
        note: 'Certified Xerox partner lists PrimeLink with native OAuth 2.0. Per the third-party summary of Xerox\'s table, PrimeLink C9065/C9070, B9100/B9110/B9125/B9136 and C9265/C9275/C9281 are "Not Available" for Client Credentials Flow, i.e. Device Code Flow only.',
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [],
  },
  {
    id: 'xerox-workcentre-centreware',
    vendor: 'xerox',
    vendorName: 'Xerox',
    family: 'WorkCentre office MFPs with CentreWare Internet Services (e.g. 7700 series)',
    exampleModels: ['WorkCentre 7755', 'WorkCentre 7765', 'WorkCentre 7775'],
    aliases: ['WorkCentre', 'CentreWare IS', 'CentreWare Internet Services', 'CWIS'],
    webUiPath: {
      value: ['Properties', 'Connectivity', 'Protocols', 'SMTP (Email)'],
      confidence: 'medium',
      sources: [WC7755_SAG_SMTP],
      note: 'WorkCentre 7755/7765/7775 System Administrator Guide (mirror).',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: { server: 'Address: Port', port: 'Address: Port', fromAddress: 'Email Address' },
      confidence: 'medium',
      sources: [WC7755_SAG_SMTP],
      note: 'Server and port share one "Address: Port" field (default port 25); choose "Specify SMTP Server manually" (not "Use DNS to identify SMTP Server") and address type Host Name. The From address is the "multifunction device Email Address" field.',
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'The SAG excerpt shows no encryption setting on this page.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [RENTAL_SERVER_WORKCENTRE_TLS],
        note: 'Single third-party write-up on WorkCentre devices in general (no model list): firmware from before about 2017 spoke only TLS 1.0 for e-mail, so STARTTLS to Microsoft 365 failed while "None" worked through a connector; a firmware update brought TLS 1.2. No Xerox release note with the version was found: update the firmware first and run the TLS check.',
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: { value: 'unknown' },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: {
        value: 20,
        confidence: 'medium',
        sources: [WC7755_SAG_SMTP],
        note: '"Maximum Message Size" 512–20480 KB, default 10240 KB; "Total Job Size" and fragmenting are separate settings.',
      },
    },
    pitfalls: [
      {
        text: 'If "Use DNS to identify SMTP Server" is selected, DNS must be configured first; for Microsoft 365 specify the server manually as a host name.',
        confidence: 'medium',
        sources: [WC7755_SAG_SMTP],
      },
      {
        text: 'WorkCentre firmware from before about 2017 is reported to speak only TLS 1.0 for e-mail: STARTTLS to smtp.office365.com then fails while "None" to a connector works. Update the firmware; the protocol log shows the TLS version offered.',
        confidence: 'low',
        sources: [RENTAL_SERVER_WORKCENTRE_TLS],
      },
    ],
  },
  {
    id: 'xerox-workcentre-6000-soho',
    vendor: 'xerox',
    vendorName: 'Xerox',
    family: 'Small WorkCentre colour MFPs (6015 / 6505)',
    exampleModels: ['WorkCentre 6015', 'WorkCentre 6505'],
    aliases: ['WorkCentre 6015', 'WorkCentre 6505', 'CentreWare IS', 'Email Server'],
    webUiPath: {
      value: 'unknown',
      note: 'The settings are on the CentreWare IS page titled "Email Server" (Email Server Setup); the menu levels above it are not in the help page.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: {
        server: 'SMTP Server Address',
        port: 'SMTP Server Port Number',
        authentication: 'Send Authentication',
        username: 'Login Name',
        password: 'Password',
        fromAddress: 'Return Email Address',
      },
      confidence: 'high',
      sources: [WC6015_EMAIL_HELP, WC6505_EMAIL_HELP],
      note: 'WorkCentre 6505 help calls the authentication section "Email Send Authentication". Options: No Authentication, POP before SMTP, SMTP AUTH (Plain, Login, CRAM-MD5, Auto). No encryption field is listed.',
    },
    capabilities: {
      starttls587: {
        value: false,
        confidence: 'high',
        sources: [WC6015_EMAIL_HELP, WC6505_EMAIL_HELP],
        note: "Xerox's CentreWare IS help for the Email Server page lists every setting (Return Email Address, SMTP Server Address, SMTP Server Port Number, Send Authentication, Login Name, Password, SMTP Server Connection Status) and no SSL/TLS or STARTTLS option: mail leaves unencrypted, so Option 1 (smtp.office365.com) is impossible. Use direct send or a connector relay on port 25.",
      },
      starttls25: {
        value: false,
        confidence: 'high',
        sources: [WC6015_EMAIL_HELP, WC6505_EMAIL_HELP],
        note: 'No encryption option on the Email Server page at all, on any port.',
      },
      tls12: {
        value: { supported: false, fromFirmware: null },
        confidence: 'high',
        sources: [WC6015_EMAIL_HELP, WC6505_EMAIL_HELP],
        note: 'No TLS of any version for sending e-mail: the Email Server page has no encryption setting.',
      },
      implicitTls465Only: {
        value: false,
        confidence: 'high',
        sources: [WC6015_EMAIL_HELP],
        note: 'No TLS of any kind, so not "465 only" either.',
      },
      smtpAuth: {
        value: true,
        confidence: 'high',
        sources: [WC6015_EMAIL_HELP, WC6505_EMAIL_HELP],
        note: '"SMTP Authentication login feature (Plain, Login, CRAM-MD5, AUTO)".',
      },
      oauthM365: {
        value: { supported: false, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'medium',
        sources: [WC6015_EMAIL_HELP, WC6505_EMAIL_HELP],
        note: '"The printer supports the following login methods": No Authentication, POP before SMTP (Plain, APOP), SMTP AUTH (Plain, Login, CRAM-MD5, AUTO); no OAuth. The help pages are from the models\' original firmware; no later Xerox statement for these models was found.',
      },
    },
    limits: {
      passwordMaxLength: {
        value: 31,
        confidence: 'high',
        sources: [WC6015_EMAIL_HELP],
        note: '"Enter the login password for the SMTP server, up to 31 characters in length." Login Name and Return Email Address: up to 63 characters.',
      },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'If the SMTP server is entered as an FQDN (e.g. a tenant MX host), a DNS server must be configured in the TCP/IP settings.',
        confidence: 'high',
        sources: [WC6505_EMAIL_HELP],
      },
      {
        text: 'The SMTP password field takes at most 31 characters: long generated passwords will not fit.',
        confidence: 'high',
        sources: [WC6015_EMAIL_HELP],
      },
    ],
  },
  {
    id: 'xerox-fuji-xerox-apeosport-iv-docucentre-iv',
    vendor: 'xerox',
    vendorName: 'Fuji Xerox',
    family: 'Fuji Xerox ApeosPort-IV / DocuCentre-IV',
    exampleModels: ['ApeosPort-IV 3070', 'DocuCentre-IV C2260'],
    aliases: [
      'ApeosPort-IV',
      'DocuCentre-IV',
      'ApeosPort',
      'DocuCentre',
      'Fujifilm',
      'CentreWare IS',
    ],
    webUiPath: { value: 'unknown' },
    panelPath: {
      value: 'unknown',
      note: 'The manual documents the size limit at System Administration mode > Tools > E-mail/Internet Fax Service Settings > E-mail Control > Maximum Total Data Size; the SMTP server path was not in the excerpt.',
    },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: {
        value: false,
        confidence: 'medium',
        sources: [APEOSPORT_IV_SPECS, DOCUCENTRE_IV_SPECS],
        note: 'E-mail transmission specifications: "Encryption communication (SSL): not supported"; default port 25.',
      },
      starttls25: {
        value: false,
        confidence: 'medium',
        sources: [APEOSPORT_IV_SPECS, DOCUCENTRE_IV_SPECS],
        note: 'No encryption for SMTP sending on any port.',
      },
      tls12: {
        value: { supported: false, fromFirmware: null },
        confidence: 'medium',
        sources: [APEOSPORT_IV_SPECS, DOCUCENTRE_IV_SPECS],
        note: 'No encryption at all for SMTP sending.',
      },
      implicitTls465Only: {
        value: false,
        confidence: 'medium',
        sources: [APEOSPORT_IV_SPECS],
        note: 'No TLS of any kind, so not "465 only" either.',
      },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [APEOSPORT_IV_SPECS, DOCUCENTRE_IV_SPECS],
        note: 'SMTP authentication: Plain and LOGIN; POP before SMTP: Plain and APOP.',
      },
      oauthM365: {
        value: { supported: false, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'medium',
        sources: [APEOSPORT_IV_SPECS, DOCUCENTRE_IV_SPECS],
        note: 'The e-mail transmission specifications list SMTP authentication Plain and LOGIN and POP before SMTP only, and no encryption, so Microsoft 365 OAuth (which needs TLS 1.2 to smtp.office365.com) is not possible on this generation.',
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: {
        value: 'unknown',
        note: 'Set by "Maximum Total Data Size"; the manual recommends 1 to 2 MB but gives no maximum in the excerpt.',
      },
    },
    pitfalls: [
      {
        text: 'No SSL/TLS for SMTP: Microsoft 365 SMTP AUTH (Option 1, TLS 1.2 required) is impossible. Use direct send to the tenant MX or a connector relay on port 25.',
        confidence: 'medium',
        sources: [APEOSPORT_IV_SPECS, DOCUCENTRE_IV_SPECS],
      },
    ],
  },
]
