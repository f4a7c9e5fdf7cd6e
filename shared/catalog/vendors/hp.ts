import type { PrinterFamily } from '../types'

/**
 * HP families.
 *
 * No current HP document on the EWS email pages, TLS versions or OAuth was found in the sources
 * searched, so almost everything here is 'unknown' and the wizard asks on the device. Main sources:
 * - HP Digital Sending Software V4 Technical Reference (mirror): embedded send-to-email on
 *   pre-FutureSmart MFPs uses SMTP on port 25 with an anonymous connection.
 * - msgwing/ZeroSMTP `data/devices.json` (third party) summarising HP's statement
 *   support.hp.com/nz-en/document/ish_13623350-13600809-16 (HP page not read directly):
 *   OAuth 2.0 for Microsoft 365 on Enterprise/Managed printers with FutureSmart 5.7+, not on some
 *   LaserJet Pro models.
 * - JustinIven/smtp-oauth-relay issue #70: older HP printers offering only TLS 1.0/1.1.
 */

const ZEROSMTP_DEVICES = 'https://github.com/msgwing/ZeroSMTP/blob/main/data/devices.json'
const HP_DSS_V4_TECHREF =
  'https://manualshive.com/en/manual/hp/digital-sending-software-v4/165016?page=13'
const RELAY_ISSUE_OLD_HP_TLS = 'https://github.com/JustinIven/smtp-oauth-relay/issues/70'

