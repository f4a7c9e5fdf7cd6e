/**
 * Choosing among the assessed methods: viable ones first by score, then the blocked ones by how
 * few blockers they have; and the one-paragraph summary of the choice.
 */
import type { MethodAssessment, WayOut } from './types'

/** Every method, best first: viable ones by score, then the blocked ones. */
export function rank(assessments: readonly MethodAssessment[]): MethodAssessment[] {
  return [...assessments].sort(
    (x, y) =>
      Number(y.viable) - Number(x.viable) ||
      y.score - x.score ||
      x.blockers.length - y.blockers.length,
  )
}

export function summarize(
  best: MethodAssessment | undefined,
  ranked: MethodAssessment[],
  out: readonly WayOut[],
): string {
  if (!best) {
    const first = ranked[0]
    const next = out[0] ? ` Best way out here: ${out[0].title}.` : ''
    return `No Microsoft 365 method fits as things stand. The closest is ${first?.title ?? 'none'}: ${first?.blockers.map((b) => b.text).join(' ') ?? ''}${next}`
  }
  const why = best.reasons
    .slice(0, 2)
    .map((r) => r.text)
    .join(' ')
  const checks = best.warnings.length ? ` Check: ${best.warnings.map((w) => w.text).join(' ')}` : ''
  return `${best.title}. ${why}${checks}`
}
