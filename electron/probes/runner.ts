/**
 * The probe runner: plans the checks for a set of options, starts them all at once, streams each
 * result as it lands, and cancels cleanly. A filtered port (which only ends at its timeout) never
 * holds up the other results; the run takes about as long as its slowest check.
 *
 * Some checks build on others (the public IP uses what Exchange Online echoed in the STARTTLS
 * checks; the SPF verdict and blocklists use the public IP; the MX checks use the MX from DNS).
 * They start with the rest and wait for exactly the results they need.
 *
 * When nothing on the internet answered at all, the site is offline: failures become `skip`
 * with "offline — run again when the site is online" instead of a wall of red. A DNS server the
 * person named (`--dns-server`, the DNS server field) that does not answer is not that: it is the
 * server's failure, so the checks that needed it fail naming it, and the run is not offline.
 */
import { isIP } from 'node:net'

import { DEFAULT_BLOCKLISTS, DEFAULT_PUBLIC_IP_SOURCES } from '../../shared/diagnose-defaults'
import type { DiagnoseOptions } from '../../shared/schemas/diagnose-options'
import { parseIpHostPort } from '../../shared/host-syntax'
import {
  OFFLINE_EXPLANATION,
  silentDnsServerText,
  type DnsServerNamedIn,
} from '../../shared/offline'
import type {
  DiagnoseReport,
  DiagnoseSummary,
  DnsMxData,
  PlannedCheck,
  ProbeProgress,
  ProbeResult,
  PublicIpData,
  SmtpSessionData,
  SpfRecordData,
  TcpReachData,
} from '../../shared/probe-types'
import { checkBlocklists } from './blocklist-check'
import {
  createDnsClient,
  DNS_NETWORK_ERRORS,
  serverAddress,
  watchSilence,
  type DnsClient,
} from './dns-client'
import { checkDnsHost, checkMx, checkSpfRecord } from './dns-checks'
import { checkLegacyTls, legacyTlsTitle } from './legacy-tls-check'
import { defaultProbeDeps, type ProbeDeps } from './probe-deps'
import { checkPublicIp } from './public-ip-check'
import { checkReach, reachTitle, type ReachRole } from './reach-check'
import { checkSpfVerdict } from './spf-verdict-check'
import { checkStarttls, starttlsTitle } from './starttls-check'

/** What a check can use while it runs. */
export interface CheckEnv {
  deps: ProbeDeps
  dns: DnsClient
  signal: AbortSignal
  /** Another check's result (it is awaited), or null when that check is not part of the run. */
  result(id: string): Promise<ProbeResult | null>
}

/**
 * Whether a result shows that something on the internet answered (`answered`), that nothing
 * did (`no-answer`: refused, timed out, no route, DNS silent), or says nothing either way.
 */
export type Evidence = 'answered' | 'no-answer' | 'none'

export interface CheckSpec extends PlannedCheck {
  run: (env: CheckEnv) => Promise<ProbeResult>
  evidence: (r: ProbeResult) => Evidence
}

const DEFAULT_EHLO_NAME = 'scanpath.localdomain'

const silentDns = (code: string | null | undefined) => code != null && DNS_NETWORK_ERRORS.has(code)

const reachEvidence = (r: ProbeResult): Evidence => {
  const d = r.data as TcpReachData | null
  if (!d) return 'none'
  if (d.attempts.some((a) => a.outcome === 'open' || a.outcome === 'no-greeting')) return 'answered'
  if (d.outcome === 'dns-error') return silentDns(d.dnsError) ? 'no-answer' : 'answered'
  return 'no-answer'
}

const smtpEvidence = (r: ProbeResult): Evidence => {
  const d = r.data as SmtpSessionData | null
  if (!d) return 'none'
  if (d.banner) return 'answered'
  const f = d.failure
  if (!f || f.phase !== 'connect') return 'none'
  if (f.kind === 'dns-error') return silentDns(f.errorCode) ? 'no-answer' : 'answered'
  return f.kind === 'cancelled' ? 'none' : 'no-answer'
}

const dnsEvidence = (r: ProbeResult): Evidence => {
  const data = r.data as { host?: string; error?: string | null } | null
  if (data === null) return 'none'
  // An IP address as the host needs no lookup: nothing was asked, so it shows nothing.
  if (data.host !== undefined && isIP(data.host)) return 'none'
  const error = data.error
  return silentDns(error) ? 'no-answer' : 'answered'
}

const publicIpEvidence = (r: ProbeResult): Evidence => {
  const d = r.data as PublicIpData | null
  if (!d) return 'none'
  return d.observations.some((o) => o.ip && o.kind !== 'smtp') ? 'answered' : 'no-answer'
}

