/**
 * The human-readable report: one row per check (status, check, the first sentence of the
 * explanation), the fix under it, and a summary. Plain text, wrapped to the terminal width.
 */
import type { DiagnoseReport, ProbeResult, ProbeStatus } from '../../shared/probe-types'

const LABEL: Record<ProbeStatus, string> = {
  pass: 'PASS',
  warn: 'WARN',
  fail: 'FAIL',
  skip: 'INFO',
}
const COLOR: Record<ProbeStatus, string> = { pass: '32', warn: '33', fail: '31', skip: '36' }

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
  color: boolean
}

export function formatRow(c: ProbeResult, o: FormatOptions): string[] {
  const { statusW, checkW } = columns(o.width)
  const restW = Math.max(30, o.width - statusW - checkW - 2)
  const label = LABEL[c.status].padEnd(statusW)
  const status = o.color ? `\x1b[${COLOR[c.status]}m${label}\x1b[0m` : label
  // Titles wrap in their own column rather than being clipped: the host name is the point.
  const titles = wrap(c.title, checkW)
  const results = wrap(firstSentence(c.explanation), restW)
  if (c.fix && c.status !== 'pass') {
    // A DNS record to publish stays on one line, so it can be copied from the terminal whole.
    const record = /(v=spf1 [^"]*?)\s*$/.exec(c.fix)
    const words = record ? c.fix.slice(0, record.index).trimEnd() : c.fix
    results.push(...wrap(`What to do: ${words}`, restW))
    if (record?.[1]) results.push(record[1])
  }
  const rows: string[] = []
  for (let i = 0; i < Math.max(titles.length, results.length); i++) {
    const head = i === 0 ? status : ' '.repeat(statusW)
    rows.push(`${head}${(titles[i] ?? '').padEnd(checkW)}  ${results[i] ?? ''}`.trimEnd())
  }
  return rows
}

export function formatReport(r: DiagnoseReport, o: FormatOptions): string {
  const { statusW, checkW } = columns(o.width)
  const out: string[] = [`${'STATUS'.padEnd(statusW)}${'CHECK'.padEnd(checkW)}  RESULT`]
  for (const c of r.checks) out.push(...formatRow(c, o), '')
  const s = r.summary
  out.push(
    `${s.pass} passed, ${s.warn} warnings, ${s.fail} failed, ${s.skip} for information — ${(r.durationMs / 1000).toFixed(1)} s` +
      (r.cancelled ? ' (cancelled)' : ''),
  )
  out.push('Full details, timings and transcripts: scanpath diagnose --json')
  return out.join('\n')
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
