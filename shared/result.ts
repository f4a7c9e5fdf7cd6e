/** Error codes that cross the IPC boundary. Handlers never throw across IPC; they return these. */
export type AppErrorCode =
  'invalid-payload' | 'forbidden-sender' | 'unknown-channel' | 'cancelled' | 'internal'

export interface AppError {
  code: AppErrorCode
  /** For a person: "Could not start the capture: port 25 is in use". */
  message: string
  /**
   * An unexpected failure's reason alone ("port 25 is in use"), for a screen whose own heading
   * already says what failed.
   */
  reason?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function err<T = never>(code: AppErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } }
}
