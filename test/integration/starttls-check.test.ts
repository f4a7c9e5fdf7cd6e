/**
 * The STARTTLS check against a scripted Exchange-Online-like server and its named hostile
 * variants, over real sockets on loopback. Each case asserts the classified outcome, what the
 * technician reads, and that the probe ends within its timeout.
 */
import { describe, expect, it } from 'vitest'

import { runSmtpSession } from '../../electron/probes/smtp-session'
import { checkStarttls, type StarttlsInput } from '../../electron/probes/starttls-check'
import {
  startScenarioServer,
  type ScenarioName,
  type ScenarioServer,
  type ScenarioServerOptions,
} from '../helpers/scenario-smtp-server'
import { startSmtpServerPeer } from '../helpers/smtp-server-peer'
import { useScenarioPeers } from '../helpers/scenario-peers'

const peers = useScenarioPeers()
const serve = peers.serve

function input(port: number, over: Partial<StarttlsInput> = {}): StarttlsInput {
  return {
    id: 'starttls-submission',
    role: 'submission',
    host: 'localhost',
    port,
    timeoutMs: 2000,
    ehloName: 'scanpath.localdomain',
    ...over,
  }
}

async function check(
  scenario: ScenarioName,
  over: Partial<StarttlsInput> = {},
  extra: Partial<ScenarioServerOptions> = {},
) {
  const s = await serve(scenario, extra)
  const r = await checkStarttls(input(s.port, over), peers.deps)
  return { s, r, d: r.data }
}

/** Waits until the server has seen `n` commands in its first session (the QUIT is not awaited by the probe). */
async function commandsSeen(s: ScenarioServer, n: number) {
  for (let i = 0; i < 100 && (s.sessions[0]?.commands.length ?? 0) < n; i++) {
    await new Promise((r) => setTimeout(r, 20))
  }
  return s.sessions[0]?.commands ?? []
}

