/**
 * Turning what ScanPath knows into decision inputs: the site checks' report into SiteFacts, and a
 * catalogue family (or the technician's answers for an unlisted device) into DeviceCapabilities.
 */
import { isKnown, type Fact, type PrinterFamily } from '../catalog/types'
import { displayText } from '../display-text'
import { checkResult } from '../check-results'
import type { CheckResultOf, DiagnoseReport } from '../probe-types'
import { isMicrosoftMx } from './mx-host'
import type { DeviceCapabilities, DeviceHints, SiteFacts, TriState, WeakDeviceFact } from './types'

type PortCheckId = 'reach-submission' | 'reach-submission-smtp' | 'reach-mx'

function port(r: CheckResultOf<PortCheckId> | undefined): SiteFacts['port587'] {
  const d = r?.data
  if (!d || r.status === 'skip') return 'unknown'
  if (d.outcome === 'open') return 'open'
  if (d.outcome === 'timeout' || d.outcome === 'refused' || d.outcome === 'no-greeting')
    return 'blocked'
  return 'unknown'
}

/**
 * Reverse names like `dsl-203-0-113-7.dynamic.example.net` often mark address pools. Only a
 * hint: ISPs name static lines in the same generic way (the address spelled out alone means
 * nothing), and `static` or `fixed` in the name says the opposite. The technician's answer wins.
 */
export function reverseNameLooksDynamic(name: string): boolean {
  const n = name.toLowerCase()
  const word = (w: string) => new RegExp(`(^|[.\\d-])(${w})([.\\d-]|$)`).test(n)
  if (word('static|fixed')) return false
  return word(
    'dyn|dynamic|dhcp|pool|dsl|adsl|cable|broadband|ppp|pppoe|dial|dialup|cust|customer|res|residential|home|client',
  )
}

export function siteFactsFromReport(report: DiagnoseReport | null): SiteFacts {
  const starttls = checkResult(report, 'starttls-submission')
  const tls = starttls?.data
  const ipData = checkResult(report, 'public-ip')?.data
  const v4 = ipData?.v4
  const spfData = checkResult(report, 'spf-verdict')?.data
  const blData = checkResult(report, 'blocklists')?.data
  const mxData = checkResult(report, 'dns-mx')?.data

  const port25 = [
    port(checkResult(report, 'reach-mx')),
    port(checkResult(report, 'reach-submission-smtp')),
  ]
  const consensus = v4?.consensus ?? ipData?.v6.consensus ?? null
  const family = v4?.consensus ? v4 : ipData?.v6
  const notStatic: SiteFacts['publicIpNotStatic'] = !family?.consensus
    ? null
    : family.unsuitable
      ? 'private-or-cgnat'
      : family.distinct.length > 1
        ? 'sources-disagree'
        : null
  // A name from DNS, quoted in the decision's words and the question's hint: as it is shown.
  const dynamicName =
    family?.consensus && !notStatic
      ? family.reverseDns.find((n) => reverseNameLooksDynamic(n))
      : undefined
  return {
    port587: port(checkResult(report, 'reach-submission')),
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
    // Only what was measured says "not static": a private or carrier-grade NAT address, or
    // sources that disagree. A reverse name is a hint for the question (publicIpDynamicName).
    publicIpStatic: notStatic ? 'no' : 'unknown',
    publicIpNotStatic: notStatic,
    publicIpDynamicName: dynamicName === undefined ? null : displayText(dynamicName),
    spf:
      !spfData || spfData.results.length === 0
        ? 'unknown'
        : spfData.results.every((r) => r.result === 'pass')
          ? 'pass'
          : 'not-pass',
    // Classified again by name: reports saved before the mx.microsoft names (July 2026) called them "other".
    mxIsMicrosoft:
      !mxData || mxData.records.length === 0
        ? 'unknown'
        : mxData.records[0]?.kind === 'microsoft-365' ||
            isMicrosoftMx(mxData.records[0]?.exchange ?? '')
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

function weak(fact: Fact<unknown>): WeakDeviceFact | null {
  if (!isKnown(fact) || fact.confidence !== 'low') return null
  return { confidence: fact.confidence, sources: fact.sources, note: fact.note ?? null }
}

/**
 * What the catalogue adds for the decision: its low-confidence capabilities (which the rules
 * never let decide alone), minus those the technician answered, and the OAuth firmware floor.
 */
export function deviceHints(f: PrinterFamily, answers: Partial<DeviceCapabilities>): DeviceHints {
  const c = f.capabilities
  const facts: Record<keyof DeviceCapabilities, Fact<unknown>> = c
  const weakFacts: DeviceHints['weak'] = {}
  for (const key of Object.keys(facts) as Array<keyof DeviceCapabilities>) {
    const answered = answers[key]
    if (answered && answered !== 'unknown') continue
    const w = weak(facts[key])
    if (w) weakFacts[key] = w
  }
  const o = c.oauthM365
  return {
    weak: weakFacts,
    oauthFromFirmware:
      isKnown(o) && o.value.supported && o.value.fromFirmware
        ? { version: o.value.fromFirmware, confidence: o.confidence, sources: o.sources }
        : null,
    familyName: f.vendor !== 'generic' ? `${f.vendorName} ${f.family}` : null,
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
