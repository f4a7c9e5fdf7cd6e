/**
 * External links leave the app only through this check: parsed with `URL`, https only, and only
 * to hosts we cite in guidance. Never hand a renderer string straight to the OS.
 */
export const EXTERNAL_HOST_ALLOWLIST: readonly string[] = [
  'learn.microsoft.com',
  'aka.ms',
  'techcommunity.microsoft.com',
  'admin.microsoft.com',
  'admin.exchange.microsoft.com',
  'security.microsoft.com',
  'sender.office.com',
  // Where the Microsoft device-code sign-in is finished.
  'microsoft.com',
  'www.microsoft.com',
  'login.microsoft.com',
  'login.microsoftonline.com',
  // Blocklist lookup and removal pages (electron/probes/blocklist-check.ts).
  'check.spamhaus.org',
  'www.spamcop.net',
  'www.barracudacentral.org',
]

export type ExternalUrlCheck = { ok: true; url: string } | { ok: false; reason: string }

/**
 * `cited`: exact addresses the app itself cites as sources (the catalogue's vendor documents), also
 * opened though their hosts are not on the list — only that address, never the rest of the site.
 */
export function checkExternalUrl(raw: string, cited?: ReadonlySet<string>): ExternalUrlCheck {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'not a valid URL' }
  }
  if (url.protocol !== 'https:')
    return { ok: false, reason: `${url.protocol} links are not opened` }
  if (url.username || url.password)
    return { ok: false, reason: 'links with credentials are not opened' }
  if (url.port && url.port !== '443')
    return { ok: false, reason: 'links to other ports are not opened' }
  if (!EXTERNAL_HOST_ALLOWLIST.includes(url.hostname) && !(cited?.has(raw) && raw === url.href))
    return { ok: false, reason: `${url.hostname} is not on the list of sites ScanPath opens` }
  return { ok: true, url: url.href }
}
