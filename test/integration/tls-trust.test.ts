/**
 * No secret before a verified certificate: the sign-in check (the Verify step's and `scanpath
 * auth-test`'s code path) against servers whose certificate does not verify for the name asked
 * for. Each case asserts what the server actually received — no AUTH command, no password or
 * token in any form — and that the technician reads what is wrong and that nothing was sent.
 */
import { describe, expect, it } from 'vitest'

import { checkAuth, type AuthCheckInput } from '../../electron/mail/auth-check'
import { runSmtpSession, type SmtpCredentials } from '../../electron/probes/smtp-session'
import { scanpath } from '../helpers/run-scanpath'
import type { ScenarioName, ScenarioServer } from '../helpers/scenario-smtp-server'
import { useScenarioPeers } from '../helpers/scenario-peers'

const peers = useScenarioPeers()
const USER = 'scanner@contoso.test'
const PASSWORD = 'Sc4n-P@ss!w0rd'
const TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbSJ9.c2lnbmF0dXJl'

const login: SmtpCredentials = {
  mechanism: 'LOGIN',
  username: USER,
  secret: PASSWORD,
  kind: 'password',
}
const plain: SmtpCredentials = { ...login, mechanism: 'PLAIN' }
const auto: SmtpCredentials = { ...login, mechanism: 'auto' }
const xoauth2: SmtpCredentials = { mechanism: 'auto', username: USER, secret: TOKEN, kind: 'token' }
const message = { from: USER, to: 'helpdesk@contoso.test', subject: 'Test', body: 'Hello.' }

/** Every line the server received, once the client has gone (so nothing is still in flight). */
async function linesReceived(s: ScenarioServer): Promise<string[]> {
  await expect.poll(() => s.sessions[0]?.closedByClient, { timeout: 5000 }).toBe(true)
  return s.sessions.flatMap((x) => x.commands.map((c) => c.line))
}

function expectNothingSecret(lines: string[]): void {
  expect(lines.filter((l) => /^AUTH\b/i.test(l))).toEqual([])
  expect(lines.filter((l) => /^MAIL\b/i.test(l))).toEqual([])
  const wire = lines.join('\n')
  for (const secret of [PASSWORD, TOKEN]) {
    expect(wire).not.toContain(secret)
    expect(wire).not.toContain(Buffer.from(secret).toString('base64'))
  }
  expect(wire).not.toContain(Buffer.from(`\u0000${USER}\u0000${PASSWORD}`).toString('base64'))
}

async function signIn(
  scenario: ScenarioName,
  over: Partial<AuthCheckInput> = {},
  deps = peers.deps,
) {
  const s = await peers.serve(scenario, { users: { [USER]: PASSWORD } })
  const r = await checkAuth(
    {
      host: 'localhost',
      port: s.port,
      timeoutMs: 3000,
      ehloName: 'scanpath.localdomain',
      credentials: auto,
      ...over,
    },
    deps,
  )
  return { s, r, d: r.data, lines: await linesReceived(s) }
}

