/** Small text formatters shared by the site-check components (pure, unit-tested). */

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const m = Math.floor(ms / 60_000)
  const s = Math.round((ms % 60_000) / 1000)
  return `${m} min ${s} s`
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

const DAY_MS = 86_400_000

/**
 * A certificate's `validTo` ("Mar  3 12:00:00 2027 GMT", as Node reports it) as
 * "2027-03-03 (in 456 days)" or "2024-01-01 (expired 300 days ago)": the date alone does not tell
 * a technician on site whether it is a problem today.
 */
export function formatExpiry(validTo: string, now: number = Date.now()): string {
  const t = new Date(validTo).getTime()
  if (Number.isNaN(t)) return validTo
  const date = new Date(t).toISOString().slice(0, 10)
  const days = Math.floor(Math.abs(t - now) / DAY_MS)
  if (t < now)
    return days === 0
      ? `${date} (expired today)`
      : `${date} (expired ${count(days, 'day', 'days')} ago)`
  return days === 0
    ? `${date} (expires within a day)`
    : `${date} (in ${count(days, 'day', 'days')})`
}
