/**
 * The plans that sign in to send: client submission to smtp.office365.com (OAuth or password)
 * and High Volume Email, each with the device settings, the sign-in and the admin's part.
 */
import { isKnown, type PrinterFamily } from '../catalog/types'
import { basicAuthStep, consentStep, hveAccountStep, smtpAuthStep } from './admin-steps'
import { deviceField, deviceTls12, openSettingsStep, pitfallSteps, senderOf } from './device-steps'
import type { ConfigStep, PlanInput } from './plan-types'

/** Where client submission and High Volume Email send (the MX-endpoint plans use the tenant's MX). */
export const OFFICE_365_SMTP = 'smtp.office365.com'
export const HVE_SMTP = 'smtp.hve.mx.microsoft'

function smtpServerStep(
  i: PlanInput,
  server: string,
  port: number,
  oauth: boolean,
  needs: string[],
): ConfigStep {
  const f = i.family
  // docs/microsoft-365-facts.md, "TLS 1.0 and 1.1": smtp.office365.com requires TLS 1.2.
  const noTls12 =
    deviceTls12(i) === 'no'
      ? ' This device is recorded without TLS 1.2, which Microsoft 365 requires here ("421 4.7.66"): update its firmware first.'
      : ''
  return {
    id: 'smtp-server',
    title: 'Enter the SMTP server',
    who: 'device',
    where: null,
    // [MS option 1 settings table]: server smtp.office365.com, "Port 587 (recommended) or port 25", TLS/StartTLS enabled.
    text: 'Use the host name, never an IP address: Microsoft 365 does not support connecting by IP.',
    needs,
    fields: [
      deviceField('server', f, server),
      deviceField('port', f, String(port), {
        hint:
          port === 25
            ? 'Microsoft accepts submission on 587 (recommended) or 25; 587 is not possible here, so the device uses 25.'
            : undefined,
      }),
      deviceField('security', f, 'STARTTLS (TLS)', {
        hint: `Not "SSL/TLS" on 465: that is implicit TLS, which Microsoft 365 submission does not offer. STARTTLS on port ${port}.${noTls12}`,
      }),
      deviceField('authentication', f, oauth ? 'OAuth 2.0 (Microsoft 365)' : 'On'),
      deviceField('username', f, senderOf(i), {
        hint: 'The full address of the mailbox the device signs in as.',
      }),
      ...(oauth
        ? []
        : [
            deviceField('password', f, "The mailbox's password", {
              hint: 'Type it on the device; ScanPath never shows or stores it here.',
            }),
          ]),
      deviceField('fromAddress', f, senderOf(i), {
        hint: 'The same mailbox: Microsoft 365 refuses other From addresses unless Send As is granted (550 5.7.60).',
      }),
    ],
  }
}

function oauthSignInStep(i: PlanInput, f: PrinterFamily): ConfigStep {
  const o = f.capabilities.oauthM365
  const at =
    isKnown(o) && o.value.signInAt !== 'unknown'
      ? ` (${o.value.signInAt === 'panel' ? 'on the control panel' : o.value.signInAt === 'web-ui' ? "in the device's web page" : 'on the panel or in the web page'})`
      : ''
  return {
    id: 'oauth-sign-in',
    title: 'Sign in to Microsoft 365 on the device',
    who: 'device',
    where: null,
    text: `Start the Microsoft 365 / OAuth sign-in${at} and sign in as ${i.senderAddress || 'the mailbox'}; complete MFA if asked. The device then keeps a refresh token instead of a password.`,
    // The sign-in sends through SMTP AUTH and asks for consent to the vendor's app.
    needs: ['admin-smtp-auth', 'admin-oauth-consent'],
    fields: [],
  }
}

/**
 * Client submission to smtp.office365.com, signing in with OAuth or with the mailbox password:
 * the tenant's prerequisites first (SMTP AUTH for the mailbox; consent to the vendor's app, or
 * Basic allowed), then the device.
 */
export function clientSubmissionPlan(i: PlanInput, oauth: boolean): ConfigStep[] {
  const f = i.family
  if (oauth)
    return [
      smtpAuthStep(i),
      consentStep(f),
      openSettingsStep(f),
      smtpServerStep(i, OFFICE_365_SMTP, i.port, true, ['admin-smtp-auth']),
      oauthSignInStep(i, f),
      ...pitfallSteps(f),
    ]
  return [
    smtpAuthStep(i),
    basicAuthStep(),
    openSettingsStep(f),
    smtpServerStep(i, OFFICE_365_SMTP, i.port, false, ['admin-smtp-auth', 'admin-basic-auth']),
    ...pitfallSteps(f),
  ]
}

/**
 * High Volume Email: the admin's HVE account, then the device signs in with a password to
 * smtp.hve.mx.microsoft on 587 (HVE documents 587 only: docs/microsoft-365-facts.md, "High
 * Volume Email"); no per-mailbox SMTP AUTH switch.
 */
export function highVolumeEmailPlan(i: PlanInput): ConfigStep[] {
  const f = i.family
  return [
    hveAccountStep(),
    openSettingsStep(f),
    smtpServerStep(i, HVE_SMTP, 587, false, ['admin-hve']),
    ...pitfallSteps(f),
  ]
}
