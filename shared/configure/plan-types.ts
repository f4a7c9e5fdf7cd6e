/**
 * The shape of a configuration plan: its steps, the fields to type or choose in each, what each
 * field is (its key), and what the plan is built from.
 */
import type { Confidence, PrinterFamily, SmtpFieldNames } from '../catalog/types'
import type { MethodId, TriState } from '../decision/types'

/**
 * A setting on the device, named as the catalogue names it (SmtpFieldNames), so the key also
 * finds the device's own label for it.
 */
export type DeviceFieldKey = keyof SmtpFieldNames

/**
 * What a field is, whatever its label says: code finds a field by its key, never by its label
 * (labels are the device's own words, in any language).
 */
export type ConfigFieldKey =
  | DeviceFieldKey
  // A line of Exchange Online PowerShell for the tenant admin.
  | 'powershell'
  // The one SPF TXT record to publish for the domain.
  | 'spf-record'
  // The inbound connector's settings, in the order the Exchange admin center asks for them.
  | 'connector-from'
  | 'connector-to'
  | 'connector-identify-by'
  | 'connector-ip'
  // ScanPath Relay's configuration file (JSON) for the relay machine.
  | 'relay-config'
  // A command line to run on the relay machine.
  | 'relay-command'

export interface ConfigField {
  key: ConfigFieldKey
  /** The label on the device when known, else a generic one. */
  label: string
  value: string
  /**
   * Copy button: decided by the key (config-field.ts, COPYABLE): true only for text typed
   * elsewhere (host, port, addresses, PowerShell, records), never for a choice (e.g. "On") or a
   * placeholder.
   */
  copy: boolean
  hint?: string
}

export interface ConfigStep {
  id: string
  title: string
  /** Who does it: the technician at the device or at the site relay's machine, or the tenant admin. */
  who: 'device' | 'relay' | 'admin' | 'test'
  /** Where, as menu levels, with how sure the catalogue is (null: not known — look for it). */
  where: { path: string[]; confidence: Confidence; sources: string[] } | null
  text: string
  fields: ConfigField[]
  /**
   * The steps that must be done before this one (ids of earlier steps in the same plan): the
   * tenant's prerequisites of a device step, e.g. SMTP AUTH and consent before the sign-in.
   */
  needs?: string[]
}

export interface PlanInput {
  method: MethodId
  /**
   * The port the decision chose for the method (MethodAssessment.port): client submission uses
   * 25 when 587 is not possible here. Direct send and relay always use 25, HVE 587.
   */
  port: 587 | 25
  family: PrinterFamily
  domain: string
  /** The mailbox (client submission) or sender address (direct send / relay). */
  senderAddress: string
  /**
   * The tenant's Microsoft 365 MX host from DNS or the admin center (…mail.protection.outlook.com,
   * or …mx.microsoft for domains added from July 2026); null when not known. Never built from the
   * domain name.
   */
  mxHost: string | null
  publicIp: string | null
  /** The single SPF record to publish, from the SPF verdict check. */
  spfRecord: string | null
  /**
   * Whether the device does TLS 1.2, as the decision sees it (the catalogue merged with the
   * technician's answer); from the family's catalogue entry when not given.
   */
  deviceTls12?: TriState
}
