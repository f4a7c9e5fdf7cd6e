/**
 * The sentence a check deferred because the site was offline starts with: the runner puts it in
 * front of the check's own explanation (and marks the check `skipReason: 'offline'`, which is
 * what the renderer reads to show "Deferred").
 */
export const OFFLINE_EXPLANATION = 'Offline — run again when the site is online.'

/**
 * Where the person named the run's DNS server: `--dns-server` on the command line, or the DNS
 * server field under "Advanced" on the Site checks screen.
 */
export type DnsServerNamedIn = 'cli' | 'app'

/**
 * What a check says when the DNS server the person named did not answer and the check needed it.
 * That is the server's failure, not an offline site: the laptop may well be online, and the one
 * thing to do is to correct the address or drop it.
 */
export function silentDnsServerText(
  server: string,
  namedIn: DnsServerNamedIn,
): { explanation: string; fix: string } {
  return namedIn === 'cli'
    ? {
        explanation: `The DNS server ${server} named with --dns-server did not answer.`,
        fix: "Check the address, or leave --dns-server out to use the system's DNS.",
      }
    : {
        explanation: `The DNS server ${server} set under Advanced did not answer.`,
        fix: "Check the address under Advanced > DNS server, or empty the field to use this laptop's own resolver.",
      }
}
