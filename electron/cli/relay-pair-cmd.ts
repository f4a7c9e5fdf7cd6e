/**
 * `scanpath relay pair --config FILE`: makes a new pairing code for the relay's status link, keeps
 * it in the relay's secret store (replacing the last one) and prints it for the technician to type
 * in ScanPath's Verify step. The running relay reads the stored code for each new connection.
 */
import type { LoadedRelayConfig } from '../relay/config'
import { PAIRING_CODE_KEY } from '../relay/status-link/pairing-store'
import { newPairingCode } from '../relay/status-link/proof'
import { formatRelayCode } from '../../shared/relay-link'
import { printLines } from './output'
import { openRelayStore } from './relay-setup-cmd'

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

export async function runRelayPair(
  cfg: LoadedRelayConfig,
  file: string,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  const store = await openRelayStore(cfg, file, true)
  const code = newPairingCode()
  await store.set(PAIRING_CODE_KEY, code)
  const where = hostPort(cfg.listen.address, cfg.status.port)
  printLines(io.stdout, [
    `Pairing code: ${formatRelayCode(code)}`,
    `Type it in ScanPath's Verify step with the relay's address ${where}; a new \`scanpath relay pair\` replaces it (the old code stops working within seconds).`,
  ])
  if (!cfg.status.enabled)
    printLines(io.stderr, [
      `scanpath relay: "status.enabled" is false in ${file}, so the relay serves no status link: set it to true and restart the relay`,
    ])
  return 0
}
