/**
 * Which Microsoft 365 sending method fits this site and this device. A pure function of the site
 * checks, the device's capabilities and a few answers.
 *
 * Sources (each summarised, with its address, in docs/microsoft-365-facts.md):
 * - Microsoft's article "How to set up a multifunction device or application to send email using
 *   Microsoft 365": options 1–3, their requirements, limits, and the comparison table. Cited
 *   in the rule modules as [MS table] / [MS option N].
 * - The Basic-auth timeline (27 January 2026 update), OAuth/XOAUTH2, High Volume Email, direct
 *   send and Reject Direct Send, TLS 1.0 and 1.1: the sections of the same names there.
 * - Microsoft's "Enable or disable authenticated client SMTP submission (SMTP AUTH) in Exchange
 *   Online" (SMTP_AUTH_DOC in sources.ts): Security Defaults and authentication policies.
 *
 * When no method fits, ways-out.ts says what would get mail flowing instead.
 *
 * The rules live beside this file, one module per method (client-submission.ts, direct-send.ts,
 * smtp-relay.ts, high-volume-email.ts). They share assessment.ts (findings and score),
 * device-fact.ts, submission-requirements.ts and mx-requirements.ts; basic-auth.ts holds the
 * password rules and their cut-over, and ranking.ts chooses among the methods. An unknown is
 * never a reason (open-questions.ts).
 */
import { clientSubmission } from './client-submission'
import { directSend } from './direct-send'
import { highVolumeEmail } from './high-volume-email'
import { withoutUnknownReasons } from './open-questions'
import { rank, summarize } from './ranking'
import { smtpRelay } from './smtp-relay'
import type { Decision, DecisionInput } from './types'
import { waysOut } from './ways-out'

/** Assesses every method for this case, ranks them, and recommends the best viable one. */
export function decide(input: DecisionInput): Decision {
  const ranked = rank(
    [
      clientSubmission(input, 'oauth'),
      directSend(input),
      smtpRelay(input),
      highVolumeEmail(input),
      clientSubmission(input, 'basic'),
    ].map((m) => withoutUnknownReasons(m, input)),
  )
  const best = ranked.find((r) => r.viable)
  const out = best ? [] : waysOut(input, ranked)
  return {
    recommended: best?.method ?? null,
    ranked,
    summary: summarize(best, ranked, out),
    waysOut: out,
  }
}
