import type { Pitfall, PrinterFamily } from '../types'

/**
 * Lexmark families (Embedded Web Server).
 *
 * Main sources: Lexmark's knowledge-base article "How to set up OAuth 2.0" (support.lexmark.com:
 * OAuth from the FW24 firmware release, Settings > Email, device-code registration), the Lexmark
 * MS617 User's Guide (read through the manualowl mirror: SMTP credential options), and a
 * third-party guide (ZeroSMTP PRINTERS.md) for the SMTP gateway labels, which no Lexmark page
 * read here confirmed. TLS 1.2 is derived from the OAuth article (see ./microsoft.ts).
 */

import { derivedTls12Note, MS_SMTP_AUTH_TLS12 } from './microsoft'

const LEXMARK_OAUTH_KB =
  'https://support.lexmark.com/en_us/manuals-guides/online/FORMS-PRINTER-2591-PLUS/how-to-set-up-oauth-2-authentication.html'
const MS617_UG_SMTP = 'https://www.manualowl.com/m/Lexmark/MS617/Manual/566754?page=135'
const ZEROSMTP_PRINTERS = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/PRINTERS.md'

const credentialFields = {
  authentication: 'Device-Initiated E-mail',
  username: 'Device Userid',
  password: 'Device password',
}

const credentialNote =
  'SMTP credentials: "Device-Initiated E-mail" / "User-Initiated E-mail" = "Use Device SMTP ' +
  'Credentials", then "Device Userid" and "Device password" (factory default: None). A ' +
  'third-party guide names the server fields "Primary SMTP Gateway" and "Primary SMTP Gateway ' +
  'Port" and a "Use SSL/TLS" setting (set to "Required"); not confirmed by Lexmark here.'

const oauthPitfalls: Pitfall[] = [
  {
    text:
      'OAuth registration shows a code to enter at the provider; it expires within 15 minutes. ' +
      'If it expires, click Register again for a new code. Done when Status reads "Registered".',
    confidence: 'high',
    sources: [LEXMARK_OAUTH_KB],
  },
  {
    text:
      'Email and fax server OAuth registrations are separate (each may use its own address): ' +
      'registering the Email Server does not cover fax-server workflows.',
    confidence: 'high',
    sources: [LEXMARK_OAUTH_KB],
  },
  {
    text: 'OAuth 2.0 needs firmware FW24 or later; update the firmware before looking for the OAuth section.',
    confidence: 'high',
    sources: [LEXMARK_OAUTH_KB],
  },
]

export const LEXMARK_FAMILIES: PrinterFamily[] = [
  {
    id: 'lexmark-cx-mx-eti',
    vendor: 'lexmark',
    vendorName: 'Lexmark',
    family: 'CX / MX / XC / XM touch-screen (e-Task) MFPs',
    exampleModels: ['CX725', 'CX735', 'CX943', 'MX622', 'MX722', 'XM3250'],
    aliases: ['Embedded Web Server', 'EWS', 'e-Task', 'CX', 'MX', 'XC', 'XM', 'FW24'],
    webUiPath: {
      value: ['Settings', 'Email'],
      confidence: 'high',
      sources: [LEXMARK_OAUTH_KB, ZEROSMTP_PRINTERS],
      note:
        'From Lexmark\'s OAuth article ("Settings > Email > Set Up OAuth 2.0 for Email Server ' +
        'accordion"). Older firmware is reported to use Settings > E-mail/FTP Settings > SMTP Setup.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: credentialFields,
      confidence: 'medium',
      sources: [MS617_UG_SMTP, ZEROSMTP_PRINTERS],
      note: credentialNote,
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'A third-party guide reports a "Use SSL/TLS" setting with a "Required" option; check it and test port 587.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'medium',
        sources: [LEXMARK_OAUTH_KB, MS_SMTP_AUTH_TLS12],
        note:
          derivedTls12Note(
            "Lexmark's OAuth article (FW24 and later, Outlook Live and Microsoft 365)",
          ) +
          ' So FW24 firmware has TLS 1.2; whether earlier firmware has it is not stated in the pages read.',
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [MS617_UG_SMTP],
        note: '"Device Userid" and "Device password" are used to log in to the SMTP server when Use Device SMTP Credentials is selected.',
      },
      oauthM365: {
        value: { supported: true, fromFirmware: 'FW24', signInAt: 'web-ui' },
        confidence: 'high',
        sources: [LEXMARK_OAUTH_KB],
        note:
          '"Lexmark printers support OAuth 2.0 authentication starting with the FW24 firmware ' +
          'release through Outlook Live and Microsoft 365." EWS: Settings > Email > Set Up OAuth ' +
          '2.0 for Email Server > Register.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: oauthPitfalls,
  },
  {
    id: 'lexmark-ms-cs-printers',
    vendor: 'lexmark',
    vendorName: 'Lexmark',
    family: 'MS / CS single-function printers (e-mail alerts only, no scanning)',
    exampleModels: ['MS617'],
    aliases: ['Embedded Web Server', 'EWS', 'MS', 'CS', 'e-mail alerts'],
    webUiPath: {
      value: 'unknown',
      note: 'Look for Settings > Email (newer firmware) or an SMTP Setup page.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: credentialFields,
      confidence: 'medium',
      sources: [MS617_UG_SMTP],
      note: credentialNote,
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'Look for a "Use SSL/TLS" setting and test port 587.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [LEXMARK_OAUTH_KB, MS_SMTP_AUTH_TLS12],
        note: derivedTls12Note(
          'Lexmark\'s OAuth article ("Lexmark printers" from FW24, no model list; see oauthM365)',
        ),
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [MS617_UG_SMTP],
        note: 'MS617 User\'s Guide (mirror): "Use Device SMTP Credentials" with Device Userid / Device password.',
      },
      oauthM365: {
        value: { supported: true, fromFirmware: 'FW24', signInAt: 'web-ui' },
        confidence: 'medium',
        sources: [LEXMARK_OAUTH_KB],
        note: 'Lexmark\'s article speaks of "Lexmark printers" from FW24 without a model list; check that your model has an FW24 release.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: oauthPitfalls,
  },
  {
    id: 'lexmark-go-line',
    vendor: 'lexmark',
    vendorName: 'Lexmark',
    family: 'GO Line small-office MFPs',
    exampleModels: ['MB2236', 'MC3224', 'MC3326'],
    aliases: ['GO Line', 'MB', 'MC', 'Embedded Web Server'],
    webUiPath: {
      value: 'unknown',
      note: "Look for an Email or SMTP page in the printer's web page.",
    },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'Look for STARTTLS / SSL/TLS options and test port 587.',
      },
      starttls25: { value: 'unknown' },
      tls12: { value: 'unknown' },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: 'unknown',
        note: 'Lexmark documents OAuth from FW24 without a model list; look for "Set Up OAuth 2.0 for Email Server" after a firmware update.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: [],
  },
]
