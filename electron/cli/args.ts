/**
 * `scanpath` command-line parsing. Usage errors are values, not exceptions, so the caller can
 * print one clear line and exit with 2.
 */
import { DEADLINE_FACTOR, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../../shared/diagnose-defaults'
import { diagnoseOptionsSchema, type DiagnoseOptions } from '../../shared/schemas/diagnose-options'
import { parseAuthCommand, type AuthCommand } from './auth-args'
import { numberFlag, parseFlags, portFlag } from './parse-flags'

export const USAGE = `Usage: scanpath diagnose [options]

Runs ScanPath's site checks from this machine's network: reachability of Microsoft 365 on
ports 587, 25 and 465, the STARTTLS negotiation (TLS version, cipher, certificate, AUTH methods,
the public IP Exchange Online sees), whether old TLS 1.0/1.1 clients are refused, and — with
--domain — the domain's MX and SPF, this site's public IP, its SPF verdict and blocklists.
With no internet, the checks end quickly as "offline" instead of failing.

Options:
  --submission-host HOST   client-submission host (default smtp.office365.com)
  --submission-port PORT   client-submission port (default 587)
  --smtp-port PORT         plain SMTP port for the port-25 checks (default 25)
  --implicit-tls-port PORT implicit-TLS port reported for information (default 465)
  --mx-host HOST           tenant MX endpoint, e.g. contoso-com.mail.protection.outlook.com
  --timeout-ms MS          limit for each step of a check (default 8000); an SMTP check as a
                           whole stops after ${DEADLINE_FACTOR} times this
  --ehlo-name NAME         name to give in EHLO (default scanpath.localdomain)
  --domain DOMAIN          the customer's mail domain: MX, SPF record, SPF verdict for this
                           site's address; its Microsoft 365 MX endpoint is then tested on 25
  --dns-server IP[:PORT]   DNS server for every lookup of the run (default: the system's);
                           if it does not answer, the checks that needed it fail
  --public-ip-source SPEC  where to ask for this site's public IP; repeat for several. SPEC is
                           an https:// URL, dns-ip:NAME@IP[:PORT] or dns-txt:NAME@IP[:PORT]
                           (default: ipify, icanhazip, OpenDNS and Google DNS echo)
  --blocklist ZONE         DNS blocklist to check the public IP against; repeat for several
                           (default: zen.spamhaus.org, bl.spamcop.net, b.barracudacentral.org)
  --skip-port-25           do not check port 25 on the submission host
  --skip-465               do not report port 465
  --skip-legacy-tls        do not test whether TLS 1.0/1.1 clients are refused
  --skip-public-ip         do not look up the public IP (nor the SPF verdict and blocklists)
  --skip-blocklists        do not check blocklists
  --json                   print the report as JSON (stable field names)
  -h, --help               show this help

Exit status: 0 when no check failed, 1 when a check failed, 2 for a usage error.
Certificates are verified against the system store; NODE_EXTRA_CA_CERTS is honoured.`

const FLAG_OF: Record<string, string> = {
  submissionHost: '--submission-host',
  submissionPort: '--submission-port',
  smtpPort: '--smtp-port',
  implicitTlsPort: '--implicit-tls-port',
  mxHost: '--mx-host',
  timeoutMs: '--timeout-ms',
  ehloName: '--ehlo-name',
  domain: '--domain',
  dnsServer: '--dns-server',
  publicIpSources: '--public-ip-source',
  blocklists: '--blocklist',
}

/** The commands parseCli reads (the others have their own parsers). */
export type CliVerb = 'diagnose' | 'auth-test' | 'send-test'

export type CliCommand =
  /** `command`: the help of that command only; without it, of every command. */
  | { kind: 'help'; command?: CliVerb }
  /** `scanpath --version` (or -V): the version of ScanPath, as the app's About shows it. */
  | { kind: 'version' }
  | AuthCommand
  | { kind: 'diagnose'; options: DiagnoseOptions; json: boolean }
  /** `command`: whose --help to point at; without it, the command was missing or unknown. */
  | { kind: 'usage-error'; message: string; command?: CliVerb }

const COMMANDS =
  'try "scanpath diagnose", "scanpath auth-test", "scanpath send-test", "scanpath report", "scanpath capture", "scanpath identify" or "scanpath discover"'

const DIAGNOSE_FLAGS = {
  'submission-host': { type: 'string' },
  'submission-port': { type: 'string' },
  'smtp-port': { type: 'string' },
  'implicit-tls-port': { type: 'string' },
  'mx-host': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'ehlo-name': { type: 'string' },
  domain: { type: 'string' },
  'dns-server': { type: 'string' },
  'public-ip-source': { type: 'string', multiple: true },
  blocklist: { type: 'string', multiple: true },
  'skip-public-ip': { type: 'boolean' },
  'skip-blocklists': { type: 'boolean' },
  'skip-port-25': { type: 'boolean' },
  'skip-465': { type: 'boolean' },
  'skip-legacy-tls': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

export function parseCli(argv: string[]): CliCommand {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return { kind: 'version' }
  const first = argv.findIndex((a) => !a.startsWith('-'))
  const verb = first === -1 ? undefined : argv[first]
  if (verb === 'auth-test' || verb === 'send-test') {
    if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help', command: verb }
    const cmd = parseAuthCommand(
      verb,
      argv.filter((_, i) => i !== first),
    )
    return cmd.kind === 'usage-error' ? { ...cmd, command: verb } : cmd
  }
  const parsed = parseFlags(argv, DIAGNOSE_FLAGS)
  const named = verb === 'diagnose' ? ({ command: 'diagnose' } as const) : {}
  if (!parsed.ok) return { kind: 'usage-error', message: parsed.message, ...named }
  const { values, positionals } = parsed
  const [command, ...extra] = positionals
  if (values.help) return command === 'diagnose' ? { kind: 'help', command } : { kind: 'help' }
  if (command === undefined) return { kind: 'usage-error', message: `missing command: ${COMMANDS}` }
  if (command !== 'diagnose')
    return { kind: 'usage-error', message: `unknown command "${command}": ${COMMANDS}` }
  const usage = (message: string) => ({
    kind: 'usage-error' as const,
    message,
    command: 'diagnose' as const,
  })
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`)

  const numbers: Record<string, number | undefined> = {}
  for (const [flag, key] of [
    ['submission-port', 'submissionPort'],
    ['smtp-port', 'smtpPort'],
    ['implicit-tls-port', 'implicitTlsPort'],
    ['timeout-ms', 'timeoutMs'],
  ] as const) {
    const raw = values[flag]
    if (raw === undefined) continue
    const n =
      flag === 'timeout-ms'
        ? numberFlag(`--${flag}`, raw, 'milliseconds', MIN_TIMEOUT_MS, MAX_TIMEOUT_MS)
        : portFlag(`--${flag}`, raw)
    if (typeof n !== 'number') return usage(n.error)
    numbers[key] = n
  }

  const candidate = Object.fromEntries(
    Object.entries({
      submissionHost: values['submission-host'],
      mxHost: values['mx-host'],
      ehloName: values['ehlo-name'],
      domain: values.domain,
      dnsServer: values['dns-server'],
      publicIpSources: values['public-ip-source'],
      blocklists: values.blocklist,
      checkPublicIp: values['skip-public-ip'] ? false : undefined,
      checkBlocklists: values['skip-blocklists'] ? false : undefined,
      ...numbers,
      checkPort25: values['skip-port-25'] ? false : undefined,
      checkImplicitTls: values['skip-465'] ? false : undefined,
      checkLegacyTls: values['skip-legacy-tls'] ? false : undefined,
    }).filter(([, v]) => v !== undefined),
  )
  const checked = diagnoseOptionsSchema.safeParse(candidate)
  if (!checked.success) {
    // Name the flag, not the option key: "--public-ip-source #2 must be …".
    const flagged = checked.error.issues
      .map((i) => {
        const [key, index] = i.path
        const flag = typeof key === 'string' ? (FLAG_OF[key] ?? key) : ''
        const which = typeof index === 'number' ? ` #${index + 1}` : ''
        return `${flag}${which} ${i.message}`.trim()
      })
      .join('; ')
    return usage(flagged)
  }
  return { kind: 'diagnose', options: checked.data, json: values.json ?? false }
}
