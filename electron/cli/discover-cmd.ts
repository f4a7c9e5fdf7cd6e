/**
 * `scanpath discover`: lists the printers that answer DNS-SD (Bonjour/mDNS) on the laptop's local
 * networks. Exit 0 when at least one answered, 1 when none did, 2 on usage errors.
 */
import { isIPv4 } from 'node:net'

import { CATALOG } from '../../shared/catalog'
import type { DnsSdBrowseResult } from '../../shared/discovery-types'
import { browsePrinters } from '../discovery/dns-sd'
import { numberFlag, parseFlags, usageErrorText } from './parse-flags'
import { printJson, printLines } from './output'

export const DISCOVER_USAGE = `Usage: scanpath discover [--on ADDRESS]... [--timeout-s S] [--json]

Lists printers that announce themselves by DNS-SD (Bonjour/mDNS: _ipp, _ipps, _pdl-datastream,
_printer) on this laptop's local networks, with the closest catalogue family. Then run
\`scanpath identify ADDRESS\` on the one you are setting up.

Options:
  --on ADDRESS   this laptop's IPv4 address on the network to search (repeat for several;
                 default: every network the laptop is on)
  --timeout-s S  how long to listen for answers (default 3, 1 to 30)
  --json         print the full answer as JSON`

export type DiscoverCommand =
  | { kind: 'discover'; interfaces: string[] | null; timeoutS: number; json: boolean }
  | { kind: 'discover-help' }
  | { kind: 'usage-error'; message: string }

export function parseDiscoverCommand(argv: readonly string[]): DiscoverCommand {
  const args = argv[0] === 'discover' ? argv.slice(1) : [...argv]
  const parsed = parseFlags(args, {
    on: { type: 'string', multiple: true },
    'timeout-s': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  })
  if (!parsed.ok) return { kind: 'usage-error', message: parsed.message }
  const { values } = parsed
  if (values.help) return { kind: 'discover-help' }
  if (parsed.positionals.length > 0)
    return { kind: 'usage-error', message: `unexpected argument "${parsed.positionals[0]}"` }
  const raw = values['timeout-s']
  const timeoutS = raw === undefined ? 3 : numberFlag('--timeout-s', raw, 'seconds', 1, 30)
  if (typeof timeoutS !== 'number') return { kind: 'usage-error', message: timeoutS.error }
  const on = values.on ?? null
  for (const a of on ?? [])
    if (!isIPv4(a))
      return {
        kind: 'usage-error',
        message: `--on ${JSON.stringify(a)}: give this laptop's IPv4 address on that network, e.g. 192.168.1.23`,
      }
  return { kind: 'discover', interfaces: on, timeoutS, json: values.json ?? false }
}

/** The lines `scanpath discover` prints (made safe by printLines: the names are the devices'). */
export function formatDiscovery(r: DnsSdBrowseResult): string[] {
  const lines = [r.summary]
  for (const p of r.printers) {
    const top = p.catalogMatches[0]
    const family = top ? CATALOG.find((f) => f.id === top.familyId) : undefined
    const services = p.services
      .map((s) => (s.port === null ? s.service : `${s.service} ${s.port}`))
      .join(', ')
    lines.push('')
    lines.push(`  ${p.addresses.join(', ').padEnd(16)} ${p.name}`)
    if (p.makeAndModel && p.makeAndModel !== p.name)
      lines.push(`  ${''.padEnd(16)} Make and model: ${p.makeAndModel}`)
    if (p.host) lines.push(`  ${''.padEnd(16)} Host:           ${p.host}`)
    if (services) lines.push(`  ${''.padEnd(16)} Services:       ${services}`)
    lines.push(
      `  ${''.padEnd(16)} Catalogue:      ${family ? `${family.vendorName} ${family.family}` : 'no family fits; pick by hand'}`,
    )
    const ipp = p.services.find((x) => x.service === 'ipp')?.port
    if (p.addresses[0])
      lines.push(
        `  ${''.padEnd(16)} Next:           scanpath identify ${p.addresses[0]}${ipp && ipp !== 631 ? ` --ipp-port ${ipp}` : ''}`,
      )
  }
  for (const problem of r.problems) lines.push(`  Note: ${problem}`)
  return lines
}

export async function runDiscoverCommand(cmd: DiscoverCommand): Promise<number> {
  if (cmd.kind === 'discover-help') {
    process.stdout.write(`${DISCOVER_USAGE}\n`)
    return 0
  }
  if (cmd.kind === 'usage-error') {
    process.stderr.write(usageErrorText(cmd.message, 'discover'))
    return 2
  }
  const result = await browsePrinters({
    timeoutMs: cmd.timeoutS * 1000,
    ...(cmd.interfaces ? { interfaces: cmd.interfaces } : {}),
  })
  if (cmd.json) printJson(process.stdout, result, 2)
  else printLines(process.stdout, formatDiscovery(result))
  return result.printers.length > 0 ? 0 : 1
}
