/**
 * A site-check result as a job file keeps it, with no data or transcript: for tests of how saved
 * reports, old and new, are read back.
 */
export function savedResult(id: string, status: string, explanation: string) {
  return {
    id,
    status,
    title: id,
    explanation,
    fix: null,
    durationMs: 0,
    phases: [],
    data: null,
    transcript: [],
  }
}
