import { lookup as dnsLookup } from 'node:dns/promises'

/** One resolved address, as `dns.lookup(…, { all: true })` returns it. */
export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

/** Injectable edges of every probe, so tests point them at local peers. */
export interface ProbeDeps {
  /** Name → addresses, the way the OS (and so the device's stub resolver) would do it. */
  lookup: (host: string) => Promise<ResolvedAddress[]>
  /** Extra trusted CA certificates (PEM), on top of the system store and NODE_EXTRA_CA_CERTS. */
  extraCa?: string[]
}

export const systemLookup: ProbeDeps['lookup'] = async (host) => {
  const found = await dnsLookup(host, { all: true, verbatim: true })
  return found
    .filter((a) => a.family === 4 || a.family === 6)
    .map((a) => ({ address: a.address, family: a.family as 4 | 6 }))
}

export const defaultProbeDeps: ProbeDeps = { lookup: systemLookup }
