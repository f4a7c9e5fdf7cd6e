/**
 * The test send for direct send and SMTP relay: a real message to an MX-like server on loopback
 * (no sign-in), STARTTLS when offered, plaintext when not, and every refusal a technician meets on
 * that path explained — Reject Direct Send, a relay connector that does not match, recipient
 * restrictions — with what Exchange Online saw of the site's address.
 */
import { describe, expect, it } from 'vitest'

import { checkMxSend, type MxSendInput } from '../../electron/mail/mx-send-check'
import type { ScenarioName, ScenarioServerOptions } from '../helpers/scenario-smtp-server'
import { scanpath } from '../helpers/run-scanpath'
import { useScenarioPeers } from '../helpers/scenario-peers'

const peers = useScenarioPeers()

async function send(
  over: Partial<MxSendInput> = {},
  server: Partial<ScenarioServerOptions> = {},
  scenario: ScenarioName = 'exchange',
) {
  const s = await peers.serve(scenario, { mxMode: true, echoIp: '203.0.113.7', ...server })
  const r = await checkMxSend(
    {
      method: 'direct-send',
      host: 'localhost',
      port: s.port,
      timeoutMs: 3000,
      ehloName: 'scanpath.localdomain',
      from: 'scanner@contoso.test',
      to: 'frontdesk@contoso.test',
      jobLabel: 'Contoso Ltd',
      ...over,
    },
    peers.deps,
  )
  // The session is over once the client said QUIT (after a success) or went away (after a stop).
  const ended = () =>
    s.sessions[0]?.closedByClient === true ||
    s.sessions[0]?.commands.some((c) => c.line === 'QUIT') === true
  await expect.poll(ended, { timeout: 5000 }).toBe(true)
  const lines = s.sessions.flatMap((x) => x.commands.map((c) => c.line))
  return { s, r, d: r.data, lines }
}

describe('direct send test message', () => {
  it('delivers over verified TLS without signing in, and keeps the queue answer', async () => {
    const { r, d, s, lines } = await send()
    expect(r.id).toBe('direct-send-test')
    expect(r.status).toBe('pass')
    expect(lines.filter((l) => /^AUTH/i.test(l))).toEqual([])
    expect(lines).toContain('MAIL FROM:<scanner@contoso.test>')
    expect(s.messages).toHaveLength(1)
    expect(s.messages[0]?.data).toMatch(
      /^Subject: ScanPath test message \(direct send\) — Contoso Ltd\r$/m,
    )
    expect(d.transaction?.data).toMatchObject({ code: 250, enhanced: '2.6.0' })
    expect(r.explanation).toMatch(
      /^localhost:\d+ accepted the test message for frontdesk@contoso\.test by direct send over TLSv1\.3: "250 2\.6\.0 Queued mail for delivery"\./,
    )
    expect(r.explanation).toContain('Direct send reaches only mailboxes of this tenant')
    expect(r.explanation).toContain('A device without TLS would be accepted too')
  })

  it('a tenant with Reject Direct Send: 550 5.7.68 explained, nothing delivered', async () => {
    const { r, d, s } = await send(
      {},
      {
        mailFromReply:
          '550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources',
      },
    )
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'mail', kind: 'rejected' })
    expect(r.explanation).toContain('The sender scanner@contoso.test was refused: "550 5.7.68')
    expect(r.explanation).toContain('The tenant rejects direct send')
    expect(r.fix).toContain('RejectDirectSend')
    expect(s.messages).toHaveLength(0)
  })

  it('a recipient that takes mail only from authenticated senders: the refusal quoted', async () => {
    const reply =
      '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction check failed as sender not authenticated'
    const { r, d } = await send({}, { rcptReply: reply })
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'rcpt' })
    expect(r.explanation).toContain(`The recipient frontdesk@contoso.test was refused: "${reply}"`)
  })

  it('an MX without STARTTLS: delivered in plaintext, as a device without TLS would, and flagged', async () => {
    const { r, d, s } = await send({}, {}, 'no-starttls')
    expect(d.withoutTls).toBe(true)
    expect(d.tls).toBeNull()
    expect(s.sessions[0]?.commands.every((c) => !c.tls)).toBe(true)
    expect(s.messages).toHaveLength(1)
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('without encryption (the server offered no STARTTLS)')
    expect(r.explanation).toContain('a Microsoft 365 MX always does')
  })

  it('SPF that does not pass for the site: delivered, with the junk-folder risk', async () => {
    const { r } = await send({ spf: 'not-pass' })
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('may file the device')
    expect(r.fix).toContain('SPF record')
  })

  it('a certificate for another name on the MX: stops before MAIL, no message sent', async () => {
    const { r, lines, s } = await send({}, {}, 'wrong-host-cert')
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('no message was sent')
    expect(lines.filter((l) => /^(MAIL|RCPT|DATA)/i.test(l))).toEqual([])
    expect(s.messages).toHaveLength(0)
  })
})