describe('no credential over a certificate that did not verify', () => {
  const cases: Array<[ScenarioName, RegExp]> = [
    [
      'expired-cert',
      /the certificate expired on \d{4}-\d{2}-\d{2}; unless this laptop's clock is wrong, something on this network intercepts TLS/,
    ],
    [
      'wrong-host-cert',
      /the certificate is for DNS:wrong-host\.example\.test, not for localhost; something on this network intercepts TLS, often a firewall’s TLS inspection or an antivirus mail shield; (?:your password|the sign-in token) was not sent\.$/,
    ],
    [
      'self-signed-cert',
      /the certificate is self-signed .*; nothing this laptop trusts vouches for it, so something on this network intercepts TLS/,
    ],
  ]
  const creds: Array<[string, SmtpCredentials, string]> = [
    ['AUTH LOGIN', login, 'your password was not sent.'],
    ['AUTH PLAIN', plain, 'your password was not sent.'],
    ['AUTH XOAUTH2', xoauth2, 'the sign-in token was not sent.'],
  ]
  for (const [scenario, problem] of cases) {
    for (const [what, credentials, notSent] of creds) {
      it(`${scenario}, ${what}: stops before AUTH, says why and that nothing was sent`, async () => {
        const { r, d, lines } = await signIn(scenario, { credentials })
        expect(r.status).toBe('fail')
        expect(d.failure).toMatchObject({ phase: 'auth', kind: 'untrusted-certificate' })
        expect(d.transaction).toBeUndefined()
        expect(r.explanation).toMatch(/^Stopped before signing in to localhost:\d+: /)
        expect(r.explanation).toMatch(problem)
        expect(r.explanation).toContain(notSent)
        expect(r.fix).toContain('exclude localhost (port')
        expect(r.fix).toContain('Never set the device to ignore certificate errors')
        // The session got as far as EHLO over TLS, and no further.
        expect(lines).toEqual([
          'EHLO scanpath.localdomain',
          'STARTTLS',
          'EHLO scanpath.localdomain',
        ])
        expectNothingSecret(lines)
        expect(JSON.stringify(r)).not.toContain(PASSWORD)
      })
    }
  }

  it('a valid certificate for another name (a trusted authority, the wrong host): nothing sent', async () => {
    // The laptop asks for the submission host; something on the network answers in its place
    // with a perfectly valid certificate of its own.
    const { r, d, lines } = await signIn('exchange', { host: 'smtp.office365.test' })
    expect(d.tls?.verifyError).toBe('ERR_TLS_CERT_ALTNAME_INVALID')
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('not for smtp.office365.test')
    expect(r.explanation).toContain('something on this network intercepts TLS')
    expect(r.explanation).toContain('your password was not sent.')
    expectNothingSecret(lines)
  })

  it('an authority this laptop does not trust: nothing sent, and how a private CA is trusted', async () => {
    const { r, d, lines } = await signIn('exchange', {}, { lookup: peers.deps.lookup })
    expect(d.tls?.verifyError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('is not in the trusted store')
    expect(r.fix).toContain('NODE_EXTRA_CA_CERTS')
    expectNothingSecret(lines)
  })

  it('a test message without a sign-in: no MAIL FROM either', async () => {
    const { r, d, lines } = await signIn('expired-cert', { credentials: null, message })
    expect(d.failure).toMatchObject({ kind: 'untrusted-certificate' })
    expect(r.explanation).toMatch(/^Stopped before sending through localhost:\d+: /)
    expect(r.explanation).toContain('no message was sent.')
    expectNothingSecret(lines)
  })

  it('the same server with a certificate that verifies: the sign-in goes ahead', async () => {
    const { r, lines } = await signIn('exchange', { credentials: login })
    expect(r.status).toBe('pass')
    expect(lines).toContain('AUTH LOGIN')
  })
})

describe('credentials that would break their SASL framing are never sent', () => {
  it.each<[string, SmtpCredentials, RegExp]>([
    [
      'a line break in the user name (LOGIN)',
      { ...login, username: `${USER}\r\nQUIT` },
      /user name contains a control character/,
    ],
    ['a NUL in the password (PLAIN)', { ...plain, secret: 'a\u0000b' }, /password contains a NUL/],
    [
      'a ^A in the user name (XOAUTH2)',
      { ...xoauth2, username: `${USER}\u0001auth=Bearer x` },
      /user name contains a control character/,
    ],
    [
      'a ^A in the token (XOAUTH2)',
      { ...xoauth2, secret: `${TOKEN}\u0001` },
      /access token has characters/,
    ],
  ])('%s: refused with words, nothing sent', async (_what, credentials, words) => {
    const { r, d, lines } = await signIn('exchange', { credentials })
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'auth', kind: 'bad-credential' })
    expect(r.explanation).toMatch(words)
    expect(r.explanation).toContain('Nothing was sent.')
    expect(lines.filter((l) => /^AUTH\b/i.test(l))).toEqual([])
    expect(lines.filter((l) => /QUIT/.test(l) && l !== 'QUIT')).toEqual([])
  })
})

describe('scanpath auth-test / send-test: the built command keeps the same rule', () => {
  it.each<[string, ScenarioName, string[], string, string]>([
    ['auth-test, password', 'expired-cert', [], PASSWORD, 'your password was not sent.'],
    [
      'auth-test --oauth, token',
      'wrong-host-cert',
      ['--oauth'],
      TOKEN,
      'the sign-in token was not sent.',
    ],
    [
      'send-test, password',
      'self-signed-cert',
      ['--to', 'helpdesk@contoso.test'],
      PASSWORD,
      'your password was not sent.',
    ],
  ])(
    '%s over a certificate that does not verify: FAIL, exit 1, nothing sent',
    async (_w, scenario, extra, secret, notSent) => {
      const s = await peers.serve(scenario, { users: { [USER]: PASSWORD } })
      const verb = extra.includes('--to') ? 'send-test' : 'auth-test'
      const r = await scanpath(
        [
          verb,
          '--user',
          USER,
          '--submission-host',
          'localhost',
          '--submission-port',
          String(s.port),
          ...extra,
        ],
        { stdin: `${secret}\n`, env: { NODE_EXTRA_CA_CERTS: peers.pki.caFile } },
      )
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(/^FAIL +/m)
      expect(r.stdout.replace(/\s+/g, ' ')).toContain(notSent)
      expect(r.stdout).not.toContain(secret)
      expectNothingSecret(await linesReceived(s))
    },
  )
})

describe('plaintext is only ever for a send without a secret', () => {
  it("'when-offered' TLS with credentials still requires STARTTLS: no AUTH in plaintext", async () => {
    const s = await peers.serve('no-starttls', { users: { [USER]: PASSWORD } })
    const r = await runSmtpSession(
      {
        host: 'localhost',
        port: s.port,
        quitAfter: 'auth',
        ehloName: 'x.test',
        timeoutMs: 3000,
        tlsMode: 'when-offered',
        auth: auto,
      },
      peers.deps,
    )
    expect(r.data.failure).toMatchObject({ phase: 'starttls', kind: 'no-starttls' })
    expect(r.data.withoutTls).toBeUndefined()
    expectNothingSecret(await linesReceived(s))
  })
})
