/**
 * What every plan does at the device: open its email settings, type each setting under the
 * device's own label (from the catalogue, else a generic one), heed its pitfalls, send a test.
 */
import { isKnown, type Pitfall, type PrinterFamily } from '../catalog/types'
import { capabilitiesFromFamily } from '../decision/facts'
import type { TriState } from '../decision/types'
import { configField } from './config-field'
import type { ConfigField, ConfigStep, DeviceFieldKey, PlanInput } from './plan-types'

/** The label of each device setting where the catalogue does not know the device's own. */
export const GENERIC_LABELS: Record<DeviceFieldKey, string> = {
  server: 'SMTP server',
  port: 'Port',
  security: 'Security',
  authentication: 'SMTP authentication',
  username: 'User name',
  password: 'Password',
  fromAddress: 'From address',
}

/** The address the device sends as: the one typed in the job, else a placeholder in the domain. */
export function senderOf(i: PlanInput): string {
  return i.senderAddress || `scanner@${i.domain}`
}

/** Whether the device does TLS 1.2: as the job says, else as the catalogue says. */
export function deviceTls12(i: PlanInput): TriState {
  return i.deviceTls12 ?? capabilitiesFromFamily(i.family).tls12
}

/**
 * A setting on the device, labelled as the device labels it when the catalogue knows; its Copy
 * button follows its key (config-field.ts).
 */
export function deviceField(
  key: DeviceFieldKey,
  f: PrinterFamily,
  value: string,
  opts: { hint?: string; placeholder?: boolean } = {},
): ConfigField {
  const label = (isKnown(f.fieldNames) ? f.fieldNames.value[key] : undefined) ?? GENERIC_LABELS[key]
  return configField(key, label, value, opts)
}

export function openSettingsStep(f: PrinterFamily): ConfigStep {
  const where = isKnown(f.webUiPath)
    ? { path: f.webUiPath.value, confidence: f.webUiPath.confidence, sources: f.webUiPath.sources }
    : null
  const panel = isKnown(f.panelPath) ? ` On the panel: ${f.panelPath.value.join(' > ')}.` : ''
  return {
    id: 'open-settings',
    title: "Open the device's email (SMTP) settings",
    who: 'device',
    where,
    text: where
      ? `In the device's web page (browse to its IP address), go to ${where.path.join(' > ')}.${panel}`
      : `Where ${f.vendorName} ${f.family} keeps its SMTP settings is not in the catalogue: in the device's web page look for Email, SMTP, Scan to Email or Network > Email.${panel}`,
    fields: [],
  }
}

/** A pitfall about consenting to the vendor's app: it concerns the OAuth sign-in only. */
export function isConsentPitfall(p: Pitfall): boolean {
  return /\bconsent/i.test(p.text)
}

/**
 * The family's known pitfalls as one step, or none. Consent pitfalls are left out: an OAuth plan
 * says them in its consent step (with their sources), and no other method signs in through the
 * vendor's app.
 */
export function pitfallSteps(f: PrinterFamily): ConfigStep[] {
  const pitfalls = f.pitfalls.filter((p) => !isConsentPitfall(p))
  if (pitfalls.length === 0) return []
  return [
    {
      id: 'pitfalls',
      title: `Known pitfalls of ${f.vendorName} ${f.family}`,
      who: 'device',
      where: null,
      text: pitfalls.map((p) => `• ${p.text}`).join('\n'),
      fields: [],
    },
  ]
}

/** The last step of every plan. */
export function testSendStep(): ConfigStep {
  return {
    id: 'test-send',
    title: 'Send a test from the device',
    who: 'test',
    where: null,
    text: 'Scan a page to an internal address and check it arrives (and is not in junk). If the device shows an error code, note it: the Verify step explains Exchange Online replies.',
    fields: [],
  }
}
