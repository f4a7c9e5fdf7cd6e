/**
 * `scanpath` command-line parsing. Usage errors are values, not exceptions, so the caller can
 * print one clear line and exit with 2.
 */
import { parseArgs } from 'node:util'

import {
  describeIssues,
  diagnoseOptionsSchema,
  type DiagnoseOptions,
} from '../../shared/diagnose-options'

export const USAGE = `Usage: scanpath diagnose [options]

Runs ScanPath's site checks from this machine's network: reachability of Microsoft 365 on
ports 587, 25 and 465, the STARTTLS negotiation (TLS version, cipher, certificate, AUTH methods,
the public IP Exchange Online sees) and whether old TLS 1.0/1.1 clients are refused.

Options:
  --submission-host HOST   client-submission host (default smtp.office365.com)
  --submission-port PORT   client-submission port (default 587)
  --smtp-port PORT         plain SMTP port for the port-25 checks (default 25)
  --implicit-tls-port PORT implicit-TLS port reported for information (default 465)
  --mx-host HOST           tenant MX endpoint, e.g. contoso-com.mail.protection.outlook.com
  --timeout-ms MS          limit for each step of a check (default 8000)
  --ehlo-name NAME         name to give in EHLO (default scanpath.localdomain)
  --skip-port-25           do not check port 25 on the submission host
  --skip-465               do not report port 465
  --skip-legacy-tls        do not test whether TLS 1.0/1.1 clients are refused
  --json                   print the report as JSON (stable field names)
  -h, --help               show this help

Exit status: 0 when no check failed, 1 when a check failed, 2 for a usage error.
Certificates are verified against the system store; NODE_EXTRA_CA_CERTS is honoured.`

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'diagnose'; options: DiagnoseOptions; json: boolean }
  | { kind: 'usage-error'; message: string }

function portNumber(flag: string, raw: string | undefined): number | string | undefined {
  if (raw === undefined) return undefined
  if (!/^\d+$/.test(raw)) return `--${flag} must be a number, got "${raw}"`
  return Number(raw)
}

export function parseCli(argv: string[]): CliCommand {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'submission-host': { type: 'string' },
        'submission-port': { type: 'string' },
        'smtp-port': { type: 'string' },
        'implicit-tls-port': { type: 'string' },
        'mx-host': { type: 'string' },
        'timeout-ms': { type: 'string' },
        'ehlo-name': { type: 'string' },
        'skip-port-25': { type: 'boolean' },
        'skip-465': { type: 'boolean' },
        'skip-legacy-tls': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    return { kind: 'usage-error', message: e instanceof Error ? e.message : String(e) }
  }
  const { values, positionals } = parsed
  if (values.help) return { kind: 'help' }
  const [command, ...extra] = positionals
  if (command === undefined)
    return { kind: 'usage-error', message: 'missing command: try "scanpath diagnose"' }
  if (command !== 'diagnose')
    return { kind: 'usage-error', message: `unknown command "${command}": try "scanpath diagnose"` }
  if (extra.length > 0) return { kind: 'usage-error', message: `unexpected argument "${extra[0]}"` }

  const numbers: Record<string, number | undefined> = {}
  for (const [flag, key] of [
    ['submission-port', 'submissionPort'],
    ['smtp-port', 'smtpPort'],
    ['implicit-tls-port', 'implicitTlsPort'],
    ['timeout-ms', 'timeoutMs'],
  ] as const) {
    const n = portNumber(flag, values[flag])
    if (typeof n === 'string') return { kind: 'usage-error', message: n }
    numbers[key] = n
  }

  const candidate = Object.fromEntries(
    Object.entries({
      submissionHost: values['submission-host'],
      mxHost: values['mx-host'],
      ehloName: values['ehlo-name'],
      ...numbers,
      checkPort25: values['skip-port-25'] ? false : undefined,
      checkImplicitTls: values['skip-465'] ? false : undefined,
      checkLegacyTls: values['skip-legacy-tls'] ? false : undefined,
    }).filter(([, v]) => v !== undefined),
  )
  const checked = diagnoseOptionsSchema.safeParse(candidate)
  if (!checked.success) {
    const flagged = describeIssues(checked.error).replace(
      /\b(submissionHost|submissionPort|smtpPort|implicitTlsPort|mxHost|timeoutMs|ehloName)\b/g,
      (k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    )
    return { kind: 'usage-error', message: flagged }
  }
  return { kind: 'diagnose', options: checked.data, json: values.json ?? false }
}
