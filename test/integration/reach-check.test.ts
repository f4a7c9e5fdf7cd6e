/**
 * Reachability classification over real sockets: a greeting server, a refused port, a silent
 * server, a refusal greeting, DNS errors, IPv4 and IPv6 tried separately, and — in a network
 * namespace with iptables rules — a filtered port that only times out.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ProbeDeps } from '../../electron/probes/probe-deps'
import { checkReach, type ReachInput } from '../../electron/probes/reach-check'
import { requirePeer } from '../helpers/require-peer'
import { createFilteredHost, netnsSupport, type FilteredHost } from '../helpers/netns'
import { type ScenarioName } from '../helpers/scenario-smtp-server'
import { useScenarioPeers } from '../helpers/scenario-peers'

const peers = useScenarioPeers()
const serve = (scenario: ScenarioName) => peers.serve(scenario)
const v4: ProbeDeps = { lookup: async () => [{ address: '127.0.0.1', family: 4 }] }

async function closedPort(): Promise<number> {
  const srv = net.createServer().listen(0, '127.0.0.1')
  await new Promise((r) => srv.once('listening', r))
  const port = (srv.address() as net.AddressInfo).port
  await new Promise((r) => srv.close(r))
  return port
}

const reach = (port: number, over: Partial<ReachInput> = {}, deps: ProbeDeps = v4) =>
  checkReach(
    {
      id: 'reach-submission',
      role: 'submission',
      host: 'smtp.test',
      port,
      timeoutMs: 1500,
      ...over,
    },
    deps,
  )

describe('reachability', () => {
  it('open: the greeting is seen and recorded', async () => {
    const s = await serve('exchange')
    const r = await reach(s.port)
    const d = r.data
    expect(r.status).toBe('pass')
    expect(d.outcome).toBe('open')
    expect(d.attempts).toHaveLength(1)
    expect(d.attempts[0]).toMatchObject({
      family: 4,
      address: '127.0.0.1',
      outcome: 'open',
      errorCode: null,
    })
    expect(d.attempts[0]?.greeting?.code).toBe(220)
    expect(r.explanation).toMatch(
      /^smtp\.test answers on port \d+ from this network \(IPv4 127\.0\.0\.1: answered in \d+ ms\)\./,
    )
    expect(r.fix).toBeNull()
  })

  it('refused: fails at once with a check-the-host fix', async () => {
    const r = await reach(await closedPort())
    const d = r.data
    expect(r.status).toBe('fail')
    expect(d.outcome).toBe('refused')
    expect(d.attempts[0]?.errorCode).toBe('ECONNREFUSED')
    expect(r.explanation).toContain('was refused')
    expect(r.fix).toContain('Check the host name')
    expect(r.durationMs).toBeLessThan(1500)
  })

  it('connected but silent: "no greeting", pointing at SMTP interception', async () => {
    const s = await serve('greeting-never')
    const r = await reach(s.port, { timeoutMs: 500 })
    expect(r.data.outcome).toBe('no-greeting')
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('no SMTP greeting came')
    expect(r.explanation).toContain('mail shield')
    expect(r.durationMs).toBeLessThan(500 + 1500)
  })

  it('a refusal greeting: open, but a failure explained from the reply', async () => {
    const s = await serve('banner-554')
    const r = await reach(s.port)
    expect(r.data.outcome).toBe('open')
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('refused service: "554 5.7.1')
    expect(r.explanation).toContain('blocklist')
  })

  it('port 25 blocked reads as the technician needs it', async () => {
    const r = await reach(await closedPort(), {
      id: 'reach-submission-smtp',
      role: 'outbound-smtp',
      host: 'smtp.office365.com',
    })
    expect(r.title).toMatch(/^Outbound port \d+ \(SMTP\) to smtp\.office365\.com$/)
    expect(r.fix).toContain('allow outbound TCP')
    expect(r.fix).toContain(
      '*.mail.protection.outlook.com or *.mx.microsoft, or use client submission on 587',
    )
  })

  it('port 465 is reported for information, never as a failure', async () => {
    const r = await reach(await closedPort(), {
      id: 'reach-implicit-tls',
      role: 'implicit-tls',
      host: 'smtp.office365.com',
    })
    expect(r.status).toBe('info')
    expect(r.explanation).toContain('Microsoft 365 SMTP AUTH does not support port')
    expect(r.explanation).toContain('cannot use client submission')
    expect(r.data.expectGreeting).toBe(false)
  })

  it('DNS failure: says the name does not resolve', async () => {
    const r = await reach(
      25,
      {},
      {
        lookup: async () => {
          throw Object.assign(new Error('queryA ENOTFOUND'), { code: 'ENOTFOUND' })
        },
      },
    )
    expect(r.status).toBe('fail')
    expect(r.data.outcome).toBe('dns-error')
    expect(r.explanation).toBe('smtp.test does not resolve on this network (ENOTFOUND).')
  })

  it('tries IPv4 and IPv6 separately and warns when one family fails', async () => {
    const s = await serve('exchange') // listens on 127.0.0.1 only, so ::1 is refused
    const both: ProbeDeps = {
      lookup: async () => [
        { address: '::1', family: 6 },
        { address: '127.0.0.1', family: 4 },
      ],
    }
    const r = await reach(s.port, {}, both)
    const d = r.data
    expect(d.attempts.map((a) => [a.family, a.outcome])).toEqual([
      [4, 'open'],
      [6, 'refused'],
    ])
    expect(d.outcome).toBe('open')
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('IPv6 ::1: refused')
    expect(r.fix).toContain('IPv4 only')
    expect(r.transcript.some((l) => l.text.startsWith('[IPv6]'))).toBe(true)
  })

  it('an IP literal is used as is, without a lookup', async () => {
    const s = await serve('exchange')
    const r = await checkReach(
      {
        id: 'reach-submission',
        role: 'submission',
        host: '127.0.0.1',
        port: s.port,
        timeoutMs: 1500,
      },
      {
        lookup: async () => {
          throw new Error('must not be called')
        },
      },
    )
    expect(r.status).toBe('pass')
  })
})

// --- A filtered port needs a real firewall: a network namespace with iptables rules -----------
const support = await netnsSupport()
const netns = requirePeer('network namespace support', support.ok ? null : support.reason)

describe.skipIf(netns.missing)(
  netns.title('reachability through a firewall (network namespace)'),
  () => {
    let host: FilteredHost

    beforeAll(async () => {
      host = await createFilteredHost({ openPort: 587, droppedPort: 25, rejectedPort: 465 })
    })
    afterAll(async () => {
      await host?.close()
    })

    const at = (port: number, role: ReachInput['role'], timeoutMs = 1000) =>
      checkReach({ id: 'reach-submission', role, host: host.address, port, timeoutMs }, v4)

    it('a DROP rule is a timeout: "port 25 is blocked on this network"', async () => {
      const r = await at(host.droppedPort, 'outbound-smtp')
      const d = r.data
      expect(d.outcome).toBe('timeout')
      expect(d.attempts[0]?.errorCode).toBe('ETIMEDOUT')
      expect(r.status).toBe('fail')
      expect(r.explanation).toContain('Port 25 is blocked on this network')
      expect(r.explanation).toContain('Most ISPs and many firewalls block outbound port 25')
      expect(r.fix).toContain(
        '*.mail.protection.outlook.com or *.mx.microsoft, or use client submission on 587',
      )
      expect(r.durationMs).toBeGreaterThanOrEqual(950)
      expect(r.durationMs).toBeLessThan(1000 + 1500)
    })

    it('a REJECT rule is refused, at once', async () => {
      const r = await at(host.rejectedPort, 'submission', 5000)
      expect(r.data.outcome).toBe('refused')
      expect(r.durationMs).toBeLessThan(5000)
    })

    it('the open port behind the same firewall answers', async () => {
      const r = await at(host.openPort, 'submission')
      expect(r.status).toBe('pass')
      expect(r.data.attempts[0]?.greeting?.text).toContain('filtered-host.test ESMTP ready')
    })
  },
)
