import type { Pitfall, PrinterFamily } from '../types'

/**
 * Kyocera families (Command Center RX).
 *
 * No Kyocera document (Command Center RX User Guide, operation guides, Microsoft 365 advisories)
 * was found in the sources searched, so almost everything here is 'unknown'. The few known facts
 * come from a single third-party guide (ZeroSMTP docs/PRINTERS.md, low confidence) and a news
 * report of TLS failures in Feb 2025. Check the model's Operation Guide and Command Center RX
 * User Guide on site.
 */

const ZEROSMTP_PRINTERS = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/PRINTERS.md'
const ZEROSMTP_KYOCERA_1102 =
  'https://github.com/msgwing/ZeroSMTP/blob/main/docs/devices/kyocera-mfps-reporting-send-error-1102.md'
/** Feb 2025 news item (Chinese, summarising a borncity report) on MFPs failing TLS to M365. */
const SSL_NEGOTIATION_REPORT = 'http://kmeys.com/shuma/202502/141175.html'

const sendError1102: Pitfall = {
  text:
    'Send error 1102 (0x1102) is reported (third party) to mean an SMTP authentication ' +
    'failure; with Microsoft 365, check that SMTP AUTH is enabled for the tenant and mailbox ' +
    'and that the credentials are right. ' +
    "Confirm the meaning in the model's Operation Guide error table.",
  confidence: 'low',
  sources: [ZEROSMTP_PRINTERS, ZEROSMTP_KYOCERA_1102],
}
const smtpSecurityMatchesPort: Pitfall = {
  text:
    'Set "SMTP Security" to match the port, and check that the SMTP (E-mail TX) protocol is ' +
    'On under Network Settings > Protocol.',
  confidence: 'low',
  sources: [ZEROSMTP_PRINTERS],
}
const sslNegotiationFailed: Pitfall = {
  text:
    'Feb 2025: MFPs of several brands, Kyocera among them, reported "SSL negotiation failed" ' +
    'against Microsoft 365. Technicians traced it to TLS 1.2 cipher suites (no elliptic-curve ' +
    'support on older firmware). Update the firmware.',
  confidence: 'low',
  sources: [SSL_NEGOTIATION_REPORT],
}
const commandCenterPitfalls: Pitfall[] = [
  sendError1102,
  smtpSecurityMatchesPort,
  sslNegotiationFailed,
]

const unknownCapabilities: PrinterFamily['capabilities'] = {
  starttls587: {
    value: 'unknown',
    note: 'Check the "SMTP Security" options for STARTTLS and test port 587.',
  },
  starttls25: { value: 'unknown' },
  tls12: {
    value: 'unknown',
    note: 'Check the firmware release notes and the security settings for TLS 1.2.',
  },
  implicitTls465Only: { value: 'unknown' },
  smtpAuth: {
    value: 'unknown',
    note: 'Look for SMTP authentication (user name / password) on the SMTP page.',
  },
  oauthM365: {
    value: 'unknown',
    note:
      'No Kyocera statement found. A third party mentions a Kyocera "Exchange Online Connector" ' +
      "utility; check Kyocera's Microsoft 365 advisory for the model.",
  },
}

export const KYOCERA_FAMILIES: PrinterFamily[] = [
  {
    id: 'kyocera-taskalfa-hypas',
    vendor: 'kyocera',
    vendorName: 'Kyocera',
    family: 'TASKalfa A3 MFPs (HyPAS, Command Center RX)',
    exampleModels: ['TASKalfa 2554ci', 'TASKalfa 3253ci', 'TASKalfa 4054ci'],
    aliases: ['TASKalfa', 'HyPAS', 'Command Center RX', 'Copystar', 'TA Triumph-Adler', 'UTAX'],
    webUiPath: {
      value: ['Advanced', 'E-mail', 'SMTP', 'General'],
      confidence: 'low',
      sources: [ZEROSMTP_PRINTERS],
      note:
        'Third-party guide, after logging in to Command Center RX as administrator. The ' +
        'unofficial how-to it links is filed under "Function Settings > E-mail", so the menu may ' +
        'differ by model or firmware.',
    },
    panelPath: {
      value: 'unknown',
      note: 'Look under System Menu for the network / e-mail (SMTP) settings.',
    },
    fieldNames: {
      value: { security: 'SMTP Security' },
      confidence: 'low',
      sources: [ZEROSMTP_PRINTERS],
    },
    capabilities: unknownCapabilities,
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: {
        value: 'unknown',
        note: 'Look for an e-mail size limit on the SMTP page.',
      },
    },
    pitfalls: commandCenterPitfalls,
  },
  {
    id: 'kyocera-ecosys-mfp',
    vendor: 'kyocera',
    vendorName: 'Kyocera',
    family: 'ECOSYS A4 MFPs (Command Center RX)',
    exampleModels: ['ECOSYS M3655idn', 'ECOSYS M2540dn', 'ECOSYS M2035dn'],
    aliases: ['ECOSYS', 'Command Center RX', 'MA', 'PA', 'Copystar'],
    webUiPath: {
      value: ['Advanced', 'E-mail', 'SMTP', 'General'],
      confidence: 'low',
      sources: [ZEROSMTP_PRINTERS],
      note: 'Same third-party guide as for TASKalfa (it covers TASKalfa and ECOSYS alike); verify on the device.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: { security: 'SMTP Security' },
      confidence: 'low',
      sources: [ZEROSMTP_PRINTERS],
    },
    capabilities: unknownCapabilities,
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: commandCenterPitfalls,
  },
  {
    id: 'kyocera-fs-km-legacy',
    vendor: 'kyocera',
    vendorName: 'Kyocera',
    family: 'Older FS / KM series MFPs',
    exampleModels: ['FS-1035MFP', 'FS-1135MFP'],
    aliases: ['FS', 'KM', 'Command Center', 'KYOCERA Mita'],
    webUiPath: {
      value: 'unknown',
      note: 'Look for an E-mail / SMTP page in the embedded web page.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      ...unknownCapabilities,
      tls12: {
        value: 'unknown',
        note: 'Older firmware may lack TLS 1.2, which Microsoft 365 requires; check for a firmware update first.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: [sendError1102, sslNegotiationFailed],
  },
]
