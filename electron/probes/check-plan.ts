/**
 * Which checks a run makes for a set of options, in order, and how each one runs: what it tests,
 * and which other checks' results it waits for (the public IP, the SPF verdict, the blocklists,
 * and the MX checks when the MX comes from DNS).
 */
import { DEFAULT_BLOCKLISTS, DEFAULT_PUBLIC_IP_SOURCES } from '../../shared/diagnose-defaults'
import type {
  CheckId,
  CheckResult,
  CheckResultOf,
  PlannedCheck,
  ProbeResult,
} from '../../shared/probe-types'
import type { DiagnoseOptions } from '../../shared/schemas/diagnose-options'
import { checkBlocklists } from './blocklist-check'
import type { DnsClient } from './dns-client'
import { checkDnsHost, checkMx, checkSpfRecord } from './dns-checks'
import { checkLegacyTls, legacyTlsTitle } from './legacy-tls-check'
import type { ProbeDeps } from './probe-deps'
import { checkPublicIp } from './public-ip-check'
import { checkReach, reachTitle, type ReachCheckId, type ReachRole } from './reach-check'
import { checkSpfVerdict } from './spf-verdict-check'
import { checkStarttls, starttlsTitle, type StarttlsInput } from './starttls-check'

/** Waits for another check's result; null when that check is not part of the run. */
export type AwaitResult = <K extends CheckId>(id: K) => Promise<CheckResultOf<K> | null>

/** What a check can use while it runs. */
export interface CheckEnv {
  deps: ProbeDeps
  dns: DnsClient
  signal: AbortSignal
  /** Another check's result (it is awaited), or null when that check is not part of the run. */
  result: AwaitResult
}

export interface CheckSpec extends PlannedCheck {
  run: (env: CheckEnv) => Promise<CheckResult>
}

const DEFAULT_EHLO_NAME = 'scanpath.localdomain'

/** The site's usable public addresses from the public-IP check (IPv4 first). */
function publicAddresses(r: CheckResultOf<'public-ip'> | null): string[] {
  const d = r?.data
  if (!d) return []
  return [d.v4, d.v6].flatMap((f) => (f.consensus && !f.unsuitable ? [f.consensus] : []))
}

/** A check that had nothing to test because the check it builds on found nothing to work with. */
function nothingToTest<Id extends CheckId>(
  id: Id,
  title: string,
  explanation: string,
): ProbeResult<Id, null> {
  return {
    id,
    status: 'skip',
    skipReason: 'needs-earlier-check',
    title,
    explanation,
    fix: null,
    durationMs: 0,
    phases: [],
    data: null,
    transcript: [],
  }
}

/** The tenant MX endpoint from the MX check, or why there is none to test on `port`. */
async function mxFromDns(
  env: CheckEnv,
  domain: string,
  port: number,
): Promise<{ host: string | null; why: string }> {
  const mx = (await env.result('dns-mx'))?.data
  if (mx?.m365Endpoint) return { host: mx.m365Endpoint, why: '' }
  const lookupFailed = mx?.error && mx.error !== 'ENODATA'
  return {
    host: null,
    why: lookupFailed
      ? `The MX lookup for ${domain} failed (${mx.error}), so the tenant MX endpoint is not known and port ${port} could not be tested. Enter the MX host to test it.`
      : `No Microsoft 365 MX endpoint is published in ${domain}'s MX records, so there is nothing to test on port ${port}. Enter the MX host (from the Microsoft 365 admin center) to test it.`,
  }
}

/** The public-IP check, counting what Exchange Online echoed in the STARTTLS checks. */
async function runPublicIp(env: CheckEnv, o: DiagnoseOptions): Promise<CheckResult> {
  // What Exchange Online echoed counts most: it is the address mail really comes from.
  const echoes = await Promise.all([env.result('starttls-submission'), env.result('starttls-mx')])
  const smtpEcho = echoes.flatMap((r) =>
    r?.data?.clientIpEchoed ? [{ source: r.id, ip: r.data.clientIpEchoed }] : [],
  )
  return checkPublicIp(
    {
      id: 'public-ip',
      sources: o.publicIpSources ?? [...DEFAULT_PUBLIC_IP_SOURCES],
      timeoutMs: o.timeoutMs,
      smtpEcho,
    },
    {
      dns: env.dns,
      deps: env.deps,
      signal: env.signal,
      lookupFamily: async (host, family) =>
        (await env.deps.lookup(host)).filter((a) => a.family === family).map((a) => a.address),
    },
  )
}

