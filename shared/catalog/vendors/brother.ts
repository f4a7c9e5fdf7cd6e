import type { PrinterFamily } from '../types'

/**
 * Brother families.
 *
 * No current Brother document on the Web Based Management SMTP page or on OAuth was found in the
 * sources searched. Main sources:
 * - Brother MFC-9130CW / 9330CDW / 9340CDW Network User's Guide (mirror): POP before SMTP,
 *   SMTP-AUTH, SMTP over SSL, configured in Web Based Management.
 * - joef42/smtp_scan_collector README (third party, ADS-1700W): WBM labels, "SSL" = implicit TLS,
 *   "TLS" = STARTTLS, and the TLS 1.0/1.1 fallback in STARTTLS mode.
 * - msgwing/ZeroSMTP PRINTERS.md and data/devices.json (third party): WBM path, and a summary of
 *   Brother's OAuth 2.0 Product Support List (support.brother.com page not read directly).
 */

const BROTHER_NUG_MFC9130 =
  'https://azmanual.top/manuals/376844/brother-mfc-9130cw-mfc-9340cdw-mfc-9330cdw.html?page=141'
const SCAN_COLLECTOR_README = 'https://github.com/joef42/smtp_scan_collector'
const ZEROSMTP_PRINTERS = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/PRINTERS.md'
const ZEROSMTP_DEVICES = 'https://github.com/msgwing/ZeroSMTP/blob/main/data/devices.json'

const BROTHER_OAUTH_NOTE =
  "Third-party summary of Brother's statement: Brother publishes a per-model OAuth 2.0 Product Support List; a machine not on it does not support OAuth 2.0 and no firmware is promised. Listed models have it already or after a downloadable firmware update. Covers Scan to E-mail Server, Internet Fax, e-mail reports and notifications. Sign-in location not found."

