/** The relay config's "status" section: defaults, and mistakes named by field. */
import { describe, expect, it } from 'vitest'

import { checkRelayConfig, RelayConfigError } from '../../../../../electron/relay/config'
import { RELAY_STATUS_PORT } from '../../../../../shared/relay-link'

const base = {
  listen: { address: '192.168.1.20', port: 25 },
  senders: ['scanner@contoso.example'],
  outbound: { username: 'scanner@contoso.example' },
  spoolDir: '/var/lib/scanpath-relay',
}

function problems(raw: Record<string, unknown>): string[] {
  try {
    checkRelayConfig({ ...base, ...raw }, '/etc/scanpath-relay')
  } catch (e) {
    if (e instanceof RelayConfigError) return e.problems
    throw e
  }
  return []
}

describe('relay config: status', () => {
  it('is on, on port 2580, with no extra addresses, by default', () => {
    const c = checkRelayConfig(base, '/etc/scanpath-relay')
    expect(c.status).toEqual({ enabled: true, port: RELAY_STATUS_PORT, allow: [] })
    expect(c.statusAllowRanges).toEqual([])
  })

  it('parses status.allow into ranges', () => {
    const c = checkRelayConfig(
      { ...base, status: { allow: ['192.168.1.50', '10.0.0.0/8'] } },
      '/etc/scanpath-relay',
    )
    expect(c.statusAllowRanges.map((r) => r.text)).toEqual(['192.168.1.50', '10.0.0.0/8'])
  })

  it('names the field of each mistake', () => {
    expect(problems({ status: { port: 0 } })).toEqual([
      'status.port: must be a port number 1–65535',
    ])
    expect(problems({ status: { port: 25 } })[0]).toMatch(
      /^status\.port: 25 is the port devices send mail to/,
    )
    expect(problems({ status: { allow: ['nope'] } })[0]).toMatch(/^status\.allow\.0: "nope"/)
    expect(problems({ status: { enabled: 'yes' } })).toEqual([
      'status.enabled: must be true or false',
    ])
    expect(problems({ status: { bogus: 1 } })).toEqual(['status: unknown setting "bogus"'])
  })
})
