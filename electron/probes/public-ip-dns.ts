/**
 * The DNS echo sources of the public-IP check (OpenDNS, Google): a name whose answer, from the
 * echo's own server, is the address that asked.
 */
import net from 'node:net'

import type { PublicIpObservation } from '../../shared/site-identity-types'
import { parsePublicIpSource } from '../../shared/public-ip-source'
import { createDnsClient, dnsErrorCode, serverAddress } from './dns-client'

/** Asks one DNS echo source (`dns:` spec) for the address it sees, straight at its own server. */
export async function observeDns(spec: string, timeoutMs: number): Promise<PublicIpObservation> {
  const t0 = performance.now()
  const parsed = parsePublicIpSource(spec)
  if (typeof parsed === 'string' || parsed.kind !== 'dns')
    throw new Error(`not a DNS source: ${spec}`)
  const obs = (ip: string | null, error: string | null): PublicIpObservation => ({
    source: spec,
    kind: 'dns',
    family: parsed.family,
    ip,
    error,
    durationMs: Math.round(performance.now() - t0),
  })
  // Asked straight at the echo's own server: through a recursive resolver the answer would
  // describe the resolver, not this site.
  const client = createDnsClient({
    servers: [serverAddress(parsed.server, parsed.port)],
    timeoutMs,
  })
  try {
    if (parsed.record === 'ip') {
      const ips =
        parsed.family === 4
          ? await client.resolve4(parsed.name)
          : await client.resolve6(parsed.name)
      const ip = ips.find((a) => net.isIP(a) === parsed.family)
      return ip ? obs(ip, null) : obs(null, 'no address in the answer')
    }
    const txt = await client.resolveTxt(parsed.name)
    const ip = txt.map((t) => t.trim()).find((t) => net.isIP(t) === parsed.family)
    return ip ? obs(ip, null) : obs(null, 'no address in the answer')
  } catch (e) {
    return obs(null, dnsErrorCode(e))
  } finally {
    client.cancel()
  }
}
