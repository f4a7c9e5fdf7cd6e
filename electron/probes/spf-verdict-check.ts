/**
 * Would mail from this site's public address pass SPF for the customer's domain? Evaluated by
 * mailauth (the nodemailer authors' SPF implementation, RFC 7208) against the run's DNS; when it
 * would not pass, the one merged record to hand to the tenant admin.
 * This matters for direct send and SMTP relay, where the site's address is the sending address;
 * with client submission Microsoft 365's own servers send, and its include covers them.
 */
import net from 'node:net'

import { spf as evaluateSpf } from 'mailauth/lib/spf'

import type { ProbeResult, ProbeVerdict } from '../../shared/probe-types'
import type { SpfResultCode, SpfVerdictData } from '../../shared/site-identity-types'
import type { DnsClient } from './dns-client'
import { mergeSpf } from './spf-record'

export interface SpfVerdictInput {
  id: 'spf-verdict'
  domain: string
  /** The site's public addresses (the consensus of the public-IP check), or none. */
  ips: string[]
  /** The domain's current SPF record(s), from the SPF record check. */
  currentRecords: string[]
}

const MEANING: Record<SpfResultCode, string> = {
  pass: 'passes',
  fail: 'fails (the record says "-all": receivers may reject it)',
  softfail: 'soft-fails (the record says "~all": receivers usually junk it)',
  neutral: 'is neutral (the record takes no position on it)',
  none: 'has no SPF record to check against',
  temperror: 'could not be checked: DNS did not answer in time',
  permerror: 'could not be checked: the SPF record is broken',
}

export async function checkSpfVerdict(
  input: SpfVerdictInput,
  dns: DnsClient,
): Promise<ProbeResult<'spf-verdict', SpfVerdictData>> {
  const started = performance.now()
  const data: SpfVerdictData = {
    domain: input.domain,
    results: [],
    currentRecord: input.currentRecords.length === 1 ? (input.currentRecords[0] ?? null) : null,
    suggestedRecord: null,
  }
  const base = {
    id: input.id,
    title: `SPF for this site's address (${input.domain})`,
    phases: [],
    transcript: [],
  }
  const done = (v: ProbeVerdict): ProbeResult<'spf-verdict', SpfVerdictData> => ({
    ...base,
    ...v,
    durationMs: Math.round(performance.now() - started),
    data,
  })
  if (input.ips.length === 0) {
    return done({
      status: 'skip',
      skipReason: 'needs-earlier-check',
      explanation:
        'No public address of this site is known, so SPF cannot be judged for it (see the public IP check).',
      fix: null,
    })
  }
  data.results = await Promise.all(
    input.ips.map(async (ip) => {
      const r = await evaluateSpf({
        sender: `postmaster@${input.domain}`,
        ip,
        helo: 'scanpath.localdomain',
        mta: 'scanpath',
        resolver: dns.resolve as never,
      })
      const status = r.status as { result: SpfResultCode; comment?: string | false }
      return {
        ip,
        family: net.isIP(ip) === 6 ? 6 : 4,
        result: status.result,
        comment: status.comment ? String(status.comment) : null,
      }
    }),
  )
  const lines = data.results.map((r) => `mail from ${r.ip} ${MEANING[r.result]}`)
  const failing = data.results.filter((r) => r.result !== 'pass')
  if (failing.length === 0) {
    return done({
      status: 'pass',
      explanation: `For ${input.domain}, ${lines.join('; ')}: mail a device sends by direct send or relay from this site is recognised as the domain's own.`,
      fix: null,
    })
  }
  if (failing.some((r) => r.result === 'temperror')) {
    return done({
      status: 'fail',
      explanation: `For ${input.domain}, ${lines.join('; ')}.`,
      fix: 'Check that the DNS server answers, then run the checks again.',
    })
  }
  data.suggestedRecord = mergeSpf(
    input.currentRecords,
    failing.map((r) => r.ip),
  )
  const broken = failing.some((r) => r.result === 'permerror')
  return done({
    status: broken || failing.some((r) => r.result === 'fail') ? 'fail' : 'warn',
    explanation:
      `For ${input.domain}, ${lines.join('; ')}. With direct send or SMTP relay the site's address is the sender's address, so this decides whether the device's mail is trusted. ` +
      'Client submission is not affected (Microsoft 365 sends, and its include covers it).',
    fix: `If the device will use direct send or relay, ask the tenant admin to publish this single SPF record for ${input.domain} (replacing the current one, never adding a second): ${data.suggestedRecord}`,
  })
}
