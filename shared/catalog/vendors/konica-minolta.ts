import type { Pitfall, PrinterFamily } from '../types'

/**
 * Konica Minolta families.
 *
 * Main sources: Konica Minolta's online manuals — bizhub 651i/551i/451i "Using OAuth
 * Authentication" (manuals.konicaminolta.eu, EN), bizhub C4000i "E-mail送信(SMTP)" settings
 * (konicaminolta.jp, JA; labels below are translated, hence medium), and the bizhub
 * C658…C258 / 758 / PRO 958 "Scan to E-mail" set-up page (manuals.konicaminolta.eu, DE). For older
 * OEM models, a third-party summary (ZeroSMTP) of DEVELOP's Basic-auth advisory, which was not
 * itself found. TLS 1.2 on the i-Series is derived from the OAuth page (see ./microsoft.ts).
 */

import { derivedTls12Note, MS_SMTP_AUTH_TLS12 } from './microsoft'

const I_SERIES_OAUTH =
  'https://manuals.konicaminolta.eu/bizhub-651i-551i-451i/EN/contents/AI_03_01.html'
const C4000I_SMTP_JA =
  'https://www.konicaminolta.jp/business/download/printers/color/bizhub_c4000i/guide/Product-2/contents/opkey_170_S.html'
const C368_SCAN_TO_EMAIL_DE =
  'https://manuals.konicaminolta.eu/bizhub-C658-C558-C458-C368-C308-C258-UD/DE/contents/id08-_102039369.html'
const B958_SCAN_TO_EMAIL_DE =
  'https://manuals.konicaminolta.eu/bizhub-758-PRO-958-UD/DE/contents/id08-_102039369.html'
const ZEROSMTP_PRINTERS = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/PRINTERS.md'
const ZEROSMTP_COMPAT = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/DEVICE-COMPATIBILITY.md'
/** DEVELOP's advisory, as linked by ZeroSMTP (not read directly). */
const DEVELOP_ADVISORY =
  'https://www.develop.eu/en/support/discontinuation-of-basic-authentication-for-smtp.html'
const ZEROSMTP_DEVELOP =
  'https://github.com/msgwing/ZeroSMTP/blob/main/docs/devices/konica-minolta-develop-ineo-and-ineo-mfps.md'

const developNoOauthPitfall: Pitfall = {
  text:
    'DEVELOP (Konica Minolta\'s OEM brand) marks OAuth "N/A" for many older ineo models (e.g. ' +
    'ineo 4750/4050/4752/4052, ineo+ 754e/654e, ineo 306) and lists some others as "Under ' +
    'planning": no OAuth firmware is coming for those. The bizhub model with the same number is ' +
    "probably in the same situation — check Konica Minolta's own advisory for the exact model.",
  confidence: 'low',
  sources: [DEVELOP_ADVISORY, ZEROSMTP_COMPAT, ZEROSMTP_DEVELOP],
}

