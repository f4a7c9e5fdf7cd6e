import type { PrinterFamily } from '../types'

/**
 * Ricoh families.
 *
 * Main sources:
 * - Ricoh Web Image Monitor help and user guides on support.ricoh.com / support-download.com
 *   (where the E-mail page sits; the pages do not name every model).
 * - Microsoft Q&A answer by Microsoft external staff (Dec 2025) on Ricoh MFP OAuth 2.0: Ricoh's
 *   multi-tenant Entra app needs admin consent for SMTP.Send and offline_access.
 * - Ricoh white paper "Configuring GW MFPs for SMTP Authentication" (mirrors + summary).
 * - Ricoh field service manuals (mirrors): User Tools > System Settings > File Transfer.
 * - Ricoh Streamline NX docs: the "Send to Microsoft 365 Exchange" connector uses Microsoft Graph.
 * - msgwing/ZeroSMTP PRINTERS.md (third party) for the field labels.
 * - Ricoh IM user guides "Encrypting Network Communication" and the RICOH Always Current
 *   Technology release notes (support.ricoh.com, manuals.ricoh.com): e-mail transmission is
 *   encrypted with SSL/TLS; TLS 1.0/1.1/1.2 up to ACT version 1.2, TLS 1.3 added in 2.0.
 * - msgwing/ZeroSMTP docs/DEVICE-COMPATIBILITY.md (third party) quoting Ricoh's advisory
 *   ricoh.com/info/2025/0526_1 on Microsoft 365's cipher-suite change.
 * - A Feb 2025 news item (Chinese summary of a borncity report) quoting a Ricoh employee on MP
 *   models that failed against Microsoft 365 after the TLS 1.2 cipher-suite change: the only
 *   source for TLS 1.2 on the MP family (low; no Ricoh document for the MP series was found).
 * The secure-connection choices on the device (SSL vs STARTTLS) were not found in a Ricoh document.
 */

const RICOH_WIM_EMAIL_PAGE =
  'http://support.ricoh.com/bb_v1oi/pub_e/oi_view/0001038/0001038624/view/network/int/0027.htm'
const RICOH_WIM_HELP_DEVICE_SETTINGS =
  'http://support-download.com/services/device/webhlp/nb/gen/v170/en/set0975.html'
const MS_QA_RICOH_OAUTH =
  'https://learn.microsoft.com/en-sg/answers/questions/5647542/how-to-verify-whether-the-oauth2-flow-and-consent'
const RICOH_GW_SMTP_AUTH_WHITEPAPER =
  'https://dokumen.tips/documents/white-paper-configuring-gw-mfps-for-smtp-rfg-gw-mfps-for-smtp-authentication.html'
const RICOH_GW_SMTP_AUTH_SUMMARY =
  'http://www.techrepublic.com/resource-library/whitepapers/configuring-gw-mfps-for-smtp-authentication/'
const RICOH_FSM_FILE_TRANSFER =
  'http://www.manualslib.com/manual/1592436/Ricoh-Type-M12.html?page=210'
const RICOH_SLNX_M365 =
  'https://docs.ricoh-sdc.com/24r1-ja/Content/AdministrationTopics/ScanCapture/Destination/Send%20to%20MS%20365%20Exchange.htm'
const ZEROSMTP_PRINTERS = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/PRINTERS.md'
const ZEROSMTP_DEVICES = 'https://github.com/msgwing/ZeroSMTP/blob/main/data/devices.json'
const ZEROSMTP_COMPAT = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/DEVICE-COMPATIBILITY.md'
/** Ricoh's advisory on the Exchange Online changes, as linked by ZeroSMTP (not read directly). */
const RICOH_EXO_ADVISORY = 'https://www.ricoh.com/info/2025/0526_1'
const RICOH_IM_C6000_ENCRYPTION =
  'http://support.ricoh.com/bb_v1oi/pub_e/oi_view/0001077/0001077458/view/security/int/encryption_network.htm'
const RICOH_IM_C300_ENCRYPTION =
  'http://support.ricoh.com/bb_v1oi/pub_e/oi_view/0001082/0001082137/view/security/int/encryption_network.htm'
const RICOH_IM_C300_ACT_TLS_DE =
  'http://support.ricoh.com/bb_v1oi/pub_e/oi_view/0001082/0001082142/view/act/int/encryption.htm'
const RICOH_IM_C300_ACT_TLS_JA =
  'https://manuals.ricoh.com/mfp/p_manual/IMC300JPN/ja/act/int/encryption.htm'
/** Feb 2025 news item (Chinese, summarising a borncity report) on MFPs failing TLS to M365. */
const SSL_NEGOTIATION_REPORT = 'http://kmeys.com/shuma/202502/141175.html'

