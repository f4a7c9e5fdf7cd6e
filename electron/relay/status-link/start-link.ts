/**
 * Starts the relay's status link as the relay starts: on its listen address and `status.port`,
 * unless turned off. A link that cannot listen is logged and left out; mail keeps flowing.
 */
import type { LoadedRelayConfig } from '../config'
import type { RelayLog } from '../relay-log'
import type { RelayStatus } from '../relay-status'
import { linkStatus } from './link-status'
import { storedCodeReader } from './pairing-store'
import type { RecentEvents } from './recent-events'
import { startStatusLink, type StatusLink } from './server'

export interface RelayLinkDeps {
  config: LoadedRelayConfig
  tls: { key: string; cert: string }
  recent: RecentEvents
  status: () => RelayStatus
  account: string
  /** The pairing code (tests); default: the one `relay pair` stored. */
  readCode?: () => Promise<string | null>
  log: (line: string) => void
  supportLog: RelayLog
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

export async function startRelayStatusLink(d: RelayLinkDeps): Promise<StatusLink | null> {
  const { config } = d
  if (!config.status.enabled) return null
  const where = hostPort(config.listen.address, config.status.port)
  try {
    const link = await startStatusLink({
      host: config.listen.address,
      port: config.status.port,
      tls: d.tls,
      allowRanges: config.allowRanges,
      statusAllowRanges: config.statusAllowRanges,
      readCode: d.readCode ?? storedCodeReader(config, d.log),
      status: () =>
        linkStatus(d.status(), {
          tlsMode: config.tls.mode,
          account: d.account,
          recent: d.recent.list(),
        }),
      log: d.log,
      refused: (peer, reason) =>
        d.supportLog.event('warn', 'status-link-refused', { peer, reason }),
    })
    d.log(`relay: status link on ${hostPort(link.address, link.port)} (for ScanPath's Verify step)`)
    return link
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e)
    d.log(
      `relay: warning: the status link cannot listen on ${where} (${code}), so ScanPath's Verify step cannot watch this relay: set "status.port" to a free port, or "status.enabled" to false`,
    )
    d.supportLog.event('warn', 'status-link-not-started', { listen: where, reason: code })
    return null
  }
}
