/**
 * Redaction for everything that leaves the app for support: the log file and the diagnostics
 * bundle. Secrets never reach these by design (passwords and tokens stay in the keychain and the
 * SMTP transcript is redacted at the source); this is the second line, for a secret that slips
 * into an error message: SMTP AUTH arguments, key=value and JSON pairs with secret-sounding keys,
 * HTTP Authorization headers, and JWT-shaped tokens.
 */

const SECRET_KEYS =
  'password|passwd|pwd|pass|secret|client_secret|token|access_token|refresh_token|id_token|authorization|auth|credential|credentials|apikey|api_key'

const RULES: Array<[RegExp, string]> = [
  // SMTP AUTH with an initial response, and the bare base64 lines that answer a 334 challenge
  // are never logged; the command itself keeps its mechanism.
  [/\b(AUTH\s+(?:PLAIN|LOGIN|XOAUTH2|OAUTHBEARER|CRAM-MD5))\s+\S+/gi, '$1 [redacted]'],
  // HTTP-style authorization: "Authorization: Bearer abc", "Bearer abc".
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [redacted]'],
  // JSON: "password": "…" (also with escaped quotes inside the value).
  [new RegExp(`("(?:${SECRET_KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'gi'), '$1"[redacted]"'],
  // key=value / key: value in text and URLs. The value runs to the next space or quote: a
  // password may contain & , ; and cutting too much is the safe side.
  [
    new RegExp(
      `\\b((?:${SECRET_KEYS})\\s*[=:]\\s*)(?!\\[redacted|Bearer\\s|Basic\\s)[^\\s"']+`,
      'gi',
    ),
    '$1[redacted]',
  ],
  // A JSON Web Token anywhere (three base64url parts, the first starting with eyJ).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[redacted token]'],
]

/** The text with anything secret-shaped replaced by `[redacted]`. */
export function redactSecrets(text: string): string {
  let out = text
  for (const [re, replacement] of RULES) out = out.replace(re, replacement)
  return out
}

/** `jane.doe@contoso.com` → `j…@contoso.com`: the domain matters for support, the person does not. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@')
  if (at <= 0) return address === '' ? '' : '…'
  return `${address[0]}…${address.slice(at)}`
}

/** Every e-mail address in a text, masked like `maskEmail`. */
export function maskEmails(text: string): string {
  return text.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (m) => maskEmail(m))
}