const noEvidence = (): Evidence => 'none'

/** The site's usable public addresses from the public-IP check (IPv4 first). */
function publicAddresses(r: ProbeResult | null): string[] {
  const d = r?.data as PublicIpData | null | undefined
  if (!d) return []
  return [d.v4, d.v6].filter((f) => f.consensus && !f.unsuitable).map((f) => f.consensus as string)
}

function skipped(id: string, title: string, explanation: string): ProbeResult {
  return {
    id,
    status: 'skip',
    title,
    explanation,
    fix: null,
    durationMs: 0,
    phases: [],
    data: null,
    transcript: [],
  }
}

export function planChecks(o: DiagnoseOptions): CheckSpec[] {
  const timeoutMs = o.timeoutMs
  const ehloName = o.ehloName ?? DEFAULT_EHLO_NAME
  const sub = o.submissionHost
  const checks: CheckSpec[] = []

  const reach = (id: string, role: ReachRole, host: string, port: number) => {
    const input = { id, role, host, port, timeoutMs }
    checks.push({
      id,
      title: reachTitle(input),
      run: (env) => checkReach(input, env.deps, env.signal),
      evidence: reachEvidence,
    })
  }
  const starttls = (id: string, role: 'submission' | 'mx', host: string, port: number) => {
    const input = { id, role, host, port, timeoutMs, ehloName }
    checks.push({
      id,
      title: starttlsTitle(input),
      run: (env) => checkStarttls(input, env.deps, env.signal),
      evidence: smtpEvidence,
    })
  }

  checks.push({
    id: 'dns-submission-host',
    title: `DNS for ${sub}`,
    run: (env) =>
      checkDnsHost({ id: 'dns-submission-host', host: sub }, env.deps.lookup, env.dns.label),
    evidence: dnsEvidence,
  })
  reach('reach-submission', 'submission', sub, o.submissionPort)
  starttls('starttls-submission', 'submission', sub, o.submissionPort)
  if (o.checkLegacyTls) {
    const input = {
      id: 'legacy-tls-submission',
      host: sub,
      port: o.submissionPort,
      timeoutMs,
      ehloName,
    }
    checks.push({
      id: input.id,
      title: legacyTlsTitle(input),
      run: (env) => checkLegacyTls(input, env.deps, env.signal),
      evidence: smtpEvidence,
    })
  }
  if (o.checkPort25) reach('reach-submission-smtp', 'outbound-smtp', sub, o.smtpPort)
  if (o.checkImplicitTls) reach('reach-implicit-tls', 'implicit-tls', sub, o.implicitTlsPort)

  const domain = o.domain
  if (domain) {
    checks.push(
      {
        id: 'dns-mx',
        title: `MX of ${domain}`,
        run: (env) => checkMx({ id: 'dns-mx', domain }, env.dns),
        evidence: dnsEvidence,
      },
      {
        id: 'dns-spf',
        title: `SPF record of ${domain}`,
        run: (env) => checkSpfRecord({ id: 'dns-spf', domain }, env.dns),
        evidence: dnsEvidence,
      },
    )
  }

  if (o.mxHost) {
    reach('reach-mx', 'mx', o.mxHost, o.smtpPort)
    starttls('starttls-mx', 'mx', o.mxHost, o.smtpPort)
  } else if (domain) {
    // The tenant MX endpoint comes from DNS: probed on 25 once the MX check has found it.
    // The tenant MX endpoint comes from DNS: probed on 25 once the MX check has found it.
    const fromDns = async (env: CheckEnv): Promise<{ host: string | null; why: string }> => {
      const mx = (await env.result('dns-mx'))?.data as DnsMxData | null | undefined
      if (mx?.m365Endpoint) return { host: mx.m365Endpoint, why: '' }
      const lookupFailed = mx?.error && mx.error !== 'ENODATA'
      return {
        host: null,
        why: lookupFailed
          ? `The MX lookup for ${domain} failed (${mx?.error}), so the tenant MX endpoint is not known and port ${o.smtpPort} could not be tested. Enter the MX host to test it.`
          : `No Microsoft 365 MX endpoint is published in ${domain}'s MX records, so there is nothing to test on port ${o.smtpPort}. Enter the MX host (from the Microsoft 365 admin center) to test it.`,
      }
    }
    checks.push(
      {
        id: 'reach-mx',
        title: `Port ${o.smtpPort} on the tenant MX (from DNS)`,
        run: async (env) => {
          const { host, why } = await fromDns(env)
          return host
            ? checkReach(
                { id: 'reach-mx', role: 'mx', host, port: o.smtpPort, timeoutMs },
                env.deps,
                env.signal,
              )
            : skipped('reach-mx', `Port ${o.smtpPort} on the tenant MX`, why)
        },
        evidence: reachEvidence,
      },
      {
        id: 'starttls-mx',
        title: 'STARTTLS on the tenant MX (from DNS)',
        run: async (env) => {
          const { host, why } = await fromDns(env)
          return host
            ? checkStarttls(
                { id: 'starttls-mx', role: 'mx', host, port: o.smtpPort, timeoutMs, ehloName },
                env.deps,
                env.signal,
              )
            : skipped('starttls-mx', 'STARTTLS on the tenant MX', why)
        },
        evidence: smtpEvidence,
      },
    )
  }

  if (o.checkPublicIp) {
    checks.push({
      id: 'public-ip',
      title: 'Public IP of this site',
      run: async (env) => {
        // What Exchange Online echoed counts most: it is the address mail really comes from.
        const smtpEcho = (
          await Promise.all(
            ['starttls-submission', 'starttls-mx'].map(async (id) => ({
              id,
              r: await env.result(id),
            })),
          )
        )
          .map(({ id, r }) => ({
            source: id,
            ip: (r?.data as SmtpSessionData | null | undefined)?.clientIpEchoed ?? null,
          }))
          .filter((e): e is { source: string; ip: string } => e.ip !== null)
        return checkPublicIp(
          {
            id: 'public-ip',
            sources: o.publicIpSources ?? [...DEFAULT_PUBLIC_IP_SOURCES],
            timeoutMs,
            smtpEcho,
          },
          {
            dns: env.dns,
            deps: env.deps,
            signal: env.signal,
            lookupFamily: async (host, family) =>
              (await env.deps.lookup(host))
                .filter((a) => a.family === family)
                .map((a) => a.address),
          },
        )
      },
      evidence: publicIpEvidence,
    })
    if (domain) {
      checks.push({
        id: 'spf-verdict',
        title: `SPF for this site's address (${domain})`,
        run: async (env) => {
          const [ip, spf] = await Promise.all([env.result('public-ip'), env.result('dns-spf')])
          const records = (spf?.data as SpfRecordData | null | undefined)?.records ?? []
          return checkSpfVerdict(
            { id: 'spf-verdict', domain, ips: publicAddresses(ip), currentRecords: records },
            env.dns,
          )
        },
        evidence: noEvidence,
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
        evidence: noEvidence,
      })
    }
  }
  return checks
}

