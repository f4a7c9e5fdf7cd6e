import { z } from 'zod'

import {
  DEFAULT_IMPLICIT_TLS_PORT,
  DEFAULT_PHASE_TIMEOUT_MS,
  DEFAULT_SMTP_PORT,
  DEFAULT_SUBMISSION_HOST,
  DEFAULT_SUBMISSION_PORT,
  MAX_TIMEOUT_MS,
  MIN_TIMEOUT_MS,
} from './diagnose-defaults'
import { hostProblem } from './host-syntax'

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
