/**
 * The report's record of ScanPath Relay at the site (the way out the technician took): where it
 * listens, its TLS mode on the LAN hop, how far its setup is, and the verdict while it is chosen.
 */
import type { ConfigStep } from '../configure/plan-types'
import { SITE_RELAY_TITLE, siteRelayTlsMode } from '../configure/site-relay-plan'
import { capabilitiesFromFamily, mergeCapabilities } from '../decision/facts'
import type { Job, SiteRelay } from '../job-types'
import { jobFamily } from './job-derive'
import type { ReportIssue, ReportRelaySeen, ReportSiteRelay, ReportVerdict } from './report-model'
import { formatUtcTime } from './utc-time'

/** The relay as the report records it, with its plan's progress from the job's checklist. */
export function siteRelayOf(
  job: Job,
  relay: SiteRelay,
  plan: readonly ConfigStep[],
): ReportSiteRelay {
  const caps = mergeCapabilities(
    capabilitiesFromFamily(jobFamily(job)),
    job.device.capabilityAnswers,
  )
  const stepsDone = plan.filter((s) => job.checklist[s.id]?.done).length
  const stepsTotal = plan.length
  return {
    title: SITE_RELAY_TITLE,
    address: relay.address,
    port: relay.port,
    tlsMode: siteRelayTlsMode(caps),
    status:
      stepsTotal > 0 && stepsDone === stepsTotal
        ? 'set-up'
        : stepsDone > 0
          ? 'in-progress'
          : 'not-started',
    stepsDone,
    stepsTotal,
    ...seenOf(job, relay),
  }
}

/** The relay as the job's last Verify outcome saw it, when that watched this relay. */
function seenOf(job: Job, relay: SiteRelay): { seen: ReportRelaySeen } | null {
  const o = job.verifyOutcome
  const r = o?.relay
  if (!o || !r || r.address !== relay.address.trim()) return null
  return {
    seen: {
      at: o.at,
      delivered: o.passed,
      statusPort: r.statusPort,
      listening: r.listening,
      tlsMode: r.tlsMode,
      account: r.account,
      queued: r.queued,
      failed: r.failed,
      lastDelivery: r.lastDelivery ? { ...r.lastDelivery } : null,
    },
  }
}

/** "192.168.1.20:2525", or what is missing. */
export function siteRelayEndpoint(r: Pick<ReportSiteRelay, 'address' | 'port'>): string {
  return r.address ? `${r.address}:${r.port}` : `(address not typed yet), port ${r.port}`
}

/**
 * The report's verdict while the site relay is chosen: the relay's own setup decides it (the
 * relay's Verify test is still to come, so it is never "ready"); the checks' and captures'
 * issues still count.
 */
export function siteRelayVerdict(
  r: ReportSiteRelay,
  issues: readonly ReportIssue[],
): ReportVerdict {
  const where = siteRelayEndpoint(r)
  const open = issues.filter((i) => i.kind !== 'step-open')
  if (r.status !== 'set-up' || !r.address)
    return {
      status: 'needs-attention',
      headline: `Needs attention: ${r.title} (${where}) is being set up, ${r.stepsDone} of ${r.stepsTotal} steps done.`,
    }
  if (open.length > 0)
    return {
      status: 'needs-attention',
      headline: `Needs attention: the device sends through ${r.title} (${where}); ${open.length} ${open.length === 1 ? 'issue' : 'issues'} below.`,
    }
  return r.seen?.delivered
    ? {
        status: 'ready',
        headline: `Ready: the device sends through ${r.title} (${where}); Verify saw its test message delivered to Microsoft 365.`,
      }
    : {
        status: 'not-checked',
        headline: `Not verified yet: the device sends through ${r.title} (${where}); every step is done.`,
      }
}

const STATUS_TEXT: Record<ReportSiteRelay['status'], string> = {
  'set-up': 'set up',
  'in-progress': 'being set up',
  'not-started': 'not started',
}

/** The relay's facts as lines for people: the PDF and the preview print the same ones. */
export function siteRelayLines(r: ReportSiteRelay): { label: string; text: string }[] {
  return [
    { label: 'Address', text: siteRelayEndpoint(r) },
    {
      label: 'TLS from the device',
      text:
        r.tlsMode === 'none'
          ? 'none: the device sends in plain text on its own network; the relay uses TLS 1.2 to Microsoft 365'
          : 'STARTTLS (TLS 1.0 or later on the device’s network); the relay uses TLS 1.2 to Microsoft 365',
    },
    {
      label: 'Device sign-in',
      text: 'none: the relay lets the device send by its IP address, and signs in to Microsoft 365 with OAuth',
    },
    {
      label: 'Status',
      // A delivery seen outweighs unticked steps: the relay works; the ticks are the paperwork.
      text: r.seen?.delivered
        ? `working: Verify saw the device's test message delivered (${formatUtcTime(r.seen.at)}); ${r.stepsDone} of ${r.stepsTotal} setup steps ticked`
        : `${STATUS_TEXT[r.status]} (${r.stepsDone} of ${r.stepsTotal} steps done); the relay's delivery is not verified by ScanPath yet`,
    },
    ...(r.seen ? [{ label: 'Relay as Verify saw it', text: relaySeenText(r.seen) }] : []),
  ]
}

const MODE_TEXT: Record<ReportRelaySeen['tlsMode'], string> = {
  starttls: 'STARTTLS offered',
  'starttls-required': 'STARTTLS required',
  none: 'no TLS',
}

/** "2026-12-05 10:02 UTC: listening on …, STARTTLS offered, sends as …; 0 queued, 0 failed; …" */
export function relaySeenText(s: ReportRelaySeen): string {
  const last = s.lastDelivery
    ? `last delivery ${formatUtcTime(s.lastDelivery.at)} ${s.lastDelivery.messageId} (${s.lastDelivery.response})`
    : 'no delivery yet'
  return `${formatUtcTime(s.at)}: ${s.listening ? `listening on ${s.listening}` : 'not listening'}, ${MODE_TEXT[s.tlsMode]}, sends as ${s.account}; ${s.queued} queued, ${s.failed} failed; ${last}`
}