export interface RunOptions {
  runId: string
  signal?: AbortSignal
  onProgress?: (p: ProbeProgress) => void
  deps?: ProbeDeps
  /**
   * A DNS server standing in for the system's when `options.dnsServer` is not given (an
   * organisation's own resolver, the browser test host's local peer). Like the system's, when it
   * does not answer the site reads as offline.
   */
  defaultDnsServer?: string
  /**
   * Where `options.dnsServer` was named (default: the CLI's --dns-server), for what the checks say
   * when it does not answer: a server the person named that is silent is that server's failure,
   * not an offline site.
   */
  dnsServerNamedIn?: DnsServerNamedIn
}

function summarize(checks: ProbeResult[]): DiagnoseSummary {
  const s: DiagnoseSummary = { pass: 0, warn: 0, fail: 0, skip: 0 }
  for (const c of checks) s[c.status] += 1
  return s
}

function stoppedResult(
  spec: PlannedCheck,
  status: 'skip' | 'fail',
  explanation: string,
  fix: string | null,
): ProbeResult {
  return {
    id: spec.id,
    status,
    title: spec.title,
    explanation,
    fix,
    durationMs: 0,
    phases: [],
    data: null,
    transcript: [],
  }
}

/**
 * A check that needed the named DNS server and did not get an answer from it: a failure naming
 * the server, with the check's own words kept in brackets. A check that only informs (465) or
 * could not test (old TLS) stays information, but names the server too.
 */
function asSilentServer(r: ProbeResult, text: { explanation: string; fix: string }): ProbeResult {
  return {
    ...r,
    status: r.status === 'skip' ? 'skip' : 'fail',
    explanation: `${text.explanation} (${r.explanation.replace(/[.\s]+$/, '')}.)`,
    fix: text.fix,
  }
}

/** Nothing answered and something was asked: the laptop has no internet here. */
export function isOffline(specs: CheckSpec[], results: ProbeResult[]): boolean {
  const evidence = results.map((r, i) => specs[i]!.evidence(r))
  return !evidence.includes('answered') && evidence.includes('no-answer')
}

