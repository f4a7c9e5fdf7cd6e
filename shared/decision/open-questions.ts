/**
 * What the technician can still change about a decision: which findings rest on an unknown (never
 * a reason: an open question), and which blocked methods an answer alone stands in the way of.
 * Pure; decide() applies the first, the Decision step and the dead-end panel show the second.
 */
import type {
  Decision,
  DecisionAnswers,
  DecisionInput,
  FactKey,
  MethodAssessment,
  MethodId,
} from './types'

/** True when the fact the finding names is a question or check still "not known" here. */
export function isUnknownFact(fact: FactKey, input: DecisionInput): boolean {
  const [group, key] = fact.split('.') as [string, string | undefined]
  if (key === undefined) return false
  const values: Record<string, unknown> | undefined =
    group === 'site'
      ? { ...input.site }
      : group === 'device'
        ? { ...input.device }
        : group === 'answers'
          ? { ...input.answers }
          : undefined
  return values?.[key] === 'unknown'
}

/**
 * An unknown is never a reason for a method: a reason whose fact is still "not known" becomes an
 * open question of the method (the rules avoid this; this keeps any rule from slipping).
 */
export function withoutUnknownReasons(m: MethodAssessment, input: DecisionInput): MethodAssessment {
  const unknown = m.reasons.filter((r) => isUnknownFact(r.fact, input))
  if (unknown.length === 0) return m
  return {
    ...m,
    reasons: m.reasons.filter((r) => !unknown.includes(r)),
    openQuestions: [...m.openQuestions, ...unknown],
  }
}

/** A blocked method that only answers to the Decision step's questions stand in the way of. */
export interface AnswerFix {
  method: MethodId
  title: string
  /** The questions whose answers block it, e.g. `externalRecipients`. */
  answers: (keyof DecisionAnswers)[]
}

/**
 * The blocked methods an answer alone could open, fewest answers first: when the list is empty,
 * no answer helps (what the site checks found or what the device can do blocks every method), so
 * the technician is never told to "correct an answer".
 */
export function answerFixes(decision: Pick<Decision, 'ranked'>): AnswerFix[] {
  const fixes: AnswerFix[] = []
  for (const m of decision.ranked) {
    if (m.viable) continue
    const facts = m.blockers.map((b) => b.fact)
    if (!facts.every((f) => f.startsWith('answers.'))) continue
    const answers = [
      ...new Set(facts.map((f) => f.slice('answers.'.length))),
    ] as (keyof DecisionAnswers)[]
    fixes.push({ method: m.method, title: m.title, answers })
  }
  return fixes.sort((x, y) => x.answers.length - y.answers.length)
}
