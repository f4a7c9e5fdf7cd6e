/**
 * Defaults and limits of a "Site checks" run. Kept apart from the zod schemas so the renderer can
 * use them without loading zod (zod 4 probes `new Function` at load, which the renderer's CSP —
 * script-src without 'unsafe-eval' — reports as a violation).
 */

/** Microsoft 365's client-submission endpoint (SMTP AUTH, STARTTLS on 587). */
export const DEFAULT_SUBMISSION_HOST = 'smtp.office365.com'
export const DEFAULT_SUBMISSION_PORT = 587
export const DEFAULT_SMTP_PORT = 25
export const DEFAULT_IMPLICIT_TLS_PORT = 465
/**
 * High Volume Email's SMTP endpoint (port 587, TLS required); smtp-hve.office365.com is to be
 * deprecated (docs/microsoft-365-facts.md, "High Volume Email").
 */
export const HVE_SUBMISSION_HOST = 'smtp.hve.mx.microsoft'
/** Per-phase timeout: connect, greeting, each command, TLS handshake. */
export const DEFAULT_PHASE_TIMEOUT_MS = 8000
/**
 * An SMTP session as a whole stops after this many phase timeouts: a healthy session spends most
 * of its time in one or two phases, so a slow-but-alive server cannot hold a check for
 * steps × timeout.
 */
export const DEADLINE_FACTOR = 3
export const MIN_TIMEOUT_MS = 100
export const MAX_TIMEOUT_MS = 120_000

/**
 * Where the public IP is asked from (docs/microsoft-365-facts.md, "The public IP as seen from
 * outside"). HTTPS sources are
 * asked once over IPv4 and once over IPv6; DNS sources answer for the family of their server.
 * Spec forms: an https:// (or http://) URL whose body is the IP (or has an `ip=` line);
 * `dns-ip:NAME@SERVER` (A or AAAA of NAME asked at SERVER, OpenDNS style);
 * `dns-txt:NAME@SERVER` (TXT of NAME asked at SERVER, Google style). SERVER may carry a port
 * (`host:port`, `[v6]:port`).
 */
export const DEFAULT_PUBLIC_IP_SOURCES: readonly string[] = [
  'https://api.ipify.org/',
  'https://api6.ipify.org/',
  'https://icanhazip.com/',
  'dns-ip:myip.opendns.com@208.67.222.222',
  'dns-ip:myip.opendns.com@[2620:0:ccc::2]',
  'dns-txt:o-o.myaddr.l.google.com@216.239.32.10',
  'dns-txt:o-o.myaddr.l.google.com@[2001:4860:4802:32::a]',
]

/** DNS blocklists the public IP is checked against. */
export const DEFAULT_BLOCKLISTS: readonly string[] = [
  'zen.spamhaus.org',
  'bl.spamcop.net',
  'b.barracudacentral.org',
]
