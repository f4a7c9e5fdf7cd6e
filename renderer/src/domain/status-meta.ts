/**
 * How each check status is shown: text, icon and a class for colour. All three always appear
 * together, so the status never depends on colour alone (WCAG 1.4.1).
 */
import type { CaptureVerdictStatus } from '../../../shared/capture-types'
import type { ProbeStatus } from '../../../shared/probe-types'

/** `deferred`: a check that came back offline (see deferred-check.ts): to run again online. */
export type BadgeStatus = ProbeStatus | 'running' | 'deferred'

export interface StatusMeta {
  label: string
  /** Decorative; hidden from screen readers, which read the label. */
  icon: string
  className: string
}

// U+FE0E asks for the text (not emoji) form of the warning sign, so it takes the badge's colour.
export const STATUS_META: Record<BadgeStatus, StatusMeta> = {
  running: { label: 'Running…', icon: '◌', className: 'status--running' },
  pass: { label: 'Pass', icon: '✓', className: 'status--pass' },
  warn: { label: 'Warning', icon: '⚠\uFE0E', className: 'status--warn' },
  fail: { label: 'Fail', icon: '✕', className: 'status--fail' },
  // `info` only informs (port 465). A `skip` did not test (cancelled, needs an earlier check): it
  // has its own word and mark, so it never reads as information; offline skips show as `deferred`.
  info: { label: 'Info', icon: 'i', className: 'status--info' },
  skip: { label: 'Skipped', icon: '–', className: 'status--skip' },
  deferred: { label: 'Deferred', icon: '‖\uFE0E', className: 'status--deferred' },
}

/** The tag colour of a capture verdict; its words are shared/capture-record's CAPTURE_STATUS_TEXT. */
export const CAPTURE_STATUS_TAG: Record<CaptureVerdictStatus, string> = {
  ok: 'tag--pass',
  warn: 'tag--warn',
  fail: 'tag--fail',
  unknown: 'tag--neutral',
}
