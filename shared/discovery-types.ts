/**
 * Printer discovery results (issue 7). Plain data: it crosses IPC and may go into the job report,
 * so nothing here holds a socket, a Buffer or an Error.
 */

/** Why a source gave no identity. `no-answer` covers a silent UDP agent, where "refused" and "timed out" cannot be told apart reliably. */
export type DiscoveryFailure =
  | 'timeout'
  | 'refused'
  | 'unreachable'
  | 'no-answer'
  | 'http-error'
  | 'ipp-error'
  | 'snmp-error'
  | 'malformed'

export interface IppAttributesAnswer {
  ok: true
  /** e.g. `http://127.0.0.1:631/ipp/print`; what was actually asked. */
  url: string
  /** IPP status code of the answer (0x0000 successful-ok, 0x0001/0x0002 also fine). */
  statusCode: number
  /** Every attribute of the printer group, values as text (multi-valued ones in order). */
  attributes: Record<string, string[]>
  makeAndModel: string | null
  firmware: string | null
  deviceId: string | null
  info: string | null
  durationMs: number
}

export interface DiscoveryMiss {
  ok: false
  failure: DiscoveryFailure
  /** One sentence a technician can act on. */
  message: string
  durationMs: number
}

export type IppAttributesResult = IppAttributesAnswer | DiscoveryMiss

export interface SnmpVarbind {
  oid: string
  /** Text for strings, decimal for integers, dotted for OIDs, null for noSuchObject/noSuchInstance/endOfMibView. */
  value: string | null
  /** ASN.1/SNMP type name, e.g. `OCTET STRING`, `INTEGER`, `noSuchInstance`. */
  type: string
}

export interface SnmpGetAnswer {
  ok: true
  errorStatus: number
  errorIndex: number
  varbinds: SnmpVarbind[]
  durationMs: number
}

export type SnmpGetResult = SnmpGetAnswer | DiscoveryMiss

export interface CatalogMatch {
  familyId: string
  /** Higher is better; only comparable within one match list. */
  score: number
  /** What matched, for the technician ("vendor HP", "example model LaserJet Enterprise MFP M528"). */
  why: string[]
}

export interface PrinterIdentity {
  host: string
  make: string | null
  model: string | null
  /** Make and model as one string, as the device reported it (IPP first, then SNMP). */
  makeAndModel: string | null
  firmware: string | null
  sources: {
    ipp?: IppAttributesResult
    snmp?: SnmpGetResult
  }
  /** Best first; empty when nothing in the catalogue fits. The technician confirms the preselection. */
  catalogMatches: CatalogMatch[]
  /** One sentence: what was found, or why nothing was. */
  summary: string
}

/** DNS-SD service types ScanPath asks for; a printer usually advertises several. */
export type DnsSdService = 'ipp' | 'ipps' | 'pdl-datastream' | 'printer'

/** One device found by DNS-SD browsing, its services merged by host. */
export interface DnsSdPrinter {
  /** The service instance name the device advertises, e.g. `Brother MFC-L8900CDW series`. */
  name: string
  /** SRV target, e.g. `BRN3C2AF4.local`; null when the device never answered the SRV question. */
  host: string | null
  /** IPv4 addresses: from A records, else the address the answer came from. */
  addresses: string[]
  services: Array<{ service: DnsSdService; port: number | null }>
  /** TXT `ty`, else `usb_MFG` + `usb_MDL` (the IPP Everywhere / Bonjour Printing keys). */
  makeAndModel: string | null
  /** TXT `product`, without its parentheses. */
  product: string | null
  /** TXT `adminurl`: the device's web page as it advertises it. Shown as text, never opened. */
  adminUrl: string | null
  /** The address the mDNS answer came from. */
  answeredFrom: string
  /** The laptop's address the question was asked on. */
  askedOn: string
  catalogMatches: CatalogMatch[]
}

export interface DnsSdBrowseResult {
  printers: DnsSdPrinter[]
  /** The laptop addresses asked on (one per local IPv4 network). */
  askedOn: string[]
  durationMs: number
  /** Per-interface problems (could not bind or send) and skipped malformed answers, one sentence each. */
  problems: string[]
  summary: string
}
