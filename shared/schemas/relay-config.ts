/**
 * The ScanPath Relay configuration file (JSON), as zod checks it: where the relay listens, who may
 * send through it, TLS on the LAN hop, the Microsoft 365 mailbox it sends as, limits and pacing.
 * The checks that need Node (CIDR ranges, public addresses) are in electron/relay/config.ts.
 */
import { z } from 'zod'

import { emailProblem, hostProblem, isIpLiteral } from '../host-syntax'

const email = z
  .string()
  .max(254)
  .transform((s) => s.trim())
  .superRefine((s, ctx) => {
    const p = emailProblem(s)
    if (p) ctx.addIssue({ code: 'custom', message: p })
  })

const port = z
  .number({ message: 'must be a port number 1–65535' })
  .int('must be a whole number')
  .min(1, 'must be a port number 1–65535')
  .max(65535, 'must be a port number 1–65535')

const MB = 1024 * 1024

/**
 * Exchange Online's limits for a mailbox sending by SMTP client submission. Source: Microsoft,
 * "Exchange Online limits"
 * (https://learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/exchange-online-limits):
 * recipient limit 500 per message (a tenant admin can change it, up to 1,000); 30 messages a
 * minute; 10,000 recipients a day. Message size: a mailbox's default maximum send size is 35 MB
 * (the service allows up to 150 MB when the admin raises it; MIME encoding adds about a third).
 */
export const EXCHANGE_ONLINE_LIMITS = {
  maxMessageBytes: 35 * MB,
  maxRecipients: 500,
  messagesPerMinute: 30,
  recipientsPerDay: 10_000,
} as const

export const RELAY_TLS_MODES = ['starttls', 'starttls-required', 'none'] as const

// scrypt$N$r$p$salt$hash, made by `scanpath relay hash-password` (electron/relay/password-hash.ts).
const SCRYPT_HASH = /^scrypt\$\d{1,7}\$\d{1,2}\$\d{1,2}\$[A-Za-z0-9+/=]{16,}\$[A-Za-z0-9+/=]{16,}$/

export const relayConfigSchema = z
  .object({
    listen: z
      .object({
        address: z
          .string({ message: 'must be an IP address of this computer on the devices’ network' })
          .trim()
          .refine(isIpLiteral, 'must be an IP address of this computer on the devices’ network'),
        port,
      })
      .strict(),
    allow: z.array(z.string().max(64)).max(1000).default([]),
    forcePublic: z
      .string()
      .trim()
      .min(10, 'must say, in a sentence, why the relay listens on a public address')
      .optional(),
    devices: z
      .array(
        z
          .object({
            username: z.string().trim().min(1, 'is empty').max(254),
            passwordHash: z
              .string()
              .regex(
                SCRYPT_HASH,
                'must be a scrypt hash made by `scanpath relay hash-password`, never the password itself',
              ),
          })
          .strict(),
      )
      .default([]),
    senders: z.array(email).min(1, 'must list at least one address the devices send as'),
    tls: z
      .object({
        mode: z.enum(RELAY_TLS_MODES).default('starttls'),
        certFile: z.string().min(1).optional(),
        keyFile: z.string().min(1).optional(),
      })
      .strict()
      .refine((t) => (t.certFile === undefined) === (t.keyFile === undefined), {
        message: 'give both certFile and keyFile, or neither (a certificate is then made)',
      })
      .prefault({}),
    outbound: z
      .object({
        host: z
          .string()
          .trim()
          .default('smtp.office365.com')
          .superRefine((s, ctx) => {
            const p = hostProblem(s)
            if (p) ctx.addIssue({ code: 'custom', message: p })
          }),
        port: port.default(587),
        username: email,
      })
      .strict(),
    limits: z
      .object({
        maxMessageBytes: z
          .number()
          .int()
          .min(1024)
          .max(150 * MB, 'cannot exceed Exchange Online’s 150 MB')
          .default(EXCHANGE_ONLINE_LIMITS.maxMessageBytes),
        maxRecipients: z
          .number()
          .int()
          .min(1)
          .max(1000, 'cannot exceed Exchange Online’s 1,000')
          .default(EXCHANGE_ONLINE_LIMITS.maxRecipients),
      })
      .strict()
      .prefault({}),
    pacing: z
      .object({
        perMinute: z
          .number()
          .int()
          .min(1)
          .max(30, 'cannot exceed Exchange Online’s 30 messages a minute')
          .default(30),
        perDay: z
          .number()
          .int()
          .min(1)
          .max(10_000, 'cannot exceed Exchange Online’s 10,000 recipients a day')
          .default(10_000),
      })
      .strict()
      .prefault({}),
    spoolDir: z.string().trim().min(1, 'must name the folder the queue is kept in'),
    adminAddress: email.optional(),
  })
  .strict()

export type RelayConfig = z.output<typeof relayConfigSchema>
export type RelayTlsMode = (typeof RELAY_TLS_MODES)[number]
