/**
 * The probe runner: plans the checks for a set of options (check-plan.ts), starts them all at once
 * (check-waits.ts), streams each result as it lands, and cancels cleanly. A filtered port (which
 * only ends at its timeout) never holds up the other results; the run takes about as long as its
 * slowest check.
 *
 * When nothing on the internet answered at all, the site is offline (offline-rule.ts): failures
 * become `skip` with "offline — run again when the site is online" instead of a wall of red. A DNS
 * server the person named (`--dns-server`, the DNS server field) that does not answer is not that:
 * it is the server's failure, so the checks that needed it fail naming it, and the run is not
 * offline.
 */
import { summarize } from '../../shared/check-results'
import { parseIpHostPort } from '../../shared/host-syntax'
import { silentDnsServerText, type DnsServerNamedIn } from '../../shared/offline'
import type {
  CheckResult,
  DiagnoseReport,
  PlannedCheck,
  ProbeProgress,
} from '../../shared/probe-types'
import type { DiagnoseOptions } from '../../shared/schemas/diagnose-options'
import { planChecks, type AwaitResult, type CheckEnv, type CheckSpec } from './check-plan'
import { settleAll } from './check-waits'
import { createDnsClient, serverAddress, watchSilence } from './dns-client'
import { asOffline, asSilentServer, isOffline } from './offline-rule'
import { defaultProbeDeps, type ProbeDeps } from './probe-deps'

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

/** A check that never got to look: skipped with the run's cancel, or stopped on an error. */
function stoppedResult(
  spec: PlannedCheck,
  verdict:
    | { status: 'skip'; skipReason: 'cancelled'; explanation: string; fix: null }
    | { status: 'fail'; explanation: string; fix: string },
): CheckResult {
  return {
    id: spec.id,
    title: spec.title,
    ...verdict,
    durationMs: 0,
    phases: [],
    data: null,
    transcript: [],
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

  const settle = async (spec: CheckSpec, result: AwaitResult): Promise<CheckResult> => {
    const watched = silentText ? watchSilence(dns) : null
    const env: CheckEnv = watched
      ? {
          deps: { ...deps, lookup: (h) => watched.client.lookup(h) },
          dns: watched.client,
          signal: controller.signal,
          result,
        }
      : { deps, dns, signal: controller.signal, result }
    let r: CheckResult
    try {
      r = controller.signal.aborted
        ? stoppedResult(spec, {
            status: 'skip',
            skipReason: 'cancelled',
            explanation: 'Cancelled before it ran.',
            fix: null,
          })
        : await spec.run(env)
    } catch (e) {
      r = stoppedResult(spec, {
        status: 'fail',
        explanation: `The check stopped on an internal error: ${e instanceof Error ? e.message : String(e)}.`,
        fix: 'Run the checks again; if it repeats, export the report and send it to the ScanPath team.',
      })
    }
    // A check that informs or skipped already says what it is; anything else was cut short.
    if (controller.signal.aborted && r.status !== 'skip' && r.status !== 'info') {
      r = { ...r, status: 'skip', skipReason: 'cancelled', explanation: 'Cancelled.', fix: null }
    }
    // What it found was not a pass, and the named DNS server left a question unanswered.
    if (watched && silentText && r.status !== 'pass') {
      await watched.idle()
      if (watched.silentCode() && !controller.signal.aborted) {
        namedServerSilent = true
        r = asSilentServer(r, silentText)
      }
    }
    // A check's duration counts its own work; it began that long before it ended.
    const endedMs = performance.now() - started
    r = { ...r, startMs: Math.max(0, Math.round(endedMs - r.durationMs)) }
    emit({ kind: 'result', runId: run.runId, result: r })
    return r
  }

  try {
    let checks = await settleAll(specs, settle)
    // A named DNS server that did not answer says nothing about the site's internet.
    const offline = !controller.signal.aborted && !namedServerSilent && isOffline(checks)
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
