/**
 * Identifies a printer by IP: IPP and SNMP asked in parallel (either may be disabled on a given
 * device), the best make-and-model string matched to the catalogue. The result only preselects a
 * family; the technician confirms it.
 */
import { CATALOG } from '../../shared/catalog'
import { matchCatalog, splitMakeAndModel } from '../../shared/catalog/match'
import type {
  CatalogMatch,
  DiscoveryMiss,
  IppAttributesResult,
  PrinterIdentity,
  SnmpGetResult,
} from '../../shared/discovery-types'
import { ippPrinterAttributes } from './ipp'
import { OID_HR_DEVICE_DESCR, OID_SYS_DESCR, snmpGet } from './snmp'

export interface IdentifyPrinterOptions {
  host: string
  ippPort?: number
  ippPath?: string
  snmpPort?: number
  community?: string
  /** Per source; both run at once, so the whole call takes about this long at most. */
  timeoutMs?: number
}

/** IEEE 1284 device id ("MFG:HP;MDL:LaserJet M528;CMD:PWG;") → its MFG and MDL keys. */
export function parseDeviceId(deviceId: string): { make: string | null; model: string | null } {
  const fields = new Map<string, string>()
  for (const part of deviceId.split(';')) {
    const i = part.indexOf(':')
    if (i > 0) fields.set(part.slice(0, i).trim().toUpperCase(), part.slice(i + 1).trim())
  }
  const pick = (...keys: string[]) => keys.map((k) => fields.get(k)).find((v) => v) ?? null
  return { make: pick('MFG', 'MANUFACTURER'), model: pick('MDL', 'MODEL') }
}

function snmpValue(result: SnmpGetResult | undefined, oid: string): string | null {
  if (!result?.ok) return null
  const v = result.varbinds.find((vb) => vb.oid === oid)?.value?.trim()
  return v ? v : null
}

function crashMiss(source: string, err: unknown): DiscoveryMiss {
  // Belt and braces: the source functions do not throw, but discovery must never take the app down.
  return {
    ok: false,
    failure: 'malformed',
    message: `${source} query failed unexpectedly: ${(err as Error)?.message ?? String(err)}.`,
    durationMs: 0,
  }
}

export async function identifyPrinter(opts: IdentifyPrinterOptions): Promise<PrinterIdentity> {
  const { host, timeoutMs = 3000 } = opts
  const [ipp, snmp] = await Promise.all([
    ippPrinterAttributes({
      host,
      port: opts.ippPort ?? 631,
      path: opts.ippPath ?? '/ipp/print',
      timeoutMs,
    }).catch((err: unknown): IppAttributesResult => crashMiss('IPP', err)),
    snmpGet({
      host,
      port: opts.snmpPort ?? 161,
      community: opts.community ?? 'public',
      oids: [OID_SYS_DESCR, OID_HR_DEVICE_DESCR],
      timeoutMs,
    }).catch((err: unknown): SnmpGetResult => crashMiss('SNMP', err)),
  ])

  const ippMakeAndModel = ipp.ok ? ipp.makeAndModel : null
  const deviceId = ipp.ok && ipp.deviceId ? parseDeviceId(ipp.deviceId) : null
  const deviceIdText =
    deviceId?.model != null
      ? deviceId.make && !deviceId.model.toLowerCase().startsWith(deviceId.make.toLowerCase())
        ? `${deviceId.make} ${deviceId.model}`
        : deviceId.model
      : null
  const hrDeviceDescr = snmpValue(snmp, OID_HR_DEVICE_DESCR)
  const sysDescr = snmpValue(snmp, OID_SYS_DESCR)

  // IPP's make-and-model is meant for exactly this; SNMP descriptions often add firmware noise.
  const candidates = [ippMakeAndModel, deviceIdText, hrDeviceDescr, sysDescr].filter(
    (s): s is string => s !== null && s !== '',
  )
  const makeAndModel = candidates[0] ?? null

  let catalogMatches: CatalogMatch[] = []
  for (const text of candidates) {
    catalogMatches = matchCatalog(text)
    if (catalogMatches.length > 0) break
  }

  let make: string | null = null
  let model: string | null = null
  if (makeAndModel !== null) {
    const split = splitMakeAndModel(makeAndModel)
    make = split.make ?? deviceId?.make ?? null
    model = split.model
  }

  const firmware = ipp.ok ? ipp.firmware : null
  return {
    host,
    make,
    model,
    makeAndModel,
    firmware,
    sources: { ipp, snmp },
    catalogMatches,
    summary: summarize(host, makeAndModel, ipp, snmp, catalogMatches),
  }
}

function summarize(
  host: string,
  makeAndModel: string | null,
  ipp: IppAttributesResult,
  snmp: SnmpGetResult,
  matches: CatalogMatch[],
): string {
  if (makeAndModel === null) {
    if (!ipp.ok && !snmp.ok) {
      return `${host} did not identify itself: IPP — ${ipp.message} SNMP — ${snmp.message} Pick the model by hand.`
    }
    return `${host} answered but did not report a make or model; pick the model by hand.`
  }
  const via = [ipp.ok ? 'IPP' : null, snmp.ok ? 'SNMP' : null].filter(Boolean).join(' and ')
  const top = matches[0]
  const family = top ? CATALOG.find((f) => f.id === top.familyId) : undefined
  const name = family ? `${family.vendorName} ${family.family}` : top?.familyId
  const match = top
    ? ` Closest catalogue family: ${name} (${top.why.join(', ')}); confirm it on the device.`
    : ' No catalogue family fits; pick the closest one or the generic device.'
  return `${host} reports "${makeAndModel}" (via ${via}).${match}`
}
