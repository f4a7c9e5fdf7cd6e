/**
 * The probe runner: plans the checks for a set of options, starts them all at once, streams each
 * result as it lands, and cancels cleanly. A filtered port (which only ends at its timeout) never
 * holds up the other results; the run takes about as long as its slowest check.
 */
import type { DiagnoseOptions } from '../../shared/diagnose-options'
import type {
  DiagnoseReport,
  DiagnoseSummary,
  PlannedCheck,
  ProbeProgress,
  ProbeResult,
} from '../../shared/probe-types'
import { checkLegacyTls, legacyTlsTitle } from './legacy-tls-check'
import { defaultProbeDeps, type ProbeDeps } from './probe-deps'
import { checkReach, reachTitle, type ReachRole } from './reach-check'
import { checkStarttls, starttlsTitle } from './starttls-check'

export interface CheckSpec extends PlannedCheck {
  run: (deps: ProbeDeps, signal: AbortSignal) => Promise<ProbeResult>
}

const DEFAULT_EHLO_NAME = 'scanpath.localdomain'

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
      run: (deps, signal) => checkReach(input, deps, signal),
    })
  }
  const starttls = (id: string, role: 'submission' | 'mx', host: string, port: number) => {
    const input = { id, role, host, port, timeoutMs, ehloName }
    checks.push({
      id,
      title: starttlsTitle(input),
      run: (deps, signal) => checkStarttls(input, deps, signal),
    })
  }

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
      run: (deps, signal) => checkLegacyTls(input, deps, signal),
    })
  }
  if (o.checkPort25) reach('reach-submission-smtp', 'outbound-smtp', sub, o.smtpPort)
  if (o.checkImplicitTls) reach('reach-implicit-tls', 'implicit-tls', sub, o.implicitTlsPort)
  if (o.mxHost) {
    reach('reach-mx', 'mx', o.mxHost, o.smtpPort)
    starttls('starttls-mx', 'mx', o.mxHost, o.smtpPort)
  }
  return checks
}

export interface RunOptions {
  runId: string
  signal?: AbortSignal
  onProgress?: (p: ProbeProgress) => void
  deps?: ProbeDeps
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

export async function runDiagnose(
  options: DiagnoseOptions,
  run: RunOptions,
): Promise<DiagnoseReport> {
  const deps = run.deps ?? defaultProbeDeps
  const controller = new AbortController()
  const onOuterAbort = () => controller.abort()
  run.signal?.addEventListener('abort', onOuterAbort, { once: true })
  if (run.signal?.aborted) controller.abort()

  const started = performance.now()
  const startedAt = new Date().toISOString()
  const specs = planChecks(options)
  const emit = run.onProgress ?? (() => {})
  emit({ kind: 'started', runId: run.runId, checks: specs.map(({ id, title }) => ({ id, title })) })

  const settle = async (spec: CheckSpec): Promise<ProbeResult> => {
    let result: ProbeResult
    try {
      result = controller.signal.aborted
        ? stoppedResult(spec, 'skip', 'Cancelled before it ran.', null)
        : await spec.run(deps, controller.signal)
    } catch (e) {
      result = stoppedResult(
        spec,
        'fail',
        `The check stopped on an internal error: ${e instanceof Error ? e.message : String(e)}.`,
        'Run the checks again; if it repeats, export the report and send it to the ScanPath team.',
      )
    }
    emit({ kind: 'result', runId: run.runId, result })
    return result
  }

  try {
    const checks = await Promise.all(specs.map(settle))
    const report: DiagnoseReport = {
      runId: run.runId,
      startedAt,
      durationMs: Math.round(performance.now() - started),
      checks,
      summary: summarize(checks),
      cancelled: controller.signal.aborted,
    }
    emit({ kind: 'finished', runId: run.runId, report })
    return report
  } finally {
    run.signal?.removeEventListener('abort', onOuterAbort)
  }
}