/** The checks for the tenant MX on port 25, typed in or (with a domain) found by the MX check. */
function mxChecks(o: DiagnoseOptions, ehloName: string): CheckSpec[] {
  const { timeoutMs, smtpPort: port, domain } = o
  if (o.mxHost) {
    const host = o.mxHost
    const reach = { id: 'reach-mx', role: 'mx', host, port, timeoutMs } as const
    const starttls = { id: 'starttls-mx', role: 'mx', host, port, timeoutMs, ehloName } as const
    return [
      {
        id: reach.id,
        title: reachTitle(reach),
        run: (env) => checkReach(reach, env.deps, env.signal),
      },
      {
        id: starttls.id,
        title: starttlsTitle(starttls),
        run: (env) => checkStarttls(starttls, env.deps, env.signal),
      },
    ]
  }
  if (!domain) return []
  // The tenant MX endpoint comes from DNS: probed on 25 once the MX check has found it.
  return [
    {
      id: 'reach-mx',
      title: `Port ${port} on the tenant MX (from DNS)`,
      run: async (env) => {
        const { host, why } = await mxFromDns(env, domain, port)
        return host
          ? checkReach({ id: 'reach-mx', role: 'mx', host, port, timeoutMs }, env.deps, env.signal)
          : nothingToTest('reach-mx', `Port ${port} on the tenant MX`, why)
      },
    },
    {
      id: 'starttls-mx',
      title: 'STARTTLS on the tenant MX (from DNS)',
      run: async (env) => {
        const { host, why } = await mxFromDns(env, domain, port)
        return host
          ? checkStarttls(
              { id: 'starttls-mx', role: 'mx', host, port, timeoutMs, ehloName },
              env.deps,
              env.signal,
            )
          : nothingToTest('starttls-mx', 'STARTTLS on the tenant MX', why)
      },
    },
  ]
}

/** The public IP and what builds on it: the SPF verdict (with a domain) and the blocklists. */
function publicIpChecks(o: DiagnoseOptions): CheckSpec[] {
  if (!o.checkPublicIp) return []
  const checks: CheckSpec[] = [
    { id: 'public-ip', title: 'Public IP of this site', run: (env) => runPublicIp(env, o) },
  ]
  const domain = o.domain
  if (domain) {
    checks.push({
      id: 'spf-verdict',
      title: `SPF for this site's address (${domain})`,
      run: async (env) => {
        const [ip, spf] = await Promise.all([env.result('public-ip'), env.result('dns-spf')])
        return checkSpfVerdict(
          {
            id: 'spf-verdict',
            domain,
            ips: publicAddresses(ip),
            currentRecords: spf?.data?.records ?? [],
          },
          env.dns,
        )
      },
    })
  }
  const zones = o.blocklists ?? [...DEFAULT_BLOCKLISTS]
  if (o.checkBlocklists && zones.length > 0) {
    checks.push({
      id: 'blocklists',
      title: "Blocklists for this site's address",
      run: async (env) =>
        checkBlocklists(
          { id: 'blocklists', ips: publicAddresses(await env.result('public-ip')), zones },
          env.dns,
        ),
    })
  }
  return checks
}

/** The checks of a run, in the order they are listed (they all start at once). */
export function planChecks(o: DiagnoseOptions): CheckSpec[] {
  const timeoutMs = o.timeoutMs
  const ehloName = o.ehloName ?? DEFAULT_EHLO_NAME
  const sub = o.submissionHost
  const reach = (id: ReachCheckId, role: ReachRole, port: number): CheckSpec => {
    const input = { id, role, host: sub, port, timeoutMs }
    return {
      id,
      title: reachTitle(input),
      run: (env) => checkReach(input, env.deps, env.signal),
    }
  }
  const starttls: StarttlsInput = {
    id: 'starttls-submission',
    role: 'submission',
    host: sub,
    port: o.submissionPort,
    timeoutMs,
    ehloName,
  }
  const legacy = {
    id: 'legacy-tls-submission',
    host: sub,
    port: o.submissionPort,
    timeoutMs,
    ehloName,
  } as const

  const checks: CheckSpec[] = [
    {
      id: 'dns-submission-host',
      title: `DNS for ${sub}`,
      run: (env) =>
        checkDnsHost({ id: 'dns-submission-host', host: sub }, env.deps.lookup, env.dns.label),
    },
    reach('reach-submission', 'submission', o.submissionPort),
    {
      id: 'starttls-submission',
      title: starttlsTitle(starttls),
      run: (env) => checkStarttls(starttls, env.deps, env.signal),
    },
  ]
  if (o.checkLegacyTls) {
    checks.push({
      id: legacy.id,
      title: legacyTlsTitle(legacy),
      run: (env) => checkLegacyTls(legacy, env.deps, env.signal),
    })
  }
  if (o.checkPort25) checks.push(reach('reach-submission-smtp', 'outbound-smtp', o.smtpPort))
  if (o.checkImplicitTls)
    checks.push(reach('reach-implicit-tls', 'implicit-tls', o.implicitTlsPort))

  const domain = o.domain
  if (domain) {
    checks.push(
      {
        id: 'dns-mx',
        title: `MX of ${domain}`,
        run: (env) => checkMx({ id: 'dns-mx', domain }, env.dns),
      },
      {
        id: 'dns-spf',
        title: `SPF record of ${domain}`,
        run: (env) => checkSpfRecord({ id: 'dns-spf', domain }, env.dns),
      },
    )
  }
  checks.push(...mxChecks(o, ehloName), ...publicIpChecks(o))
  return checks
}
