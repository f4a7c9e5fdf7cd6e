import { describe, expect, it } from 'vitest'

import { checkRelayConfig, RelayConfigError } from '../../../../electron/relay/config'
import { hashPassword } from '../../../../electron/relay/password-hash'

const base = {
  listen: { address: '192.168.1.10', port: 2525 },
  senders: ['scanner@contoso.example'],
  outbound: { username: 'scanner@contoso.example' },
  spoolDir: 'spool',
}

function problems(raw: unknown): string[] {
  try {
    checkRelayConfig(raw, '/etc/scanpath')
  } catch (e) {
    if (e instanceof RelayConfigError) return e.problems
    throw e
  }
  return []
}

describe('relay config', () => {
  it('fills in Exchange Online defaults and resolves paths against the config folder', () => {
    const c = checkRelayConfig(base, '/etc/scanpath')
    expect(c.outbound).toEqual({
      host: 'smtp.office365.com',
      port: 587,
      username: 'scanner@contoso.example',
      connections: 3,
    })
    expect(c.limits).toEqual({ maxMessageBytes: 35 * 1024 * 1024, maxRecipients: 500 })
    expect(c.pacing).toEqual({ perMinute: 30, perDay: 10_000 })
    expect(c.tls).toEqual({ mode: 'starttls' })
    expect(c.spoolDir).toBe('/etc/scanpath/spool')
    expect(c.allow).toEqual([])
    expect(c.devices).toEqual([])
  })

  it('names the field of every mistake', () => {
    expect(problems({ ...base, listen: { address: 'printer.local', port: 70000 } })).toEqual([
      expect.stringMatching(/^listen\.address: must be an IP address/),
      expect.stringMatching(/^listen\.port: must be a port number 1–65535/),
    ])
    expect(problems({ ...base, senders: [] })).toEqual([
      expect.stringMatching(/^senders: must list/),
    ])
    expect(problems({ ...base, senders: ['not-an-address'] })[0]).toMatch(/^senders\.0: /)
    expect(problems({ ...base, outbound: {} })).toEqual(['outbound.username: is missing'])
    expect(problems({ ...base, tls: { mode: 'ssl' } })[0]).toMatch(/^tls\.mode: /)
    expect(problems({ ...base, tls: { certFile: 'c.pem' } })[0]).toMatch(
      /^tls: give both certFile and keyFile/,
    )
    expect(problems({ ...base, limits: { maxRecipients: 5000 } })[0]).toMatch(
      /^limits\.maxRecipients: cannot exceed/,
    )
    expect(problems({ ...base, pacing: { perMinute: 60 } })[0]).toMatch(
      /^pacing\.perMinute: cannot exceed Exchange Online’s 30/,
    )
    expect(problems({ ...base, allow: ['192.168.1.0/24', 'printer'] })).toEqual([
      expect.stringMatching(/^allow\.1: "printer" is not an IP address or CIDR range/),
    ])
    expect(problems({ ...base, lsiten: {} })).toContain('(the file): unknown setting "lsiten"')
    expect(problems({ ...base, spoolDir: undefined })).toEqual(['spoolDir: is missing'])
    expect(
      problems({ ...base, outbound: { username: 'scanner@contoso.example', port: 'x' } }),
    ).toEqual(['outbound.port: must be a port number 1–65535'])
    expect(
      problems({ ...base, outbound: { username: 'scanner@contoso.example', connections: 4 } }),
    ).toEqual([
      'outbound.connections: cannot exceed the 3 connections Exchange Online allows a mailbox at once',
    ])
    expect(problems(null)).toEqual([expect.stringMatching(/^\(the file\): /)])
  })

  it('never takes a clear password for a device, only a scrypt hash', async () => {
    expect(
      problems({ ...base, devices: [{ username: 'mfp', passwordHash: 'Summer2026!' }] })[0],
    ).toMatch(
      /^devices\.0\.passwordHash: must be a scrypt hash made by `scanpath relay hash-password`/,
    )
    const hash = await hashPassword('Summer2026!')
    expect(problems({ ...base, devices: [{ username: 'mfp', passwordHash: hash }] })).toEqual([])
  })

  it('refuses a wildcard address unless the allowlist is set', () => {
    for (const address of ['0.0.0.0', '::'])
      expect(problems({ ...base, listen: { address, port: 25 } })).toEqual([
        expect.stringMatching(/^listen\.address: .* listens on every network of this computer/),
      ])
    expect(
      problems({ ...base, listen: { address: '0.0.0.0', port: 25 }, allow: ['192.168.1.0/24'] }),
    ).toEqual([])
  })

  it('refuses a public address without allow and forcePublic, saying why it is dangerous', () => {
    const pub = { ...base, listen: { address: '203.0.113.7', port: 587 } }
    const both = problems(pub)
    expect(both).toHaveLength(2)
    expect(both[0]).toMatch(
      /^listen\.address: 203\.0\.113\.7 is a public address and "allow" is empty/,
    )
    expect(problems({ ...pub, allow: ['198.51.100.4'] })).toEqual([
      expect.stringMatching(/^listen\.address: .*public.*whole Internet.*"forcePublic"/),
    ])
    expect(problems({ ...pub, allow: ['198.51.100.4'], forcePublic: 'short' })[0]).toMatch(
      /^forcePublic: /,
    )
    expect(
      problems({
        ...pub,
        allow: ['198.51.100.4'],
        forcePublic: 'The printer is at a branch with only a public link.',
      }),
    ).toEqual([])
  })
})