export const RICOH_FAMILIES: PrinterFamily[] = [
  {
    id: 'ricoh-im-series-smart-operation-panel',
    vendor: 'ricoh',
    vendorName: 'Ricoh',
    family: 'IM / IM C series (Smart Operation Panel)',
    exampleModels: ['IM C3000', 'IM C4500', 'IM C6000', 'IM 430F', 'IM C300'],
    aliases: [
      'IM C',
      'IM series',
      'Smart Operation Panel',
      'SOP',
      'Web Image Monitor',
      'WIM',
      'Savin',
      'Lanier',
    ],
    webUiPath: {
      value: ['Device Management', 'Configuration', 'Device Settings', 'Email'],
      confidence: 'medium',
      sources: [RICOH_WIM_HELP_DEVICE_SETTINGS, RICOH_WIM_EMAIL_PAGE, ZEROSMTP_PRINTERS],
      note: 'Ricoh help shows "Device Management > Configuration > Device Settings > ..." and an older Ricoh guide says to click [E-mail] in the [Device Settings] area of [Configuration] (administrator login). The page is labelled "E-mail" or "Email" depending on the model.',
    },
    panelPath: {
      value: 'unknown',
      note: 'Not found in a Ricoh document: find the e-mail/SMTP server settings on the Smart Operation Panel and record the path.',
    },
    fieldNames: {
      value: {
        server: 'SMTP Server Name',
        port: 'SMTP Port No.',
        authentication: 'SMTP Authentication',
      },
      confidence: 'low',
      sources: [ZEROSMTP_PRINTERS],
      note: 'Third-party guide. The secure-connection (SSL/STARTTLS) label and options were not found in a Ricoh document: record them on the device.',
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'Check the secure connection options on the Email page for STARTTLS with port 587.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'high',
        sources: [
          RICOH_IM_C6000_ENCRYPTION,
          RICOH_IM_C300_ENCRYPTION,
          RICOH_IM_C300_ACT_TLS_DE,
          RICOH_IM_C300_ACT_TLS_JA,
        ],
        note: 'Ricoh\'s IM C2000–C6000 and IM C300/C400 user guides list "E-mail transmission" among the data encrypted with SSL/TLS. The RICOH Always Current Technology release notes (IM C300/C400, German and Japanese editions) give the TLS/SSL versions: TLS 1.0/1.1/1.2 and SSL 3.0 up to ACT version 1.2, TLS 1.3 added in 2.0 (off by default, Web Image Monitor > Device Management > Configuration > Security > SSL/TLS); the IM 2500–6000 series have TLS 1.3 whatever the ACT version. A TLS 1.2 cipher-suite caveat is in the pitfalls.',
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'medium',
        sources: [MS_QA_RICOH_OAUTH, RICOH_EXO_ADVISORY, ZEROSMTP_COMPAT],
        note: 'Microsoft Q&A (Microsoft staff): Ricoh MFPs use OAuth 2.0 through "Ricoh\'s multi-tenant application", which needs admin consent for delegated SMTP.Send and offline_access. Firmware-dependent per model (check Ricoh\'s advisory); where the sign-in is done was not found.',
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: "OAuth sends fail with 535 or time out when admin consent for Ricoh's multi-tenant Entra app (delegated SMTP.Send and offline_access) has not been fully granted; check Enterprise applications in Entra ID.",
        confidence: 'medium',
        sources: [MS_QA_RICOH_OAUTH],
      },
      {
        text: 'Ricoh publishes OAuth firmware status per model; some models cannot be updated with the Ricoh Firmware Update Tool and need the local Ricoh representative.',
        confidence: 'low',
        sources: [RICOH_EXO_ADVISORY, ZEROSMTP_COMPAT, ZEROSMTP_DEVICES],
      },
      {
        text: 'Ricoh warns (as quoted by a third party) that because "the TLS cipher suites supported by Microsoft 365 will be updated", some Ricoh products, including models that already support OAuth 2.0, will no longer be able to send e-mail via Exchange Online: TLS 1.2 alone is not enough, so check the model against Ricoh\'s advisory and run the TLS check.',
        confidence: 'low',
        sources: [RICOH_EXO_ADVISORY, ZEROSMTP_COMPAT],
      },
      {
        text: 'Alternative on Streamline NX sites: the "Send to Microsoft 365 Exchange" connector sends through Microsoft Graph (OAuth), not SMTP; it needs Job Processing Location "On Server" and SLNX Embedded Applications Type Smart on the device.',
        confidence: 'high',
        sources: [RICOH_SLNX_M365],
      },
    ],
  },
  {
    id: 'ricoh-mp-gw-controller',
    vendor: 'ricoh',
    vendorName: 'Ricoh',
    family: 'Aficio MP / MP series with GW controller (classic panel)',
    exampleModels: ['Aficio MP 2550B', 'Aficio MP C3001', 'Aficio MP C4502'],
    aliases: [
      'Aficio',
      'Aficio MP',
      'MP series',
      'GW controller',
      'Web Image Monitor',
      'WIM',
      'User Tools',
      'File Transfer',
    ],
    webUiPath: {
      value: ['Configuration', 'Device Settings', 'E-mail'],
      confidence: 'medium',
      sources: [RICOH_WIM_EMAIL_PAGE],
      note: 'Ricoh guide: "Log on to Web Image Monitor in administrator mode. Click [Configuration] in the menu area, and then click [E-mail] on the [Device Settings] area." The guide does not name the model.',
    },
    panelPath: {
      value: ['User Tools', 'System Settings', 'File Transfer'],
      confidence: 'medium',
      sources: [RICOH_FSM_FILE_TRANSFER],
      note: 'Ricoh field service manual: the e-mail settings (e.g. Reception Protocol, E-mail Reception Interval) are under File Transfer; check the SMTP server entries there.',
    },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: { value: 'unknown' },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [SSL_NEGOTIATION_REPORT, RICOH_EXO_ADVISORY, ZEROSMTP_COMPAT],
        note:
          'SMTP (e-mail sending) to Microsoft 365, from a single third-party report: a Feb 2025 ' +
          'news item (Chinese summary of a borncity article) quotes a Ricoh employee whose ' +
          "customers' MP C307, MP 6055 and MP C3004ex (and IM C3000), notably with the older " +
          '16S/17S controllers, suddenly could no longer send scans to the Microsoft 365 SMTP ' +
          'server ("SSL negotiation failed"). Technicians traced it to TLS 1.2 cipher suites being ' +
          'switched off: the connection works when the server offers TLS_RSA suites and fails when ' +
          'it offers only elliptic-curve ones. So these MP models send over TLS 1.2, but without ' +
          'the elliptic-curve suites that, per the report, Microsoft 365 now insists on (see the ' +
          "pitfall). Ricoh's own advisory, as quoted by a third party, gives the same cause " +
          '("the TLS cipher suites supported by Microsoft 365 will be updated") without naming ' +
          'models. The report names no firmware and says nothing of the older Aficio MP models ' +
          '(e.g. MP 2550B, MP C3001): on those, check the SSL/TLS settings and let the TLS check ' +
          'confirm.',
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [RICOH_GW_SMTP_AUTH_WHITEPAPER, RICOH_GW_SMTP_AUTH_SUMMARY],
        note: 'Ricoh white paper "Configuring GW MFPs for SMTP Authentication" (editions dated 2007 and 2011).',
      },
      oauthM365: {
        value: 'unknown',
        note: "Check the model against Ricoh's OAuth advisory; many older models may not get OAuth firmware.",
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'For Microsoft Exchange the SMTP user name, the SMTP From and the e-mail From should all match (Ricoh white paper); with Exchange Online a mismatch gives 5.7.60 "Client does not have permissions to send as this sender".',
        confidence: 'medium',
        sources: [RICOH_GW_SMTP_AUTH_SUMMARY],
      },
      {
        text: 'Feb 2025: MP C307, MP 6055 and MP C3004ex (older 16S/17S controllers) were reported to fail against Microsoft 365 with "SSL negotiation failed" after Microsoft dropped TLS 1.2 cipher suites without elliptic-curve key exchange; Ricoh warns (as quoted by a third party) that some of its products, OAuth-capable ones included, will no longer send via Exchange Online for this reason. Check the model against Ricoh\'s advisory and run the TLS check before relying on client submission.',
        confidence: 'low',
        sources: [SSL_NEGOTIATION_REPORT, RICOH_EXO_ADVISORY, ZEROSMTP_COMPAT],
      },
    ],
  },
  {
    id: 'ricoh-sp-m-small-office',
    vendor: 'ricoh',
    vendorName: 'Ricoh',
    family: 'SP / M small-office A4 printers and MFPs',
    exampleModels: ['M 320F', 'SP C261SFNw', 'M C251FW'],
    aliases: ['SP series', 'M series', 'Aficio SP', 'Web Image Monitor'],
    webUiPath: {
      value: 'unknown',
      note: 'These models use a simpler Web Image Monitor; look for the SMTP / e-mail settings and note the labels.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: { value: 'unknown' },
      starttls25: { value: 'unknown' },
      tls12: { value: 'unknown' },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: 'unknown',
        note: "Check the model against Ricoh's OAuth advisory.",
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [],
  },
]
