/**
 * Runtime schemas of a job (main only: zod): the whole job as main writes and reads it on disk,
 * and the typed part the renderer sends with every save (`jobs:save`).
 */
import { z } from 'zod'

import {
  JOB_SCHEMA_VERSION,
  MAX_JOB_CAPTURES,
  WIZARD_STEPS,
  type WizardStepKind,
} from '../job-types'
import { hostProblem } from '../host-syntax'
import { storedReportSchema } from './stored-report'

const text = (max = 500) => z.string().max(max, `is longer than ${max} characters`)
const tri = z.enum(['yes', 'no', 'unknown'])
const iso = z.string().max(40)

/** A whole job, as main keeps it in `<id>.json` (and checks it before every write). */
export const jobSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8–64 letters, digits or dashes'),
    schemaVersion: z.literal(JOB_SCHEMA_VERSION),
    createdAt: iso,
    updatedAt: iso,
    customer: text(),
    site: text(),
    domain: text(253),
    contact: text(),
    technician: text(),
    senderAddress: text(320),
    mxHost: text(253),
    device: z
      .object({
        familyId: text(100).nullable(),
        model: text(200),
        firmware: text(200),
        address: text(253),
        serial: text(200),
        custom: z
          .object({ vendor: text(100), model: text(200) })
          .strict()
          .nullable(),
        capabilityAnswers: z
          .object({
            starttls587: tri,
            starttls25: tri,
            tls12: tri,
            implicitTls465Only: tri,
            smtpAuth: tri,
            oauthM365: tri,
          })
          .partial()
          .strict(),
      })
      .strict(),
    answers: z
      .object({
        mfaOrSecurityDefaults: tri,
        externalRecipients: tri,
        staticPublicIp: tri,
        highVolume: tri,
        sentItemsCopy: tri,
        thirdPartyHosted: tri,
        rejectDirectSend: tri,
        basicAuthBlocked: tri,
      })
      .partial()
      .strict(),
    method: z
      .enum([
        'client-submission-oauth',
        'client-submission-basic',
        'direct-send',
        'smtp-relay',
        'high-volume-email',
      ])
      .nullable(),
    lastReport: storedReportSchema.nullable(),
    checklist: z
      .record(z.string().max(120), z.object({ done: z.boolean(), note: text(4000) }).strict())
      .refine((r) => Object.keys(r).length <= 200, 'has too many items'),
    captures: z
      .array(
        z
          .object({
            at: iso,
            deviceAddress: text(253),
            ehloName: text(255).nullable(),
            transport: z.enum(['plaintext', 'starttls', 'implicit-tls']),
            tlsProtocol: text(32).nullable(),
            tlsCipher: text(128).nullable(),
            authMechanisms: z.array(text(32)).max(10),
            username: text(320).nullable(),
            summary: text(1000),
            verdicts: z
              .array(
                z
                  .object({
                    method: z.enum(['client-submission', 'direct-send-relay']),
                    status: z.enum(['ok', 'warn', 'fail', 'unknown']),
                    findings: z.array(text(1000)).max(20),
                  })
                  .strict(),
              )
              .max(4),
          })
          .strict(),
      )
      .max(MAX_JOB_CAPTURES)
      .optional(),
    verifyOutcome: z
      .object({
        passed: z.boolean(),
        text: text(4000),
        at: iso,
        // Added within schema version 3 (not released before it): the site relay as watched.
        relay: z
          .object({
            address: text(253),
            statusPort: z.number().int().min(1).max(65535),
            listening: text(300).nullable(),
            tlsMode: z.enum(['starttls', 'starttls-required', 'none']),
            account: text(320),
            queued: z.number().int().min(0),
            failed: z.number().int().min(0),
            lastDelivery: z
              .object({ at: iso, messageId: text(300), response: text(1000) })
              .strict()
              .nullable(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    // Added within schema version 3 (not released before it): optional, so no version bump.
    siteRelay: z
      .object({
        address: text(253).refine(
          (a) => a === '' || (a === a.trim() && hostProblem(a) === null),
          'must be an IP address or a host name (or empty until typed)',
        ),
        port: z
          .number()
          .int('must be a whole number')
          .min(1, 'must be 1–65535')
          .max(65535, 'must be 1–65535'),
        clientId: z
          .string()
          .regex(
            /^$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
            'must be an Application (client) ID, a GUID (or empty until typed)',
          )
          .optional(),
      })
      .strict()
      .nullable()
      .optional(),
    step: z.enum(WIZARD_STEPS as [WizardStepKind, ...WizardStepKind[]]),
  })
  .strict()

/**
 * What the renderer sends with a save: the job without what main measured (its site-check report
 * and captures) or stamps itself (version, creation and save times). Main merges it into the job.
 */
export const jobEditsSchema = jobSchema.omit({
  schemaVersion: true,
  createdAt: true,
  updatedAt: true,
  lastReport: true,
  captures: true,
  verifyOutcome: true,
})
