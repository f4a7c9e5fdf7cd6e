/**
 * The form of the site checks: what the technician types (strings, as the inputs hold them), the
 * live validation of each field, and the run options once everything is valid. Pure, so the same
 * rules are unit-tested without a DOM; main validates again with the zod schema.
 */
import type { DiagnoseOptionsInput } from '../../../shared/schemas/diagnose-options'
import {
  DEFAULT_PHASE_TIMEOUT_MS,
  DEFAULT_SUBMISSION_HOST,
  DEFAULT_SUBMISSION_PORT,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
} from '../../../shared/diagnose-defaults'
import { hostProblem } from '../../../shared/host-syntax'
import { dnsServerProblem } from './dns-server'
import { mailDomainProblem, normalizeMailDomain } from './mail-domain'
import { portProblem } from './port'

export interface EndpointFields {
  /** Optional: empty means "no MX, SPF and SPF verdict checks". */
  domain: string
  submissionHost: string
  submissionPort: string
  /** Optional: empty means "no tenant MX checks". */
  mxHost: string
  timeoutSeconds: string
  /** Optional (under "Advanced"): empty means this laptop's own resolver. */
  dnsServer: string
}

export type EndpointField = keyof EndpointFields

/** The order the form shows the fields in, which is the order problems are reported in. */
export const ENDPOINT_FIELD_ORDER: readonly EndpointField[] = [
  'domain',
  'submissionHost',
  'submissionPort',
  'mxHost',
  'timeoutSeconds',
  'dnsServer',
]

export const ENDPOINT_LABELS: Record<EndpointField, string> = {
  domain: 'Customer mail domain',
  submissionHost: 'Submission host',
  submissionPort: 'Submission port',
  mxHost: 'Tenant MX host',
  timeoutSeconds: 'Timeout (seconds)',
  dnsServer: 'DNS server',
}

export const DEFAULT_ENDPOINT_FIELDS: EndpointFields = {
  domain: '',
  submissionHost: DEFAULT_SUBMISSION_HOST,
  submissionPort: String(DEFAULT_SUBMISSION_PORT),
  mxHost: '',
  timeoutSeconds: String(DEFAULT_PHASE_TIMEOUT_MS / 1000),
  dnsServer: '',
}

export const MIN_TIMEOUT_S = MIN_TIMEOUT_MS / 1000
export const MAX_TIMEOUT_S = MAX_TIMEOUT_MS / 1000

export interface EndpointValidation {
  /** One sentence per invalid field ("Submission host contains a space."), null when valid. */
  problems: Record<EndpointField, string | null>
  /** The first problem in form order: the reason the Run button is disabled. */
  firstProblem: string | null
  /** The request options, present only when every field is valid. */
  options: DiagnoseOptionsInput | null
}

function timeoutProblem(value: string): string | null {
  const v = value.trim().replace(',', '.')
  if (v === '') return 'is empty'
  if (!/^\d+(\.\d+)?$/.test(v)) return 'must be a number of seconds'
  const n = Number(v)
  if (n < MIN_TIMEOUT_S || n > MAX_TIMEOUT_S)
    return `must be between ${MIN_TIMEOUT_S} and ${MAX_TIMEOUT_S} seconds`
  return null
}

function sentence(field: EndpointField, problem: string | null): string | null {
  return problem === null ? null : `${ENDPOINT_LABELS[field]} ${problem}.`
}

export function validateEndpoints(f: EndpointFields): EndpointValidation {
  const mx = f.mxHost.trim()
  const domain = normalizeMailDomain(f.domain)
  const dnsServer = f.dnsServer.trim()
  // The optional fields are checked only when something is typed there.
  const problems: Record<EndpointField, string | null> = {
    domain: domain === '' ? null : sentence('domain', mailDomainProblem(domain)),
    submissionHost: sentence('submissionHost', hostProblem(f.submissionHost)),
    submissionPort: sentence('submissionPort', portProblem(f.submissionPort)),
    mxHost: mx === '' ? null : sentence('mxHost', hostProblem(mx)),
    timeoutSeconds: sentence('timeoutSeconds', timeoutProblem(f.timeoutSeconds)),
    dnsServer: dnsServer === '' ? null : sentence('dnsServer', dnsServerProblem(dnsServer)),
  }
  const firstProblem = ENDPOINT_FIELD_ORDER.map((k) => problems[k]).find((p) => p !== null) ?? null
  if (firstProblem !== null) return { problems, firstProblem, options: null }
  const options: DiagnoseOptionsInput = {
    submissionHost: f.submissionHost.trim(),
    submissionPort: Number(f.submissionPort.trim()),
    // Whole milliseconds: the schema wants an integer, the field allows "2.5" seconds.
    timeoutMs: Math.round(Number(f.timeoutSeconds.trim().replace(',', '.')) * 1000),
    ...(mx === '' ? {} : { mxHost: mx }),
    ...(domain === '' ? {} : { domain }),
    ...(dnsServer === '' ? {} : { dnsServer }),
  }
  return { problems, firstProblem: null, options }
}

/**
 * The form in one line, shown while it is folded after a run: "smtp.office365.com:587 · domain
 * contoso.com · MX from DNS · 8 s per step" (empty optional fields left out).
 */
export function endpointsSummary(e: EndpointFields): string {
  const parts = [`${e.submissionHost.trim()}:${e.submissionPort.trim()}`]
  const domain = e.domain.trim()
  const mx = e.mxHost.trim()
  if (domain) parts.push(`domain ${domain}`)
  if (mx) parts.push(`MX ${mx}`)
  else if (domain) parts.push('MX from DNS')
  parts.push(`${e.timeoutSeconds.trim()} s per step`)
  if (e.dnsServer.trim()) parts.push(`DNS server ${e.dnsServer.trim()}`)
  return parts.join(' · ')
}
