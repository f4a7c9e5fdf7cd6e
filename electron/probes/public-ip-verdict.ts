/**
 * From the public-IP observations to the check's verdict: the consensus address of each family,
 * its reverse names, and a warning when sources disagree or the address cannot name the site.
 */
import type { ProbeVerdict } from '../../shared/probe-types'
import type {
  PublicIpData,
  PublicIpFamily,
  PublicIpObservation,
} from '../../shared/site-identity-types'
import { reverseNameLooksDynamic } from '../../shared/decision/facts'
import type { DnsClient } from './dns-client'
import { looksDynamic, unsuitableReason } from './public-ip-address'

/** One family's consensus: the address Exchange Online saw, else the one most sources saw. */
export function summarizeFamily(
  family: 4 | 6,
  observations: PublicIpObservation[],
): Omit<PublicIpFamily, 'reverseDns' | 'looksDynamic'> {
  const seen = observations.filter((o) => o.family === family && o.ip)
  const counts = new Map<string, number>()
  for (const o of seen) counts.set(o.ip!, (counts.get(o.ip!) ?? 0) + 1)
  const distinct = [...counts.keys()]
  const smtpIp = seen.find((o) => o.kind === 'smtp')?.ip ?? null
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null
  const consensus = smtpIp ?? majority
  return {
    family,
    consensus,
    smtpIp,
    distinct,
    unsuitable: consensus ? unsuitableReason(consensus) : null,
  }
}

/** Adds the consensus address's reverse names, unless it is unsuitable anyway. */
export async function withReverse(
  f: Omit<PublicIpFamily, 'reverseDns' | 'looksDynamic'>,
  dns: DnsClient,
): Promise<PublicIpFamily> {
  if (!f.consensus || f.unsuitable) return { ...f, reverseDns: [], looksDynamic: null }
  const names = await dns.reverse(f.consensus).catch(() => [] as string[])
  return { ...f, reverseDns: names, looksDynamic: looksDynamic(names) }
}

function describeSources(f: PublicIpFamily, observations: PublicIpObservation[]): string {
  const byIp = f.distinct.map((ip) => {
    const kinds = [
      ...new Set(
        observations
          .filter((o) => o.ip === ip)
          .map((o) =>
            o.kind === 'smtp'
              ? 'Exchange Online (EHLO)'
              : o.kind === 'dns'
                ? 'DNS echo'
                : 'HTTPS echo',
          ),
      ),
    ]
    return `${kinds.join(' and ')}: ${ip}`
  })
  return byIp.join('; ')
}

type Verdict = ProbeVerdict

/** The check's status, explanation and fix from both families' findings. */
export function judge(data: PublicIpData): Verdict {
  const fams = [data.v4, data.v6].filter((f) => f.consensus)
  if (fams.length === 0) {
    const reasons = [...new Set(data.observations.map((o) => o.error).filter(Boolean))]
      .slice(0, 4)
      .join(', ')
    return {
      status: 'fail',
      explanation: `No source could tell this site's public IP (${reasons || 'no source answered'}).`,
      fix: 'Check that this laptop is online. If only some services are blocked here, the others still answer: run the checks again, or ask the site IT which outbound services are allowed.',
    }
  }
  const warnings: string[] = []
  const fixes: string[] = []
  for (const f of fams) {
    const label = `IPv${f.family}`
    if (f.distinct.length > 1) {
      warnings.push(
        `the sources disagree over ${label} (${describeSources(f, data.observations)}): this site has more than one way out — several internet lines, a proxy for web traffic, or mail leaving by another route than HTTPS`,
      )
      fixes.push(
        f.smtpIp
          ? `For a relay connector and SPF use the address Exchange Online sees: ${f.smtpIp}.`
          : 'Run the checks with the Microsoft 365 SMTP checks reachable, so Exchange Online itself shows the address mail comes from.',
      )
    }
    if (f.unsuitable) {
      warnings.push(f.unsuitable)
      fixes.push(
        'An IP-bound connector needs a static public address of the site: use client submission or a certificate-based connector, or ask the ISP for a static address.',
      )
    }
    if (f.looksDynamic) {
      const name = f.reverseDns.find((n) => reverseNameLooksDynamic(n)) ?? f.reverseDns[0]
      warnings.push(
        `the reverse name of ${f.consensus} (${name}) looks like a dynamic address pool (a hint only: ISPs name some static lines this way too)`,
      )
      fixes.push(
        'Confirm with the ISP that the address is static before naming it in a connector or SPF; answer the static-IP question in the Decision step with what they say.',
      )
    }
  }
  const lines = fams.map((f) => {
    const who = f.smtpIp ? ', as Exchange Online itself reports' : ''
    const rdns = f.reverseDns.length
      ? ` (reverse name ${f.reverseDns.join(', ')})`
      : f.unsuitable
        ? ''
        : ' (no reverse name)'
    return `${f.consensus} over IPv${f.family}${who}${rdns}`
  })
  const missing = [data.v4, data.v6].find((f) => !f.consensus)
  const none = missing ? ` No public IPv${missing.family} address was seen.` : ''
  if (warnings.length > 0) {
    return {
      status: 'warn',
      explanation: `This site is seen from ${lines.join(' and ')}, but ${warnings.join('; and ')}.${none}`,
      fix: fixes.join(' '),
    }
  }
  return {
    status: 'pass',
    explanation: `This site is seen from ${lines.join(' and ')}.${none}`,
    fix: null,
  }
}
