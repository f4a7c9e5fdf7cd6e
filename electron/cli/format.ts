/**
 * The human-readable report: one row per check (status, check, the first sentence of the
 * explanation), the fix under it, and a summary. Plain text, wrapped to the terminal width, as
 * lines for output.ts to print (which makes each safe and adds the colour).
 */
import { displayText } from '../../shared/display-text'
import type {
  CheckResult,
  DiagnoseReport,
  ProbeStatus,
  TranscriptLine,
  VerifyResult,
} from '../../shared/probe-types'
import type { Line } from './output'

// A skipped check did not test (its explanation says why): SKIP, never INFO, which is a result
// that only informs. `--json` keeps the status values as they are.
const LABEL: Record<ProbeStatus, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  info: 'INFO',
  skip: 'SKIP',
}
const COLOR: Record<ProbeStatus, string> = {
  pass: '32',
  warn: '33',
  fail: '31',
  info: '36',
  skip: '90',
}

/** The first sentence: explanations are written so that it stands on its own. */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(?:\s+(?=[A-Z"(])|$)/s.exec(text.trim())
  return (m?.[1] ?? text).trim()
}

export function wrap(text: string, width: number): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) out.push(line)
  return out.length ? out : ['']
}

function columns(width: number): { statusW: number; checkW: number } {
  return { statusW: 7, checkW: Math.min(48, Math.max(26, Math.floor(width * 0.36))) }
}

export interface FormatOptions {
  width: number
}

export function formatRow(c: CheckResult | VerifyResult, o: FormatOptions): Line[] {
  const { statusW, checkW } = columns(o.width)
  const restW = Math.max(30, o.width - statusW - checkW - 2)
  // Server text (replies, certificate names) is in titles, explanations and fixes: shown as the
  // display escapes before wrapping, so they count in the width and no separator or control is
  // wrapped away unseen. (The printer makes every line safe again; that changes nothing here.)
  const title = displayText(c.title)
  const explanation = displayText(c.explanation)
  const fix = c.fix === null ? null : displayText(c.fix)
  // Titles wrap in their own column rather than being clipped: the host name is the point.
  const titles = wrap(title, checkW)
  const results = wrap(firstSentence(explanation), restW)
  if (fix && c.status !== 'pass') {
    // A DNS record to publish stays on one line, so it can be copied from the terminal whole.
    const record = /(v=spf1 [^"]*?)\s*$/.exec(fix)
    const words = record ? fix.slice(0, record.index).trimEnd() : fix
    results.push(...wrap(`What to do: ${words}`, restW))
    if (record?.[1]) results.push(record[1])
  }
  const rows: Line[] = []
  for (let i = 0; i < Math.max(titles.length, results.length); i++) {
    const rest = `${(titles[i] ?? '').padEnd(checkW)}  ${results[i] ?? ''}`.trimEnd()
    // The status label is painted by the printer, after the line is made safe.
    rows.push(
      i === 0
        ? [{ text: LABEL[c.status].padEnd(statusW), sgr: COLOR[c.status] }, rest]
        : `${' '.repeat(statusW)}${rest}`,
    )
  }
  return rows
}

export function formatReport(r: DiagnoseReport, o: FormatOptions): Line[] {
  const { statusW, checkW } = columns(o.width)
  const out: Line[] = [`${'STATUS'.padEnd(statusW)}${'CHECK'.padEnd(checkW)}  RESULT`]
  for (const c of r.checks) out.push(...formatRow(c, o), '')
  const s = r.summary
  out.push(
    `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.info} for information` +
      (s.skip > 0 ? `, ${s.skip} skipped` : '') +
      ` — ${(r.durationMs / 1000).toFixed(1)} s` +
      (r.cancelled ? ' (cancelled)' : ''),
  )
  out.push('Full details, timings and transcripts: scanpath diagnose --json')
  return out
}

const ARROW: Record<TranscriptLine['dir'], readonly [plain: string, tls: string]> = {
  send: ['->', '~>'],
  recv: ['<-', '<~'],
  info: ['===', '==='],
  error: ['===', '==='],
}

/** An SMTP transcript, one line per line sent or received (swaks' arrows; `~` inside TLS). */
export function formatTranscript(lines: readonly TranscriptLine[]): Line[] {
  return lines.map(
    (l) => `  ${String(l.tMs).padStart(5)} ms ${ARROW[l.dir][l.tls ? 1 : 0]} ${l.text}`,
  )
}

/** The stable machine-readable report (`--json`). */
export function toJsonReport(r: DiagnoseReport): object {
  return {
    tool: 'scanpath',
    schemaVersion: 1,
    runId: r.runId,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    cancelled: r.cancelled,
    offline: r.offline,
    summary: r.summary,
    checks: r.checks.map((c) => ({
      id: c.id,
      status: c.status,
      ...(c.skipReason ? { skipReason: c.skipReason } : {}),
      title: c.title,
      explanation: c.explanation,
      fix: c.fix,
      durationMs: c.durationMs,
      phases: c.phases,
      data: c.data,
      transcript: c.transcript,
    })),
  }
}
