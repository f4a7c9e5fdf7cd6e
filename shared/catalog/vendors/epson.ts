import type { Pitfall, PrinterFamily } from '../types'

/**
 * Epson families (Web Config).
 *
 * Main sources: Epson's own online manuals — the "Email Server Settings" reference of the
 * WF-3720/WF-4730 (files.support.epson.com), the "Mail Server Setting Items" pages of the
 * EM-C800, WF-C21000 and L6550 manuals (download4.epson.biz; the item names are English in the
 * UI even where the manual is translated), the ES-C380W page "Setting Up OAuth2.0 Authentication
 * for the Email Server", and Epson's "Microsoft Exchange Online Device Authentication Guide"
 * (NPD7717, read through the manuals.plus mirror, so medium). The mail-server item pages of the
 * WF-C21000, EM-C800 and L6550 editions read list only Off / SMTP AUTH / POP before SMTP as
 * Authentication Method, so OAuth2 on the printers depends on a newer firmware than those manuals
 * describe (low). TLS 1.2 is derived from the OAuth documents (see ./microsoft.ts).
 */

import { derivedTls12Note, MS_SMTP_AUTH_TLS12 } from './microsoft'

const WF3720_EMAIL =
  'https://files.support.epson.com/docid/cpd5/cpd56450/source/printers/source/networking/reference/wf3720_4730/email_server_settings_wf3720_4730.html'
const EMC800_ITEMS =
  'https://download4.epson.biz/sec_pubs/em-c800_series/useg/id/GUID-0CF50114-406B-47D8-9B72-C8F1B81FAA53.htm'
const WFC21000_ITEMS =
  'https://download4.epson.biz/sec_pubs/wf-c21000_series/useg/tc/GUID-0CF50114-406B-47D8-9B72-C8F1B81FAA53.htm'
const L6550_ITEMS =
  'https://download4.epson.biz/sec_pubs/l6550_series/useg/mk/GUID-0CF50114-406B-47D8-9B72-C8F1B81FAA53.htm'
const ESC380W_OAUTH =
  'https://download4.epson.biz/sec_pubs/es-c380w/useg/en/GUID-F5D4639B-E3F2-4894-9DF7-74AB22A39C62.htm'
const NPD7717_GUIDE =
  'https://manuals.plus/epson/npd7717-00-device-authentication-guide-for-microsoft-exchange-manual'
const NPD7717_GUIDE_MIRROR_2 =
  'https://manuals.plus/m/e7ede169366eea99f38a2283a80f3e132f686317d8e7c6b40bf65aecbbed8f4e'
const NPD7717_GUIDE_ML =
  'https://manuals.plus/ml/epson/npd7717-00-device-authentication-guide-for-microsoft-exchange-manual'

const webConfigFields = {
  server: 'SMTP Server Address',
  port: 'SMTP Server Port Number',
  security: 'Secure Connection',
  authentication: 'Authentication Method',
  username: 'Authenticated Account',
  password: 'Authenticated Password',
  fromAddress: "Sender's Email Address",
}

const popBeforeSmtpPitfall: Pitfall = {
  text:
    'Do not pick "POP before SMTP": Epson says the connection is then not encrypted. Use SMTP ' +
    'AUTH (or OAuth2 where offered) with Secure Connection = STARTTLS.',
  confidence: 'high',
  sources: [EMC800_ITEMS, WF3720_EMAIL],
}

const senderAddressPitfall: Pitfall = {
  text:
    "Sender's Email Address: up to 255 ASCII characters, excluding : ( ) < > [ ] ; ¥, and it may " +
    'not start with a period. Epson says it is used for authentication, so enter the real ' +
    'mailbox address registered on the mail server.',
  confidence: 'high',
  sources: [EMC800_ITEMS],
}

const passwordPitfall: Pitfall = {
  text:
    'Authenticated Password takes at most 20 ASCII characters (0x20–0x7E). A longer Microsoft ' +
    '365 password cannot be entered: use a shorter password for the sending mailbox, or OAuth2.',
  confidence: 'high',
  sources: [EMC800_ITEMS, WFC21000_ITEMS, L6550_ITEMS],
}

