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
 * - msgwing/ZeroSMTP PRINTERS.md, data/devices.json and docs/DEVICE-COMPATIBILITY.md (third
 *   party): WBM path, and a summary of Brother's OAuth 2.0 statement and Product Support List
 *   (support.brother.com page linked there, not read directly).
 * - schiller.net "Oh Brother" (third party) quoting Brother's answer that the MFC-9340CDW will get
 *   no TLS above 1.1.
 *
 * OAuth is per model and firmware, not per family: Brother's list decides. The family-level OAuth
 * facts therefore stay at low confidence with that in their note, so the app always asks the
 * technician to check the exact model; TLS 1.2 derived from them (see ./microsoft.ts) is low too.
 */

import { derivedTls12Note, MS_SMTP_AUTH_TLS12 } from './microsoft'

const BROTHER_NUG_MFC9130 =
  'https://azmanual.top/manuals/376844/brother-mfc-9130cw-mfc-9340cdw-mfc-9330cdw.html?page=141'
const SCAN_COLLECTOR_README = 'https://github.com/joef42/smtp_scan_collector'
const ZEROSMTP_PRINTERS = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/PRINTERS.md'
const ZEROSMTP_DEVICES = 'https://github.com/msgwing/ZeroSMTP/blob/main/data/devices.json'
const ZEROSMTP_COMPAT = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/DEVICE-COMPATIBILITY.md'
/** Brother's OAuth 2.0 statement and Product Support List, as linked by ZeroSMTP (not read directly). */
const BROTHER_OAUTH_STATEMENT =
  'https://support.brother.com/g/b/oscontents.aspx?c=us&lang=en&ossid=42'
const SCHILLER_BROTHER_TLS = 'https://schiller.net/jason/brother'

const BROTHER_OAUTH_NOTE =
  "Per model, not per family: only models on Brother's OAuth 2.0 Product Support List have it (already, or after a firmware update that is downloadable now); a machine not on the list does not support OAuth 2.0 and no firmware is promised. That is Brother's statement as summarised by a third party (the Brother page was not read directly), so this stays low: check the exact model against Brother's list before planning OAuth. Covers Scan to E-mail Server, Internet Fax, e-mail reports and notifications. Sign-in location and minimum firmware not found."

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
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [BROTHER_OAUTH_STATEMENT, ZEROSMTP_COMPAT, MS_SMTP_AUTH_TLS12],
        note:
          derivedTls12Note("Brother's OAuth statement (per model, third-party summary)") +
          " Only for models and firmware on Brother's OAuth list; one report (ADS-1700W scanner) saw STARTTLS mode fall back to TLS 1.0/1.1.",
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
        sources: [BROTHER_OAUTH_STATEMENT, ZEROSMTP_COMPAT, ZEROSMTP_DEVICES],
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
        sources: [BROTHER_OAUTH_STATEMENT, ZEROSMTP_COMPAT],
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
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [SCAN_COLLECTOR_README],
        note: 'Single third-party report on an ADS-1700W: it handshakes with a server whose minimum is TLS 1.2 in "SSL" (implicit TLS) mode, but in "TLS" (STARTTLS) mode the same firmware dropped to TLS 1.0/1.1 and was refused. Microsoft 365 on 587 needs TLS 1.2 with STARTTLS, so this does not promise Option 1: update the firmware and run the TLS check on 587.',
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
        sources: [BROTHER_OAUTH_STATEMENT, ZEROSMTP_COMPAT, ZEROSMTP_DEVICES],
        note: `${BROTHER_OAUTH_NOTE} The statement covers document scanners too.`,
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
        value: { supported: false, fromFirmware: null },
        confidence: 'low',
        sources: [SCHILLER_BROTHER_TLS],
        note: 'A third party quotes Brother\'s answer for the MFC-9340CDW: "There is no plan to support TLS version greater than 1.1 on the MFC9340CDW. Some of their newer machines do support TLS 1.2." The report is about the web UI (HTTPS); the SMTP client of the same firmware was not tested separately. Other models of this generation were not covered: run the TLS check.',
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
        value: { supported: false, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'low',
        sources: [SCHILLER_BROTHER_TLS, MS_SMTP_AUTH_TLS12, BROTHER_OAUTH_STATEMENT],
        note: "Derived: without TLS 1.2 (see tls12, MFC-9340CDW) the device cannot reach smtp.office365.com at all, so Microsoft 365 OAuth cannot work whatever the authentication options. Check the exact model against Brother's OAuth 2.0 Product Support List all the same.",
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [],
  },
]
