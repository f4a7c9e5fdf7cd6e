/**
 * The SASL encoders: the wire formats against published examples, and every character that
 * would let a field break out of its framing refused — with words that never repeat the value.
 */
import { describe, expect, it } from 'vitest'

import {
  credentialsProblem,
  saslLogin,
  saslPlain,
  saslXoauth2,
  SaslError,
} from '../../../../electron/probes/sasl'

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8')

describe('XOAUTH2', () => {
  it("matches Google's documented XOAUTH2 example", () => {
    expect(
      saslXoauth2('someuser@example.com', 'ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg'),
    ).toBe(
      'dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==',
    )
  })

  it('is user= ^A auth=Bearer token ^A ^A, UTF-8', () => {
    expect(decode(saslXoauth2('zoë@contoso.test', 'abc.def-ghi_~+/=='))).toBe(
      'user=zoë@contoso.test\u0001auth=Bearer abc.def-ghi_~+/==\u0001\u0001',
    )
  })

  it('refuses a ^A in the user name (it would forge a field)', () => {
    expect(() => saslXoauth2('a\u0001auth=Bearer x', 'tok')).toThrow(SaslError)
    expect(() => saslXoauth2('a\u0001auth=Bearer x', 'tok')).toThrow(/user name .*control/)
  })

  it.each([
    ['a ^A', 'tok\u0001en'],
    ['a space', 'tok en'],
    ['a line break', 'tok\r\nQUIT'],
    ['a NUL', 'tok\u0000'],
    ['padding in the middle', 'to=ken'],
    ['nothing', ''],
  ])('refuses a token with %s, without repeating it', (_what, token) => {
    let message = ''
    try {
      saslXoauth2('scanner@contoso.test', token)
    } catch (e) {
      expect(e).toBeInstanceOf(SaslError)
      message = (e as Error).message
    }
    expect(message).toMatch(/access token/)
    if (token) expect(message).not.toContain(token)
  })
})

describe('PLAIN (RFC 4616)', () => {
  it('is NUL authcid NUL passwd, with no authorization identity', () => {
    expect(decode(saslPlain('scanner@contoso.test', 'pä55 word'))).toBe(
      '\u0000scanner@contoso.test\u0000pä55 word',
    )
  })

  it('refuses a NUL in the password or the user name (it would forge a field)', () => {
    expect(() => saslPlain('scanner@contoso.test', 'secret\u0000admin')).toThrow(/NUL/)
    expect(() => saslPlain('admin\u0000scanner', 'secret')).toThrow(/user name/)
  })
})

describe('LOGIN', () => {
  it('is the user name and the password, each base64', () => {
    const l = saslLogin('scanner@contoso.test', 'Sc4n P@ss')
    expect(decode(l.user)).toBe('scanner@contoso.test')
    expect(decode(l.password)).toBe('Sc4n P@ss')
  })

  it.each(['a\r\nb@contoso.test', 'a\nb', 'a\u001bb', 'a\u007fb', 'a\u009bb', 'a\tb'])(
    'refuses a control character in the user name (%j)',
    (user) => {
      expect(() => saslLogin(user, 'secret')).toThrow(/user name contains a control character/)
    },
  )

  it('refuses an empty user name or password', () => {
    expect(() => saslLogin('', 'secret')).toThrow(/user name is empty/)
    expect(() => saslLogin('a@b.test', '')).toThrow(/password is empty/)
  })
})

describe('credentialsProblem', () => {
  it('is null for credentials that frame safely', () => {
    expect(credentialsProblem('scanner@contoso.test', 'any \t thing ✓', 'password')).toBeNull()
    expect(credentialsProblem('scanner@contoso.test', 'eyJ0.eyJh.c2ln', 'token')).toBeNull()
  })

  it('names the first problem, never the value', () => {
    const p = credentialsProblem('scanner@contoso.test', 'Pass\u0000word', 'password')
    expect(p).toMatch(/NUL/)
    expect(p).not.toContain('Pass')
  })
})