function asOffline(r: ProbeResult): ProbeResult {
  if (r.status === 'pass') return r
  return {
    ...r,
    status: 'skip',
    explanation: `${OFFLINE_EXPLANATION} (${r.explanation.replace(/[.\s]+$/, '')}.)`,
    fix: 'Connect the laptop to the site network with internet access and run the checks again; meanwhile, work from the offline checklist.',
  }
}

export async function runDiagnose(
  options: DiagnoseOptions,
  run: RunOptions,
): Promise<DiagnoseReport> {
  const baseDeps = run.deps ?? defaultProbeDeps
  const controller = new AbortController()
  const onOuterAbort = () => controller.abort()
  run.signal?.addEventListener('abort', onOuterAbort, { once: true })
  if (run.signal?.aborted) controller.abort()

  const serverSpec = options.dnsServer ?? run.defaultDnsServer
  const server = serverSpec ? parseIpHostPort(serverSpec, 53) : null
  const dns = createDnsClient({
    ...(server && typeof server !== 'string'
      ? { servers: [serverAddress(server.host, server.port)] }
      : {}),
    timeoutMs: options.timeoutMs,
  })
  // With a DNS server given, every name of the run resolves through it.
  const deps: ProbeDeps = serverSpec ? { ...baseDeps, lookup: (h) => dns.lookup(h) } : baseDeps
  // A server the person named is watched per check: which checks needed it and got no answer.
  const silentText = options.dnsServer
    ? silentDnsServerText(options.dnsServer, run.dnsServerNamedIn ?? 'cli')
    : null
  let namedServerSilent = false
  const onAbort = () => dns.cancel()
  controller.signal.addEventListener('abort', onAbort, { once: true })

  const started = performance.now()
  const startedAt = new Date().toISOString()
  const specs = planChecks(options)
  const emit = run.onProgress ?? (() => {})
  emit({ kind: 'started', runId: run.runId, checks: specs.map(({ id, title }) => ({ id, title })) })

  const settled = new Map<string, Promise<ProbeResult>>()
  const resultOf = (id: string) => settled.get(id) ?? Promise.resolve(null)

  const settle = async (spec: CheckSpec): Promise<ProbeResult> => {
    const watched = silentText ? watchSilence(dns) : null
    const env: CheckEnv = watched
      ? {
          deps: { ...deps, lookup: (h) => watched.client.lookup(h) },
          dns: watched.client,
          signal: controller.signal,
          result: resultOf,
        }
      : { deps, dns, signal: controller.signal, result: resultOf }
    let result: ProbeResult
    try {
      result = controller.signal.aborted
        ? stoppedResult(spec, 'skip', 'Cancelled before it ran.', null)
        : await spec.run(env)
    } catch (e) {
      result = stoppedResult(
        spec,
        'fail',
        `The check stopped on an internal error: ${e instanceof Error ? e.message : String(e)}.`,
        'Run the checks again; if it repeats, export the report and send it to the ScanPath team.',
      )
    }
    if (controller.signal.aborted && result.status !== 'skip') {
      result = { ...result, status: 'skip', explanation: 'Cancelled.', fix: null }
    }
    // What it found was not a pass, and the named DNS server left a question unanswered.
    if (watched && silentText && result.status !== 'pass') {
      await watched.idle()
      if (watched.silentCode() && !controller.signal.aborted) {
        namedServerSilent = true
        result = asSilentServer(result, silentText)
      }
    }
    // A check's duration counts its own work; it began that long before it ended.
    const endedMs = performance.now() - started
    result = { ...result, startMs: Math.max(0, Math.round(endedMs - result.durationMs)) }
    emit({ kind: 'result', runId: run.runId, result })
    return result
  }

  try {
    // Every promise is registered before any check runs, so a check can wait for one planned
    // after it.
    const all: Array<Promise<ProbeResult>> = []
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    for (const spec of specs) {
      const p = gate.then(() => settle(spec))
      settled.set(spec.id, p)
      all.push(p)
    }
    release()
    let checks = await Promise.all(all)
    // A named DNS server that did not answer says nothing about the site's internet.
    const offline = !controller.signal.aborted && !namedServerSilent && isOffline(specs, checks)
    if (offline) checks = checks.map(asOffline)
    const report: DiagnoseReport = {
      runId: run.runId,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      checks,
      summary: summarize(checks),
      cancelled: controller.signal.aborted,
      offline,
    }
    emit({ kind: 'finished', runId: run.runId, report })
    return report
  } finally {
    run.signal?.removeEventListener('abort', onOuterAbort)
    controller.signal.removeEventListener('abort', onAbort)
  }
}