export const BROTHER_FAMILIES: PrinterFamily[] = [
  {
    id: 'brother-business-laser-mfc',
    vendor: 'brother',
    vendorName: 'Brother',
    family: 'Business laser and inkjet MFPs (MFC-L / DCP-L / MFC-J business)',
    exampleModels: ['MFC-L5710DW', 'MFC-L6900DW', 'MFC-L8900CDW', 'MFC-J5945DW'],
    aliases: [
      'MFC-L',
      'DCP-L',
      'MFC-J',
      'Web Based Management',
      'WBM',
      'Scan to E-mail Server',
      'SMTP Client',
    ],
    webUiPath: {
      value: ['Network', 'Protocol', 'SMTP Client'],
      confidence: 'low',
      sources: [ZEROSMTP_PRINTERS],
      note: 'Third-party guide. On some firmware the Protocol page sits under Network > Network; the SMTP entry may be labelled "SMTP" or "SMTP Client".',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: { security: 'SSL/TLS' },
      confidence: 'low',
      sources: [ZEROSMTP_PRINTERS, SCAN_COLLECTOR_README],
      note: 'Both third-party sources name the "SSL/TLS" setting; one says the STARTTLS choice is labelled "STARTTLS", the other (ADS-1700W) that it is labelled "TLS". Check the options on the device.',
    },
    capabilities: {
      starttls587: {
        value: true,
        confidence: 'low',
        sources: [ZEROSMTP_PRINTERS, SCAN_COLLECTOR_README],
        note: 'Third parties: set SSL/TLS to the STARTTLS choice ("TLS" / "STARTTLS") for port 587; "SSL" is implicit TLS for 465.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: 'unknown',
        note: 'One report (ADS-1700W) saw STARTTLS mode fall back to TLS 1.0/1.1; test against smtp.office365.com:587 before relying on it, and update the firmware.',
      },
      implicitTls465Only: {
        value: false,
        confidence: 'low',
        sources: [ZEROSMTP_PRINTERS, SCAN_COLLECTOR_README],
      },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [BROTHER_NUG_MFC9130],
        note: "Brother Network User's Guide for an older sibling (MFC-9130CW/9330CDW/9340CDW): SMTP-AUTH and POP before SMTP, configured in Web Based Management.",
      },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'low',
        sources: [ZEROSMTP_DEVICES],
        note: BROTHER_OAUTH_NOTE,
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'Choose the STARTTLS option ("TLS" on some firmware), not "SSL", for smtp.office365.com:587: "SSL" is implicit TLS for port 465.',
        confidence: 'low',
        sources: [SCAN_COLLECTOR_README, ZEROSMTP_PRINTERS],
      },
      {
        text: "Models not on Brother's OAuth 2.0 Product Support List will not get OAuth: plan direct send or a connector relay on port 25.",
        confidence: 'low',
        sources: [ZEROSMTP_DEVICES],
      },
    ],
  },
  {
    id: 'brother-ads-document-scanner',
    vendor: 'brother',
    vendorName: 'Brother',
    family: 'ADS network document scanners',
    exampleModels: ['ADS-1700W', 'ADS-2800W', 'ADS-3600W', 'ADS-4700W'],
    aliases: ['ADS', 'document scanner', 'Web Based Management', 'WBM', 'Scan to E-mail Server'],
    webUiPath: {
      value: ['Network', 'Protocol', 'SMTP'],
      confidence: 'low',
      sources: [SCAN_COLLECTOR_README],
      note: 'Third-party README for the ADS-1700W; the page is also called "Scan to E-mail Server".',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: {
        server: 'Server Address',
        port: 'Server Port',
        security: 'SSL/TLS',
        authentication: 'Server Authentication Method',
        username: 'Account Name',
        password: 'Password',
      },
      confidence: 'low',
      sources: [SCAN_COLLECTOR_README],
      note: 'Also "Verify Server Certificate"; SSL/TLS choices SSL (implicit TLS) and TLS (STARTTLS).',
    },
    capabilities: {
      starttls587: {
        value: true,
        confidence: 'low',
        sources: [SCAN_COLLECTOR_README],
        note: 'The "TLS" choice is STARTTLS; see the TLS-version pitfall.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: 'unknown',
        note: 'On one ADS-1700W, STARTTLS ("TLS") mode negotiated only TLS 1.0/1.1 while "SSL" mode worked; Microsoft 365 on 587 needs TLS 1.2 with STARTTLS. Update the firmware and test.',
      },
      implicitTls465Only: {
        value: false,
        confidence: 'low',
        sources: [SCAN_COLLECTOR_README],
      },
      smtpAuth: {
        value: true,
        confidence: 'low',
        sources: [SCAN_COLLECTOR_README],
        note: 'Server Authentication Method = SMTP-AUTH.',
      },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'low',
        sources: [ZEROSMTP_DEVICES],
        note: `${BROTHER_OAUTH_NOTE} The statement covers document scanners too; check the exact model.`,
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'ADS-1700W: in "TLS" (STARTTLS) mode the firmware dropped to TLS 1.0/1.1 and a TLS 1.2-minimum server refused it (UNSUPPORTED_PROTOCOL); "SSL" mode worked. Against smtp.office365.com:587 this would fail: update the firmware and test.',
        confidence: 'low',
        sources: [SCAN_COLLECTOR_README],
      },
      {
        text: 'The LCD shows "Timeout" when a recipient is not a full address (e.g. "alice" without a domain), even if the scan was delivered; wrong port, SSL/TLS mode or SMTP-AUTH credentials also show as "Timeout".',
        confidence: 'low',
        sources: [SCAN_COLLECTOR_README],
      },
      {
        text: 'With "Verify Server Certificate" on, the issuing CA must be in the scanner\'s store (uploaded under Security > CA Certificate).',
        confidence: 'low',
        sources: [SCAN_COLLECTOR_README],
      },
    ],
  },
  {
    id: 'brother-legacy-network-mfc',
    vendor: 'brother',
    vendorName: 'Brother',
    family: "Older networked MFCs (Network User's Guide generation, c. 2008–2014)",
    exampleModels: ['MFC-9130CW', 'MFC-9330CDW', 'MFC-9340CDW', 'MFC-8870DW'],
    aliases: ['MFC', 'Web Based Management', 'BRAdmin', 'Internet Fax', 'Scan to E-mail Server'],
    webUiPath: {
      value: 'unknown',
      note: 'The guide says the e-mail security methods are set in Web Based Management; record the page name on the device.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'The guide names only "SMTP over SSL"; check whether the device also offers a STARTTLS choice.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: 'unknown',
        note: 'Check the firmware date and test TLS 1.2 before relying on Option 1.',
      },
      implicitTls465Only: {
        value: 'unknown',
        note: 'If only "SMTP over SSL" on 465 is offered, Microsoft 365 SMTP AUTH is not possible.',
      },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [BROTHER_NUG_MFC9130],
        note: 'Security methods for e-mail sending: POP before SMTP, SMTP-AUTH, APOP, SMTP over SSL, POP over SSL.',
      },
      oauthM365: {
        value: 'unknown',
        note: "Check the model against Brother's OAuth 2.0 Product Support List.",
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [],
  },
]
