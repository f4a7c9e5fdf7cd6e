/**
 * A finished capture session (shared/capture-types.ts) as the compact record a job keeps
 * (shared/job-types.ts `CaptureRecord`), and which record the report judges the chosen method by.
 */
import type { CaptureSession, CaptureVerdict } from './capture-types'
import type { MethodId } from './decision/types'
import { MAX_JOB_CAPTURES, type CaptureRecord } from './job-types'

export function captureRecord(session: CaptureSession, verdict: CaptureVerdict): CaptureRecord {
  return {
    at: session.startedAt,
    deviceAddress: session.remoteAddress,
    ehloName: session.ehloName,
    transport: session.transport,
    tlsProtocol: session.tls?.protocol ?? null,
    tlsCipher: session.tls?.cipher ?? null,
    authMechanisms: session.auth.map((a) => a.mechanism).slice(0, 10),
    username: session.auth.find((a) => a.username)?.username ?? null,
    summary: verdict.summary,
    verdicts: verdict.methods.map((m) => ({
      method: m.method,
      status: m.status,
      findings: m.findings.slice(0, 20),
    })),
  }
}

/** Adds records not kept yet (same start time and address = same session), newest kept. */
export function withCaptures(
  kept: readonly CaptureRecord[] | undefined,
  added: readonly CaptureRecord[],
): CaptureRecord[] {
  const all = [...(kept ?? [])]
  for (const r of added)
    if (!all.some((k) => k.at === r.at && k.deviceAddress === r.deviceAddress)) all.push(r)
  return all.slice(-MAX_JOB_CAPTURES)
}

/** The capture verdict that speaks for a sending method: sign-in methods vs. port-25 methods. */
export function captureMethodFor(method: MethodId): 'client-submission' | 'direct-send-relay' {
  return method === 'direct-send' || method === 'smtp-relay'
    ? 'direct-send-relay'
    : 'client-submission'
}
