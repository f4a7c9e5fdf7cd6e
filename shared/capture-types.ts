/**
 * Capture mode: what a device did when pointed at ScanPath's local SMTP listener, and the verdict
 * against Microsoft 365's requirements. Pure types, shared by the main process, the CLI and the
 * renderer. Never a password: only whether one was received and its length.
 */

/** Which of the capture's listeners the device connected to. */
export type CaptureListenerKind = 'submission' | 'implicit-tls'

/** How the session was protected, as the device chose it. */
export type CaptureTransport = 'plaintext' | 'starttls' | 'implicit-tls'

export interface CaptureTls {
  /** As OpenSSL names it: 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'. */
  protocol: string | null
  /** OpenSSL cipher name, e.g. 'ECDHE-RSA-AES128-GCM-SHA256'. */
  cipher: string | null
}

export interface CaptureAuth {
  /** Upper case, as the device sent it: LOGIN, PLAIN, XOAUTH2, CRAM-MD5. */
  mechanism: string
  username: string | null
  /** The secret is never kept: only that it arrived and how long it was. */
  secret: { received: boolean; length: number | null }
}

export interface CaptureAttachment {
  filename: string | null
  contentType: string
  /** Decoded size in bytes (base64 and quoted-printable parts are estimated from their encoding). */
  size: number
}

export interface CaptureMessage {
  mailFrom: string | null
  rcptTo: string[]
  /** Bytes of DATA received (the message as sent, after dot-unstuffing). */
  size: number
  attachments: CaptureAttachment[]
  /** False when the device went away before the end of DATA. */
  complete: boolean
}

export interface CaptureSession {
  /** smtp-server's connection id: unique within one capture. */
  id: string
  listener: CaptureListenerKind
  localPort: number
  remoteAddress: string
  remotePort: number
  /** The name the device gave in EHLO/HELO, the last one when it repeated it after STARTTLS. */
  ehloName: string | null
  greeting: 'EHLO' | 'HELO' | null
  transport: CaptureTransport
  /** The device sent STARTTLS, whether or not the handshake then completed. */
  starttlsAttempted: boolean
  tls: CaptureTls | null
  auth: CaptureAuth[]
  /** Transactions in order; the last one may be unfinished. */
  messages: CaptureMessage[]
  /** Command verbs in order (verbs only, never arguments), capped, for "where did it stop". */
  commands: string[]
  startedAt: string
  endedAt: string | null
}

export type CaptureMethod = 'client-submission' | 'direct-send-relay'

export type CaptureVerdictStatus = 'ok' | 'warn' | 'fail' | 'unknown'

export interface CaptureMethodVerdict {
  method: CaptureMethod
  /** e.g. 'Client submission (smtp.office365.com:587, STARTTLS, sign-in)'. */
  title: string
  status: CaptureVerdictStatus
  /** One sentence each: what was seen, what Exchange Online does with it, what to change. */
  findings: string[]
}

export interface CaptureSetting {
  label: string
  value: string
}

/**
 * Shown for every capture: the device now points at the laptop and must be set back to the job's
 * chosen method (its Configure values). No settings when the job has no method yet.
 */
export interface CaptureSwitchBack {
  text: string
  /** One sentence before the settings: what to re-enter (password, sign-in, nothing). */
  advice: string
  settings: CaptureSetting[]
}

export interface CaptureVerdict {
  sessionId: string
  /** One line: what the device did. */
  summary: string
  /** The verdict that speaks for the job's chosen method (first in `methods`); null: none chosen. */
  chosen: CaptureMethod | null
  methods: CaptureMethodVerdict[]
  switchBack: CaptureSwitchBack
}

export type CaptureEvent =
  | { kind: 'session-started'; session: CaptureSession }
  | { kind: 'session-updated'; session: CaptureSession }
  | { kind: 'session-ended'; session: CaptureSession }
  | { kind: 'stopped'; reason: 'timeout' | 'stopped' }

/**
 * A capture in progress or just finished, as main reports it (the answer to capture:start, stop
 * and status, and the `capture:changed` event): each session with its verdict per method.
 */
export interface CaptureStatus {
  running: boolean
  addresses: { host: string; port: number; implicitTlsPort: number | null } | null
  sessions: Array<{ session: CaptureSession; verdict: CaptureVerdict }>
  stoppedBy: 'timeout' | 'stopped' | null
}
