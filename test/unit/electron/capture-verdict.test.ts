import { describe, expect, it } from 'vitest'

import { captureMethodFor, captureRecord, withCaptures } from '../../../shared/capture-record'
import type { CaptureSession } from '../../../shared/capture-types'
import { jobDeviceTarget } from '../../../shared/report/job-derive'
import { jobSchema } from '../../../shared/schemas/job'
import { MAX_JOB_CAPTURES, newJob } from '../../../shared/job-types'
import {
  captureVerdict,
  clientSubmissionVerdict,
  directSendVerdict,
  switchBackBanner,
} from '../../../electron/capture/capture-verdict'
import { siteRelayVerdict } from '../../../electron/capture/capture-verdict'
import { MimeScanner } from '../../../electron/capture/mime-scan'
import { requestSchemas } from '../../../shared/schemas/ipc'
import { parseCaptureCommand, pickListenAddress } from '../../../electron/cli/capture-cmd'

const CAPTURE = { host: '192.168.1.20', port: 2525 }

function session(over: Partial<CaptureSession> = {}): CaptureSession {
  return {
    id: 'abc',
    listener: 'submission',
    localPort: 2525,
    remoteAddress: '192.168.1.50',
    remotePort: 40000,
    ehloName: 'mfp',
    greeting: 'EHLO',
    transport: 'starttls',
    starttlsAttempted: true,
    tls: { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' },
    auth: [
      { mechanism: 'LOGIN', username: 'scan@contoso.com', secret: { received: true, length: 12 } },
    ],
    messages: [
      {
        mailFrom: 'scan@contoso.com',
        rcptTo: ['a@contoso.com'],
        size: 100,
        attachments: [],
        complete: true,
      },
    ],
    commands: ['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT'],
    startedAt: '2025-01-01T00:00:00.000Z',
    endedAt: '2025-01-01T00:00:01.000Z',
    ...over,
  }
}

describe('client submission verdict', () => {
  it('passes STARTTLS + TLS 1.2 + AUTH LOGIN with a matching sender', () => {
    expect(clientSubmissionVerdict(session()).status).toBe('ok')
    expect(
      clientSubmissionVerdict(
        session({
          auth: [
            {
              mechanism: 'XOAUTH2',
              username: 'scan@contoso.com',
              secret: { received: true, length: 900 },
            },
          ],
        }),
      ).status,
    ).toBe('ok')
  })

  it('fails TLS 1.0 and 1.1 with 421 4.7.66', () => {
    for (const [protocol, label] of [
      ['TLSv1', 'TLS 1.0'],
      ['TLSv1.1', 'TLS 1.1'],
    ] as const) {
      const v = clientSubmissionVerdict(session({ tls: { protocol, cipher: 'AES128-SHA' } }))
      expect(v.status).toBe('fail')
      expect(v.findings[0]).toBe(
        `${label} negotiated: Exchange Online will refuse this device on 587 with 421 4.7.66 (TLS 1.0 and 1.1 are not supported); update the firmware or use direct send/relay.`,
      )
    }
  })

  it('fails plaintext, implicit TLS, no AUTH and PLAIN/CRAM-MD5', () => {
    expect(
      clientSubmissionVerdict(
        session({ transport: 'plaintext', tls: null, starttlsAttempted: false }),
      ).status,
    ).toBe('fail')
    expect(
      clientSubmissionVerdict(session({ transport: 'implicit-tls', listener: 'implicit-tls' }))
        .findings[0],
    ).toContain('465')
    expect(clientSubmissionVerdict(session({ auth: [] })).findings.join(' ')).toContain(
      'did not sign in',
    )
    const plain = clientSubmissionVerdict(
      session({
        auth: [
          {
            mechanism: 'CRAM-MD5',
            username: 'scan@contoso.com',
            secret: { received: true, length: null },
          },
        ],
      }),
    )
    expect(plain.status).toBe('fail')
    expect(plain.findings.join(' ')).toContain('AUTH CRAM-MD5')
  })

  it('warns on a non-address username and on a sender that is not the mailbox', () => {
    const v = clientSubmissionVerdict(
      session({
        auth: [{ mechanism: 'LOGIN', username: 'scanner', secret: { received: true, length: 3 } }],
      }),
    )
    expect(v.status).toBe('warn')
    expect(v.findings.join(' ')).toContain('not an email address')
    expect(v.findings.join(' ')).toContain('554 5.2.252 SendAsDenied')
  })
})

describe('direct send / relay verdict', () => {
  it('is fine with plaintext and no sign-in, warns on sign-in or legacy TLS, fails on 465', () => {
    expect(directSendVerdict(session({ transport: 'plaintext', tls: null, auth: [] })).status).toBe(
      'ok',
    )
    expect(directSendVerdict(session()).status).toBe('warn')
    expect(
      directSendVerdict(session({ auth: [], tls: { protocol: 'TLSv1', cipher: null } })).status,
    ).toBe('warn')
    expect(directSendVerdict(session({ transport: 'implicit-tls' })).status).toBe('fail')
  })
})

describe('summary and switch-back banner', () => {
  it('never shows the password, only its length', () => {
    const v = captureVerdict(session(), CAPTURE)
    expect(v.summary).toBe(
      'mfp (192.168.1.50): STARTTLS, TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256; AUTH LOGIN as scan@contoso.com, password received, 12 characters; 1 message sent.',
    )
  })

  it('names the capture address and the exact Microsoft 365 values', () => {
    const b = switchBackBanner(CAPTURE, 'scan@contoso.com')
    expect(b.text).toContain('192.168.1.20:2525')
    expect(b.text).toContain('SMTP server: smtp.office365.com; Port: 587; Security: STARTTLS')
    expect(b.settings).toContainEqual({ label: 'Username', value: 'scan@contoso.com' })
  })

  it("switches back to the job's values: the port the decision chose, the MX found in DNS", () => {
    const on25 = switchBackBanner(CAPTURE, 'scan@contoso.com', {
      method: 'client-submission-basic',
      host: 'smtp.office365.com',
      port: 25,
    })
    expect(on25.text).toContain('SMTP server: smtp.office365.com; Port: 25; Security: STARTTLS')
    const mx = 'contoso-com.s-v1.mx.microsoft'
    const direct = captureVerdict(session(), CAPTURE, { method: 'direct-send', host: mx, port: 25 })
    expect(direct.switchBack.settings).toEqual([
      { label: 'SMTP server', value: mx },
      { label: 'Port', value: '25' },
      { label: 'Security', value: 'STARTTLS if offered' },
      { label: 'SMTP authentication', value: 'Off' },
    ])
    // No MX known yet: never one built from the domain.
    const unknown = switchBackBanner(CAPTURE, null, { method: 'smtp-relay', host: null, port: 25 })
    expect(unknown.settings[0]?.value).toContain("the tenant's MX host found in DNS")
    const oauth = switchBackBanner(CAPTURE, 'scan@contoso.com', {
      method: 'client-submission-oauth',
      host: 'smtp.office365.com',
      port: 587,
    })
    expect(oauth.settings.map((s) => s.label)).not.toContain('Password')
    expect(oauth.settings).toContainEqual({
      label: 'SMTP authentication',
      value: 'OAuth 2.0 (Microsoft 365)',
    })
    const hve = switchBackBanner(CAPTURE, null, {
      method: 'high-volume-email',
      host: 'smtp.hve.mx.microsoft',
      port: 587,
    })
    expect(hve.text).toContain('SMTP server: smtp.hve.mx.microsoft; Port: 587')
  })
})

describe("the job's chosen method first", () => {
  it('OAuth: its verdict first, sign in again, no password line, no placeholder', () => {
    const plain = session({ auth: [] })
    const v = captureVerdict(plain, CAPTURE, {
      method: 'client-submission-oauth',
      host: 'smtp.office365.com',
      port: 587,
    })
    expect(v.chosen).toBe('client-submission')
    expect(v.methods.map((m) => m.method)).toEqual(['client-submission', 'direct-send-relay'])
    const labels = v.switchBack.settings.map((s) => s.label)
    expect(labels).not.toContain('Password')
    expect(v.switchBack.advice).toContain('sign in on the device again')
    expect(v.switchBack.advice).not.toContain('password')
    expect(v.switchBack.text).not.toContain('e.g.')
    expect(v.switchBack.settings).toContainEqual({ label: 'Port', value: '587' })
  })

  it('relay: its verdict first, MX host on 25, no sign-in, no username or password', () => {
    const mx = 'contoso-com.mail.protection.outlook.com'
    const v = captureVerdict(session(), CAPTURE, { method: 'smtp-relay', host: mx, port: 25 })
    expect(v.chosen).toBe('direct-send-relay')
    expect(v.methods.map((m) => m.method)).toEqual(['direct-send-relay', 'client-submission'])
    expect(v.switchBack.settings).toEqual([
      { label: 'SMTP server', value: mx },
      { label: 'Port', value: '25' },
      { label: 'Security', value: 'STARTTLS if offered' },
      { label: 'SMTP authentication', value: 'Off' },
    ])
    expect(v.switchBack.advice).toContain('no sign-in')
    expect(v.switchBack.text).not.toMatch(/password|scan@contoso\.com|e\.g\./i)
  })

  it('no method chosen: says so, lists no values, verdicts side by side', () => {
    const v = captureVerdict(session(), CAPTURE, null)
    expect(v.chosen).toBeNull()
    expect(v.methods.map((m) => m.method)).toEqual(['client-submission', 'direct-send-relay'])
    expect(v.switchBack.settings).toEqual([])
    expect(v.switchBack.advice).toContain('No sending method is chosen')
    expect(v.switchBack.text).toContain('192.168.1.20:2525')
  })

  it('the CLI default (client submission on 587) never prints an example mailbox', () => {
    const b = switchBackBanner(CAPTURE)
    expect(b.text).not.toContain('e.g.')
    expect(b.settings).toContainEqual({
      label: 'Username',
      value: 'the sending mailbox address from the Configure step',
    })
  })
})

describe('MIME scan', () => {
  it('finds named attachments with decoded sizes, not the body text', () => {
    const s = new MimeScanner()
    const msg =
      'Content-Type: multipart/mixed; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n' +
      '--b1\r\nContent-Type: image/jpeg\r\nContent-Transfer-Encoding: base64\r\n' +
      "Content-Disposition: attachment;\r\n filename*=utf-8''Scan%20%C3%A9.jpg\r\n\r\nTWFu\r\nTWE=\r\n--b1--\r\n"
    // Fed in awkward pieces to exercise line reassembly.
    for (let i = 0; i < msg.length; i += 7) s.push(Buffer.from(msg.slice(i, i + 7), 'latin1'))
    expect(s.end()).toEqual([{ filename: 'Scan é.jpg', contentType: 'image/jpeg', size: 5 }])
  })
})

describe('capture command', () => {
  const ifaces = {
    eth0: [
      {
        address: '192.168.1.20',
        netmask: '255.255.255.0',
        family: 'IPv4',
        mac: '',
        internal: false,
        cidr: null,
      },
    ],
  } as unknown as Parameters<typeof pickListenAddress>[1]

  it('parses options and picks the address on the device subnet', () => {
    expect(
      parseCaptureCommand(
        [
          'capture',
          '--port',
          '2525',
          '--device',
          '192.168.1.50',
          '--tls-port',
          '4650',
          '--timeout-s',
          '30',
        ],
        ifaces,
      ),
    ).toEqual({
      kind: 'capture',
      host: '192.168.1.20',
      port: 2525,
      implicitTlsPort: 4650,
      timeoutS: 30,
      json: false,
    })
    expect(pickListenAddress('10.0.0.5', ifaces)).toBeNull()
  })

  it('refuses missing address and bad ports', () => {
    expect(parseCaptureCommand(['capture', '--port', '2525'], ifaces).kind).toBe('usage-error')
    expect(
      parseCaptureCommand(['capture', '--port', '99999', '--listen', '127.0.0.1'], ifaces).kind,
    ).toBe('usage-error')
    expect(parseCaptureCommand(['capture', '--listen', '127.0.0.1'], ifaces).kind).toBe(
      'usage-error',
    )
  })
})

describe('capture records kept in the job', () => {
  it('keep the facts and verdicts of a session, never a secret or message content', () => {
    const s = session({
      tls: { protocol: 'TLSv1', cipher: 'ECDHE-RSA-AES256-SHA' },
    })
    const verdict = captureVerdict(s, CAPTURE)
    const r = captureRecord(s, verdict)
    expect(r).toEqual({
      at: '2025-01-01T00:00:00.000Z',
      deviceAddress: '192.168.1.50',
      ehloName: 'mfp',
      transport: 'starttls',
      tlsProtocol: 'TLSv1',
      tlsCipher: 'ECDHE-RSA-AES256-SHA',
      authMechanisms: ['LOGIN'],
      username: 'scan@contoso.com',
      summary: verdict.summary,
      verdicts: verdict.methods.map((m) => ({
        method: m.method,
        status: m.status,
        findings: m.findings,
      })),
    })
    expect(r.verdicts.find((v) => v.method === 'client-submission')?.status).toBe('fail')
    // The record validates against the job schema as it crosses IPC.
    const job = { ...newJob('job-00000001', '2025-01-01T00:00:00.000Z'), captures: [r] }
    expect(jobSchema.safeParse(job).success).toBe(true)
    expect(JSON.stringify(r)).not.toContain('a@contoso.com')
  })

  it('are added once per session and only the newest ten are kept', () => {
    const records = Array.from({ length: 12 }, (_, i) =>
      captureRecord(
        session({ startedAt: `2025-01-01T00:00:${String(i).padStart(2, '0')}.000Z` }),
        captureVerdict(session(), CAPTURE),
      ),
    )
    const once = withCaptures(undefined, records.slice(0, 3))
    expect(withCaptures(once, records.slice(0, 3))).toEqual(once)
    const all = withCaptures(once, records)
    expect(all).toHaveLength(MAX_JOB_CAPTURES)
    expect(all[0]!.at).toBe('2025-01-01T00:00:02.000Z')
    expect(all.at(-1)!.at).toBe('2025-01-01T00:00:11.000Z')
  })

  it('judge sign-in methods by the 587 verdict and direct send / relay by the port-25 one', () => {
    expect(captureMethodFor('client-submission-oauth')).toBe('client-submission')
    expect(captureMethodFor('client-submission-basic')).toBe('client-submission')
    expect(captureMethodFor('high-volume-email')).toBe('client-submission')
    expect(captureMethodFor('direct-send')).toBe('direct-send-relay')
    expect(captureMethodFor('smtp-relay')).toBe('direct-send-relay')
  })
})

describe("the switch-back's user name", () => {
  const oauthTarget = {
    method: 'client-submission-oauth',
    host: 'smtp.office365.com',
    port: 587,
  } as const

  it("is the device's own, else the job's mailbox, else where to find it: never an example", () => {
    const mailbox = 'scanner@fabrikam.com'
    const username = (b: ReturnType<typeof switchBackBanner>) =>
      b.settings.find((s) => s.label === 'Username')?.value
    expect(
      username(switchBackBanner(CAPTURE, 'dev@fabrikam.com', { ...oauthTarget, mailbox })),
    ).toBe('dev@fabrikam.com')
    expect(username(switchBackBanner(CAPTURE, null, { ...oauthTarget, mailbox }))).toBe(mailbox)
    const basic = { ...oauthTarget, method: 'client-submission-basic', mailbox } as const
    expect(username(switchBackBanner(CAPTURE, null, basic))).toBe(mailbox)
    const none = username(switchBackBanner(CAPTURE, null, { ...oauthTarget, mailbox: null }))
    expect(none).toBe('the sending mailbox address from the Configure step')
  })

  it("jobDeviceTarget carries the job's sender address only when it is an address", () => {
    const base = {
      ...newJob('job-mailbox-1', '2026-12-05T09:00:00.000Z'),
      method: 'client-submission-oauth' as const,
    }
    const withSender = jobDeviceTarget(
      { ...base, senderAddress: ' scanner@fabrikam.com ' },
      '2026-12-05',
    )
    expect(withSender).toMatchObject({
      method: 'client-submission-oauth',
      mailbox: 'scanner@fabrikam.com',
    })
    expect(
      jobDeviceTarget({ ...base, senderAddress: 'not an address' }, '2026-12-05'),
    ).toMatchObject({ mailbox: null })
    expect(jobDeviceTarget({ ...base, senderAddress: '' }, '2026-12-05')).toMatchObject({
      mailbox: null,
    })
  })
})

describe('capture with ScanPath Relay at this site chosen', () => {
  const relayJob = {
    ...newJob('job-relay-capture', '2026-12-05T09:00:00.000Z'),
    // A method picked earlier does not win over the relay the technician took.
    method: 'client-submission-oauth' as const,
    senderAddress: 'scanner@fabrikam.com',
    siteRelay: { address: '192.168.1.30', port: 2525 },
  }

  it("targets the relay: its address and port, STARTTLS unless the device can't, no sign-in", () => {
    const target = jobDeviceTarget(relayJob, '2026-12-05')
    expect(target).toEqual({
      method: 'site-relay',
      host: '192.168.1.30',
      port: 2525,
      security: 'starttls',
    })
    const noTls = jobDeviceTarget(
      {
        ...relayJob,
        device: {
          ...relayJob.device,
          capabilityAnswers: { starttls587: 'no', starttls25: 'no' },
        },
      },
      '2026-12-05',
    )
    expect(noTls).toMatchObject({ method: 'site-relay', security: 'none' })
    const untyped = jobDeviceTarget(
      { ...relayJob, siteRelay: { address: ' ', port: 25 } },
      '2026-12-05',
    )
    expect(untyped).toMatchObject({ method: 'site-relay', host: null, port: 25 })
  })

  it('switches the device back to the relay with authentication off, never to Microsoft 365', () => {
    const target = jobDeviceTarget(relayJob, '2026-12-05')
    const banner = switchBackBanner(CAPTURE, 'scan@contoso.com', target)
    expect(banner.settings).toEqual([
      { label: 'SMTP server', value: '192.168.1.30' },
      { label: 'Port', value: '2525' },
      { label: 'Security', value: 'STARTTLS (sometimes labelled "TLS", not "SSL")' },
      { label: 'SMTP authentication', value: 'Off' },
    ])
    expect(banner.text).not.toContain('smtp.office365.com')
    expect(banner.text).toContain('not to ScanPath Relay at this site.')
    expect(banner.advice).toContain('ScanPath Relay at this site')
    const none = switchBackBanner(CAPTURE, null, {
      method: 'site-relay',
      host: null,
      port: 25,
      security: 'none',
    })
    expect(none.settings).toContainEqual({ label: 'Security', value: 'None' })
    expect(none.settings[0]!.value).toBe("the relay machine's address from the Configure step")
  })

  it("makes the relay's verdict the primary one, in place of the MX endpoint's", () => {
    const target = jobDeviceTarget(relayJob, '2026-12-05')
    // TLS 1.0 and no sign-in: fails on 587, fine for the relay.
    const old = session({ tls: { protocol: 'TLSv1', cipher: 'AES128-SHA' }, auth: [] })
    const v = captureVerdict(old, CAPTURE, target)
    expect(v.chosen).toBe('direct-send-relay')
    expect(v.methods).toHaveLength(2)
    expect(v.methods[0]!.title).toBe(
      'ScanPath Relay at this site (192.168.1.30:2525, TLS optional, no sign-in)',
    )
    expect(v.methods[0]!.status).toBe('ok')
    expect(v.methods[0]!.findings.join(' ')).toContain('STARTTLS with TLS 1.0 without sign-in')
    expect(v.methods[1]!.method).toBe('client-submission')
    expect(v.methods[1]!.status).toBe('fail')
    expect(v.methods.some((m) => m.title.includes('tenant MX endpoint'))).toBe(false)
  })

  it('fails implicit TLS and asks to turn sign-in off', () => {
    const t = { method: 'site-relay', host: '10.0.0.5', port: 25, security: 'starttls' } as const
    const ssl = siteRelayVerdict(session({ transport: 'implicit-tls', auth: [] }), t)
    expect(ssl.status).toBe('fail')
    expect(ssl.findings[0]).toContain('implicit TLS')
    expect(ssl.findings[0]).toContain('port to 25')
    const signsIn = siteRelayVerdict(session(), t)
    expect(signsIn.status).toBe('warn')
    expect(signsIn.findings.join(' ')).toContain('turn SMTP authentication off')
    const plain = siteRelayVerdict(
      session({ transport: 'plaintext', starttlsAttempted: false, tls: null, auth: [] }),
      t,
    )
    expect(plain.status).toBe('ok')
    expect(plain.findings[0]).toContain('Plain SMTP without sign-in')
    const required = siteRelayVerdict(
      session({ transport: 'plaintext', starttlsAttempted: false, tls: null, auth: [] }),
      { ...t, security: 'starttls-required' },
    )
    expect(required.status).toBe('fail')
    const mismatch = siteRelayVerdict(session({ auth: [] }), { ...t, security: 'none' })
    expect(mismatch.status).toBe('warn')
    expect(mismatch.findings[0]).toContain('relay without TLS')
  })

  it('capture:start takes a relay switch-back (an IP host, any port) and stays strict', () => {
    const start = requestSchemas['capture:start']
    const base = {
      deviceAddress: null,
      listenAddress: null,
      port: 2525,
      tlsPort: null,
      timeoutS: 60,
    }
    const ok = (switchBack: unknown) => start.safeParse({ ...base, switchBack }).success
    const relay = { method: 'site-relay', host: '192.168.1.30', port: 2525, security: 'starttls' }
    expect(ok(relay)).toBe(true)
    expect(ok({ ...relay, host: null, security: 'none' })).toBe(true)
    expect(ok({ ...relay, host: 'relay.site.lan' })).toBe(true)
    expect(ok({ ...relay, host: 'http://x' })).toBe(false)
    expect(ok({ ...relay, port: 0 })).toBe(false)
    expect(ok({ ...relay, security: 'ssl' })).toBe(false)
    expect(ok({ ...relay, mailbox: 'a@b.com' })).toBe(false)
    expect(ok({ ...relay, method: 'direct-send' })).toBe(false)
    expect(ok({ method: 'direct-send', host: null, port: 25 })).toBe(true)
    expect(ok({ method: 'direct-send', host: null, port: 25, security: 'none' })).toBe(false)
  })
})
