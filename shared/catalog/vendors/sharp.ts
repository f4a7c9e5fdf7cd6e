import type { Pitfall, PrinterFamily } from '../types'

/**
 * Sharp families.
 *
 * Main sources: Sharp's own online manuals on global.sharp, section "OAuth 2.0 authentication"
 * (BP-70C65 US, BP-70M65, BP-70M90, BP-B550WD, BP-C131WD). They give the SMTP menu path, the
 * field labels and the OAuth 2.0 token flow. They do not say whether "Enable SSL/TLS" means
 * STARTTLS or implicit TLS, nor give TLS versions, password or attachment limits: those stay
 * unknown, except TLS 1.2 on the BP models, which is derived from the OAuth pages (see
 * ./microsoft.ts). Nothing was found for the older MX series.
 */

import { derivedTls12Note, MS_SMTP_AUTH_TLS12 } from './microsoft'

const BP70C65_US =
  'https://global.sharp/restricted/products/copier/downloads/manuals/bp70c65/us/contents_08-03_004.html'
const BP70M65_EN =
  'http://global.sharp/restricted/products/copier/downloads/manuals/bp70m65/en/contents_08-03_004.html'
const BP70M90_EN =
  'http://cgi.global.sharp/restricted/products/copier/downloads/manuals/bp70m90/en/contents_09-03_004.html'
const BPB550WD_EN =
  'https://global.sharp/restricted/products/copier/downloads/manuals/bpb550wd/en/contents_08-03_004.html'
const BPC131WD_EN =
  'http://cgi.global.sharp/restricted/products/copier/downloads/manuals/bpc131wd/en/contents_07-03_003.html'
/** Feb 2025 news item (Chinese, summarising a borncity report) on MFPs failing TLS to M365. */
const SSL_NEGOTIATION_REPORT = 'http://kmeys.com/shuma/202502/141175.html'

const ssl25Pitfall: Pitfall = {
  text:
    'Feb 2025: MFPs of several brands, Sharp among them, reported "SSL negotiation failed" / ' +
    '"cannot connect to SMTP server" against Microsoft 365. Technicians traced it to TLS 1.2 ' +
    'cipher suites: devices without elliptic-curve (ECDHE) support failed. Update the firmware.',
  confidence: 'low',
  sources: [SSL_NEGOTIATION_REPORT],
}

const tokenPitfalls: Pitfall[] = [
  {
    text:
      'If a job fails, run the POP/SMTP connection test in System Settings. If it says "Token ' +
      'update failed. Please delete the token and obtain it again.", press [Delete] and get a new ' +
      'token.',
    confidence: 'high',
    sources: [BP70C65_US, BPB550WD_EN],
  },
  {
    text:
      'Delete the token before switching the machine to a different Microsoft 365 account, or ' +
      'when the token has expired.',
    confidence: 'high',
    sources: [BP70C65_US, BPB550WD_EN, BPC131WD_EN],
  },
]

