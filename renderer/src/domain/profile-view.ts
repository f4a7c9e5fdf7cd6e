/** Small display helpers for profiles and Verify. Pure, unit-tested. */

/** "14:05" in the technician's time zone, or the text as given when it is not a date. */
export function formatClock(iso: string, locale?: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })
}

/** "5 Dec 2026, 14:05" in the technician's time zone, or the text as given when not a date. */
export function formatDateTime(iso: string, locale?: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleString(locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** "smtp.office365.com:587". */
export function endpointLabel(p: { host: string; port: number }): string {
  return p.host.includes(':') ? `[${p.host}]:${p.port}` : `${p.host}:${p.port}`
}

/**
 * A Verify fix split into its words and the admin's PowerShell command (main appends it as
 * "Admin's PowerShell: …"), so the command can be shown as a block to copy exactly.
 */
export function splitFix(fix: string): { text: string; command: string | null } {
  const m = /^([\s\S]*?)\s*Admin's PowerShell:\s*(\S[\s\S]*)$/.exec(fix)
  if (!m || m[1] === undefined || m[2] === undefined) return { text: fix, command: null }
  return { text: m[1], command: m[2].trim() }
}
