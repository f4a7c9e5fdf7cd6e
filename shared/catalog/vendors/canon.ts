import type { PrinterFamily } from '../types'

/**
 * Canon families.
 *
 * Main sources:
 * - Canon online manuals "Using a Cloud Mail Server with OAuth 2.0" (oip.manual.canon, manual IDs
 *   CS-7100 enAU and CS-6100 enGB; the pages do not name the product, so the family is an
 *   assumption and confidence is kept at medium).
 * - Spectrum (dealer) KB "Configuring OAuth on MFDs for scan-to-email": Remote UI SMTP path and the
 *   "Check password" tip.
 * - Canon service manual DU7-1178-000 (Universal Send Kit, mirrors): opportunistic STARTTLS, SMTP AUTH.
 * - msgwing/ZeroSMTP (third party): MAXIFY MB2755 fixed root CA store.
 * - Canon "White Paper: Canon imageRUNNER ADVANCE Security" v1.0 (June 2010, mirror
 *   azmanual.top/manuals/64903, page 30, whose page title is wrong) only shows that the non-DX
 *   Remote UI menus start at "Settings / Registration": too little for a known menu path.
 *
 * TLS 1.2 on the DX family is derived from Canon's OAuth pages (see ./microsoft.ts), not stated.
 *
 * imageRUNNER ADVANCE DX and the older, non-DX imageRUNNER ADVANCE are separate families: no Canon
 * document says the DX facts (OAuth page, menu wording) hold for non-DX firmware. Devices tell them
 * apart by "DX" in the model string, so only the DX family has aliases containing "DX" and only the
 * non-DX family has the bare "imageRUNNER ADVANCE" / "iR-ADV" aliases.
 */

import { derivedTls12Note, MS_SMTP_AUTH_TLS12 } from './microsoft'

const CANON_OAUTH_ENAU =
  'https://oip.manual.canon/USRMA-9064-zz-CS-7100-enAU/contents/devu-scan-prep-send_store-cloud.html'
const CANON_OAUTH_ENGB =
  'https://oip.manual.canon/USRMA-9309-zz-CS-6100-enGB/contents/devu-scan-prep-send_store-cloud.html'
const SPECTRUM_KB =
  'https://support.spectrum.tech/portal/en/kb/articles/configuring-oauth-on-mfds-for-scan-to-email'
const CANON_SM_DU7_MANUALSLIB =
  'http://www.manualslib.com/manual/1034958/Canon-Du7-1178-000.html?page=56'
const CANON_SM_DU7_ARCHIVE =
  'https://manualarchiveguide.com/manuals/Canon-DU7-1178-000-Service-Manual-2845610?page=56'
const ZEROSMTP_DEVICES = 'https://github.com/msgwing/ZeroSMTP/blob/main/data/devices.json'