export const SHARP_FAMILIES: PrinterFamily[] = [
  {
    id: 'sharp-bp-series',
    vendor: 'sharp',
    vendorName: 'Sharp',
    family: 'BP series MFPs with touch panel (A3 and A4 office models)',
    exampleModels: ['BP-70C65', 'BP-70M65', 'BP-70M90', 'BP-B550WD', 'BP-B550PW'],
    aliases: ['BP', 'BP series', 'Sharp Web page', 'Settings (Administrator)', 'MFP'],
    webUiPath: {
      value: ['System Settings', 'Network Settings', 'Service Settings', 'SMTP'],
      confidence: 'medium',
      sources: [BP70C65_US, BPC131WD_EN],
      note:
        'The BP manuals list "System Settings → Network Settings → Service Settings (SMTP tab)" ' +
        'as where the SMTP settings live; the Web page wording is confirmed only on the small ' +
        'BP-C131WD ("Services Settings"). On BP-70C65 the OAuth token cannot be obtained from ' +
        'the Web page.',
    },
    panelPath: {
      value: [
        'Settings (Administrator)',
        'System Settings',
        'Network Settings',
        'Service Settings',
        'SMTP',
      ],
      confidence: 'high',
      sources: [BP70C65_US, BP70M65_EN, BP70M90_EN, BPB550WD_EN],
      note: '"SMTP" is a tab. The same settings also appear under System Control → E-mail Alert and Status → SMTP Settings.',
    },
    fieldNames: {
      value: {
        server: 'Primary Server',
        port: 'Port Number',
        security: 'Enable SSL/TLS',
        authentication: 'Authentication Method',
        fromAddress: 'Sender Address',
      },
      confidence: 'high',
      sources: [BP70M65_EN, BP70M90_EN, BPB550WD_EN, BP70C65_US],
      note:
        'The BP-70C65 US manual calls the selector "Authentication Option". Also on the tab: ' +
        '"Timeout", "Sender Name"; for OAuth 2.0 a provider, an account name and [Get Token].',
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'The manuals show a single "Enable SSL/TLS" box and do not say whether it is STARTTLS or implicit TLS. Test port 587 with the box ticked.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'medium',
        sources: [BP70C65_US, BP70M65_EN, BP70M90_EN, BPB550WD_EN, MS_SMTP_AUTH_TLS12],
        note:
          'No TLS version list was found in the manuals. ' +
          derivedTls12Note(
            'Sharp\'s "OAuth 2.0 authentication" section ("When using Microsoft365, Exchange Online, etc.")',
          ) +
          ' A Feb 2025 report of Sharp MFPs failing on TLS 1.2 cipher suites is in the pitfalls.',
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [BP70M65_EN, BPB550WD_EN],
        note: 'The tab has an authentication selector under "SMTP Authentication Settings"; the excerpt names only the OAuth 2.0 option.',
      },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'panel' },
        confidence: 'high',
        sources: [BP70C65_US, BP70M65_EN, BP70M90_EN, BPB550WD_EN],
        note:
          '"When using Microsoft365, Exchange Online, etc. … it is recommended to use the OAuth ' +
          '2.0 authentication method." BP-70C65: "executed at the machine. (The configuration ' +
          'cannot be completed on the Web page.)" No minimum firmware is named.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: [
      ...tokenPitfalls,
      {
        text:
          'SMTP and POP tokens are separate: a token obtained for SMTP does not cover the POP ' +
          'settings (Internet Fax / E-mail Print), which need their own.',
        confidence: 'high',
        sources: [BP70C65_US, BPB550WD_EN],
      },
      ssl25Pitfall,
    ],
  },
  {
    id: 'sharp-bp-small-a4',
    vendor: 'sharp',
    vendorName: 'Sharp',
    family: 'BP small A4 colour MFPs configured from the Web page',
    exampleModels: ['BP-C131WD'],
    aliases: ['BP', 'BP-C131WD', 'Sharp Web page', 'A4'],
    webUiPath: {
      value: ['System Settings', 'Network Settings', 'Services Settings', 'SMTP'],
      confidence: 'high',
      sources: [BPC131WD_EN],
      note: '"Click "System Settings"→ "Network Settings"→ "Services Settings" → "SMTP" tab in the Web page."',
    },
    panelPath: {
      value: 'unknown',
      note: 'The manual describes the SMTP settings on the Web page.',
    },
    fieldNames: {
      value: {
        server: 'Primary Server',
        port: 'Port Number',
        security: 'Enable SSL/TLS',
        authentication: 'Authentication Method',
        fromAddress: 'Sender Address',
      },
      confidence: 'high',
      sources: [BPC131WD_EN],
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'Single "Enable SSL/TLS" box; STARTTLS vs implicit TLS not stated. Test port 587 with the box ticked.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'medium',
        sources: [BPC131WD_EN, MS_SMTP_AUTH_TLS12],
        note: derivedTls12Note('Sharp\'s BP-C131WD "OAuth 2.0 authentication" section'),
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [BPC131WD_EN],
        note: 'Authentication selector under "SMTP Authentication Settings"; only OAuth 2.0 is named in the excerpt.',
      },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'web-ui' },
        confidence: 'high',
        sources: [BPC131WD_EN],
        note: 'Select "OAuth 2.0", a provider, an account name, then click [Get Token] on the Web page.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: [...tokenPitfalls],
  },
  {
    id: 'sharp-mx-series',
    vendor: 'sharp',
    vendorName: 'Sharp',
    family: 'MX series MFPs (earlier generation)',
    exampleModels: ['MX-3071', 'MX-4140N', 'MX-2301N'],
    aliases: ['MX', 'MX series', 'Sharp Web page', 'Advanced series', 'Essential series'],
    webUiPath: {
      value: 'unknown',
      note: 'Not found for MX models. On BP models it is System Settings → Network Settings → Service Settings → SMTP tab; look for the same.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'Look for an "Enable SSL/TLS" box and test port 587.',
      },
      starttls25: { value: 'unknown' },
      tls12: { value: 'unknown', note: 'Check the firmware release notes for TLS 1.2.' },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: 'unknown',
        note: 'Sharp documents OAuth 2.0 per model manual; look for "OAuth 2.0" in the SMTP authentication selector after updating the firmware.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: [ssl25Pitfall],
  },
]
