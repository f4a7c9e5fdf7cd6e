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
 * - HP white paper "Secure by Default Initiative" (FutureSmart 4.5, mirrors): TLS 1.0/1.1 no longer
 *   recommended in the EWS, TLS 1.2 the protocol to keep.
 * - docker-mailserver issue #1145: an older LaserJet Pro 200 color MFP M276n offering only SSLv3.
 */

import { derivedTls12Note, MS_SMTP_AUTH_TLS12 } from './microsoft'

const ZEROSMTP_DEVICES = 'https://github.com/msgwing/ZeroSMTP/blob/main/data/devices.json'
const ZEROSMTP_COMPAT = 'https://github.com/msgwing/ZeroSMTP/blob/main/docs/DEVICE-COMPATIBILITY.md'
/** HP's own statement on OAuth 2.0 for Microsoft 365, as linked by ZeroSMTP (not read directly). */
const HP_OAUTH_DOC = 'https://support.hp.com/nz-en/document/ish_13623350-13600809-16'
const HP_SECURE_BY_DEFAULT_WP =
  'http://38.142.81.21:8001/manual/hp/ce708a/hp-laserjet-hp-pagewide-secure-by-default-initiative-white-paper-english/page-5.html'
const HP_SECURE_BY_DEFAULT_WP_DOCSLIB =
  'https://docslib.org/doc/4301371/secure-by-default-initiative-device-settings-and-features'
const MAILSERVER_ISSUE_M276N_SSLV3 =
  'https://github.com/docker-mailserver/docker-mailserver/issues/1145'
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
        value: { supported: true, fromFirmware: null },
        confidence: 'low',
        sources: [
          HP_SECURE_BY_DEFAULT_WP,
          HP_SECURE_BY_DEFAULT_WP_DOCSLIB,
          HP_OAUTH_DOC,
          ZEROSMTP_COMPAT,
          MS_SMTP_AUTH_TLS12,
        ],
        note:
          'HP\'s "Secure by Default" white paper (FutureSmart 4.5, read through mirrors) has the EWS ' +
          'keep TLS 1.2 and calls TLS 1.0/1.1 no longer recommended; it speaks of the EWS (server ' +
          'side), not of the SMTP client. ' +
          derivedTls12Note(
            "HP's OAuth statement (FutureSmart 5.7+, known only from a third-party summary)",
          ) +
          ' Check the FutureSmart version on the Device Information page.',
      },
      implicitTls465Only: { value: 'unknown' },
      smtpAuth: { value: 'unknown' },
      oauthM365: {
        value: { supported: true, fromFirmware: 'FutureSmart 5.7', signInAt: 'unknown' },
        confidence: 'low',
        sources: [HP_OAUTH_DOC, ZEROSMTP_COMPAT, ZEROSMTP_DEVICES],
        note: 'HP document ish_13623350-13600809-16 as summarised by a third party (ZeroSMTP\'s compatibility list, which links it): "HP documents OAuth 2.0 support for Microsoft 365 Scan to Email on HP Enterprise and HP Managed printers running FutureSmart firmware 5.7 and newer." The HP page itself was not read; where the sign-in is done is not known.',
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
        sources: [HP_OAUTH_DOC, ZEROSMTP_COMPAT, ZEROSMTP_DEVICES],
        note: 'HP document ish_13623350-13600809-16 as summarised by a third party (not read directly): "HP also states that certain LaserJet Pro models, including the M478-M479 and M428-M429f, do not support OAuth 2.0." Other Pro models (e.g. 4101/4301) were not covered: check.',
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
        sources: [HP_OAUTH_DOC, ZEROSMTP_COMPAT],
      },
      {
        text: 'Older LaserJet Pro generations may not speak TLS 1.2 at all: an older LaserJet Pro 200 color MFP M276n was reported to offer only SSLv3 to a mail server. Run the TLS check before relying on smtp.office365.com.',
        confidence: 'low',
        sources: [MAILSERVER_ISSUE_M276N_SSLV3],
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
        confidence: 'low',
        sources: [HP_DSS_V4_TECHREF],
        note: "Only source: a mirror of the HP Digital Sending Software V4 Technical Reference, a document about the DSS server software, which says that with embedded send-to-e-mail \"the MFP uses an 'anonymous' connection to the SMTP gateway\", by default on TCP port 25, and that authenticated SMTP came with the DSS 4.3 server. It does not list the MFP models or firmware it describes, and later MFP firmware may have added SMTP authentication: look for an authentication option on the device's e-mail page.",
      },
      oauthM365: { value: 'unknown' },
    },
    limits: {
      passwordMaxLength: { value: 'unknown' },
      attachmentMaxMb: { value: 'unknown' },
    },
    pitfalls: [
      {
        text: 'Embedded send-to-email on these MFPs is described (HP DSS V4 Technical Reference, via a mirror) as connecting anonymously on port 25; if the device shows no SMTP authentication option, Microsoft 365 SMTP AUTH (Option 1) is not possible: use direct send to the tenant MX or a connector relay.',
        confidence: 'low',
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
