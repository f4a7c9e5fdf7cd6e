/**
 * What a socket or name-lookup error means on the network a technician is standing in, as the
 * SmtpFailureKind (shared/probe-types) every check reports: refused, unreachable, timeout, …
 */
import type { SmtpFailureKind } from '../../shared/probe-types'

/** Maps a socket error to what it means on a network a technician is standing in. */
export function classifySocketError(e: unknown): {
  kind: SmtpFailureKind
  code: string | null
  message: string
} {
  const code = (e as NodeJS.ErrnoException | null)?.code ?? null
  const raw = e instanceof Error ? e.message : String(e)
  switch (code) {
    case 'ECONNREFUSED':
      return {
        kind: 'refused',
        code,
        message: 'the connection was refused (nothing listens there, or a firewall rejects it)',
      }
    case 'ETIMEDOUT':
      return { kind: 'timeout', code, message: 'no answer (the port is filtered)' }
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
    case 'EHOSTDOWN':
    case 'EADDRNOTAVAIL':
      return {
        kind: 'unreachable',
        code,
        message: `no route to the host from this network (${code})`,
      }
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'closed', code, message: 'the connection was reset' }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'ENODATA':
      return { kind: 'dns-error', code, message: `the name did not resolve (${code})` }
    default:
      return { kind: 'closed', code, message: raw }
  }
}