export const HP_FAMILIES: PrinterFamily[] = [
  {
    id: 'hp-futuresmart-enterprise',
    vendor: 'hp',
    vendorName: 'HP',
    family: 'LaserJet Enterprise / Managed MFPs (FutureSmart firmware)',
    exampleModels: [
      'LaserJet Enterprise MFP M528',
      'Color LaserJet Enterprise MFP M578',
      'LaserJet Managed MFP E52645',
      'Color LaserJet Managed MFP E78330',
    ],
    aliases: [
      'FutureSmart',
      'FutureSmart 4',
      'FutureSmart 5',
      'FutureSmart 6',
      'EWS',
      'Embedded Web Server',
      'LaserJet Enterprise',
      'LaserJet Managed',
      'Color LaserJet Enterprise',
      'HP Enterprise MFP',
    ],
    webUiPath: {
      value: 'unknown',
      note: 'No HP document for the EWS email pages was found. In the EWS look for the Scan/Digital Send tab and its Email Setup / outgoing SMTP server settings, and note the exact labels.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: {
      value: 'unknown',
      note: 'Record the labels used for the SMTP server, port, SSL/TLS option and authentication on this firmware.',
    },
    capabilities: {
      starttls587: {
        value: 'unknown',
        note: 'Check whether the SMTP server dialog lets you set port 587 together with a TLS/SSL option.',
      },
      starttls25: { value: 'unknown' },
      tls12: {
        value: 'unknown',
        note: 'Check the FutureSmart version (Device Information page) and the EWS Security > TLS/cipher settings.',
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: { supported: true, fromFirmware: 'FutureSmart 5.7', signInAt: 'unknown' },
        confidence: 'low',
        sources: [ZEROSMTP_DEVICES],
        note: 'Third-party summary of HP document ish_13623350-13600809-16: "HP documents OAuth 2.0 support for Microsoft 365 Scan to Email on HP Enterprise and HP Managed printers running FutureSmart firmware 5.7 and newer." HP page not read directly; where the sign-in is done is not known.',
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [],
  },
  {
    id: 'hp-laserjet-pro-mfp',
    vendor: 'hp',
    vendorName: 'HP',
    family: 'LaserJet Pro MFPs',
    exampleModels: [
      'LaserJet Pro MFP M428fdw',
      'LaserJet Pro MFP M429fdw',
      'Color LaserJet Pro MFP M479fdw',
      'LaserJet Pro MFP 4101fdw',
      'Color LaserJet Pro MFP 4301fdw',
    ],
    aliases: [
      'LaserJet Pro',
      'Color LaserJet Pro',
      'EWS',
      'Embedded Web Server',
      'Outgoing Email Profiles',
      'Scan to Email',
    ],
    webUiPath: {
      value: 'unknown',
      note: 'No HP document found. A third-party guide names the EWS page "Outgoing Email Profiles" (Scan to Email set-up); verify the tab it sits under on the device.',
    },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: { value: 'unknown' },
      starttls25: { value: 'unknown' },
      tls12: { value: 'unknown', note: 'Check the firmware date and release notes.' },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: { supported: false, fromFirmware: null, signInAt: 'unknown' },
        confidence: 'low',
        sources: [ZEROSMTP_DEVICES],
        note: 'Third-party summary of HP document ish_13623350-13600809-16: "HP also states that certain LaserJet Pro models, including the M478-M479 and M428-M429f, do not support OAuth 2.0." Other Pro models (e.g. 4101/4301) were not covered: check.',
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'On the M428-M429f and M478-M479, no OAuth 2.0 is offered (per a third-party summary of HP): once Basic auth is off for the tenant, plan direct send or a connector relay on port 25 instead of smtp.office365.com.',
        confidence: 'low',
        sources: [ZEROSMTP_DEVICES],
      },
    ],
  },
  {
    id: 'hp-officejet-pro',
    vendor: 'hp',
    vendorName: 'HP',
    family: 'OfficeJet Pro inkjet MFPs',
    exampleModels: ['OfficeJet Pro 9015', 'OfficeJet Pro 9025', 'OfficeJet Pro 9730'],
    aliases: ['OfficeJet Pro', 'OfficeJet', 'EWS', 'Embedded Web Server', 'Scan to Email'],
    webUiPath: {
      value: 'unknown',
      note: 'No HP document found. Look in the EWS for Scan to Email / outgoing email profile settings.',
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
        note: "Not covered by HP's statement as summarised by third parties; check HP support for the model.",
      },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [],
  },
  {
    id: 'hp-legacy-mfp-pre-futuresmart',
    vendor: 'hp',
    vendorName: 'HP',
    family: 'Older LaserJet MFPs (pre-FutureSmart, HP Digital Sending Software era)',
    exampleModels: ['LaserJet 4345 MFP', 'Color LaserJet CM4730 MFP', '9200c Digital Sender'],
    aliases: ['HP DSS', 'Digital Sending Software', 'Digital Sender', 'EWS', 'legacy LaserJet MFP'],
    webUiPath: { value: 'unknown' },
    panelPath: { value: 'unknown' },
    fieldNames: { value: 'unknown' },
    capabilities: {
      starttls587: { value: 'unknown' },
      starttls25: { value: 'unknown' },
      tls12: {
        value: 'unknown',
        note: 'Likely to fail against Microsoft 365 (TLS 1.2+). See pitfalls.',
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: {
        value: false,
        confidence: 'medium',
        sources: [HP_DSS_V4_TECHREF],
        note: 'HP DSS V4 Technical Reference: with embedded send-to-e-mail "the MFP uses an \'anonymous\' connection to the SMTP gateway", by default on TCP port 25; authenticated SMTP came with the DSS 4.3 server, not the MFP. Later firmware may differ.',
      },
      oauthM365: { value: 'unknown' },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'Embedded send-to-email on these MFPs connects anonymously on port 25, so Microsoft 365 SMTP AUTH (Option 1) is not possible: use direct send to the tenant MX or a connector relay.',
        confidence: 'medium',
        sources: [HP_DSS_V4_TECHREF],
      },
      {
        text: 'Some older HP printers try TLS 1.0/1.1 first and fail against a TLS 1.2-only server; switching TLS off on the server side did not help because the printer still attempted TLS.',
        confidence: 'low',
        sources: [RELAY_ISSUE_OLD_HP_TLS],
      },
    ],
  },
]
