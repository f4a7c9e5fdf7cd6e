/**
 * Defaults and limits of a "Site checks" run. Kept apart from the zod schemas so the renderer can
 * use them without loading zod (zod 4 probes `new Function` at load, which the renderer's CSP —
 * script-src without 'unsafe-eval' — reports as a violation).
 */

/** Microsoft 365's client-submission endpoint (SMTP AUTH, STARTTLS on 587). */
export const DEFAULT_SUBMISSION_HOST = 'smtp.office365.com'
export const DEFAULT_SUBMISSION_PORT = 587
export const DEFAULT_SMTP_PORT = 25
export const DEFAULT_IMPLICIT_TLS_PORT = 465
/** Per-phase timeout: connect, greeting, each command, TLS handshake. */
export const DEFAULT_PHASE_TIMEOUT_MS = 8000
export const MIN_TIMEOUT_MS = 100
export const MAX_TIMEOUT_MS = 120_000
