/**
 * A message Microsoft 365 refuses for good is reported to `adminAddress` by a notice that goes
 * through the relay's own spool and XOAUTH2 sign-in to the Exchange-like server; a refused notice
 * is never noticed again; without adminAddress nothing is sent.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { afterEach, describe, expect, it } from 'vitest'

import { useScenarioPeers } from '../helpers/scenario-peers'
import type { ScenarioMessage } from '../helpers/scenario-smtp-server'
import { useTempDirs } from '../helpers/temp-dirs'
import {
  device,
  loopbackRelayConfig,
  MAILBOX,
  relayRunner,
  scan,
  TOKEN,
  waitFor,
} from './relay-helpers'

const peers = useScenarioPeers()
const tempDir = useTempDirs()
const runner = relayRunner()
afterEach(() => runner.stopAll())

const ADMIN = 'it-admin@contoso.example'
const SEND_AS_REFUSAL = '550 5.7.60 SMTP; Client does not have permissions to send as this sender'

async function relayTo(serverPort: number, raw: Record<string, unknown> = {}) {
  const spoolDir = await tempDir('relay-notice-')
  const config = await loopbackRelayConfig(serverPort, spoolDir, raw)
  const relay = await runner.start({ config, outboundCa: [peers.pki.ca.cert] })
  return { relay, port: config.listen.port, logFile: join(spoolDir, 'logs', 'scanpath.log') }
}

/** The notice's text: its headers, and its base64 body decoded. */
function readNotice(m: ScenarioMessage): { headers: string; body: string } {
  const [headers = '', body = ''] = m.data.split('\r\n\r\n')
  return { headers, body: Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') }
}

async function sendScan(port: number, messageId: string): Promise<void> {
  await device(port, 'modern').sendMail({
    envelope: { from: MAILBOX, to: ['office@contoso.example', 'finance@contoso.example'] },
    raw: scan(messageId, ['office@contoso.example', 'finance@contoso.example']),
  })
}

describe('relay: the admin notice of a permanent refusal', () => {
  it('sends one notice to adminAddress with the reply explained, through XOAUTH2', async () => {
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: TOKEN },
      dataEndReply: (m) =>
        m.messageId === '<denied-1@mfp>' ? SEND_AS_REFUSAL : '250 2.6.0 Queued mail for delivery',
    })
    const { relay, port, logFile } = await relayTo(server.port, { adminAddress: ADMIN })
    await sendScan(port, '<denied-1@mfp>')
    await waitFor('the notice', () => server.messages.length === 2 && relay.status().queued === 0)
    await new Promise((r) => setTimeout(r, 400))
    expect(server.messages).toHaveLength(2)
    expect(relay.status()).toMatchObject({ failed: 1, queued: 0 })

    const notice = server.messages[1]
    if (!notice) throw new Error('no notice')
    const { headers, body } = readNotice(notice)
    expect(headers).toMatch(new RegExp(`^To: ${ADMIN}$`, 'm'))
    expect(headers).toMatch(new RegExp(`^From: ScanPath Relay <${MAILBOX}>$`, 'm'))
    expect(headers).toMatch(/^Subject: ScanPath Relay: not delivered: <denied-1@mfp>$/m)
    expect(headers).toMatch(/^Auto-Submitted: auto-generated$/m)
    expect(notice.messageId).toMatch(/^<relay-notice-[0-9a-f-]+@contoso\.example>$/)
    expect(body).toContain('Device:      127.0.0.1')
    expect(body).toContain(`Sender:      ${MAILBOX}`)
    expect(body).toContain('Recipients:  office@contoso.example, finance@contoso.example')
    expect(body).toContain('Message-ID:  <denied-1@mfp>')
    expect(body).toContain('Server reply: 550 5.7.60 SMTP; Client does not have permissions')
    // The reply explainer's gate and fix.
    expect(body).toContain('What it means (Not allowed to send as this address):')
    expect(body).toMatch(/What to do:\r\n.*Send As/)

    // Signed in with XOAUTH2 over TLS, and addressed to the admin only.
    const session = server.sessions.find((s) =>
      s.commands.some((c) => c.line === `RCPT TO:<${ADMIN}>`),
    )
    expect(session?.commands.find((c) => c.line.startsWith('AUTH'))?.line).toMatch(/^AUTH XOAUTH2 /)
    expect(session?.commands.filter((c) => c.line.startsWith('RCPT TO')).length).toBe(1)
    expect(session?.commands.find((c) => c.line.startsWith('MAIL FROM'))?.line).toMatch(
      new RegExp(`^MAIL FROM:<${MAILBOX}>`),
    )

    const log = await readFile(logFile, 'utf8')
    expect(log).toMatch(
      /\[relay\] admin-notice-queued messageId="<denied-1@mfp>" notice="<relay-notice-[^"]+>" admin="it-admin@contoso\.example"/,
    )
    expect(log).toMatch(/\[relay\] delivered messageId="<relay-notice-/)
  })

  it('does not send a notice about a notice that was refused', async () => {
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: TOKEN },
      dataEndReply: () => SEND_AS_REFUSAL,
    })
    const { relay, port, logFile } = await relayTo(server.port, { adminAddress: ADMIN })
    await sendScan(port, '<denied-2@mfp>')
    await waitFor('both failures', () => relay.status().failed === 2)
    await new Promise((r) => setTimeout(r, 600))
    expect(server.messages).toHaveLength(2)
    expect(server.messages[1]?.messageId).toMatch(/^<relay-notice-/)
    expect(relay.status()).toMatchObject({ failed: 2, queued: 0 })
    const log = await readFile(logFile, 'utf8')
    expect(log.match(/admin-notice-queued/g)).toHaveLength(1)
    expect(log).toMatch(
      /WARN +\[relay\] admin-notice-failed messageId="<relay-notice-[^"]+>" admin="it-admin@contoso\.example" note="the notice itself was refused; no further notice is sent"/,
    )
  })

  it('sends no notice without adminAddress', async () => {
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: TOKEN },
      dataEndReply: () => SEND_AS_REFUSAL,
    })
    const { relay, port, logFile } = await relayTo(server.port)
    await sendScan(port, '<denied-3@mfp>')
    await waitFor('the failure', () => relay.status().failed === 1)
    await new Promise((r) => setTimeout(r, 600))
    expect(server.messages).toHaveLength(1)
    expect(relay.status()).toMatchObject({ failed: 1, queued: 0 })
    expect(await readFile(logFile, 'utf8')).not.toMatch(/admin-notice/)
  })
})