describe('relay test message', () => {
  it('the connector lists the address Exchange Online sees: pass, and says so', async () => {
    const { r } = await send({
      method: 'relay',
      connectorIp: '203.0.113.7',
      to: 'someone@fabrikam.test',
    })
    expect(r.id).toBe('relay-test')
    expect(r.status).toBe('pass')
    expect(r.explanation).toContain(
      'Exchange Online sees this site as 203.0.113.7, the address the connector lists',
    )
  })

  it('the connector lists another address: warns with the address to put in it', async () => {
    const { r } = await send({ method: 'relay', connectorIp: '198.51.100.20' })
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('but the connector lists 198.51.100.20')
    expect(r.fix).toContain("sets the connector's sender IP address to 203.0.113.7")
  })

  it('550 5.7.64 Relay Access Denied: the connector mismatch explained with the addresses', async () => {
    const { r } = await send(
      { method: 'relay', connectorIp: '198.51.100.20', to: 'someone@fabrikam.test' },
      { rcptReply: '550 5.7.64 TenantAttribution; Relay Access Denied' },
    )
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('The relay connector does not match this site')
    expect(r.explanation).toContain(
      'Exchange Online sees this site as 203.0.113.7, but the connector lists 198.51.100.20',
    )
    expect(r.fix).toMatch(
      /^The admin sets the connector's sender IP address to 203\.0\.113\.7, the address Exchange Online sees \(it lists 198\.51\.100\.20\)/,
    )
  })
})

describe('scanpath send-test --method direct-send | relay | hve (the built command)', () => {
  const run = (args: string[], stdin?: string) =>
    scanpath(args, {
      env: { NODE_EXTRA_CA_CERTS: peers.pki.caFile },
      ...(stdin === undefined ? {} : { stdin }),
    })
  const target = (port: number) => ['--mx-host', 'localhost', '--mx-port', String(port)]
  const addresses = ['--from', 'scanner@contoso.test', '--to', 'frontdesk@contoso.test']

  it('direct send delivers to the local MX without signing in: exit 0, the queue answer shown', async () => {
    const s = await peers.serve('exchange', { mxMode: true })
    const r = await run(['send-test', '--method', 'direct-send', ...target(s.port), ...addresses])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^PASS +Test message by direct send/m)
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('"250 2.6.0 Queued mail for delivery"')
    expect(r.stderr).toBe('')
    expect(s.messages).toHaveLength(1)
    expect(s.sessions[0]?.commands.some((c) => /^AUTH/i.test(c.line))).toBe(false)
  })

  it('a scripted 550 5.7.68: exit 1 with Reject Direct Send explained, --json too', async () => {
    const s = await peers.serve('exchange', {
      mxMode: true,
      mailFromReply:
        '550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources',
    })
    const r = await run([
      'send-test',
      '--method',
      'direct-send',
      ...target(s.port),
      ...addresses,
      '--json',
    ])
    expect(r.code).toBe(1)
    const out = JSON.parse(r.stdout) as {
      check: { id: string; status: string; explanation: string; fix: string }
    }
    expect(out.check).toMatchObject({ id: 'direct-send-test', status: 'fail' })
    expect(out.check.explanation).toContain('The tenant rejects direct send')
    expect(out.check.fix).toContain('RejectDirectSend')
    expect(s.messages).toHaveLength(0)
  })

  it('relay compares the address Exchange sees with the connector: exit 0 with a warning', async () => {
    const s = await peers.serve('exchange', { mxMode: true, echoIp: '203.0.113.7' })
    const r = await run([
      'send-test',
      '--method',
      'relay',
      ...target(s.port),
      ...addresses,
      '--connector-ip',
      '198.51.100.20',
    ])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^WARN +Test message through the relay/m)
    expect(r.stdout.replace(/\s+/g, ' ')).toContain(
      "sets the connector's sender IP address to 203.0.113.7",
    )
  })

  it('hve signs in (here at a local server standing in for smtp.hve.mx.microsoft)', async () => {
    const s = await peers.serve('exchange', { users: { 'hve@contoso.test': 'Hv3-P@ss' } })
    const r = await run(
      [
        'auth-test',
        '--method',
        'hve',
        '--user',
        'hve@contoso.test',
        '--submission-host',
        'localhost',
        '--submission-port',
        String(s.port),
      ],
      'Hv3-P@ss\n',
    )
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^PASS +Sign-in to localhost:\d+/m)
  })

  it('a usage error: exit 2, one line and where to read more', async () => {
    const r = await run(['send-test', '--method', 'direct-send', ...addresses])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--mx-host is required')
    expect(r.stderr).toContain("Run 'scanpath send-test --help' for the options.")
  })
})

describe('a reply no rule names', () => {
  it('is explained by its class with the reply quoted once', async () => {
    const { r } = await send({}, { rcptReply: '550 5.7.999 Something brand new' })
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('The recipient frontdesk@contoso.test was refused:')
    expect(r.explanation.split('Something brand new')).toHaveLength(2)
    expect(r.explanation).toContain('550 5.7.999')
  })
})
