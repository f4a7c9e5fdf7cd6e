/**
 * One field of a plan, and whether it gets a Copy button: decided by what the field is (its key),
 * so only text someone types elsewhere is copyable, never a choice like "On" or "OAuth 2.0".
 */
import type { ConfigField, ConfigFieldKey } from './plan-types'

/**
 * Per key: true for text typed into a device, a console or a DNS host (host, port, addresses,
 * PowerShell, records); false for a choice picked from a list or a description.
 */
export const COPYABLE: Readonly<Record<ConfigFieldKey, boolean>> = {
  server: true,
  port: true,
  security: false,
  authentication: false,
  username: true,
  password: false,
  fromAddress: true,
  powershell: true,
  'spf-record': true,
  'connector-from': false,
  'connector-to': false,
  'connector-identify-by': false,
  'connector-ip': true,
  'relay-config': true,
  'relay-command': true,
}

/**
 * A field whose Copy button follows its key; a placeholder (a value not known yet, described in
 * words) is never copyable, whatever its key.
 */
export function configField(
  key: ConfigFieldKey,
  label: string,
  value: string,
  opts: { hint?: string; placeholder?: boolean } = {},
): ConfigField {
  return {
    key,
    label,
    value,
    copy: COPYABLE[key] && !opts.placeholder,
    ...(opts.hint ? { hint: opts.hint } : {}),
  }
}
