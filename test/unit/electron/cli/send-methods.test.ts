/**
 * send-test and auth-test with --method: client submission and High Volume Email sign in;
 * direct send and relay go to the tenant MX without a sign-in, and refuse what does not apply.
 */
import { describe, expect, it } from 'vitest'

import { parseCli } from '../../../../electron/cli/args'

const MX = ['--mx-host', 'contoso-com.mail.protection.outlook.com']
const ADDRESSES = ['--from', 'scanner@contoso.com', '--to', 'frontdesk@contoso.com']

describe('send-test --method direct-send | relay', () => {
  it('direct send: the MX, port 25 by default, no sign-in', () => {
    expect(parseCli(['send-test', '--method', 'direct-send', ...MX, ...ADDRESSES])).toEqual({
      kind: 'mx-send',
      method: 'direct-send',
      mxHost: 'contoso-com.mail.protection.outlook.com',
      mxPort: 25,
      from: 'scanner@contoso.com',
      to: 'frontdesk@contoso.com',
      connectorIp: null,
      timeoutMs: 8000,
      json: false,
    })
  })

  it('relay: the connector address to compare, another port, JSON', () => {
    expect(
      parseCli([
        'send-test',
        '--method',
        'relay',
        ...MX,
        '--mx-port',
        '2525',
        ...ADDRESSES,
        '--connector-ip',
        '203.0.113.7',
        '--json',
      ]),
    ).toMatchObject({
      kind: 'mx-send',
      method: 'relay',
      mxPort: 2525,
      connectorIp: '203.0.113.7',
      json: true,
    })
  })

  it.each<[string[], string]>([
    [['send-test', '--method', 'direct-send', ...ADDRESSES], '--mx-host is required'],
    [
      ['send-test', '--method', 'direct-send', ...MX, '--to', 'a@contoso.com'],
      '--from is required',
    ],
    [
      ['send-test', '--method', 'direct-send', ...MX, '--from', 'a@contoso.com'],
      '--to is required',
    ],
    [
      ['send-test', '--method', 'direct-send', ...MX, ...ADDRESSES, '--user', 'a@contoso.com'],
      '--user does not apply to direct send',
    ],
    [
      ['send-test', '--method', 'relay', ...MX, ...ADDRESSES, '--oauth'],
      '--oauth does not apply to a relay connector',
    ],
    [
      [
        'send-test',
        '--method',
        'direct-send',
        ...MX,
        ...ADDRESSES,
        '--connector-ip',
        '203.0.113.7',
      ],
      '--connector-ip goes with --method relay',
    ],
    [
      ['send-test', '--method', 'relay', ...MX, ...ADDRESSES, '--connector-ip', 'office'],
      '--connector-ip must be an IP address, got office',
    ],
    [['send-test', '--method', 'relay', '--mx-host', 'not a host', ...ADDRESSES], '--mx-host'],
    [
      ['send-test', '--method', 'relay', ...MX, '--mx-port', '0', ...ADDRESSES],
      '--mx-port must be a port number 1–65535, got 0',
    ],
    [
      ['auth-test', '--method', 'direct-send', ...MX],
      'does not sign in: use send-test --method direct-send',
    ],
    [
      ['send-test', '--method', 'fax', ...ADDRESSES],
      '--method must be submission, hve, direct-send or relay, got fax',
    ],
    [
      ['send-test', '--user', 'a@contoso.com', '--to', 'b@contoso.com', ...MX],
      '--mx-host goes with --method direct-send or relay',
    ],
  ])('%j: %s', (argv, message) => {
    const r = parseCli(argv)
    expect(r.kind).toBe('usage-error')
    expect((r as { message: string }).message).toContain(message)
  })
})

describe('--method hve', () => {
  it("signs in at High Volume Email's endpoint unless told otherwise", () => {
    expect(parseCli(['auth-test', '--method', 'hve', '--user', 'hve@contoso.com'])).toMatchObject({
      kind: 'auth-test',
      method: 'hve',
      host: 'smtp.hve.mx.microsoft',
      port: 587,
    })
    expect(
      parseCli([
        'auth-test',
        '--method',
        'hve',
        '--user',
        'hve@contoso.com',
        '--submission-host',
        'localhost',
      ]),
    ).toMatchObject({ host: 'localhost' })
  })

  it('submission stays the default: smtp.office365.com:587', () => {
    expect(parseCli(['auth-test', '--user', 'scanner@contoso.com'])).toMatchObject({
      method: 'submission',
      host: 'smtp.office365.com',
    })
  })
})
