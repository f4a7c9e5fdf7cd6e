/**
 * The server refusals of a job's site checks, explained for the report: read from the checks'
 * transcripts and from the replies the checks kept in their data, one entry per distinct reply.
 */
import type { Job } from '../job-types'
import type { ProbeResult, SmtpReplySummary, SmtpSessionData } from '../probe-types'
import { explainAnyReply } from '../smtp/explain-reply'
import { enhancedCodeOf, strictEnhancedCodeOf, withoutEnhancedCode } from '../smtp/reply-text'
import type { ReportReply } from './report-model'

/** Server lines `NNN-…` / `NNN …` of a transcript, grouped into replies (RFC 5321 §4.2.1). */
function transcriptReplies(c: ProbeResult): SmtpReplySummary[] {
  const out: SmtpReplySummary[] = []
  let pending: { code: number; lines: string[] } | null = null
  for (const l of c.transcript) {
    if (l.dir !== 'recv') continue
    // Not parseQuotedReplyLine (shared/smtp/reply-text): that one also reads a line holding a CR,
    // U+2028 or U+2029 as a reply line, and the report has always skipped such a line.
    const m = /^(\d{3})([ -]?)(.*)$/.exec(l.text)
    if (!m) continue
    const code = Number(m[1])
    const rest = m[3] ?? ''
    if (!pending || pending.code !== code) pending = { code, lines: [] }
    pending.lines.push(rest)
    if (m[2] !== '-') {
      const text = pending.lines.join('\n')
      out.push({ code, enhanced: strictEnhancedCodeOf(text), text })
      pending = null
    }
  }
  return out
}

/** Replies the probes kept in their data (a failure's reply, the sign-in and test message). */
function dataReplies(c: ProbeResult): SmtpReplySummary[] {
  // The fields of SmtpSessionData, LegacyTlsData and TcpReachData that can hold a reply.
  const d = c.data as
    | (Partial<SmtpSessionData> & {
        reply?: SmtpReplySummary | null
        session?: Partial<SmtpSessionData>
        attempts?: Array<{ greeting?: SmtpReplySummary | null }>
      })
    | null
  if (!d || typeof d !== 'object') return []
  const sessions = [d, d.session].filter((s): s is Partial<SmtpSessionData> => Boolean(s))
  const out: (SmtpReplySummary | null | undefined)[] = [d.reply]
  for (const s of sessions) {
    out.push(s.failure?.reply, s.banner)
    const t = s.transaction
    if (t) out.push(t.auth, t.mailFrom, t.rcptTo, t.data)
  }
  for (const a of Array.isArray(d.attempts) ? d.attempts : []) out.push(a.greeting)
  return out.filter(
    (r): r is SmtpReplySummary =>
      Boolean(r) && typeof r?.code === 'number' && typeof r.text === 'string',
  )
}

/** The reply text without the enhanced code it starts with, so "5.7.139 Auth…" and "Auth…" match. */
function bareText(r: SmtpReplySummary): string {
  return withoutEnhancedCode(r.text).trim()
}

/**
 * Every refusal (4xx/5xx) the job's checks saw, once each (by code, enhanced code and first line),
 * with the checks that saw it and what it means. `expected` stays true only while every check
 * that saw it passed.
 */
export function repliesOf(job: Job): ReportReply[] {
  const seen = new Map<string, ReportReply>()
  const mailbox = job.senderAddress.trim()
  for (const c of job.lastReport?.checks ?? []) {
    for (const r of [...transcriptReplies(c), ...dataReplies(c)]) {
      // Only refusals need explaining: 2xx/3xx replies say the step worked.
      if (r.code < 400 || r.code > 599) continue
      const enhanced = r.enhanced ?? enhancedCodeOf(r.text)
      const key = `${r.code}|${enhanced ?? ''}|${bareText(r).split('\n')[0]}`
      const known = seen.get(key)
      if (known) {
        if (!known.checkIds.includes(c.id)) known.checkIds.push(c.id)
        known.expected = known.expected && c.status === 'pass'
        continue
      }
      const e = explainAnyReply(r.code, enhanced, r.text)
      seen.set(key, {
        code: r.code,
        enhanced,
        text: bareText(r),
        checkIds: [c.id],
        gate: e.gate,
        gateTitle: e.gateTitle,
        temporary: e.temporary,
        meaning: e.meaning,
        fix: e.fix,
        // The admin can paste the line as it is when the job names the mailbox.
        powershell:
          e.powershell && mailbox ? e.powershell.replaceAll('<mailbox>', mailbox) : e.powershell,
        source: e.source,
        expected: c.status === 'pass',
      })
    }
  }
  return [...seen.values()]
}
