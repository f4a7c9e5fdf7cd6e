/**
 * Which MX hosts are Microsoft 365's own. Domains added before July 2026 have
 * `<domain>-<tld>.mail.protection.outlook.com`; domains added from July 2026 get a host under
 * `mx.microsoft` (`<domain>-<tld>.<zone>.mx.microsoft`, MC1048624; docs/microsoft-365-facts.md, "MX
 * host names"). The zone part is Microsoft's choice, so an MX name is never built from the domain:
 * it is read from DNS (or the admin center's "Points to address").
 */
export function isMicrosoftMx(host: string): boolean {
  return /\.mail\.protection\.outlook\.com\.?$/i.test(host) || /\.mx\.microsoft\.?$/i.test(host)
}

/** The patterns as people write them, for hints and firewall requests. */
export const MICROSOFT_MX_PATTERNS = '*.mail.protection.outlook.com or *.mx.microsoft'
