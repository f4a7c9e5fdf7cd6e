/**
 * A small JSON Schema check of a job report against shared/report/report.schema.json: exactly the
 * keywords that schema uses, throwing on any other so the schema cannot outgrow it silently.
 */
import schema from '../../shared/report/report.schema.json'
import type { JobReport } from '../../shared/report/report-model'

export type Schema = Record<string, unknown>
const KNOWN = new Set([
  '$schema',
  '$id',
  '$defs',
  'title',
  'description',
  'format',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  '$ref',
  'oneOf',
  'minimum',
  'maximum',
  'pattern',
])

function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return typeof v
}

/** The errors of `v` against schema `s` (with `root` for `$ref`s), as `$.path: why` lines. */
export function validate(s: Schema, v: unknown, root: Schema, path = '$'): string[] {
  for (const k of Object.keys(s))
    if (!KNOWN.has(k)) throw new Error(`validator does not know keyword "${k}" at ${path}`)
  if (typeof s['$ref'] === 'string') {
    const name = s['$ref'].replace('#/$defs/', '')
    return validate((root['$defs'] as Record<string, Schema>)[name] as Schema, v, root, path)
  }
  const errors: string[] = []
  if (s['type'] !== undefined) {
    const types = ([] as string[]).concat(s['type'] as string | string[])
    const t = typeOf(v)
    if (!types.includes(t) && !(t === 'integer' && types.includes('number')))
      return [`${path}: expected ${types.join('|')}, got ${t}`]
  }
  if ('const' in s && v !== s['const']) errors.push(`${path}: expected ${String(s['const'])}`)
  if (Array.isArray(s['enum']) && !s['enum'].includes(v))
    errors.push(`${path}: ${JSON.stringify(v)} not in ${JSON.stringify(s['enum'])}`)
  if (Array.isArray(s['oneOf'])) {
    const results = (s['oneOf'] as Schema[]).map((o) => validate(o, v, root, path))
    const matches = results.filter((e) => e.length === 0).length
    // Nothing matched: show why the branch of the value's own type failed, not just "0 of oneOf".
    const near = results.find((e) => !(e.length === 1 && e[0]?.includes(': expected ')))
    if (matches === 0 && near) errors.push(...near)
    else if (matches !== 1) errors.push(`${path}: matches ${matches} of oneOf`)
  }
  if (typeof v === 'number') {
    if (typeof s['minimum'] === 'number' && v < s['minimum']) errors.push(`${path}: below minimum`)
    if (typeof s['maximum'] === 'number' && v > s['maximum']) errors.push(`${path}: above maximum`)
  }
  if (
    typeof v === 'string' &&
    typeof s['pattern'] === 'string' &&
    !new RegExp(s['pattern']).test(v)
  )
    errors.push(`${path}: does not match ${s['pattern']}`)
  if (Array.isArray(v) && s['items'])
    v.forEach((item, i) =>
      errors.push(...validate(s['items'] as Schema, item, root, `${path}[${i}]`)),
    )
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>
    const props = (s['properties'] ?? {}) as Record<string, Schema>
    for (const r of (s['required'] ?? []) as string[])
      if (!(r in o)) errors.push(`${path}: missing ${r}`)
    for (const [k, val] of Object.entries(o)) {
      const p = props[k]
      if (p) errors.push(...validate(p, val, root, `${path}.${k}`))
      else if (s['additionalProperties'] === false) errors.push(`${path}: unexpected ${k}`)
    }
  }
  return errors
}

/** Every way the report (as its JSON file reads) breaks the schema; empty when it fits. */
export function reportSchemaErrors(report: JobReport | unknown): string[] {
  return validate(schema, JSON.parse(JSON.stringify(report)), schema)
}
