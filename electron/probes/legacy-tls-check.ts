/**
 * Legacy-TLS acceptance: connects as a device with old firmware would (TLS 1.0/1.1 only) and
 * reports whether the server refuses it. Exchange Online refuses such clients on
 * smtp.office365.com with `421 4.7.66` (docs/microsoft-365-facts.md, "TLS 1.0 and 1.1"), so the
 * technician learns up front that a device without TLS 1.2 will fail, whatever else is right.
 */
import type {
  LegacyTlsData,
  LegacyTlsOutcome,
  ProbeResult,
  ProbeVerdict,
  SmtpSessionData,
} from '../../shared/probe-types'
import type { ProbeDeps } from './probe-deps'
import { runSmtpSession } from './smtp-session'

export interface LegacyTlsInput {
  id: 'legacy-tls-submission'
  host: string
  port: number
  timeoutMs: number
  ehloName: string
}

/** OpenSSL 3 only offers TLS 1.0/1.1 at security level 0 (their SHA-1 based signatures). */
const LEGACY_CLIENT = {
  minVersion: 'TLSv1',
  maxVersion: 'TLSv1.1',
  ciphers: 'DEFAULT:@SECLEVEL=0',
} as const

/**
 * Handshake errors that mean "the server will not speak TLS 1.0/1.1" (alert 70 protocol_version,
 * alert 40 handshake_failure, alert 71 insufficient_security), as opposed to a broken TLS server.
 */
const LEGACY_REFUSAL_CODES = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
])

const FIRMWARE_ADVICE =
  'Make sure the device supports TLS 1.2 (check its firmware version against the vendor notes, and update it if needed). A device limited to TLS 1.0/1.1 will be refused by Microsoft 365 with "421 4.7.66".'

export function legacyTlsTitle(input: Pick<LegacyTlsInput, 'host' | 'port'>): string {
  return `Old TLS 1.0/1.1 clients on ${input.host}:${input.port}`
}

/** What the session says about old TLS, from where it stopped. */
export function classifyLegacy(d: SmtpSessionData): LegacyTlsOutcome {
  const f = d.failure
  if (!f) return 'accepted'
  if (f.kind === 'tls-handshake' && LEGACY_REFUSAL_CODES.has(f.errorCode ?? '')) {
    return 'refused-handshake'
  }
  if (f.phase === 'ehlo-tls' && f.reply) return 'refused-reply'
  return 'not-tested'
}

function judgeLegacy(input: LegacyTlsInput, data: LegacyTlsData): ProbeVerdict {
  const where = `${input.host}:${input.port}`
  const protocol = data.negotiatedProtocol ?? 'TLS 1.0/1.1'
  switch (data.outcome) {
    case 'refused-handshake':
      return {
        status: 'pass',
        explanation: `${where} refuses TLS 1.0 and 1.1 (the handshake was declined), as Microsoft 365 does. ${FIRMWARE_ADVICE}`,
        fix: null,
      }
    case 'refused-reply': {
      const r = data.reply
      // 421 4.7.66 is Exchange Online's exact refusal of TLS 1.0/1.1 (docs/microsoft-365-facts.md,
      // "TLS 1.0 and 1.1").
      const exo = r?.code === 421 && r.enhanced === '4.7.66'
      return {
        status: 'pass',
        explanation:
          `${where} refuses clients that only speak ${protocol}: it answered "${r?.code} ${r?.text.split('\n')[0]}"` +
          `${exo ? ', exactly as Microsoft 365 does' : ''}. ${FIRMWARE_ADVICE}`,
        fix: null,
      }
    }
    case 'accepted':
      return {
        status: 'warn',
        explanation:
          `${where} accepted a ${protocol} client. smtp.office365.com refuses TLS 1.0/1.1 ("421 4.7.66"), so this is not Microsoft 365 answering directly: ` +
          'either the host is another server (smtp-legacy.office365.com accepts old TLS only when the tenant opted in), or a firewall on this network terminates TLS for Microsoft 365.',
        fix: `Check the host name. If it is smtp.office365.com, ask the site's IT whether a firewall inspects TLS on port ${input.port}. Either way: ${FIRMWARE_ADVICE}`,
      }
    case 'not-tested': {
      const f = data.session.failure
      return {
        status: 'skip',
        skipReason: 'could-not-test',
        explanation: `Could not test old TLS on ${where}: the session stopped at ${f?.phase} (${f?.message}). See the reachability and STARTTLS checks.`,
        fix: FIRMWARE_ADVICE,
      }
    }
  }
}

export async function checkLegacyTls(
  input: LegacyTlsInput,
  deps: ProbeDeps,
  signal?: AbortSignal,
): Promise<ProbeResult<'legacy-tls-submission', LegacyTlsData>> {
  const s = await runSmtpSession(
    {
      host: input.host,
      port: input.port,
      quitAfter: 'ehlo-tls',
      ehloName: input.ehloName,
      timeoutMs: input.timeoutMs,
      tls: LEGACY_CLIENT,
    },
    deps,
    signal,
  )
  const d = s.data
  const outcome = classifyLegacy(d)
  const data: LegacyTlsData = {
    host: input.host,
    port: input.port,
    outcome,
    negotiatedProtocol: d.tls?.protocol ?? null,
    reply: outcome === 'refused-reply' ? (d.failure?.reply ?? null) : null,
    session: d,
  }
  const verdict: ProbeVerdict =
    d.failure?.kind === 'cancelled'
      ? { status: 'skip', skipReason: 'cancelled', explanation: 'Cancelled.', fix: null }
      : judgeLegacy(input, data)

  return {
    id: input.id,
    title: legacyTlsTitle(input),
    ...verdict,
    durationMs: s.durationMs,
    phases: s.phases,
    data,
    transcript: s.transcript,
  }
}