export const CANON_FAMILIES: PrinterFamily[] = [
  {
    id: 'canon-imagerunner-advance-dx',
    vendor: 'canon',
    vendorName: 'Canon',
    family:
      'imageRUNNER ADVANCE DX (and other models with "OAuth 2.0 (Microsoft) Settings" in Remote UI)',
    exampleModels: [
      'imageRUNNER ADVANCE DX C5840i',
      'imageRUNNER ADVANCE DX C3826i',
      'imageRUNNER ADVANCE DX 4751i',
    ],
    // No bare "imageRUNNER ADVANCE" / "iR-ADV" here: those name the non-DX family below, and a
    // device string without "DX" must not tie with it.
    aliases: [
      'imageRUNNER ADVANCE DX',
      'iR-ADV DX',
      'Remote UI',
      'RUI',
      'OAuth 2.0 (Microsoft) Settings',
    ],
    webUiPath: {
      value: [
        'Settings/Registration',
        'Function Settings',
        'Send',
        'Network Settings - E-Mail/I-Fax Settings',
      ],
      confidence: 'medium',
      sources: [SPECTRUM_KB],
      note: 'Dealer KB path for the SMTP/POP settings. The OAuth page is Settings/Registration > Send > OAuth 2.0 (Microsoft) Settings > Basic Settings > Edit (Canon manual).',
    },
    panelPath: {
      value: 'unknown',
      note: 'Canon: the OAuth 2.0 (Microsoft) settings cannot be configured from the control panel.',
    },
    fieldNames: {
      value: 'unknown',
      note: 'Only the OAuth page labels are documented: [Use OAuth 2.0 (Microsoft)], [Verify Server Certificate], [Add CN to Verification Items], [Microsoft Entra ID Authorization Server Endpoint], [Server Connection Status], [User Code], [Token Status]. Record the SMTP page labels on the device.',
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'Check the E-Mail/I-Fax communication settings for a TLS option and a port field.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [CANON_OAUTH_ENAU, CANON_OAUTH_ENGB, MS_SMTP_AUTH_TLS12],
        note:
          'Canon says the OAuth connection uses TLS (optional server-certificate verification) but ' +
          'gives no version. ' +
          derivedTls12Note(
            'Canon\'s "Using a Cloud Mail Server with OAuth 2.0" page (which names no model)',
          ),
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: { supported: true, fromFirmware: null, signInAt: 'web-ui' },
        confidence: 'medium',
        sources: [CANON_OAUTH_ENAU, CANON_OAUTH_ENGB, SPECTRUM_KB],
        note: 'Canon: "Configure this setting using Remote UI from a computer. You cannot use the control panel." Endpoint https://login.microsoftonline.com/<common|organizations|consumers>/oauth2/v2.0; check [Server Connection Status] = Successfully Connected, enter the [User Code] at the Microsoft link within [User Code Expires In], then [Token Status] = Active. Minimum firmware not published; the dealer says to update firmware if the OAuth buttons are missing. Canon manual pages do not name the model family.',
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: "Set the machine's date and time correctly before configuring OAuth 2.0; if the date/time is changed afterwards, the OAuth 2.0 settings must be reconfigured.",
        confidence: 'medium',
        sources: [CANON_OAUTH_ENAU, CANON_OAUTH_ENGB],
      },
      {
        text: 'OAuth sign-in is done in Remote UI from a computer, not at the panel: bring a laptop on the same network. Administrator or NetworkAdmin privileges are required.',
        confidence: 'medium',
        sources: [CANON_OAUTH_ENAU, CANON_OAUTH_ENGB],
      },
      {
        text: 'The user code expires ([User Code Expires In]); if it lapses, start again. If OAuth is turned off and on again, redo the whole OAuth configuration.',
        confidence: 'medium',
        sources: [CANON_OAUTH_ENAU, CANON_OAUTH_ENGB],
      },
      {
        text: 'If the [OAuth 2.0 (Microsoft) Settings] button is missing from Remote UI, update the firmware first. With OAuth in use, tick "Check password" on the E-Mail/I-Fax page (if shown) and leave the password fields blank.',
        confidence: 'medium',
        sources: [SPECTRUM_KB],
      },
    ],
  },
  {
    id: 'canon-imagerunner-advance-non-dx',
    vendor: 'canon',
    vendorName: 'Canon',
    family: 'imageRUNNER ADVANCE, non-DX models (including the "III" editions)',
    exampleModels: [
      'iR-ADV C5535',
      'imageRUNNER ADVANCE C5535i III',
      'imageRUNNER ADVANCE C3530i',
      'imageRUNNER ADVANCE C356i',
      'imageRUNNER ADVANCE 4545i',
      'imageRUNNER ADVANCE 6575i',
      'imageRUNNER ADVANCE C7580i',
    ],
    aliases: ['imageRUNNER ADVANCE', 'iR-ADV', 'Remote UI', 'RUI'],
    webUiPath: {
      value: 'unknown',
      note: 'No Canon document gives the non-DX path to the SMTP settings. A dealer KB written for Canon MFDs on current firmware (no model family named) uses Remote UI > Settings/Registration > Function Settings > Send > Network Settings - E-Mail/I-Fax Settings, and Canon\'s 2010 imageRUNNER ADVANCE security white paper only shows that the Remote UI menus start at "Settings / Registration". Look there first and record the real path.',
    },
    panelPath: {
      value: 'unknown',
      note: 'No Canon document for the non-DX control-panel path to the SMTP settings was found.',
    },
    fieldNames: {
      value: 'unknown',
      note: 'No Canon document for the non-DX SMTP page labels was found. Record them on the device.',
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'No Canon wording for non-DX SMTP encryption was found (the older imageRUNNER used "Allow SSL (SMTP Send)", opportunistic STARTTLS). Look on the E-Mail/I-Fax page for a TLS option and a port field, and let the app confirm STARTTLS is really used.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: 'unknown',
        note: "No Canon statement was found on the TLS versions used for SMTP by non-DX firmware, nor on the firmware or platform version that added TLS 1.2. Microsoft 365 needs TLS 1.2: run the app's TLS check before relying on Option 1.",
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: {
        value: 'unknown',
        note: 'No Canon document for non-DX SMTP sending was found. (The "SMTP Authentication" in Canon\'s 2010 security white paper protects the device\'s own SMTP receive server, not sending.) Check the E-Mail/I-Fax page for SMTP authentication.',
      },
      oauthM365: {
        value: 'unknown',
        note: "No Canon document says whether non-DX firmware has OAuth 2.0 (Microsoft). Canon's OAuth pages name no model; a dealer says to update the firmware if [OAuth 2.0 (Microsoft) Settings] is missing. Look in Remote UI under Settings/Registration > Send; if it is there, follow the imageRUNNER ADVANCE DX procedure (Remote UI only).",
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'Do not assume OAuth: check Remote UI for [OAuth 2.0 (Microsoft) Settings] before planning it. If the button is missing, update the firmware first (dealer advice for Canon MFDs); no Canon document confirms the page exists on non-DX models.',
        confidence: 'low',
        sources: [SPECTRUM_KB],
      },
      {
        text: "If the OAuth page is there, Canon's procedure applies: set the date and time first (OAuth must be redone after a clock change) and sign in from Remote UI on a computer, not at the panel. Canon's pages do not name the models they cover.",
        confidence: 'low',
        sources: [CANON_OAUTH_ENAU, CANON_OAUTH_ENGB],
      },
    ],
  },
  {
    id: 'canon-imagerunner-universal-send-legacy',
    vendor: 'canon',
    vendorName: 'Canon',
    family: 'Older imageRUNNER with Universal Send Kit',
    exampleModels: ['imageRUNNER 2270', 'imageRUNNER 5570', 'imageRUNNER 3570'],
    aliases: ['imageRUNNER', 'iR', 'Universal Send Kit', 'Remote UI', 'Allow SSL (SMTP Send)'],
    webUiPath: { value: 'unknown' },
    panelPath: {
      value: [
        'Additional Functions',
        'System Settings',
        'Network Settings',
        'E-Mail/I-Fax',
        'Authnt./Encryption',
      ],
      confidence: 'medium',
      sources: [CANON_SM_DU7_MANUALSLIB, CANON_SM_DU7_ARCHIVE],
      note: 'Canon service manual DU7-1178-000: the "Allow SSL (SMTP Send)" switch is here.',
    },
    fieldNames: {
      value: { security: 'Allow SSL (SMTP Send)' },
      confidence: 'medium',
      sources: [CANON_SM_DU7_MANUALSLIB],
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'STARTTLS is used when "Allow SSL (SMTP Send)" is On and the server offers it; whether the port can be set to 587 is not documented. Check the E-Mail/I-Fax settings.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: 'unknown',
        note: 'Service-manual-era firmware; TLS 1.2 is unlikely but unconfirmed. Test with the app before relying on Option 1.',
      },
      implicitTls465Only: {
        value: false,
        confidence: 'medium',
        sources: [CANON_SM_DU7_MANUALSLIB],
        note: 'Encryption is done with the SMTP STARTTLS command, not implicit TLS.',
      },
      smtpAuth: {
        value: true,
        confidence: 'medium',
        sources: [CANON_SM_DU7_MANUALSLIB, CANON_SM_DU7_ARCHIVE],
        note: 'SMTP AUTH supported; related user error codes are #839 and #843.',
      },
      oauthM365: {
        value: 'unknown',
        note: 'No OAuth setting is documented for these models.',
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'Encryption is opportunistic: if "Allow SSL (SMTP Send)" is Off or the server does not offer STARTTLS, "the transmission packet is not encrypted". Make sure it is On.',
        confidence: 'medium',
        sources: [CANON_SM_DU7_MANUALSLIB],
      },
      {
        text: 'SMTP AUTH failures show as user error #839 or #843 on these models.',
        confidence: 'medium',
        sources: [CANON_SM_DU7_MANUALSLIB],
      },
    ],
  },
  {
    id: 'canon-imageclass-i-sensys',
    vendor: 'canon',
    vendorName: 'Canon',
    family: 'imageCLASS / i-SENSYS small-office MFPs',
    exampleModels: ['imageCLASS MF445dw', 'i-SENSYS MF443dw', 'imageCLASS MF743Cdw'],
    aliases: ['imageCLASS', 'i-SENSYS', 'Satera', 'MF series', 'Remote UI', 'RUI'],
    webUiPath: {
      value: 'unknown',
      note: 'No Canon document for this family was found. In Remote UI look under Settings/Registration for the E-Mail/I-Fax (SMTP) settings.',
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
        note: 'Look in Remote UI for "OAuth 2.0 (Microsoft) Settings"; if present, follow the same procedure as imageRUNNER ADVANCE DX.',
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [],
  },
  {
    id: 'canon-maxify-inkjet',
    vendor: 'canon',
    vendorName: 'Canon',
    family: 'MAXIFY small-office inkjet MFPs',
    exampleModels: ['MAXIFY MB2755', 'MAXIFY MB2750', 'MAXIFY MB5150'],
    aliases: ['MAXIFY', 'Maxify', 'PIXMA business', 'Remote UI'],
    webUiPath: { value: 'unknown' },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: { value: 'unknown' },
      starttls25: { value: 'unknown' },
      tls12: { value: 'unknown' },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: { value: 'unknown' },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'MAXIFY MB2755: the firmware ships a fixed root CA store, so certificate validation can fail regardless of authentication (reported unchanged after a firmware update); the reporter had to turn off certificate verification.',
        confidence: 'low',
        sources: [ZEROSMTP_DEVICES],
      },
    ],
  },
]
