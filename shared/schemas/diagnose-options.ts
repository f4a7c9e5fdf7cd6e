/**
 * Runtime schema of a site-check run's options (main only: zod), and the one-line wording of zod
 * issues that every schema's refusals use.
 */
import { z } from 'zod'

import {
  DEFAULT_IMPLICIT_TLS_PORT,
  DEFAULT_PHASE_TIMEOUT_MS,
  DEFAULT_SMTP_PORT,
  DEFAULT_SUBMISSION_HOST,
  DEFAULT_SUBMISSION_PORT,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
} from '../diagnose-defaults'
import {
  hostProblem,
  isHostName,
  mailDomainProblem,
  normalizeMailDomain,
  parseIpHostPort,
} from '../host-syntax'
import { publicIpSourceProblem } from '../public-ip-source'

const host = z
  .string()
  .max(255, 'is longer than 255 characters')
  .transform((s) => s.trim())
  .superRefine((s, ctx) => {
    const problem = hostProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const port = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535')

const domain = z
  .string()
  .max(253, 'is longer than 253 characters')
  .superRefine((s, ctx) => {
    const problem = mailDomainProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
  .transform(normalizeMailDomain)

const dnsServer = z
  .string()
  .max(300)
  .transform((s) => s.trim())
  .superRefine((s, ctx) => {
    const r = parseIpHostPort(s, 53)
    if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r })
  })

const publicIpSource = z
  .string()
  .max(2048)
  .superRefine((s, ctx) => {
    const problem = publicIpSourceProblem(s)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const blocklistZone = z
  .string()
  .max(253)
  .transform((s) => s.trim().toLowerCase().replace(/\.$/, ''))
  .refine((s) => isHostName(s) && s.includes('.'), 'is not a DNS zone name, e.g. zen.spamhaus.org')

/** What a "Site checks" run is asked to probe. Every endpoint is overridable (tests use loopback). */
export const diagnoseOptionsSchema = z
  .object({
    submissionHost: host.default(DEFAULT_SUBMISSION_HOST),
    submissionPort: port.default(DEFAULT_SUBMISSION_PORT),
    /** Port probed for plain SMTP on the submission host and the MX (25 in production). */
    smtpPort: port.default(DEFAULT_SMTP_PORT),
    /** Port reported for implicit TLS (465 in production), information only. */
    implicitTlsPort: port.default(DEFAULT_IMPLICIT_TLS_PORT),
    /** The tenant MX endpoint, e.g. `contoso-com.mail.protection.outlook.com`. */
    mxHost: host.optional(),
    timeoutMs: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(MIN_TIMEOUT_MS, `must be at least ${MIN_TIMEOUT_MS} ms`)
      .max(MAX_TIMEOUT_MS, `must be at most ${MAX_TIMEOUT_MS} ms`)
      .default(DEFAULT_PHASE_TIMEOUT_MS),
    /** The name we give in EHLO. */
    ehloName: host.optional(),
    /** The customer's mail domain (MX, SPF, SPF verdict). */
    domain: domain.optional(),
    /** A DNS server for every lookup of the run (`host:port`); the system's resolver otherwise. */
    dnsServer: dnsServer.optional(),
    /** Where the public IP is asked (DEFAULT_PUBLIC_IP_SOURCES when left out). */
    publicIpSources: z
      .array(publicIpSource)
      .min(1, 'needs at least one source')
      .max(20, 'takes at most 20 sources')
      .optional(),
    /** DNS blocklist zones (DEFAULT_BLOCKLISTS when left out). */
    blocklists: z.array(blocklistZone).max(20, 'takes at most 20 lists').optional(),
    checkPublicIp: z.boolean().default(true),
    checkBlocklists: z.boolean().default(true),
    checkPort25: z.boolean().default(true),
    checkImplicitTls: z.boolean().default(true),
    checkLegacyTls: z.boolean().default(true),
  })
  .strict()

export type DiagnoseOptionsInput = z.input<typeof diagnoseOptionsSchema>
export type DiagnoseOptions = z.output<typeof diagnoseOptionsSchema>

/** Turns zod issues into one line a person can act on: `submissionPort must be …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.join('.')
      return path ? `${path} ${i.message}` : i.message
    })
    .join('; ')
}
