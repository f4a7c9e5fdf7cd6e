/**
 * Legacy-TLS acceptance against real TLS servers on loopback: one that refuses TLS 1.0/1.1 in
 * the handshake, one that negotiates it and answers 421 4.7.66 as Exchange Online does, one that
 * accepts it, and a broken one that must not be mistaken for a refusal.
 */
import { describe, expect, it } from 'vitest'

import { checkLegacyTls } from '../../electron/probes/legacy-tls-check'
import { type ScenarioName } from '../helpers/scenario-smtp-server'
import { useScenarioPeers } from '../helpers/scenario-peers'

const peers = useScenarioPeers()

async function legacy(scenario: ScenarioName) {
  const s = await peers.serve(scenario)
  const r = await checkLegacyTls(
    {
      id: 'legacy-tls-submission',
      host: 'localhost',
      port: s.port,
      timeoutMs: 2000,
      ehloName: 'scanpath.localdomain',
    },
    peers.deps,
  )
  return { r, d: r.data, s }
}

describe('legacy TLS check', () => {
  it('a server that requires TLS 1.2 refuses the handshake: pass, with the firmware advice', async () => {
    const { r, d } = await legacy('exchange')
    expect(d.outcome).toBe('refused-handshake')
    expect(d.session.failure?.errorCode).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION')
    expect(r.status).toBe('pass')
    expect(r.explanation).toContain('refuses TLS 1.0 and 1.1')
    expect(r.explanation).toContain('supports TLS 1.2')
  })

  it('Exchange-style 421 4.7.66 after a TLS 1.1 handshake: pass, quoting the reply', async () => {
    const { r, d, s } = await legacy('legacy-tls-421')
    expect(d.outcome).toBe('refused-reply')
    expect(d.negotiatedProtocol).toBe('TLSv1.1')
    expect(s.sessions[0]?.tlsProtocol).toBe('TLSv1.1')
    expect(d.reply).toMatchObject({ code: 421, enhanced: '4.7.66' })
    expect(r.status).toBe('pass')
    expect(r.explanation).toContain('"421 4.7.66 TLS 1.0 and 1.1 are not supported.')
    expect(r.explanation).toContain('exactly as Microsoft 365 does')
  })

  it('a server that carries on over TLS 1.1: warns that this is not Microsoft 365 answering', async () => {
    const { r, d } = await legacy('legacy-tls-accepted')
    expect(d.outcome).toBe('accepted')
    expect(d.negotiatedProtocol).toBe('TLSv1.1')
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('accepted a TLSv1.1 client')
    expect(r.fix).toContain('inspects TLS')
  })

  it('a broken TLS server is "not tested", never a pass', async () => {
    const { r, d } = await legacy('tls-handshake-fails')
    expect(d.outcome).toBe('not-tested')
    expect(r.status).toBe('skip')
    expect(r.skipReason).toBe('could-not-test')
    expect(r.explanation).toContain('Could not test old TLS')
  })

  it('no STARTTLS: not tested', async () => {
    const { r, d } = await legacy('no-starttls')
    expect(d.outcome).toBe('not-tested')
    expect(r.status).toBe('skip')
  })
})
