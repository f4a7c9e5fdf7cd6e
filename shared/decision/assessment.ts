/**
 * One method's assessment while the rules run: its reasons, blockers and warnings, and the score
 * that ranks it (a base preference, lowered by each unknown and each warning).
 */
import type { FactKey, Finding, MethodAssessment, MethodId } from './types'

export const METHOD_TITLES: Record<MethodId, string> = {
  'client-submission-oauth': 'SMTP AUTH client submission with OAuth 2.0',
  'client-submission-basic': 'SMTP AUTH client submission with a password (Basic auth)',
  'direct-send': 'Direct send to the tenant MX',
  'smtp-relay': 'SMTP relay through a connector',
  'high-volume-email': 'High Volume Email (HVE)',
}

/** Base preference when all else is equal: Microsoft's recommended option first [MS option 1]. */
const BASE_SCORE: Record<MethodId, number> = {
  'client-submission-oauth': 100,
  'direct-send': 80,
  'smtp-relay': 70,
  'high-volume-email': 60,
  'client-submission-basic': 55,
}

const UNKNOWN_PENALTY = 8
const WARNING_PENALTY = 4

export class Assessment {
  readonly reasons: Finding[] = []
  readonly blockers: Finding[] = []
  readonly warnings: Finding[] = []
  readonly openQuestions: Finding[] = []
  private unknowns = 0
  private extraPenalty = 0

  /** `port`: where the method sends here; submissionPort() may move client submission to 25. */
  constructor(
    readonly method: MethodId,
    public port: 587 | 25,
  ) {}

  reason(fact: FactKey, text: string): void {
    this.reasons.push({ fact, text })
  }
  block(fact: FactKey, text: string): void {
    this.blockers.push({ fact, text })
  }
  warn(fact: FactKey, text: string): void {
    this.warnings.push({ fact, text })
  }
  /** A warning about something nobody could check yet: it ranks the method lower. */
  check(fact: FactKey, text: string): void {
    this.warnings.push({ fact, text })
    this.unknowns += 1
  }
  /**
   * A question still unanswered that matters to the choice but not to this method's fitness: never
   * a reason while it is unknown, and no penalty (the method works whatever the answer).
   */
  ask(fact: FactKey, text: string): void {
    this.openQuestions.push({ fact, text })
  }
  penalize(points: number): void {
    this.extraPenalty += points
  }

  done(): MethodAssessment {
    const viable = this.blockers.length === 0
    const score =
      BASE_SCORE[this.method] -
      this.unknowns * UNKNOWN_PENALTY -
      (this.warnings.length - this.unknowns) * WARNING_PENALTY -
      this.extraPenalty
    return {
      method: this.method,
      title: METHOD_TITLES[this.method],
      viable,
      score,
      port: this.port,
      reasons: this.reasons,
      blockers: this.blockers,
      warnings: this.warnings,
      openQuestions: this.openQuestions,
    }
  }
}
