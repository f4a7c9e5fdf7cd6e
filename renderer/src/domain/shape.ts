/** Probe `data` arrives as plain JSON; its shape is recognised by its fields, never trusted. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
