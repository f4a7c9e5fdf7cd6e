/**
 * The customer site the browser tests talk to, all on 127.0.0.1: an Exchange-Online-like SMTP
 * server with a test PKI, an authoritative DNS server with the site's records, an HTTPS IP-echo
 * service, and the probe dependencies that resolve every name to loopback and trust the test CA.
 * Also the preconditions every browser test shares, and the check made when a watched page closes.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

import { expect } from 'vitest'

import type { ProbeDeps } from '../../../electron/probes/probe-deps'
import { startDnsServer, type DnsRecord, type DnsServer } from '../../helpers/dns-server'
import { startIpEchoServer, type IpEchoServer } from '../../helpers/ip-echo-server'
import { startScenarioServer, type ScenarioServer } from '../../helpers/scenario-smtp-server'
import { requirePeer, type PeerRequirement } from '../../helpers/require-peer'
import { createTestPki, type TestPki } from '../../helpers/test-pki'
import { LOOPBACK_DEPS } from './app-harness'
import { CHROMIUM, type WatchedPage } from './page-tools'

export const RENDERER_INDEX = resolve('out/renderer/index.html')

/**
 * What every browser test file needs, as a requirement (test/helpers/require-peer.ts): the built
 * renderer (missing: an error, never a skip) and Chromium (missing: a skip here, a failure in CI),
 * plus whatever else the file names. Call it at the file's top level.
 */
export function requireBrowser(more?: { need: string; reason: string | null }): PeerRequirement {
  if (!existsSync(RENDERER_INDEX))
    throw new Error(`${RENDERER_INDEX} is missing. Run \`npm run build\` first.`)
  const reasons = [
    existsSync(CHROMIUM) ? null : `${CHROMIUM} is not installed (apt-get install chromium)`,
    more?.reason ?? null,
  ].filter((r): r is string => Boolean(r))
  return requirePeer(more ? `Chromium and ${more.need}` : 'Chromium', reasons.join('; ') || null)
}

/** Closes a watched page and fails the test on any console error or CSP violation it recorded. */
export async function closeWatchedPage(open: WatchedPage | undefined): Promise<void> {
  if (!open) return
  await open.close()
  expect(open.problems, 'console errors / CSP violations in the page').toEqual([])
}

/** The site's DNS blocklist zone, answered by its DNS server. */
export const TEST_BLOCKLIST = 'zen.test.local'

export interface LocalSite {
  pki: TestPki
  exchange: ScenarioServer
  dns: DnsServer
  echo: IpEchoServer
  /** Every name resolves to 127.0.0.1; the test CA is trusted. */
  deps: ProbeDeps
  /** The app's site-check defaults pointed at this site: its DNS server, echo and blocklist. */
  siteDefaults: { dnsServer: string; publicIpSources: string[]; blocklists: string[] }
  close(): Promise<void>
}

export async function startLocalSite(opts: {
  records: DnsRecord[]
  /** The public IPv4 the echo service and Exchange's `Hello [ip]` report. */
  echoIp: string
  /** Mailboxes the Exchange-like server accepts (address → password). */
  users?: Record<string, string>
  /** Whether Exchange's greeting echoes `echoIp` as the client's address (default true). */
  exchangeEchoesIp?: boolean
}): Promise<LocalSite> {
  const pki = await createTestPki()
  const exchange = await startScenarioServer({
    scenario: 'exchange',
    pki,
    ...(opts.exchangeEchoesIp === false ? {} : { echoIp: opts.echoIp }),
    ...(opts.users ? { users: opts.users } : {}),
  })
  const dns = await startDnsServer({ records: opts.records })
  const echo = await startIpEchoServer({ v4: opts.echoIp, v6: null, tls: pki.leaf })
  return {
    pki,
    exchange,
    dns,
    echo,
    deps: { ...LOOPBACK_DEPS, extraCa: [pki.ca.cert] },
    siteDefaults: {
      dnsServer: dns.address,
      publicIpSources: [echo.url4],
      blocklists: [TEST_BLOCKLIST],
    },
    close: async () => {
      await Promise.all([exchange.close(), dns.close(), echo.close()])
    },
  }
}