describe('STARTTLS check against an Exchange-Online-like server', () => {
  it('passes and reports TLS, certificate, AUTH after TLS and the echoed client IP', async () => {
    const { s, r, d } = await check('exchange', {}, { echoIp: '203.0.113.7' })
    expect(r.status).toBe('pass')
    expect(r.fix).toBeNull()
    expect(d.failure).toBeNull()
    expect(d.reached).toBe('ehlo-tls')
    expect(d.banner?.code).toBe(220)
    expect(d.banner?.text).toContain('Microsoft ESMTP MAIL Service ready')
    expect(d.ehlo?.capabilities['STARTTLS']).toEqual([])
    expect(d.authBeforeTls).toEqual([])
    expect(d.tls).toMatchObject({ protocol: 'TLSv1.3', verified: true, verifyError: null })
    expect(d.tls?.cipherStandardName).toMatch(/^TLS_/)
    expect(d.tls?.certificate?.subject).toContain('CN=localhost')
    expect(d.tls?.certificate?.subjectAltNames).toContain('DNS:localhost')
    expect(d.tls?.certificate?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    expect(d.ehloTls?.capabilities['STARTTLS']).toBeUndefined()
    expect(d.authMechanisms).toEqual(['LOGIN', 'XOAUTH2'])
    expect(d.sizeLimit).toBe(157286400)
    expect(d.clientIpEchoed).toBe('203.0.113.7')
    expect(d.discardedPlaintextBytes).toBe(0)
    expect(r.explanation).toContain('STARTTLS works on localhost')
    expect(r.explanation).toContain('TLSv1.3')
    expect(r.explanation).toContain('Sign-in offered after TLS: LOGIN XOAUTH2')
    expect(r.explanation).toContain('Microsoft 365 sees this site as 203.0.113.7')
    expect(r.phases.map((p) => p.name)).toEqual([
      'connect',
      'banner',
      'ehlo',
      'starttls',
      'tls',
      'ehlo-tls',
    ])

    // The transcript marks the TLS boundary; the server saw EHLO twice, once in TLS, then QUIT.
    const sent = r.transcript.filter((l) => l.dir === 'send').map((l) => [l.text, l.tls])
    expect(sent).toEqual([
      ['EHLO scanpath.localdomain', false],
      ['STARTTLS', false],
      ['EHLO scanpath.localdomain', true],
      ['QUIT', true],
    ])
    expect(
      r.transcript.some(
        (l) => l.dir === 'info' && l.tls && l.text.startsWith('TLS started: TLSv1.3'),
      ),
    ).toBe(true)
    const seen = await commandsSeen(s, 4)
    expect(seen).toEqual([
      { line: 'EHLO scanpath.localdomain', tls: false },
      { line: 'STARTTLS', tls: false },
      { line: 'EHLO scanpath.localdomain', tls: true },
      { line: 'QUIT', tls: true },
    ])
    expect(s.sessions[0]?.tlsProtocol).toBe('TLSv1.3')
  })

  it('reads the echoed IP from the real connection when nothing overrides it', async () => {
    const { d } = await check('exchange')
    expect(d.clientIpEchoed).toBe('127.0.0.1')
  })

  it('passes on the tenant MX without asking for AUTH, and names the IP a connector needs', async () => {
    const { r, d } = await check(
      'exchange',
      { role: 'mx', id: 'starttls-mx' },
      { mxMode: true, echoIp: '198.51.100.20' },
    )
    expect(r.status).toBe('pass')
    expect(d.authMechanisms).toEqual([])
    expect(r.title).toContain('tenant MX')
    expect(r.explanation).toContain(
      '198.51.100.20 (the address a relay connector and SPF must name)',
    )
  })

  it('still passes when every reply arrives one byte at a time', async () => {
    const { r, d } = await check('byte-by-byte')
    expect(r.status).toBe('pass')
    expect(d.authMechanisms).toEqual(['LOGIN', 'XOAUTH2'])
    expect(d.ehlo?.capabilities['SIZE']).toEqual(['157286400'])
  })

  it('stops at each named stop point and sends nothing beyond it', async () => {
    const s = await serve('exchange')
    const banner = await runSmtpSession(
      { host: 'localhost', port: s.port, quitAfter: 'banner', ehloName: 'x.test', timeoutMs: 2000 },
      peers.deps,
    )
    expect(banner.data.reached).toBe('banner')
    expect(banner.data.ehlo).toBeNull()
    const ehlo = await runSmtpSession(
      { host: 'localhost', port: s.port, quitAfter: 'ehlo', ehloName: 'x.test', timeoutMs: 2000 },
      peers.deps,
    )
    expect(ehlo.data.reached).toBe('ehlo')
    expect(ehlo.data.starttls).toBeNull()
    const tls = await runSmtpSession(
      { host: 'localhost', port: s.port, quitAfter: 'tls', ehloName: 'x.test', timeoutMs: 2000 },
      peers.deps,
    )
    expect(tls.data.reached).toBe('tls')
    expect(tls.data.tls?.verified).toBe(true)
    expect(tls.data.ehloTls).toBeNull()
    for (
      let i = 0;
      i < 100 && s.sessions.filter((x) => x.commands.at(-1)?.line === 'QUIT').length < 3;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(s.sessions.map((x) => x.commands.map((c) => c.line))).toEqual([
      ['QUIT'],
      ['EHLO x.test', 'QUIT'],
      ['EHLO x.test', 'STARTTLS', 'QUIT'],
    ])
  })

  it('interoperates with a second, independent server implementation (smtp-server)', async () => {
    const peer = await startSmtpServerPeer({ pki: peers.pki })
    try {
      const r = await checkStarttls(input(peer.port), peers.deps)
      const d = r.data
      expect(d.failure).toBeNull()
      expect(d.tls?.verified).toBe(true)
      expect(d.authMechanisms).toEqual(['PLAIN', 'LOGIN'])
      // smtp-server lists AUTH before TLS too (it refuses to use it until TLS is up), and has no
      // XOAUTH2: unlike Exchange Online on both counts, so the check warns about both.
      expect(d.authBeforeTls).toEqual(['PLAIN', 'LOGIN'])
      expect(r.status).toBe('warn')
      expect(r.explanation).toContain('before TLS')
      expect(r.explanation).toContain('without XOAUTH2')
    } finally {
      await peer.close()
    }
  })
})

describe('STARTTLS check: hostile and broken servers', () => {
  it('greeting never arrives: fails with "no SMTP greeting" within its timeout', async () => {
    const { r, d } = await check('greeting-never', { timeoutMs: 600 })
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'banner', kind: 'timeout' })
    expect(r.explanation).toContain('accepted the connection but sent no SMTP greeting')
    expect(r.fix).toContain('exempt localhost:')
    expect(r.durationMs).toBeGreaterThanOrEqual(550)
    expect(r.durationMs).toBeLessThan(600 + 1500)
  })

  it('554 greeting (blocklisted IP): fails and says what the listing means', async () => {
    const { r, d } = await check('banner-554')
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'banner', kind: 'rejected' })
    expect(d.failure?.reply?.code).toBe(554)
    expect(r.explanation).toContain('554 5.7.1')
    expect(r.explanation).toContain('blocklist')
    expect(r.fix).toContain('request removal')
  })

  it('no STARTTLS offered: fails and never continues in plaintext', async () => {
    const { s, r, d } = await check('no-starttls')
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'starttls', kind: 'no-starttls' })
    expect(r.explanation).toContain('does not offer STARTTLS')
    expect(r.explanation).toContain('password unencrypted')
    expect(r.fix).toContain('Never configure the device without TLS')
    await new Promise((res) => setTimeout(res, 100))
    expect(s.sessions[0]?.commands.map((c) => c.line)).toEqual(['EHLO scanpath.localdomain'])
  })

  it('STARTTLS refused with 454: fails with the reply and a retry-then-escalate fix', async () => {
    const { r, d } = await check('starttls-454')
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'starttls', kind: 'starttls-refused' })
    expect(d.failure?.reply).toMatchObject({ code: 454, enhanced: '4.7.0' })
    expect(r.explanation).toContain('"454 4.7.0 TLS not available due to temporary reason"')
    expect(r.fix).toContain('again in a few minutes')
  })

  it('TLS handshake fails: fails with the readable OpenSSL reason, no file paths', async () => {
    const { r, d } = await check('tls-handshake-fails')
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({
      phase: 'tls',
      kind: 'tls-handshake',
      errorCode: 'ERR_SSL_WRONG_VERSION_NUMBER',
    })
    expect(r.explanation).toContain('The TLS handshake with localhost:')
    expect(r.explanation).toContain('wrong version number')
    expect(r.explanation).not.toContain('.c:')
  })

  it('expired certificate: fails and gives the expiry date', async () => {
    const { r, d } = await check('expired-cert')
    expect(r.status).toBe('fail')
    expect(d.tls?.verified).toBe(false)
    expect(d.tls?.verifyError).toBe('CERT_HAS_EXPIRED')
    expect(r.explanation).toMatch(/the certificate expired on \d{4}-\d{2}-\d{2}/)
    expect(r.fix).toContain('TLS inspection')
  })

  it('certificate for another host: fails and names the names it is for', async () => {
    const { r, d } = await check('wrong-host-cert')
    expect(r.status).toBe('fail')
    expect(d.tls?.verifyError).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(r.explanation).toContain(
      'the certificate is for DNS:wrong-host.example.test, not for localhost',
    )
  })

  it('self-signed certificate: fails as not issued by a trusted authority', async () => {
    const { r, d } = await check('self-signed-cert')
    expect(r.status).toBe('fail')
    expect(d.tls?.verifyError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    expect(r.explanation).toContain('self-signed')
  })

  it('a certificate from a CA the system does not trust fails without the extra CA', async () => {
    const s = await serve('exchange')
    const r = await checkStarttls(input(s.port), { lookup: peers.deps.lookup })
    expect(r.status).toBe('fail')
    expect(r.data.tls?.verifyError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    expect(r.explanation).toContain('is not in the trusted store')
  })

  it('endless line: stops at the line cap long before the timeout', async () => {
    const { s, r, d } = await check('endless-line', { timeoutMs: 5000 })
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'banner', kind: 'line-too-long' })
    expect(r.explanation).toContain('not valid SMTP')
    expect(r.durationMs).toBeLessThan(5000)
    expect(s.sessions).toHaveLength(1)
  })

  it('421 in the middle of the session: fails with the reply explained', async () => {
    const { r, d } = await check('mid-session-421')
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'starttls', kind: 'rejected' })
    expect(d.failure?.reply).toMatchObject({ code: 421, enhanced: '4.3.2' })
    expect(r.explanation).toContain('421 4.3.2')
    expect(r.explanation).toContain('closing the connection')
  })

  it('server that never closes: the probe does not wait for it', async () => {
    const { r } = await check('never-closes', { timeoutMs: 3000 })
    expect(r.status).toBe('pass')
    expect(r.durationMs).toBeLessThan(3000)
  })

  it('plaintext injected after the STARTTLS reply is discarded (RFC 3207 §6) and flagged', async () => {
    const { r, d } = await check('plaintext-injection')
    expect(d.discardedPlaintextBytes).toBe(Buffer.byteLength('250-injected\r\n250 injected\r\n'))
    // What counts is the EHLO over TLS, not the injected 250 lines.
    expect(d.ehloTls?.greeting).toContain('Hello [127.0.0.1]')
    expect(d.authMechanisms).toEqual(['LOGIN', 'XOAUTH2'])
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('unexpected bytes in plaintext')
    expect(r.transcript.some((l) => l.dir === 'error' && l.text.includes('RFC 3207'))).toBe(true)
  })

  it.each([
    ['a line that is not SMTP', 'This is not SMTP at all\r\n'],
    ['a line that is not SMTP, then half a line', 'garbage\r\nmore garb'],
    ['binary bytes', '\u0000\u0001\u0002\r\n'],
    ['an endless line past the cap', 'x'.repeat(3000)],
  ])(
    'garbage in the same segment as the STARTTLS reply (%s) is discarded and counted; the TLS session is judged on its own',
    async (_what, garbage) => {
      const { r, d } = await check('exchange', {}, { afterStarttlsReply: garbage })
      expect(d.failure).toBeNull()
      expect(d.discardedPlaintextBytes).toBe(Buffer.byteLength(garbage))
      expect(d.ehloTls?.greeting).toContain('Hello [127.0.0.1]')
      expect(d.authMechanisms).toEqual(['LOGIN', 'XOAUTH2'])
      expect(r.status).toBe('warn')
      expect(r.explanation).not.toContain('not valid SMTP')
      expect(r.explanation).toContain(
        `the server sent ${Buffer.byteLength(garbage)} unexpected bytes in plaintext`,
      )
    },
  )

  it('a slow-but-alive server: each step within its limit, the whole check within its deadline', async () => {
    // Every reply takes 300 ms, well inside the 1000 ms step limit; the session as a whole
    // would take some 1.5 s, past the 1000 ms overall deadline given here.
    const s = await serve('exchange', { replyDelayMs: 300 })
    const r = await runSmtpSession(
      {
        host: 'localhost',
        port: s.port,
        quitAfter: 'ehlo-tls',
        ehloName: 'x.test',
        timeoutMs: 1000,
        deadlineMs: 1000,
      },
      peers.deps,
    )
    expect(r.data.failure).toMatchObject({ kind: 'deadline' })
    expect(r.data.failure?.message).toBe('the check did not finish within its overall limit of 1 s')
    expect(r.durationMs).toBeLessThan(1500)
    const verdict = await checkStarttls(input(s.port, { timeoutMs: 1000 }), peers.deps)
    // With the default deadline (3 × the step limit) the same server passes: it is only slow.
    expect(verdict.status).toBe('pass')
  })

  it('the overall deadline says which limit expired, the step limit says its own', async () => {
    const slow = await serve('exchange', { replyDelayMs: 300 })
    const r = await checkStarttls(input(slow.port, { timeoutMs: 200 }), peers.deps)
    expect(r.status).toBe('fail')
    expect(r.data.failure).toMatchObject({ phase: 'banner', kind: 'timeout' })
    expect(r.explanation).toContain('no answer within 200 ms (the limit for each step)')
  })

  it('AUTH offered before TLS: warns', async () => {
    const { r, d } = await check('auth-before-tls')
    expect(d.authBeforeTls).toEqual(['LOGIN', 'PLAIN'])
    expect(r.status).toBe('warn')
    expect(r.explanation).toContain('offers AUTH (LOGIN PLAIN) before TLS')
  })

  it('closed port: fails as refused at once', async () => {
    const s = await startScenarioServer({ scenario: 'exchange', pki: peers.pki })
    const port = s.port
    await s.close()
    const r = await checkStarttls(input(port), peers.deps)
    expect(r.status).toBe('fail')
    expect(r.data.failure).toMatchObject({
      phase: 'connect',
      kind: 'refused',
      errorCode: 'ECONNREFUSED',
    })
  })

  it('a name that does not resolve: fails as a DNS error', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), {
      code: 'ENOTFOUND',
    })
    const r = await checkStarttls(input(25, { host: 'nowhere.invalid' }), {
      lookup: async () => {
        throw notFound
      },
    })
    expect(r.status).toBe('fail')
    expect(r.data.failure).toMatchObject({
      phase: 'connect',
      kind: 'dns-error',
    })
    expect(r.explanation).toContain('nowhere.invalid did not resolve (ENOTFOUND)')
  })

  it('cancel ends a hanging session at once and reports it as skipped', async () => {
    const s = await serve('greeting-never')
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const r = await checkStarttls(
      input(s.port, { timeoutMs: 20_000 }),
      peers.deps,
      controller.signal,
    )
    expect(r.status).toBe('skip')
    expect(r.data.failure?.kind).toBe('cancelled')
    expect(r.durationMs).toBeLessThan(2000)
  })
})