describe('relay: the admin notice of a partial refusal', () => {
  it('tells the admin which recipients did not get a delivered message, and why', async () => {
    const server = await peers.serve('exchange', {
      users: { [MAILBOX]: TOKEN },
      rcptReply: (address) =>
        address === 'finance@contoso.example'
          ? '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
          : undefined,
    })
    const { relay, port, logFile } = await relayTo(server.port, { adminAddress: ADMIN })
    await sendScan(port, '<partly-1@mfp>')
    await waitFor('the message and the notice', () => server.messages.length === 2, 15_000)
    const [delivered, notice] = server.messages
    expect(delivered?.messageId).toBe('<partly-1@mfp>')
    expect(relay.status()).toMatchObject({ failed: 0, queued: 0 })
    const { headers, body } = readNotice(notice!)
    expect(headers).toMatch(
      /^Subject: ScanPath Relay: not delivered to some recipients: <partly-1@mfp>$/m,
    )
    expect(body).toMatch(/refused some of its recipients/)
    expect(body).toMatch(/^Refused: +finance@contoso\.example$/m)
    expect(body).toMatch(/550 5\.1\.10/)
    expect(body).toMatch(/The other recipients got the message/)
    expect(await readFile(logFile, 'utf8')).toMatch(
      /admin-notice-queued messageId="<partly-1@mfp>"/,
    )
  })
})