const oauthTenantPitfalls: Pitfall[] = [
  {
    text:
      "Epson's Exchange Online guide says SMTP AUTH must still be enabled in Exchange Online for " +
      'OAuth 2.0 (printers send over SMTP): enable it for the organisation and for the mailbox; ' +
      'the guide also tells admins to disable Security Defaults.',
    confidence: 'medium',
    sources: [NPD7717_GUIDE],
  },
  {
    text:
      'On models with an additional network interface, use the standard network: the additional ' +
      'network does not support OAuth 2.0.',
    confidence: 'medium',
    sources: [NPD7717_GUIDE],
  },
  {
    text:
      'The Microsoft account that signs in must be allowed to consent for the organisation ' +
      '("Consent on behalf of organization"). The ES-C380W manual asks for at least the Cloud ' +
      "Application Administrator role; a copy of Epson's Exchange guide says Global Administrator.",
    confidence: 'medium',
    sources: [ESC380W_OAUTH, NPD7717_GUIDE_ML],
  },
]

export const EPSON_FAMILIES: PrinterFamily[] = [
  {
    id: 'epson-workforce-enterprise',
    vendor: 'epson',
    vendorName: 'Epson',
    family: 'WorkForce Enterprise high-volume inkjet MFPs',
    exampleModels: ['WF-C21000', 'WF-C20590'],
    aliases: ['WorkForce Enterprise', 'WF-C', 'Web Config', 'EpsonNet Config'],
    webUiPath: {
      value: ['Network', 'Email Server', 'Basic'],
      confidence: 'medium',
      sources: [ESC380W_OAUTH, NPD7717_GUIDE_ML],
      note: 'Web Config "Network tab > Email Server > Basic", as given in the ES-C380W manual and Epson\'s generic Exchange Online guide; not confirmed on a WorkForce Enterprise manual.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: webConfigFields,
      confidence: 'medium',
      sources: [EMC800_ITEMS, WF3720_EMAIL],
      note: 'English item names from sibling Epson business models; the WF-C21000 manual read was the Chinese edition.',
    },
    capabilities: {
      starttls587: {
        value: true,
        confidence: 'medium',
        sources: [WF3720_EMAIL, EMC800_ITEMS],
        note: 'Sibling models: Secure Connection "None / STARTTLS / SSL/TLS"; the port is free to set (1–65535).',
      },
      starttls25: {
        value: true,
        confidence: 'medium',
        sources: [WF3720_EMAIL, WFC21000_ITEMS],
        note: 'Sibling WF-3720/WF-4730: Secure Connection offers STARTTLS, "The default port is 25", and SMTP-AUTH works with it; the WF-C21000 manual has STARTTLS and SMTP AUTH with a free port.',
      },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [NPD7717_GUIDE, NPD7717_GUIDE_MIRROR_2, MS_SMTP_AUTH_TLS12],
        note: derivedTls12Note(
          "Epson's Exchange Online Device Authentication Guide (for its printers and scanners, no model list)",
        ),
      },
      implicitTls465Only: {
        value: false,
        confidence: 'medium',
        sources: [WF3720_EMAIL],
        note: 'STARTTLS is offered alongside SSL/TLS.',
      },
      smtpAuth: {
        value: true,
        confidence: 'high',
        sources: [WFC21000_ITEMS],
        note: 'Authentication Method includes SMTP AUTH (SMTP驗證 in the Chinese edition).',
      },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'web-ui' },
        confidence: 'low',
        sources: [NPD7717_GUIDE, NPD7717_GUIDE_MIRROR_2, ESC380W_OAUTH, WFC21000_ITEMS],
        note:
          'Epson\'s Exchange Online guide covers its printers and scanners: "Ensure your printer ' +
          'or scanner is updated with the latest firmware", then Authentication Method = OAuth2 in ' +
          'Web Config. But the WF-C21000 manual (Chinese edition read) lists only Off / SMTP AUTH / ' +
          'POP before SMTP, so it takes a newer firmware, if this model gets it at all: no per-model ' +
          'list or minimum firmware was found. Check that Authentication Method lists "OAuth2".',
      },
    },
    limits: {
      passwordMaxLength: {
        value: 20,
        confidence: 'high',
        sources: [WFC21000_ITEMS],
        note: 'Authenticated Password: 0 to 20 ASCII characters (0x20–0x7E).',
      },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [passwordPitfall, popBeforeSmtpPitfall, ...oauthTenantPitfalls],
  },
  {
    id: 'epson-workforce-pro',
    vendor: 'epson',
    vendorName: 'Epson',
    family: 'WorkForce Pro and EcoTank business MFPs',
    exampleModels: ['WF-3720', 'WF-4730', 'EM-C800', 'L6550'],
    aliases: ['WorkForce Pro', 'WorkForce', 'EcoTank', 'WF', 'Web Config'],
    webUiPath: {
      value: ['Network', 'Email Server', 'Basic'],
      confidence: 'medium',
      sources: [NPD7717_GUIDE_ML, ESC380W_OAUTH],
      note: "From Epson's generic Exchange Online guide; older Web Config layouts (e.g. WF-3720) may group the Email Server page differently.",
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: webConfigFields,
      confidence: 'high',
      sources: [WF3720_EMAIL, EMC800_ITEMS, L6550_ITEMS],
    },
    capabilities: {
      starttls587: {
        value: true,
        confidence: 'high',
        sources: [WF3720_EMAIL],
        note: 'Secure Connection: "None / STARTTLS / SSL/TLS"; "The default port is 25" — change it to 587.',
      },
      starttls25: {
        value: true,
        confidence: 'high',
        sources: [WF3720_EMAIL],
        note: 'Secure Connection "None / STARTTLS / SSL/TLS" with SMTP-AUTH, and "The default port is 25": STARTTLS with authentication on port 25 is the default port choice.',
      },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [NPD7717_GUIDE, NPD7717_GUIDE_MIRROR_2, MS_SMTP_AUTH_TLS12],
        note: derivedTls12Note(
          "Epson's Exchange Online Device Authentication Guide (for its printers and scanners, no model list)",
        ),
      },
      implicitTls465Only: {
        value: false,
        confidence: 'high',
        sources: [WF3720_EMAIL],
        note: 'STARTTLS is offered alongside SSL/TLS.',
      },
      smtpAuth: {
        value: true,
        confidence: 'high',
        sources: [WF3720_EMAIL, EMC800_ITEMS],
        note: 'Authentication methods include SMTP-AUTH (SMTP AUTH).',
      },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'web-ui' },
        confidence: 'low',
        sources: [NPD7717_GUIDE, NPD7717_GUIDE_MIRROR_2, EMC800_ITEMS, L6550_ITEMS],
        note:
          'Epson\'s Exchange Online guide is for "your printer or scanner" in general (update to the ' +
          'latest firmware, then Web Config > Network > Email Server > Basic, Authentication ' +
          'Method = OAuth2), with no model list; the EM-C800 and L6550 manual editions read list ' +
          'only Off / SMTP AUTH / POP before SMTP. So it depends on the model and a newer firmware: ' +
          'look for "OAuth2" under Authentication Method after updating.',
      },
    },
    limits: {
      passwordMaxLength: {
        value: 20,
        confidence: 'high',
        sources: [EMC800_ITEMS, L6550_ITEMS],
        note: 'Authenticated Password: 0 to 20 ASCII characters (0x20–0x7E).',
      },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [passwordPitfall, popBeforeSmtpPitfall, senderAddressPitfall],
  },
  {
    id: 'epson-network-scanners',
    vendor: 'epson',
    vendorName: 'Epson',
    family: 'Network document scanners with Scan to Email',
    exampleModels: ['ES-C380W'],
    aliases: ['scanner', 'ES', 'WorkForce scanner', 'Web Config'],
    webUiPath: {
      value: ['Network', 'Email Server', 'Basic'],
      confidence: 'high',
      sources: [ESC380W_OAUTH],
      note: '"Select Network tab > Email Server > Basic."',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: { authentication: 'Authentication Method' },
      confidence: 'high',
      sources: [ESC380W_OAUTH],
      note: 'For OAuth: Authentication Method = OAuth2, Email service = Microsoft Exchange Online (Outlook.com for personal use), then Sign In.',
    },
    capabilities: {
      starttls587: { value: 'unknown', note: 'Check Secure Connection for a STARTTLS option.' },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'medium',
        sources: [ESC380W_OAUTH, MS_SMTP_AUTH_TLS12],
        note: derivedTls12Note(
          'the ES-C380W manual ("Setting Up OAuth2.0 Authentication for the Email Server", Microsoft Exchange Online)',
        ),
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'web-ui' },
        confidence: 'high',
        sources: [ESC380W_OAUTH],
        note:
          'Device-code flow from Web Config: copy the code shown, open the URL, sign in, choose ' +
          '"Consent on behalf of organization". The Basic page then shows "Signed in"; click OK ' +
          'to send the settings to the product.',
      },
    },
    limits: { passwordMaxLength: { value: 'unknown' }, attachmentMaxMb: { value: 'unknown' } },
    pitfalls: [
      {
        text:
          'The Microsoft account used to sign in needs at least the Cloud Application ' +
          'Administrator role and must consent on behalf of the organisation.',
        confidence: 'high',
        sources: [ESC380W_OAUTH],
      },
      ...oauthTenantPitfalls.slice(0, 2),
    ],
  },
]
