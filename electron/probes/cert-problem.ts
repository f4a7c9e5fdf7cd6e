/**
 * Why a server's certificate did not verify, in a technician's words, and what that usually
 * means on a customer's network. Codes are OpenSSL's (CERT_HAS_EXPIRED …) and Node's
 * (ERR_TLS_CERT_ALTNAME_INVALID); the STARTTLS check and the sign-in check share these words.
 */
import type { SmtpSessionData } from '../../shared/probe-types'

const day = (iso: string) => iso.slice(0, 10)

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN'])
const UNKNOWN_ISSUER = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
])

/** Whether an error code is OpenSSL's or Node's for a certificate that did not verify. */
export function isCertificateCode(code: string): boolean {
  return (
    SELF_SIGNED.has(code) ||
    UNKNOWN_ISSUER.has(code) ||
    code === 'CERT_HAS_EXPIRED' ||
    code === 'CERT_NOT_YET_VALID' ||
    code === 'ERR_TLS_CERT_ALTNAME_INVALID'
  )
}

/** What is wrong with the certificate, as a clause ("the certificate expired on 2026-01-02"). */
export function describeCertProblem(d: SmtpSessionData): string {
  const cert = d.tls?.certificate
  const code = d.tls?.verifyError ?? 'unknown'
  if (code === 'CERT_HAS_EXPIRED') {
    return `the certificate expired on ${cert ? day(cert.validTo) : 'an earlier date'}`
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return `the certificate is not valid before ${cert ? day(cert.validFrom) : 'a later date'} (check the laptop's clock too)`
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `the certificate is for ${cert?.subjectAltNames.join(', ') || cert?.subject || 'another name'}, not for ${d.host}`
  }
  if (SELF_SIGNED.has(code)) {
    return `the certificate is self-signed (${cert?.issuer || 'unknown issuer'}), not issued by a trusted authority`
  }
  if (UNKNOWN_ISSUER.has(code)) {
    return `the certificate's issuer (${cert?.issuer || 'unknown'}) is not in the trusted store`
  }
  return `the certificate did not verify (${code})`
}

const INTERCEPTS =
  'something on this network intercepts TLS, often a firewall’s TLS inspection or an antivirus mail shield'

/**
 * What the failure most likely means on a customer's network, as a clause that can follow the
 * problem in one sentence (a terminal shows the first sentence of a verdict).
 */
export function certProblemCause(d: SmtpSessionData): string {
  const code = d.tls?.verifyError ?? 'unknown'
  if (code === 'CERT_NOT_YET_VALID') {
    return `check this laptop's date and time first; if they are right, ${INTERCEPTS}`
  }
  if (code === 'CERT_HAS_EXPIRED') {
    // Microsoft renews its certificates long before they expire.
    return `unless this laptop's clock is wrong, ${INTERCEPTS}`
  }
  if (SELF_SIGNED.has(code) || UNKNOWN_ISSUER.has(code)) {
    return `nothing this laptop trusts vouches for it, so ${INTERCEPTS} (with an authority of its own)`
  }
  return INTERCEPTS
}

/** Whether a private certificate authority could explain it (a company's own server). */
export function privateAuthorityPossible(d: SmtpSessionData): boolean {
  const code = d.tls?.verifyError ?? ''
  return SELF_SIGNED.has(code) || UNKNOWN_ISSUER.has(code)
}
