/** Times in documents that leave the laptop (report, PDFs): one text on every machine. */

/** "2026-03-14 10:05 UTC" (no locale, no local time zone); "-" for none; other text as given. */
export function formatUtcTime(iso: string | null): string {
  if (!iso) return '-'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
