/**
 * Turning what ScanPath knows into decision inputs: the site checks' report into SiteFacts, and a
 * catalogue family (or the technician's answers for an unlisted device) into DeviceCapabilities.
 */
import { isKnown, type Fact, type PrinterFamily } from '../catalog/types'
import type {
  DiagnoseReport,
  ProbeResult,
  PublicIpData,
  SmtpSessionData,
  SpfVerdictData,
  BlocklistData,
  DnsMxData,
  TcpReachData,
} from '../probe-types'
import type { DeviceCapabilities, SiteFacts, TriState } from './types'

function byId(report: DiagnoseReport | null, id: string): ProbeResult | undefined {
  return report?.checks.find((c) => c.id === id)
}

function port(r: ProbeResult | undefined): SiteFacts['port587'] {
  const d = r?.data as TcpReachData | null | undefined
  if (!d || r?.status === 'skip') return 'unknown'
  if (d.outcome === 'open') return 'open'
  if (d.outcome === 'timeout' || d.outcome === 'refused' || d.outcome === 'no-greeting')
    return 'blocked'
  return 'unknown'
}

export function siteFactsFromReport(report: DiagnoseReport | null): SiteFacts {
  const starttls = byId(report, 'starttls-submission')
  const tls = starttls?.data as SmtpSessionData | null | undefined
  const ip = byId(report, 'public-ip')
  const ipData = ip?.data as PublicIpData | null | undefined
  const v4 = ipData?.v4
  const spf = byId(report, 'spf-verdict')
  const spfData = spf?.data as SpfVerdictData | null | undefined
  const bl = byId(report, 'blocklists')
  const blData = bl?.data as BlocklistData | null | undefined
  const mx = byId(report, 'dns-mx')
  const mxData = mx?.data as DnsMxData | null | undefined

  const port25 = [port(byId(report, 'reach-mx')), port(byId(report, 'reach-submission-smtp'))]
  const consensus = v4?.consensus ?? ipData?.v6.consensus ?? null
  const family = v4?.consensus ? v4 : ipData?.v6
  return {
    port587: port(byId(report, 'reach-submission')),
    port25: port25.includes('open') ? 'open' : port25.includes('blocked') ? 'blocked' : 'unknown',
    starttls:
      !tls || starttls?.status === 'skip'
        ? 'unknown'
        : tls.failure === null && tls.tls?.verified
          ? 'ok'
          : tls.failure?.phase === 'connect'
            ? 'unknown'
            : 'failed',
    publicIp: consensus,
    publicIpStatic: !family?.consensus
      ? 'unknown'
      : family.unsuitable || family.looksDynamic
        ? 'no'
        : 'unknown',
    spf:
      !spfData || spfData.results.length === 0
        ? 'unknown'
        : spfData.results.every((r) => r.result === 'pass')
          ? 'pass'
          : 'not-pass',
    mxIsMicrosoft:
      !mxData || mxData.records.length === 0
        ? 'unknown'
        : mxData.records[0]?.kind === 'microsoft-365'
          ? 'yes'
          : 'no',
    blocklisted:
      !blData || blData.results.length === 0
        ? 'unknown'
        : blData.results.some((r) => r.state === 'listed')
          ? 'yes'
          : blData.results.every((r) => r.state === 'not-listed')
            ? 'no'
            : 'unknown',
  }
}

function tri(fact: Fact<boolean>): TriState {
  return isKnown(fact) ? (fact.value ? 'yes' : 'no') : 'unknown'
}

function triSupported(fact: Fact<{ supported: boolean }>): TriState {
  return isKnown(fact) ? (fact.value.supported ? 'yes' : 'no') : 'unknown'
}

export function capabilitiesFromFamily(f: PrinterFamily): DeviceCapabilities {
  return {
    starttls587: tri(f.capabilities.starttls587),
    starttls25: tri(f.capabilities.starttls25),
    tls12: triSupported(f.capabilities.tls12),
    implicitTls465Only: tri(f.capabilities.implicitTls465Only),
    smtpAuth: tri(f.capabilities.smtpAuth),
    oauthM365: triSupported(f.capabilities.oauthM365),
  }
}

/** The technician's answers override the catalogue, fact by fact, where they gave one. */
export function mergeCapabilities(
  base: DeviceCapabilities,
  answers: Partial<DeviceCapabilities>,
): DeviceCapabilities {
  const out = { ...base }
  for (const key of Object.keys(base) as Array<keyof DeviceCapabilities>) {
    const v = answers[key]
    if (v && v !== 'unknown') out[key] = v
  }
  return out
}
