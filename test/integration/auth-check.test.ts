/**
 * Signing in and sending a test message against the Exchange-Online-like server: success, and
 * every refusal a technician meets, each with the gate it names and the fix. The secret never
 * appears in the transcript or the result.
 */
import { describe, expect, it } from 'vitest'

import { checkAuth, type AuthCheckInput } from '../../electron/mail/auth-check'
import type { SmtpCredentials } from '../../electron/probes/smtp-session'
import type { ScenarioServerOptions } from '../helpers/scenario-smtp-server'
import { useScenarioPeers } from '../helpers/scenario-peers'

const peers = useScenarioPeers()
const USER = 'scanner@contoso.test'
const PASSWORD = 'Sc4n-P@ss!w0rd'
const TOKEN =
  'eyJ0eXAiOiJKV1QiLCJub25jZSI6InRlc3QifQ.eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbSJ9.c2lnbmF0dXJl'

const password: SmtpCredentials = {
  mechanism: 'auto',
  username: USER,
  secret: PASSWORD,
  kind: 'password',
}
const token: SmtpCredentials = { mechanism: 'auto', username: USER, secret: TOKEN, kind: 'token' }
const message = {
  from: USER,
  to: 'helpdesk@contoso.test',
  subject: 'ScanPath test — job 42',
  body: 'Hello.\n.A line that starts with a dot.',
}

async function run(extra: Partial<ScenarioServerOptions>, over: Partial<AuthCheckInput> = {}) {
  const s = await peers.serve('exchange', {
    users: { [USER]: PASSWORD, 'oauth@contoso.test': TOKEN },
    ...extra,
  })
  const r = await checkAuth(
    {
      host: 'localhost',
      port: s.port,
      timeoutMs: 2000,
      ehloName: 'scanpath.localdomain',
      credentials: password,
      ...over,
    },
    peers.deps,
  )
  const text = JSON.stringify(r)
  expect(text).not.toContain(PASSWORD)
  expect(text).not.toContain(TOKEN)
  expect(text).not.toContain(Buffer.from(PASSWORD).toString('base64'))
  return { r, d: r.data, s }
}

describe('sign-in (AUTH) check', () => {
  it('LOGIN with the right password: pass, with the mechanism and TLS version', async () => {
    const { r, d, s } = await run({})
    expect(r.status).toBe('pass')
    expect(d.transaction).toMatchObject({
      mechanism: 'LOGIN',
      auth: { code: 235, enhanced: '2.7.0' },
    })
    expect(r.explanation).toContain(`Signed in as ${USER} with LOGIN over TLSv1.3`)
    const sent = r.transcript.filter((l) => l.dir === 'send').map((l) => l.text)
    expect(sent).toEqual([
      'EHLO scanpath.localdomain',
      'STARTTLS',
      'EHLO scanpath.localdomain',
      'AUTH LOGIN',
      `[user name ${USER}]`,
      '[redacted]',
      'QUIT',
    ])
    // The server did receive the real credentials (base64), in TLS.
    await expect.poll(() => s.sessions[0]?.commands.length).toBeGreaterThanOrEqual(6)
    expect(s.sessions[0]?.commands[5]).toEqual({
      line: Buffer.from(PASSWORD).toString('base64'),
      tls: true,
    })
  })

  it('a wrong password: 535 5.7.3, explained', async () => {
    const { r, d } = await run({}, { credentials: { ...password, secret: 'wrong' } })
    expect(r.status).toBe('fail')
    expect(d.failure).toMatchObject({ phase: 'auth', kind: 'auth-failed' })
    expect(r.explanation).toContain('"535 5.7.3 Authentication unsuccessful"')
    expect(r.fix).toContain(`Get-CASMailbox -Identity ${USER}`)
  })

  it('PLAIN when the profile asks for it', async () => {
    const s = await peers.serve('exchange', { users: { [USER]: PASSWORD } })
    const r = await checkAuth(
      {
        host: 'localhost',
        port: s.port,
        timeoutMs: 2000,
        ehloName: 'x.test',
        credentials: { ...password, mechanism: 'PLAIN' },
      },
      peers.deps,
    )
    // Exchange Online does not offer PLAIN: say so instead of trying.
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('the server offers AUTH LOGIN XOAUTH2, not PLAIN')
  })

  it('XOAUTH2 with a valid token: pass; with a bad one: refused', async () => {
    const ok = await run({}, { credentials: { ...token, username: 'oauth@contoso.test' } })
    expect(ok.r.status).toBe('pass')
    expect(ok.d.transaction?.mechanism).toBe('XOAUTH2')
    expect(ok.r.transcript.find((l) => l.text.startsWith('AUTH XOAUTH2'))?.text).toBe(
      'AUTH XOAUTH2 [redacted]',
    )
    const bad = await run(
      {},
      { credentials: { ...token, username: 'oauth@contoso.test', secret: 'expired-token' } },
    )
    expect(bad.r.status).toBe('fail')
    expect(bad.r.explanation).toContain('535 5.7.3')
  })

  it.each([
    [
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
      'SMTP AUTH is turned off for the whole tenant',
      `Set-CASMailbox -Identity ${USER} -SmtpClientAuthenticationDisabled $false`,
    ],
    [
      '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox. Visit https://aka.ms/smtp_auth_disabled for more information.',
      'SMTP AUTH is turned off for this mailbox',
      'Set-CASMailbox',
    ],
    [
      "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator.",
      'Security Defaults block the sign-in',
      'Use OAuth',
    ],
    [
      '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.',
      'Conditional Access',
      'excludes this account',
    ],
    [
      '535 5.7.139 Authentication unsuccessful, basic authentication is disabled.',
      'Basic authentication is disabled',
      'OAuth',
    ],
    [
      '550 5.7.30 Basic authentication is not supported for Client Submission.',
      'Basic authentication is retired',
      'OAuth 2.0',
    ],
    [
      '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls',
      'TLS 1.0/1.1 refused',
      'firmware',
    ],
    [
      '535 5.7.8 Authentication credentials invalid',
      'Wrong user name or password',
      'Retype the password',
    ],
  ])('Exchange refusal %s', async (reply, gateTitle, fix) => {
    const { r } = await run({ authReply: reply })
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain(`"${reply}"`)
    expect(r.explanation).toContain(gateTitle)
    expect(r.fix).toContain(fix)
  })
})

