/**
 * The ScanPath Relay configuration file (JSON), as zod checks it: where the relay listens, who may
 * send through it, TLS on the LAN hop, the Microsoft 365 mailbox it sends as, limits and pacing.
 * The checks that need Node (CIDR ranges, public addresses) are in electron/relay/config.ts.
 * `signIn` is how the relay signs in to Microsoft 365; `secrets` where that sign-in's secret is kept.
 */
import { z } from 'zod'

import { emailProblem, hostProblem, isIpLiteral } from '../host-syntax'
import { RELAY_STATUS_PORT } from '../relay-link'

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
 * Exchange Online's default limits for a mailbox sending by SMTP client submission, from
 * Microsoft's own pages (checked December 2026; docs/microsoft-365-facts.md, "Sending limits"):
 * - maxMessageBytes: MaxSendSize, "A valid value is a number up to 150 MB. The default value is
 *   35 MB." (Set-MailboxPlan,
 *   https://learn.microsoft.com/powershell/module/exchange/set-mailboxplan).
 *   It counts the message as sent, headers and Base64-encoded attachments included ("Base64
 *   encoding increases the size of messages by approximately 33%"), so the SMTP DATA bytes are what
 *   count, in binary units (Set-Mailbox: "1.999999 gigabytes (2147483647 bytes)"). An admin can
 *   change it per mailbox (Set-Mailbox -MaxSendSize).
 * - maxRecipients: RecipientLimits, "In the cloud-based service, a valid value is an integer from 1
 *   to 1000. The default value is 500." (Set-Mailbox,
 *   https://learn.microsoft.com/powershell/module/exchangepowershell/set-mailbox).
 * - messagesPerMinute, recipientsPerDay: SMTP AUTH allows "30 messages per minute" (more are
 *   delayed) and a "Recipient rate limit of 10,000 recipients per day" (over it: "554 5.2.0
 *   STOREDRV.Submission.Exception:SubmissionQuotaExceededException"). The same page allows "up to
 *   three concurrent connections" per mailbox; sending on more gets "432 4.3.2 Concurrent
 *   connections limit exceeded." ("Message storage and concurrent connection throttling for SMTP
 *   Authenticated Submission",
 *   https://learn.microsoft.com/exchange/troubleshoot/send-emails/smtp-submission-improvements).
 */
export const EXCHANGE_ONLINE_LIMITS = {
  maxMessageBytes: 35 * MB,
  maxRecipients: 500,
  messagesPerMinute: 30,
  recipientsPerDay: 10_000,
  concurrentConnections: 3,
} as const

export const RELAY_TLS_MODES = ['starttls', 'starttls-required', 'none'] as const

// scrypt$N$r$p$salt$hash, made by `scanpath relay hash-password` (electron/relay/password-hash.ts).
const SCRYPT_HASH = /^scrypt\$\d{1,7}\$\d{1,2}\$\d{1,2}\$[A-Za-z0-9+/=]{16,}\$[A-Za-z0-9+/=]{16,}$/

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// A tenant ID, a domain (contoso.onmicrosoft.com), or organizations/common for a delegated sign-in.
const TENANT =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?:(?!-)[a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63})$/i
const MULTI_TENANT = new Set(['organizations', 'common'])

const clientId = z
  .string({
    message: 'must be the application (client) ID from the app registration’s Overview page',
  })
  .trim()
  .regex(
    GUID,
    'must be the application (client) ID, a GUID such as 00000000-0000-0000-0000-000000000000 (Overview page of the app registration)',
  )

/** An https origin with no path (the tenant is appended): sovereign clouds, and tests. */
const authorityHost = z
  .string()
  .trim()
  .refine((s) => {
    const u = URL.parse(s)
    return (
      u !== null &&
      u.protocol === 'https:' &&
      u.username === '' &&
      u.password === '' &&
      (u.pathname === '/' || u.pathname === '') &&
      u.search === '' &&
      u.hash === ''
    )
  }, 'must be an https:// address with no path, such as https://login.microsoftonline.com')

const relaySignInSchema = z.discriminatedUnion(
  'kind',
  [
    z
      .object({
        kind: z.literal('delegated'),
        clientId,
        tenant: z
          .string()
          .trim()
          .refine(
            (t) => MULTI_TENANT.has(t.toLowerCase()) || TENANT.test(t),
            'must be organizations, common, the tenant ID (a GUID) or a domain of the tenant',
          )
          .default('organizations'),
        authorityHost: authorityHost.optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal('app-only'),
        clientId,
        tenant: z
          .string({ message: 'must be the tenant ID (a GUID) or a domain of the tenant' })
          .trim()
          .refine(
            (t) => !MULTI_TENANT.has(t.toLowerCase()),
            'an app-only sign-in needs the tenant itself: its tenant ID (a GUID) or a domain, not organizations or common',
          )
          .refine(
            (t) => MULTI_TENANT.has(t.toLowerCase()) || TENANT.test(t),
            'must be the tenant ID (a GUID) or a domain of the tenant',
          ),
        certificate: z
          .object({
            keyFile: z.string().trim().min(1, 'must name the PEM private key file'),
            certFile: z.string().trim().min(1, 'must name the PEM certificate file'),
          })
          .strict()
          .optional(),
        authorityHost: authorityHost.optional(),
        // A client secret never goes in this file: `scanpath relay set-secret` keeps it in the
        // secret store.
        clientSecret: z
          .never({
            message:
              'a client secret never goes in the config file: remove it and run `scanpath relay set-secret --config FILE`',
          })
          .optional(),
      })
      .strict(),
  ],
  { message: 'must be "delegated" (a mailbox signed in by device code) or "app-only"' },
)

const relaySecretsSchema = z
  .discriminatedUnion(
    'store',
    [
      z.object({ store: z.literal('keychain') }).strict(),
      z
        .object({
          store: z.literal('file'),
          /** Default: secrets.json in $STATE_DIRECTORY (the systemd unit's), else in spoolDir. */
          file: z.string().trim().min(1).optional(),
          /** Default: $CREDENTIALS_DIRECTORY/relay-key (the systemd unit's LoadCredential=). */
          keyFile: z.string().trim().min(1).optional(),
        })
        .strict(),
    ],
    {
      message:
        'must be "keychain" (the OS keychain) or "file" (an encrypted file, for a headless service)',
    },
  )
  .prefault({ store: 'keychain' })

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
        /**
         * Sessions at once, up to the three Exchange Online allows a mailbox; lower it when
         * something else signs in as the same mailbox (a fourth session gets 432 4.3.2, retried).
         */
        connections: z
          .number({ message: 'must be a whole number 1–3' })
          .int('must be a whole number 1–3')
          .min(1, 'must be a whole number 1–3')
          .max(
            EXCHANGE_ONLINE_LIMITS.concurrentConnections,
            'cannot exceed the 3 connections Exchange Online allows a mailbox at once',
          )
          .default(EXCHANGE_ONLINE_LIMITS.concurrentConnections),
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
    /**
     * The status link the app's Verify step watches (TLS, paired by `scanpath relay pair`), on the
     * listen address; `allow` adds addresses (e.g. the technician's laptop) to the relay's own.
     */
    status: z
      .object({
        enabled: z.boolean({ message: 'must be true or false' }).default(true),
        port: port.default(RELAY_STATUS_PORT),
        allow: z.array(z.string().max(64)).max(1000).default([]),
      })
      .strict()
      .prefault({}),
    signIn: relaySignInSchema.optional(),
    secrets: relaySecretsSchema,
  })
  .strict()

export type RelayConfig = z.output<typeof relayConfigSchema>
export type RelaySignIn = NonNullable<RelayConfig['signIn']>
export type RelaySecrets = RelayConfig['secrets']
export type RelayTlsMode = (typeof RELAY_TLS_MODES)[number]
