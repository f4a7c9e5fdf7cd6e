/**
 * The server refusals of a job's site checks, explained for the report: read from the checks'
 * transcripts and from the replies the checks kept in their data, one entry per distinct reply.
 */
import type { Job } from '../job-types'
import type { CheckResult, SmtpReplySummary, SmtpSessionData } from '../probe-types'
import { explainAnyReply } from '../smtp/explain-reply'
import {
  enhancedCodeOf,
  parseQuotedReplyLine,
  strictEnhancedCodeOf,
  withoutEnhancedCode,
} from '../smtp/reply-text'
import type { ReportReply } from './report-model'

const LINE_BREAK = /[\r\n\u2028\u2029]/

/** Server lines `NNN-…` / `NNN …` of a transcript, grouped into replies (RFC 5321 §4.2.1). */
function transcriptReplies(c: CheckResult): SmtpReplySummary[] {
  const out: SmtpReplySummary[] = []
  let pending: { code: number; lines: string[] } | null = null
  for (const l of c.transcript) {
    if (l.dir !== 'recv') continue
    // A transcript line holds one server line: one holding a line break (CR, LF, U+2028, U+2029)
    // is not a reply line, and the report has always skipped it.
    if (LINE_BREAK.test(l.text)) continue
    const line = parseQuotedReplyLine(l.text)
    if (!line) continue
    const { code } = line
    if (!pending || pending.code !== code) pending = { code, lines: [] }
    pending.lines.push(line.text)
    if (!line.continues) {
      const text = pending.lines.join('\n')
      out.push({ code, enhanced: strictEnhancedCodeOf(text), text })
      pending = null
    }
  }
  return out
}

/** The replies an SMTP session kept: its failure's reply, the greeting, sign-in and test message. */
function sessionReplies(s: SmtpSessionData): (SmtpReplySummary | null | undefined)[] {
  const t = s.transaction
  return [s.failure?.reply, s.banner, ...(t ? [t.auth, t.mailFrom, t.rcptTo, t.data] : [])]
}

/** Replies the probes kept in their data (a failure's reply, the sign-in and test message). */
function dataReplies(c: CheckResult): SmtpReplySummary[] {
  let replies: (SmtpReplySummary | null | undefined)[] = []
  switch (c.id) {
    case 'starttls-submission':
    case 'starttls-mx':
      if (c.data) replies = sessionReplies(c.data)
      break
    case 'legacy-tls-submission':
      if (c.data) replies = [c.data.reply, ...sessionReplies(c.data.session)]
      break
    case 'reach-submission':
    case 'reach-submission-smtp':
    case 'reach-implicit-tls':
    case 'reach-mx':
      replies = (c.data?.attempts ?? []).map((a) => a.greeting)
      break
    // The DNS, public IP, SPF and blocklist checks speak no SMTP.
    case 'dns-submission-host':
    case 'dns-mx':
    case 'dns-spf':
    case 'public-ip':
    case 'spf-verdict':
    case 'blocklists':
      break
  }
  return replies.filter((r): r is SmtpReplySummary => r != null)
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