describe('test message', () => {
  it('signed in: the message is queued and the queue answer shown', async () => {
    const { r, d, s } = await run({}, { message })
    expect(r.status).toBe('pass')
    expect(d.transaction?.data).toMatchObject({ code: 250, enhanced: '2.6.0' })
    expect(r.explanation).toContain('"250 2.6.0 Queued mail for delivery"')
    await expect
      .poll(() => s.sessions[0]?.commands.some((c) => c.line === 'RCPT TO:<helpdesk@contoso.test>'))
      .toBe(true)
  })

  it('without a sign-in: 530 5.7.57, explained', async () => {
    const { r } = await run({}, { credentials: null, message })
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('530 5.7.57')
    expect(r.explanation).toContain('Not signed in')
  })

  it('From another address: 550 5.7.60 on MAIL FROM, explained with Send As', async () => {
    const { r, d } = await run(
      { mailFromReply: '550 5.7.60 SMTP; Client does not have permissions to send as this sender' },
      { message: { ...message, from: 'ceo@contoso.test' } },
    )
    expect(d.failure).toMatchObject({ phase: 'mail' })
    expect(r.explanation).toContain('The sender ceo@contoso.test was refused')
    expect(r.explanation).toContain('Not allowed to send as this address')
    expect(r.fix).toContain('Add-RecipientPermission')
  })

  it('header injection through an input is neutralised', async () => {
    const { r, s } = await run(
      {},
      {
        message: {
          ...message,
          subject: 'Hi\r\nBcc: victim@example.test',
          to: 'helpdesk@contoso.test\r\nRCPT TO:<x@example.test>',
        },
      },
    )
    // CR/LF in an input never becomes a second command or header: one RCPT, one line.
    expect(r.transcript.filter((l) => l.text.startsWith('RCPT TO:'))).toHaveLength(1)
    await expect
      .poll(() => s.sessions[0]?.commands.some((c) => c.line.startsWith('RCPT')))
      .toBe(true)
    const lines = s.sessions[0]?.commands.map((c) => c.line) ?? []
    expect(lines.filter((l) => l.startsWith('RCPT'))).toHaveLength(1)
  })

  it('a slow-but-alive server: stopped at the overall deadline, with which limit expired', async () => {
    // Each reply takes 400 ms, well inside the 1 s step limit (room for a loaded machine); the
    // nine replies of a test message take some 3.6 s, past the default deadline of 3 × 1 s.
    const { r, d } = await run(
      { replyDelayMs: 400 },
      { timeoutMs: 1000, credentials: { ...token, username: 'oauth@contoso.test' }, message },
    )
    expect(r.status).toBe('fail')
    expect(d.failure?.kind).toBe('deadline')
    expect(r.explanation).toContain('answered too slowly while')
    expect(r.explanation).toContain('the check did not finish within its overall limit of 3 s')
    expect(r.durationMs).toBeLessThan(3600)
  })

  it('an unreachable host: a clear message', async () => {
    const { r } = await run({}, { port: 1 })
    expect(r.status).toBe('fail')
    expect(r.explanation).toContain('Could not test STARTTLS: connecting to localhost:1 failed')
  })
})
