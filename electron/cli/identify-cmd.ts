/**
 * `scanpath identify HOST`: asks a printer what it is (IPP Get-Printer-Attributes, SNMP sysDescr)
 * and names the closest catalogue family. Exit 0 when it identified itself, 1 when not, 2 on usage.
 */
import { CATALOG } from '../../shared/catalog'
import type { PrinterIdentity } from '../../shared/discovery-types'
import { hostProblem } from '../../shared/host-syntax'
import { identifyPrinter } from '../discovery/identify'
import { numberFlag, parseFlags, portFlag, usageErrorText } from './parse-flags'
import { printJson, printLines } from './output'

export const IDENTIFY_USAGE = `Usage: scanpath identify HOST [--ipp-port N] [--snmp-port N] [--community NAME] [--timeout-s S] [--json]

Asks the device at HOST what it is: IPP (printer-make-and-model, firmware) and SNMP (sysDescr),
both at once, and names the closest family in ScanPath's catalogue. Confirm it on the device.

Options:
  --ipp-port N      IPP port (default 631)
  --snmp-port N     SNMP port (default 161, UDP)
  --community NAME  SNMP v2c read community (default public)
  --timeout-s S     per source (default 3)
  --json            print the full answer as JSON`

export type IdentifyCommand =
  | {
      kind: 'identify'
      host: string
      ippPort: number
      snmpPort: number
      community: string
      timeoutS: number
      json: boolean
    }
  | { kind: 'identify-help' }
  | { kind: 'usage-error'; message: string }

export function parseIdentifyCommand(argv: readonly string[]): IdentifyCommand {
  const args = argv[0] === 'identify' ? argv.slice(1) : [...argv]
  const parsed = parseFlags(args, {
    'ipp-port': { type: 'string' },
    'snmp-port': { type: 'string' },
    // An SNMP community is a password in all but name: never repeated back.
    community: { type: 'string', secret: true },
    'timeout-s': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (!parsed.ok) return { kind: 'usage-error', message: parsed.message }
  const { values, positionals } = parsed
  if (values.help) return { kind: 'identify-help' }
  if (positionals.length !== 1)
    return {
      kind: 'usage-error',
      message: 'give exactly one HOST (the device’s IP address or name)',
    }
  const host = positionals[0]!
  const problem = hostProblem(host)
  if (problem) return { kind: 'usage-error', message: `HOST: ${problem}` }
  const ippPort =
    values['ipp-port'] === undefined ? 631 : portFlag('--ipp-port', values['ipp-port'])
  const snmpPort =
    values['snmp-port'] === undefined ? 161 : portFlag('--snmp-port', values['snmp-port'])
  const timeoutS =
    values['timeout-s'] === undefined
      ? 3
      : numberFlag('--timeout-s', values['timeout-s'], 'seconds', 1, 60)
  if (typeof ippPort !== 'number') return { kind: 'usage-error', message: ippPort.error }
  if (typeof snmpPort !== 'number') return { kind: 'usage-error', message: snmpPort.error }
  if (typeof timeoutS !== 'number') return { kind: 'usage-error', message: timeoutS.error }
  const community = values.community ?? 'public'
  if (community === '' || community.length > 64 || /[^\x21-\x7e]/.test(community))
    return { kind: 'usage-error', message: '--community must be 1-64 printable characters' }
  return {
    kind: 'identify',
    host,
    ippPort,
    snmpPort,
    community,
    timeoutS,
    json: values.json ?? false,
  }
}

/** The lines `scanpath identify` prints (made safe by printLines: the text is the device's). */
export function formatIdentity(id: PrinterIdentity): string[] {
  const lines = [id.summary]
  if (id.makeAndModel) lines.push(`  Make and model: ${id.makeAndModel}`)
  if (id.firmware) lines.push(`  Firmware:       ${id.firmware}`)
  // Without an answer the summary already gives each source's reason.
  if (id.makeAndModel)
    for (const [name, r] of Object.entries(id.sources))
      lines.push(
        `  ${name.toUpperCase().padEnd(14)}  ${r.ok ? `answered in ${r.durationMs} ms` : r.message}`,
      )
  for (const m of id.catalogMatches.slice(0, 3)) {
    const f = CATALOG.find((x) => x.id === m.familyId)
    lines.push(
      `  Catalogue:      ${f ? `${f.vendorName} ${f.family}` : m.familyId} (${m.why.join(', ')})`,
    )
  }
  return lines
}

export async function runIdentifyCommand(cmd: IdentifyCommand): Promise<number> {
  if (cmd.kind === 'identify-help') {
    process.stdout.write(`${IDENTIFY_USAGE}\n`)
    return 0
  }
  if (cmd.kind === 'usage-error') {
    process.stderr.write(usageErrorText(cmd.message, 'identify'))
    return 2
  }
  const id = await identifyPrinter({
    host: cmd.host,
    ippPort: cmd.ippPort,
    snmpPort: cmd.snmpPort,
    community: cmd.community,
    timeoutMs: cmd.timeoutS * 1000,
  })
  if (cmd.json) printJson(process.stdout, id, 2)
  else printLines(process.stdout, formatIdentity(id))
  return id.makeAndModel ? 0 : 1
}
