/**
 * What every plan does at the device: open its email settings, type each setting under the
 * device's own label (from the catalogue, else a generic one), heed its pitfalls, send a test.
 */
import { isKnown, type PrinterFamily } from '../catalog/types'
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

/** A setting on the device, labelled as the device labels it when the catalogue knows. */
export function deviceField(
  key: DeviceFieldKey,
  f: PrinterFamily,
  value: string,
  copy = true,
  hint?: string,
): ConfigField {
  const label = (isKnown(f.fieldNames) ? f.fieldNames.value[key] : undefined) ?? GENERIC_LABELS[key]
  return { key, label, value, copy, ...(hint ? { hint } : {}) }
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

/** The family's known pitfalls as one step, or none. */
export function pitfallSteps(f: PrinterFamily): ConfigStep[] {
  if (f.pitfalls.length === 0) return []
  return [
    {
      id: 'pitfalls',
      title: `Known pitfalls of ${f.vendorName} ${f.family}`,
      who: 'device',
      where: null,
      text: f.pitfalls.map((p) => `• ${p.text}`).join('\n'),
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