export const KONICA_MINOLTA_FAMILIES: PrinterFamily[] = [
  {
    id: 'konica-minolta-bizhub-i-series',
    vendor: 'konica-minolta',
    vendorName: 'Konica Minolta',
    family: 'bizhub i-Series MFPs',
    exampleModels: ['bizhub 651i', 'bizhub 551i', 'bizhub 451i', 'bizhub C4000i'],
    aliases: ['bizhub', 'i-Series', 'Web Connection', 'PageScope Web Connection', 'DEVELOP ineo'],
    webUiPath: {
      value: ['Network', 'E-mail Setting', 'E-mail TX (SMTP)'],
      confidence: 'medium',
      sources: [I_SERIES_OAUTH, C368_SCAN_TO_EMAIL_DE, ZEROSMTP_PRINTERS],
      note:
        'In administrator mode of Web Connection. The i-Series manual gives this path for the ' +
        'control panel; the C368-series manual (German) gives "[Netzwerk] - ' +
        '[E-Mail-Einstellung]" in administrator mode.',
    },
    panelPath: {
      value: ['Utility', 'Administrator', 'Network', 'E-mail Setting', 'E-mail TX (SMTP)'],
      confidence: 'high',
      sources: [I_SERIES_OAUTH, C4000I_SMTP_JA],
      note: 'OAuth: … [E-mail TX (SMTP)] - [OAuth Settings]. The C4000i shows [Settings Menu] instead of [Utility].',
    },
    fieldNames: {
      value: { server: 'SMTP Server Address', port: 'Port No.', security: 'SSL/TLS Setting' },
      confidence: 'medium',
      sources: [C4000I_SMTP_JA],
      note:
        'Translated from the Japanese C4000i manual: [SMTPサーバーアドレス], [ポート番号], ' +
        '[SSL/TLS設定]; a second field [ポート番号(SSL)] ("Port No. (SSL)", default 465) is used ' +
        'only for SMTP over SSL. English screen wording may differ slightly.',
    },
    capabilities: {
      starttls587: {
        value: true,
        confidence: 'high',
        sources: [C4000I_SMTP_JA],
        note: 'SSL/TLS setting supports "SMTP over SSL" and "Start TLS" (default: none). For 587 choose Start TLS and set the normal port number (default 25) to 587.',
      },
      starttls25: {
        value: true,
        confidence: 'medium',
        sources: [C4000I_SMTP_JA, C368_SCAN_TO_EMAIL_DE],
        note: 'C4000i manual: "Start TLS" uses the normal Port No. (default 25), so STARTTLS on 25 is the default port choice; SMTP authentication is from the previous-generation manuals, hence medium.',
      },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'medium',
        sources: [I_SERIES_OAUTH, MS_SMTP_AUTH_TLS12],
        note:
          'The manuals read give no TLS version list (PKI Settings has a minimum/maximum "SSL/TLS Version Setting"). ' +
          derivedTls12Note(
            'Konica Minolta\'s "Using OAuth Authentication" page (Microsoft as provider)',
          ),
      },
      implicitTls465Only: {
        value: false,
        confidence: 'high',
        sources: [C4000I_SMTP_JA],
        note: 'Start TLS is offered alongside SMTP over SSL.',
      },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [C368_SCAN_TO_EMAIL_DE, B958_SCAN_TO_EMAIL_DE],
        note: 'Sibling (previous-generation) manuals list "SMTP-Authentifizierung" (SMTP authentication) for Scan to E-mail.',
      },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'panel' },
        confidence: 'high',
        sources: [I_SERIES_OAUTH],
        note:
          '"This machine supports Microsoft and Google as OAuth providers." "Perform OAuth ' +
          'authentication using Control Panel on this machine before sending an E-mail and ' +
          'obtain a token." No minimum firmware is named.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: [
      {
        text:
          'The SSL/TLS setting defaults to "none": select Start TLS for port 587. "Port No. ' +
          '(SSL)" (465) is used only with SMTP over SSL.',
        confidence: 'high',
        sources: [C4000I_SMTP_JA],
      },
      {
        text:
          'Before OAuth: set the administrator E-mail Address (the Microsoft address) under ' +
          '[System Settings] - [Machine Setting] - [Administrator Registration].',
        confidence: 'high',
        sources: [I_SERIES_OAUTH],
      },
      {
        text:
          'Behind a proxy, set it in two places: [Security] - [Certificate Verification Settings] ' +
          '- [Proxy Settings] and [System Settings] - [Web Browser Setting] - [Operation Settings] ' +
          '- [Proxy Settings].',
        confidence: 'high',
        sources: [I_SERIES_OAUTH],
      },
      {
        text: 'The OAuth token is obtained at the control panel, so the technician must be at the machine.',
        confidence: 'high',
        sources: [I_SERIES_OAUTH],
      },
    ],
  },
  {
    id: 'konica-minolta-bizhub-previous-gen',
    vendor: 'konica-minolta',
    vendorName: 'Konica Minolta',
    family: 'bizhub A3 MFPs before the i-Series (C368/C458/C658 and 758 / PRO 958 generation)',
    exampleModels: [
      'bizhub C658',
      'bizhub C558',
      'bizhub C458',
      'bizhub C368',
      'bizhub C258',
      'bizhub 758',
      'bizhub PRO 958',
    ],
    aliases: ['bizhub', 'Web Connection', 'PageScope Web Connection', 'ineo', 'DEVELOP ineo'],
    webUiPath: {
      value: ['Network', 'E-mail Setting', 'E-mail TX (SMTP)'],
      confidence: 'medium',
      sources: [C368_SCAN_TO_EMAIL_DE, ZEROSMTP_PRINTERS],
      note:
        'Administrator mode of Web Connection. The German manual says "[Netzwerk] - ' +
        '[E-Mail-Einstellung]"; the last level is from a third-party guide.',
    },
    panelPath: {
      value: 'unknown',
      note: 'i-Series: Utility > Administrator > Network > E-mail Setting > E-mail TX (SMTP); check the same on the panel.',
    },
    fieldNames: {
      value: 'unknown',
      note: 'Look for the SSL/TLS setting and SMTP authentication items on the E-mail TX (SMTP) page.',
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'The manual says SSL/TLS is supported without naming STARTTLS; the i-Series offers "Start TLS". Check the SSL/TLS options.',
      },
      starttls25: { value: 'unknown' },
      tls12: { value: 'unknown', note: 'Check the firmware release notes for TLS 1.2.' },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: {
        value: true,
        confidence: 'high',
        sources: [C368_SCAN_TO_EMAIL_DE, B958_SCAN_TO_EMAIL_DE],
        note: '"SMTP-Authentifizierung beim Senden von E-Mails verwenden" (use SMTP authentication when sending e-mail); POP before SMTP and S/MIME are also supported.',
      },
      oauthM365: {
        value: 'unknown',
        note: 'Check Konica Minolta\'s Basic-authentication advisory for the exact model; OEM (DEVELOP) equivalents of some of these models are marked N/A or "Under planning".',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: [developNoOauthPitfall],
  },
  {
    id: 'konica-minolta-bizhub-a4-legacy',
    vendor: 'konica-minolta',
    vendorName: 'Konica Minolta',
    family: 'Older bizhub A4 mono MFPs (4050/4750 generation)',
    exampleModels: ['bizhub 4050', 'bizhub 4750', 'bizhub 4052', 'bizhub 4752'],
    aliases: ['bizhub', 'A4', 'ineo', 'DEVELOP ineo'],
    webUiPath: {
      value: 'unknown',
      note: 'Look for Network > E-mail Setting or an SMTP page in the web interface.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'Look for a STARTTLS / Start TLS option and test port 587.',
      },
      starttls25: { value: 'unknown' },
      tls12: { value: 'unknown', note: 'Check the firmware release notes for TLS 1.2.' },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: { supported: false, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'low',
        sources: [DEVELOP_ADVISORY, ZEROSMTP_COMPAT, ZEROSMTP_DEVELOP],
        note: 'DEVELOP\'s advisory (as summarised by a third party) marks the OEM twins ineo 4050/4750/4052/4752 "N/A" for OAuth: "no firmware update is planned". The Konica Minolta-branded models were not found in a Konica Minolta document; plan direct send or a relay.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: [developNoOauthPitfall],
  },
]
