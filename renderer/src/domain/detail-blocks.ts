/**
 * What a check's "Details" panel is made of: a short list of typed blocks (facts, tables,
 * monospace records, notes) built by pure functions from the probe's data, and drawn by one
 * component per kind. Keeping the wording and choices here keeps them unit-tested without a DOM.
 */

export interface DetailRow {
  label: string
  value: string
}

/** How a tag reads at a glance. Always shown with its icon and label, never by colour alone. */
export type Tone = 'pass' | 'warn' | 'fail' | 'neutral'

export interface Tag {
  tone: Tone
  /** Decorative; screen readers read the label. */
  icon: string
  label: string
}

export type Cell =
  | { kind: 'text'; text: string; mono?: boolean }
  /** A tag, optionally followed by plain text (an error code, a detail). */
  | { kind: 'tag'; tag: Tag; text?: string }
  /** A page outside the app, opened in the browser through the bridge (after main's allowlist). */
  | { kind: 'link'; url: string; label: string; description: string }
  /** Nothing to say: drawn as a dash, read as "none". */
  | { kind: 'none' }

export type DetailBlock =
  /** A titled group (one IP version, say), so its facts can be told from a sibling's. */
  | { kind: 'section'; heading: string; blocks: DetailBlock[] }
  | { kind: 'facts'; rows: DetailRow[] }
  | { kind: 'table'; caption: string; columns: string[]; rows: Cell[][] }
  /** A record as it must be typed (monospace); `copyable` adds a Copy button. */
  | { kind: 'code'; label: string; text: string; copyable: boolean }
  | { kind: 'list'; label: string; items: string[] }
  | { kind: 'note'; tag: Tag; text: string }

export const TAGS = {
  pass: { tone: 'pass', icon: '✓', label: 'Pass' },
  warn: { tone: 'warn', icon: '⚠\uFE0E', label: 'Warning' },
  fail: { tone: 'fail', icon: '✕', label: 'Fail' },
  info: { tone: 'neutral', icon: 'i', label: 'Note' },
} as const satisfies Record<string, Tag>

export const text = (value: string, mono = false): Cell =>
  mono ? { kind: 'text', text: value, mono } : { kind: 'text', text: value }

export const textOrNone = (value: string | null | undefined, mono = false): Cell =>
  value ? text(value, mono) : { kind: 'none' }

export function list(values: readonly string[], none = 'none'): string {
  return values.length > 0 ? values.join(', ') : none
}

/** "system resolver" or the server the run asked. */
export function resolverText(label: string): string {
  return label === 'system' ? "this laptop's resolver" : label
}
