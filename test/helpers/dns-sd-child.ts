/**
 * Runs discovery on the laptop side of a DNS-SD test LAN (see dns-sd-lan.ts): a network namespace
 * is per process, so the code under test runs here, started with `ip netns exec`. Takes one JSON
 * request argument and prints the JSON result.
 */
import { browsePrinters } from '../../electron/discovery/dns-sd'
import { identifyPrinter } from '../../electron/discovery/identify'

type Request =
  | { mode: 'browse'; timeoutMs: number; interfaces?: string[] }
  | { mode: 'identify'; host: string; ippPort: number }

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2] ?? '{}') as Request
  const result =
    req.mode === 'browse'
      ? await browsePrinters({ timeoutMs: req.timeoutMs, interfaces: req.interfaces })
      : await identifyPrinter({
          host: req.host,
          ippPort: req.ippPort,
          snmpPort: 161,
          timeoutMs: 3000,
        })
  process.stdout.write(JSON.stringify(result))
}

void main()
