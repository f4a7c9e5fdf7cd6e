/**
 * A TCP port typed by the technician: a phrase to follow the field's label ("Port must be between
 * 1 and 65535"), or null when it is fine. One rule for every form that asks for a port.
 */
export function portProblem(value: string, example?: string): string | null {
  const v = value.trim()
  if (v === '') return 'is empty'
  if (!/^\d+$/.test(v)) return `must be a whole number${example ? `, e.g. ${example}` : ''}`
  const n = Number(v)
  return n >= 1 && n <= 65535 ? null : 'must be between 1 and 65535'
}

/** The same problem as a sentence on its own, for a field whose label does not precede it. */
export function portProblemSentence(value: string, example?: string): string | null {
  const p = portProblem(value, example)
  return p === null ? null : `${p[0]!.toUpperCase()}${p.slice(1)}.`
}
