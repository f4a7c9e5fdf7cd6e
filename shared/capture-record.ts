/**
 * A finished capture session (shared/capture-types.ts) as the compact record a job keeps
 * (shared/job-types.ts `CaptureRecord`), and which record the report judges the chosen method by.
 */
import type {
  CaptureMethod,
  CaptureSession,
  CaptureStatus,
  CaptureVerdict,
  CaptureVerdictStatus,
} from './capture-types'
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

/** The records of a capture's finished sessions (a session still open may yet change). */
export function finishedCaptureRecords(sessions: CaptureStatus['sessions']): CaptureRecord[] {
  return sessions
    .filter(({ session }) => session.endedAt !== null)
    .map(({ session, verdict }) => captureRecord(session, verdict))
}

/** The records not kept yet (the same start time and address is the same session). */
export function unkeptCaptures(
  kept: readonly CaptureRecord[] | undefined,
  added: readonly CaptureRecord[],
): CaptureRecord[] {
  return added.filter(
    (r) => !(kept ?? []).some((k) => k.at === r.at && k.deviceAddress === r.deviceAddress),
  )
}

/** The kept records with the new ones added; only the newest MAX_JOB_CAPTURES stay. */
export function withCaptures(
  kept: readonly CaptureRecord[] | undefined,
  added: readonly CaptureRecord[],
): CaptureRecord[] {
  return [...(kept ?? []), ...unkeptCaptures(kept, added)].slice(-MAX_JOB_CAPTURES)
}

/** The capture verdict that speaks for a sending method: sign-in methods vs. port-25 methods. */
export function captureMethodFor(method: MethodId): 'client-submission' | 'direct-send-relay' {
  return method === 'direct-send' || method === 'smtp-relay'
    ? 'direct-send-relay'
    : 'client-submission'
}

/** A capture verdict in one or two words, the same on screen, in the preview and in the PDF. */
export const CAPTURE_STATUS_TEXT: Record<CaptureVerdictStatus, string> = {
  ok: 'Fine',
  warn: 'Check',
  fail: 'Will fail',
  unknown: 'Not seen',
}

/** A capture method's short name where the full verdict title would not fit (report tables). */
export const CAPTURE_METHOD_SHORT: Record<CaptureMethod, string> = {
  'client-submission': 'Client submission (sign-in)',
  'direct-send-relay': 'Direct send / relay (25)',
}
