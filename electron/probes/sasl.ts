/**
 * The SASL initial responses ScanPath sends, one encoder per mechanism, each refusing what would
 * let a field break out of its framing. Every path that signs in (the Verify step, `scanpath
 * auth-test`/`send-test`, the outbox through nodemailer) goes through these checks, so a user
 * name or secret with a separator in it is refused here, before anything reaches the wire.
 *
 * - PLAIN (RFC 4616 §2): authzid NUL authcid NUL passwd; a NUL inside a field would forge one.
 * - LOGIN (draft-murchison-sasl-login): the user name and the password, each base64 on its line.
 * - XOAUTH2 (Microsoft/Google): "user=" user ^A "auth=Bearer " token ^A ^A; a ^A would forge a
 *   field, and a token is an RFC 6750 §2.1 b64token (letters, digits, -._~+/ then '=' padding).
 *
 * The errors name the field and the kind of character, never the value: the value may be a
 * password. chooseMechanism picks the mechanism from what the server offers.
 */

export class SaslError extends Error {
  override readonly name = 'SaslError'
}

export type SecretKind = 'password' | 'token'

// C0 controls (NUL, ^A, CR, LF, ESC …), DEL and the C1 controls: never part of a user name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/

/** Null when the user name can be framed safely; otherwise why not, in words. */
function usernameProblem(username: string): string | null {
  if (username.length === 0) return 'The user name is empty.'
  if (CONTROL.test(username)) {
    return 'The user name contains a control character (a line break, a NUL or ^A, for instance): retype it.'
  }
  return null
}

/** Null when the secret can be framed safely; otherwise why not, in words (never the value). */
function secretProblem(secret: string, kind: SecretKind): string | null {
  if (kind === 'token') {
    if (secret.length === 0) return 'The access token is empty: sign in again.'
    if (!B64TOKEN.test(secret)) {
      return 'The access token has characters a bearer token never has (RFC 6750): sign in again to get a new one.'
    }
    return null
  }
  if (secret.length === 0) return 'The password is empty.'
  if (secret.includes('\u0000')) {
    return 'The password contains a NUL character, which no mail server accepts: retype it.'
  }
  return null
}

/** Null when both can be framed safely; otherwise the first problem, in words. */
export function credentialsProblem(
  username: string,
  secret: string,
  kind: SecretKind,
): string | null {
  return usernameProblem(username) ?? secretProblem(secret, kind)
}

function checkCredentials(username: string, secret: string, kind: SecretKind): void {
  const problem = credentialsProblem(username, secret, kind)
  if (problem) throw new SaslError(problem)
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

/** AUTH PLAIN's initial response (no authorization identity). */
export function saslPlain(username: string, password: string): string {
  checkCredentials(username, password, 'password')
  return b64(`\u0000${username}\u0000${password}`)
}

/** AUTH LOGIN's two responses: the user name, then the password. */
export function saslLogin(username: string, password: string): { user: string; password: string } {
  checkCredentials(username, password, 'password')
  return { user: b64(username), password: b64(password) }
}

/** AUTH XOAUTH2's initial response. */
export function saslXoauth2(username: string, token: string): string {
  checkCredentials(username, token, 'token')
  return b64(`user=${username}\u0001auth=Bearer ${token}\u0001\u0001`)
}

/** The mechanisms ScanPath signs in with. */
export type SaslMechanism = 'LOGIN' | 'PLAIN' | 'XOAUTH2'

/** Which mechanism to use for these credentials among those the server offers. */
export function chooseMechanism(
  wanted: { mechanism: 'auto' | SaslMechanism; kind: SecretKind },
  offered: string[],
): SaslMechanism | null {
  if (wanted.mechanism !== 'auto') {
    return offered.includes(wanted.mechanism) ? wanted.mechanism : null
  }
  if (wanted.kind === 'token') return offered.includes('XOAUTH2') ? 'XOAUTH2' : null
  // Exchange Online offers LOGIN and XOAUTH2, not PLAIN; other servers may offer only PLAIN.
  if (offered.includes('LOGIN')) return 'LOGIN'
  if (offered.includes('PLAIN')) return 'PLAIN'
  return null
}

/** What AUTH sends: LOGIN's two responses, or the initial response of PLAIN or XOAUTH2. */
export function saslResponses(
  mechanism: SaslMechanism,
  username: string,
  secret: string,
): { initial: string } | { user: string; password: string } {
  switch (mechanism) {
    case 'LOGIN':
      return saslLogin(username, secret)
    case 'PLAIN':
      return { initial: saslPlain(username, secret) }
    case 'XOAUTH2':
      return { initial: saslXoauth2(username, secret) }
  }
}
