/**
 * Runtime schema of the printer catalogue (used by tests and main; the renderer imports only the
 * data and types — zod does not load under its CSP).
 */
import { z } from 'zod'

const url = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')

const confidence = z.enum(['high', 'medium', 'low'])

function fact<T extends z.ZodType>(value: T) {
  return z.union([
    z.object({ value: z.literal('unknown'), note: z.string().min(1).optional() }).strict(),
    z
      .object({
        value,
        confidence,
        sources: z.array(url).min(1, 'a known fact needs at least one source'),
        note: z.string().min(1).optional(),
      })
      .strict(),
  ])
}

const firmware = z.string().min(1).nullable()

export const printerFamilySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)+$/, 'must be kebab-case vendor-family'),
    vendor: z.enum([
      'hp',
      'canon',
      'xerox',
      'ricoh',
      'brother',
      'kyocera',
      'konica-minolta',
      'sharp',
      'lexmark',
      'epson',
      'generic',
    ]),
    vendorName: z.string().min(1),
    family: z.string().min(1),
    exampleModels: z.array(z.string().min(1)),
    aliases: z.array(z.string().min(1)),
    webUiPath: fact(z.array(z.string().min(1)).min(1)),
    panelPath: fact(z.array(z.string().min(1)).min(1)),
    fieldNames: fact(
      z
        .object({
          server: z.string().min(1).optional(),
          port: z.string().min(1).optional(),
          security: z.string().min(1).optional(),
          authentication: z.string().min(1).optional(),
          username: z.string().min(1).optional(),
          password: z.string().min(1).optional(),
          fromAddress: z.string().min(1).optional(),
        })
        .strict(),
    ),
    capabilities: z
      .object({
        starttls587: fact(z.boolean()),
        starttls25: fact(z.boolean()),
        tls12: fact(z.object({ supported: z.boolean(), fromFirmware: firmware }).strict()),
        implicitTls465Only: fact(z.boolean()),
        smtpAuth: fact(z.boolean()),
        oauthM365: fact(
          z
            .object({
              supported: z.boolean(),
              fromFirmware: firmware,
              signInAt: z.enum(['panel', 'web-ui', 'both', 'unknown']),
            })
            .strict(),
        ),
      })
      .strict(),
    limits: z
      .object({
        passwordMaxLength: fact(z.number().int().positive()),
        attachmentMaxMb: fact(z.number().positive()),
      })
      .strict(),
    pitfalls: z.array(
      z.object({ text: z.string().min(1), confidence, sources: z.array(url).min(1) }).strict(),
    ),
  })
  .strict()
