/**
 * The TLS side of an SMTP session: the client's TLS settings (a cached context), the STARTTLS
 * upgrade of the plain socket, and the summary of what was negotiated and which certificate came.
 */
import net from 'node:net'
import tls from 'node:tls'

import type { CertificateSummary, TlsSummary } from '../../shared/probe-types'
import { SmtpSessionError } from './smtp-failure'

/** TLS limits of the client we pretend to be (a device): TLS 1.2+ unless told otherwise. */
export interface TlsLimits {
  minVersion?: tls.SecureVersion
  maxVersion?: tls.SecureVersion
  ciphers?: string
}

const contexts = new Map<string, tls.SecureContext>()

/**
 * The client's TLS settings as a reusable context. Building one with extra CAs copies the whole
 * system store (`ca` replaces it, so the roots are passed again), which costs tens of
 * milliseconds; the same settings get the same context.
 */
function clientContext(
  limits: TlsLimits | undefined,
  extraCa: string[] | undefined,
): tls.SecureContext {
  const key = JSON.stringify([limits?.minVersion, limits?.maxVersion, limits?.ciphers, extraCa])
  let ctx = contexts.get(key)
  if (!ctx) {
    ctx = tls.createSecureContext({
      minVersion: limits?.minVersion ?? 'TLSv1.2',
      ...(limits?.maxVersion ? { maxVersion: limits.maxVersion } : {}),
      ...(limits?.ciphers ? { ciphers: limits.ciphers } : {}),
      ...(extraCa?.length ? { ca: [...tls.rootCertificates, ...extraCa] } : {}),
    })
    if (contexts.size > 16) contexts.clear()
    contexts.set(key, ctx)
  }
  return ctx
}

/**
 * Starts TLS on the plain socket after the server's 220 to STARTTLS. The certificate is inspected,
 * not enforced (rejectUnauthorized: false): it is judged afterwards from the summary, so a bad one
 * is reported with its details. `onSocket` learns the TLS socket at once, so it can be destroyed
 * while the handshake runs.
 */
export function upgradeToTls(
  plain: net.Socket,
  to: { host: string; limits: TlsLimits | undefined; extraCa: string[] | undefined },
  onSocket: (socket: tls.TLSSocket) => void,
): Promise<tls.TLSSocket> {
  // Errors now surface on the TLS socket; keep a stray one on the raw socket from crashing us.
  plain.on('error', () => {})
  return new Promise<tls.TLSSocket>((resolve, reject) => {
    const t = tls.connect({
      socket: plain,
      host: to.host,
      ...(net.isIP(to.host) ? {} : { servername: to.host }),
      rejectUnauthorized: false,
      secureContext: clientContext(to.limits, to.extraCa),
    })
    onSocket(t)
    const onError = (e: Error) => {
      // OpenSSL messages carry file paths and hex; its `reason` is the readable part.
      const code = (e as NodeJS.ErrnoException).code ?? null
      const reason = (e as Error & { reason?: string }).reason ?? e.message
      reject(
        new SmtpSessionError(
          'tls-handshake',
          `the TLS handshake failed: ${reason}${code ? ` (${code})` : ''}`,
          null,
          code,
        ),
      )
    }
    t.once('error', onError)
    t.once('secureConnect', () => {
      t.off('error', onError)
      resolve(t)
    })
  })
}

function certSummary(socket: tls.TLSSocket): CertificateSummary | null {
  const c = socket.getPeerCertificate(false)
  if (!c || Object.keys(c).length === 0) return null
  const dn = (o: Record<string, string | string[] | undefined> | undefined) =>
    o
      ? Object.entries(o)
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : (v ?? '')}`)
          .join(', ')
      : ''
  const iso = (s: string | undefined) => {
    const d = s ? new Date(s) : null
    return d && !Number.isNaN(d.getTime()) ? d.toISOString() : (s ?? '')
  }
  return {
    subject: dn(c.subject),
    subjectAltNames: (c.subjectaltname ?? '').split(/,\s*/).filter(Boolean),
    issuer: dn(c.issuer),
    validFrom: iso(c.valid_from),
    validTo: iso(c.valid_to),
    fingerprint256: c.fingerprint256 ?? '',
    serialNumber: c.serialNumber ?? '',
  }
}

/** The negotiated TLS and the certificate, and whether it verified for the host name asked for. */
export function tlsSummary(socket: tls.TLSSocket): TlsSummary {
  const cipher = socket.getCipher()
  const authError = socket.authorizationError as unknown as Error | string | null | undefined
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: cipher?.name ?? null,
    cipherStandardName: cipher?.standardName ?? null,
    certificate: certSummary(socket),
    verified: socket.authorized,
    verifyError: socket.authorized
      ? null
      : typeof authError === 'string'
        ? authError
        : ((authError as NodeJS.ErrnoException | undefined)?.code ??
          authError?.message ??
          'unknown'),
  }
}

/** The transcript's line for the TLS just started. */
export function describeTls(t: TlsSummary): string {
  return (
    `TLS started: ${t.protocol ?? '?'} ${t.cipherStandardName ?? t.cipher ?? ''}; ` +
    `certificate ${t.certificate?.subject ?? '(none)'}; ${t.verified ? 'verified' : `NOT verified: ${t.verifyError}`}`
  )
}
